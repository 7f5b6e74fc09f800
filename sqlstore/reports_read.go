package sqlstore

// Reading reports: the rollup rows, the live view and a zone's readiness. Reads touch only
// report_days, report_load, report_agents and, for the waiting list, one index of conversations.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
)

// waitingShown is how many conversations the live view lists as waiting longest.
const waitingShown = 10

// ReportZone says whether a time zone's rows are complete. A zone not rolled up yet is added
// when an admin asks for it or it is the asking agent's own (the dashboard's default), up to
// maxReportZones: every zone costs every new fact a rollup, so no one else adds any (they are
// told not ready, and read UTC). An unknown zone is EINVALID, and so is a zone an admin asks
// for beyond the cap.
func (db *DB) ReportZone(ctx context.Context, zone string) (bool, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return false, err
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "" || zone == "Local" {
		return false, &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown time zone.", Fields: map[string]string{"zone": "Use a zone such as Europe/Rome."}}
	}
	if db.reports == nil {
		return zone == "UTC", nil
	}
	var ready bool
	err = db.queryRow(ctx, "SELECT ready FROM report_zones WHERE zone = ?", zone).Scan(&ready)
	if err == nil {
		return ready, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("report zone %s: %w", zone, err)
	}
	admin, own := a.IsAdmin(), a.Agent != nil && a.Agent.TimeZone == zone
	if !admin && !own {
		return false, nil
	}
	var added bool
	err = db.update(ctx, func(tx *Tx) error {
		ready = false
		if added, err = tx.addReportZone(zone); err != nil || !added {
			return err
		}
		return tx.queryRow("SELECT ready FROM report_zones WHERE zone = ?", zone).Scan(&ready)
	})
	if err != nil {
		return false, fmt.Errorf("report zone %s: %w", zone, err)
	}
	if !added && admin {
		msg := fmt.Sprintf("Reports keep at most %d time zones.", maxReportZones)
		return false, &switchboard.Error{Code: switchboard.EINVALID, Message: msg, Fields: map[string]string{"zone": msg}}
	}
	return ready, nil
}

// reportReader checks who may read a slice: admins, supervisors and the system any; an agent
// only their own agent slice.
func reportReader(ctx context.Context, slice switchboard.ReportSlice, ids []string) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(switchboard.ReportSlices, slice) {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown slice.", Fields: map[string]string{"slice": "Use all, inbox, channel, agent, team or label."}}
	}
	if a.SeesAll() {
		return nil
	}
	if a.Agent == nil || slice != switchboard.SliceAgent || len(ids) != 1 || ids[0] != strconv.FormatInt(a.Agent.ID, 10) {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Agents see their own figures only.")
	}
	return nil
}

