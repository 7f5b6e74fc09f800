package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ConversationService = (*DB)(nil)

// Conversation is a local alias that keeps scanning code short.
type Conversation = switchboard.Conversation

// convSelect returns the query that reads a conversation with what a list row shows: the
// channel, the contact's name and handle, whether it is unread for agent ? and when they last
// read it (the first three arguments are that agent's id) and its labels, as the JSON array of their names that
// labelNames (the engine's aggregate) makes, in a subquery of each row: one round trip for a
// page or a conversation instead of a second query for their labels.
// The channel comes from a subquery, not a join: with a join SQLite's planner may loop over
// inboxes first and sort every matching conversation (230 ms at 100k for an agent's All view)
// instead of walking the index that already has them in order (0.3 ms).
func convSelect(labelNames string) string {
	return `SELECT c.id, c.inbox_id, (SELECT kind FROM inboxes WHERE id = c.inbox_id), c.contact_id, ct.name,
	CASE WHEN ct.phone <> '' THEN ct.phone ELSE ct.email END,
	c.status, c.assignee_id, c.team_id, c.priority, c.flagged, c.subject, c.snoozed_until,
	c.last_activity_at, c.last_message_at, c.last_customer_msg_at, c.waiting_since, c.last_replier,
	c.last_message_preview, c.last_outbound_failed, c.created_at, c.updated_at, ` + unreadFlag + `, ` + readAt + `,
	(SELECT ` + labelNames + ` FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id),
	ct.avatar_url, c.thread_key, c.linked_conversation_id, c.csat_rating, c.csat_comment, c.csat_at,
	` + botStateColumn + `,
	c.sla_policy_id, c.sentiment, c.urgency, c.language
	FROM conversations c
	JOIN contacts ct ON ct.id = c.contact_id`
}

// unreadFlag is 1 when conversation c is unread for agent ? (both arguments are that agent's
// id), else 0. The agent's read marker is looked up for each row, by its key, in a subquery
// rather than joined: as a join PostgreSQL, misled by statistics from before the agent had read
// much, read all of the agent's markers for every row of a page (1.5–1.9 ms a page instead of
// 0.15 once an agent had replied in 500 conversations).
const unreadFlag = `(SELECT CASE WHEN r.marked_unread THEN 1
	     WHEN c.last_message_at IS NOT NULL AND c.last_message_at > (SELECT all_read_at FROM agents WHERE id = ?)
	          AND (r.read_at IS NULL OR c.last_message_at > r.read_at) THEN 1
	     ELSE 0 END
	FROM (SELECT 1) AS one LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.agent_id = ?)`

// readAt is when agent ? last read conversation c: the later of their read of it and their
// "mark all read" (0 when neither, NULL for the system). A conversation is read with it before
// opening it marks it read, so the thread can show where the messages new to the agent begin.
const readAt = `(SELECT CASE WHEN r.read_at > a.all_read_at THEN r.read_at ELSE a.all_read_at END
	FROM agents a LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.agent_id = a.id WHERE a.id = ?)`

func scanConversation(row scanner) (*Conversation, error) {
	var c Conversation
	var assignee, team, snoozed, lastMsg, lastCust, waiting sql.NullInt64
	var activity, created, updated int64
	var unread int
	var readAt sql.NullInt64
	var labels sql.NullString
	var threadKey string
	var linked, csatRating, csatAt sql.NullInt64
	var csatComment string
	var bot sql.NullString
	var slaPolicy sql.NullInt64
	err := row.Scan(&c.ID, &c.InboxID, &c.Channel, &c.ContactID, &c.ContactName, &c.ContactHandle,
		&c.Status, &assignee, &team, &c.Priority, &c.Flagged, &c.Subject, &snoozed,
		&activity, &lastMsg, &lastCust, &waiting, &c.LastReplier, &c.LastMessagePreview, &c.LastOutboundFailed, &created, &updated, &unread, &readAt, &labels,
		&c.ContactAvatarURL, &threadKey, &linked, &csatRating, &csatComment, &csatAt, &bot, &slaPolicy,
		&c.Sentiment, &c.Urgency, &c.Language)
	if err != nil {
		return nil, err
	}
	if bot.Valid {
		c.Bot = &switchboard.ConversationBot{State: switchboard.BotState(bot.String)}
	}
	if slaPolicy.Valid {
		c.SLA = &switchboard.ConversationSLA{PolicyID: slaPolicy.Int64, Targets: []switchboard.SLATargetState{}} // see loadSLA
	}
	c.CSAT = scanCSAT(csatRating, csatComment, csatAt)
	c.Kind, c.LinkedConversationID = switchboard.ConversationMessages, fromNullInt64(linked)
	if threadKey != "" {
		c.Kind = switchboard.ConversationComment
	}
	c.Labels = []string{}
	if labels.Valid {
		if err := json.Unmarshal([]byte(labels.String), &c.Labels); err != nil {
			return nil, fmt.Errorf("labels: %w", err)
		}
	}
	c.AssigneeID, c.TeamID = fromNullInt64(assignee), fromNullInt64(team)
	c.SnoozedUntil, c.LastMessageAt, c.LastCustomerMsgAt, c.WaitingSince =
		fromNullMicro(snoozed), fromNullMicro(lastMsg), fromNullMicro(lastCust), fromNullMicro(waiting)
	c.LastActivityAt, c.CreatedAt, c.UpdatedAt = fromMicro(activity), fromMicro(created), fromMicro(updated)
	c.Unread = unread == 1
	if readAt.Int64 > 0 {
		c.ReadAt = fromNullMicro(readAt)
	}
	return &c, nil
}

