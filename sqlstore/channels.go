package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ChannelService = (*DB)(nil)

// ReceiveBatch records a verified provider webhook in one transaction.
func (db *DB) ReceiveBatch(ctx context.Context, b *switchboard.InboundBatch) (*switchboard.BatchResult, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.ActsForInbox(b.InboxID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the inbox's channel records its webhooks.")
	}
	b.Clean() // text PostgreSQL refuses is marked, not refused: see switchboard.StorableText
	// Messages in the order the customer sent them: providers batch and reorder.
	msgs := make([]*switchboard.InboundMessage, 0, len(b.Messages))
	for _, m := range b.Messages {
		m.InboxID = b.InboxID
		msgs = append(msgs, m)
	}
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].SentAt.Before(msgs[j].SentAt) })
	ctx = switchboard.NewSystemContext(ctx)
	res, err := db.receiveBatch(ctx, b, msgs)
	if isUniqueViolation(err) {
		// A concurrent delivery of the same webhook committed first: this time we find it.
		res, err = db.receiveBatch(ctx, b, msgs)
	}
	return res, err
}

// batchLane keys a webhook by its inbox and first sender, so that one customer's webhooks
// keep to one committer (see updateGrouped).
func batchLane(b *switchboard.InboundBatch) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, b.InboxID)
	switch {
	case len(b.Messages) > 0:
		h.Write([]byte(b.Messages[0].From))
	case len(b.Reactions) > 0:
		h.Write([]byte(b.Reactions[0].From))
	}
	return h.Sum64()
}

func (db *DB) receiveBatch(ctx context.Context, b *switchboard.InboundBatch, msgs []*switchboard.InboundMessage) (*switchboard.BatchResult, error) {
	res := &switchboard.BatchResult{}
	var unsentFiles []string
	err := db.updateGrouped(ctx, batchLane(b), func(tx *Tx) error {
		*res = switchboard.BatchResult{} // the function may run twice: see updateGrouped
		unsentFiles = nil
		kind, err := tx.inboxKind(b.InboxID)
		if err != nil {
			return err
		}
		if len(b.Raw) > 0 {
			tx.keepPayload(b.InboxID, string(b.Raw))
		}
		for _, in := range msgs {
			if err := in.Validate(); err != nil {
				return err
			}
			_, _, created, err := tx.receiveMessage(kind, in, false)
			if err != nil {
				return err
			}
			if created {
				res.Created++
			} else {
				res.Duplicates++
			}
			if created && in.ProviderID != "" && in.Milestone == nil && !in.Echo && !in.FromBot {
				keys, err := tx.unsentEarly(b.InboxID, in.ProviderID)
				if err != nil {
					return err
				}
				unsentFiles = append(unsentFiles, keys...)
			}
		}
		for _, st := range b.Statuses {
			moved, err := tx.reportStatus(b.InboxID, st)
			if err != nil {
				return err
			}
			if moved {
				res.Statuses++
			}
		}
		for _, e := range b.Edits {
			if err := tx.receiveEdit(b.InboxID, e); err != nil {
				return err
			}
		}
		for _, id := range b.Unsent {
			keys, err := tx.receiveUnsent(b.InboxID, id)
			if err != nil {
				return err
			}
			unsentFiles = append(unsentFiles, keys...)
		}
		for _, r := range b.Reactions {
			changed, err := tx.receiveReaction(kind, b.InboxID, r)
			if err != nil {
				return err
			}
			if changed {
				res.Reactions++
			}
		}
		if c := b.Cursor; c != nil {
			if _, err := tx.exec(`INSERT INTO mail_cursors (inbox_id, folder, uid_validity, last_uid) VALUES (?, ?, ?, ?)
				ON CONFLICT (inbox_id, folder) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid`,
				b.InboxID, c.Folder, int64(c.UIDValidity), int64(c.UID)); err != nil {
				return fmt.Errorf("save mail cursor: %w", err)
			}
		}
		return tx.noteWebhook(b.InboxID)
	})
	if err != nil {
		return nil, err
	}
	db.deleteFiles(ctx, unsentFiles)
	return res, nil
}

