package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// assignmentRoutes read and change an inbox's automatic assignment (admins).
func (s *Server) assignmentRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes/{id}/assignment", OperationID: "getInboxAssignment", Tag: "inboxes", AdminOnly: true,
			Summary: "An inbox's automatic assignment settings", Response: typeOf[switchboard.AssignmentSettings](), handler: s.getAssignment},
		{Method: "PUT", Path: "/api/v1/inboxes/{id}/assignment", OperationID: "setInboxAssignment", Tag: "inboxes", AdminOnly: true,
			Summary: "Replace an inbox's automatic assignment settings",
			Description: "strategy: \"\" (off), round_robin (each online member in turn) or balanced (the online member with the fewest " +
				"unresolved conversations of the inbox). capacity: the most unresolved conversations of the inbox an agent holds " +
				"(0: no limit); agent_capacity overrides it per agent id. offline_return_minutes: an agent offline this long has " +
				"their open conversations returned to the queue (0: never). self_assign_on_reply: an agent who replies in an " +
				"unassigned conversation becomes its assignee (true by default). New, reopened and unassigned conversations wait " +
				"in the queue, oldest first, until an online member has room.",
			Request: typeOf[switchboard.AssignmentSettings](), Response: typeOf[switchboard.AssignmentSettings](), handler: s.setAssignment},
	}
}

func (s *Server) getAssignment(w http.ResponseWriter, r *http.Request) error {
	if s.Assignment == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not assign automatically.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	out, err := s.Assignment.AssignmentSettings(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setAssignment(w http.ResponseWriter, r *http.Request) error {
	if s.Assignment == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not assign automatically.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.AssignmentSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	in.InboxID = id
	out, err := s.Assignment.SetAssignmentSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