// viewerID is the agent whose read state a query computes; the system reads as agent 0, for whom
// nothing is unread.
func viewerID(a switchboard.Actor) int64 {
	if a.Agent == nil {
		return 0
	}
	return a.Agent.ID
}

// encodeCursor and decodeCursor make the opaque keyset cursors of lists: the sort value and the
// id of the last row of a page.
func encodeCursor(v, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(v, 10) + "." + strconv.FormatInt(id, 10)))
}

// errBadCursor answers a cursor that no page gave.
var errBadCursor = &switchboard.Error{Code: switchboard.EINVALID, Message: "Invalid cursor.",
	Fields: map[string]string{"cursor": "Use the cursor of a previous page."}}

func decodeCursor(s string) (v, id int64, err error) {
	bad := errBadCursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, 0, bad
	}
	a, b, ok := strings.Cut(string(raw), ".")
	if !ok {
		return 0, 0, bad
	}
	if v, err = strconv.ParseInt(a, 10, 64); err != nil {
		return 0, 0, bad
	}
	if id, err = strconv.ParseInt(b, 10, 64); err != nil {
		return 0, 0, bad
	}
	return v, id, nil
}

// where accumulates SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ?, …)".
func (w *where) in(col string, vals []any) {
	w.add(col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", vals...)
}

// limitSQL returns " LIMIT n", written into the query rather than bound. PostgreSQL keeps one
// plan of a prepared statement for all arguments only if that plan looks no dearer than
// planning each call anew, and for a bound LIMIT it assumes a tenth of the rows: every page of
// a list was planned again, and planning cost more than running it. n is an integer we chose
// or validated, one of a few page sizes.
func limitSQL(n int) string { return " LIMIT " + strconv.Itoa(n) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// FindConversations returns one page of a view. Each combination of view and sort is served by
// an index whose columns match its filter and order, so a page costs the same at any depth.
func (db *DB) FindConversations(ctx context.Context, f switchboard.ConversationFilter) (*switchboard.ConversationPage, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	me := viewerID(actor)
	if me == 0 && (f.View == switchboard.ViewMine || f.View == switchboard.ViewMentions || f.Unread != nil) {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Only an agent has a mine or mentions view and unread state.")
	}
	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	page := &switchboard.ConversationPage{Items: []*Conversation{}}
	if !scope.All && len(scope.IDs) == 0 {
		return page, nil
	}
	query, args, err := conversationQuery(db.dialect.convSelect, f, me, scope)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, fmt.Errorf("find conversations: %w", err)
		}
		page.Items = append(page.Items, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find conversations: %w", err)
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		if f.Sort == switchboard.SortWaiting {
			page.NextCursor = encodeCursor(micro(*last.WaitingSince), last.ID)
		} else {
			page.NextCursor = encodeCursor(micro(last.LastActivityAt), last.ID)
		}
	}
	if err := db.loadWindows(db.reader(ctx), page.Items); err != nil {
		return nil, err
	}
	if err := loadSLA(db.reader(ctx), page.Items); err != nil {
		return nil, err
	}
	if err := db.loadOptOuts(db.reader(ctx), page.Items); err != nil {
		return nil, err
	}
	return page, nil
}

// conversationQuery builds the list query of a validated filter on selectSQL (the dialect's
// convSelect), for viewer me (whose read state it computes) within scope: the conditions of the
// view and filters, the sort and the keyset cursor, and one row more than a page to tell
// whether another follows.
func conversationQuery(selectSQL string, f switchboard.ConversationFilter, me int64, scope switchboard.InboxScope) (string, []any, error) {
	var w where
	if !scope.All {
		w.add(inScope("c.inbox_id", scope))
	}
	switch f.View {
	case switchboard.ViewMine:
		w.add("c.assignee_id = ?", me)
	case switchboard.ViewUnassigned:
		w.add("c.assignee_id IS NULL")
	case switchboard.ViewMentions:
		w.add("EXISTS (SELECT 1 FROM mentions m WHERE m.conversation_id = c.id AND m.agent_id = ?)", me)
	}
	if f.ContactID != nil {
		w.add("c.contact_id = ?", *f.ContactID)
	}
	// A blocked contact's conversations are hidden (see receiveMessage) by the flag on their
	// own row, which the list reads anyway: the index that orders the list stays the plan.
	switch {
	case f.Blocked != nil:
		w.add("c.blocked = ?", *f.Blocked)
	case f.ContactID == nil:
		w.add("c.blocked = ?", false)
	}
	if f.InboxID != nil {
		w.add("c.inbox_id = ?", *f.InboxID)
	}
	if f.Channel != "" {
		w.add("c.inbox_id IN (SELECT id FROM inboxes WHERE kind = ?)", string(f.Channel))
	}
	if len(f.Statuses) > 0 {
		vals := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			vals[i] = string(s)
		}
		w.in("c.status", vals)
	}
	if f.Label != "" {
		w.add(`EXISTS (SELECT 1 FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
			WHERE cl.conversation_id = c.id AND l.name_key = ?)`, strings.ToLower(strings.TrimSpace(f.Label)))
	}
	if f.AssigneeID != nil {
		w.add("c.assignee_id = ?", *f.AssigneeID)
	}
	if f.TeamID != nil {
		w.add("c.team_id = ?", *f.TeamID)
	}
	if f.Since != nil {
		w.add("c.last_activity_at >= ?", micro(*f.Since))
	}
	if f.Until != nil {
		w.add("c.last_activity_at < ?", micro(*f.Until))
	}
	if f.LastReplier != "" {
		w.add("c.last_replier = ?", string(f.LastReplier))
	}
	if f.Flagged != nil {
		w.add("c.flagged = ?", *f.Flagged)
	}
	// The assistant's readings: each has a partial index in the list's order over the analysed
	// conversations only (conversations_sentiment_activity and the others, WHERE sentiment <> ''
	// …). The literal condition beside the value lets the planners use it: SQLite only when the
	// query's WHERE holds the index's term as written, PostgreSQL also with a generic plan, where
	// the value is a parameter it cannot prove non-empty.
	if f.Sentiment != "" {
		w.add("c.sentiment = ? AND c.sentiment <> ''", string(f.Sentiment))
	}
	if f.Urgency != "" {
		w.add("c.urgency = ? AND c.urgency <> ''", string(f.Urgency))
	}
	if f.Language != "" {
		w.add("c.language = ? AND c.language <> ''", f.Language)
	}
	if f.Unread != nil {
		if *f.Unread {
			w.add(unreadFlag+" = 1", me, me)
		} else {
			w.add(unreadFlag+" = 0", me, me)
		}
	}
	order := " ORDER BY c.last_activity_at DESC, c.id DESC"
	if f.Sort == switchboard.SortWaiting {
		w.add("c.waiting_since IS NOT NULL")
		order = " ORDER BY c.waiting_since, c.id"
	}
	if f.Cursor != "" {
		v, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return "", nil, err
		}
		if f.Sort == switchboard.SortWaiting {
			w.add("(c.waiting_since, c.id) > (?, ?)", v, id)
		} else {
			w.add("(c.last_activity_at, c.id) < (?, ?)", v, id)
		}
	}
	args := append([]any{me, me, me}, w.args...)
	return selectSQL + w.sql() + order + limitSQL(f.Limit+1), args, nil
}

