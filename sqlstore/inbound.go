package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.InboundService = (*DB)(nil)

// Receive records a customer's message: one transaction for the contact, the conversation, the
// message and their events, so a provider that is answered 2xx after it returns can never lose
// the message, and a provider's retry (same provider id) never doubles it.
func (db *DB) Receive(ctx context.Context, in *switchboard.InboundMessage) (*Message, *Conversation, bool, error) {
	return db.receiveThen(ctx, in, nil)
}

// receiveThen is Receive, running then (unless nil) in the message's transaction once it is
// recorded: what must be written with it or not at all.
func (db *DB) receiveThen(ctx context.Context, in *switchboard.InboundMessage, then func(tx *Tx, m *Message, created bool) error) (*Message, *Conversation, bool, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	if !actor.ActsForInbox(in.InboxID) {
		return nil, nil, false, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the inbox's channel and admins record customer messages.")
	}
	in.Clean() // as ReceiveBatch does
	if err := in.Validate(); err != nil {
		return nil, nil, false, err
	}
	in.FetchLinkedFiles() // the files it links are fetched here, never shown from there
	// The channel has acted for its inbox; what follows is the system's own bookkeeping.
	ctx = switchboard.NewSystemContext(ctx)
	msg, conv, created, err := db.receive(ctx, in, then)
	if isUniqueViolation(err) {
		// A concurrent delivery of the same message, or a first message from the same new address,
		// committed between our read and our write. Once more: this time we find what it wrote.
		msg, conv, created, err = db.receive(ctx, in, then)
	}
	return msg, conv, created, err
}

func (db *DB) receive(ctx context.Context, in *switchboard.InboundMessage, then func(tx *Tx, m *Message, created bool) error) (*Message, *Conversation, bool, error) {
	var msg *Message
	var conv *Conversation
	created := false
	err := db.update(ctx, func(tx *Tx) error {
		kind, err := tx.inboxKind(in.InboxID)
		if err != nil {
			return err
		}
		msg, conv, created, err = tx.receiveMessage(kind, in, true)
		if err != nil || then == nil {
			return err
		}
		return then(tx, msg, created)
	})
	if err != nil {
		return nil, nil, false, err
	}
	return msg, conv, created, nil
}

// inboxKind returns an inbox's channel kind, or ENOTFOUND. It is remembered (see rememberFor):
// a kind never changes, and an inbox deleted meanwhile fails the transaction's writes.
func (tx *Tx) inboxKind(inboxID int64) (switchboard.ChannelKind, error) {
	// Read through the transaction when not remembered: on PostgreSQL the pool's other
	// connections may all be held by transactions waiting, like this one, for a read.
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, inboxID, tx.configChanged)
	if err != nil {
		return "", err
	}
	return c.inbox.Kind, nil
}