// noteWebhook records when the inbox last heard from its provider, at most once a second per
// inbox and process: every webhook updating the same row would make concurrent webhooks of an
// inbox wait for each other's commit.
func (tx *Tx) noteWebhook(inboxID int64) error {
	if last, ok := tx.db.webhookNoted.Load(inboxID); ok && tx.now.Sub(last.(time.Time)) < time.Second {
		return nil
	}
	tx.db.webhookNoted.Store(inboxID, tx.now)
	_, err := tx.exec(`INSERT INTO inbox_health (inbox_id, last_webhook_at) VALUES (?, ?)
		ON CONFLICT (inbox_id) DO UPDATE SET last_webhook_at = excluded.last_webhook_at`, inboxID, micro(tx.now))
	return err
}

// ownMessageID matches the Message-IDs Switchboard gives outgoing mail: sb.<conversation>.<mac>.<message>@…
var ownMessageID = regexp.MustCompile(`^sb\.(\d{1,18})\.([0-9a-f]{10})\.(\d{1,18})@`)

// reportStatus applies a provider's delivery report, naming the message by Switchboard's id (a
// provider echoing what we attached to the send) or by the provider's id. A report for a message
// this inbox never sent (one sent by another tool) is ignored.
func (tx *Tx) reportStatus(inboxID int64, r *switchboard.StatusReport) (bool, error) {
	if r.MessageID == 0 && r.ProviderID == "" && !r.Watermark.IsZero() {
		return tx.reportWatermark(inboxID, r)
	}
	var id int64
	var err error
	if r.MessageID != 0 {
		err = tx.queryRow("SELECT id FROM messages WHERE id = ? AND inbox_id = ? AND direction = 'outgoing'", r.MessageID, inboxID).Scan(&id)
	}
	if id == 0 && r.ProviderID != "" {
		err = tx.queryRow("SELECT id FROM messages WHERE provider_id = ? AND inbox_id = ? AND direction = 'outgoing'", r.ProviderID, inboxID).Scan(&id)
	}
	if id == 0 {
		// A report can outrun the send's own answer (a bounce while the SMTP session is still
		// closing): a Message-ID we made names its message, under the conversation's signed key.
		if mt := ownMessageID.FindStringSubmatch(r.ProviderID); mt != nil {
			conv, _ := strconv.ParseInt(mt[1], 10, 64)
			msg, _ := strconv.ParseInt(mt[3], 10, 64)
			if tx.db.replyKey(conv) == mt[1]+"."+mt[2] {
				err = tx.queryRow("SELECT id FROM messages WHERE id = ? AND conversation_id = ? AND inbox_id = ? AND direction = 'outgoing'", msg, conv, inboxID).Scan(&id)
			}
		}
	}
	if id == 0 {
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("report status: %w", err)
		}
		return false, nil
	}
	_, moved, err := tx.recordDelivery(id, r.ProviderID, r.Status, r.ErrorCode, r.ErrorReason)
	return moved, err
}

