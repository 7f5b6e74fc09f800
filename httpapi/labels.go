package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// labelRoutes manage labels. Every agent reads and creates them (the inbox creates them inline);
// admins change and delete them.
func (s *Server) labelRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/labels", OperationID: "listLabels", Tag: "labels",
			Summary: "List labels", Response: typeOf[list[*switchboard.Label]](), handler: s.listLabels},
		{Method: "POST", Path: "/api/v1/labels", OperationID: "createLabel", Tag: "labels",
			Summary: "Create a label", Request: typeOf[switchboard.LabelInput](), Response: typeOf[switchboard.Label](),
			Status: http.StatusCreated, handler: s.createLabel},
		{Method: "GET", Path: "/api/v1/labels/{id}", OperationID: "getLabel", Tag: "labels",
			Summary: "Get a label", Response: typeOf[switchboard.Label](), handler: s.getLabel},
		{Method: "PATCH", Path: "/api/v1/labels/{id}", OperationID: "updateLabel", Tag: "labels", AdminOnly: true,
			Summary: "Change a label", Request: typeOf[switchboard.LabelInput](), Response: typeOf[switchboard.Label](),
			handler: s.updateLabel},
		{Method: "DELETE", Path: "/api/v1/labels/{id}", OperationID: "deleteLabel", Tag: "labels", AdminOnly: true,
			Summary: "Delete a label", handler: s.deleteLabel},
	}
}

func (s *Server) listLabels(w http.ResponseWriter, r *http.Request) error {
	labels, err := s.Labels.FindLabels(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(labels))
}

func (s *Server) createLabel(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.LabelInput
	if err := decode(r, &in); err != nil {
		return err
	}
	l, err := s.Labels.CreateLabel(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, l)
}

func (s *Server) getLabel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Label")
	if err != nil {
		return err
	}
	l, err := s.Labels.FindLabelByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) updateLabel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Label")
	if err != nil {
		return err
	}
	var in switchboard.LabelInput
	if err := decode(r, &in); err != nil {
		return err
	}
	l, err := s.Labels.UpdateLabel(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) deleteLabel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Label")
	if err != nil {
		return err
	}
	if err := s.Labels.DeleteLabel(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
