package sqlstore

// Reports: the store keeps what package reports decides (switchboard.ReportFolder). The
// follower (FollowReports) reads the event log after its cursor, has the folder turn the events
// into facts, and keeps the facts, the fold's memory of each conversation and agent, the live
// counts and the rollup rows, all in one transaction per step. Everything that writes report
// rows holds the reports lock (lockReports), so the rows are always the sum of the facts kept.
// The ingest path pays nothing: the follower does all of it after the fact.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ReportStore = (*DB)(nil)

// lockReports names the lock every writer of report rows holds (PostgreSQL; SQLite's one writer
// needs none), together with the schema: several stores in one database (tests, or installs
// side by side in their own schemas) each have their own, so one's follower is never taken for
// the other's and a try never answers "caught up" for work that is not its own.
const lockReports int32 = 7302245

// defaultReportStep is FollowReports' limit when none is given.
const defaultReportStep = 500

// lockReportRows takes the reports lock: with try, only if it is free (the follower, which
// leaves the step to the node holding it); else waiting for it (the changes that move facts).
func (tx *Tx) lockReportRows(try bool) (bool, error) {
	got, err := tx.schemaLock(lockReports, try)
	if err != nil {
		return false, fmt.Errorf("reports lock: %w", err)
	}
	return got, nil
}

// schemaLock takes a transaction's advisory lock named by key and the schema (PostgreSQL;
// SQLite's one writer needs none): with try, only if it is free, answering whether it got it;
// else waiting for it. The followers of the event log (reports, notifications) step under one.
func (tx *Tx) schemaLock(key int32, try bool) (bool, error) {
	if tx.db.dialect.xactLock == "" {
		return true, nil
	}
	if !try {
		_, err := tx.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()), ?)", key)
		return err == nil, err
	}
	var got bool
	err := tx.queryRow("SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), ?)", key).Scan(&got)
	return got, err
}

// eventsAfter reads up to limit events after cursor, oldest first, for a follower of the log:
// on PostgreSQL never past an id still committing (see settledEvents).
func (tx *Tx) eventsAfter(cursor int64, limit int) ([]*switchboard.Event, error) {
	q := "SELECT id, type, inbox_id, conversation_id, agent_id, actor_id, data, created_at FROM events WHERE id > ? ORDER BY id" + limitSQL(limit)
	if tx.db.dialect.appendEvents != "" {
		return tx.db.settledEvents(tx.ctx, cursor, q, tx.db.plannedEachRun([]any{cursor}))
	}
	return readEvents(tx.query, q, []any{cursor})
}

// reportMeta is the follower's row: its cursor in the event log and the history backfill.
type reportMeta struct {
	cursor, historyConversations, historyMessages, historyNext int64
}

func (tx *Tx) reportMeta() (reportMeta, error) {
	var m reportMeta
	err := tx.queryRow("SELECT cursor, history_conversations, history_messages, history_next FROM report_meta WHERE id = 1").
		Scan(&m.cursor, &m.historyConversations, &m.historyMessages, &m.historyNext)
	if err != nil {
		return m, fmt.Errorf("read report meta: %w", err)
	}
	return m, nil
}

// FollowReports does one step of recording (system only): while the history backfill runs, its
// next chunk of conversations (limit/10 of them) and the next limit events after the cursor by
// turns (a backfill takes hours on a large database: the live figures must not wait for it),
// else the next limit events, else the next limit facts of a zone being built. It returns how
// much it did, 0 when caught up, when reports are off, or when another node holds the lock (it
// is doing the work).
func (db *DB) FollowReports(ctx context.Context, limit int) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	if db.reports == nil {
		return 0, nil
	}
	if limit <= 0 {
		limit = defaultReportStep
	}
	var done int
	err := db.update(ctx, func(tx *Tx) error {
		done = 0
		got, err := tx.lockReportRows(true)
		if err != nil || !got {
			return err
		}
		m, err := tx.reportMeta()
		if err != nil {
			return err
		}
		if m.historyNext < m.historyConversations {
			// Every other step folds events, when there are any.
			if db.reportTurn.Add(1)%2 == 0 {
				if done, err = tx.reportEventsStep(m, limit); err != nil || done > 0 {
					return err
				}
			}
			done, err = tx.reportHistoryStep(m, max(1, limit/10))
			return err
		}
		if done, err = tx.reportEventsStep(m, limit); err != nil || done > 0 {
			return err
		}
		done, err = tx.reportZoneStep(limit)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("follow reports: %w", err)
	}
	return done, nil
}

