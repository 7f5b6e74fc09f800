package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.NotificationService = (*DB)(nil)

// notifyActor is the acting agent, whose notifications are the only ones reachable (an API
// token of an agent acts as that agent); the system and integrations have none.
func notifyActor(ctx context.Context) (switchboard.Actor, int64, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return actor, 0, err
	}
	if actor.Agent == nil {
		return actor, 0, switchboard.Errorf(switchboard.EINVALID, "Only agents have notifications.")
	}
	return actor, actor.Agent.ID, nil
}

// notificationScope is the condition on notifications' inbox_id for a scope: the inboxes the
// agent still sees, or none.
func notificationScope(s switchboard.InboxScope) string {
	switch {
	case s.All:
		return ""
	case len(s.IDs) == 0:
		return " AND inbox_id IS NULL"
	}
	return " AND (inbox_id IS NULL OR " + inScope("inbox_id", s) + ")"
}

const notificationColumns = "id, agent_id, trigger, event_id, inbox_id, conversation_id, message_id, actor_id, title, body, in_app, read_at, created_at"

func scanNotification(row scanner) (*switchboard.Notification, error) {
	var n switchboard.Notification
	var inbox, conv, msg, actor, read sql.NullInt64
	var created int64
	if err := row.Scan(&n.ID, &n.AgentID, &n.Trigger, &n.EventID, &inbox, &conv, &msg, &actor, &n.Title, &n.Body, &n.InApp, &read, &created); err != nil {
		return nil, err
	}
	n.InboxID, n.ConversationID, n.MessageID, n.ActorID = fromNullInt64(inbox), fromNullInt64(conv), fromNullInt64(msg), fromNullInt64(actor)
	n.ReadAt, n.CreatedAt = fromNullMicro(read), fromMicro(created)
	return &n, nil
}

// Notifications lists the acting agent's notifications the bell shows, newest first.
func (db *DB) Notifications(ctx context.Context, f *switchboard.NotificationFilter) (*switchboard.NotificationPage, error) {
	actor, me, err := notifyActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("agent_id = ? AND in_app", me)
	if f.Unread {
		w.add("read_at IS NULL")
	}
	if f.Cursor != "" {
		_, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		w.add("id < ?", id)
	}
	rows, err := db.query(ctx, "SELECT "+notificationColumns+" FROM notifications"+w.sql()+notificationScope(scope)+
		" ORDER BY id DESC"+limitSQL(f.Limit+1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	defer rows.Close()
	page := &switchboard.NotificationPage{Items: []*switchboard.Notification{}}
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, fmt.Errorf("notifications: %w", err)
		}
		page.Items = append(page.Items, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		page.NextCursor = encodeCursor(0, page.Items[f.Limit-1].ID)
	}
	if page.Unread, err = unreadNotifications(db.reader(ctx), me, scope); err != nil {
		return nil, err
	}
	return page, nil
}

// unreadNotifications counts an agent's unread notifications the bell shows.
func unreadNotifications(query queryFunc, agentID int64, scope switchboard.InboxScope) (int, error) {
	rows, err := query("SELECT COUNT(*) FROM notifications WHERE agent_id = ? AND in_app AND read_at IS NULL"+notificationScope(scope), agentID)
	if err != nil {
		return 0, fmt.Errorf("unread notifications: %w", err)
	}
	defer rows.Close()
	var n int
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, fmt.Errorf("unread notifications: %w", err)
		}
	}
	return n, rows.Err()
}