// receiveMessage records one customer message (or echo) of an inbox of the given kind, inside
// the caller's transaction; created is false when its provider id was already recorded. With
// reload the conversation is returned as the message left it (the API answers with it; a
// provider's batch does not need it).
func (tx *Tx) receiveMessage(kind switchboard.ChannelKind, in *switchboard.InboundMessage, reload bool) (*Message, *Conversation, bool, error) {
	if in.Threaded && !in.Echo && in.Milestone == nil {
		// A visitor's answer by mail to a conversation of another channel emailed to them
		// (web chat's continuity by email) goes back there.
		cont, err := tx.continuation(in)
		if err != nil {
			return nil, nil, false, err
		}
		if cont != nil {
			if kind, err = tx.inboxKind(cont.InboxID); err != nil {
				return nil, nil, false, err
			}
			in = cont
		}
	}
	idKind := switchboard.IdentityKindFor(kind)
	from, err := switchboard.NormalizeIdentity(idKind, in.From)
	if err != nil {
		return nil, nil, false, &switchboard.Error{Code: switchboard.EINVALID, Message: "The sender's address is not valid for this channel.",
			Fields: map[string]string{"from": switchboard.ErrorMessage(err)}}
	}
	if in.Comment != nil && in.Echo {
		return tx.receiveBusinessComment(in)
	}
	m := &Message{InboxID: in.InboxID, Direction: switchboard.DirectionIncoming, Kind: switchboard.KindText,
		SenderType: switchboard.SenderContact, Text: in.Text, ProviderID: in.ProviderID, Attachments: in.Attachments, Content: in.Content}
	switch {
	case in.Milestone != nil:
		m.Direction, m.Kind, m.SenderType, m.Activity = switchboard.DirectionInternal, switchboard.KindActivity, switchboard.SenderSystem, in.Milestone
	case in.Echo:
		m.Direction, m.SenderType, m.Status = switchboard.DirectionOutgoing, switchboard.SenderExternal, switchboard.MessageSent
	case in.FromBot:
		name := strings.TrimSpace(in.BotName)
		if name == "" {
			name = "Bot"
		}
		m.Direction, m.SenderType, m.SenderName, m.Status = switchboard.DirectionOutgoing, switchboard.SenderBot, name, switchboard.MessageSent
	}
	if in.Comment != nil {
		// A customer's comment says until when it may be answered privately.
		c := &switchboard.MessageContent{}
		if in.Content != nil {
			*c = *in.Content
		}
		until := tx.receivedAt(in).Add(switchboard.PrivateReplyWindow)
		c.Comment = &switchboard.CommentFields{PrivateReplyUntil: &until}
		m.Content = c
	}
	var plain *Message
	if tx.writesWithSender(in) {
		plain = m
	}
	// A direct message on a channel with comments may answer a private reply.
	var answering any
	if in.Comment == nil && !in.Echo && !in.FromBot && in.Milestone == nil && tx.db.capabilities(kind).Comments {
		answering = from
	}
	s, err := tx.findSender(in, idKind, from, plain, answering)
	if err != nil {
		return nil, nil, false, err
	}
	if s.blocked && s.duplicate == 0 {
		// A blocked contact's message is kept (nothing a customer sent is dropped) but raises
		// nothing: its events are taken back before commit, so no list, realtime push,
		// notification, outgoing webhook or rule hears of it, and no job follows (see
		// hiddenMessage, and the checks of s.blocked below).
		mark := len(tx.events)
		tx.hiding = true
		defer func() { tx.hiding, tx.events = false, tx.events[:mark] }()
	}
	if s.written {
		// Written with the lookup: a plain message going on in an open conversation.
		if err := tx.inserted(m); err != nil {
			return nil, nil, false, err
		}
		tx.openWindow(in.InboxID, s.identityID, s.contactID, tx.receivedAt(in))
		if err := tx.linkPrivateReply(in.InboxID, from, s.pendingLink, s.convID); err != nil {
			return nil, nil, false, err
		}
		conv := &Conversation{ID: s.convID, InboxID: in.InboxID, Status: switchboard.ConversationStatus(s.status)}
		if s.slaPolicy != 0 {
			if err := tx.slaCustomerMessage(conv.ID, conv.InboxID, s.slaPolicy); err != nil {
				return nil, nil, false, err
			}
		}
		if err := tx.autoReplies(conv, kind, s.contactID, m); err != nil {
			return nil, nil, false, err
		}
		if err := tx.toBot(in.InboxID, conv.ID, m.ID, false); err != nil {
			return nil, nil, false, err
		}
		if reload {
			conv, err = tx.loadConversation(conv.ID)
		}
		return m, conv, true, err
	}
	if s.duplicate != 0 {
		m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE id = ?", s.duplicate))
		if err != nil {
			return nil, nil, false, fmt.Errorf("receive: %w", err)
		}
		conv, err := tx.loadConversation(m.ConversationID)
		return m, conv, false, err
	}
	contactID, identityID, contactName := s.contactID, s.identityID, s.contactName
	var linked *switchboard.Identity // a new address attached to the contact it was recorded for
	if contactID == 0 {
		if contactID, identityID, contactName, linked, err = tx.newSender(in.InboxID, idKind, from, in.ContactName); err != nil {
			return nil, nil, false, err
		}
		if linked == nil && tx.db.channels != nil && tx.db.channels.FetchesProfiles(kind) {
			if err := tx.enqueue(switchboard.JobFetchProfile, switchboard.FetchProfileArgs{InboxID: in.InboxID, ContactID: contactID,
				ExternalID: from, Placeholder: in.ContactName}, jobOptions{maxAttempts: 3, uniqueKey: fmt.Sprintf("profile:%d", contactID)}); err != nil {
				return nil, nil, false, err
			}
		}
	}

	// The contact's latest conversation in this inbox continues unless it was resolved. An echo
	// (the business writing from its phone) continues even a resolved one without reopening it.
	// Threaded channels find it by what the message answers instead (see threadOf), and a
	// comment by the post it is under.
	var conv *Conversation
	started := false // the bot starts active in the conversation this message starts
	convID, status := s.convID, s.status
	threaded := in.Threaded || in.Comment != nil
	if threaded {
		if in.Comment != nil {
			convID, err = tx.commentConversation(in.InboxID, contactID, in.Comment.PostID)
		} else {
			convID, err = tx.threadOf(in, contactID)
		}
		if err == nil && convID == 0 {
			err = sql.ErrNoRows
		} else if err == nil {
			err = tx.queryRow("SELECT status FROM conversations WHERE id = ?", convID).Scan(&status)
			if status == string(switchboard.StatusResolved) {
				status = "" // a reply reopens it rather than starting anew
			}
		}
	} else if convID == 0 {
		err = sql.ErrNoRows
	}
	// A customer's next message after a survey may be its answer: it goes into the resolved
	// conversation it rates, without reopening it (see csatAnswer).
	csatRating := 0
	if err == nil && !threaded && status == string(switchboard.StatusResolved) && !in.Echo && !in.FromBot && in.Milestone == nil && !s.blocked {
		if csatRating, err = tx.csatAnswer(convID, in); err != nil {
			return nil, nil, false, err
		}
		if csatRating > 0 {
			status = "rated" // goes on as it is
		}
	}
	if starts := errors.Is(err, sql.ErrNoRows) || (err == nil && status == string(switchboard.StatusResolved) && !in.Echo && !in.FromBot); starts && !threaded {
		// The message would start a conversation: unless one started meanwhile (see
		// activeConversation).
		var active int64
		var activeStatus string
		if active, activeStatus, err = tx.activeConversation(in.InboxID, contactID); err == nil && active != 0 {
			convID, status = active, activeStatus
		} else if err == nil {
			err = sql.ErrNoRows
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && status == string(switchboard.StatusResolved) && !in.Echo && !in.FromBot):
		now := micro(tx.now)
		threadKey := ""
		if in.Comment != nil {
			if threadKey, err = tx.startCommentConversation(in, contactID); err != nil {
				return nil, nil, false, err
			}
		}
		botState := ""
		if !in.Echo && !in.FromBot && in.Milestone == nil && !s.blocked {
			if botState, err = tx.startBot(in.InboxID); err != nil {
				return nil, nil, false, err
			}
		}
		started = botState != ""
		if convID, err = tx.insert(`INSERT INTO conversations (inbox_id, contact_id, identity_id, status, subject, thread_key, bot_state, blocked, last_activity_at, created_at, updated_at)
			VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`, in.InboxID, contactID, identityID, in.Subject, threadKey, botState, s.blocked, now, now, now); err != nil {
			return nil, nil, false, fmt.Errorf("receive: create conversation: %w", err)
		}
		if conv, err = tx.loadConversation(convID); err != nil {
			return nil, nil, false, err
		}
		tx.emit(switchboard.EventConversationCreated, &conv.InboxID, &conv.ID, nil, conv)
		if !s.blocked {
			if err := tx.queueAutoAssign(conv.InboxID); err != nil {
				return nil, nil, false, err
			}
		}
	case err != nil:
		return nil, nil, false, fmt.Errorf("receive: find conversation: %w", err)
	case !threaded && status != string(switchboard.StatusSnoozed):
		// The conversation goes on as it is: what follows needs only its id. (Loading the whole
		// conversation, with its contact, labels and windows, was a fifth of a webhook's time.)
		conv = &Conversation{ID: convID, InboxID: in.InboxID, Status: switchboard.ConversationStatus(status)}
	default:
		if conv, err = tx.loadConversation(convID); err != nil {
			return nil, nil, false, err
		}
		if (conv.Status == switchboard.StatusSnoozed || (threaded && conv.Status == switchboard.StatusResolved)) && !in.Echo && !in.FromBot && !s.blocked {
			// The customer's reply wakes a snoozed conversation (and, by mail or under a post,
			// a resolved one). Its event says so: the reply is news enough (notifications tell
			// of the message, not of a reopening too).
			if err := tx.setStatus(conv, switchboard.StatusOpen, nil); err != nil {
				return nil, nil, false, err
			}
			tx.statusCause(conv.ID, "customer_message")
		}
	}

	if linked != nil {
		if err := tx.noteLinked(linked); err != nil {
			return nil, nil, false, err
		}
	}
	m.ConversationID = conv.ID
	if m.SenderType == switchboard.SenderContact {
		m.SenderID, m.SenderName = &contactID, contactName
	}
	firstFile := len(m.Attachments)
	if err := tx.storeFiles(m, in.Files); err != nil {
		return nil, nil, false, err
	}
	if len(m.Attachments) > 0 {
		m.Kind = switchboard.KindMedia
	}
	if err := tx.storeSource(m, in.Source); err != nil {
		return nil, nil, false, err
	}
	if in.ReplyToProviderID != "" {
		var replyTo int64
		if err := tx.queryRow("SELECT id FROM messages WHERE inbox_id = ? AND provider_id = ?", in.InboxID, in.ReplyToProviderID).Scan(&replyTo); err == nil {
			m.ReplyToID = &replyTo
		}
	}
	if csatRating > 0 {
		if m.Content == nil {
			m.Content = &switchboard.MessageContent{}
		}
		m.Content.CSATRating = csatRating
	}
	if err := tx.insertMessage(m, ""); err != nil {
		return nil, nil, false, fmt.Errorf("receive: insert message: %w", err) // keeps a unique violation visible to Receive
	}
	if csatRating > 0 {
		full, err := tx.loadConversation(conv.ID)
		if err != nil {
			return nil, nil, false, err
		}
		if _, err := tx.rate(full, &switchboard.CSAT{Rating: csatRating}, ratedByMessage); err != nil && switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			return nil, nil, false, err
		}
		conv.Status = switchboard.StatusResolved
	}
	if in.HTML != "" {
		// Inline images point at their attachments once those have ids; then the HTML is made
		// safe to show.
		html := in.HTML
		for i, f := range in.Files {
			if f.ContentID != "" {
				html = strings.ReplaceAll(html, "cid:"+f.ContentID, m.Attachments[firstFile+i].URL)
			}
		}
		m.HTML = tx.db.html.Sanitize(html)
		if _, err := tx.exec("UPDATE messages SET html = ? WHERE id = ?", m.HTML, m.ID); err != nil {
			return nil, nil, false, fmt.Errorf("receive: html: %w", err)
		}
	}
	for _, a := range m.Attachments {
		if a.Source != "" && a.StorageKey == "" {
			if err := tx.enqueue(switchboard.JobFetchMedia, switchboard.FetchMediaArgs{AttachmentID: a.ID}, jobOptions{maxAttempts: 8}); err != nil {
				return nil, nil, false, err
			}
		}
	}
	if !in.Echo && !in.FromBot && in.Milestone == nil && in.Comment == nil {
		// (A comment opens no window: only a direct message does.)
		tx.openWindow(in.InboxID, identityID, contactID, tx.receivedAt(in))
		if err := tx.linkPrivateReply(in.InboxID, from, s.pendingLink, conv.ID); err != nil {
			return nil, nil, false, err
		}
		if in.Consent != "" {
			// The customer opted out (or back in) with this message: recorded with it.
			if err := tx.recordConsent(conv, identityID, contactID, in.Consent, ""); err != nil {
				return nil, nil, false, err
			}
		}
	}
	if s.blocked {
		if reload {
			conv, err = tx.loadConversation(conv.ID)
		}
		return m, conv, true, err
	}
	if err := tx.slaMessage(in, conv, s); err != nil {
		return nil, nil, false, err
	}
	if in.Acknowledge != "" && conv.CreatedAt.Equal(tx.now) && !in.Echo && !in.FromBot {
		if err := tx.acknowledge(conv, m, in.Acknowledge); err != nil {
			return nil, nil, false, err
		}
	}
	if !in.Echo && !in.FromBot && in.Milestone == nil && in.Comment == nil && csatRating == 0 {
		if err := tx.autoReplies(conv, kind, contactID, m); err != nil {
			return nil, nil, false, err
		}
		if err := tx.toBot(in.InboxID, conv.ID, m.ID, started); err != nil {
			return nil, nil, false, err
		}
	}
	if reload {
		conv, err = tx.loadConversation(conv.ID)
	}
	return m, conv, true, err
}

