package sqlstore

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.NotificationMailService = (*DB)(nil)

// The associated data that bind the sealed secrets of notify_meta to their use.
var (
	vapidPrivateAD = []byte("notify:vapid_private")
	notifyMailAD   = []byte("notify:mail_password")
)

// maxEmailBatch bounds the notifications one email carries; the rest go in the next.
const maxEmailBatch = 100

// VAPIDKeys returns the server's VAPID keys (system only), made on first use.
func (db *DB) VAPIDKeys(ctx context.Context) (*switchboard.VAPIDKeys, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	return db.vapidKeys(ctx)
}

// vapidKeys reads the keys, or makes a pair and keeps it unless another node kept one first: the
// pair read back is the one every node uses.
func (db *DB) vapidKeys(ctx context.Context) (*switchboard.VAPIDKeys, error) {
	var public, sealed string
	if err := db.queryRow(ctx, "SELECT vapid_public, vapid_private FROM notify_meta WHERE id = 1").Scan(&public, &sealed); err != nil {
		return nil, fmt.Errorf("vapid keys: %w", err)
	}
	if public == "" {
		key, err := ecdh.P256().GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("vapid keys: %w", err)
		}
		enc := base64.RawURLEncoding
		err = db.update(ctx, func(tx *Tx) error {
			if _, err := tx.exec("UPDATE notify_meta SET vapid_public = ?, vapid_private = ? WHERE id = 1 AND vapid_public = ''",
				enc.EncodeToString(key.PublicKey().Bytes()), db.box.Seal([]byte(enc.EncodeToString(key.Bytes())), vapidPrivateAD)); err != nil {
				return err
			}
			return tx.queryRow("SELECT vapid_public, vapid_private FROM notify_meta WHERE id = 1").Scan(&public, &sealed)
		})
		if err != nil {
			return nil, fmt.Errorf("vapid keys: %w", err)
		}
	}
	private, err := db.box.Open(sealed, vapidPrivateAD)
	if err != nil {
		return nil, fmt.Errorf("open vapid key: %w", err)
	}
	return &switchboard.VAPIDKeys{Private: string(private), Public: public}, nil
}

// PushDelivery loads one push to send (system only): ENOTFOUND when the subscription or the
// notification is gone, the subscription is no longer the notification's agent's, or the agent
// was deleted or no longer sees the notification's inbox.
func (db *DB) PushDelivery(ctx context.Context, a switchboard.SendPushArgs) (*switchboard.PushDelivery, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	row := db.queryRow(ctx, `SELECT s.id, s.endpoint, s.user_agent, s.created_at, s.last_push_at, s.p256dh, s.auth, ag.language, ag.role, n.`+
		strings.ReplaceAll(notificationColumns, ", ", ", n.")+`
		FROM push_subscriptions s JOIN notifications n ON n.agent_id = s.agent_id JOIN agents ag ON ag.id = n.agent_id AND ag.deleted_at IS NULL
		WHERE s.id = ? AND n.id = ?`, a.SubscriptionID, a.NotificationID)
	var d switchboard.PushDelivery
	var s switchboard.PushSubscription
	var n switchboard.Notification
	var created int64
	var last, inbox, conv, msg, actor, read sql.NullInt64
	var role string
	var nCreated int64
	err := row.Scan(&s.ID, &s.Endpoint, &s.UserAgent, &created, &last, &d.P256dh, &d.Auth, &d.AgentLanguage, &role,
		&n.ID, &n.AgentID, &n.Trigger, &n.EventID, &inbox, &conv, &msg, &actor, &n.Title, &n.Body, &n.InApp, &read, &nCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Push")
	} else if err != nil {
		return nil, fmt.Errorf("push delivery: %w", err)
	}
	s.CreatedAt, s.LastPush = fromMicro(created), fromNullMicro(last)
	n.InboxID, n.ConversationID, n.MessageID, n.ActorID = fromNullInt64(inbox), fromNullInt64(conv), fromNullInt64(msg), fromNullInt64(actor)
	n.ReadAt, n.CreatedAt = fromNullMicro(read), fromMicro(nCreated)
	if n.InboxID != nil {
		scope, err := db.scope(ctx, switchboard.Actor{Agent: &switchboard.Agent{ID: n.AgentID, Role: switchboard.Role(role)}})
		if err != nil {
			return nil, err
		}
		if !scope.Has(*n.InboxID) {
			return nil, notFound("Push")
		}
	}
	d.Subscription, d.Notification = &s, &n
	return &d, nil
}

