package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.MessageService = (*DB)(nil)

// Message is a local alias that keeps scanning code short.
type Message = switchboard.Message

const messageColumns = `id, conversation_id, inbox_id, direction, kind, sender_type, sender_id, sender_name, text, html,
	reply_to_id, provider_id, status, error_code, error_reason, mentions, activity, content, created_at, updated_at, deleted_at, retry, language`

func scanMessage(row scanner) (*Message, error) {
	var m Message
	var sender, replyTo, deleted sql.NullInt64
	var provider sql.NullString
	var mentions, activity, content, retry string
	var created, updated int64
	err := row.Scan(&m.ID, &m.ConversationID, &m.InboxID, &m.Direction, &m.Kind, &m.SenderType, &sender, &m.SenderName,
		&m.Text, &m.HTML, &replyTo, &provider, &m.Status, &m.ErrorCode, &m.ErrorReason, &mentions, &activity, &content, &created, &updated, &deleted, &retry, &m.Language)
	if err != nil {
		return nil, err
	}
	m.SenderID, m.ReplyToID, m.DeletedAt = fromNullInt64(sender), fromNullInt64(replyTo), fromNullMicro(deleted)
	m.ProviderID = provider.String
	m.CreatedAt, m.UpdatedAt = fromMicro(created), fromMicro(updated)
	m.Mentions = []int64{}
	for _, s := range strings.Split(mentions, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			m.Mentions = append(m.Mentions, id)
		}
	}
	if activity != "" {
		m.Activity = &switchboard.Activity{}
		if err := json.Unmarshal([]byte(activity), m.Activity); err != nil {
			return nil, fmt.Errorf("decode activity of message %d: %w", m.ID, err)
		}
	}
	if content != "" {
		m.Content = &switchboard.MessageContent{}
		if err := json.Unmarshal([]byte(content), m.Content); err != nil {
			return nil, fmt.Errorf("decode content of message %d: %w", m.ID, err)
		}
	}
	if retry != "" {
		m.Retry = &switchboard.DeliveryRetry{}
		if err := json.Unmarshal([]byte(retry), m.Retry); err != nil {
			return nil, fmt.Errorf("decode retry of message %d: %w", m.ID, err)
		}
	}
	m.Attachments, m.Reactions = []*switchboard.Attachment{}, []*switchboard.Reaction{}
	return &m, nil
}

// previewLength bounds the last-message preview kept on a conversation for list rows.
const previewLength = 140

func preview(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= previewLength {
		return text
	}
	r := []rune(text)
	return string(r[:previewLength-1]) + "…"
}

// previewOf is a message's line in the conversation list: its text, else what it carries (a
// file's name, a place) so a row is never blank.
func previewOf(m *Message) string {
	i := slices.IndexFunc(m.Attachments, func(a *switchboard.Attachment) bool { return a.Kind != switchboard.AttachmentSource })
	if strings.TrimSpace(m.Text) != "" || i < 0 {
		return preview(m.Text)
	}
	a := m.Attachments[i]
	icon := "📎 "
	if a.Kind == "location" {
		icon = "📍 "
	}
	name := a.Filename
	if name == "" {
		name = a.Kind
	}
	return preview(icon + name)
}

// insertMessage writes a message, announces it, and updates its conversation's summary columns
// (last activity, last message, who replied last, waiting since, preview). key is the agent's
// idempotency key or "".
func (tx *Tx) insertMessage(m *Message, key string) error {
	w := tx.messageWrite(m, key)
	insert := "INSERT INTO messages (" + w.columns + ") VALUES (" + placeholders(len(w.values)) + ") RETURNING id"
	args := w.values
	// PostgreSQL takes the message and the summary in one statement, one round trip of the few a
	// webhook's message costs; SQLite, in the process, has no statements inside WITH.
	together := tx.db.dialect.name == "postgres"
	if together {
		insert = "WITH m AS (" + insert + "), s AS (UPDATE conversations SET " + w.set + " WHERE id = ?) SELECT id FROM m"
		args = append(append(args, w.summary...), m.ConversationID)
	}
	if err := tx.queryRow(insert, args...).Scan(&m.ID); err != nil {
		return err
	}
	if !together {
		if _, err := tx.exec("UPDATE conversations SET "+w.set+" WHERE id = ?", append(w.summary, m.ConversationID)...); err != nil {
			return fmt.Errorf("update conversation summary: %w", err)
		}
	}
	return tx.inserted(m)
}