// activeConversation returns the contact's active conversation in the inbox (open, pending or
// snoozed, the one touched last), or 0. On PostgreSQL it first takes a lock on the pair until
// the transaction ends: two nodes taking a new customer's first messages at once would
// otherwise each find none and each start a conversation. The second waits, then finds the
// first's. (SQLite's one writer runs the lookup and the start in one write transaction.)
func (tx *Tx) activeConversation(inboxID, contactID int64) (int64, string, error) {
	if err := tx.lockConversationStart(inboxID, contactID); err != nil {
		return 0, "", err
	}
	var id int64
	var status string
	err := tx.queryRow(`SELECT id, status FROM conversations WHERE contact_id = ? AND inbox_id = ? AND status <> 'resolved' AND thread_key = ''
		ORDER BY last_activity_at DESC, id DESC LIMIT 1`, contactID, inboxID).Scan(&id, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	} else if err != nil {
		return 0, "", fmt.Errorf("receive: find the active conversation: %w", err)
	}
	return id, status, nil
}

// lockConversationStart takes, on PostgreSQL, a lock on the start of a conversation between a
// contact and an inbox until the transaction ends (see activeConversation).
func (tx *Tx) lockConversationStart(inboxID, contactID int64) error {
	if tx.db.dialect.name != "postgres" {
		return nil
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "%d:%d", inboxID, contactID)
	if _, err := tx.exec("SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))", lockConversationStart, int32(h.Sum32())); err != nil {
		return fmt.Errorf("receive: lock the start of a conversation: %w", err)
	}
	return nil
}