// reportEventsStep folds the events after the cursor (up to limit) and moves the cursor. While
// the history backfill runs, the events' conversations it has not reached yet are folded from
// their history first, so their events find the state they continue; the backfill then skips
// them (they have a state).
func (tx *Tx) reportEventsStep(m reportMeta, limit int) (int, error) {
	events, err := tx.eventsAfter(m.cursor, limit)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	var convs, agents []int64
	for _, e := range events {
		if e.ConversationID != nil {
			convs = append(convs, *e.ConversationID)
		}
		if e.Type == switchboard.EventAgentPresence {
			var p struct {
				ID int64 `json:"id"`
			}
			if json.Unmarshal(e.Data, &p) == nil && p.ID != 0 {
				agents = append(agents, p.ID)
			}
		}
	}
	if m.historyNext < m.historyConversations {
		pending := slices.DeleteFunc(slices.Clone(convs), func(id int64) bool { return id <= m.historyNext || id > m.historyConversations })
		if err := tx.foldHistory(uniqueIDs(pending), m.historyMessages); err != nil {
			return 0, err
		}
	}
	b := tx.newReportBatch()
	if err := b.load(convs, agents); err != nil {
		return 0, err
	}
	facts, err := b.f.Fold(events, b.st, b.hours)
	if err != nil {
		return 0, fmt.Errorf("fold events: %w", err)
	}
	if err := b.persist(facts); err != nil {
		return 0, err
	}
	if _, err := tx.exec("UPDATE report_meta SET cursor = ? WHERE id = 1", events[len(events)-1].ID); err != nil {
		return 0, fmt.Errorf("move report cursor: %w", err)
	}
	return len(events), nil
}

// reportHistoryStep folds the next conversations of the history older than the reports from
// their tables; those with a state already are skipped.
func (tx *Tx) reportHistoryStep(m reportMeta, chunk int) (int, error) {
	ids, err := tx.ids("SELECT id FROM conversations WHERE id > ? AND id <= ? ORDER BY id"+limitSQL(chunk), m.historyNext, m.historyConversations)
	if err != nil {
		return 0, fmt.Errorf("report history: %w", err)
	}
	next := m.historyConversations
	if len(ids) == chunk {
		next = ids[len(ids)-1]
	}
	if err := tx.foldHistory(ids, m.historyMessages); err != nil {
		return 0, err
	}
	if _, err := tx.exec("UPDATE report_meta SET history_next = ? WHERE id = 1", next); err != nil {
		return 0, fmt.Errorf("report history: %w", err)
	}
	return max(1, len(ids)), nil
}

// foldHistory folds conversations from their tables (messages up to id maxMessage) and keeps
// what the fold made; conversations with a state already are left as they are.
func (tx *Tx) foldHistory(ids []int64, maxMessage int64) error {
	if len(ids) == 0 {
		return nil
	}
	b := tx.newReportBatch()
	if err := b.load(ids, nil); err != nil {
		return err
	}
	todo := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return b.st.Conversations[id] != nil })
	hs, err := tx.reportHistories(todo, maxMessage)
	if err != nil {
		return err
	}
	var facts []switchboard.ReportFact
	for _, h := range hs {
		fs, err := b.f.FoldHistory(h, b.st, b.hours)
		if err != nil {
			return fmt.Errorf("fold conversation %d: %w", h.Conversation.ID, err)
		}
		facts = append(facts, fs...)
	}
	return b.persist(facts)
}