// messageWrite is what writing a message takes: its row, and the conversation summary's
// columns it sets (set, with summary its arguments).
type messageWrite struct {
	columns string
	values  []any
	set     string
	summary []any
}

// messageColumnsWritten are the columns messageWrite gives values for, in order.
const messageColumnsWritten = "conversation_id, inbox_id, direction, kind, sender_type, sender_id, sender_name, " +
	"text, html, reply_to_id, provider_id, status, error_code, error_reason, idempotency_key, mentions, activity, content, created_at, updated_at"

// messageWrite prepares m for writing at the transaction's time (its times set, its empty lists
// made non-nil).
func (tx *Tx) messageWrite(m *Message, key string) messageWrite {
	now := micro(tx.now)
	m.CreatedAt, m.UpdatedAt = tx.now, tx.now
	if m.Attachments == nil {
		m.Attachments = []*switchboard.Attachment{}
	}
	if m.Mentions == nil {
		m.Mentions = []int64{}
	}
	mentions := make([]string, len(m.Mentions))
	for i, id := range m.Mentions {
		mentions[i] = strconv.FormatInt(id, 10)
	}
	var activity, content string
	if m.Activity != nil {
		b, _ := json.Marshal(m.Activity)
		activity = string(b)
	}
	if !m.Content.Empty() {
		b, _ := json.Marshal(m.Content)
		content = string(b)
	}
	if m.Reactions == nil {
		m.Reactions = []*switchboard.Reaction{}
	}
	var provider, idem any
	if m.ProviderID != "" {
		provider = m.ProviderID
	}
	if key != "" {
		idem = key
	}
	// The conversation's summary. Activities and notes move only the activity time; customer
	// messages start the wait for a reply; agent replies end it. An automatic message (the
	// inbox's acknowledgement) is the last message but no answer: the customer still waits.
	set := "last_activity_at = ?, updated_at = ?"
	summary := []any{now, now}
	switch {
	case m.Direction == switchboard.DirectionIncoming && tx.hiding:
		// A blocked contact's message (see receiveMessage) moves the conversation's activity
		// but makes it neither unread nor waiting, now or once unblocked.
		set += ", last_customer_msg_at = ?, last_message_preview = ?"
		summary = append(summary, now, previewOf(m))
	case m.Direction == switchboard.DirectionIncoming:
		set += ", last_message_at = ?, last_customer_msg_at = ?, last_replier = 'customer', waiting_since = COALESCE(waiting_since, ?), last_message_preview = ?"
		summary = append(summary, now, now, now, previewOf(m))
	case m.Direction == switchboard.DirectionOutgoing && m.Content != nil && m.Content.Automatic:
		set += ", last_message_at = ?, last_message_preview = ?"
		summary = append(summary, now, previewOf(m))
	case m.Direction == switchboard.DirectionOutgoing:
		set += ", last_message_at = ?, last_replier = 'agent', waiting_since = NULL, last_message_preview = ?"
		summary = append(summary, now, previewOf(m))
	}
	if m.Direction == switchboard.DirectionOutgoing {
		// The newest outgoing message is the one whose failure a list row shows.
		set += ", last_outbound_failed = ?"
		summary = append(summary, m.Status == switchboard.MessageFailed)
	}
	return messageWrite{columns: messageColumnsWritten, set: set, summary: summary, values: []any{
		m.ConversationID, m.InboxID, string(m.Direction), string(m.Kind), string(m.SenderType), m.SenderID, m.SenderName,
		m.Text, m.HTML, m.ReplyToID, provider, string(m.Status), m.ErrorCode, m.ErrorReason, idem, strings.Join(mentions, ","), activity, content, now, now}}
}