// acknowledge sends the inbox's acknowledgement of a customer's message m that opened conv,
// marked automatic; not to a customer who opted out (with m, or before).
func (tx *Tx) acknowledge(conv *Conversation, m *Message, text string) error {
	if err := tx.checkOptOut(conv); switchboard.ErrorCode(err) == switchboard.EOPTEDOUT {
		return nil
	} else if err != nil {
		return err
	}
	ack := &Message{ConversationID: conv.ID, InboxID: conv.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
		SenderType: switchboard.SenderBot, SenderName: "Auto-reply", Text: text, Status: switchboard.MessagePending,
		ReplyToID: &m.ID, Content: &switchboard.MessageContent{Automatic: true}}
	if err := tx.insertMessage(ack, ""); err != nil {
		return fmt.Errorf("receive: acknowledgement: %w", err)
	}
	return tx.enqueueDelivery(ack.ID)
}

// replyKeyPattern finds a reply key in a Message-ID we wrote (sb.<conversation>.<mac>.…) or in
// a plus address (support+c_<conversation>.<mac>@…).
var replyKeyPattern = regexp.MustCompile(`(?:(?:^|[^a-z0-9])sb\.|\+c_)(\d{1,18})\.([0-9a-f]{10})`)

// replyKey signs a conversation id for what a channel sends, so a reply can name its
// conversation and nobody can forge another's.
func (db *DB) replyKey(convID int64) string {
	return fmt.Sprintf("%d.%s", convID, hex.EncodeToString(db.box.MAC(fmt.Appendf(nil, "reply:%d", convID)))[:10])
}

