package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// teamAssignmentRoutes read and change a team's automatic assignment (admins).
func (s *Server) teamAssignmentRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/teams/{id}/assignment", OperationID: "getTeamAssignment", Tag: "teams", AdminOnly: true,
			Summary: "A team's automatic assignment settings", Response: typeOf[switchboard.TeamAssignmentSettings](), handler: s.getTeamAssignment},
		{Method: "PUT", Path: "/api/v1/teams/{id}/assignment", OperationID: "setTeamAssignment", Tag: "teams", AdminOnly: true,
			Summary: "Replace a team's automatic assignment settings",
			Description: "A conversation given to the team but to no agent (by a rule, a bot's hand-off or an agent) goes to one of the " +
				"team's online members who can see its inbox. strategy: \"\" (off: the inbox's settings apply), round_robin or " +
				"balanced (the member with the fewest unresolved conversations of the team). capacity: the most unresolved " +
				"conversations of the team a member holds (0: no limit); agent_capacity overrides it per agent id.",
			Request: typeOf[switchboard.TeamAssignmentSettings](), Response: typeOf[switchboard.TeamAssignmentSettings](), handler: s.setTeamAssignment},
	}
}

func (s *Server) getTeamAssignment(w http.ResponseWriter, r *http.Request) error {
	if s.TeamAssignment == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not assign automatically.")
	}
	id, err := pathID(r, "id", "Team")
	if err != nil {
		return err
	}
	out, err := s.TeamAssignment.TeamAssignmentSettings(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setTeamAssignment(w http.ResponseWriter, r *http.Request) error {
	if s.TeamAssignment == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not assign automatically.")
	}
	id, err := pathID(r, "id", "Team")
	if err != nil {
		return err
	}
	var in switchboard.TeamAssignmentSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	in.TeamID = id
	out, err := s.TeamAssignment.SetTeamAssignmentSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
