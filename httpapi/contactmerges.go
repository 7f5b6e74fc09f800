package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// contactMergeRoutes find duplicate contacts, merge them and undo merges.
func (s *Server) contactMergeRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/contacts/{id}/suggestions", OperationID: "contactSuggestions", Tag: "contacts",
			Summary: "Likely duplicates of a contact",
			Description: "Contacts that share a phone number (in any notation), an email address (ignoring case), an email a web " +
				"visitor typed, or the same full name and a similar handle; with the reason and a confidence from 0 to 1, surest first. " +
				"A name alone never pairs two contacts. " + seenContacts,
			Response: typeOf[[]switchboard.MergeSuggestion](), handler: s.contactSuggestions},
		{Method: "GET", Path: "/api/v1/contacts/suggestions", OperationID: "reviewSuggestions", Tag: "contacts",
			Summary:     "The review queue of likely duplicates",
			Description: "Each likely pair once, a page of the address book at a time, newest first. Admins and supervisors only.",
			Query: []Param{
				{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				{Name: "limit", Type: "integer", Description: "Contacts looked at per page, 1 to 100 (default 25)."},
			},
			Response: typeOf[switchboard.SuggestionPage](), handler: s.reviewSuggestions},
		{Method: "POST", Path: "/api/v1/contacts/{id}/suggestions/dismiss", OperationID: "dismissSuggestion", Tag: "contacts",
			Summary: "Not the same person",
			Description: "Records that other_id is not the same person as this contact: the pair is never suggested again, on either " +
				"contact's panel or in the review queue, and identity linking never merges them. Dismissing a pair twice is no error. " +
				"Both contacts must be ones you see (" + seenContacts + ")",
			Request: typeOf[switchboard.MergeInput](), handler: s.dismissSuggestion},
		{Method: "GET", Path: "/api/v1/contacts/{id}/merge-preview", OperationID: "previewMerge", Tag: "contacts",
			Summary: "Preview a merge",
			Description: "What merging the contact `with` into this one would make, changing nothing: the fields (this contact's " +
				"values win, the other's fill the empty ones), identities, labels and attributes united, and the conversations that move. " + seenContacts,
			Query:    []Param{{Name: "with", Type: "integer", Description: "The contact to merge into this one.", Required: true}},
			Response: typeOf[switchboard.MergePreview](), handler: s.previewMerge},
		{Method: "POST", Path: "/api/v1/contacts/{id}/merge", OperationID: "mergeContacts", Tag: "contacts",
			Summary: "Merge a contact into this one",
			Description: "Moves other_id's identities, conversations, labels, attributes and web visitors to this contact in one " +
				"transaction and hides other_id, keeping what came from where so the merge can be undone. A milestone in every " +
				"conversation (activity contact_merged) and the event contact.merged. Both contacts must be ones you see (" + seenContacts + ")",
			Request: typeOf[switchboard.MergeInput](), Response: typeOf[switchboard.ContactMerge](), Status: http.StatusCreated,
			handler: s.mergeContacts},
		{Method: "GET", Path: "/api/v1/contacts/{id}/merges", OperationID: "contactMerges", Tag: "contacts",
			Summary: "A contact's merges", Description: "Merges into or of the contact, newest first, undone ones included. " + seenContacts,
			Response: typeOf[[]switchboard.ContactMerge](), handler: s.contactMerges},
		{Method: "POST", Path: "/api/v1/contact-merges/{id}/undo", OperationID: "undoMerge", Tag: "contacts",
			Summary: "Undo a merge",
			Description: "Restores both contacts as they were before the merge (fields, identities, conversations, labels, " +
				"attributes); conversations started since through an identity of the other contact go back with it. Admins and " +
				"the agent who merged. A milestone in every conversation (activity contact_unmerged) and the event contact.unmerged.",
			Response: typeOf[switchboard.ContactMerge](), handler: s.undoMerge},
	}
}

func (s *Server) mergeService() (switchboard.ContactMergeService, error) {
	if s.Merges == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not merge contacts.")
	}
	return s.Merges, nil
}

// withMerges answers a call about the contact or merge whose id is in the path: fn's result,
// with status.
func (s *Server) withMerges(w http.ResponseWriter, r *http.Request, what string, status int,
	fn func(m switchboard.ContactMergeService, id int64) (any, error)) error {
	m, err := s.mergeService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", what)
	if err != nil {
		return err
	}
	out, err := fn(m, id)
	if err != nil {
		return err
	}
	return writeJSON(w, status, out)
}

func (s *Server) contactSuggestions(w http.ResponseWriter, r *http.Request) error {
	return s.withMerges(w, r, "Contact", http.StatusOK, func(m switchboard.ContactMergeService, id int64) (any, error) {
		return m.SuggestMerges(r.Context(), id)
	})
}

func (s *Server) reviewSuggestions(w http.ResponseWriter, r *http.Request) error {
	m, err := s.mergeService()
	if err != nil {
		return err
	}
	q := newQuery(r)
	cursor, limit := q.str("cursor"), q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	out, err := m.ReviewSuggestions(r.Context(), cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) previewMerge(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	with := q.requiredID("with")
	if err := q.err(); err != nil {
		return err
	}
	return s.withMerges(w, r, "Contact", http.StatusOK, func(m switchboard.ContactMergeService, id int64) (any, error) {
		return m.PreviewMerge(r.Context(), id, with)
	})
}

func (s *Server) mergeContacts(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.MergeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.OtherID <= 0 {
		return invalid("Name the contact to merge.", map[string]string{"other_id": "Required."})
	}
	return s.withMerges(w, r, "Contact", http.StatusCreated, func(m switchboard.ContactMergeService, id int64) (any, error) {
		return m.MergeContacts(r.Context(), id, in.OtherID)
	})
}

func (s *Server) contactMerges(w http.ResponseWriter, r *http.Request) error {
	return s.withMerges(w, r, "Contact", http.StatusOK, func(m switchboard.ContactMergeService, id int64) (any, error) {
		return m.ContactMerges(r.Context(), id)
	})
}

func (s *Server) undoMerge(w http.ResponseWriter, r *http.Request) error {
	return s.withMerges(w, r, "Merge", http.StatusOK, func(m switchboard.ContactMergeService, id int64) (any, error) {
		return m.UnmergeContacts(r.Context(), id)
	})
}

func (s *Server) dismissSuggestion(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.MergeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.OtherID <= 0 {
		return invalid("Name the other contact.", map[string]string{"other_id": "Required."})
	}
	m, err := s.mergeService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	if err := m.DismissSuggestion(r.Context(), id, in.OtherID); err != nil {
		return err
	}
	return noContent(w)
}