// reportWatermark moves every message the inbox sent to a customer up to the report's time to
// its status (never back): the messages still short of it, newest first, a bounded number.
func (tx *Tx) reportWatermark(inboxID int64, r *switchboard.StatusReport) (bool, error) {
	kind, err := tx.inboxKind(inboxID)
	if err != nil {
		return false, err
	}
	idKind := switchboard.IdentityKindFor(kind)
	from, err := switchboard.NormalizeIdentity(idKind, r.Recipient)
	if err != nil {
		return false, nil // no one to apply it to: not worth a provider's retries
	}
	var below []string
	for _, s := range []switchboard.MessageStatus{switchboard.MessageAccepted, switchboard.MessageSent, switchboard.MessageDelivered} {
		if s.Rank() < r.Status.Rank() {
			below = append(below, "'"+string(s)+"'")
		}
	}
	if len(below) == 0 {
		return false, nil
	}
	rows, err := tx.query(`SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
		JOIN identities i ON i.contact_id = c.contact_id AND i.kind = ? AND i.external_id = ?
		WHERE m.inbox_id = ? AND m.direction = 'outgoing' AND m.status IN (`+strings.Join(below, ", ")+`) AND m.created_at <= ?
		ORDER BY m.id DESC LIMIT 200`, string(idKind), from, inboxID, micro(r.Watermark))
	if err != nil {
		return false, fmt.Errorf("report watermark: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return false, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	moved := false
	for _, id := range ids {
		_, ok, err := tx.recordDelivery(id, "", r.Status, "", "")
		if err != nil {
			return false, err
		}
		moved = moved || ok
	}
	return moved, nil
}

// receiveEdit replaces the text of a customer's message with its edit, keeping the earlier
// text in its content, unless the edit is already applied (or a later one is; an edit of unknown
// order, Count 0, applies when its text differs): an edit of a message not (yet) recorded is
// dropped.
func (tx *Tx) receiveEdit(inboxID int64, e *switchboard.InboundEdit) error {
	m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE inbox_id = ? AND provider_id = ? AND direction = 'incoming'",
		inboxID, e.ProviderID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find edited message: %w", err)
	}
	c := m.Content
	if c == nil {
		c = &switchboard.MessageContent{}
	}
	if (e.Count > 0 && len(c.Edits) >= e.Count) || m.Text == e.Text || len(e.Text) > switchboard.MaxTextLength {
		return nil
	}
	e.Text = switchboard.StorableText(e.Text)
	c.Edits = append(c.Edits, m.Text)
	b, _ := json.Marshal(c)
	if _, err := tx.exec("UPDATE messages SET text = ?, content = ?, updated_at = ? WHERE id = ?", e.Text, string(b), micro(tx.now), m.ID); err != nil {
		return fmt.Errorf("edit message %d: %w", m.ID, err)
	}
	if err := tx.forgetTranslations(m.ID); err != nil { // they translated the text replaced
		return err
	}
	m.Text, m.Content = e.Text, c
	if _, err := tx.exec(`UPDATE conversations SET last_message_preview = ? WHERE id = ? AND NOT EXISTS
		(SELECT 1 FROM messages WHERE conversation_id = ? AND id > ? AND direction <> 'internal')`, previewOf(m), m.ConversationID, m.ConversationID, m.ID); err != nil {
		return fmt.Errorf("edit message %d: preview: %w", m.ID, err)
	}
	tx.emit(switchboard.EventMessageUpdated, &m.InboxID, &m.ConversationID, nil,
		map[string]any{"id": m.ID, "conversation_id": m.ConversationID, "text": e.Text, "content": c})
	return nil
}

// receiveReaction records a customer's reaction. The contact is found or created like for a
// message; the message reacted to may not be known yet (its reaction then waits for it).
func (tx *Tx) receiveReaction(kind switchboard.ChannelKind, inboxID int64, r *switchboard.InboundReaction) (bool, error) {
	idKind := switchboard.IdentityKindFor(kind)
	from, err := switchboard.NormalizeIdentity(idKind, r.From)
	if err != nil || r.TargetProviderID == "" || len(r.TargetProviderID) > 200 || len(r.Emoji) > 64 {
		return false, nil // nothing to attach it to: a reaction is not worth a provider's retries
	}
	contactID, identityID, _, err := tx.contactFor(inboxID, idKind, from, r.ContactName)
	if err != nil {
		return false, err
	}
	at := tx.now
	if !r.SentAt.IsZero() {
		at = r.SentAt.UTC()
	}
	if r.OpensWindow && !at.After(tx.now) {
		tx.openWindow(inboxID, identityID, contactID, at)
	}
	_, changed, err := tx.setReaction(inboxID, r.TargetProviderID, "contact", contactID, r.Emoji, at)
	return changed, err
}

// setReaction stores one side's reaction on a message (named by its provider id) unless a newer
// one is stored, and announces it when the message is known. It returns the reaction's id.
func (tx *Tx) setReaction(inboxID int64, target, side string, senderID int64, emoji string, at time.Time) (int64, bool, error) {
	var messageID sql.NullInt64
	if err := tx.queryRow("SELECT id FROM messages WHERE inbox_id = ? AND provider_id = ?", inboxID, target).Scan(&messageID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("find reacted message: %w", err)
	}
	res, err := tx.exec(`INSERT INTO reactions (inbox_id, target_provider_id, message_id, side, sender_id, emoji, reacted_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (inbox_id, target_provider_id, side) DO UPDATE SET emoji = excluded.emoji, sender_id = excluded.sender_id,
			reacted_at = excluded.reacted_at, updated_at = excluded.updated_at, message_id = COALESCE(reactions.message_id, excluded.message_id)
		WHERE reactions.reacted_at <= excluded.reacted_at`,
		inboxID, target, messageID, side, senderID, emoji, micro(at), micro(tx.now))
	if err != nil {
		return 0, false, fmt.Errorf("set reaction: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, false, nil // a newer reaction is stored
	}
	var id int64
	if err := tx.queryRow("SELECT id FROM reactions WHERE inbox_id = ? AND target_provider_id = ? AND side = ?", inboxID, target, side).Scan(&id); err != nil {
		return 0, false, fmt.Errorf("set reaction: %w", err)
	}
	if messageID.Valid {
		if err := tx.announceReactions(messageID.Int64); err != nil {
			return 0, false, err
		}
	}
	return id, true, nil
}

// announceReactions emits a message's reactions as they now stand.
func (tx *Tx) announceReactions(messageID int64) error {
	var inboxID, convID int64
	if err := tx.queryRow("SELECT inbox_id, conversation_id FROM messages WHERE id = ?", messageID).Scan(&inboxID, &convID); err != nil {
		return fmt.Errorf("announce reactions: %w", err)
	}
	m := &Message{ID: messageID, Reactions: []*switchboard.Reaction{}}
	if err := tx.db.loadReactions(tx.ctx, tx.tx, map[int64]*Message{messageID: m}, byMessage(messageID)); err != nil {
		return err
	}
	tx.emit(switchboard.EventMessageUpdated, &inboxID, &convID, nil, map[string]any{"id": messageID, "conversation_id": convID, "reactions": m.Reactions})
	return nil
}

// byMessage selects the rows of one message.
func byMessage(id int64) where { return where{conds: []string{"message_id = ?"}, args: []any{id}} }

// loadReactions fills the reactions of messages; w selects them by message_id.
func (db *DB) loadReactions(ctx context.Context, q queryer, byID map[int64]*Message, w where) error {
	w.add("r.emoji <> ''")
	rows, err := q.QueryContext(ctx, db.q(`SELECT r.message_id, r.side, r.sender_id, r.emoji, COALESCE(c.name, a.name, '')
		FROM reactions r LEFT JOIN contacts c ON r.side = 'contact' AND c.id = r.sender_id
		LEFT JOIN agents a ON r.side = 'business' AND a.id = r.sender_id`+strings.ReplaceAll(w.sql(), "message_id", "r.message_id")+" ORDER BY r.side"), w.args...)
	if err != nil {
		return fmt.Errorf("load reactions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var r switchboard.Reaction
		var sender sql.NullInt64
		if err := rows.Scan(&mid, &r.Side, &sender, &r.Emoji, &r.SenderName); err != nil {
			return fmt.Errorf("load reactions: %w", err)
		}
		r.SenderID = fromNullInt64(sender)
		if m := byID[mid]; m != nil {
			m.Reactions = append(m.Reactions, &r)
		}
	}
	return rows.Err()
}

// ReactToMessage sets the business's reaction on a customer's message and queues its sending.
func (db *DB) ReactToMessage(ctx context.Context, id int64, emoji string) (*Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if actor.Agent == nil {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents react to messages.")
	}
	emoji = strings.TrimSpace(emoji)
	if len(emoji) > 32 || utf8.RuneCountInString(emoji) > 8 || strings.ContainsAny(emoji, " \t\n<>") {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "A reaction is one emoji.", Fields: map[string]string{"emoji": "Choose one emoji."}}
	}
	m, err := db.FindMessageByID(ctx, id)
	if err != nil {
		return nil, err
	}
	conv, err := db.FindConversationByID(ctx, m.ConversationID)
	if err != nil {
		return nil, err
	}
	caps := db.capabilities(conv.Channel)
	if !caps.Reactions {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel has no reactions.", Fields: map[string]string{"emoji": "Reply instead."}}
	}
	if emoji != "" && len(caps.ReactionEmojis) > 0 && !slices.Contains(caps.ReactionEmojis, emoji) {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel takes only these reactions: " + strings.Join(caps.ReactionEmojis, " ") + ".",
			Fields: map[string]string{"emoji": "Choose one of " + strings.Join(caps.ReactionEmojis, " ") + "."}}
	}
	if m.Direction != switchboard.DirectionIncoming || m.ProviderID == "" || m.DeletedAt != nil {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "You can react to a customer's message only.",
			Fields: map[string]string{"emoji": "React to a message the customer sent."}}
	}
	err = db.update(ctx, func(tx *Tx) error {
		rid, changed, err := tx.setReaction(m.InboxID, m.ProviderID, "business", actor.Agent.ID, emoji, tx.now)
		if err != nil || !changed {
			return err
		}
		// One live job per reaction: a quick change of mind sends the latest emoji.
		return tx.enqueue(switchboard.JobSendReaction, switchboard.SendReactionArgs{ReactionID: rid},
			jobOptions{maxAttempts: 8, uniqueKey: fmt.Sprintf("reaction:%d", rid)})
	})
	if err != nil {
		return nil, err
	}
	return db.FindMessageByID(ctx, id)
}

