package switchboard

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxNoteLength bounds a contact note, in characters.
const MaxNoteLength = 10000

// ContactNote is a private note agents keep on a contact (never shown to the customer). Anyone
// who sees the contact reads and adds notes; only the author or an admin changes or deletes one.
// The author's name is kept as it was when the note was written, so a deleted agent's notes
// still say who wrote them.
type ContactNote struct {
	ID         int64     `json:"id"`
	ContactID  int64     `json:"contact_id"`
	AuthorID   *int64    `json:"author_id"` // nil for the system or a deleted agent
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ContactNoteInput writes a note's text.
type ContactNoteInput struct {
	Body string `json:"body"`
}

// Validate trims the body and checks it: 1 to MaxNoteLength characters, valid UTF-8, no NUL
// byte (refused rather than replaced: a note is typed by a person, who can fix it).
func (in *ContactNoteInput) Validate() error {
	var v Validator
	in.Body = strings.TrimSpace(in.Body)
	n := utf8.RuneCountInString(in.Body)
	v.CheckCode(n > 0 && n <= MaxNoteLength, "body", FieldCode{Code: FieldLength, Min: 1, Max: MaxNoteLength},
		"Write a note of 1 to 10,000 characters.")
	v.Check(strings.IndexByte(in.Body, 0) < 0 && utf8.ValidString(in.Body), "body", "A note may not contain NUL bytes or invalid text.")
	return v.Err()
}

// ContactNotePage is one page of a contact's notes, newest first; NextCursor is "" on the last.
type ContactNotePage struct {
	Items      []*ContactNote `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// The kinds of entries of a contact's activity timeline.
const (
	TimelineConversationStarted = "conversation_started" // ConversationID, InboxID, InboxName, Channel
	TimelineStatusChanged       = "status_changed"       // Status: resolved, open (reopened), pending, snoozed
	TimelineLabelsAdded         = "labels_added"         // a conversation's labels: Labels
	TimelineLabelsRemoved       = "labels_removed"
	TimelineCSAT                = "csat"             // Rating, Text (the comment)
	TimelineIdentityAdded       = "identity_added"   // Identity
	TimelineIdentityRemoved     = "identity_removed" // Identity
	TimelineContactLabels       = "contact_labels"   // the contact's labels became Labels
	TimelineBlocked             = "blocked"
	TimelineUnblocked           = "unblocked"
	TimelineImported            = "imported" // by a CSV import: Text names the file
	TimelineMerged              = "merged"   // MergeID, OtherName: the contact merged into the survivor
	TimelineUnmerged            = "unmerged"
	TimelineNoteAdded           = "note_added" // NoteID, Text (the note)
)

// TimelineEntry is one thing that happened to a contact. Entries about a conversation carry
// its id and inbox; the rest concern the contact itself.
type TimelineEntry struct {
	Kind           string             `json:"kind"`
	At             time.Time          `json:"at"`
	ActorID        *int64             `json:"actor_id,omitempty"`
	ActorName      string             `json:"actor_name,omitempty"`
	ConversationID *int64             `json:"conversation_id,omitempty"`
	InboxID        *int64             `json:"inbox_id,omitempty"`
	InboxName      string             `json:"inbox_name,omitempty"`
	Channel        ChannelKind        `json:"channel,omitempty"`
	Status         ConversationStatus `json:"status,omitempty"`
	Labels         []string           `json:"labels,omitempty"`
	Identity       *Identity          `json:"identity,omitempty"`
	Rating         int                `json:"rating,omitempty"`
	NoteID         *int64             `json:"note_id,omitempty"`
	MergeID        *int64             `json:"merge_id,omitempty"`
	OtherName      string             `json:"other_name,omitempty"`
	Text           string             `json:"text,omitempty"`
}

// TimelinePage is one page of a contact's timeline, newest first; NextCursor is "" on the last.
type TimelinePage struct {
	Items      []*TimelineEntry `json:"items"`
	NextCursor string           `json:"next_cursor"`
}

// ContactNoteService keeps notes on contacts and tells a contact's story. Every call answers
// ENOTFOUND for a contact the actor does not see (see ContactService). Writes are events
// (contact.note_created, contact.note_updated, contact.note_deleted) for those who see the
// contact, so open contact panels update live.
type ContactNoteService interface {
	FindContactNotes(ctx context.Context, contactID int64, cursor string, limit int) (*ContactNotePage, error)
	CreateContactNote(ctx context.Context, contactID int64, in *ContactNoteInput) (*ContactNote, error)
	// UpdateContactNote and DeleteContactNote: the author or an admin (else EFORBIDDEN).
	UpdateContactNote(ctx context.Context, contactID, noteID int64, in *ContactNoteInput) (*ContactNote, error)
	DeleteContactNote(ctx context.Context, contactID, noteID int64) error
	// ContactTimeline lists what happened to a contact, newest first: its conversations started
	// and their resolutions, reopenings, label changes and ratings (only those of conversations
	// in inboxes the actor sees), its addresses, labels, blocks, imports, merges and notes.
	ContactTimeline(ctx context.Context, contactID int64, cursor string, limit int) (*TimelinePage, error)
}
