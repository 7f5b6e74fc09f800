package instagram

// Comments under the account's posts, reels, ads and lives (shared/channels/messenger-instagram.md
// §8): they arrive under entry[].changes[] (fields comments and live_comments), are answered
// publicly (POST /{comment-id}/replies) or privately (the Send API with recipient.comment_id), and
// moderated (POST /{comment-id} with hide, DELETE /{comment-id}), on the inbox's host.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/messenger"
)

// commentValue is the value of a comments or live_comments change.
type commentValue struct {
	ID       string `json:"id"`
	ParentID string `json:"parent_id"`
	Text     string `json:"text"`
	From     struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"from"`
	Media struct {
		ID               string `json:"id"`
		MediaProductType string `json:"media_product_type"`
		AdID             string `json:"ad_id"`
		AdTitle          string `json:"ad_title"`
	} `json:"media"`
}

// The kind of a post a live comment is under, when Meta does not say.
const postLive = "LIVE"

// readComments adds the comments of the webhook's changes to the batch, each a message under its
// post; the account's own (written from Instagram's apps, or its public replies) are echoes.
// Changes of another account, other fields and values that do not decode are left out.
func readComments(b *switchboard.InboundBatch, s *Settings, changes []*messenger.Change) {
	for _, c := range changes {
		if (c.Field != "comments" && c.Field != "live_comments") || (c.EntryID != "" && c.EntryID != s.AccountID) {
			continue
		}
		var v commentValue
		if json.Unmarshal(c.Value, &v) != nil || v.ID == "" || v.From.ID == "" {
			continue
		}
		kind := v.Media.MediaProductType
		if kind == "" && c.Field == "live_comments" {
			kind = postLive
		}
		in := &switchboard.InboundMessage{From: v.From.ID, ContactName: firstOf(v.From.Username, ContactName(v.From.ID)), ProviderID: v.ID,
			ReplyToProviderID: v.ParentID, Text: v.Text, SentAt: c.Time, Echo: v.From.ID == s.AccountID,
			Comment: &switchboard.InboundComment{PostID: v.Media.ID, PostKind: kind, AdID: v.Media.AdID, AdTitle: v.Media.AdTitle}}
		messenger.UnsupportedComment(in)
		b.Messages = append(b.Messages, in)
	}
}

// comments are the inbox's comment calls, on its host: public replies under the replies edge,
// hiding with hide.
func (c *Connector) comments(s *Settings) messenger.CommentCalls {
	return messenger.CommentCalls{Client: c.client(), Graph: s.graph(), Sender: s.sender(), Provider: "Instagram", ReplyEdge: "replies", HideParam: "hide"}
}

// answerComment sends an agent's answer to a comment, publicly or privately (see
// messenger.CommentCalls.Answer).
func (c *Connector) answerComment(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	return c.comments(s).Answer(ctx, out)
}

// ModerateComment hides, unhides or deletes a comment under one of the account's media.
func (c *Connector) ModerateComment(ctx context.Context, m *switchboard.CommentModeration) error {
	s, err := settingsOf(m.Inbox)
	if err != nil {
		return err
	}
	return c.comments(s).Moderate(ctx, m)
}

// FetchPost describes one of the account's media (GET /{media-id}): its kind
// (media_product_type), caption, permalink and time, and its picture (a video's thumbnail) given
// as a source FetchMedia downloads while Meta's link lasts.
func (c *Connector) FetchPost(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, mediaID string) (*switchboard.Post, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	var m struct {
		ID               string `json:"id"`
		Caption          string `json:"caption"`
		MediaType        string `json:"media_type"`
		MediaProductType string `json:"media_product_type"`
		MediaURL         string `json:"media_url"`
		ThumbnailURL     string `json:"thumbnail_url"`
		Permalink        string `json:"permalink"`
		Timestamp        string `json:"timestamp"`
	}
	u := s.graph().URL(url.PathEscape(mediaID) + "?fields=caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp")
	if err := channel.GraphCall(ctx, c.client(), "Instagram", http.MethodGet, u, secrets[SecretAccessToken], "", nil, &m, messenger.APIError("Instagram")); err != nil {
		return nil, err
	}
	p := &switchboard.Post{ID: firstOf(m.ID, mediaID), Kind: m.MediaProductType, Caption: m.Caption, Permalink: m.Permalink,
		PostedAt: messenger.GraphTime(m.Timestamp)}
	picture := m.MediaURL
	if m.MediaType == "VIDEO" { // media_url is the video itself
		picture = m.ThumbnailURL
	}
	if picture != "" {
		p.ThumbnailSource = messenger.MediaSourcePrefix + picture
	}
	return p, nil
}