// ReportRows reads a zone's rows of a slice for days from to to inclusive, by id and day; ids
// nil reads every id of the slice.
func (db *DB) ReportRows(ctx context.Context, zone string, slice switchboard.ReportSlice, ids []string, from, to int) ([]switchboard.ReportRow, error) {
	if err := reportReader(ctx, slice, ids); err != nil {
		return nil, err
	}
	out := []switchboard.ReportRow{}
	if ids != nil && len(ids) == 0 || from > to {
		return out, nil
	}
	read := func(cond string, args []any) error {
		rows, err := db.query(ctx, "SELECT slice_id, day, data FROM report_days WHERE zone = ? AND slice = ? AND day >= ? AND day <= ?"+cond+
			" ORDER BY slice_id, day", append([]any{zone, string(slice), from, to}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := switchboard.ReportRow{Slice: slice}
			if err := rows.Scan(&r.SliceID, &r.Day, &r.Data); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	}
	if ids == nil {
		if err := read("", nil); err != nil {
			return nil, fmt.Errorf("read report rows: %w", err)
		}
		return out, nil
	}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if err := read(" AND slice_id IN ("+placeholders(len(args))+")", args); err != nil {
			return nil, fmt.Errorf("read report rows: %w", err)
		}
	}
	slices.SortStableFunc(out, func(a, b switchboard.ReportRow) int {
		if a.SliceID != b.SliceID {
			if a.SliceID < b.SliceID {
				return -1
			}
			return 1
		}
		return a.Day - b.Day
	})
	return out, nil
}

// ReportLive reads the team right now: the open and unassigned counts, the conversations
// waiting longest for a reply, and every agent's presence and open conversations. An agent
// gets their own: their open conversations, those of them waiting, and their own row.
func (db *DB) ReportLive(ctx context.Context) (*switchboard.ReportLive, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var me *int64
	if !a.SeesAll() {
		if a.Agent == nil {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Agents only.")
		}
		me = &a.Agent.ID
	}
	live := &switchboard.ReportLive{Waiting: []*switchboard.ReportWaiting{}, Agents: []*switchboard.ReportLiveAgent{}, At: db.now().UTC()}
	load := map[int64]int64{}
	rows, err := db.query(ctx, "SELECT key, n FROM report_load")
	if err != nil {
		return nil, fmt.Errorf("read live counts: %w", err)
	}
	for rows.Next() {
		var k, n int64
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read live counts: %w", err)
		}
		load[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read live counts: %w", err)
	}
	q := `SELECT c.id, c.inbox_id, ct.name, c.assignee_id, c.waiting_since FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
		WHERE c.status = 'open' AND c.waiting_since IS NOT NULL`
	var args []any
	agentQ := `SELECT a.id, a.name, a.presence, ra.presence, ra.since FROM agents a LEFT JOIN report_agents ra ON ra.agent_id = a.id
		WHERE a.deleted_at IS NULL`
	var agentArgs []any
	if me != nil {
		live.Open = int(load[*me])
		q += " AND c.assignee_id = ?"
		args = append(args, *me)
		agentQ += " AND a.id = ?"
		agentArgs = append(agentArgs, *me)
	} else {
		live.Open, live.Unassigned = int(load[-1]), int(load[0])
	}
	if rows, err = db.query(ctx, q+" ORDER BY c.waiting_since, c.id"+limitSQL(waitingShown), args...); err != nil {
		return nil, fmt.Errorf("read waiting conversations: %w", err)
	}
	for rows.Next() {
		w := &switchboard.ReportWaiting{}
		var assignee sql.NullInt64
		var since int64
		if err := rows.Scan(&w.ConversationID, &w.InboxID, &w.ContactName, &assignee, &since); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read waiting conversations: %w", err)
		}
		w.AssigneeID, w.WaitingSince = fromNullInt64(assignee), fromMicro(since)
		live.Waiting = append(live.Waiting, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read waiting conversations: %w", err)
	}
	if rows, err = db.query(ctx, agentQ+" ORDER BY a.name, a.id", agentArgs...); err != nil {
		return nil, fmt.Errorf("read live agents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		la := &switchboard.ReportLiveAgent{}
		var folded sql.NullString
		var since sql.NullInt64
		if err := rows.Scan(&la.AgentID, &la.Name, &la.Presence, &folded, &since); err != nil {
			return nil, fmt.Errorf("read live agents: %w", err)
		}
		if folded.Valid && folded.String == string(la.Presence) {
			at := fromMicro(since.Int64)
			la.Since = &at
		}
		la.Open = int(load[la.AgentID])
		live.Agents = append(live.Agents, la)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read live agents: %w", err)
	}
	return live, nil
}

// ResetReports forgets the conversations' facts and states and every rollup and starts the
// history backfill again from the tables as they are (admins; `switchboard reports rebuild`):
// the follower then refills every zone, which stays ready (empty rows are complete ones).
// Agents' presence is told by events only, which the backfill does not read: its facts and
// the agents' states are kept and rolled up again into every zone here.
func (db *DB) ResetReports(ctx context.Context) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.lockReportRows(false); err != nil {
			return err
		}
		// The cursor must not pass an event still committing: holding the log's lock, none is.
		if err := tx.lock(lockEventLog); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM report_facts WHERE conversation_id IS NOT NULL", "DELETE FROM report_conversations",
			"DELETE FROM report_days", "DELETE FROM report_load",
			`UPDATE report_meta SET cursor = (SELECT COALESCE(MAX(id), 0) FROM events),
				history_conversations = (SELECT COALESCE(MAX(id), 0) FROM conversations),
				history_messages = (SELECT COALESCE(MAX(id), 0) FROM messages), history_next = 0 WHERE id = 1`,
			"UPDATE report_zones SET through = 0, ready = TRUE"} {
			if _, err := tx.exec(q); err != nil {
				return fmt.Errorf("reset reports: %w", err)
			}
		}
		return tx.rollupPresence()
	})
}

// rollupPresence adds the presence facts kept to every zone, a chunk at a time.
func (tx *Tx) rollupPresence() error {
	zones, err := tx.reportZones()
	if err != nil {
		return err
	}
	for after := int64(0); ; {
		facts, err := tx.readReportFacts("conversation_id IS NULL AND id > ?", reportPresenceChunk, after)
		if err != nil {
			return fmt.Errorf("roll up presence: %w", err)
		}
		if len(facts) == 0 {
			return nil
		}
		if err := tx.applyReportFacts(zones, facts, 1, func(int64) []string { return nil }, nil); err != nil {
			return err
		}
		after = facts[len(facts)-1].ID
	}
}

// reportPresenceChunk bounds the presence facts rolled up at once by ResetReports.
const reportPresenceChunk = 2000
