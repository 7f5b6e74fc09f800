package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// crmRoutes let admins link contacts to the company's CRM, and agents open a contact's record
// and see what the CRM's lookup answers about a contact they can see.
func (s *Server) crmRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/settings/crm", OperationID: "getCRMSettings", Tag: "settings", AdminOnly: true,
			Summary:     "The link to the company's CRM",
			Description: "The contact panel's link template and label, and the signed lookup's URL. The secret is never answered: secret_set says whether there is one. last_error says why the newest lookup failed.",
			Response:    typeOf[switchboard.CRMSettings](), handler: s.getCRMSettings},
		{Method: "PUT", Path: "/api/v1/settings/crm", OperationID: "setCRMSettings", Tag: "settings", AdminOnly: true,
			Summary: "Change the link to the company's CRM",
			Description: "Fields left out stay as they are. link_template is an http or https URL whose path or query may hold " +
				"{id}, {email}, {phone}, {name}, {external_id:KIND} and {attributes.KEY}; \"\" shows no link. lookup_url (http or https, " +
				"the egress rules of webhooks apply when it is called) needs a secret, of 16 to 200 characters, which is write-only; " +
				"secret \"\" removes it. Saving forgets the answers kept and the recorded outcomes.",
			Request: typeOf[switchboard.CRMSettingsInput](), Response: typeOf[switchboard.CRMSettings](), handler: s.setCRMSettings},
		{Method: "POST", Path: "/api/v1/settings/crm/test", OperationID: "testCRMLookup", Tag: "settings", AdminOnly: true,
			Summary:     "Run the CRM lookup on a contact now",
			Description: "Calls the lookup endpoint with the contact, whatever answer is kept, and answers its outcome: the fields, or error.",
			Request:     typeOf[crmTestInput](), Response: typeOf[switchboard.CRMLookupResult](), handler: s.testCRMLookup},
		{Method: "GET", Path: "/api/v1/contacts/{id}/external", OperationID: "getContactExternal", Tag: "contacts",
			Summary:     "A contact's link to the CRM",
			Description: "For agents who can see the contact. link is null when no template is set or one of its values is empty; lookup says whether GET /api/v1/contacts/{id}/external/lookup may be asked. The CRM is not called.",
			Response:    typeOf[switchboard.CRMPanel](), handler: s.getContactExternal},
		{Method: "GET", Path: "/api/v1/contacts/{id}/external/lookup", OperationID: "lookupContactExternal", Tag: "contacts",
			Query:   []Param{{Name: "refresh", Type: "boolean", Description: "Ask the CRM again rather than answer what it answered in the last few minutes."}},
			Summary: "What the CRM says about a contact",
			Description: "For agents who can see the contact. POSTs the contact, signed like webhooks, to the lookup endpoint (3 s at most) " +
				"and answers its fields, or error with no fields when it failed; answers are kept for 5 minutes (cached) and a contact " +
				"is looked up at most every 15 seconds, within which the newest outcome is answered again. 400 when no lookup is set up; " +
				"429 while a lookup of the contact is under way.",
			Response: typeOf[switchboard.CRMLookupResult](), handler: s.lookupContactExternal},
	}
}

// crmTestInput names the contact a test lookup describes.
type crmTestInput struct {
	ContactID int64 `json:"contact_id"`
}

// crm answers 503 when the server has no CRM link.
func (s *Server) crm() (switchboard.CRMService, switchboard.CRMLookupService, error) {
	if s.CRMSettings == nil || s.CRM == nil {
		return nil, nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no CRM link.")
	}
	return s.CRMSettings, s.CRM, nil
}

func (s *Server) getCRMSettings(w http.ResponseWriter, r *http.Request) error {
	settings, _, err := s.crm()
	if err != nil {
		return err
	}
	out, err := settings.FindCRMSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setCRMSettings(w http.ResponseWriter, r *http.Request) error {
	settings, _, err := s.crm()
	if err != nil {
		return err
	}
	var in switchboard.CRMSettingsInput
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := settings.SetCRMSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) testCRMLookup(w http.ResponseWriter, r *http.Request) error {
	_, lookup, err := s.crm()
	if err != nil {
		return err
	}
	var in crmTestInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.ContactID <= 0 {
		var v switchboard.Validator
		v.Required(false, "contact_id", "Choose the contact to look up.")
		return v.Err()
	}
	out, err := lookup.TestCRMLookup(r.Context(), in.ContactID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getContactExternal(w http.ResponseWriter, r *http.Request) error {
	_, lookup, err := s.crm()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	out, err := lookup.CRMPanel(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) lookupContactExternal(w http.ResponseWriter, r *http.Request) error {
	_, lookup, err := s.crm()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	q := newQuery(r)
	refresh := q.boolean("refresh")
	if err := q.err(); err != nil {
		return err
	}
	out, err := lookup.LookupContact(r.Context(), id, refresh != nil && *refresh)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
