package messenger

// Comments under a Facebook Page's posts (shared/channels/messenger-instagram.md §8): they arrive
// under entry[].changes[] (field feed, item comment), are answered publicly (POST
// /{comment-id}/comments) or privately (the Send API with recipient.comment_id), and moderated
// (POST /{comment-id} with is_hidden, DELETE /{comment-id}). Instagram's comments share the
// envelope, the private reply and the moderation calls under other names: its connector uses
// ParseChanges and CommentCalls.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// Change is one entry of entry[].changes: a field of the business's object that changed (a
// comment under a post), its value left to the reader of that field.
type Change struct {
	EntryID string    // the entry's id: the page, or the Instagram account
	Time    time.Time // the entry's time
	Field   string
	Value   json.RawMessage
}

// ParseChanges reads a webhook body of the given object into its changes. An entry or a change
// that does not decode is left out, as Parse leaves out events (the raw webhook is kept by the
// store); the messaging events of the same body are Parse's.
func ParseChanges(body []byte, object string) ([]*Change, error) {
	var env struct {
		Object string            `json:"object"`
		Entry  []json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Object != object {
		return nil, ErrNotPage
	}
	var out []*Change
	for _, raw := range env.Entry {
		var e struct {
			ID      string            `json:"id"`
			Time    json.RawMessage   `json:"time"`
			Changes []json.RawMessage `json:"changes"`
		}
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		at := entryTime(e.Time)
		for _, rc := range e.Changes {
			var c struct {
				Field string          `json:"field"`
				Value json.RawMessage `json:"value"`
			}
			if json.Unmarshal(rc, &c) != nil || len(c.Value) == 0 {
				continue
			}
			out = append(out, &Change{EntryID: e.ID, Time: at, Field: c.Field, Value: c.Value})
		}
	}
	return out, nil
}

// entryTime reads a time of a change: Unix seconds (milliseconds on messaging entries, told
// apart by size), as a number or a string, or a Graph API timestamp. Absent or unreadable is the
// zero time.
func entryTime(raw json.RawMessage) time.Time {
	s := strings.Trim(string(raw), `"`)
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
		if t := GraphTime(s); t != nil {
			return *t
		}
		return time.Time{}
	case f <= 0:
		return time.Time{}
	case f > 1e11:
		return time.UnixMilli(int64(f)).UTC()
	}
	return time.Unix(int64(f), 0).UTC()
}