// MarkNotificationsRead marks the acting agent's notifications read (see
// switchboard.NotificationService) and tells their windows. Only the bell's count: the others
// are never listed (and the unread index holds the bell's alone).
func (db *DB) MarkNotificationsRead(ctx context.Context, r *switchboard.NotificationRead) (int, error) {
	actor, me, err := notifyActor(ctx)
	if err != nil {
		return 0, err
	}
	if err := r.Validate(); err != nil {
		return 0, err
	}
	var unread int
	err = db.update(ctx, func(tx *Tx) error {
		q, args := "UPDATE notifications SET read_at = ? WHERE agent_id = ? AND in_app AND read_at IS NULL", []any{micro(tx.now), me}
		if !r.All {
			in, ids := paddedInIDs("id", uniqueIDs(r.IDs))
			q, args = q+" AND "+in, append(args, ids...)
		}
		changed, err := tx.ids(q+" RETURNING id", args...)
		if err != nil {
			return fmt.Errorf("mark notifications read: %w", err)
		}
		scope, err := db.scopeTx(tx, actor)
		if err != nil {
			return err
		}
		if unread, err = unreadNotifications(tx.query, me, scope); err != nil {
			return err
		}
		if len(changed) > 0 {
			ids := []int64{}
			if !r.All {
				ids = uniqueIDs(changed)
			}
			tx.emitOwn(switchboard.EventNotificationRead, nil, nil, me, map[string]any{"ids": ids, "all": r.All, "unread": unread})
		}
		return nil
	})
	return unread, err
}

// NotificationSettings returns the acting agent's settings.
func (db *DB) NotificationSettings(ctx context.Context) (*switchboard.NotificationSettings, error) {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return nil, err
	}
	var raw, prefs string
	if err := db.queryRow(ctx, "SELECT notification_settings, preferences FROM agents WHERE id = ?", me).Scan(&raw, &prefs); err != nil {
		return nil, fmt.Errorf("notification settings of agent %d: %w", me, err)
	}
	return decodeNotificationSettings(raw, prefs), nil
}

// UpdateNotificationSettings replaces the acting agent's settings.
func (db *DB) UpdateNotificationSettings(ctx context.Context, s *switchboard.NotificationSettings) (*switchboard.NotificationSettings, error) {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	out := *s
	out.Triggers = make(map[switchboard.NotificationTrigger]switchboard.NotificationChoice, len(s.Triggers))
	for t, c := range s.Triggers {
		out.Triggers[t] = c
	}
	out.Normalize()
	if err := db.update(ctx, func(tx *Tx) error { return tx.saveNotificationSettings(me, &out) }); err != nil {
		return nil, err
	}
	return &out, nil
}

// saveNotificationSettings writes an agent's settings.
func (tx *Tx) saveNotificationSettings(agentID int64, s *switchboard.NotificationSettings) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE agents SET notification_settings = ? WHERE id = ?", string(raw), agentID); err != nil {
		return fmt.Errorf("save notification settings of agent %d: %w", agentID, err)
	}
	return nil
}

const pushSubscriptionColumns = "id, endpoint, user_agent, created_at, last_push_at"

func scanPushSubscription(row scanner) (*switchboard.PushSubscription, error) {
	var s switchboard.PushSubscription
	var created int64
	var last sql.NullInt64
	if err := row.Scan(&s.ID, &s.Endpoint, &s.UserAgent, &created, &last); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastPush = fromMicro(created), fromNullMicro(last)
	return &s, nil
}

// SubscribePush registers a browser for the acting agent's pushes (see
// switchboard.NotificationService): one row per endpoint, moved to the agent who registers it.
func (db *DB) SubscribePush(ctx context.Context, in *switchboard.PushSubscriptionInput) (*switchboard.PushSubscription, error) {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *switchboard.PushSubscription
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		out, err = scanPushSubscription(tx.queryRow(`INSERT INTO push_subscriptions (agent_id, endpoint, p256dh, auth, user_agent, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
			user_agent = excluded.user_agent, agent_id = excluded.agent_id,
			created_at = CASE WHEN push_subscriptions.agent_id = excluded.agent_id THEN push_subscriptions.created_at ELSE excluded.created_at END,
			last_push_at = CASE WHEN push_subscriptions.agent_id = excluded.agent_id THEN push_subscriptions.last_push_at END
			RETURNING `+pushSubscriptionColumns, me, in.Endpoint, in.Keys.P256dh, in.Keys.Auth, in.UserAgent, micro(tx.now)))
		if err != nil {
			return fmt.Errorf("subscribe push: %w", err)
		}
		// An agent keeps at most MaxPushSubscriptions browsers, the newest: every push goes to
		// each of them, so an unbounded list would have one notification call out that many
		// times to addresses the agent chose.
		if _, err := tx.exec(`DELETE FROM push_subscriptions WHERE agent_id = ? AND id NOT IN
			(SELECT id FROM push_subscriptions WHERE agent_id = ? ORDER BY id DESC LIMIT ?)`, me, me, switchboard.MaxPushSubscriptions); err != nil {
			return fmt.Errorf("subscribe push: forget the oldest browsers: %w", err)
		}
		return nil
	})
	return out, err
}