// queryer is what the read pool and a transaction have in common.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryFunc runs a query through the statement cache: db.reader's on the read pool, or a
// transaction's query.
type queryFunc func(query string, args ...any) (*sql.Rows, error)

// reader returns the queryFunc of the read pool.
func (db *DB) reader(ctx context.Context) queryFunc {
	return func(query string, args ...any) (*sql.Rows, error) { return db.query(ctx, query, args...) }
}

// FindConversationByID returns a conversation the actor may see.
func (db *DB) FindConversationByID(ctx context.Context, id int64) (*Conversation, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	me := viewerID(actor)
	c, err := scanConversation(db.queryRow(ctx, db.dialect.convSelect+" WHERE c.id = ?", me, me, me, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Conversation")
	} else if err != nil {
		return nil, fmt.Errorf("find conversation %d: %w", id, err)
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !scope.Has(c.InboxID) {
		return nil, notFound("Conversation")
	}
	if err := db.loadWindows(db.reader(ctx), []*Conversation{c}); err != nil {
		return nil, err
	}
	if err := loadSLA(db.reader(ctx), []*Conversation{c}); err != nil {
		return nil, err
	}
	if err := db.loadOptOuts(db.reader(ctx), []*Conversation{c}); err != nil {
		return nil, err
	}
	if err := db.loadPost(ctx, db.read, c); err != nil {
		return nil, err
	}
	return c, nil
}

// seeConversation checks that the actor may see a conversation (ENOTFOUND if not, or if there is
// none), reading no more of it than its inbox: for what needs only the right to look, such as
// its scheduled messages or an attachment.
func (db *DB) seeConversation(ctx context.Context, id int64) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	var inbox int64
	if err := db.queryRow(ctx, "SELECT inbox_id FROM conversations WHERE id = ?", id).Scan(&inbox); errors.Is(err, sql.ErrNoRows) {
		return notFound("Conversation")
	} else if err != nil {
		return fmt.Errorf("find conversation %d: %w", id, err)
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return err
	}
	if !scope.Has(inbox) {
		return notFound("Conversation")
	}
	return nil
}

// loadConversation reads a conversation inside a write transaction, applying the actor's visibility.
func (tx *Tx) loadConversation(id int64) (*Conversation, error) {
	me := viewerID(tx.actor)
	c, err := scanConversation(tx.queryRow(tx.db.dialect.convSelect+" WHERE c.id = ?", me, me, me, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Conversation")
	} else if err != nil {
		return nil, fmt.Errorf("load conversation %d: %w", id, err)
	}
	scope, err := tx.db.scopeTx(tx, tx.actor)
	if err != nil {
		return nil, err
	}
	if !scope.Has(c.InboxID) {
		return nil, notFound("Conversation")
	}
	if err := tx.db.loadWindows(tx.query, []*Conversation{c}); err != nil {
		return nil, err
	}
	if err := loadSLA(tx.query, []*Conversation{c}); err != nil {
		return nil, err
	}
	if err := tx.db.loadPost(tx.ctx, tx.tx, c); err != nil {
		return nil, err
	}
	if tx.actor.Agent != nil {
		// What an agent is shown; the system's own loads (those of the ingest path among them)
		// do without the query.
		if err := tx.db.loadOptOuts(tx.query, []*Conversation{c}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// changeConversation runs fn on a visible conversation in a write transaction and returns the
// conversation as it is after the change.
func (db *DB) changeConversation(ctx context.Context, id int64, fn func(tx *Tx, c *Conversation) error) (*Conversation, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	var out *Conversation
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(id)
		if err != nil {
			return err
		}
		if err := fn(tx, c); err != nil {
			return err
		}
		out, err = tx.loadConversation(id)
		return err
	})
	return out, err
}

// touch records that the conversation changed now.
func (tx *Tx) touch(id int64) error {
	_, err := tx.exec("UPDATE conversations SET last_activity_at = ?, updated_at = ? WHERE id = ?", micro(tx.now), micro(tx.now), id)
	return err
}

// actorName is how milestones name whoever acted.
func (tx *Tx) actorName() string {
	if tx.actor.Agent != nil {
		return tx.actor.Agent.Name
	}
	if a := tx.actor.Automation; a != nil && a.Name != "" {
		return a.Name
	}
	return "Switchboard"
}

// addActivity writes a milestone into the thread and announces it.
func (tx *Tx) addActivity(c *Conversation, act *switchboard.Activity, text string) error {
	if act.Automation == nil {
		act.Automation = tx.actor.Automation
	}
	m := &switchboard.Message{
		ConversationID: c.ID, InboxID: c.InboxID, Direction: switchboard.DirectionInternal, Kind: switchboard.KindActivity,
		SenderType: switchboard.SenderSystem, Text: text, Activity: act,
	}
	if tx.actor.Agent != nil {
		m.SenderType, m.SenderID, m.SenderName = switchboard.SenderAgent, tx.actor.ActorID(), tx.actor.Agent.Name
	}
	return tx.insertMessage(m, "")
}

func (tx *Tx) agentName(id int64) (string, error) {
	var name string
	err := tx.queryRow("SELECT name FROM agents WHERE id = ? AND deleted_at IS NULL", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown agent.", Fields: map[string]string{"agent_id": "No such agent."}}
	}
	return name, err
}

// Assign gives a conversation to an agent and/or a team. The agent must be able to see the
// conversation's inbox; nil clears that side.
func (db *DB) Assign(ctx context.Context, id int64, a switchboard.Assignment) (*Conversation, error) {
	return db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error { return tx.assign(c, a) })
}

// assign gives c to an agent and/or a team inside the transaction (see Assign).
func (tx *Tx) assign(c *Conversation, a switchboard.Assignment) error {
	if eqID(c.AssigneeID, a.AgentID) && eqID(c.TeamID, a.TeamID) {
		return nil
	}
	var text []string
	if !eqID(c.AssigneeID, a.AgentID) {
		if a.AgentID == nil {
			text = append(text, tx.actorName()+" unassigned the conversation")
		} else {
			name, err := tx.agentName(*a.AgentID)
			if err != nil {
				return err
			}
			ok, err := tx.db.agentSeesInbox(tx, *a.AgentID, c.InboxID)
			if err != nil {
				return err
			}
			if !ok {
				return &switchboard.Error{Code: switchboard.EINVALID, Message: name + " is not a member of this inbox.",
					Fields: map[string]string{"agent_id": "Choose an agent who belongs to this inbox."}}
			}
			switch {
			case tx.actor.Agent != nil && tx.actor.Agent.ID == *a.AgentID:
				text = append(text, tx.actorName()+" took the conversation")
			case c.AssigneeID != nil:
				text = append(text, tx.actorName()+" transferred the conversation to "+name)
			default:
				text = append(text, tx.actorName()+" assigned the conversation to "+name)
			}
		}
	}
	if !eqID(c.TeamID, a.TeamID) {
		if a.TeamID == nil {
			text = append(text, tx.actorName()+" removed the team")
		} else {
			var name string
			err := tx.queryRow("SELECT name FROM teams WHERE id = ?", *a.TeamID).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown team.", Fields: map[string]string{"team_id": "No such team."}}
			} else if err != nil {
				return err
			}
			text = append(text, tx.actorName()+" assigned the team "+name)
		}
	}
	if _, err := tx.exec("UPDATE conversations SET assignee_id = ?, team_id = ?, last_activity_at = ?, updated_at = ? WHERE id = ?",
		a.AgentID, a.TeamID, micro(tx.now), micro(tx.now), c.ID); err != nil {
		return fmt.Errorf("assign conversation %d: %w", c.ID, err)
	}
	action := "assigned"
	if a.AgentID == nil && a.TeamID == nil {
		action = "unassigned"
	}
	if err := tx.addActivity(c, &switchboard.Activity{Action: action, AgentID: a.AgentID, TeamID: a.TeamID}, strings.Join(text, "; ")); err != nil {
		return err
	}
	tx.emit(switchboard.EventConversationAssigned, &c.InboxID, &c.ID, nil,
		map[string]any{"id": c.ID, "assignee_id": a.AgentID, "team_id": a.TeamID, "previous_assignee_id": c.AssigneeID})
	if a.AgentID == nil {
		// It waits for an agent: its team's or its inbox's assignment gives it out.
		if err := tx.queueAssignment(c.InboxID, a.TeamID); err != nil {
			return err
		}
	}
	if c.AssigneeID != nil && !eqID(c.AssigneeID, a.AgentID) {
		return tx.queueAssignment(c.InboxID, c.TeamID) // a place freed
	}
	return nil
}

func eqID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// SetStatus opens, sets pending or resolves a conversation.
func (db *DB) SetStatus(ctx context.Context, id int64, s switchboard.ConversationStatus) (*Conversation, error) {
	if s != switchboard.StatusOpen && s != switchboard.StatusPending && s != switchboard.StatusResolved {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Status must be open, pending or resolved; snooze with a time.",
			Fields: map[string]string{"status": "Use open, pending or resolved."}}
	}
	return db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error {
		return tx.setStatus(c, s, nil)
	})
}