// recipient returns the address of a conversation's contact on its inbox's channel: the
// identity they last wrote from, else their first of the channel's kind.
func (db *DB) recipient(ctx context.Context, inboxID, contactID int64, kind switchboard.ChannelKind) (*recipientIdentity, error) {
	return recipientOf(func(q string, args ...any) *sql.Row { return db.queryRow(ctx, q, args...) }, inboxID, contactID, kind)
}

// channelTarget loads what a call to an inbox's provider about one of its customers needs: the
// inbox, its secrets, and the customer's address on its channel.
func (db *DB) channelTarget(ctx context.Context, inboxID, contactID int64) (*switchboard.Inbox, map[string]string, string, error) {
	in, err := db.FindInboxByID(ctx, inboxID)
	if err != nil {
		return nil, nil, "", err
	}
	secrets, err := db.InboxSecrets(ctx, inboxID)
	if err != nil {
		return nil, nil, "", err
	}
	r, err := db.recipient(ctx, inboxID, contactID, in.Kind)
	if err != nil {
		return nil, nil, "", err
	}
	return in, secrets, r.address, nil
}

// TypingFor loads where a conversation's typing indicator goes: its inbox, with secrets, and
// its customer's address.
func (db *DB) TypingFor(ctx context.Context, conversationID int64) (*switchboard.OutboundTyping, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var inboxID, contactID int64
	err := db.queryRow(ctx, "SELECT inbox_id, contact_id FROM conversations WHERE id = ?", conversationID).Scan(&inboxID, &contactID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Conversation")
	} else if err != nil {
		return nil, fmt.Errorf("load typing target %d: %w", conversationID, err)
	}
	out := &switchboard.OutboundTyping{ConversationID: conversationID}
	if out.Inbox, out.Secrets, out.To, err = db.channelTarget(ctx, inboxID, contactID); err != nil {
		return nil, err
	}
	return out, nil
}

