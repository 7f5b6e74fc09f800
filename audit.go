package switchboard

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records an irreversible action (a contact's erasure): who did it, when, to which
// record, and what went, counted. It never holds the personal data the action removed: an
// erasure's entry names the contact by id only.
type AuditEntry struct {
	ID        int64           `json:"id"`
	Action    string          `json:"action"` // contact.erased
	ActorID   *int64          `json:"actor_id"`
	ActorName string          `json:"actor_name"`
	Subject   string          `json:"subject"` // contact
	SubjectID int64           `json:"subject_id"`
	Details   json.RawMessage `json:"details"`
	CreatedAt time.Time       `json:"created_at"`
}

// AuditContactErased is the action of a contact's erasure (ContactService.DeleteContact).
const AuditContactErased = "contact.erased"

// ErasureCounts is what an erasure removed, as its audit entry's details record it.
type ErasureCounts struct {
	Conversations int `json:"conversations"`
	Messages      int `json:"messages"`
	Files         int `json:"files"`
	// MergedContacts are contacts merged into the erased one (kept for an un-merge), erased with it.
	MergedContacts int `json:"merged_contacts"`
	// Events, Jobs, Payloads and ImportRows are the records beyond the contact's own tables that
	// held their data: event log entries, queued jobs, providers' raw webhooks, and lines of
	// contact imports (their CSV and refused rows).
	Events     int `json:"events"`
	Jobs       int `json:"jobs"`
	Payloads   int `json:"payloads"`
	ImportRows int `json:"import_rows"`
}

// AuditPage is one page of the audit log, newest first; NextCursor is "" on the last page.
type AuditPage struct {
	Items      []*AuditEntry `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

// AuditService reads the audit log; admins only.
type AuditService interface {
	FindAudit(ctx context.Context, cursor string, limit int) (*AuditPage, error)
}
