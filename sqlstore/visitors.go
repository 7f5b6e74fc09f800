package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.VisitorStore = (*DB)(nil)

const visitorColumns = `v.id, v.inbox_id, v.contact_id, v.external_id, v.user_id, c.name, c.email, v.page, v.referrer, v.browser, v.os,
	v.language, v.time_zone, v.created_at, v.seen_at, c.attributes`

func scanVisitor(row scanner) (*switchboard.Visitor, error) {
	var v switchboard.Visitor
	var created, seen int64
	var attrs string
	if err := row.Scan(&v.ID, &v.InboxID, &v.ContactID, &v.ExternalID, &v.UserID, &v.Name, &v.Email, &v.Page, &v.Referrer, &v.Browser,
		&v.OS, &v.Language, &v.TimeZone, &created, &seen, &attrs); err != nil {
		return nil, err
	}
	v.UnverifiedEmail = unverifiedEmail(attrs)
	v.CreatedAt, v.SeenAt = fromMicro(created), fromMicro(seen)
	return &v, nil
}

// CreateVisitor makes a visitor of a web chat inbox with a contact of their own (named
// "Visitor" and four letters, until the site identifies them) and returns the token.
func (db *DB) CreateVisitor(ctx context.Context, inboxID int64, vc *switchboard.VisitorContext) (*switchboard.Visitor, string, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, "", err
	}
	vc.Clean()
	token := "sbv_" + rand.Text()
	external := "v_" + strings.ToLower(rand.Text()[:20])
	var id int64
	err := db.update(ctx, func(tx *Tx) error {
		kind, err := tx.inboxKind(inboxID)
		if err != nil {
			return err
		}
		if kind != switchboard.ChannelWebChat {
			return notFound("Inbox")
		}
		contactID, _, err := tx.createContact(inboxID, switchboard.IdentityWeb, external, "Visitor "+strings.ToUpper(external[2:6]))
		if err != nil {
			return err
		}
		now := micro(tx.now)
		id, err = tx.insert(`INSERT INTO visitors (inbox_id, contact_id, external_id, token_hash, page, referrer, browser, os, language, time_zone,
			created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, inboxID, contactID, external, hashSecret(token),
			vc.Page, vc.Referrer, vc.Browser, vc.OS, vc.Language, vc.TimeZone, now, now)
		if err != nil {
			return fmt.Errorf("create visitor: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	v, err := db.visitor(ctx, "v.id = ?", id)
	return v, token, err
}

func (db *DB) visitor(ctx context.Context, cond string, args ...any) (*switchboard.Visitor, error) {
	v, err := scanVisitor(db.queryRow(ctx, "SELECT "+visitorColumns+" FROM visitors v JOIN contacts c ON c.id = v.contact_id WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Visitor")
	} else if err != nil {
		return nil, fmt.Errorf("find visitor: %w", err)
	}
	return v, nil
}

// VisitorByToken returns the visitor a token proves, in the inbox named.
func (db *DB) VisitorByToken(ctx context.Context, inboxID int64, token string) (*switchboard.Visitor, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(token, "sbv_") {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Unknown visitor token.")
	}
	v, err := db.visitor(ctx, "v.token_hash = ? AND v.inbox_id = ?", hashSecret(token), inboxID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Unknown visitor token.")
	}
	return v, err
}

// SeeVisitor records the visitor's browser as the widget reports it now.
func (db *DB) SeeVisitor(ctx context.Context, visitorID int64, vc *switchboard.VisitorContext) (*switchboard.Visitor, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	vc.Clean()
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE visitors SET page = ?, referrer = ?, browser = ?, os = ?, language = ?, time_zone = ?, seen_at = ? WHERE id = ?`,
			vc.Page, vc.Referrer, vc.Browser, vc.OS, vc.Language, vc.TimeZone, micro(tx.now), visitorID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("see visitor: %w", err)
	}
	return db.visitor(ctx, "v.id = ?", visitorID)
}

// FindContactVisitors lists a contact's visitors for the contact panel, to those who see the
// contact.
func (db *DB) FindContactVisitors(ctx context.Context, contactID int64) ([]*switchboard.Visitor, error) {
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+visitorColumns+" FROM visitors v JOIN contacts c ON c.id = v.contact_id WHERE v.contact_id = ? ORDER BY v.seen_at DESC LIMIT 20", contactID)
	if err != nil {
		return nil, fmt.Errorf("find contact visitors: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.Visitor{}
	for rows.Next() {
		v, err := scanVisitor(rows)
		if err != nil {
			return nil, fmt.Errorf("find contact visitors: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// IdentifyVisitor records what the site says of a visitor. Verified, the visitor's contact
// takes the user's identity, or (when another contact has it already) is merged into that
// contact: its identities, conversations and messages move there and it is deleted. Unverified,
// the details are kept as attributes marked unverified_ on the visitor's own contact.
func (db *DB) IdentifyVisitor(ctx context.Context, visitorID int64, id *switchboard.VisitorIdentify, verified bool) (*switchboard.Visitor, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	if err := id.Validate(); err != nil {
		return nil, err
	}
	if verified && id.UserID == "" {
		return nil, switchboard.Errorf(switchboard.EINVALID, "A verified identity needs a user id.")
	}
	err := db.update(ctx, func(tx *Tx) error {
		var contactID, inboxID int64
		if err := tx.queryRow("SELECT contact_id, inbox_id FROM visitors WHERE id = ?", visitorID).Scan(&contactID, &inboxID); err != nil {
			return fmt.Errorf("identify visitor: %w", err)
		}
		var attrsRaw string
		if err := tx.queryRow("SELECT attributes FROM contacts WHERE id = ?", contactID).Scan(&attrsRaw); err != nil {
			return fmt.Errorf("identify visitor: %w", err)
		}
		attrs := map[string]any{}
		_ = json.Unmarshal([]byte(attrsRaw), &attrs)
		now := micro(tx.now)
		if !verified {
			maps.Copy(attrs, id.Attributes)
			for k, v := range map[string]string{"unverified_user_id": id.UserID, "unverified_name": id.Name, "unverified_email": id.Email, "unverified_phone": id.Phone} {
				if v != "" {
					attrs[k] = v
				}
			}
			raw, _ := json.Marshal(attrs)
			if _, err := tx.exec("UPDATE contacts SET attributes = ?, updated_at = ? WHERE id = ?", string(raw), now, contactID); err != nil {
				return fmt.Errorf("identify visitor: %w", err)
			}
			return tx.emitContact(switchboard.EventContactUpdated, contactID, map[string]any{"id": contactID})
		}
		user := switchboard.VisitorUserIdentity(id.UserID)
		target := contactID
		err := tx.queryRow("SELECT contact_id FROM identities WHERE kind = ? AND external_id = ?", string(switchboard.IdentityWeb), user).Scan(&target)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.insert("INSERT INTO identities (contact_id, kind, external_id, created_at) VALUES (?, ?, ?, ?)",
				contactID, string(switchboard.IdentityWeb), user, now); err != nil {
				return fmt.Errorf("identify visitor: %w", err)
			}
		case err != nil:
			return fmt.Errorf("identify visitor: %w", err)
		case target != contactID:
			if err := tx.mergeVisitorContact(contactID, target); err != nil {
				return err
			}
		}
		// The site's word is now proven: it goes on the contact as its details.
		var sets []string
		var args []any
		for col, v := range map[string]string{"name": id.Name, "email": strings.ToLower(strings.TrimSpace(id.Email)), "phone": id.Phone} {
			if v != "" {
				sets, args = append(sets, col+" = ?"), append(args, v)
			}
		}
		if len(id.Attributes) > 0 {
			var raw string
			if err := tx.queryRow("SELECT attributes FROM contacts WHERE id = ?", target).Scan(&raw); err != nil {
				return err
			}
			have := map[string]any{}
			_ = json.Unmarshal([]byte(raw), &have)
			maps.Copy(have, id.Attributes)
			b, _ := json.Marshal(have)
			sets, args = append(sets, "attributes = ?"), append(args, string(b))
		}
		sets, args = append(sets, "updated_at = ?"), append(args, now)
		if _, err := tx.exec("UPDATE contacts SET "+strings.Join(sets, ", ")+" WHERE id = ?", append(args, target)...); err != nil {
			return fmt.Errorf("identify visitor: %w", err)
		}
		if _, err := tx.exec("UPDATE visitors SET user_id = ? WHERE id = ?", id.UserID, visitorID); err != nil {
			return fmt.Errorf("identify visitor: %w", err)
		}
		return tx.emitContact(switchboard.EventContactUpdated, target, map[string]any{"id": target})
	})
	if err != nil {
		return nil, err
	}
	return db.visitor(ctx, "v.id = ?", visitorID)
}

// mergeVisitorContact moves everything of an anonymous visitor's contact to the contact the
// site proved them to be, and deletes the anonymous one.
func (tx *Tx) mergeVisitorContact(from, to int64) error {
	rows, err := tx.query("SELECT id, inbox_id FROM conversations WHERE contact_id = ?", from)
	if err != nil {
		return fmt.Errorf("merge visitor: %w", err)
	}
	type moved struct{ id, inbox int64 }
	var convs []moved
	for rows.Next() {
		var m moved
		if err := rows.Scan(&m.id, &m.inbox); err != nil {
			rows.Close()
			return err
		}
		convs = append(convs, m)
	}
	rows.Close()
	for _, q := range []string{
		"UPDATE identities SET contact_id = ? WHERE contact_id = ?",
		"UPDATE conversations SET contact_id = ? WHERE contact_id = ?",
		"UPDATE customer_windows SET contact_id = ? WHERE contact_id = ?",
		"UPDATE visitors SET contact_id = ? WHERE contact_id = ?",
	} {
		if _, err := tx.exec(q, to, from); err != nil {
			return fmt.Errorf("merge visitor: %w", err)
		}
	}
	if _, err := tx.exec("UPDATE messages SET sender_id = ? WHERE sender_type = 'contact' AND sender_id = ?", to, from); err != nil {
		return fmt.Errorf("merge visitor: %w", err)
	}
	if _, err := tx.exec("DELETE FROM contacts WHERE id = ?", from); err != nil {
		return fmt.Errorf("merge visitor: %w", err)
	}
	for _, c := range convs {
		tx.emit(switchboard.EventConversationUpdated, &c.inbox, &c.id, nil, map[string]any{"id": c.id, "contact_id": to})
	}
	tx.emit(switchboard.EventContactDeleted, nil, nil, nil, map[string]any{"id": from, "merged_into": to})
	return nil
}

// VisitorOwns reports whether a conversation is the visitor's: in their inbox, with their
// contact. Anything else is not found, as if it did not exist.
func (db *DB) VisitorOwns(ctx context.Context, visitorID, conversationID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	var id int64
	err := db.queryRow(ctx, `SELECT c.id FROM conversations c JOIN visitors v ON v.contact_id = c.contact_id AND v.inbox_id = c.inbox_id
		WHERE v.id = ? AND c.id = ?`, visitorID, conversationID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Conversation")
	}
	return err
}

// VisitorConversations lists the visitor's conversations in their inbox, newest first.
func (db *DB) VisitorConversations(ctx context.Context, visitorID int64) ([]*switchboard.VisitorConversation, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT c.id, c.status, c.created_at, c.csat_rating, c.csat_comment, c.csat_at,
		(SELECT m.text FROM messages m WHERE m.conversation_id = c.id AND m.direction <> 'internal' AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT 1),
		(SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction <> 'internal'),
		(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'outgoing'
			AND m.id > COALESCE((SELECT r.message_id FROM visitor_reads r WHERE r.visitor_id = v.id AND r.conversation_id = c.id), 0))
		FROM conversations c JOIN visitors v ON v.contact_id = c.contact_id AND v.inbox_id = c.inbox_id
		WHERE v.id = ? ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 50`, visitorID)
	if err != nil {
		return nil, fmt.Errorf("visitor conversations: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.VisitorConversation{}
	for rows.Next() {
		var c switchboard.VisitorConversation
		var created int64
		var last sql.NullString
		var lastAt, csatRating, csatAt sql.NullInt64
		var csatComment string
		if err := rows.Scan(&c.ID, &c.Status, &created, &csatRating, &csatComment, &csatAt, &last, &lastAt, &c.Unread); err != nil {
			return nil, fmt.Errorf("visitor conversations: %w", err)
		}
		c.CSAT = scanCSAT(csatRating, csatComment, csatAt)
		c.CreatedAt, c.LastMessage = fromMicro(created), last.String
		if lastAt.Valid {
			t := fromMicro(lastAt.Int64)
			c.LastMessageAt = &t
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

// widgetMessageSelect reads messages as visitors see them: the customer's and the team's (not
// notes, milestones or deleted ones), with the agent's avatar.
const widgetMessageSelect = `SELECT m.id, m.conversation_id, m.direction, m.text, m.sender_type, m.sender_name, COALESCE(a.avatar_url, ''),
	m.status, m.content, m.created_at FROM messages m LEFT JOIN agents a ON m.sender_type = 'agent' AND a.id = m.sender_id
	WHERE m.direction IN ('incoming', 'outgoing') AND m.deleted_at IS NULL AND m.kind <> 'activity'`

func (db *DB) widgetMessages(ctx context.Context, cond string, args ...any) ([]*switchboard.WidgetMessage, error) {
	rows, err := db.query(ctx, widgetMessageSelect+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("visitor messages: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.WidgetMessage{}
	byID := map[int64]*switchboard.WidgetMessage{}
	for rows.Next() {
		var m switchboard.WidgetMessage
		var sender, name, avatar, status, content string
		var created int64
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.Direction, &m.Text, &sender, &name, &avatar, &status, &content, &created); err != nil {
			return nil, fmt.Errorf("visitor messages: %w", err)
		}
		m.CreatedAt, m.Attachments = fromMicro(created), []*switchboard.WidgetFile{}
		if m.Direction == switchboard.DirectionOutgoing {
			m.AgentName, m.AgentAvatar, m.Status = name, avatar, switchboard.MessageStatus(status)
			m.QuickReplies = quickReplies(content)
		}
		out = append(out, &m)
		byID[m.ID] = &m
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	var w where
	ids := make([]any, 0, len(out))
	for _, m := range out {
		ids = append(ids, m.ID)
	}
	w.in("message_id", ids)
	w.add("storage_key IS NOT NULL")
	w.add("kind <> ?", string(switchboard.AttachmentSource))
	frows, err := db.query(ctx, "SELECT id, message_id, content_type, filename, size FROM attachments"+w.sql()+" ORDER BY id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("visitor files: %w", err)
	}
	defer frows.Close()
	exp := db.now().Add(PublicMediaTTL)
	for frows.Next() {
		var f switchboard.WidgetFile
		var msgID int64
		if err := frows.Scan(&f.ID, &msgID, &f.ContentType, &f.Filename, &f.Size); err != nil {
			return nil, fmt.Errorf("visitor files: %w", err)
		}
		f.URL = db.publicMediaPath(f.ID, exp)
		byID[msgID].Attachments = append(byID[msgID].Attachments, &f)
	}
	return out, frows.Err()
}

// VisitorMessages pages one of the visitor's conversations, oldest first.
func (db *DB) VisitorMessages(ctx context.Context, visitorID, conversationID int64, f switchboard.MessageFilter) (*switchboard.WidgetMessagePage, error) {
	if err := db.VisitorOwns(ctx, visitorID, conversationID); err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 100 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Limit must be between 1 and 100.", Fields: map[string]string{"limit": "Use 1 to 100."}}
	}
	cond, args := " AND m.conversation_id = ?", []any{conversationID}
	if f.Before != "" {
		_, id, err := decodeCursor(f.Before)
		if err != nil {
			return nil, err
		}
		cond, args = cond+" AND m.id < ?", append(args, id)
	}
	items, err := db.widgetMessages(ctx, cond+" ORDER BY m.id DESC"+limitSQL(f.Limit+1), args...)
	if err != nil {
		return nil, err
	}
	page := &switchboard.WidgetMessagePage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.PrevCursor = encodeCursor(0, page.Items[f.Limit-1].ID)
	}
	for i, j := 0, len(page.Items)-1; i < j; i, j = i+1, j-1 {
		page.Items[i], page.Items[j] = page.Items[j], page.Items[i]
	}
	return page, nil
}

// VisitorMessage returns one message of the visitor's conversations as the widget shows it.
func (db *DB) VisitorMessage(ctx context.Context, visitorID, messageID int64) (*switchboard.WidgetMessage, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	items, err := db.widgetMessages(ctx, ` AND m.id = ? AND m.conversation_id IN (SELECT c.id FROM conversations c
		JOIN visitors v ON v.contact_id = c.contact_id AND v.inbox_id = c.inbox_id WHERE v.id = ?)`, messageID, visitorID)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, notFound("Message")
	}
	return items[0], nil
}

// VisitorSend records a visitor's message through the inbound path (one transaction for the
// message, its conversation and their events), in the conversation named (reopened if
// resolved) or in a new one. The idempotency key becomes the message's provider id, so a
// double click is one message.
func (db *DB) VisitorSend(ctx context.Context, visitorID, conversationID int64, m *switchboard.VisitorMessage) (*switchboard.WidgetMessage, bool, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, false, err
	}
	if err := m.Validate(); err != nil {
		return nil, false, err
	}
	v, err := db.visitor(ctx, "v.id = ?", visitorID)
	if err != nil {
		return nil, false, err
	}
	// The provider id names the visitor (the web chat's read receipts find their streams by it)
	// and carries the widget's idempotency key.
	in := &switchboard.InboundMessage{InboxID: v.InboxID, From: v.ExternalID, Text: m.Text, Files: m.Files, Threaded: true}
	if m.Choice != "" {
		in.Content = &switchboard.MessageContent{Choice: m.Choice}
	}
	if m.IdempotencyKey != "" {
		in.ProviderID = "wc:" + strconv.FormatInt(visitorID, 10) + ":" + m.IdempotencyKey
	} else {
		in.ProviderID = "wc:" + strconv.FormatInt(visitorID, 10) + ":" + rand.Text()
	}
	if conversationID != 0 {
		if err := db.VisitorOwns(ctx, visitorID, conversationID); err != nil {
			return nil, false, err
		}
		in.Recipients = []string{"sb." + db.replyKey(conversationID)}
	}
	// A new conversation's pre-chat form is written with its first message, or not at all.
	var then func(tx *Tx, msg *Message, created bool) error
	if conversationID == 0 && m.Applied != nil {
		then = func(tx *Tx, msg *Message, created bool) error {
			if !created {
				return nil
			}
			return tx.applyPrechat(v, msg.ConversationID, m.Applied)
		}
	}
	msg, _, created, err := db.receiveThen(ctx, in, then)
	if err != nil {
		return nil, false, err
	}
	if conversationID != 0 && msg.ConversationID != conversationID {
		// The same key was used in another conversation: that message stands.
		return nil, false, &switchboard.Error{Code: switchboard.ECONFLICT, Message: "This idempotency key was used for another message.",
			Fields: map[string]string{"idempotency_key": "Use a new key for each message."}}
	}
	wm, err := db.VisitorMessage(ctx, visitorID, msg.ID)
	return wm, created, err
}

// VisitorRead moves the visitor's read mark in a conversation of theirs up to a message (never
// back), and marks the team's messages up to it read, which agents see as the customer's read
// receipts.
func (db *DB) VisitorRead(ctx context.Context, visitorID, conversationID, messageID int64) error {
	if err := db.VisitorOwns(ctx, visitorID, conversationID); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var have int64
		err := tx.queryRow("SELECT message_id FROM visitor_reads WHERE visitor_id = ? AND conversation_id = ?", visitorID, conversationID).Scan(&have)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.exec("INSERT INTO visitor_reads (visitor_id, conversation_id, message_id) VALUES (?, ?, ?)", visitorID, conversationID, messageID); err != nil {
				return fmt.Errorf("visitor read: %w", err)
			}
		case err != nil:
			return fmt.Errorf("visitor read: %w", err)
		case have >= messageID:
			return nil
		default:
			if _, err := tx.exec("UPDATE visitor_reads SET message_id = ? WHERE visitor_id = ? AND conversation_id = ?", messageID, visitorID, conversationID); err != nil {
				return fmt.Errorf("visitor read: %w", err)
			}
		}
		rows, err := tx.query(`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? AND direction = 'outgoing' AND id <= ?
			AND status IN ('pending', 'accepted', 'sent', 'delivered')`, conversationID, messageID)
		if err != nil {
			return fmt.Errorf("visitor read: %w", err)
		}
		var read []*Message
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				rows.Close()
				return err
			}
			read = append(read, m)
		}
		rows.Close()
		for _, m := range read {
			if _, err := tx.exec("UPDATE messages SET status = 'read', updated_at = ? WHERE id = ?", micro(tx.now), m.ID); err != nil {
				return fmt.Errorf("visitor read: %w", err)
			}
			m.Status = switchboard.MessageRead
			tx.emitStatus(m)
		}
		return nil
	})
}

// AgentsOnline reports whether an agent of the inbox (a member, through a team, or an admin
// or supervisor, who see every inbox) is online now, and the inbox open, when it has business
// hours (see inboxClosed).
func (db *DB) AgentsOnline(ctx context.Context, inboxID int64) (bool, error) {
	if err := requireSystem(ctx); err != nil {
		return false, err
	}
	if closed, err := db.inboxClosed(ctx, inboxID); err != nil || closed {
		return false, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM agents a WHERE a.deleted_at IS NULL AND a.presence = 'online' AND (a.role IN ('admin', 'supervisor')
		OR a.id IN (SELECT agent_id FROM inbox_members WHERE inbox_id = ?)
		OR a.id IN (SELECT tm.agent_id FROM team_members tm JOIN inbox_teams it ON it.team_id = tm.team_id WHERE it.inbox_id = ?))`,
		inboxID, inboxID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("agents online: %w", err)
	}
	return n > 0, nil
}