// replyKeys returns the conversations that the reply keys found in s sign, skipping keys that
// are not ours or were tampered with.
func (db *DB) replyKeys(s string) []int64 {
	var ids []int64
	for _, mt := range replyKeyPattern.FindAllStringSubmatch(strings.ToLower(s), -1) {
		id, _ := strconv.ParseInt(mt[1], 10, 64)
		if db.replyKey(id) == mt[1]+"."+mt[2] {
			ids = append(ids, id)
		}
	}
	return ids
}

// threadOf finds the conversation a threaded (email) message belongs to, in order: a message it
// references is in the inbox; a reply key in its references or recipients; the contact's recent
// conversation with the same subject (scoped to the contact, so one newsletter's many replies
// stay apart). 0 means a new conversation.
func (tx *Tx) threadOf(in *switchboard.InboundMessage, contactID int64) (int64, error) {
	if len(in.References) > 0 {
		args := []any{in.InboxID}
		for _, r := range in.References {
			args = append(args, r)
		}
		var w where
		w.add("inbox_id = ?", in.InboxID)
		w.in("provider_id", args[1:])
		var id int64
		err := tx.queryRow("SELECT conversation_id FROM messages"+w.sql()+" ORDER BY id DESC LIMIT 1", w.args...).Scan(&id)
		if err == nil {
			return id, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("thread by references: %w", err)
		}
	}
	for _, s := range append(append([]string{}, in.References...), in.Recipients...) {
		for _, id := range tx.db.replyKeys(s) {
			var found int64
			if err := tx.queryRow("SELECT id FROM conversations WHERE id = ? AND inbox_id = ?", id, in.InboxID).Scan(&found); err == nil {
				return found, nil
			}
		}
	}
	if subject := switchboard.NormalizeSubject(in.Subject); subject != "" {
		rows, err := tx.query(`SELECT id, subject FROM conversations WHERE inbox_id = ? AND contact_id = ? AND last_activity_at > ?
			ORDER BY last_activity_at DESC LIMIT 20`, in.InboxID, contactID, micro(tx.now.Add(-30*24*time.Hour)))
		if err != nil {
			return 0, fmt.Errorf("thread by subject: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				return 0, err
			}
			if switchboard.NormalizeSubject(s) == subject {
				return id, nil
			}
		}
		return 0, rows.Err()
	}
	return 0, nil
}

// storeFiles writes the files that came with a message into the file store and adds them as
// attachments; if the transaction then fails, the files are removed again.
func (tx *Tx) storeFiles(m *Message, files []*switchboard.InboundFile) error {
	if len(files) == 0 {
		return nil
	}
	if tx.db.files == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	for _, f := range files {
		ct := f.ContentType
		if sniffed, err := sniffedType(ct, f.Data); err == nil {
			ct = sniffed
		} else {
			ct = "application/octet-stream" // a file that lies about its type is kept, as a download
		}
		key, size, sum, err := tx.db.files.Put(tx.ctx, bytes.NewReader(f.Data), MaxInboundMedia)
		if err != nil {
			return fmt.Errorf("store attachment: %w", err)
		}
		tx.onRollback(func() { _ = tx.db.files.Delete(context.WithoutCancel(tx.ctx), key) })
		name := switchboard.CleanFilename(f.Filename)
		if f.Filename == "" {
			name = switchboard.AttachmentKind(ct)
		}
		m.Attachments = append(m.Attachments, &switchboard.Attachment{Kind: switchboard.AttachmentKind(ct), ContentType: ct, Filename: name,
			Size: size, SHA256: sum, StorageKey: key})
		if isVCard(ct) {
			m.Content = withCards(m.Content, cardsOf(f.Data))
		}
	}
	return nil
}