// PushSent records that the push service accepted a push (system only).
func (db *DB) PushSent(ctx context.Context, subscriptionID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.updateGrouped(ctx, 0, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE push_subscriptions SET last_push_at = ? WHERE id = ?", micro(tx.now), subscriptionID); err != nil {
			return fmt.Errorf("push sent: %w", err)
		}
		return nil
	})
}

// PushGone forgets a subscription its push service says expired (system only).
func (db *DB) PushGone(ctx context.Context, subscriptionID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM push_subscriptions WHERE id = ?", subscriptionID); err != nil {
			return fmt.Errorf("push gone: %w", err)
		}
		return nil
	})
}

// PendingNotificationEmail returns an agent's notifications waiting for an email (system only),
// oldest first and at most maxEmailBatch; nil when there are none, the agent was deleted or the
// mail account is off. Those the agent no longer wants by email (their settings changed, or
// they unsubscribed), those of inboxes they no longer see, and all of them when the account is
// off, are forgotten: they will never be sent.
func (db *DB) PendingNotificationEmail(ctx context.Context, agentID int64) (*switchboard.NotificationEmail, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	a, m, err := db.notificationAgent(ctx, agentID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+notificationColumns+" FROM notifications WHERE agent_id = ? AND email_state = 'pending' ORDER BY id"+
		limitSQL(maxEmailBatch), agentID)
	if err != nil {
		return nil, fmt.Errorf("pending notification email: %w", err)
	}
	var keep []*switchboard.Notification
	var drop []int64
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("pending notification email: %w", err)
		}
		if !a.Mail || !a.Settings.Choice(n.Trigger).Email || (n.InboxID != nil && !a.Scope.Has(*n.InboxID)) {
			drop = append(drop, n.ID)
		} else {
			keep = append(keep, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending notification email: %w", err)
	}
	if len(drop) > 0 {
		err := db.update(ctx, func(tx *Tx) error {
			in, args := paddedInIDs("id", drop)
			_, err := tx.exec("UPDATE notifications SET email_state = '' WHERE email_state = 'pending' AND agent_id = ? AND "+in, append([]any{agentID}, args...)...)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("pending notification email: %w", err)
		}
	}
	if len(keep) == 0 {
		if m.Enabled && len(drop) == maxEmailBatch {
			return db.PendingNotificationEmail(ctx, agentID) // a whole batch forgotten: there may be more
		}
		return nil, nil
	}
	password, err := db.NotificationMailPassword(ctx, m)
	if err != nil {
		return nil, err
	}
	return &switchboard.NotificationEmail{Agent: a, Notifications: keep, Mail: m, MailPassword: password}, nil
}

// NotificationEmailSent marks an agent's notifications emailed (system only), and queues the
// agent's next email when more are waiting.
func (db *DB) NotificationEmailSent(ctx context.Context, agentID int64, ids []int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		for chunk := range slices.Chunk(uniqueIDs(ids), 500) {
			in, args := paddedInIDs("id", chunk)
			if _, err := tx.exec("UPDATE notifications SET email_state = 'sent' WHERE agent_id = ? AND email_state = 'pending' AND "+in,
				append([]any{agentID}, args...)...); err != nil {
				return fmt.Errorf("notification email sent: %w", err)
			}
		}
		var more bool
		if err := tx.queryRow("SELECT EXISTS (SELECT 1 FROM notifications WHERE agent_id = ? AND email_state = 'pending')", agentID).Scan(&more); err != nil {
			return fmt.Errorf("notification email sent: %w", err)
		}
		if !more {
			return nil
		}
		var delay int
		if err := tx.queryRow("SELECT mail_delay_minutes FROM notify_meta WHERE id = 1").Scan(&delay); err != nil {
			return fmt.Errorf("notification email sent: %w", err)
		}
		return tx.queueNotificationEmails([]int64{agentID}, delay, true)
	})
}

