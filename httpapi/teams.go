package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// teamRoutes manage teams. Everyone reads them; admins change them.
func (s *Server) teamRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/teams", OperationID: "listTeams", Tag: "teams",
			Summary: "List teams", Response: typeOf[list[*switchboard.Team]](), handler: s.listTeams},
		{Method: "POST", Path: "/api/v1/teams", OperationID: "createTeam", Tag: "teams", AdminOnly: true,
			Summary: "Create a team", Request: typeOf[switchboard.TeamInput](), Response: typeOf[switchboard.Team](),
			Status: http.StatusCreated, handler: s.createTeam},
		{Method: "GET", Path: "/api/v1/teams/{id}", OperationID: "getTeam", Tag: "teams",
			Summary: "Get a team", Response: typeOf[switchboard.Team](), handler: s.getTeam},
		{Method: "PATCH", Path: "/api/v1/teams/{id}", OperationID: "updateTeam", Tag: "teams", AdminOnly: true,
			Summary:     "Change a team",
			Description: "Fields left out are kept; agent_ids, when given, replaces the membership.",
			Request:     typeOf[switchboard.TeamInput](), Response: typeOf[switchboard.Team](), handler: s.updateTeam},
		{Method: "DELETE", Path: "/api/v1/teams/{id}", OperationID: "deleteTeam", Tag: "teams", AdminOnly: true,
			Summary: "Delete a team", handler: s.deleteTeam},
	}
}

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request) error {
	teams, err := s.Teams.FindTeams(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(teams))
}

func (s *Server) createTeam(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.TeamInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.Teams.CreateTeam(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, t)
}

func (s *Server) getTeam(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Team")
	if err != nil {
		return err
	}
	t, err := s.Teams.FindTeamByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *Server) updateTeam(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Team")
	if err != nil {
		return err
	}
	var in switchboard.TeamInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.Teams.UpdateTeam(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *Server) deleteTeam(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Team")
	if err != nil {
		return err
	}
	if err := s.Teams.DeleteTeam(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