// Snooze hides a conversation until a time; it reopens then, or when the customer writes.
func (db *DB) Snooze(ctx context.Context, id int64, until time.Time) (*Conversation, error) {
	if !until.After(db.now()) {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Snooze until a time in the future.",
			Fields: map[string]string{"until": "Choose a time in the future."}}
	}
	return db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error {
		return tx.setStatus(c, switchboard.StatusSnoozed, &until)
	})
}

var statusVerbs = map[switchboard.ConversationStatus]string{
	switchboard.StatusOpen: "reopened the conversation", switchboard.StatusPending: "set the conversation pending",
	switchboard.StatusResolved: "resolved the conversation", switchboard.StatusSnoozed: "snoozed the conversation until ",
}

// statusCause adds why to the transaction's last status change of a conversation ("cause" in
// its event's data), for readers that tell a reopening by a customer's message from others.
func (tx *Tx) statusCause(convID int64, cause string) {
	for i := len(tx.events) - 1; i >= 0; i-- {
		e := tx.events[i]
		if e.Type != switchboard.EventConversationStatus || e.ConversationID == nil || *e.ConversationID != convID {
			continue
		}
		var data map[string]any
		if json.Unmarshal(e.Data, &data) == nil {
			data["cause"] = cause
			if raw, err := json.Marshal(data); err == nil {
				e.Data = raw
			}
		}
		return
	}
}