// StopNotificationEmail turns every trigger's email off for an agent (system only): the
// unsubscribe link of their emails. What was waiting is not sent (PendingNotificationEmail).
func (db *DB) StopNotificationEmail(ctx context.Context, agentID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var raw, prefs string
		err := tx.queryRow("SELECT notification_settings, preferences FROM agents WHERE id = ? AND deleted_at IS NULL", agentID).Scan(&raw, &prefs)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Agent")
		} else if err != nil {
			return fmt.Errorf("stop notification email: %w", err)
		}
		s := decodeNotificationSettings(raw, prefs)
		for t, c := range s.Triggers {
			c.Email = false
			s.Triggers[t] = c
		}
		if err := tx.saveNotificationSettings(agentID, s); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE notifications SET email_state = '' WHERE agent_id = ? AND email_state = 'pending'", agentID); err != nil {
			return fmt.Errorf("stop notification email: %w", err)
		}
		return tx.cancelJob(notifyEmailKey(agentID))
	})
}

// PruneNotifications deletes the notifications made before a time (system only).
func (db *DB) PruneNotifications(ctx context.Context, before time.Time) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM notifications WHERE created_at < ?", micro(before))
		if err != nil {
			return fmt.Errorf("prune notifications: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// notificationMail reads the mail account, without its password, and the sealed password.
func (db *DB) notificationMail(ctx context.Context, q rowQueryer) (*switchboard.NotificationMailSettings, string, error) {
	var m switchboard.NotificationMailSettings
	var sealed string
	err := q.QueryRowContext(ctx, db.q(`SELECT mail_enabled, mail_host, mail_port, mail_security, mail_username, mail_password,
		mail_from_address, mail_from_name, mail_delay_minutes FROM notify_meta WHERE id = 1`)).
		Scan(&m.Enabled, &m.Host, &m.Port, &m.Security, &m.Username, &sealed, &m.FromAddress, &m.FromName, &m.DelayMinutes)
	if err != nil {
		return nil, "", fmt.Errorf("notification mail: %w", err)
	}
	m.HasPassword = sealed != ""
	return &m, sealed, nil
}

// NotificationMail returns the notification emails' account, without its password; admins only.
func (db *DB) NotificationMail(ctx context.Context) (*switchboard.NotificationMailSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	m, _, err := db.notificationMail(ctx, db.read)
	return m, err
}

// UpdateNotificationMail changes the account; admins only. A password left "" keeps the kept
// one (none is kept without a username: there is nobody to sign in as).
func (db *DB) UpdateNotificationMail(ctx context.Context, in *switchboard.NotificationMailSettings) (*switchboard.NotificationMailSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	out := *in
	out.Password = ""
	err := db.update(ctx, func(tx *Tx) error {
		kept, sealed, err := db.notificationMail(tx.ctx, tx.tx)
		if err != nil {
			return err
		}
		switch {
		case in.Username == "":
			sealed = ""
		case in.Password != "":
			sealed = db.box.Seal([]byte(in.Password), notifyMailAD)
		case sealed != "" && !kept.SameServer(in):
			return switchboard.ErrMailPasswordAgain()
		}
		out.HasPassword = sealed != ""
		if _, err := tx.exec(`UPDATE notify_meta SET mail_enabled = ?, mail_host = ?, mail_port = ?, mail_security = ?, mail_username = ?,
			mail_password = ?, mail_from_address = ?, mail_from_name = ?, mail_delay_minutes = ? WHERE id = 1`,
			in.Enabled, in.Host, in.Port, in.Security, in.Username, sealed, in.FromAddress, in.FromName, in.DelayMinutes); err != nil {
			return fmt.Errorf("save notification mail: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// NotificationMailPassword returns the account's kept password in clear ("" for none) for
// settings naming its server and user; the system and admins (the test email of settings
// whose password was left empty).
func (db *DB) NotificationMailPassword(ctx context.Context, m *switchboard.NotificationMailSettings) (string, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return "", err
	}
	kept, sealed, err := db.notificationMail(ctx, db.read)
	if err != nil || sealed == "" {
		return "", err
	}
	if !kept.SameServer(m) {
		return "", switchboard.ErrMailPasswordAgain()
	}
	raw, err := db.box.Open(sealed, notifyMailAD)
	if err != nil {
		return "", fmt.Errorf("open notification mail password: %w", err)
	}
	return string(raw), nil
}
