package httpapi

import (
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
)

// seenContacts says which contacts an agent sees, and may change.
const seenContacts = "An agent sees, and may change, the contacts with a conversation in one of their inboxes " +
	"and those with no conversation yet; admins and supervisors see every contact. Any other contact answers 404."

// contactRoutes manage the address book; admins delete contacts.
func (s *Server) contactRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/contacts", OperationID: "listContacts", Tag: "contacts",
			Summary: "List contacts: the address book", Description: seenContacts,
			Query: append(append([]Param{}, addressBookQuery...),
				Param{Name: "identity_kind", Type: "string", Description: "With identity: the kind of address (phone, email, …)."},
				Param{Name: "identity", Type: "string", Description: "Only the contact with this address, in any notation (+39 333…, 0039…): whose a shared contact card's number is."},
				Param{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				Param{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
			),
			Response: typeOf[switchboard.ContactPage](), handler: s.listContacts},
		{Method: "POST", Path: "/api/v1/contacts", OperationID: "createContact", Tag: "contacts",
			Summary: "Create a contact", Request: typeOf[switchboard.ContactInput](), Response: typeOf[switchboard.Contact](),
			Status: http.StatusCreated, handler: s.createContact},
		{Method: "GET", Path: "/api/v1/contacts/{id}", OperationID: "getContact", Tag: "contacts",
			Summary: "Get a contact with its identities", Description: seenContacts,
			Response: typeOf[switchboard.Contact](), handler: s.getContact},
		{Method: "PATCH", Path: "/api/v1/contacts/{id}", OperationID: "updateContact", Tag: "contacts",
			Summary: "Change a contact",
			Description: "Fields left out are kept; identities are managed with their own endpoints. blocked hides the contact's " +
				"conversations from lists and search and silences their new messages (kept, but no unread, push, rule, assignment, " +
				"auto-reply, bot, CSAT or SLA timer); blocking or unblocking writes a milestone (contact_blocked, contact_unblocked) in " +
				"each of their conversations. Agents may block only a contact whose every conversation is in their inboxes; admins and " +
				"supervisors any. " + seenContacts,
			Request: typeOf[switchboard.ContactInput](), Response: typeOf[switchboard.Contact](), handler: s.updateContact},
		{Method: "DELETE", Path: "/api/v1/contacts/{id}", OperationID: "deleteContact", Tag: "contacts", AdminOnly: true,
			Summary: "Erase a contact (right to erasure)",
			Description: "Deletes the contact and every record of the person in one transaction: identities, conversations, messages, " +
				"attachments (their files after commit), the search index, web visitors, customer windows, surveys, scheduled messages, " +
				"event log entries about them and their webhook deliveries, jobs naming them, the providers' raw webhooks that carried " +
				"their messages, reactions, and their lines in contact imports; contacts merged into it go too. Recorded in the audit " +
				"log (GET /api/v1/audit) by contact id and counts only. Admins only.",
			handler: s.deleteContact},
		{Method: "POST", Path: "/api/v1/contacts/{id}/identities", OperationID: "addIdentity", Tag: "contacts",
			Summary: "Add an identity to a contact",
			Description: "An address belongs to one contact: adding one that another contact has answers 409. " +
				"Identities are where replies go: each of the contact's conversations records who added it, " +
				"as a milestone (activity identity_added). " + seenContacts,
			Request: typeOf[switchboard.IdentityInput](), Response: typeOf[switchboard.Identity](), Status: http.StatusCreated,
			handler: s.addIdentity},
		{Method: "DELETE", Path: "/api/v1/contacts/{id}/identities/{identity_id}", OperationID: "deleteIdentity", Tag: "contacts",
			Summary: "Remove an identity from a contact",
			Description: "Each of the contact's conversations records who removed it, as a milestone (activity identity_removed). " +
				seenContacts,
			handler: s.deleteIdentity},
	}
}

func (s *Server) listContacts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := addressBookFilter(q, time.Now())
	f.IdentityKind, f.Identity = switchboard.IdentityKind(q.str("identity_kind")), q.str("identity")
	f.Cursor, f.Limit = q.str("cursor"), q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.Contacts.FindContacts(r.Context(), f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []*switchboard.Contact{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) createContact(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.ContactInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Contacts.CreateContact(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) getContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	c, err := s.Contacts.FindContactByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) updateContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	var in switchboard.ContactInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Identities != nil {
		return invalid("Identities are added and removed with /api/v1/contacts/{id}/identities.",
			map[string]string{"identities": "Not allowed here."})
	}
	c, err := s.Contacts.UpdateContact(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) deleteContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	if err := s.Contacts.DeleteContact(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) addIdentity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	var in switchboard.IdentityInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ident, err := s.Contacts.AddIdentity(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ident)
}

func (s *Server) deleteIdentity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	identityID, err := pathID(r, "identity_id", "Identity")
	if err != nil {
		return err
	}
	if err := s.Contacts.DeleteIdentity(r.Context(), id, identityID); err != nil {
		return err
	}
	return noContent(w)
}
