package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/filestore"
)

// Comments under posts (see switchboard.Post): a conversation per (inbox, commenter, post),
// found by its thread_key; the posts they are under; private replies, one per comment.

var _ switchboard.CommentStore = (*DB)(nil)

// threadKeyOf is the thread_key of the comment conversations under a post.
func threadKeyOf(postID string) string { return "post:" + postID }

// commentConversation finds the contact's conversation under a post in the inbox (0: none yet).
func (tx *Tx) commentConversation(inboxID, contactID int64, postID string) (int64, error) {
	var id int64
	err := tx.queryRow("SELECT id FROM conversations WHERE inbox_id = ? AND contact_id = ? AND thread_key = ?",
		inboxID, contactID, threadKeyOf(postID)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("receive: find comment conversation: %w", err)
	}
	return id, nil
}

// startCommentConversation prepares what a comment's new conversation needs: the post it is
// under, recorded (and described by a JobFetchPost) when it is new. It returns the thread key.
func (tx *Tx) startCommentConversation(in *switchboard.InboundMessage, contactID int64) (string, error) {
	c := in.Comment
	if strings.TrimSpace(c.PostID) == "" || len(c.PostID) > 200 {
		return "", &switchboard.Error{Code: switchboard.EINVALID, Message: "The comment names no post.", Fields: map[string]string{"post_id": "Give the post's id."}}
	}
	res, err := tx.exec(`INSERT INTO posts (inbox_id, post_id, kind, ad_title) VALUES (?, ?, ?, ?) ON CONFLICT (inbox_id, post_id) DO NOTHING`,
		in.InboxID, c.PostID, switchboard.StorableText(c.PostKind), switchboard.StorableText(c.AdTitle))
	if err != nil {
		return "", fmt.Errorf("receive: record post: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		if err := tx.enqueue(switchboard.JobFetchPost, switchboard.FetchPostArgs{InboxID: in.InboxID, PostID: c.PostID},
			jobOptions{maxAttempts: 5, uniqueKey: fmt.Sprintf("post:%d:%s", in.InboxID, c.PostID)}); err != nil {
			return "", err
		}
	}
	return threadKeyOf(c.PostID), nil
}

// receiveBusinessComment records the business's own comment: an agent's public reply coming
// back (which confirms that reply, even before the send's answer gives its id), or an answer
// written in the provider's apps, shown as an external agent's in the conversation of the comment
// it answers. A comment answering none Switchboard knows (the business commenting on its own
// post) belongs to no conversation and is skipped; the payload is kept all the same.
func (tx *Tx) receiveBusinessComment(in *switchboard.InboundMessage) (*Message, *Conversation, bool, error) {
	if in.ProviderID == "" {
		return nil, nil, false, nil
	}
	var dup int64
	if err := tx.queryRow("SELECT id FROM messages WHERE inbox_id = ? AND provider_id = ?", in.InboxID, in.ProviderID).Scan(&dup); err == nil {
		return nil, nil, false, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, false, fmt.Errorf("receive: find comment: %w", err)
	}
	var parentID, convID int64
	err := tx.queryRow("SELECT id, conversation_id FROM messages WHERE inbox_id = ? AND provider_id = ?", in.InboxID, in.ReplyToProviderID).Scan(&parentID, &convID)
	if errors.Is(err, sql.ErrNoRows) || in.ReplyToProviderID == "" {
		return nil, nil, false, nil
	} else if err != nil {
		return nil, nil, false, fmt.Errorf("receive: find the comment answered: %w", err)
	}
	// An agent's public reply whose send has not answered yet: the same text, in the same
	// conversation, with no provider id so far. (Not necessarily to the same comment: Instagram
	// threads one level deep, so an answer to a reply names the reply's parent.)
	var own int64
	err = tx.queryRow(`SELECT id FROM messages WHERE conversation_id = ? AND direction = 'outgoing' AND sender_type = 'agent'
		AND provider_id IS NULL AND status = 'pending' AND text = ? ORDER BY id LIMIT 1`, convID, in.Text).Scan(&own)
	if err == nil {
		m, _, err := tx.recordDelivery(own, in.ProviderID, switchboard.MessageSent, "", "")
		return m, nil, false, err
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, false, fmt.Errorf("receive: find the reply a comment confirms: %w", err)
	}
	m := &Message{InboxID: in.InboxID, ConversationID: convID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
		SenderType: switchboard.SenderExternal, Status: switchboard.MessageSent, Text: in.Text, ProviderID: in.ProviderID, ReplyToID: &parentID}
	if err := tx.insertMessage(m, ""); err != nil {
		return nil, nil, false, fmt.Errorf("receive: insert business comment: %w", err)
	}
	return m, &Conversation{ID: convID, InboxID: in.InboxID}, true, nil
}

