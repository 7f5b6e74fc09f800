package switchboard

import (
	"context"
	"encoding/json"
	"time"
)

// MergeReason says why two contacts look like one person.
type MergeReason string

// The reasons a duplicate is suggested. A name alone is never one.
const (
	ReasonSamePhone     MergeReason = "same_phone"      // one phone number, however written
	ReasonSameEmail     MergeReason = "same_email"      // one email address, ignoring case
	ReasonVisitorEmail  MergeReason = "visitor_email"   // a web visitor typed the other's email
	ReasonNameAndHandle MergeReason = "name_and_handle" // the same full name and a similar handle
)

// MergeSuggestion is a likely duplicate of a contact: Other, why, and how sure (0 to 1).
type MergeSuggestion struct {
	ContactID int64 `json:"contact_id"`
	// Contact is the contact of ContactID, in the review queue only (the panel has it).
	Contact    *Contact    `json:"contact,omitempty"`
	Other      *Contact    `json:"other"`
	Reason     MergeReason `json:"reason"`
	Confidence float64     `json:"confidence"`
	// Detail is the value the two share: the number, the address, the name.
	Detail string `json:"detail"`
}

// SuggestionPage is one page of the review queue; NextCursor is "" on the last page.
type SuggestionPage struct {
	Items      []*MergeSuggestion `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

// MergePreview is what a merge would make: the surviving contact's fields, identities and
// labels after it, and what moves from the other contact.
type MergePreview struct {
	SurvivorID int64 `json:"survivor_id"`
	OtherID    int64 `json:"other_id"`
	// Result is the survivor as it will be.
	Result *Contact `json:"result"`
	// FromOther names the fields whose value comes from the other contact.
	FromOther []string `json:"from_other"`
	// Identities and Conversations are the ids that move to the survivor.
	Identities    []*Identity `json:"identities"`
	Conversations []int64     `json:"conversations"`
}

// ContactMerge records one merge, and all it moved, so that it can be undone exactly.
type ContactMerge struct {
	ID         int64  `json:"id"`
	SurvivorID int64  `json:"survivor_id"`
	OtherID    int64  `json:"other_id"`
	OtherName  string `json:"other_name"`
	ActorID    *int64 `json:"actor_id"`
	ActorName  string `json:"actor_name"`
	// Survivor and Other are both contacts' fields before the merge.
	Survivor json.RawMessage `json:"survivor"`
	Other    json.RawMessage `json:"other"`
	// Moved lists the ids of what came from the other contact.
	Moved      MergeMoved `json:"moved"`
	MergedAt   time.Time  `json:"merged_at"`
	UndoneAt   *time.Time `json:"undone_at"`
	UndoneByID *int64     `json:"undone_by_id"`
}

// MergeMoved is what a merge moved from the other contact to the survivor.
type MergeMoved struct {
	Identities    []int64  `json:"identities"`
	Conversations []int64  `json:"conversations"`
	Visitors      []int64  `json:"visitors"`
	LabelsAdded   []string `json:"labels_added"` // the other's labels the survivor did not have
	LabelIDs      []int64  `json:"label_ids"`
	// Notes are the other contact's notes, which go back with it on an un-merge; notes written
	// on the survivor after the merge stay with it.
	Notes []int64 `json:"notes"`
}

// MergeInput asks to merge OtherID into the contact of the path.
type MergeInput struct {
	OtherID int64 `json:"other_id"`
}

// ContactMergeService finds duplicates, merges contacts and undoes merges. An agent suggests,
// previews and merges only contacts they see (both); admins and supervisors all. A merge is
// undone by an admin or the agent who made it. Both are milestones in every conversation
// involved and events (contact.merged, contact.unmerged).
type ContactMergeService interface {
	// SuggestMerges lists the likely duplicates of a contact the actor sees.
	SuggestMerges(ctx context.Context, contactID int64) ([]*MergeSuggestion, error)
	// ReviewSuggestions lists likely duplicates across the address book (admins, supervisors).
	ReviewSuggestions(ctx context.Context, cursor string, limit int) (*SuggestionPage, error)
	// PreviewMerge shows what merging otherID into survivorID would make, changing nothing.
	PreviewMerge(ctx context.Context, survivorID, otherID int64) (*MergePreview, error)
	// MergeContacts merges otherID into survivorID in one transaction.
	MergeContacts(ctx context.Context, survivorID, otherID int64) (*ContactMerge, error)
	// UnmergeContacts undoes a merge, restoring both contacts.
	UnmergeContacts(ctx context.Context, mergeID int64) (*ContactMerge, error)
	// ContactMerges lists the merges into or of a contact, newest first.
	ContactMerges(ctx context.Context, contactID int64) ([]*ContactMerge, error)
	// DismissSuggestion records that two contacts the actor sees are not the same person: the
	// pair is never suggested again, on the contact panel or in the review queue.
	DismissSuggestion(ctx context.Context, contactID, otherID int64) error
}

// MergePlan is what a merge makes of the survivor, as package contacts decided it: the fields
// it keeps or takes from the other contact, and the labels it gains. Seen holds both contacts'
// updated_at when the plan was made: the store refuses the plan (ECONFLICT) if either changed.
type MergePlan struct {
	SurvivorID, OtherID                     int64
	Name, Email, Phone, AvatarURL, Language string
	Attributes                              json.RawMessage
	// Labels is the survivor's labels after the merge; LabelsAdded those only the other had.
	Labels      []string
	LabelsAdded []string
	// FromOther names the fields whose value comes from the other contact.
	FromOther    []string
	SurvivorSeen time.Time
	OtherSeen    time.Time
}

// ContactMergeStore persists merges; package contacts decides them. Reads are limited to the
// contacts the actor sees, like ContactService's.
type ContactMergeStore interface {
	// MergeCandidates lists up to limit contacts, other than contactID and not merged, that
	// have one of the phones or emails (as contact field, identity or typed by a web visitor),
	// or exactly the full name.
	MergeCandidates(ctx context.Context, contactID int64, phones, emails []string, fullName string, limit int) ([]*Contact, error)
	// ContactConversationIDs lists the ids of a contact's conversations, oldest first.
	ContactConversationIDs(ctx context.Context, contactID int64) ([]int64, error)
	// ApplyMerge applies a plan in one transaction and records what moved.
	ApplyMerge(ctx context.Context, plan *MergePlan) (*ContactMerge, error)
	// UnmergeContacts and ContactMerges are as in ContactMergeService.
	UnmergeContacts(ctx context.Context, mergeID int64) (*ContactMerge, error)
	ContactMerges(ctx context.Context, contactID int64) ([]*ContactMerge, error)
	// DismissSuggestion is as in ContactMergeService (ENOTFOUND for a contact the actor does
	// not see); a pair dismissed twice stays dismissed once.
	DismissSuggestion(ctx context.Context, contactID, otherID int64) error
	// DismissedWith returns which of others were dismissed as not the same person as contactID.
	DismissedWith(ctx context.Context, contactID int64, others []int64) (map[int64]bool, error)
}