// storeSource keeps a received message's source, byte for byte, as its last attachment (of kind
// AttachmentSource); if the transaction then fails, the file is removed again.
func (tx *Tx) storeSource(m *Message, source []byte) error {
	if len(source) == 0 {
		return nil
	}
	if tx.db.files == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	key, size, sum, err := tx.db.files.Put(tx.ctx, bytes.NewReader(source), MaxInboundMedia)
	if err != nil {
		return fmt.Errorf("store message source: %w", err)
	}
	tx.onRollback(func() { _ = tx.db.files.Delete(context.WithoutCancel(tx.ctx), key) })
	m.Attachments = append(m.Attachments, &switchboard.Attachment{Kind: switchboard.AttachmentSource, ContentType: "message/rfc822",
		Filename: "message.eml", Size: size, SHA256: sum, StorageKey: key})
	return nil
}

// receivedAt is when a customer sent a message, as far as their window goes: when the provider
// says, unless that is in the future.
func (tx *Tx) receivedAt(in *switchboard.InboundMessage) time.Time {
	if !in.SentAt.IsZero() && in.SentAt.Before(tx.now) {
		return in.SentAt.UTC()
	}
	return tx.now
}

// openWindow records a customer's message for their customer-service window with the inbox.
// The window is written when the transaction ends (see flushHeld), the newest of its messages
// for each address; a read of the windows in the transaction writes it first (beforeStatement).
func (tx *Tx) openWindow(inboxID, identityID, contactID int64, at time.Time) {
	k := [2]int64{inboxID, identityID}
	if w, ok := tx.heldWindows[k]; ok && w[3].(int64) >= micro(at) {
		return
	}
	if tx.heldWindows == nil {
		tx.heldWindows = map[[2]int64][]any{}
	}
	tx.heldWindows[k] = []any{inboxID, identityID, contactID, micro(at)}
}

// keepPayload keeps a webhook's body as the provider sent it (provider_payloads), written when
// the transaction ends.
func (tx *Tx) keepPayload(inboxID int64, body string) {
	tx.heldPayloads = append(tx.heldPayloads, []any{inboxID, body, micro(tx.now)})
}

// heldRows are rows of a table held until the transaction ends (see flushHeld).
type heldRows struct {
	into   string // "table (columns)"
	rows   [][]any
	suffix string // ends the INSERT
	what   string // for errors
}

// takeHeld returns the rows the transaction held, and holds nothing more.
func (tx *Tx) takeHeld() []heldRows {
	var held []heldRows
	if rows := tx.heldPayloads; len(rows) > 0 {
		tx.heldPayloads = nil
		held = append(held, heldRows{into: "provider_payloads (inbox_id, body, received_at)", rows: rows, what: "keep provider payload"})
	}
	if w := tx.takeWindows(); w != nil {
		held = append(held, *w)
	}
	return held
}

// takeWindows returns the held customer windows, in the order of their keys (transactions
// upserting the same rows then lock them in the same order), or nil.
func (tx *Tx) takeWindows() *heldRows {
	if len(tx.heldWindows) == 0 {
		return nil
	}
	keys := slices.SortedFunc(maps.Keys(tx.heldWindows), func(a, b [2]int64) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = tx.heldWindows[k]
	}
	tx.heldWindows = nil
	// One row per address: PostgreSQL refuses an upsert that changes a row twice.
	return &heldRows{into: "customer_windows (inbox_id, identity_id, contact_id, last_inbound_at)", rows: rows, what: "record customer window",
		suffix: ` ON CONFLICT (inbox_id, identity_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, contact_id = excluded.contact_id
		WHERE customer_windows.last_inbound_at < excluded.last_inbound_at`}
}

// flushHeld writes the rows the transaction held. A group of webhooks (see updateGrouped) wrote
// a payload and a window for each of its messages, one statement and one round trip to
// PostgreSQL each; together they take a statement per table, whatever the group's size. (On
// PostgreSQL, a transaction with events writes them with its events instead: see flushEvents.)
func (tx *Tx) flushHeld() error {
	for _, h := range tx.takeHeld() {
		if err := tx.insertRows(h.into, h.rows, h.suffix); err != nil {
			return fmt.Errorf("%s: %w", h.what, err)
		}
	}
	return nil
}

// flushWindows writes the held customer windows.
func (tx *Tx) flushWindows() error {
	if h := tx.takeWindows(); h != nil {
		if err := tx.insertRows(h.into, h.rows, h.suffix); err != nil {
			return fmt.Errorf("%s: %w", h.what, err)
		}
	}
	return nil
}

