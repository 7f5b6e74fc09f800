package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// cannedRoutes manage canned responses. Every agent reads and renders them; admins change them.
func (s *Server) cannedRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/canned-responses", OperationID: "listCanned", Tag: "canned-responses",
			Summary: "List canned responses",
			Query: []Param{{Name: "q", Type: "string",
				Description: "Only responses whose shortcut or title contains this text (the composer's /shortcut search)."}},
			Response: typeOf[list[*switchboard.CannedResponse]](), handler: s.listCanned},
		{Method: "POST", Path: "/api/v1/canned-responses", OperationID: "createCanned", Tag: "canned-responses", AdminOnly: true,
			Summary: "Create a canned response", Request: typeOf[switchboard.CannedInput](),
			Response: typeOf[switchboard.CannedResponse](), Status: http.StatusCreated, handler: s.createCanned},
		{Method: "GET", Path: "/api/v1/canned-responses/{id}", OperationID: "getCanned", Tag: "canned-responses",
			Summary: "Get a canned response", Response: typeOf[switchboard.CannedResponse](), handler: s.getCanned},
		{Method: "PATCH", Path: "/api/v1/canned-responses/{id}", OperationID: "updateCanned", Tag: "canned-responses", AdminOnly: true,
			Summary: "Change a canned response", Request: typeOf[switchboard.CannedInput](),
			Response: typeOf[switchboard.CannedResponse](), handler: s.updateCanned},
		{Method: "DELETE", Path: "/api/v1/canned-responses/{id}", OperationID: "deleteCanned", Tag: "canned-responses", AdminOnly: true,
			Summary: "Delete a canned response", handler: s.deleteCanned},
		{Method: "GET", Path: "/api/v1/canned-responses/{id}/render", OperationID: "renderCanned", Tag: "canned-responses",
			Summary:     "Fill a canned response's variables from a conversation",
			Description: "Variables such as {{contact.name}} are filled from a conversation you may see; unknown or empty ones become empty.",
			Query:       []Param{{Name: "conversation_id", Type: "integer", Required: true, Description: "The conversation to fill the variables from."}},
			Response:    typeOf[renderedText](), handler: s.renderCanned},
	}
}

// renderedText is a canned response with its variables filled.
type renderedText struct {
	Text string `json:"text"`
}

func (s *Server) listCanned(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	text := q.str("q")
	if err := q.err(); err != nil {
		return err
	}
	canned, err := s.Canned.FindCanned(r.Context(), text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(canned))
}

func (s *Server) createCanned(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.CannedInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Canned.CreateCanned(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) getCanned(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Canned response")
	if err != nil {
		return err
	}
	c, err := s.Canned.FindCannedByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) updateCanned(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Canned response")
	if err != nil {
		return err
	}
	var in switchboard.CannedInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Canned.UpdateCanned(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) deleteCanned(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Canned response")
	if err != nil {
		return err
	}
	if err := s.Canned.DeleteCanned(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) renderCanned(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Canned response")
	if err != nil {
		return err
	}
	q := newQuery(r)
	convID := q.requiredID("conversation_id")
	if err := q.err(); err != nil {
		return err
	}
	text, err := s.Canned.RenderCanned(r.Context(), id, convID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, renderedText{Text: text})
}
