package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.VisitorEmailStore = (*DB)(nil)

// ScheduleVisitorEmail queues the job that emails a reply to a web chat visitor who left: one
// live job per conversation, which a later reply moves to its own time, so that two never run
// at once and one mail carries the replies of a burst.
func (db *DB) ScheduleVisitorEmail(ctx context.Context, conversationID, messageID int64, at time.Time) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		return tx.enqueue(switchboard.JobEmailVisitor, switchboard.EmailVisitorArgs{ConversationID: conversationID, MessageID: messageID},
			jobOptions{runAt: at, maxAttempts: 50, uniqueKey: fmt.Sprintf("email-visitor:%d", conversationID)})
	})
}

// VisitorEmail reads what continuity by email needs of a conversation: its contact's email, the
// contact's visitors, and the team's messages after both the visitors' read marks and what was
// emailed already.
func (db *DB) VisitorEmail(ctx context.Context, conversationID int64) (*switchboard.VisitorEmail, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	out := &switchboard.VisitorEmail{ReplyKey: db.replyKey(conversationID)}
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		out.Conversation = c
		var attrs string
		if err := tx.queryRow("SELECT email, name, attributes FROM contacts WHERE id = ?", c.ContactID).Scan(&out.Email, &out.Name, &attrs); err != nil {
			return fmt.Errorf("visitor email: %w", err)
		}
		if out.Email == "" {
			// The address the visitor typed (the pre-chat or out-of-hours form) or the site
			// passed unsigned: theirs to be written at, never an address of the contact.
			out.Email = strings.ToLower(strings.TrimSpace(unverifiedEmail(attrs)))
		}
		rows, err := tx.query("SELECT id FROM visitors WHERE contact_id = ? AND inbox_id = ? ORDER BY id", c.ContactID, c.InboxID)
		if err != nil {
			return fmt.Errorf("visitor email: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			out.VisitorIDs = append(out.VisitorIDs, id)
		}
		rows.Close()
		var seen int64
		if err := tx.queryRow(`SELECT MAX(x) FROM (
			SELECT COALESCE(MAX(r.message_id), 0) AS x FROM visitor_reads r JOIN visitors v ON v.id = r.visitor_id
				WHERE r.conversation_id = ? AND v.contact_id = ?
			UNION ALL SELECT COALESCE(MAX(message_id), 0) FROM visitor_emails WHERE conversation_id = ?) marks`,
			conversationID, c.ContactID, conversationID).Scan(&seen); err != nil {
			return fmt.Errorf("visitor email: %w", err)
		}
		rows, err = tx.query(`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? AND direction = 'outgoing'
			AND kind <> 'activity' AND deleted_at IS NULL AND status NOT IN ('failed', 'read') AND id > ? ORDER BY id`, conversationID, seen)
		if err != nil {
			return fmt.Errorf("visitor email: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			out.Replies = append(out.Replies, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordVisitorEmail moves the conversation's emailed mark up to upTo (never back), remembers
// the email inbox the visitor may answer through, and writes the milestone.
func (db *DB) RecordVisitorEmail(ctx context.Context, conversationID, emailInboxID, upTo int64, to string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO visitor_emails (conversation_id, email_inbox_id, address, message_id, emailed_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (conversation_id) DO UPDATE SET email_inbox_id = excluded.email_inbox_id, address = excluded.address,
				message_id = CASE WHEN excluded.message_id > visitor_emails.message_id THEN excluded.message_id ELSE visitor_emails.message_id END,
				emailed_at = excluded.emailed_at`, conversationID, emailInboxID, strings.ToLower(to), upTo, micro(tx.now)); err != nil {
			return fmt.Errorf("record visitor email: %w", err)
		}
		return tx.addActivity(c, &switchboard.Activity{Action: "emailed_visitor", TargetID: &upTo, Note: to}, "Emailed to the visitor ("+to+")")
	})
}

// continuation finds, for a threaded message received by an email inbox, a conversation of
// another inbox that was emailed through it (see RecordVisitorEmail) and that a signed reply key
// of the message names, when the sender is the address it was emailed to: the conversation's
// contact. The message then goes there, as from the contact's address on that conversation's
// channel.
func (tx *Tx) continuation(in *switchboard.InboundMessage) (*switchboard.InboundMessage, error) {
	from, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, in.From)
	if err != nil {
		return nil, nil // receiveMessage refuses the address
	}
	for _, s := range append(append([]string{}, in.References...), in.Recipients...) {
		for _, id := range tx.db.replyKeys(s) {
			var inbox, contact int64
			err := tx.queryRow(`SELECT c.inbox_id, c.contact_id FROM visitor_emails e JOIN conversations c ON c.id = e.conversation_id
				WHERE e.conversation_id = ? AND e.email_inbox_id = ? AND e.address = ?`, id, in.InboxID, from).Scan(&inbox, &contact)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("continuation: %w", err)
			}
			kind, err := tx.inboxKind(inbox)
			if err != nil {
				return nil, err
			}
			var external string
			err = tx.queryRow("SELECT external_id FROM identities WHERE contact_id = ? AND kind = ? ORDER BY id LIMIT 1",
				contact, string(switchboard.IdentityKindFor(kind))).Scan(&external)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("continuation: %w", err)
			}
			out := *in
			out.InboxID, out.From, out.Recipients, out.References = inbox, external, []string{"sb." + tx.db.replyKey(id)}, nil
			return &out, nil
		}
	}
	return nil, nil
}