// sender is what findSender found of a message's sender.
type sender struct {
	// duplicate is the id of the message already recorded with the message's provider id.
	duplicate int64
	// contactID, identityID and contactName are 0 and "" for a new address.
	contactID, identityID int64
	contactName           string
	// convID and status are the conversation a message of the contact joins in the inbox (0
	// and "": none): see findSenderSQL.
	convID int64
	status string
	// slaPolicy is that conversation's SLA policy (0: none): its timers move with the message.
	slaPolicy int64
	// written is set when findSender also wrote the message it was given (see findSender).
	written bool
	// pendingLink is the comment conversation whose private reply the message answers, 0 when
	// none (see linkPrivateReply).
	pendingLink int64
	// blocked is set when the contact is blocked: the message is kept, hidden, and raises
	// nothing (see receiveMessage).
	blocked bool
}

// findSenderSQL finds whether a message was recorded already (by its provider id), the contact
// and identity of its sender's address and the conversation the message joins in the inbox:
// the contact's active one (open, pending or snoozed) touched last, else its latest (resolved:
// a customer's message then starts a new one, see receive). A note or a reply on a resolved
// conversation makes it the latest, not the active one, and must not split the customer's
// next message from the conversation under way. Both lookups walk conversations_contact in
// its order and stop at their first row as a rule. pending_link is the comment conversation
// whose private reply a direct message from the address answers (see linkPrivateReply), looked
// up in the same round trip; its address is NULL (nothing found) where none can be.
const findSenderSQL = `SELECT (SELECT m.id FROM messages m WHERE m.inbox_id = ? AND m.provider_id = ?) AS duplicate,
		(SELECT p.conversation_id FROM private_replies p WHERE p.inbox_id = ? AND p.recipient = ? AND p.linked_conversation_id IS NULL
			ORDER BY p.message_id DESC LIMIT 1) AS pending_link,
		c.id AS contact_id, i.id AS identity_id, c.name AS contact_name, cv.id AS conversation_id, cv.status AS status,
		cv.sla_policy_id AS sla_policy_id, c.blocked AS blocked
	FROM identities i JOIN contacts c ON c.id = i.contact_id
	LEFT JOIN conversations cv ON cv.id = COALESCE(
		(SELECT l.id FROM conversations l WHERE l.contact_id = c.id AND l.inbox_id = ? AND l.status <> 'resolved' AND l.thread_key = ''
			ORDER BY l.last_activity_at DESC, l.id DESC LIMIT 1),
		(SELECT l.id FROM conversations l WHERE l.contact_id = c.id AND l.inbox_id = ? AND l.thread_key = ''
			ORDER BY l.last_activity_at DESC, l.id DESC LIMIT 1))
	WHERE i.kind = ? AND i.external_id = ?`

// foundColumns are, for each of messageColumnsWritten, the column of findSenderSQL's row a
// message written with its lookup takes (see findSender), or "" for a value of its own;
// foundValues is that row's SELECT list, a placeholder for each value of its own.
var foundColumns, foundValues = func() ([]string, string) {
	from := map[string]string{"conversation_id": "found.conversation_id", "sender_id": "found.contact_id", "sender_name": "found.contact_name"}
	columns := strings.Split(messageColumnsWritten, ", ")
	exprs := make([]string, len(columns))
	for i, c := range columns {
		columns[i], exprs[i] = from[c], cmp.Or(from[c], "?")
	}
	return columns, strings.Join(exprs, ", ")
}()