// ReactionFor loads the business's reaction to send.
func (db *DB) ReactionFor(ctx context.Context, reactionID int64) (*switchboard.OutboundReaction, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var inboxID, contactID int64
	out := &switchboard.OutboundReaction{}
	err := db.queryRow(ctx, `SELECT r.inbox_id, r.target_provider_id, r.emoji, c.contact_id FROM reactions r
		JOIN messages m ON m.id = r.message_id JOIN conversations c ON c.id = m.conversation_id
		WHERE r.id = ? AND r.side = 'business'`, reactionID).Scan(&inboxID, &out.TargetProviderID, &out.Emoji, &contactID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Reaction")
	} else if err != nil {
		return nil, fmt.Errorf("load reaction %d: %w", reactionID, err)
	}
	if out.Inbox, out.Secrets, out.To, err = db.channelTarget(ctx, inboxID, contactID); err != nil {
		return nil, err
	}
	return out, nil
}

// ReceiptFor loads the read receipt to send for a customer's message.
func (db *DB) ReceiptFor(ctx context.Context, messageID int64) (*switchboard.OutboundReceipt, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var inboxID, contactID int64
	out := &switchboard.OutboundReceipt{}
	err := db.queryRow(ctx, `SELECT m.inbox_id, m.provider_id, c.contact_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE m.id = ? AND m.direction = 'incoming' AND m.provider_id IS NOT NULL`, messageID).
		Scan(&inboxID, &out.ProviderID, &contactID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Message")
	} else if err != nil {
		return nil, fmt.Errorf("load read receipt %d: %w", messageID, err)
	}
	if out.Inbox, out.Secrets, out.To, err = db.channelTarget(ctx, inboxID, contactID); err != nil {
		return nil, err
	}
	return out, nil
}