// linkPrivateReply links a direct conversation (convID) to the comment conversation
// (commentConv, 0: none) whose private reply the customer (from) is answering with their
// message: both conversations then name each other, with a milestone in each. Only the first
// answer links. findSender looks the comment conversation up with the sender.
func (tx *Tx) linkPrivateReply(inboxID int64, from string, commentConv, convID int64) error {
	if commentConv == 0 {
		return nil
	}
	if _, err := tx.exec("UPDATE private_replies SET linked_conversation_id = ? WHERE inbox_id = ? AND recipient = ? AND linked_conversation_id IS NULL",
		convID, inboxID, from); err != nil {
		return fmt.Errorf("receive: link private reply: %w", err)
	}
	for _, c := range [][2]int64{{convID, commentConv}, {commentConv, convID}} {
		if _, err := tx.exec("UPDATE conversations SET linked_conversation_id = ? WHERE id = ?", c[1], c[0]); err != nil {
			return fmt.Errorf("receive: link conversations: %w", err)
		}
		text := "The customer answered the private reply to their comment: the conversation goes on in direct messages"
		if c[0] == convID {
			text = "The customer answered a private reply to their comment under a post"
		}
		conv := &Conversation{ID: c[0], InboxID: inboxID}
		other := c[1]
		if err := tx.addActivity(conv, &switchboard.Activity{Action: "conversation_linked", TargetID: &other}, text); err != nil {
			return err
		}
		tx.emit(switchboard.EventConversationUpdated, &inboxID, &conv.ID, nil, map[string]any{"id": conv.ID, "linked_conversation_id": other})
	}
	return nil
}

// prepareCommentReply checks an agent's reply m in a comment conversation before it is written:
// it answers one comment of the conversation (the customer's latest when none is named),
// carries text only, and when private answers a customer's comment not answered privately yet,
// within switchboard.PrivateReplyWindow.
func (tx *Tx) prepareCommentReply(conv *Conversation, m *Message, c *switchboard.MessageCreate) error {
	field := func(name, msg string) error {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: msg, Fields: map[string]string{name: msg}}
	}
	switch {
	case len(c.AttachmentIDs) > 0:
		return field("attachment_ids", "An answer to a comment is text only.")
	case c.Template != nil:
		return field("template", "An answer to a comment is text only.")
	case c.Location != nil:
		return field("location", "An answer to a comment is text only.")
	case strings.TrimSpace(c.Text) == "":
		return field("text", "Write the answer.")
	}
	q := `SELECT id, direction, sender_type, provider_id, content, created_at FROM messages WHERE conversation_id = ? AND deleted_at IS NULL`
	args := []any{conv.ID}
	if m.ReplyToID != nil {
		q += " AND id = ?"
		args = append(args, *m.ReplyToID)
	} else {
		q += " AND direction = 'incoming' AND provider_id IS NOT NULL ORDER BY id DESC LIMIT 1"
	}
	var id, created int64
	var direction, sender, content string
	var provider sql.NullString
	err := tx.queryRow(q, args...).Scan(&id, &direction, &sender, &provider, &content, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return field("reply_to_id", "Choose the comment to answer.")
	} else if err != nil {
		return fmt.Errorf("find the comment answered: %w", err)
	}
	if !provider.Valid || direction == string(switchboard.DirectionInternal) {
		return field("reply_to_id", "Choose a comment: this is not one.")
	}
	m.ReplyToID = &id
	if !c.Private {
		m.Content = &switchboard.MessageContent{Comment: &switchboard.CommentFields{}}
		return nil
	}
	if direction != string(switchboard.DirectionIncoming) {
		return field("private", "A private reply answers a customer's comment.")
	}
	var cf struct {
		Comment *switchboard.CommentFields `json:"comment"`
	}
	_ = json.Unmarshal([]byte(content), &cf)
	if cf.Comment != nil && cf.Comment.PrivateReplyID != nil {
		return privateReplyUsed()
	}
	until := fromMicro(created).Add(switchboard.PrivateReplyWindow)
	if cf.Comment != nil && cf.Comment.PrivateReplyUntil != nil {
		until = *cf.Comment.PrivateReplyUntil
	}
	if !tx.now.Before(until) {
		return &switchboard.Error{Code: switchboard.EPRIVATEREPLYEXPIRED,
			Message: "This comment is more than 7 days old: it can no longer be answered privately. Answer it publicly instead.",
			Fields:  map[string]string{"private": "Answer publicly."}}
	}
	m.Content = &switchboard.MessageContent{Comment: &switchboard.CommentFields{Private: true}}
	return nil
}