// findSender finds, in one query, whether a message was recorded already (by its provider id),
// the contact and identity of its sender's address and the contact's latest conversation in
// the inbox: the three lookups of every customer's message.
//
// Most customers' messages go on in an open conversation of a known contact, and need nothing
// else looked up. Given such a message (plain: see writesWithSender), PostgreSQL writes it in the
// same statement when what it finds lets it go on (no duplicate, an open or pending
// conversation): its row, with the conversation and the contact's name found, and the
// conversation's summary, as insertMessage would. That is one round trip of the two a webhook's
// message cost. written then tells; the caller finishes with tx.inserted.
func (tx *Tx) findSender(in *switchboard.InboundMessage, kind switchboard.IdentityKind, externalID string, plain *Message, answering any) (sender, error) {
	var s sender
	var provider any
	if in.ProviderID != "" {
		provider = in.ProviderID
	}
	query, args := findSenderSQL, []any{in.InboxID, provider, in.InboxID, answering, in.InboxID, in.InboxID, string(kind), externalID}
	var written, pending sql.NullInt64
	var slaPolicy sql.NullInt64
	dest := []any{new(sql.NullInt64), &pending, &s.contactID, &s.identityID, &s.contactName, new(sql.NullInt64), new(sql.NullString), &slaPolicy, &s.blocked}
	if plain != nil {
		w := tx.messageWrite(plain, "")
		for i, v := range w.values {
			if foundColumns[i] == "" {
				args = append(args, v)
			}
		}
		query = "WITH found AS (" + query + `),
			added AS (INSERT INTO messages (` + w.columns + `) SELECT ` + foundValues + ` FROM found
				WHERE found.duplicate IS NULL AND found.status IN ('open', 'pending') AND NOT found.blocked RETURNING id, conversation_id),
			summed AS (UPDATE conversations SET ` + w.set + ` FROM added WHERE conversations.id = added.conversation_id)
			SELECT found.*, (SELECT id FROM added) FROM found`
		args = append(args, w.summary...)
		dest = append(dest, &written)
	}
	err := tx.queryRow(query, args...).Scan(dest...)
	dup, convID, status := dest[0].(*sql.NullInt64), dest[5].(*sql.NullInt64), dest[6].(*sql.NullString)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// A new address; its message can still have been recorded if the address moved (a
		// contact's identity deleted since).
		s = sender{}
		if provider != nil {
			err = tx.queryRow("SELECT id FROM messages WHERE inbox_id = ? AND provider_id = ?", in.InboxID, provider).Scan(dup)
			if errors.Is(err, sql.ErrNoRows) {
				err = nil
			}
		} else {
			err = nil
		}
		if err == nil && answering != nil {
			err = tx.queryRow(`SELECT conversation_id FROM private_replies WHERE inbox_id = ? AND recipient = ? AND linked_conversation_id IS NULL
				ORDER BY message_id DESC LIMIT 1`, in.InboxID, answering).Scan(&pending)
			if errors.Is(err, sql.ErrNoRows) {
				err = nil
			}
		}
	case err == nil:
		s.convID, s.status, s.slaPolicy = convID.Int64, status.String, slaPolicy.Int64
		if written.Valid {
			plain.ID, plain.ConversationID, s.written = written.Int64, s.convID, true
			plain.SenderID, plain.SenderName = &s.contactID, s.contactName
		}
	}
	if err != nil {
		return s, fmt.Errorf("receive: find sender: %w", err)
	}
	s.duplicate, s.pendingLink = dup.Int64, pending.Int64
	return s, nil
}

// writesWithSender reports whether findSender may write a customer's message in the statement
// that finds its sender (on PostgreSQL): a message that needs nothing but its row and its
// conversation's summary (not an opt-out, which marks the sender's identity), and whose
// conversation only the lookup decides.
func (tx *Tx) writesWithSender(in *switchboard.InboundMessage) bool {
	return tx.db.dialect.name == "postgres" && !in.Threaded && in.Comment == nil && !in.Echo && !in.FromBot && in.Milestone == nil && len(in.Files) == 0 &&
		len(in.Attachments) == 0 && in.HTML == "" && in.ReplyToProviderID == "" && in.Consent == ""
}

// contactFor returns the contact that owns an identity (and the identity's id), creating both
// when the address is new (first met in inboxID).
func (tx *Tx) contactFor(inboxID int64, kind switchboard.IdentityKind, externalID, name string) (contactID, identityID int64, contactName string, err error) {
	var id, identity int64
	var current string
	err = tx.queryRow(`SELECT c.id, i.id, c.name FROM identities i JOIN contacts c ON c.id = i.contact_id
		WHERE i.kind = ? AND i.external_id = ?`, string(kind), externalID).Scan(&id, &identity, &current)
	if err == nil {
		return id, identity, current, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, "", fmt.Errorf("find identity: %w", err)
	}
	id, identity, name, linked, err := tx.newSender(inboxID, kind, externalID, name)
	if err == nil && linked != nil {
		err = tx.noteLinked(linked)
	}
	return id, identity, name, err
}

// createContact creates a contact with its first identity.
func (tx *Tx) createContact(inboxID int64, kind switchboard.IdentityKind, externalID, name string) (contactID, identityID int64, err error) {
	var email, phone string
	switch kind {
	case switchboard.IdentityEmail:
		email = externalID
	case switchboard.IdentityPhone:
		phone = externalID
	}
	now := micro(tx.now)
	if contactID, err = tx.insert("INSERT INTO contacts (name, email, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
		name, email, phone, now, now); err != nil {
		return 0, 0, fmt.Errorf("create contact: %w", err)
	}
	if identityID, err = tx.insert("INSERT INTO identities (contact_id, kind, external_id, created_at) VALUES (?, ?, ?, ?)",
		contactID, string(kind), externalID, now); err != nil {
		return 0, 0, fmt.Errorf("create identity: %w", err)
	}
	// The contact is met in this inbox: those who see it see the contact.
	tx.emit(switchboard.EventContactCreated, &inboxID, nil, nil, map[string]any{"id": contactID, "name": name})
	return contactID, identityID, nil
}