func (tx *Tx) setStatus(c *Conversation, s switchboard.ConversationStatus, until *time.Time) error {
	if c.Status == s && eqTime(c.SnoozedUntil, until) {
		return nil
	}
	if _, err := tx.exec("UPDATE conversations SET status = ?, snoozed_until = ?, last_activity_at = ?, updated_at = ? WHERE id = ?",
		string(s), microPtr(until), micro(tx.now), micro(tx.now), c.ID); err != nil {
		return fmt.Errorf("set status of conversation %d: %w", c.ID, err)
	}
	text := tx.actorName() + " " + statusVerbs[s]
	act := &switchboard.Activity{Action: "status_changed", Status: s}
	if until != nil {
		u := until.UTC()
		act.Action, act.Until = "snoozed", &u
		text += u.Format("2006-01-02 15:04 MST")
	}
	if err := tx.addActivity(c, act, text); err != nil {
		return err
	}
	if s == switchboard.StatusResolved && c.SLA != nil {
		if err := tx.slaResolved(c.ID); err != nil {
			return err
		}
	}
	// One wake-up per snoozed conversation: snoozing again moves it, any other status cancels it.
	key := fmt.Sprintf("wake:%d", c.ID)
	if until != nil {
		if err := tx.enqueue(switchboard.JobWakeConversation, switchboard.WakeConversationArgs{ConversationID: c.ID}, jobOptions{uniqueKey: key, runAt: *until}); err != nil {
			return err
		}
	} else if c.Status == switchboard.StatusSnoozed {
		if err := tx.cancelJob(key); err != nil {
			return err
		}
	}
	tx.emit(switchboard.EventConversationStatus, &c.InboxID, &c.ID, nil,
		map[string]any{"id": c.ID, "status": s, "previous_status": c.Status, "snoozed_until": until})
	if s == switchboard.StatusResolved {
		if err := tx.queueCSAT(c); err != nil {
			return err
		}
	}
	if (s == switchboard.StatusOpen && c.AssigneeID == nil) || (s == switchboard.StatusResolved && c.AssigneeID != nil) {
		return tx.queueAssignment(c.InboxID, c.TeamID) // it waits for an agent, or frees one's place
	}
	return nil
}

// WakeConversation reopens a conversation whose snooze has ended (system only); a conversation
// that is no longer snoozed is left alone, and one snoozed until later answers *NotDueError.
func (db *DB) WakeConversation(ctx context.Context, id int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	_, err := db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error {
		if c.Status != switchboard.StatusSnoozed || c.SnoozedUntil == nil {
			return nil
		}
		if c.SnoozedUntil.After(tx.now) {
			// Early, by another node's clock: the job runs again at the snooze's end.
			return &switchboard.NotDueError{At: *c.SnoozedUntil}
		}
		return tx.setStatus(c, switchboard.StatusOpen, nil)
	})
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // deleted meanwhile: nothing to wake
	}
	return err
}

func eqTime(a, b *time.Time) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Equal(*b))
}

// UpdateConversation changes the flag, priority or subject.
func (db *DB) UpdateConversation(ctx context.Context, id int64, u *switchboard.ConversationUpdate) (*Conversation, error) {
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error { return tx.updateConversation(c, u) })
}