func privateReplyUsed() error {
	return &switchboard.Error{Code: switchboard.EPRIVATEREPLYUSED,
		Message: "This comment was already answered privately: a comment takes one private reply. Answer it publicly, or in the direct conversation once the customer writes.",
		Fields:  map[string]string{"private": "Answer publicly."}}
}

// reservePrivateReply records an agent's private reply m (just written) as its comment's one:
// the comment's key refuses a second, even one written at the same moment on another node.
func (tx *Tx) reservePrivateReply(conv *Conversation, m *Message) error {
	var recipient string
	if err := tx.queryRow(`SELECT i.external_id FROM messages c JOIN identities i ON i.contact_id = ? AND i.kind = ?
		WHERE c.id = ? ORDER BY i.id LIMIT 1`, conv.ContactID, string(switchboard.IdentityKindFor(conv.Channel)), *m.ReplyToID).Scan(&recipient); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("private reply: find the commenter: %w", err)
	}
	if _, err := tx.exec(`INSERT INTO private_replies (comment_id, message_id, conversation_id, inbox_id, recipient) VALUES (?, ?, ?, ?, ?)`,
		*m.ReplyToID, m.ID, conv.ID, conv.InboxID, recipient); err != nil {
		if isUniqueViolation(err) {
			return privateReplyUsed()
		}
		return fmt.Errorf("private reply: %w", err)
	}
	return tx.updateCommentFields(*m.ReplyToID, func(f *switchboard.CommentFields) { f.PrivateReplyID = &m.ID })
}

// updateCommentFields changes the comment fields of a message's content and tells those who see
// it.
func (tx *Tx) updateCommentFields(id int64, change func(*switchboard.CommentFields)) error {
	m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE id = ?", id))
	if err != nil {
		return fmt.Errorf("load comment %d: %w", id, err)
	}
	c := m.Content
	if c == nil {
		c = &switchboard.MessageContent{}
	}
	if c.Comment == nil {
		c.Comment = &switchboard.CommentFields{}
	}
	change(c.Comment)
	b, _ := json.Marshal(c)
	if _, err := tx.exec("UPDATE messages SET content = ?, updated_at = ? WHERE id = ?", string(b), micro(tx.now), id); err != nil {
		return fmt.Errorf("update comment %d: %w", id, err)
	}
	tx.emit(switchboard.EventMessageUpdated, &m.InboxID, &m.ConversationID, nil, map[string]any{"id": id, "conversation_id": m.ConversationID, "content": c})
	return nil
}

// commentReplyOf says, for the delivery of an outgoing message of a comment conversation, which
// comment it answers and how.
func commentReplyOf(m *Message, replyToProviderID string) *switchboard.CommentReply {
	r := &switchboard.CommentReply{CommentID: replyToProviderID}
	if m.Content != nil && m.Content.Comment != nil {
		r.Private = m.Content.Comment.Private
	}
	return r
}

// recordPrivateRecipient keeps the address the provider says a private reply went to: the
// customer's answer comes from it.
func (tx *Tx) recordPrivateRecipient(messageID int64, recipient string) error {
	if recipient == "" {
		return nil
	}
	if _, err := tx.exec("UPDATE private_replies SET recipient = ? WHERE message_id = ?", switchboard.StorableText(recipient), messageID); err != nil {
		return fmt.Errorf("record private reply recipient: %w", err)
	}
	return nil
}