// PushSubscriptions lists the acting agent's browsers, oldest first.
func (db *DB) PushSubscriptions(ctx context.Context) ([]*switchboard.PushSubscription, error) {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+pushSubscriptionColumns+" FROM push_subscriptions WHERE agent_id = ? ORDER BY id", me)
	if err != nil {
		return nil, fmt.Errorf("push subscriptions: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.PushSubscription{}
	for rows.Next() {
		s, err := scanPushSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("push subscriptions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UnsubscribePush forgets one of the acting agent's browsers; another's is not found.
func (db *DB) UnsubscribePush(ctx context.Context, id int64) error {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM push_subscriptions WHERE id = ? AND agent_id = ?", id, me)
		if err != nil {
			return fmt.Errorf("unsubscribe push: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("unsubscribe push: %w", err)
		} else if n == 0 {
			return notFound("Push subscription")
		}
		return nil
	})
}

// SetActive records whether the acting agent has a Switchboard tab in front of them: until
// switchboard.NotificationActiveFor from now, or no longer. Tabs renew it every minute, so it
// shares commits with other writes (updateGrouped).
func (db *DB) SetActive(ctx context.Context, active bool) error {
	_, me, err := notifyActor(ctx)
	if err != nil {
		return err
	}
	return db.updateGrouped(ctx, uint64(me), func(tx *Tx) error {
		var until any
		if active {
			until = micro(tx.now.Add(switchboard.NotificationActiveFor))
		}
		if _, err := tx.exec("UPDATE agents SET notify_active_until = ? WHERE id = ?", until, me); err != nil {
			return fmt.Errorf("set active: %w", err)
		}
		return nil
	})
}

// VAPIDPublicKey returns the server's public key for browsers' subscriptions.
func (db *DB) VAPIDPublicKey(ctx context.Context) (string, error) {
	if _, _, err := notifyActor(ctx); err != nil {
		return "", err
	}
	k, err := db.vapidKeys(ctx)
	if err != nil {
		return "", err
	}
	return k.Public, nil
}

// notificationAgent reads an agent not deleted as the router knows them; ENOTFOUND when there
// is none.
func (db *DB) notificationAgent(ctx context.Context, agentID int64) (*switchboard.NotifyAgent, *switchboard.NotificationMailSettings, error) {
	m, _, err := db.notificationMail(ctx, db.read)
	if err != nil {
		return nil, nil, err
	}
	agents, err := loadNotifyAgents(db.reader(ctx), m.Enabled, db.now(), agentID)
	if err != nil {
		return nil, nil, err
	}
	a := agents[agentID]
	if a == nil {
		return nil, nil, notFound("Agent")
	}
	return a, m, nil
}

// paddedInIDs is inIDs with the list padded to a power of two by repeating its last id, so the
// statements of lists of any length have a few texts (see maxCachedStatements).
func paddedInIDs(col string, ids []int64) (string, []any) {
	if len(ids) == 0 {
		return inIDs(col, ids)
	}
	n := 1
	for n < len(ids) {
		n *= 2
	}
	args := anyIDs(ids)
	for len(args) < n {
		args = append(args, ids[len(ids)-1])
	}
	return col + " IN (" + placeholders(n) + ")", args
}