// updateConversation changes c's flag, priority or subject inside the transaction.
func (tx *Tx) updateConversation(c *Conversation, u *switchboard.ConversationUpdate) error {
	if u.Flagged != nil {
		c.Flagged = *u.Flagged
	}
	if u.Priority != nil {
		c.Priority = *u.Priority
	}
	if u.Subject != nil {
		c.Subject = *u.Subject
	}
	if _, err := tx.exec("UPDATE conversations SET flagged = ?, priority = ?, subject = ?, updated_at = ? WHERE id = ?",
		c.Flagged, string(c.Priority), c.Subject, micro(tx.now), c.ID); err != nil {
		return fmt.Errorf("update conversation %d: %w", c.ID, err)
	}
	tx.emit(switchboard.EventConversationUpdated, &c.InboxID, &c.ID, nil,
		map[string]any{"id": c.ID, "flagged": c.Flagged, "priority": c.Priority, "subject": c.Subject})
	return nil
}

// labelIDs resolves label names, case-insensitively; an unknown name is EINVALID.
func (tx *Tx) labelIDs(names []string) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, n := range names {
		var id int64
		var name string
		err := tx.queryRow("SELECT id, name FROM labels WHERE name_key = ?", strings.ToLower(strings.TrimSpace(n))).Scan(&id, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("There is no label %q; create it first.", n),
				Fields: map[string]string{"labels": "Unknown label: " + n}}
		} else if err != nil {
			return nil, err
		}
		ids[name] = id
	}
	return ids, nil
}

// AddLabels tags a conversation with existing labels.
func (db *DB) AddLabels(ctx context.Context, id int64, names []string) (*Conversation, error) {
	return db.changeLabels(ctx, id, names, true)
}

// RemoveLabels removes labels from a conversation.
func (db *DB) RemoveLabels(ctx context.Context, id int64, names []string) (*Conversation, error) {
	return db.changeLabels(ctx, id, names, false)
}

func (db *DB) changeLabels(ctx context.Context, id int64, names []string, add bool) (*Conversation, error) {
	if len(names) == 0 || len(names) > 50 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Name 1 to 50 labels.", Fields: map[string]string{"labels": "Name 1 to 50 labels."}}
	}
	return db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error { return tx.changeLabels(c, names, add) })
}

// changeLabels adds or removes labels of c inside the transaction; the event names the labels
// the conversation has now and those added or removed.
func (tx *Tx) changeLabels(c *Conversation, names []string, add bool) error {
	ids, err := tx.labelIDs(names)
	if err != nil {
		return err
	}
	var changed []string
	for name, lid := range ids {
		var res sql.Result
		if add {
			res, err = tx.exec("INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?, ?) ON CONFLICT DO NOTHING", c.ID, lid)
		} else {
			res, err = tx.exec("DELETE FROM conversation_labels WHERE conversation_id = ? AND label_id = ?", c.ID, lid)
		}
		if err != nil {
			return fmt.Errorf("change labels of conversation %d: %w", c.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	action, verb := "labels_added", " added the labels "
	if !add {
		action, verb = "labels_removed", " removed the labels "
	}
	if err := tx.touch(c.ID); err != nil {
		return err
	}
	if err := tx.addActivity(c, &switchboard.Activity{Action: action, Labels: changed}, tx.actorName()+verb+strings.Join(changed, ", ")); err != nil {
		return err
	}
	var now []string
	rows, err := tx.query("SELECT l.name FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = ? ORDER BY l.name_key", c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		now = append(now, n)
	}
	key := "removed"
	if add {
		key = "added"
	}
	tx.emit(switchboard.EventConversationLabels, &c.InboxID, &c.ID, nil, map[string]any{"id": c.ID, "labels": now, key: changed})
	return rows.Err()
}

// MarkRead marks a conversation read for the acting agent.
func (db *DB) MarkRead(ctx context.Context, id int64) error {
	return db.setRead(ctx, id, false)
}

// MarkUnread marks a conversation unread for the acting agent until they read it again.
func (db *DB) MarkUnread(ctx context.Context, id int64) error {
	return db.setRead(ctx, id, true)
}

func (db *DB) setRead(ctx context.Context, id int64, unread bool) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if actor.Agent == nil {
		return switchboard.Errorf(switchboard.EINVALID, "Only agents have read state.")
	}
	_, err = db.changeConversation(ctx, id, func(tx *Tx, c *Conversation) error {
		if err := tx.markRead(c.ID, unread); err != nil {
			return err
		}
		if !unread {
			if err := tx.enqueueReadReceipt(c); err != nil {
				return err
			}
		}
		tx.emit(switchboard.EventConversationRead, &c.InboxID, &c.ID, tx.actor.ActorID(), map[string]any{"id": c.ID, "unread": unread})
		return nil
	})
	return err
}

// markRead records the acting agent's read state of a conversation.
func (tx *Tx) markRead(id int64, unread bool) error {
	if tx.actor.Agent == nil {
		return nil
	}
	_, err := tx.exec(`INSERT INTO conversation_reads (agent_id, conversation_id, read_at, marked_unread) VALUES (?, ?, ?, ?)
		ON CONFLICT (agent_id, conversation_id) DO UPDATE SET read_at = excluded.read_at, marked_unread = excluded.marked_unread`,
		tx.actor.Agent.ID, id, micro(tx.now), unread)
	if err != nil {
		return fmt.Errorf("mark conversation %d read: %w", id, err)
	}
	return nil
}

// MarkAllRead marks every conversation read for the acting agent in O(1): it moves the agent's
// all-read watermark and clears explicit "unread" marks, instead of writing a row per conversation.
func (db *DB) MarkAllRead(ctx context.Context) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if actor.Agent == nil {
		return switchboard.Errorf(switchboard.EINVALID, "Only agents have read state.")
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE agents SET all_read_at = ? WHERE id = ?", micro(tx.now), actor.Agent.ID); err != nil {
			return fmt.Errorf("mark all read: %w", err)
		}
		if _, err := tx.exec("UPDATE conversation_reads SET marked_unread = FALSE WHERE agent_id = ? AND marked_unread", actor.Agent.ID); err != nil {
			return fmt.Errorf("mark all read: %w", err)
		}
		tx.emit(switchboard.EventConversationRead, nil, nil, tx.actor.ActorID(), map[string]any{"all": true, "unread": false})
		return nil
	})
}