// inserted writes what follows a message's row (its text for the index, waiting reactions, its
// attachments and mentions) and announces it.
func (tx *Tx) inserted(m *Message) error {
	id, now := m.ID, micro(m.CreatedAt)
	if m.Kind != switchboard.KindActivity {
		tx.indexLater(id, m.Text)
	}
	if m.ProviderID != "" && m.Direction == switchboard.DirectionOutgoing {
		// A customer's reaction may have come before the message it names (an echo of what the
		// business sent from its phone); customers' own messages are not waited for.
		if _, err := tx.exec("UPDATE reactions SET message_id = ? WHERE inbox_id = ? AND target_provider_id = ? AND message_id IS NULL", id, m.InboxID, m.ProviderID); err != nil {
			return fmt.Errorf("attach waiting reactions: %w", err)
		}
	}
	for _, a := range m.Attachments {
		var key any
		if a.StorageKey != "" {
			key = a.StorageKey
		}
		aid, err := tx.insert("INSERT INTO attachments (message_id, kind, content_type, filename, size, url, storage_key, sha256, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			id, a.Kind, a.ContentType, a.Filename, a.Size, a.URL, key, a.SHA256, a.Source, now)
		if err != nil {
			return fmt.Errorf("insert attachment: %w", err)
		}
		a.ID = aid
		a.Pending = a.Source != "" && a.StorageKey == ""
		if a.StorageKey != "" {
			// Stored files are served by Switchboard, under the attachment's own id.
			a.URL = attachmentURL(aid)
			if _, err := tx.exec("UPDATE attachments SET url = ? WHERE id = ?", a.URL, aid); err != nil {
				return fmt.Errorf("insert attachment: %w", err)
			}
		}
	}
	for _, agentID := range m.Mentions {
		if _, err := tx.exec("INSERT INTO mentions (agent_id, conversation_id, message_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			agentID, m.ConversationID, id, now); err != nil {
			return fmt.Errorf("insert mention: %w", err)
		}
	}

	tx.emit(switchboard.EventMessageCreated, &m.InboxID, &m.ConversationID, nil, m)
	return nil
}

// errDuplicateKey marks a reply whose idempotency key was already used: the caller looks up the
// first message instead.
var errDuplicateKey = errors.New("idempotency key already used")

// findByKey returns the message an agent already sent with an idempotency key, or nil.
func (db *DB) findByKey(ctx context.Context, agentID int64, key string) (*Message, error) {
	m, err := scanMessage(db.queryRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE sender_id = ? AND idempotency_key = ? AND sender_type = 'agent'", agentID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find message by idempotency key: %w", err)
	}
	return m, db.loadParts(ctx, []*Message{m})
}

// CreateMessage adds an agent's reply (queued as pending for delivery) or private note. An agent
// who replies in an unassigned conversation becomes its assignee, unless the inbox's assignment
// settings say otherwise.
func (db *DB) CreateMessage(ctx context.Context, conversationID int64, c *switchboard.MessageCreate) (*Message, bool, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	if actor.Agent == nil && actor.InboxID != 0 {
		return db.createBotMessage(ctx, actor.InboxID, conversationID, c)
	}
	if actor.Agent == nil {
		return nil, false, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents write replies and notes.")
	}
	if err := c.Validate(); err != nil {
		return nil, false, err
	}
	if c.IdempotencyKey != "" {
		if m, err := db.findByKey(ctx, actor.Agent.ID, c.IdempotencyKey); err != nil || m != nil {
			if m != nil && m.ConversationID != conversationID {
				return nil, false, idempotencyReused()
			}
			return m, false, err
		}
	}
	var m *Message
	_, err = db.changeConversation(ctx, conversationID, func(tx *Tx, conv *Conversation) error {
		m, err = tx.addAgentMessage(conv, c, "")
		return err
	})
	if errors.Is(err, errDuplicateKey) {
		// A concurrent request with the same key won the race; answer with its message.
		m, err = db.findByKey(ctx, actor.Agent.ID, c.IdempotencyKey)
		if err == nil && m == nil {
			err = fmt.Errorf("create message: idempotent message vanished")
		}
		return m, false, err
	}
	if err != nil {
		return nil, false, err
	}
	return m, true, nil
}

func idempotencyReused() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "This idempotency key was already used for another conversation.",
		Fields: map[string]string{"idempotency_key": "Use a new key for each message."}}
}