// feedValue is a change of a Page's feed; comments are item "comment".
type feedValue struct {
	Item      string `json:"item"`
	Verb      string `json:"verb"`
	CommentID string `json:"comment_id"`
	PostID    string `json:"post_id"`
	ParentID  string `json:"parent_id"`
	From      struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"from"`
	Message     string          `json:"message"`
	Photo       string          `json:"photo"`
	CreatedTime json.RawMessage `json:"created_time"`
}

// PostKind is the kind of a Facebook Page's post (see switchboard.Post).
const PostKind = "POST"

// readFeed adds the comments of a Page's feed changes to the batch: a new comment is a message
// (the Page's own, written from Meta's apps, an echo), an edited one an edit of unknown order, a
// removed one unsent. Other items (reactions, posts, likes) and changes of another page are
// left out.
func readFeed(b *switchboard.InboundBatch, s *Settings, changes []*Change) {
	for _, c := range changes {
		if c.Field != "feed" || (c.EntryID != "" && s.PageID != "" && c.EntryID != s.PageID) {
			continue
		}
		var v feedValue
		if json.Unmarshal(c.Value, &v) != nil || v.Item != "comment" || v.CommentID == "" {
			continue
		}
		switch v.Verb {
		case "add":
			if in := feedComment(s, &v, c.Time); in != nil {
				b.Messages = append(b.Messages, in)
			}
		case "edited":
			b.Edits = append(b.Edits, &switchboard.InboundEdit{ProviderID: v.CommentID, Text: v.Message})
		case "remove":
			b.Unsent = append(b.Unsent, v.CommentID)
		}
	}
}

// feedComment is a new comment as the store records it, nil when it names no author (Meta
// leaves from out for some people).
func feedComment(s *Settings, v *feedValue, at time.Time) *switchboard.InboundMessage {
	if v.From.ID == "" {
		return nil
	}
	if t := entryTime(v.CreatedTime); !t.IsZero() {
		at = t
	}
	in := &switchboard.InboundMessage{From: v.From.ID, ContactName: firstOf(strings.TrimSpace(v.From.Name), ContactName(v.From.ID)),
		ProviderID: v.CommentID, Text: v.Message, SentAt: at, Echo: v.From.ID == s.PageID,
		Comment: &switchboard.InboundComment{PostID: v.PostID, PostKind: PostKind}}
	if v.ParentID != v.PostID {
		in.ReplyToProviderID = v.ParentID
	}
	if v.Photo != "" {
		in.Attachments = []*switchboard.Attachment{{Kind: "image", Filename: "photo", Source: MediaSourcePrefix + v.Photo}}
	}
	UnsupportedComment(in)
	return in
}

// UnsupportedComment marks a comment that carries nothing Switchboard can show (a sticker, a
// GIF), so the thread says so rather than showing it empty.
func UnsupportedComment(in *switchboard.InboundMessage) {
	if strings.TrimSpace(in.Text) == "" && len(in.Attachments) == 0 {
		in.Content = &switchboard.MessageContent{Unsupported: "comment"}
	}
}

// CommentCalls are the Graph API's calls on comments for one inbox. Facebook Pages and Instagram
// make the same calls under other names: the edge a public reply is posted to and the parameter
// that hides a comment.
type CommentCalls struct {
	Client *http.Client
	Graph  channel.MetaGraph
	// Sender is the id whose /messages sends private replies: the Page, or the Instagram account
	// on Instagram Login's host.
	Sender string
	// Provider names the product in reasons.
	Provider string
	// ReplyEdge is where a public reply is posted under the comment: comments (Facebook) or
	// replies (Instagram).
	ReplyEdge string
	// HideParam is the parameter of POST /{comment-id} that hides a comment: is_hidden
	// (Facebook) or hide (Instagram).
	HideParam string
}

// pageComments are a Facebook Page's comment calls.
func (c *Connector) pageComments(s *Settings) CommentCalls {
	return CommentCalls{Client: c.client(), Graph: s.MetaGraph, Sender: s.PageID, Provider: "Messenger", ReplyEdge: "comments", HideParam: "is_hidden"}
}

func (g CommentCalls) call(ctx context.Context, method, u, token, contentType string, body []byte, out any) error {
	return channel.GraphCall(ctx, g.Client, g.Provider, method, u, token, contentType, body, out, APIError(g.Provider))
}

const formType = "application/x-www-form-urlencoded"

// Answer sends an agent's answer to a comment (out.CommentReply): text only, publicly under the
// post (the new comment's id is the message's), or privately by one direct message to the
// commenter (its mid the message's; Meta's answer says who got it). A private reply carries no
// messaging type or tag: it is allowed for 7 days after the comment, once, and does not open the
// 24-hour window.
func (g CommentCalls) Answer(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	r, m := out.CommentReply, out.Message
	switch {
	case len(m.Attachments) > 0:
		return nil, &switchboard.SendError{Code: switchboard.FailUnsupportedMessage,
			Reason: "An answer to a comment is text only: remove the file, or send it in a direct message once the customer writes."}
	case strings.TrimSpace(m.Text) == "":
		return nil, &switchboard.SendError{Code: switchboard.FailInvalidRequest, Reason: "An answer to a comment needs text."}
	case r.CommentID == "":
		return nil, &switchboard.SendError{Code: switchboard.FailInvalidRequest, Reason: "The answer names no comment to answer."}
	}
	token := out.Secrets[SecretAccessToken]
	if !r.Private {
		var ans struct {
			ID string `json:"id"`
		}
		body := url.Values{"message": {m.Text}}.Encode()
		if err := g.call(ctx, http.MethodPost, g.Graph.URL(url.PathEscape(r.CommentID)+"/"+g.ReplyEdge), token, formType, []byte(body), &ans); err != nil {
			return nil, err
		}
		if ans.ID == "" {
			return nil, &switchboard.SendError{Code: "bad_answer", Reason: g.Provider + "'s answer names no comment."}
		}
		return &switchboard.Sent{ProviderID: ans.ID, Status: switchboard.MessageSent}, nil
	}
	req := struct {
		Recipient struct {
			CommentID string `json:"comment_id"`
		} `json:"recipient"`
		Message sendMessage `json:"message"`
	}{Message: sendMessage{Text: m.Text, Metadata: MetadataPrefix + strconv.FormatInt(m.ID, 10)}}
	req.Recipient.CommentID = r.CommentID
	body, err := json.Marshal(&req)
	if err != nil {
		return nil, err
	}
	var ans sendAnswer
	if err := g.call(ctx, http.MethodPost, g.Graph.URL(g.Sender+"/messages"), token, "application/json", body, &ans); err != nil {
		return nil, err
	}
	if ans.MessageID == "" {
		return nil, &switchboard.SendError{Code: "bad_answer", Reason: g.Provider + "'s answer names no message."}
	}
	return &switchboard.Sent{ProviderID: ans.MessageID, Status: switchboard.MessageAccepted, RecipientID: ans.RecipientID}, nil
}

// Moderate hides, unhides (POST /{comment-id} with the hide parameter) or deletes (DELETE
// /{comment-id}) a comment.
func (g CommentCalls) Moderate(ctx context.Context, m *switchboard.CommentModeration) error {
	if m.CommentID == "" {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Say which comment to moderate.", Fields: map[string]string{"comment_id": "Give the comment's id."}}
	}
	u := g.Graph.URL(url.PathEscape(m.CommentID))
	token := m.Secrets[SecretAccessToken]
	var ans struct {
		Success bool `json:"success"`
	}
	var err error
	switch m.Action {
	case switchboard.ModerateHide, switchboard.ModerateUnhide:
		body := url.Values{g.HideParam: {strconv.FormatBool(m.Action == switchboard.ModerateHide)}}.Encode()
		err = g.call(ctx, http.MethodPost, u, token, formType, []byte(body), &ans)
	case switchboard.ModerateDelete:
		err = g.call(ctx, http.MethodDelete, u, token, "", nil, &ans)
	default:
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Choose hide, unhide or delete.", Fields: map[string]string{"action": "Use hide, unhide or delete."}}
	}
	if err != nil {
		return err
	}
	if !ans.Success {
		return &switchboard.SendError{Code: switchboard.FailProvider, Reason: g.Provider + " did not confirm the comment was " + map[string]string{
			switchboard.ModerateHide: "hidden", switchboard.ModerateUnhide: "shown again", switchboard.ModerateDelete: "deleted"}[m.Action] + "."}
	}
	return nil
}

// GraphTime reads the Graph API's timestamps ("2024-06-10T08:00:00+0000"); nil when absent or
// unreadable.
func GraphTime(s string) *time.Time {
	t, err := time.Parse("2006-01-02T15:04:05-0700", s)
	if err != nil {
		return nil
	}
	t = t.UTC()
	return &t
}

// ModerateComment hides, unhides or deletes a comment under one of the Page's posts.
func (c *Connector) ModerateComment(ctx context.Context, m *switchboard.CommentModeration) error {
	s, err := settingsOf(m.Inbox)
	if err != nil {
		return err
	}
	return c.pageComments(s).Moderate(ctx, m)
}

// FetchPost describes one of the Page's posts (GET /{post-id} with its message, permalink, picture
// and time). The picture's link, which expires, is given as a source FetchMedia downloads.
func (c *Connector) FetchPost(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, postID string) (*switchboard.Post, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	var p struct {
		ID          string `json:"id"`
		Message     string `json:"message"`
		Permalink   string `json:"permalink_url"`
		FullPicture string `json:"full_picture"`
		CreatedTime string `json:"created_time"`
	}
	u := s.URL(url.PathEscape(postID) + "?fields=message,permalink_url,full_picture,created_time")
	if err := c.call(ctx, http.MethodGet, u, secrets[SecretAccessToken], "", nil, &p); err != nil {
		return nil, err
	}
	post := &switchboard.Post{ID: firstOf(p.ID, postID), Kind: PostKind, Caption: p.Message, Permalink: p.Permalink, PostedAt: GraphTime(p.CreatedTime)}
	if p.FullPicture != "" {
		post.ThumbnailSource = MediaSourcePrefix + p.FullPicture
	}
	return post, nil
}