// CreateConversation starts an outbound conversation in a visible inbox with a contact, with a
// first message from the acting agent, who becomes its assignee. The idempotency key makes a
// repeated request return the first conversation.
//
// The customer is a contact the agent sees, or an address typed by hand: that finds the contact
// who has it, whoever sees them (an address belongs to one contact, and the customer's answer
// would join that contact anyway), or creates one. Nothing in the answer tells which: an agent
// learns no more of a contact they did not see before than they would if the customer had written
// to the inbox. Where a customer's messages join their active conversation (every channel but
// email, see docs/channels.md), a contact's active conversation in the inbox goes on with the
// message instead of a second one starting beside it.
func (db *DB) CreateConversation(ctx context.Context, in *switchboard.ConversationCreate) (*Conversation, *Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if actor.Agent == nil {
		return nil, nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents start conversations.")
	}
	if err := in.Validate(); err != nil {
		return nil, nil, err
	}
	// Two requests starting with one new address at once (a double click, on PostgreSQL) both
	// create its contact; the second fails on the address's unique index and runs once more,
	// finding the first's contact, conversation, or message by its key.
	for attempt := 0; ; attempt++ {
		conv, msg, err := db.createConversation(ctx, actor, in)
		if errors.Is(err, errAddressTaken) && attempt == 0 {
			continue
		}
		return conv, msg, err
	}
}

// errAddressTaken is a new contact's address created meanwhile by another transaction.
var errAddressTaken = errors.New("address taken meanwhile")

func (db *DB) createConversation(ctx context.Context, actor switchboard.Actor, in *switchboard.ConversationCreate) (*Conversation, *Message, error) {
	if in.IdempotencyKey != "" {
		if m, err := db.findByKey(ctx, actor.Agent.ID, in.IdempotencyKey); err != nil || m != nil {
			if err != nil {
				return nil, nil, err
			}
			c, err := db.FindConversationByID(ctx, m.ConversationID)
			return c, m, err
		}
	}
	var conv *Conversation
	var msg *Message
	err := db.update(ctx, func(tx *Tx) error {
		scope, err := db.scopeTx(tx, actor)
		if err != nil {
			return err
		}
		var kind string
		err = tx.queryRow("SELECT kind FROM inboxes WHERE id = ?", in.InboxID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !scope.Has(in.InboxID)) {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown inbox.", Fields: map[string]string{"inbox_id": "No such inbox."}}
		} else if err != nil {
			return err
		}
		channel := switchboard.ChannelKind(kind)
		if channel == switchboard.ChannelEmail && in.Subject == "" {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "A mail needs a subject.", Fields: map[string]string{"subject": "Enter a subject."}}
		}
		contactID := in.ContactID
		if in.To != "" {
			if contactID, err = tx.contactAt(in.InboxID, channel, in.To, in.ContactName); err != nil {
				return err
			}
		} else if err := tx.reachable(channel, in.ContactID); err != nil {
			return err
		}
		var id int64
		if channel != switchboard.ChannelEmail {
			if id, _, err = tx.activeConversation(in.InboxID, contactID); err != nil {
				return err
			}
		}
		if id == 0 {
			now := micro(tx.now)
			if id, err = tx.insert(`INSERT INTO conversations (inbox_id, contact_id, status, assignee_id, subject, last_activity_at, created_at, updated_at)
				VALUES (?, ?, 'open', ?, ?, ?, ?, ?)`, in.InboxID, contactID, actor.Agent.ID, in.Subject, now, now, now); err != nil {
				return fmt.Errorf("insert conversation: %w", err)
			}
			if conv, err = tx.loadConversation(id); err != nil {
				return err
			}
			tx.emit(switchboard.EventConversationCreated, &conv.InboxID, &conv.ID, nil, conv)
		} else if conv, err = tx.loadConversation(id); err != nil {
			return err
		}
		if msg, err = tx.addAgentMessage(conv, &switchboard.MessageCreate{Text: in.Text, Template: in.Template, IdempotencyKey: in.IdempotencyKey}, ""); err != nil {
			return err
		}
		conv, err = tx.loadConversation(id)
		return err
	})
	if errors.Is(err, errDuplicateKey) {
		m, err := db.findByKey(ctx, actor.Agent.ID, in.IdempotencyKey)
		if err != nil || m == nil {
			return nil, nil, fmt.Errorf("create conversation: idempotent message lookup: %v", err)
		}
		c, err := db.FindConversationByID(ctx, m.ConversationID)
		return c, m, err
	}
	if err != nil {
		return nil, nil, err
	}
	return conv, msg, nil
}