// addAgentMessage writes the acting agent's reply or note into conv; with bot set, the reply of
// the inbox's bot of that name instead (see createBotMessage).
func (tx *Tx) addAgentMessage(conv *Conversation, c *switchboard.MessageCreate, bot string) (*Message, error) {
	agent := tx.actor.Agent
	m := &Message{ConversationID: conv.ID, InboxID: conv.InboxID, Text: c.Text, ReplyToID: c.ReplyToID, Mentions: c.Mentions}
	if bot != "" {
		m.SenderType, m.SenderName = switchboard.SenderBot, bot
	} else {
		m.SenderType, m.SenderID, m.SenderName = switchboard.SenderAgent, tx.actor.ActorID(), agent.Name
	}
	if c.HTML != "" {
		m.HTML = tx.db.html.Sanitize(c.HTML)
	}
	if c.Note {
		m.Direction, m.Kind = switchboard.DirectionInternal, switchboard.KindNote
	} else {
		m.Direction, m.Kind, m.Status = switchboard.DirectionOutgoing, switchboard.KindText, switchboard.MessagePending
	}
	if err := tx.checkReplyTo(conv.ID, c.ReplyToID); err != nil {
		return nil, err
	}
	comment := conv.Kind == switchboard.ConversationComment && !c.Note
	switch {
	case comment:
		// Answers under a post know no window; a private one has its own rules.
		if err := tx.prepareCommentReply(conv, m, c); err != nil {
			return nil, err
		}
	case c.Private:
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Only an answer to a comment can be private.",
			Fields: map[string]string{"private": "Leave it out here."}}
	case !c.Note:
		if err := tx.checkOptOut(conv); err != nil {
			return nil, err
		}
		if err := tx.checkWindow(conv, m, c.Template); err != nil {
			return nil, err
		}
	}
	if err := tx.attachUploads(m, conv.Channel, c.Note, c.AttachmentIDs); err != nil {
		return nil, err
	}
	if len(m.Attachments) > 0 && !c.Note {
		m.Kind = switchboard.KindMedia
	}
	if c.Template != nil {
		m.Kind = switchboard.KindTemplate
	}
	if e := c.Email; e != nil {
		if conv.Channel != switchboard.ChannelEmail {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Mail fields are for email conversations.", Fields: map[string]string{"email": "Leave them out here."}}
		}
		if err := tx.checkSender(conv, e.From); err != nil {
			return nil, err
		}
		m.Content = &switchboard.MessageContent{Email: &switchboard.EmailFields{Subject: e.Subject, Cc: e.Cc, Bcc: e.Bcc, From: e.From}}
	}
	if c.Location != nil {
		if !tx.db.capabilities(conv.Channel).Location {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel cannot send a location.",
				Fields: map[string]string{"location": "Send the address as text instead."}}
		}
		m.Kind = switchboard.KindMedia
		m.Attachments = append(m.Attachments, c.Location.Attachment())
		m.Content = &switchboard.MessageContent{Location: c.Location}
	}
	if len(c.QuickReplies) > 0 {
		if !tx.db.capabilities(conv.Channel).QuickReplies {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel cannot show quick replies.",
				Fields: map[string]string{"quick_replies": "Leave them out here: write the choices in the text."}}
		}
		if m.Content == nil {
			m.Content = &switchboard.MessageContent{}
		}
		m.Content.QuickReplies = c.QuickReplies
	}
	if c.Translation != nil || c.AI != nil {
		// What the agent wrote before it was translated, and the copilot's mark, stay on the
		// message so the thread shows both texts and who drafted it.
		if m.Content == nil {
			m.Content = &switchboard.MessageContent{}
		}
		m.Content.Translation, m.Content.AI = c.Translation, c.AI
	}
	for _, id := range c.Mentions {
		name, err := tx.agentName(id)
		if err != nil {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "You mentioned an unknown agent.",
				Fields: map[string]string{"mentions": fmt.Sprintf("No agent %d.", id)}}
		}
		// A mention of someone who cannot open the conversation would be saved and never seen.
		if sees, err := tx.db.agentSeesInbox(tx, id, conv.InboxID); err != nil {
			return nil, err
		} else if !sees {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: name + " cannot see this conversation, so cannot be mentioned in it.",
				Fields: map[string]string{"mentions": name + " is not a member of this inbox."}}
		}
	}
	if err := tx.insertMessage(m, c.IdempotencyKey); err != nil {
		if isUniqueViolation(err) {
			return nil, errDuplicateKey
		}
		return nil, fmt.Errorf("insert message: %w", err)
	}
	if comment && m.Content.Comment.Private {
		if err := tx.reservePrivateReply(conv, m); err != nil {
			return nil, err
		}
	}
	if m.Direction == switchboard.DirectionOutgoing {
		if err := tx.enqueueDelivery(m.ID); err != nil {
			return nil, err
		}
	}
	// A bot neither takes the conversation nor reads it; it meets SLA targets all the same.
	selfAssign := bot == "" && !c.Note && conv.AssigneeID == nil
	if selfAssign {
		var err error
		if selfAssign, err = tx.selfAssignOnReply(conv.InboxID); err != nil {
			return nil, err
		}
	}
	if selfAssign {
		if _, err := tx.exec("UPDATE conversations SET assignee_id = ? WHERE id = ?", agent.ID, conv.ID); err != nil {
			return nil, fmt.Errorf("self-assign conversation %d: %w", conv.ID, err)
		}
		if err := tx.addActivity(conv, &switchboard.Activity{Action: "assigned", AgentID: &agent.ID}, agent.Name+" self-assigned the conversation by replying"); err != nil {
			return nil, err
		}
		tx.emit(switchboard.EventConversationAssigned, &conv.InboxID, &conv.ID, nil, map[string]any{"id": conv.ID, "assignee_id": agent.ID, "team_id": conv.TeamID})
	}
	// The targets the reply meets are met after the self-assignment, so conversation.sla_met
	// follows conversation.assigned in the log: reports count the outcome under the agent who
	// replied and took it, as a rebuild from the tables (which tells the outcome after the
	// reply's milestones) does.
	if m.Direction == switchboard.DirectionOutgoing && conv.SLA != nil {
		if err := tx.slaReplied(conv.ID); err != nil {
			return nil, err
		}
	}
	if bot != "" {
		return m, nil
	}
	// Writing in a conversation means having read it.
	if err := tx.markRead(conv.ID, false); err != nil {
		return nil, err
	}
	return m, nil
}