// loadPost reads the post a comment conversation is under.
func (db *DB) loadPost(ctx context.Context, q rowQueryer, c *Conversation) error {
	if c.Kind != switchboard.ConversationComment {
		return nil
	}
	p := &switchboard.Post{}
	var key string
	var posted sql.NullInt64
	err := q.QueryRowContext(ctx, db.q(`SELECT p.post_id, p.kind, p.caption, p.permalink, p.ad_title, p.thumbnail_key, p.posted_at
		FROM conversations c JOIN posts p ON p.inbox_id = c.inbox_id AND 'post:' || p.post_id = c.thread_key WHERE c.id = ?`), c.ID).
		Scan(&p.ID, &p.Kind, &p.Caption, &p.Permalink, &p.AdTitle, &key, &posted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("load post of conversation %d: %w", c.ID, err)
	}
	if key != "" {
		p.ThumbnailURL = fmt.Sprintf("/api/v1/conversations/%d/post/thumbnail", c.ID)
	}
	p.PostedAt = fromNullMicro(posted)
	c.Post = p
	return nil
}

// PostThumbnail opens the picture of the post a comment conversation the actor sees is under.
func (db *DB) PostThumbnail(ctx context.Context, conversationID int64) (io.ReadCloser, string, error) {
	if err := db.seeConversation(ctx, conversationID); err != nil {
		return nil, "", err
	}
	var key, ct string
	err := db.queryRow(ctx, `SELECT p.thumbnail_key, p.thumbnail_type FROM conversations c JOIN posts p ON p.inbox_id = c.inbox_id AND 'post:' || p.post_id = c.thread_key
		WHERE c.id = ?`, conversationID).Scan(&key, &ct)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && key == "") {
		return nil, "", notFound("Post picture")
	} else if err != nil {
		return nil, "", fmt.Errorf("find post picture: %w", err)
	}
	if db.files == nil {
		return nil, "", switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	f, err := db.files.Open(ctx, key)
	if errors.Is(err, filestore.ErrNotFound) {
		return nil, "", notFound("Post picture")
	} else if err != nil {
		return nil, "", fmt.Errorf("open post picture: %w", err)
	}
	return f, ct, nil
}

// SavePost records what the provider says of a post, with its picture (nil: none); system only.
func (db *DB) SavePost(ctx context.Context, inboxID int64, p *switchboard.Post, picture io.Reader, contentType string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	var key, ct string
	if picture != nil && db.files != nil {
		br := bufio.NewReaderSize(picture, 512)
		head, _ := br.Peek(512)
		var err error
		if ct, err = sniffedType(contentType, head); err != nil || len(head) == 0 || !strings.HasPrefix(ct, "image/") {
			ct = "" // not a picture: the header goes without
		} else {
			if key, _, _, err = db.files.Put(ctx, br, MaxInboundMedia); err != nil {
				return fmt.Errorf("store post picture: %w", err)
			}
		}
	}
	var posted any
	if p.PostedAt != nil {
		posted = micro(*p.PostedAt)
	}
	var old string
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.queryRow("SELECT thumbnail_key FROM posts WHERE inbox_id = ? AND post_id = ?", inboxID, p.ID).Scan(&old); err != nil {
			return fmt.Errorf("find post: %w", err)
		}
		if key == "" {
			key, ct = old, ""
		}
		if _, err := tx.exec(`UPDATE posts SET kind = CASE WHEN ? <> '' THEN ? ELSE kind END, caption = ?, permalink = ?, thumbnail_key = ?,
			thumbnail_type = CASE WHEN ? <> '' THEN ? ELSE thumbnail_type END, posted_at = ?, fetched_at = ? WHERE inbox_id = ? AND post_id = ?`,
			p.Kind, switchboard.StorableText(p.Kind), switchboard.StorableText(p.Caption), switchboard.StorableText(safeLink(p.Permalink)), key,
			ct, ct, posted, micro(tx.now), inboxID, p.ID); err != nil {
			return fmt.Errorf("save post: %w", err)
		}
		rows, err := tx.query("SELECT id FROM conversations WHERE inbox_id = ? AND thread_key = ?", inboxID, threadKeyOf(p.ID))
		if err != nil {
			return fmt.Errorf("find the post's conversations: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			tx.emit(switchboard.EventConversationUpdated, &inboxID, &id, nil, map[string]any{"id": id, "post": true})
		}
		return rows.Err()
	})
	if err != nil {
		if key != "" && key != old {
			db.deleteFiles(ctx, []string{key})
		}
		return err
	}
	if old != "" && old != key {
		db.deleteFiles(ctx, []string{old})
	}
	return nil
}