// reachable checks that the agent sees a contact and that it has an address on the channel.
func (tx *Tx) reachable(channel switchboard.ChannelKind, contactID int64) error {
	// A contact the agent does not see is unknown: a conversation in their own inbox would
	// let them see it.
	if err := tx.seeContact(contactID); switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown contact.", Fields: map[string]string{"contact_id": "No such contact."}}
	} else if err != nil {
		return err
	}
	idKind := switchboard.IdentityKindFor(channel)
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM identities WHERE contact_id = ? AND kind = ?", contactID, string(idKind)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &switchboard.Error{Code: switchboard.EINVALID,
			Message: fmt.Sprintf("The contact has no %s identity to reach them on this %s inbox; add one first.", idKind, channel),
			Fields:  map[string]string{"contact_id": "The contact cannot be reached on this channel."}}
	}
	return nil
}

// contactAt returns the contact who has the address to on the channel, creating it (named
// name) when nobody has it yet.
func (tx *Tx) contactAt(inboxID int64, channel switchboard.ChannelKind, to, name string) (int64, error) {
	idKind, to, err := switchboard.StartAddress(channel, to)
	if err != nil {
		return 0, err
	}
	var contactID int64
	err = tx.queryRow("SELECT contact_id FROM identities WHERE kind = ? AND external_id = ?", string(idKind), to).Scan(&contactID)
	if err == nil {
		return contactID, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find the contact of an address: %w", err)
	}
	contactID, _, err = tx.createContact(inboxID, idKind, to, name)
	if isUniqueViolation(err) {
		return 0, errAddressTaken
	}
	return contactID, err
}

// HandOff opens a conversation a bot handled for people: unassigned, for the team named (else
// its team stays), with a milestone carrying the bot's reason. The bot's state becomes
// handed_off (it receives nothing more of the conversation) and the inbox's automatic
// assignment is queued in the same transaction.
func (db *DB) HandOff(ctx context.Context, id int64, h *switchboard.HandOff) (*Conversation, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	h.Reason = strings.TrimSpace(h.Reason)
	if len(h.Reason) > 500 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "The reason is too long.", Fields: map[string]string{"reason": "Use at most 500 characters."}}
	}
	var inboxID int64
	if err := db.queryRow(ctx, "SELECT inbox_id FROM conversations WHERE id = ?", id).Scan(&inboxID); errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Conversation")
	} else if err != nil {
		return nil, fmt.Errorf("hand off conversation %d: %w", id, err)
	}
	if !actor.ActsForInbox(inboxID) {
		if actor.Agent != nil {
			if err := db.seeConversation(ctx, id); err != nil {
				return nil, err // not even visible: as if it did not exist
			}
		}
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the inbox's integration and admins hand conversations over.")
	}
	return db.changeConversation(switchboard.NewSystemContext(ctx), id, func(tx *Tx, c *Conversation) error {
		team := c.TeamID
		if h.TeamID != nil {
			var n int
			if err := tx.queryRow("SELECT COUNT(*) FROM teams WHERE id = ?", *h.TeamID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown team.", Fields: map[string]string{"team_id": "No such team."}}
			}
			team = h.TeamID
		}
		if _, err := tx.exec("UPDATE conversations SET status = 'open', snoozed_until = NULL, assignee_id = NULL, team_id = ?, bot_state = 'handed_off', last_activity_at = ?, updated_at = ? WHERE id = ?",
			team, micro(tx.now), micro(tx.now), c.ID); err != nil {
			return fmt.Errorf("hand off conversation %d: %w", c.ID, err)
		}
		if c.Status == switchboard.StatusSnoozed {
			if err := tx.cancelJob(fmt.Sprintf("wake:%d", c.ID)); err != nil {
				return err
			}
		}
		text := "The bot handed the conversation over"
		if h.Reason != "" {
			text += ": " + h.Reason
		}
		if err := tx.addActivity(c, &switchboard.Activity{Action: "handed_off", TeamID: team, Note: h.Reason}, text); err != nil {
			return err
		}
		tx.emit(switchboard.EventConversationStatus, &c.InboxID, &c.ID, nil, map[string]any{"id": c.ID, "status": switchboard.StatusOpen, "previous_status": c.Status})
		tx.emit(switchboard.EventConversationAssigned, &c.InboxID, &c.ID, nil,
			map[string]any{"id": c.ID, "assignee_id": nil, "team_id": team, "previous_assignee_id": c.AssigneeID})
		if c.Bot != nil {
			tx.emit(switchboard.EventConversationUpdated, &c.InboxID, &c.ID, nil,
				map[string]any{"id": c.ID, "bot": switchboard.ConversationBot{State: switchboard.BotHandedOff}})
		}
		if c.AssigneeID != nil && !eqID(c.TeamID, team) {
			// Its agent's place in the old team freed.
			if err := tx.queueAutoAssignTeam(c.TeamID); err != nil {
				return err
			}
		}
		return tx.queueAssignment(c.InboxID, team) // it waits for a person; the bot is done with it
	})
}
