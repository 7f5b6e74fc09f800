package switchboard

import (
	"context"
	"strings"
	"time"
)

// SearchQuery asks for contacts and messages matching words. Every word must match (a prefix
// match for the last word, so results come while typing).
type SearchQuery struct {
	Q     string
	Limit int
}

// Validate checks the query.
func (q *SearchQuery) Validate() error {
	var v Validator
	q.Q = strings.TrimSpace(q.Q)
	if q.Limit == 0 {
		q.Limit = 20
	}
	v.Length(q.Q, 200, "q", "Enter 1 to 200 characters to search for.")
	v.Check(q.Limit >= 1 && q.Limit <= MaxPageSize, "limit", "Limit must be between 1 and 100.")
	return v.Err()
}

// ContactHit is a contact that matched a search.
type ContactHit struct {
	Contact *Contact `json:"contact"`
}

// MessageHit is a message that matched a search, with its conversation's context.
type MessageHit struct {
	MessageID      int64       `json:"message_id"`
	ConversationID int64       `json:"conversation_id"`
	InboxID        int64       `json:"inbox_id"`
	ContactName    string      `json:"contact_name"`   // "" when unknown
	ContactHandle  string      `json:"contact_handle"` // phone or email, to name an unknown sender
	Snippet        string      `json:"snippet"`
	Kind           MessageKind `json:"kind"`
	CreatedAt      time.Time   `json:"created_at"`
}

// SearchResult holds both kinds of hits, each ranked by relevance and recency.
type SearchResult struct {
	Contacts []*ContactHit `json:"contacts"`
	Messages []*MessageHit `json:"messages"`
}

// SearchService searches the whole history with the same visibility rules as lists: an agent
// finds only messages of inboxes they belong to.
type SearchService interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}
