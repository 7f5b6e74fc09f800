package switchboard

import (
	"context"
	"io"
	"time"
)

// Comments under posts (Instagram posts, reels, ads and lives; Facebook Page posts) are
// conversations of their own: one per post and commenter in an inbox, of kind
// ConversationComment. Each comment is a message of it (its provider id the comment's id, its
// reply_to the comment it answers); an agent answers a comment publicly, under the post, or
// privately, by one direct message (a private reply) that the customer's answer then continues
// in their direct conversation, linked to the comment conversation.

// The kinds of conversation.
const (
	ConversationMessages = "messages" // direct messages, mail, …: one thread with the contact
	ConversationComment  = "comment"  // a contact's comments under one post, and the answers
)

// PrivateReplyWindow is how long after a comment the business may answer it by direct message
// (Meta's rule: once, within 7 days).
const PrivateReplyWindow = 7 * 24 * time.Hour

// Post is what a comment conversation is about: the post, reel, ad or live it is under.
type Post struct {
	ID string `json:"id"` // the provider's media or post id
	// Kind is Instagram's media_product_type (FEED, REELS, STORY, AD, LIVE), or POST for a
	// Facebook Page's post.
	Kind      string `json:"kind"`
	Caption   string `json:"caption"`
	Permalink string `json:"permalink"` // the post's public address, "" until known
	AdTitle   string `json:"ad_title"`  // for a comment under an ad
	// ThumbnailURL is where the post's picture is served by Switchboard, "" when it has none
	// (yet): the provider's own links expire, so it is fetched into the file store.
	ThumbnailURL string `json:"thumbnail_url"`
	// ThumbnailSource is where the provider serves the picture (FetchPost's answer).
	ThumbnailSource string     `json:"-"`
	PostedAt        *time.Time `json:"posted_at"`
}

// InboundComment places an inbound message under a post: the message is a comment (its
// ProviderID the comment's id, ReplyToProviderID the comment it answers, if any) and goes to the
// comment conversation of (post, commenter). An Echo comment (the business's own, written from
// the provider's apps) joins the conversation of the comment it answers, or is skipped when it
// answers none Switchboard knows.
type InboundComment struct {
	PostID   string
	PostKind string // as Post.Kind
	AdID     string
	AdTitle  string
}

// CommentFields are a comment message's own: on an agent's answer, whether it went privately;
// on a customer's comment, whether the business hid it, and whether it was deleted.
type CommentFields struct {
	Private bool `json:"private,omitempty"`
	Hidden  bool `json:"hidden,omitempty"`
	Removed bool `json:"removed,omitempty"`
	// PrivateReplyID is, on a customer's comment, the agent's message that answered it
	// privately: a comment takes one.
	PrivateReplyID *int64 `json:"private_reply_id,omitempty"`
	// PrivateReplyUntil is, on a customer's comment, until when it may be answered privately
	// (PrivateReplyWindow after it was written).
	PrivateReplyUntil *time.Time `json:"private_reply_until,omitempty"`
}

// CommentReply is how an outgoing message answers a comment: CommentID is the provider's id of
// the comment; Private sends it as a direct message to the commenter rather than under the post.
type CommentReply struct {
	CommentID string
	Private   bool
}

// The moderation actions on a comment.
const (
	ModerateHide   = "hide"
	ModerateUnhide = "unhide"
	ModerateDelete = "delete"
)

// CommentModeration asks the provider to hide, unhide or delete a comment.
type CommentModeration struct {
	Inbox     *Inbox
	Secrets   map[string]string
	CommentID string
	Action    string
}

// The refusals of a private reply, before the provider is called.
const (
	EPRIVATEREPLYUSED    = "private_reply_used"    // the comment was answered privately already
	EPRIVATEREPLYEXPIRED = "private_reply_expired" // the comment is older than PrivateReplyWindow
)

// CommentService is what agents do to comments beyond answering them: hide, unhide or delete
// one (the conversation's assignee or an admin), with a milestone in its conversation; and see
// the picture of the post a conversation is under.
type CommentService interface {
	ModerateComment(ctx context.Context, messageID int64, action string) (*Message, error)
	PostThumbnail(ctx context.Context, conversationID int64) (io.ReadCloser, string, error)
}

// CommentStore is what the comment machinery needs of the store.
type CommentStore interface {
	// CommentToModerate checks the actor may moderate the comment and says what the provider
	// needs; RecordModeration records what the provider did.
	CommentToModerate(ctx context.Context, messageID int64, action string) (*CommentModeration, error)
	RecordModeration(ctx context.Context, messageID int64, action string) (*Message, error)
	PostThumbnail(ctx context.Context, conversationID int64) (io.ReadCloser, string, error)
	// SavePost records a post's description and picture (nil: none); system only.
	SavePost(ctx context.Context, inboxID int64, p *Post, picture io.Reader, contentType string) error
}

// JobFetchPost asks the provider what a post that comments came under is (caption, link,
// picture), once, for the header of its comment conversations.
const JobFetchPost = "fetch_post"

// FetchPostArgs are the arguments of a JobFetchPost job.
type FetchPostArgs struct {
	InboxID int64  `json:"inbox_id"`
	PostID  string `json:"post_id"`
}