// safeLink keeps a post's link only when it is an https address (the header links to it).
func safeLink(s string) string {
	if switchboard.IsHTTPSURL(s) {
		return s
	}
	return ""
}

// CommentToModerate checks that the actor may hide, unhide or delete a comment (an admin, or
// the assignee of its conversation) and returns what the provider needs for it.
func (db *DB) CommentToModerate(ctx context.Context, messageID int64, action string) (*switchboard.CommentModeration, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if action != switchboard.ModerateHide && action != switchboard.ModerateUnhide && action != switchboard.ModerateDelete {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown action.", Fields: map[string]string{"action": "Use hide, unhide or delete."}}
	}
	m, err := db.FindMessageByID(ctx, messageID)
	if err != nil {
		return nil, err
	}
	conv, err := db.FindConversationByID(ctx, m.ConversationID)
	if err != nil {
		return nil, err
	}
	if conv.Kind != switchboard.ConversationComment || m.ProviderID == "" || m.Direction == switchboard.DirectionInternal ||
		(m.Content != nil && m.Content.Comment != nil && m.Content.Comment.Private) {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Only a comment under a post can be hidden or deleted."}
	}
	if m.Content != nil && m.Content.Comment != nil && m.Content.Comment.Removed {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "This comment was deleted.")
	}
	if !actor.IsAdmin() && (actor.Agent == nil || conv.AssigneeID == nil || *conv.AssigneeID != actor.Agent.ID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only an admin or the conversation's assignee can hide or delete its comments.")
	}
	if action != switchboard.ModerateDelete && m.Direction != switchboard.DirectionIncoming {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Only a customer's comment can be hidden: delete the business's own instead."}
	}
	inbox, secrets, err := db.ChannelInbox(switchboard.NewSystemContext(ctx), m.InboxID)
	if err != nil {
		return nil, err
	}
	return &switchboard.CommentModeration{Inbox: inbox, Secrets: secrets, CommentID: m.ProviderID, Action: action}, nil
}

// RecordModeration records that the provider hid, unhid or deleted a comment, with a milestone.
func (db *DB) RecordModeration(ctx context.Context, messageID int64, action string) (*Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := db.FindMessageByID(ctx, messageID)
	if err != nil {
		return nil, err
	}
	name := "Someone"
	if actor.Agent != nil {
		name = actor.Agent.Name
	}
	var text string
	switch action {
	case switchboard.ModerateHide:
		text = name + " hid a comment under the post"
	case switchboard.ModerateUnhide:
		text = name + " showed a hidden comment again"
	case switchboard.ModerateDelete:
		text = name + " deleted a comment under the post"
	default:
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown action.", Fields: map[string]string{"action": "Use hide, unhide or delete."}}
	}
	err = db.update(ctx, func(tx *Tx) error {
		conv, err := tx.loadConversation(m.ConversationID)
		if err != nil {
			return err
		}
		if err := tx.updateCommentFields(m.ID, func(f *switchboard.CommentFields) {
			switch action {
			case switchboard.ModerateHide:
				f.Hidden = true
			case switchboard.ModerateUnhide:
				f.Hidden = false
			case switchboard.ModerateDelete:
				f.Removed = true
			}
		}); err != nil {
			return err
		}
		return tx.addActivity(conv, &switchboard.Activity{Action: "comment_" + action, TargetID: &m.ID}, text)
	})
	if err != nil {
		return nil, err
	}
	return db.FindMessageByID(ctx, messageID)
}