// reportHistories reads conversations as their tables tell them (see switchboard.ReportHistory).
func (tx *Tx) reportHistories(ids []int64, maxMessage int64) ([]*switchboard.ReportHistory, error) {
	var out []*switchboard.ReportHistory
	for chunk := range slices.Chunk(ids, 500) {
		byID := map[int64]*switchboard.ReportHistory{}
		var convs []*Conversation
		in, args := inIDs("c.id", chunk)
		rows, err := tx.query(tx.db.dialect.convSelect+" WHERE "+in+" ORDER BY c.id", append([]any{0, 0, 0}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		for rows.Next() {
			c, err := scanConversation(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("report history: %w", err)
			}
			convs = append(convs, c)
			h := &switchboard.ReportHistory{Conversation: c}
			byID[c.ID] = h
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		if err := loadSLA(tx.query, convs); err != nil {
			return nil, err
		}
		for _, c := range convs {
			if c.SLA != nil {
				byID[c.ID].SLA = c.SLA.Targets
			}
		}
		// The messages up to the horizon, and each conversation's newest one when it is past the
		// horizon: that one only says the conversation changed later (ReportHistory.Later).
		in, args = inIDs("conversation_id", chunk)
		rows, err = tx.query(`SELECT `+messageColumns+` FROM (SELECT `+messageColumns+`,
			ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY id DESC) AS newest FROM messages WHERE `+in+`) m
			WHERE id <= ? OR newest = 1 ORDER BY conversation_id, id`, append(args, maxMessage)...)
		if err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("report history: %w", err)
			}
			h := byID[m.ConversationID]
			switch {
			case h == nil:
			case m.ID > maxMessage:
				h.Later = true
			default:
				h.Messages = append(h.Messages, m)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		rows, err = tx.query("SELECT conversation_id, sent_at FROM csat_surveys WHERE skipped = '' AND form <> '' AND "+in, args...)
		if err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
		for rows.Next() {
			var id, at int64
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("report history: %w", err)
			}
			if h := byID[id]; h != nil {
				t := fromMicro(at)
				h.SurveyAt = &t
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("report history: %w", err)
		}
	}
	return out, nil
}

// reportBatch is one fold's states: as loaded (to tell what changed) and as the fold left them.
type reportBatch struct {
	tx        *Tx
	f         switchboard.ReportFolder
	st        *switchboard.ReportStates
	old       map[int64]*reportConvRow // conversations' states as loaded
	oldAgents map[int64]string         // agents' states as loaded (presence and since)
	schedules map[int64]*switchboard.HoursSchedule
}

// reportConvRow is a conversation's stored state.
type reportConvRow struct {
	status string
	agent  *int64
	labels []string
	state  string // JSON
}

func (tx *Tx) newReportBatch() *reportBatch {
	return &reportBatch{tx: tx, f: tx.db.reports, old: map[int64]*reportConvRow{}, oldAgents: map[int64]string{},
		schedules: map[int64]*switchboard.HoursSchedule{},
		st:        &switchboard.ReportStates{Conversations: map[int64]*switchboard.ReportConvState{}, Agents: map[int64]*switchboard.ReportAgentState{}}}
}

// hours returns an inbox's schedule (nil: always open, or an inbox gone).
func (b *reportBatch) hours(inboxID int64) *switchboard.HoursSchedule {
	if s, ok := b.schedules[inboxID]; ok {
		return s
	}
	var s *switchboard.HoursSchedule
	if c, err := b.tx.db.channelInboxOf(b.tx.ctx, b.tx.tx, inboxID, b.tx.configChanged); err == nil {
		s = c.automation.schedule
	}
	b.schedules[inboxID] = s
	return s
}

// load reads the stored states of conversations and agents into the batch.
func (b *reportBatch) load(convs, agents []int64) error {
	tx := b.tx
	err := tx.queryIn("SELECT conversation_id, status, agent_id, state FROM report_conversations WHERE conversation_id IN (%s)",
		placeholders, uniqueAny(convs), nil, func(rows *sql.Rows) error {
			var id int64
			var agent sql.NullInt64
			r := &reportConvRow{}
			if err := rows.Scan(&id, &r.status, &agent, &r.state); err != nil {
				return err
			}
			if b.old[id] != nil {
				return nil // a padded chunk repeats its last id
			}
			var s switchboard.ReportConvState
			if err := json.Unmarshal([]byte(r.state), &s); err != nil {
				return fmt.Errorf("report state of conversation %d: %w", id, err)
			}
			r.agent, r.labels = fromNullInt64(agent), slices.Clone(s.Labels)
			b.old[id], b.st.Conversations[id] = r, &s
			return nil
		})
	if err != nil {
		return fmt.Errorf("load report states: %w", err)
	}
	err = tx.queryIn("SELECT agent_id, presence, since FROM report_agents WHERE agent_id IN (%s)", placeholders, uniqueAny(agents), nil,
		func(rows *sql.Rows) error {
			var a switchboard.ReportAgentState
			var since int64
			if err := rows.Scan(&a.AgentID, &a.Presence, &since); err != nil {
				return err
			}
			a.Since = fromMicro(since)
			b.st.Agents[a.AgentID], b.oldAgents[a.AgentID] = &a, string(a.Presence)+"@"+a.Since.String()
			return nil
		})
	if err != nil {
		return fmt.Errorf("load report agents: %w", err)
	}
	return nil
}

// uniqueAny returns the distinct ids as arguments.
func uniqueAny(ids []int64) []any {
	return anyIDs(uniqueIDs(ids))
}

// persist keeps what a fold made: the facts of conversations that still exist (a conversation
// deleted since its events were written has taken its facts with it), their label moves, the
// states, the live counts, and the rollups of every ready zone.
func (b *reportBatch) persist(facts []switchboard.ReportFact) error {
	tx := b.tx
	var ids []int64
	for id := range b.st.Conversations {
		ids = append(ids, id)
	}
	for _, f := range facts {
		if f.ConversationID != 0 {
			ids = append(ids, f.ConversationID)
		}
	}
	exists := map[int64]bool{}
	err := tx.queryIn("SELECT id FROM conversations WHERE id IN (%s)", placeholders, uniqueAny(ids), nil, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		exists[id] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("report facts: %w", err)
	}
	facts = slices.DeleteFunc(facts, func(f switchboard.ReportFact) bool { return f.ConversationID != 0 && !exists[f.ConversationID] })
	zones, err := tx.reportZones()
	if err != nil {
		return err
	}
	if err := b.moveLabels(zones, exists); err != nil {
		return err
	}
	if err := tx.insertReportFacts(facts); err != nil {
		return err
	}
	if err := b.saveStates(exists); err != nil {
		return err
	}
	labels := func(id int64) []string {
		if s := b.st.Conversations[id]; s != nil {
			return s.Labels
		}
		return nil
	}
	return tx.applyReportFacts(zones, facts, 1, labels, nil)
}

// moveLabels moves the facts kept of each conversation whose labels the fold changed from its
// old labels' rows to its new ones'.
func (b *reportBatch) moveLabels(zones []reportZone, exists map[int64]bool) error {
	var changed []int64
	for id, s := range b.st.Conversations {
		if old := b.old[id]; old != nil && exists[id] && !sameSet(old.labels, s.Labels) {
			changed = append(changed, id)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	facts, err := b.tx.reportFactsOf(changed)
	if err != nil {
		return err
	}
	only := []switchboard.ReportSlice{switchboard.SliceLabel}
	if err := b.tx.applyReportFacts(zones, facts, -1, func(id int64) []string { return b.old[id].labels }, only); err != nil {
		return err
	}
	return b.tx.applyReportFacts(zones, facts, 1, func(id int64) []string { return b.st.Conversations[id].Labels }, only)
}

// sameSet reports whether two lists of labels hold the same names.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// saveStates writes the states the fold changed (of conversations that exist) and the live
// counts their status and assignee move.
func (b *reportBatch) saveStates(exists map[int64]bool) error {
	tx := b.tx
	var rows [][]any
	load := map[int64]int64{}
	for id, s := range b.st.Conversations {
		if !exists[id] {
			continue
		}
		raw, err := jsonText(s)
		if err != nil {
			return err
		}
		old := b.old[id]
		if old != nil && old.state == raw {
			continue
		}
		if old != nil {
			countLoad(load, old.status, old.agent, -1)
		}
		countLoad(load, string(s.Status), s.AgentID, 1)
		rows = append(rows, []any{id, string(s.Status), s.AgentID, raw})
	}
	if err := tx.insertRows("report_conversations (conversation_id, status, agent_id, state)", rows,
		" ON CONFLICT (conversation_id) DO UPDATE SET status = excluded.status, agent_id = excluded.agent_id, state = excluded.state"); err != nil {
		return fmt.Errorf("save report states: %w", err)
	}
	var agents [][]any
	for id, a := range b.st.Agents {
		if b.oldAgents[id] != string(a.Presence)+"@"+a.Since.String() {
			agents = append(agents, []any{id, string(a.Presence), micro(a.Since)})
		}
	}
	if err := tx.insertRows("report_agents (agent_id, presence, since)", agents,
		" ON CONFLICT (agent_id) DO UPDATE SET presence = excluded.presence, since = excluded.since"); err != nil {
		return fmt.Errorf("save report agents: %w", err)
	}
	return tx.addLoad(load)
}

// countLoad adds a conversation's part of the live counts, sign 1 or -1: an open one counts
// in all (-1), and under its assignee or unassigned (0).
func countLoad(load map[int64]int64, status string, agent *int64, sign int64) {
	if status != string(switchboard.StatusOpen) {
		return
	}
	load[-1] += sign
	if agent == nil {
		load[0] += sign
	} else {
		load[*agent] += sign
	}
}

// addLoad adds changes to the live counts.
func (tx *Tx) addLoad(load map[int64]int64) error {
	var rows [][]any
	for k, n := range load {
		if n != 0 {
			rows = append(rows, []any{k, n})
		}
	}
	slices.SortFunc(rows, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
	if err := tx.insertRows("report_load (key, n)", rows, " ON CONFLICT (key) DO UPDATE SET n = report_load.n + excluded.n"); err != nil {
		return fmt.Errorf("report live counts: %w", err)
	}
	return nil
}

// reportFactColumns are report_facts' columns but the id, in the order insertReportFacts writes.
const reportFactColumns = "kind, at, conversation_id, inbox_id, channel, agent_id, team_id, n, cal, biz"

// insertReportFacts writes facts, setting their ids.
func (tx *Tx) insertReportFacts(facts []switchboard.ReportFact) error {
	if len(facts) == 0 {
		return nil
	}
	rows := make([][]any, len(facts))
	for i, f := range facts {
		rows[i] = []any{string(f.Kind), micro(f.At), zeroNull(f.ConversationID), zeroNull(f.InboxID), string(f.Channel),
			f.AgentID, f.TeamID, f.N, f.Cal, f.Biz}
	}
	ids, err := tx.insertRowsIDs("report_facts ("+reportFactColumns+")", rows)
	if err != nil {
		return fmt.Errorf("save report facts: %w", err)
	}
	for i := range facts {
		facts[i].ID = ids[i]
	}
	return nil
}

// zeroNull stores an id of 0 (none) as NULL.
func zeroNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// reportFactsOf reads the facts of conversations.
func (tx *Tx) reportFactsOf(convs []int64) ([]switchboard.ReportFact, error) {
	var out []switchboard.ReportFact
	err := tx.queryIn("SELECT DISTINCT id, "+reportFactColumns+" FROM report_facts WHERE conversation_id IN (%s)", placeholders,
		uniqueAny(convs), nil, func(rows *sql.Rows) error {
			f, err := scanReportFact(rows)
			out = append(out, f)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read report facts: %w", err)
	}
	slices.SortFunc(out, func(a, b switchboard.ReportFact) int { return int(a.ID - b.ID) })
	return out, nil
}

// readReportFacts reads up to limit facts matching cond, in the order of their ids.
func (tx *Tx) readReportFacts(cond string, limit int, args ...any) ([]switchboard.ReportFact, error) {
	rows, err := tx.query("SELECT id, "+reportFactColumns+" FROM report_facts WHERE "+cond+" ORDER BY id"+limitSQL(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []switchboard.ReportFact
	for rows.Next() {
		f, err := scanReportFact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func scanReportFact(row scanner) (switchboard.ReportFact, error) {
	var f switchboard.ReportFact
	var at int64
	var conv, inbox, agent, team, cal, biz sql.NullInt64
	err := row.Scan(&f.ID, &f.Kind, &at, &conv, &inbox, &f.Channel, &agent, &team, &f.N, &cal, &biz)
	f.At, f.ConversationID, f.InboxID = fromMicro(at), conv.Int64, inbox.Int64
	f.AgentID, f.TeamID, f.Cal, f.Biz = fromNullInt64(agent), fromNullInt64(team), fromNullInt64(cal), fromNullInt64(biz)
	return f, err
}

// jsonText marshals a state for its TEXT column.
func jsonText(v any) (string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode report state: %w", err)
	}
	return string(raw), nil
}

// foldImported folds imported conversations' history into the reports, in the import's
// transaction (nothing else tells of it: an import writes no events).
func (tx *Tx) foldImported(convs []int64) error {
	if tx.db.reports == nil || len(convs) == 0 {
		return nil
	}
	if _, err := tx.lockReportRows(false); err != nil {
		return err
	}
	return tx.foldHistory(convs, math.MaxInt64)
}
