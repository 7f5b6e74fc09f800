package sqlstore

// Notifications: the store keeps what package notify decides (switchboard.NotificationRouter).
// The follower (FollowNotifications) reads the event log after its cursor, loads the facts the
// router decides by (the agents, the conversations and messages the events name, as they are
// now), and keeps the router's deliveries, their live events, push jobs, the email queue and
// the cursor in one transaction per step: exactly once per event and agent (UNIQUE (event_id,
// agent_id), and the cursor moving with the rows). The ingest path pays nothing.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.NotificationStore = (*DB)(nil)

// lockNotifications names the follower's lock (PostgreSQL), with the schema, as lockReports
// does the reports'.
const lockNotifications int32 = 7302246

// defaultNotifyStep is FollowNotifications' limit when none is given.
const defaultNotifyStep = 200

// notifyJobAttempts bounds the attempts of a push and of a notification email.
const notifyJobAttempts = 8

// notificationPrefix starts the types of the notifications' own events, which the follower
// passes over (it wrote them).
const notificationPrefix = "notification."

// FollowNotifications does one step of the follower (system only); see
// switchboard.NotificationStore. It looks first, with a read, for an event after its cursor
// that is not one of its own, and takes the writer only when there is one.
func (db *DB) FollowNotifications(ctx context.Context, r switchboard.NotificationRouter, limit int) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	if limit <= 0 {
		limit = defaultNotifyStep
	}
	var pending bool
	if err := db.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE id > (SELECT cursor FROM notify_meta WHERE id = 1)
		AND type NOT LIKE 'notification.%')`).Scan(&pending); err != nil {
		return 0, fmt.Errorf("follow notifications: %w", err)
	}
	if !pending {
		return 0, nil
	}
	var done int
	err := db.update(ctx, func(tx *Tx) error {
		done = 0
		if got, err := tx.schemaLock(lockNotifications, true); err != nil || !got {
			return err
		}
		var cursor int64
		var m notifyMail
		if err := tx.queryRow("SELECT cursor, mail_enabled, mail_delay_minutes FROM notify_meta WHERE id = 1").Scan(&cursor, &m.enabled, &m.delay); err != nil {
			return err
		}
		events, err := tx.eventsAfter(cursor, limit)
		if err != nil || len(events) == 0 {
			return err
		}
		upTo, err := tx.notify(r, events, m)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE notify_meta SET cursor = ? WHERE id = 1", upTo); err != nil {
			return fmt.Errorf("move notification cursor: %w", err)
		}
		for _, e := range events {
			if e.ID <= upTo {
				done++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("follow notifications: %w", err)
	}
	return done, nil
}

// notifyMail is what the follower needs of the mail account.
type notifyMail struct {
	enabled bool
	delay   int // minutes
}

// notifyRow is one delivery to keep.
type notifyRow struct {
	e *switchboard.Event
	d switchboard.NotifyDelivery
}

// maxStepDeliveries bounds the notifications one step keeps: a burst of new conversations in an
// inbox hundreds of agents see would otherwise make one transaction of a hundred thousand rows,
// holding the writer. The step then ends after the event that passed it.
const maxStepDeliveries = 2000

// notify routes events and keeps the deliveries (see FollowNotifications). It returns the id of
// the last event it handled: all of them, or fewer when the deliveries passed
// maxStepDeliveries.
func (tx *Tx) notify(r switchboard.NotificationRouter, events []*switchboard.Event, m notifyMail) (int64, error) {
	upTo := events[len(events)-1].ID
	var todo []*switchboard.Event
	for _, e := range events {
		if !strings.HasPrefix(string(e.Type), notificationPrefix) && e.Type != switchboard.EventErased && r.Interesting(e.Type) {
			todo = append(todo, e)
		}
	}
	if len(todo) == 0 {
		return upTo, nil
	}
	f, err := tx.notifyFacts(todo, m.enabled)
	if err != nil {
		return 0, err
	}
	limit := maxStepDeliveries
	if tx.db.notifyStepCap > 0 {
		limit = tx.db.notifyStepCap
	}
	var rows []notifyRow
	seen := map[[2]int64]bool{}
	for i, e := range todo {
		if len(rows) >= limit {
			upTo = todo[i-1].ID
			break
		}
		for _, d := range r.Route(e, f) {
			a := f.Agents[d.AgentID]
			switch {
			case a == nil, e.ActorID != nil && *e.ActorID == d.AgentID, seen[[2]int64{e.ID, d.AgentID}],
				!d.InApp && !d.Push && !d.Email && d.Sound == "":
				continue
			case d.ConversationID != nil && f.Conversations[*d.ConversationID] == nil:
				continue // deleted since the event: it took its notifications with it
			case d.InboxID != nil && !a.Scope.Has(*d.InboxID):
				continue
			}
			seen[[2]int64{e.ID, d.AgentID}] = true
			d.Push = d.Push && a.Push
			d.Email = d.Email && a.Mail
			rows = append(rows, notifyRow{e: e, d: d})
		}
	}
	return upTo, tx.keepNotifications(rows, m)
}

// keepNotifications writes the rows, their live events, push jobs and email jobs.
func (tx *Tx) keepNotifications(rows []notifyRow, m notifyMail) error {
	if len(rows) == 0 {
		return nil
	}
	values := make([][]any, len(rows))
	for i, r := range rows {
		email := ""
		if r.d.Email {
			email = "pending"
		}
		values[i] = []any{r.d.AgentID, string(r.d.Trigger), r.e.ID, r.d.InboxID, r.d.ConversationID, r.d.MessageID, r.e.ActorID,
			r.d.Title, r.d.Body, r.d.InApp, email, micro(r.e.CreatedAt)}
	}
	ids, err := tx.insertEach("notifications (agent_id, trigger, event_id, inbox_id, conversation_id, message_id, actor_id, title, body, in_app, email_state, created_at)",
		values, " ON CONFLICT (event_id, agent_id) DO NOTHING", true)
	if err != nil {
		return fmt.Errorf("keep notifications: %w", err)
	}
	byRow, err := tx.notificationIDs(rows, ids)
	if err != nil {
		return err
	}
	var pushAgents, mailAgents []int64
	for i, r := range rows {
		if byRow[i] == 0 {
			continue // kept by an earlier step
		}
		if r.d.Push {
			pushAgents = append(pushAgents, r.d.AgentID)
		}
		if r.d.Email {
			mailAgents = append(mailAgents, r.d.AgentID)
		}
	}
	subs, err := tx.pushSubscriptionIDs(pushAgents)
	if err != nil {
		return err
	}
	var pushes []any
	var pushKeys []string
	for i, r := range rows {
		id := byRow[i]
		if id == 0 {
			continue
		}
		d := r.d
		if d.Live() {
			n := &switchboard.Notification{ID: id, AgentID: d.AgentID, Trigger: d.Trigger, EventID: r.e.ID, InboxID: d.InboxID,
				ConversationID: d.ConversationID, MessageID: d.MessageID, ActorID: r.e.ActorID, Title: d.Title, Body: d.Body,
				InApp: d.InApp, Sound: d.Sound, CreatedAt: r.e.CreatedAt}
			tx.emitOwn(switchboard.EventNotificationCreated, d.InboxID, d.ConversationID, d.AgentID, n)
		}
		if d.Push {
			for _, sub := range subs[d.AgentID] {
				pushes = append(pushes, switchboard.SendPushArgs{NotificationID: id, SubscriptionID: sub})
				pushKeys = append(pushKeys, fmt.Sprintf("push:%d:%d", id, sub))
			}
		}
	}
	if err := tx.enqueueNew(switchboard.JobSendPush, pushes, pushKeys, jobOptions{maxAttempts: notifyJobAttempts}); err != nil {
		return err
	}
	return tx.queueNotificationEmails(uniqueIDs(mailAgents), m.delay, false)
}

// emitOwn emits one of the notifications' events, addressed to its agent alone. Webhooks, rules
// and the analysis pass over it (see Tx.copies): it repeats for one agent what the log told.
func (tx *Tx) emitOwn(typ switchboard.EventType, inboxID, conversationID *int64, agentID int64, data any) {
	tx.emit(typ, inboxID, conversationID, &agentID, data)
	tx.markCopy(tx.events[len(tx.events)-1])
}

// notificationIDs returns the id of each row's notification, 0 for rows an earlier step kept
// already (their INSERT did nothing).
func (tx *Tx) notificationIDs(rows []notifyRow, ids []int64) ([]int64, error) {
	out := make([]int64, len(rows))
	if len(ids) == len(rows) {
		copy(out, ids)
		return out, nil
	}
	idx := map[[2]int64]int{}
	for i, r := range rows {
		idx[[2]int64{r.e.ID, r.d.AgentID}] = i
	}
	err := tx.queryIn("SELECT id, event_id, agent_id FROM notifications WHERE id IN (%s)", placeholders, anyIDs(ids), nil, func(rs *sql.Rows) error {
		var id, ev, agent int64
		if err := rs.Scan(&id, &ev, &agent); err != nil {
			return err
		}
		if i, ok := idx[[2]int64{ev, agent}]; ok {
			out[i] = id
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("keep notifications: %w", err)
	}
	return out, nil
}

// pushSubscriptionIDs returns the subscriptions of agents, by agent.
func (tx *Tx) pushSubscriptionIDs(agents []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	err := tx.queryIn("SELECT DISTINCT id, agent_id FROM push_subscriptions WHERE agent_id IN (%s)", placeholders, uniqueAny(agents), nil,
		func(rs *sql.Rows) error {
			var id, agent int64
			err := rs.Scan(&id, &agent)
			out[agent] = append(out[agent], id)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("push subscriptions: %w", err)
	}
	return out, nil
}

// notifyEmailKey is the unique key of an agent's email job.
func notifyEmailKey(agentID int64) string { return "notify_email:" + strconv.FormatInt(agentID, 10) }

// queueNotificationEmails enqueues the email job of each agent, due delay minutes from now, who
// has none waiting. One running may have read its batch already: enqueueing under its key has
// it run once more, delay minutes later, for what came meanwhile (whichever of this step and
// its NotificationEmailSent commits first, neither misses the other's rows). With again, the
// job is enqueued whatever there is: the caller is the running job.
func (tx *Tx) queueNotificationEmails(agents []int64, delay int, again bool) error {
	if len(agents) == 0 {
		return nil
	}
	live := map[string]bool{}
	if !again {
		keys := make([]any, len(agents))
		for i, a := range agents {
			keys[i] = notifyEmailKey(a)
		}
		err := tx.queryIn("SELECT unique_key FROM jobs WHERE unique_key IN (%s) AND state = 'available'", placeholders, keys, nil,
			func(rs *sql.Rows) error {
				var k string
				err := rs.Scan(&k)
				live[k] = true
				return err
			})
		if err != nil {
			return fmt.Errorf("notification email jobs: %w", err)
		}
	}
	if delay <= 0 {
		delay = 5
	}
	for _, a := range agents {
		if live[notifyEmailKey(a)] {
			continue
		}
		if err := tx.enqueue(switchboard.JobSendNotificationEmail, switchboard.SendNotificationEmailArgs{AgentID: a},
			jobOptions{runAt: tx.now.Add(time.Duration(delay) * time.Minute), maxAttempts: notifyJobAttempts, uniqueKey: notifyEmailKey(a)}); err != nil {
			return err
		}
	}
	return nil
}

// notifyFacts loads the facts events are routed by: every agent not deleted, and the
// conversations and messages the events name, as they are now.
func (tx *Tx) notifyFacts(events []*switchboard.Event, mailOn bool) (*switchboard.NotifyFacts, error) {
	f := &switchboard.NotifyFacts{Conversations: map[int64]*switchboard.NotifyConversation{}, Messages: map[int64]*switchboard.NotifyMsg{}, Now: tx.now}
	var err error
	if f.Agents, err = loadNotifyAgents(tx.query, mailOn, tx.now, 0); err != nil {
		return nil, err
	}
	var convs, msgs []int64
	for _, e := range events {
		if e.ConversationID != nil {
			convs = append(convs, *e.ConversationID)
		}
		if e.Type == switchboard.EventMessageCreated || e.Type == switchboard.EventMessageUpdated {
			var m struct {
				ID int64 `json:"id"`
			}
			if json.Unmarshal(e.Data, &m) == nil && m.ID != 0 {
				msgs = append(msgs, m.ID)
			}
		}
	}
	err = tx.queryIn(`SELECT c.id, c.inbox_id, c.assignee_id, c.status, c.subject,
		CASE WHEN ct.name <> '' THEN ct.name WHEN ct.phone <> '' THEN ct.phone ELSE ct.email END
		FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id IN (%s)`, placeholders, uniqueAny(convs), nil,
		func(rs *sql.Rows) error {
			var c switchboard.NotifyConversation
			var assignee sql.NullInt64
			if err := rs.Scan(&c.ID, &c.InboxID, &assignee, &c.Status, &c.Subject, &c.ContactName); err != nil {
				return err
			}
			c.AssigneeID = fromNullInt64(assignee)
			f.Conversations[c.ID] = &c
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("notification facts: conversations: %w", err)
	}
	err = tx.queryIn(`SELECT id, conversation_id, direction, kind, sender_type, sender_id, sender_name, text, mentions, status
		FROM messages WHERE id IN (%s)`, placeholders, uniqueAny(msgs), nil, func(rs *sql.Rows) error {
		var m switchboard.NotifyMsg
		var kind, mentions string
		var sender sql.NullInt64
		if err := rs.Scan(&m.ID, &m.ConversationID, &m.Direction, &kind, &m.SenderType, &sender, &m.SenderName, &m.Text, &mentions, &m.Status); err != nil {
			return err
		}
		m.SenderID, m.Note = fromNullInt64(sender), kind == string(switchboard.KindNote)
		for _, s := range strings.Split(mentions, ",") {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				m.Mentions = append(m.Mentions, id)
			}
		}
		f.Messages[m.ID] = &m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("notification facts: messages: %w", err)
	}
	return f, nil
}

// loadNotifyAgents reads the agents not deleted (only agentID's when it is not 0) with their
// settings, scope, and whether they are active, have a browser subscribed and get emails.
func loadNotifyAgents(query queryFunc, mailOn bool, now time.Time, agentID int64) (map[int64]*switchboard.NotifyAgent, error) {
	q := `SELECT a.id, a.name, a.email, a.role, a.language, a.time_zone, a.notification_settings, a.preferences,
		COALESCE(a.notify_active_until, 0), EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.agent_id = a.id)
		FROM agents a WHERE a.deleted_at IS NULL`
	args := []any{}
	if agentID != 0 {
		q += " AND a.id = ?"
		args = append(args, agentID)
	}
	rows, err := query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("notification facts: agents: %w", err)
	}
	out, zones := map[int64]*switchboard.NotifyAgent{}, map[string]*time.Location{}
	for rows.Next() {
		var a switchboard.NotifyAgent
		var role, zone, settings, prefs string
		var active int64
		if err := rows.Scan(&a.ID, &a.Name, &a.Email, &role, &a.Language, &zone, &settings, &prefs, &active, &a.Push); err != nil {
			rows.Close()
			return nil, fmt.Errorf("notification facts: agents: %w", err)
		}
		a.Location, a.Settings = agentLocation(zones, zone), decodeNotificationSettings(settings, prefs)
		a.Mail, a.Active = mailOn && a.Email != "", active > micro(now)
		if role == string(switchboard.RoleAdmin) || role == string(switchboard.RoleSupervisor) {
			a.Scope = switchboard.InboxScope{All: true}
		} else {
			a.Scope = switchboard.InboxScope{IDs: map[int64]bool{}}
		}
		out[a.ID] = &a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notification facts: agents: %w", err)
	}
	// Every membership in one read, directly or through a team.
	q = `SELECT inbox_id, agent_id FROM inbox_members UNION SELECT it.inbox_id, tm.agent_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id`
	if agentID != 0 {
		q = `SELECT inbox_id, agent_id FROM inbox_members WHERE agent_id = ?
			UNION SELECT it.inbox_id, tm.agent_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE tm.agent_id = ?`
		args = append(args, agentID)
	}
	if rows, err = query(q, args...); err != nil {
		return nil, fmt.Errorf("notification facts: scopes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var inbox, agent int64
		if err := rows.Scan(&inbox, &agent); err != nil {
			return nil, fmt.Errorf("notification facts: scopes: %w", err)
		}
		if a := out[agent]; a != nil && !a.Scope.All {
			a.Scope.IDs[inbox] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notification facts: scopes: %w", err)
	}
	return out, nil
}

// agentLocation returns an agent's time zone, UTC when it is unknown; zones keeps those loaded
// (most agents share a few).
func agentLocation(zones map[string]*time.Location, name string) *time.Location {
	if l, ok := zones[name]; ok {
		return l
	}
	l, err := time.LoadLocation(name)
	if err != nil || name == "" {
		l = time.UTC
	}
	zones[name] = l
	return l
}

// decodeNotificationSettings reads an agent's stored settings, complete (Normalize). Empty (never
// saved) are the defaults with what the agent's old preferences asked for: a sound, or desktop
// notifications (now pushes), for new unassigned conversations and customers' messages.
func decodeNotificationSettings(raw, prefs string) *switchboard.NotificationSettings {
	if raw != "" {
		var s switchboard.NotificationSettings
		if json.Unmarshal([]byte(raw), &s) == nil {
			s.Normalize()
			return &s
		}
	}
	s := switchboard.DefaultNotificationSettings()
	var old struct {
		Sound   bool `json:"sound"`
		Desktop bool `json:"desktop"`
	}
	if json.Unmarshal([]byte(prefs), &old) == nil {
		for _, t := range []switchboard.NotificationTrigger{switchboard.NotifyUnassigned, switchboard.NotifyMessage} {
			c := s.Triggers[t]
			c.Sound, c.Push = c.Sound || old.Sound, c.Push || old.Desktop
			s.Triggers[t] = c
		}
	}
	return s
}