// enqueueReadReceipt queues a read receipt for the newest customer message of a conversation,
// when its channel sends them: an agent has read the conversation.
func (tx *Tx) enqueueReadReceipt(c *Conversation) error {
	if !tx.db.capabilities(c.Channel).ReadReceipts {
		return nil
	}
	var id int64
	err := tx.queryRow(`SELECT id FROM messages WHERE conversation_id = ? AND direction = 'incoming' AND provider_id IS NOT NULL
		ORDER BY id DESC LIMIT 1`, c.ID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find message to mark read: %w", err)
	}
	return tx.enqueue(switchboard.JobMarkRead, switchboard.MarkReadArgs{MessageID: id},
		jobOptions{maxAttempts: 5, uniqueKey: fmt.Sprintf("markread:%d", c.ID)})
}

// clipText keeps at most n bytes of text that came from outside as it was sent (a provider's or
// a webhook receiver's answer, a browser's User-Agent), made storable (switchboard.StorableText)
// and cut at a character boundary: they send anything.
func clipText(s string, n int) string {
	return truncate(switchboard.StorableText(s), n)
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string { return switchboard.CutText(s, n) }

// RecordChannelHealth notes the outcome of a call to the provider: callErr "" for a success,
// which is the last send when sent.
func (db *DB) RecordChannelHealth(ctx context.Context, inboxID int64, sent bool, callErr string, credentialsOK *bool) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		now := micro(tx.now)
		var err error
		if callErr == "" {
			var sentAt any
			if sent {
				sentAt = now
			}
			_, err = tx.exec(`INSERT INTO inbox_health (inbox_id, last_send_at, credentials_ok) VALUES (?, ?, ?)
				ON CONFLICT (inbox_id) DO UPDATE SET last_send_at = COALESCE(excluded.last_send_at, inbox_health.last_send_at),
					credentials_ok = COALESCE(excluded.credentials_ok, inbox_health.credentials_ok)`,
				inboxID, sentAt, credentialsOK)
		} else {
			_, err = tx.exec(`INSERT INTO inbox_health (inbox_id, last_error, last_error_at, credentials_ok) VALUES (?, ?, ?, ?)
				ON CONFLICT (inbox_id) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
					credentials_ok = COALESCE(excluded.credentials_ok, inbox_health.credentials_ok)`,
				inboxID, clipText(callErr, 500), now, credentialsOK)
		}
		if err != nil {
			return fmt.Errorf("record channel health: %w", err)
		}
		return nil
	})
}

