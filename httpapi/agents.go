package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// agentRoutes manage the people who answer conversations. Every agent may list them (to assign
// and mention); admins add, change and remove them and reset their passwords, and agents may
// change their own profile.
func (s *Server) agentRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/agents", OperationID: "listAgents", Tag: "agents",
			Summary: "List agents", Response: typeOf[list[*switchboard.Agent]](), handler: s.listAgents},
		{Method: "POST", Path: "/api/v1/agents", OperationID: "createAgent", Tag: "agents", AdminOnly: true,
			Summary: "Add an agent", Request: typeOf[switchboard.AgentCreate](), Response: typeOf[switchboard.Agent](),
			Status: http.StatusCreated, handler: s.createAgent},
		{Method: "GET", Path: "/api/v1/agents/{id}", OperationID: "getAgent", Tag: "agents",
			Summary: "Get an agent", Response: typeOf[switchboard.Agent](), handler: s.getAgent},
		{Method: "PATCH", Path: "/api/v1/agents/{id}", OperationID: "updateAgent", Tag: "agents",
			Summary:     "Change an agent",
			Description: "Admins change anyone; an agent changes their own profile, but not their role or email.",
			Request:     typeOf[switchboard.AgentUpdate](), Response: typeOf[switchboard.Agent](), handler: s.updateAgent},
		{Method: "DELETE", Path: "/api/v1/agents/{id}", OperationID: "deleteAgent", Tag: "agents", AdminOnly: true,
			Summary:     "Remove an agent",
			Description: "They can no longer sign in, their sessions and tokens are revoked and their open conversations unassigned. The last admin cannot be removed.",
			handler:     s.deleteAgent},
		{Method: "PUT", Path: "/api/v1/agents/{id}/password", OperationID: "setAgentPassword", Tag: "agents",
			Summary: "Reset another agent's password",
			Description: "Admins only, with no need of the old password. Every session and API token of that agent ends. " +
				"Your own password you change with PUT /api/v1/auth/me/password, giving your current one; here it answers 403.",
			Request: typeOf[passwordRequest](), handler: s.setAgentPassword},
	}
}

// passwordRequest sets a password.
type passwordRequest struct {
	Password string `json:"password"`
}

func (s *Server) listAgents(w http.ResponseWriter, r *http.Request) error {
	agents, err := s.Agents.FindAgents(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(agents))
}

func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.AgentCreate
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.Agents.CreateAgent(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) getAgent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Agent")
	if err != nil {
		return err
	}
	a, err := s.Agents.FindAgentByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) updateAgent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Agent")
	if err != nil {
		return err
	}
	var in switchboard.AgentUpdate
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.Agents.UpdateAgent(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) deleteAgent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Agent")
	if err != nil {
		return err
	}
	if err := s.Agents.DeleteAgent(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) setAgentPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Agent")
	if err != nil {
		return err
	}
	var in passwordRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Agents.SetPassword(r.Context(), id, in.Password); err != nil {
		return err
	}
	return noContent(w)
}
