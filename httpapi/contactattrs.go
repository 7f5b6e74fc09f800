package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// contactAttributeRoutes manage the definitions of contacts' custom attributes. Every agent reads
// them (the contact panel renders values by them); admins change them.
func (s *Server) contactAttributeRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/contact-attributes", OperationID: "listContactAttributes", Tag: "contacts",
			Summary: "List contact attribute definitions", Description: "In their order (position).",
			Response: typeOf[list[*switchboard.ContactAttribute]](), handler: s.listContactAttributes},
		{Method: "POST", Path: "/api/v1/contact-attributes", OperationID: "createContactAttribute", Tag: "contacts", AdminOnly: true,
			Summary: "Define a contact attribute",
			Description: "key (immutable: values are kept under it in contacts' attributes), label, type (text, number, date, list, " +
				"checkbox, link), options (a list's choices), description, position (0 is first; default last). From then on a " +
				"contact's value for the key must fit the type. A key taken answers 409.",
			Request: typeOf[switchboard.ContactAttributeInput](), Response: typeOf[switchboard.ContactAttribute](),
			Status: http.StatusCreated, handler: s.createContactAttribute},
		{Method: "PATCH", Path: "/api/v1/contact-attributes/{id}", OperationID: "updateContactAttribute", Tag: "contacts", AdminOnly: true,
			Summary: "Change or move a contact attribute definition",
			Description: "Label, type, options, description, position. Contacts' values are not rewritten: one that no longer fits " +
				"is shown raw and must fit when next changed.",
			Request: typeOf[switchboard.ContactAttributeInput](), Response: typeOf[switchboard.ContactAttribute](),
			handler: s.updateContactAttribute},
		{Method: "DELETE", Path: "/api/v1/contact-attributes/{id}", OperationID: "deleteContactAttribute", Tag: "contacts", AdminOnly: true,
			Summary:     "Delete a contact attribute definition",
			Description: "Contacts keep their values under its key, undefined (shown raw).", handler: s.deleteContactAttribute},
	}
}

var errNoContactAttributes = switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not keep contact attributes.")

func (s *Server) listContactAttributes(w http.ResponseWriter, r *http.Request) error {
	if s.ContactAttributes == nil {
		return errNoContactAttributes
	}
	defs, err := s.ContactAttributes.FindContactAttributes(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(defs))
}

func (s *Server) createContactAttribute(w http.ResponseWriter, r *http.Request) error {
	if s.ContactAttributes == nil {
		return errNoContactAttributes
	}
	var in switchboard.ContactAttributeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ContactAttributes.CreateContactAttribute(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) updateContactAttribute(w http.ResponseWriter, r *http.Request) error {
	if s.ContactAttributes == nil {
		return errNoContactAttributes
	}
	id, err := pathID(r, "id", "Contact attribute")
	if err != nil {
		return err
	}
	var in switchboard.ContactAttributeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ContactAttributes.UpdateContactAttribute(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) deleteContactAttribute(w http.ResponseWriter, r *http.Request) error {
	if s.ContactAttributes == nil {
		return errNoContactAttributes
	}
	id, err := pathID(r, "id", "Contact attribute")
	if err != nil {
		return err
	}
	if err := s.ContactAttributes.DeleteContactAttribute(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