// FindInboxHealth reports an inbox's channel health, with the webhook URL and verify token an
// admin pastes into the provider's console.
func (db *DB) FindInboxHealth(ctx context.Context, inboxID int64) (*switchboard.InboxHealth, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	in, err := db.FindInboxByID(ctx, inboxID)
	if err != nil {
		return nil, err
	}
	h := &switchboard.InboxHealth{InboxID: inboxID, WebhookURL: fmt.Sprintf("/api/v1/inboxes/%d/webhook", inboxID)}
	var webhook, send, errAt, synced sql.NullInt64
	var ok sql.NullBool
	err = db.queryRow(ctx, "SELECT last_webhook_at, last_send_at, last_error, last_error_at, credentials_ok, templates_synced_at FROM inbox_health WHERE inbox_id = ?", inboxID).
		Scan(&webhook, &send, &h.LastError, &errAt, &ok, &synced)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find inbox health: %w", err)
	}
	h.LastWebhookAt, h.LastSendAt, h.LastErrorAt, h.TemplatesSyncedAt = fromNullMicro(webhook), fromNullMicro(send), fromNullMicro(errAt), fromNullMicro(synced)
	if ok.Valid {
		h.CredentialsOK = &ok.Bool
	}
	secrets, err := db.InboxSecrets(switchboard.NewSystemContext(ctx), inboxID)
	if err != nil {
		return nil, err
	}
	h.VerifyToken = secrets[VerifyTokenSecret]
	h.Warnings = []string{}
	if db.channels != nil {
		h.Warnings = append(h.Warnings, db.channels.SettingsWarnings(in.Kind, in.Settings)...)
		h.OAuthProvider = db.channels.OAuthProvider(in.Kind, in.Settings)
	}
	if err := db.connectionHealth(ctx, h); err != nil {
		return nil, err
	}
	return h, nil
}

// VerifyTokenSecret is the inbox secret a provider's console asks for when it checks the webhook
// URL (Meta's verify token). It is shown to admins, who must paste it there.
const VerifyTokenSecret = "verify_token"

// PruneProviderPayloads removes the raw webhooks received before a time, in batches so no
// transaction holds the write lock long, and returns how many went.
func (db *DB) PruneProviderPayloads(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for {
		res, err := db.write.ExecContext(ctx, db.q(`DELETE FROM provider_payloads WHERE id IN
			(SELECT id FROM provider_payloads WHERE received_at < ? ORDER BY id LIMIT 1000)`), micro(before))
		if err != nil {
			return total, fmt.Errorf("prune provider payloads: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
		if n < 1000 {
			return total, nil
		}
	}
}

// FindMailCursor returns where an inbox's sync of a folder stands.
func (db *DB) FindMailCursor(ctx context.Context, inboxID int64, folder string) (*switchboard.MailCursor, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	c := &switchboard.MailCursor{Folder: folder}
	var validity, uid int64
	err := db.queryRow(ctx, "SELECT uid_validity, last_uid FROM mail_cursors WHERE inbox_id = ? AND folder = ?", inboxID, folder).Scan(&validity, &uid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find mail cursor: %w", err)
	}
	c.UIDValidity, c.UID = uint32(validity), uint32(uid)
	return c, nil
}
