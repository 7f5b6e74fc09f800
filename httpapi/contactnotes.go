package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// contactNoteRoutes keep private notes on contacts and tell a contact's story.
func (s *Server) contactNoteRoutes() []Route {
	paging := []Param{
		{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
		{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
	}
	return []Route{
		{Method: "GET", Path: "/api/v1/contacts/{id}/notes", OperationID: "listContactNotes", Tag: "contacts",
			Summary: "A contact's private notes", Description: "Newest first. Notes are never shown to the customer. " + seenContacts,
			Query: paging, Response: typeOf[switchboard.ContactNotePage](), handler: s.listContactNotes},
		{Method: "POST", Path: "/api/v1/contacts/{id}/notes", OperationID: "createContactNote", Tag: "contacts",
			Summary: "Add a private note to a contact",
			Description: "1 to 10,000 characters; NUL bytes are refused. Signed with your name as it is now. The event " +
				"contact.note_created reaches whoever sees the contact. " + seenContacts,
			Request: typeOf[switchboard.ContactNoteInput](), Response: typeOf[switchboard.ContactNote](), Status: http.StatusCreated,
			handler: s.createContactNote},
		{Method: "PATCH", Path: "/api/v1/contacts/{id}/notes/{note_id}", OperationID: "updateContactNote", Tag: "contacts",
			Summary:     "Change a note",
			Description: "Its author or an admin (else 403). The event contact.note_updated. " + seenContacts,
			Request:     typeOf[switchboard.ContactNoteInput](), Response: typeOf[switchboard.ContactNote](), handler: s.updateContactNote},
		{Method: "DELETE", Path: "/api/v1/contacts/{id}/notes/{note_id}", OperationID: "deleteContactNote", Tag: "contacts",
			Summary:     "Delete a note",
			Description: "Its author or an admin (else 403). The event contact.note_deleted. " + seenContacts,
			handler:     s.deleteContactNote},
		{Method: "GET", Path: "/api/v1/contacts/{id}/activity", OperationID: "contactActivity", Tag: "contacts",
			Summary: "A contact's activity timeline",
			Description: "What happened to the contact, newest first: conversations started (inbox, channel), resolved and " +
				"reopened, their labels changed and ratings given, addresses added and removed, the contact's labels changed, " +
				"blocked and unblocked, imported, merged and un-merged, notes added. Entries of a conversation are listed only " +
				"if you see its inbox. " + seenContacts,
			Query: paging, Response: typeOf[switchboard.TimelinePage](), handler: s.contactActivity},
	}
}

func (s *Server) noteService() (switchboard.ContactNoteService, error) {
	if s.ContactNotes == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no contact notes.")
	}
	return s.ContactNotes, nil
}

// withNotes answers a call about the contact, and the note if named, of the path.
func (s *Server) withNotes(w http.ResponseWriter, r *http.Request, noteID bool, fn func(n switchboard.ContactNoteService, contactID, noteID int64) (any, int, error)) error {
	n, err := s.noteService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	var nid int64
	if noteID {
		if nid, err = pathID(r, "note_id", "Note"); err != nil {
			return err
		}
	}
	out, status, err := fn(n, id, nid)
	if err != nil {
		return err
	}
	if status == http.StatusNoContent {
		return noContent(w)
	}
	return writeJSON(w, status, out)
}

// pageQuery reads a list's cursor and limit.
func pageQuery(r *http.Request) (string, int, error) {
	q := newQuery(r)
	cursor, limit := q.str("cursor"), q.integer("limit")
	return cursor, limit, q.err()
}

func (s *Server) listContactNotes(w http.ResponseWriter, r *http.Request) error {
	cursor, limit, err := pageQuery(r)
	if err != nil {
		return err
	}
	return s.withNotes(w, r, false, func(n switchboard.ContactNoteService, id, _ int64) (any, int, error) {
		out, err := n.FindContactNotes(r.Context(), id, cursor, limit)
		return out, http.StatusOK, err
	})
}

func (s *Server) createContactNote(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.ContactNoteInput
	if err := decodeNote(r, &in); err != nil {
		return err
	}
	return s.withNotes(w, r, false, func(n switchboard.ContactNoteService, id, _ int64) (any, int, error) {
		out, err := n.CreateContactNote(r.Context(), id, &in)
		return out, http.StatusCreated, err
	})
}

func (s *Server) updateContactNote(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.ContactNoteInput
	if err := decodeNote(r, &in); err != nil {
		return err
	}
	return s.withNotes(w, r, true, func(n switchboard.ContactNoteService, id, noteID int64) (any, int, error) {
		out, err := n.UpdateContactNote(r.Context(), id, noteID, &in)
		return out, http.StatusOK, err
	})
}

func (s *Server) deleteContactNote(w http.ResponseWriter, r *http.Request) error {
	return s.withNotes(w, r, true, func(n switchboard.ContactNoteService, id, noteID int64) (any, int, error) {
		return nil, http.StatusNoContent, n.DeleteContactNote(r.Context(), id, noteID)
	})
}

func (s *Server) contactActivity(w http.ResponseWriter, r *http.Request) error {
	cursor, limit, err := pageQuery(r)
	if err != nil {
		return err
	}
	return s.withNotes(w, r, false, func(n switchboard.ContactNoteService, id, _ int64) (any, int, error) {
		out, err := n.ContactTimeline(r.Context(), id, cursor, limit)
		return out, http.StatusOK, err
	})
}

// decodeNote is decode for a note, refusing a NUL character (written \u0000) that decode would
// mark: a note is typed by a person, who is better told than silently corrected.
func decodeNote(r *http.Request, in *switchboard.ContactNoteInput) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decode(&http.Request{Body: io.NopCloser(errReader{err})}, in)
	}
	var probe struct {
		Body string `json:"body"`
	}
	if json.Unmarshal(body, &probe) == nil && strings.IndexByte(probe.Body, 0) >= 0 {
		return invalid("Some fields are invalid.", map[string]string{"body": "A note may not contain NUL characters."})
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return decode(r, in)
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