// checkReplyTo checks that a replied-to message, if any, belongs to the conversation.
func (tx *Tx) checkReplyTo(conversationID int64, replyToID *int64) error {
	if replyToID == nil {
		return nil
	}
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM messages WHERE id = ? AND conversation_id = ?", *replyToID, conversationID).Scan(&n); err != nil {
		return fmt.Errorf("check replied-to message: %w", err)
	}
	if n == 0 {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "You can only reply to a message of this conversation.",
			Fields: map[string]string{"reply_to_id": "No such message in this conversation."}}
	}
	return nil
}

// enqueueDelivery queues the sending of an outgoing message, in the transaction that wrote it.
func (tx *Tx) enqueueDelivery(messageID int64) error {
	return tx.enqueue(switchboard.JobDeliverMessage, switchboard.DeliverMessageArgs{MessageID: messageID}, jobOptions{uniqueKey: fmt.Sprintf("deliver:%d", messageID)})
}

// RetryMessage sends a failed outgoing message again: its status goes back to pending (the one
// move backwards allowed, because it is a new attempt an agent asked for) and a delivery is queued.
func (db *DB) RetryMessage(ctx context.Context, id int64) (*Message, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	m, err := db.FindMessageByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Direction != switchboard.DirectionOutgoing || m.Status != switchboard.MessageFailed {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "Only a failed outgoing message can be sent again.")
	}
	err = db.update(ctx, func(tx *Tx) error {
		conv, err := tx.loadConversation(m.ConversationID)
		if err != nil {
			return err
		}
		if err := tx.checkOptOut(conv); err != nil {
			return err
		}
		res, err := tx.exec("UPDATE messages SET status = 'pending', error_code = '', error_reason = '', updated_at = ? WHERE id = ? AND status = 'failed'",
			micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("retry message %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return switchboard.Errorf(switchboard.ECONFLICT, "The message is already being sent again.")
		}
		if err := tx.endSend(id); err != nil { // an agent's retry of an unconfirmed send
			return err
		}
		m.Status, m.ErrorCode, m.ErrorReason, m.UpdatedAt = switchboard.MessagePending, "", "", tx.now
		tx.emitStatus(m)
		if err := tx.setOutboundFailed(m, false); err != nil {
			return err
		}
		return tx.enqueueDelivery(id)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindMessages returns a page of a thread, oldest first; Before pages back in time.
func (db *DB) FindMessages(ctx context.Context, conversationID int64, f switchboard.MessageFilter) (*switchboard.MessagePage, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 200 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Limit must be between 1 and 200.", Fields: map[string]string{"limit": "Use 1 to 200."}}
	}
	var w where
	w.add("conversation_id = ?", conversationID)
	if f.Before != "" {
		_, id, err := decodeCursor(f.Before)
		if err != nil {
			return nil, err
		}
		w.add("id < ?", id)
	}
	rows, err := db.query(ctx, "SELECT "+messageColumns+" FROM messages"+w.sql()+" ORDER BY id DESC"+limitSQL(f.Limit+1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	defer rows.Close()
	page := &switchboard.MessagePage{Items: []*Message{}}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("find messages: %w", err)
		}
		page.Items = append(page.Items, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	// A conversation's messages are in its inbox, which never changes: the page itself says
	// whether the actor may see the conversation, and only an empty page needs asking.
	if len(page.Items) == 0 {
		if err := db.seeConversation(ctx, conversationID); err != nil {
			return nil, err
		}
	} else if scope, err := db.scope(ctx, actor); err != nil {
		return nil, err
	} else if !scope.Has(page.Items[0].InboxID) {
		return nil, notFound("Conversation")
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		page.PrevCursor = encodeCursor(0, page.Items[f.Limit-1].ID)
	}
	for i, j := 0, len(page.Items)-1; i < j; i, j = i+1, j-1 {
		page.Items[i], page.Items[j] = page.Items[j], page.Items[i]
	}
	return page, db.loadParts(ctx, page.Items)
}

// loadParts fills the attachments and reactions of messages, with a query for each.
func (db *DB) loadParts(ctx context.Context, msgs []*Message) error {
	if len(msgs) == 0 {
		return nil
	}
	byID := make(map[int64]*Message, len(msgs))
	ids := make([]any, len(msgs))
	for i, m := range msgs {
		byID[m.ID], ids[i] = m, m.ID
	}
	var w where
	w.in("message_id", ids)
	if err := db.loadAttachments(ctx, db.read, byID, w); err != nil {
		return err
	}
	return db.loadReactions(ctx, db.read, byID, w)
}

// loadAttachments fills the attachments of messages; w selects them by message_id.
func (db *DB) loadAttachments(ctx context.Context, q queryer, byID map[int64]*Message, w where) error {
	rows, err := q.QueryContext(ctx, db.q(`SELECT id, message_id, kind, content_type, filename, size, url, COALESCE(storage_key, ''),
		source <> '' AND storage_key IS NULL AND fetch_error = '', fetch_error FROM attachments`+w.sql()+" ORDER BY id"), w.args...)
	if err != nil {
		return fmt.Errorf("load attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a switchboard.Attachment
		var mid int64
		if err := rows.Scan(&a.ID, &mid, &a.Kind, &a.ContentType, &a.Filename, &a.Size, &a.URL, &a.StorageKey, &a.Pending, &a.FetchError); err != nil {
			return fmt.Errorf("load attachments: %w", err)
		}
		byID[mid].Attachments = append(byID[mid].Attachments, &a)
	}
	return rows.Err()
}

// FindMessageByID returns a message of a conversation the actor may see.
func (db *DB) FindMessageByID(ctx context.Context, id int64) (*Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := scanMessage(db.queryRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Message")
	} else if err != nil {
		return nil, fmt.Errorf("find message %d: %w", id, err)
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !scope.Has(m.InboxID) {
		return nil, notFound("Message")
	}
	return m, db.loadParts(ctx, []*Message{m})
}

// DeleteMessage blanks a message and its attachments, keeps the row so the thread shows where it
// was, and writes an activity naming the admin who deleted it.
func (db *DB) DeleteMessage(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	var keys []string
	err := db.update(ctx, func(tx *Tx) error {
		var convID int64
		var kind string
		var deleted sql.NullInt64
		err := tx.queryRow("SELECT conversation_id, kind, deleted_at FROM messages WHERE id = ?", id).Scan(&convID, &kind, &deleted)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Message")
		} else if err != nil {
			return fmt.Errorf("delete message %d: %w", id, err)
		}
		if kind == string(switchboard.KindActivity) {
			return switchboard.Errorf(switchboard.EINVALID, "Milestones cannot be deleted; they are the audit trail.")
		}
		if deleted.Valid {
			return notFound("Message")
		}
		conv, err := tx.loadConversation(convID)
		if err != nil {
			return err
		}
		now := micro(tx.now)
		if _, err := tx.exec("UPDATE messages SET text = '', html = '', deleted_at = ?, updated_at = ? WHERE id = ?", now, now, id); err != nil {
			return fmt.Errorf("delete message %d: %w", id, err)
		}
		if err := tx.forgetTranslations(id); err != nil {
			return err
		}
		rows, err := tx.query("DELETE FROM attachments WHERE message_id = ? RETURNING storage_key", id)
		if err != nil {
			return fmt.Errorf("delete attachments of message %d: %w", id, err)
		}
		for rows.Next() {
			var key sql.NullString
			if err := rows.Scan(&key); err != nil {
				rows.Close()
				return fmt.Errorf("delete attachments of message %d: %w", id, err)
			}
			if key.Valid {
				keys = append(keys, key.String)
			}
		}
		rows.Close()
		tx.emit(switchboard.EventMessageDeleted, &conv.InboxID, &conv.ID, nil, map[string]any{"id": id, "conversation_id": conv.ID})
		if err := tx.releaseNextAutoReply(id); err != nil { // an automatic reply waiting for it waits no more
			return err
		}
		return tx.addActivity(conv, &switchboard.Activity{Action: "message_deleted", TargetID: &id},
			fmt.Sprintf("%s deleted a message", tx.actorName()))
	})
	if err != nil {
		return err
	}
	// The files go once nothing refers to them; a crash before this leaves a file no row names,
	// never a row without its file.
	for _, k := range keys {
		if db.files != nil {
			_ = db.files.Delete(context.WithoutCancel(ctx), k)
		}
	}
	return nil
}

// SetMessageStatus moves an outgoing message's delivery status forward, never back.
func (db *DB) SetMessageStatus(ctx context.Context, id int64, s switchboard.MessageStatus, code, reason string) (*Message, error) {
	return db.recordDelivery(ctx, id, "", s, code, reason)
}

// recordDelivery records, in one transaction, a provider id (when not "" and none is stored yet)
// and a status that moves the message forward; then, when given, runs in the same transaction
// once the message is recorded.
func (db *DB) recordDelivery(ctx context.Context, id int64, providerID string, s switchboard.MessageStatus, code, reason string, then ...func(*Tx) error) (*Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.System {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only channels report delivery statuses.")
	}
	var m *Message
	err = db.updateGrouped(ctx, 0, func(tx *Tx) error {
		var err error
		if m, _, err = tx.recordDelivery(id, providerID, s, code, reason); err != nil {
			return err
		}
		for _, f := range then {
			if err := f(tx); err != nil {
				return err
			}
		}
		return tx.endSend(id) // the outcome of a send begun, if one was
	})
	if err != nil {
		return nil, err
	}
	return m, db.loadParts(ctx, []*Message{m})
}

// recordDelivery is recordDelivery inside the caller's transaction; changed says whether the
// message moved.
func (tx *Tx) recordDelivery(id int64, providerID string, s switchboard.MessageStatus, code, reason string) (*Message, bool, error) {
	if s.Rank() == 0 {
		return nil, false, &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown message status.", Fields: map[string]string{"status": "Unknown status."}}
	}
	if s != switchboard.MessageFailed {
		code, reason = "", ""
	}
	// Providers answer with anything (see clipText).
	providerID, code, reason = switchboard.StorableText(providerID), switchboard.StorableText(code), switchboard.StorableText(reason)
	m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE id = ?"+tx.db.dialect.forUpdate, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, notFound("Message")
	} else if err != nil {
		return nil, false, fmt.Errorf("set message status %d: %w", id, err)
	}
	if m.Direction != switchboard.DirectionOutgoing {
		return nil, false, switchboard.Errorf(switchboard.EINVALID, "Only outgoing messages have a delivery status.")
	}
	changed := false
	if providerID != "" && m.ProviderID == "" {
		if _, err := tx.exec("UPDATE messages SET provider_id = ?, updated_at = ? WHERE id = ?", providerID, micro(tx.now), id); err != nil {
			return nil, false, fmt.Errorf("record provider id of message %d: %w", id, err)
		}
		m.ProviderID, changed = providerID, true
		// A customer's reaction may have come before the id did.
		if _, err := tx.exec("UPDATE reactions SET message_id = ? WHERE inbox_id = ? AND target_provider_id = ? AND message_id IS NULL", id, m.InboxID, providerID); err != nil {
			return nil, false, fmt.Errorf("attach waiting reactions: %w", err)
		}
	}
	unconfirmed := m.Status == switchboard.MessageFailed && m.ErrorCode == switchboard.SendUnconfirmed && s != switchboard.MessageFailed
	if s.Rank() > m.Status.Rank() || unconfirmed { // else a late or repeated report: the message already stands further on
		if m.Status == switchboard.MessagePending {
			// Out of the queue: an automatic reply waiting for this one may go.
			if err := tx.releaseNextAutoReply(id); err != nil {
				return nil, false, err
			}
		}
		wasFailed := m.Status == switchboard.MessageFailed
		m.Status, m.ErrorCode, m.ErrorReason, m.Retry = s, code, reason, nil
		if _, err := tx.exec("UPDATE messages SET status = ?, error_code = ?, error_reason = ?, retry = '', updated_at = ? WHERE id = ?",
			string(s), code, reason, micro(tx.now), id); err != nil {
			return nil, false, fmt.Errorf("set message status %d: %w", id, err)
		}
		if failed := s == switchboard.MessageFailed; failed != wasFailed {
			if err := tx.setOutboundFailed(m, failed); err != nil {
				return nil, false, err
			}
		}
		changed = true
	}
	if changed {
		m.UpdatedAt = tx.now
		tx.emitStatus(m)
		if m.Status == switchboard.MessageFailed && m.ErrorCode == switchboard.EOPTEDOUT {
			if err := tx.noteRefusedSend(m); err != nil {
				return nil, false, err
			}
		}
	}
	return m, changed, nil
}

// emitStatus announces a change of an outgoing message's delivery: its status, error and retry.
func (tx *Tx) emitStatus(m *Message) {
	tx.emit(switchboard.EventMessageUpdated, &m.InboxID, &m.ConversationID, nil,
		map[string]any{"id": m.ID, "conversation_id": m.ConversationID, "status": m.Status, "provider_id": m.ProviderID,
			"error_code": m.ErrorCode, "error_reason": m.ErrorReason, "retry": m.Retry})
}

// setOutboundFailed records on m's conversation whether its latest outgoing message failed,
// when m is that message: a later one has its own outcome.
func (tx *Tx) setOutboundFailed(m *Message, failed bool) error {
	_, err := tx.exec(`UPDATE conversations SET last_outbound_failed = ? WHERE id = ? AND NOT EXISTS
		(SELECT 1 FROM messages WHERE conversation_id = ? AND id > ? AND direction = 'outgoing')`, failed, m.ConversationID, m.ConversationID, m.ID)
	if err != nil {
		return fmt.Errorf("record whether conversation %d's last reply failed: %w", m.ConversationID, err)
	}
	return nil
}

// checkSender allows a mail reply from the inbox's own address ("") or, when the inbox's
// settings allow agents' addresses (allow_agent_address), from the acting agent's.
func (tx *Tx) checkSender(conv *Conversation, from string) error {
	if from == "" || tx.actor.Agent == nil {
		return nil
	}
	var raw string
	if err := tx.queryRow("SELECT settings FROM inboxes WHERE id = ?", conv.InboxID).Scan(&raw); err != nil {
		return fmt.Errorf("check sender: %w", err)
	}
	var s struct {
		Address    string `json:"address"`
		AllowAgent bool   `json:"allow_agent_address"`
	}
	_ = json.Unmarshal([]byte(raw), &s)
	if strings.EqualFold(from, s.Address) || (s.AllowAgent && strings.EqualFold(from, tx.actor.Agent.Email)) {
		return nil
	}
	return &switchboard.Error{Code: switchboard.EINVALID, Message: "You cannot send from that address.",
		Fields: map[string]string{"email.from": "Send from the inbox's address" + map[bool]string{true: " or your own.", false: "."}[s.AllowAgent]}}
}
