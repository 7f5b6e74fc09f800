package httpapi

import (
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
)

// slaRoutes manage SLA policies (admins; every agent lists them, to read their names), apply
// one to a conversation (admins and supervisors) and list the breaches (admins and supervisors).
func (s *Server) slaRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/sla-policies", OperationID: "listSLAPolicies", Tag: "sla",
			Summary: "List SLA policies", Response: typeOf[list[*switchboard.SLAPolicy]](), handler: s.listSLAPolicies},
		{Method: "POST", Path: "/api/v1/sla-policies", OperationID: "createSLAPolicy", Tag: "sla", AdminOnly: true,
			Summary: "Create an SLA policy",
			Description: "Targets in minutes (0: none; at least one): first_response_minutes (from the first customer message to the " +
				"first public agent reply), next_response_minutes (from each customer message after an agent's reply to the next " +
				"reply), resolution_minutes (from when the policy was applied to the first resolution). business_hours counts only " +
				"the inbox's opening hours. warn_minutes: how long before a breach conversation.sla_warning comes (0: none).",
			Request: typeOf[switchboard.SLAPolicy](), Response: typeOf[switchboard.SLAPolicy](), Status: http.StatusCreated, handler: s.createSLAPolicy},
		{Method: "GET", Path: "/api/v1/sla-policies/{id}", OperationID: "getSLAPolicy", Tag: "sla", AdminOnly: true,
			Summary: "Get an SLA policy", Response: typeOf[switchboard.SLAPolicy](), handler: s.getSLAPolicy},
		{Method: "PUT", Path: "/api/v1/sla-policies/{id}", OperationID: "updateSLAPolicy", Tag: "sla", AdminOnly: true,
			Summary: "Replace an SLA policy", Description: "Timers already running keep their times; targets started from now on use the new values.",
			Request: typeOf[switchboard.SLAPolicy](), Response: typeOf[switchboard.SLAPolicy](), handler: s.updateSLAPolicy},
		{Method: "DELETE", Path: "/api/v1/sla-policies/{id}", OperationID: "deleteSLAPolicy", Tag: "sla", AdminOnly: true,
			Summary: "Delete an SLA policy", Description: "Its conversations lose it and its timers; recorded breaches stay.", handler: s.deleteSLAPolicy},
		{Method: "PUT", Path: "/api/v1/conversations/{id}/sla", OperationID: "setConversationSLA", Tag: "sla",
			Summary: "Apply an SLA policy to a conversation, or remove it",
			Description: "Admins and supervisors. {\"policy_id\": N} applies a policy (replacing any, its timers started anew from " +
				"the conversation's history); {\"policy_id\": null} removes it.",
			Request: typeOf[slaChoice](), Response: typeOf[switchboard.Conversation](), handler: s.setConversationSLA},
		{Method: "GET", Path: "/api/v1/sla-breaches", OperationID: "listSLABreaches", Tag: "sla",
			Summary: "List SLA breaches, oldest first", Description: "Admins and supervisors: every missed target, for reports.",
			Query: []Param{
				{Name: "since", Type: "date-time", Description: "Breaches at or after this time (default: all)."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 1000 (default 1000)."},
			},
			Response: typeOf[list[*switchboard.SLABreach]](), handler: s.listSLABreaches},
	}
}

// slaChoice is the body of PUT /conversations/{id}/sla.
type slaChoice struct {
	PolicyID *int64 `json:"policy_id"`
}

func (s *Server) slaService() (switchboard.SLAService, error) {
	if s.SLA == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no SLA policies.")
	}
	return s.SLA, nil
}

// slaTarget returns the service and the id of the path's {id}, a what.
func (s *Server) slaTarget(r *http.Request, what string) (switchboard.SLAService, int64, error) {
	svc, err := s.slaService()
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, "id", what)
	return svc, id, err
}

func (s *Server) listSLAPolicies(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.slaService()
	if err != nil {
		return err
	}
	out, err := svc.SLAPolicies(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(out))
}

// saveSLAPolicy decodes a policy and saves it with save, answering status.
func (s *Server) saveSLAPolicy(w http.ResponseWriter, r *http.Request, status int, save func(switchboard.SLAService, *switchboard.SLAPolicy) (*switchboard.SLAPolicy, error)) error {
	svc, err := s.slaService()
	if err != nil {
		return err
	}
	var in switchboard.SLAPolicy
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := save(svc, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, status, out)
}

func (s *Server) createSLAPolicy(w http.ResponseWriter, r *http.Request) error {
	return s.saveSLAPolicy(w, r, http.StatusCreated, func(svc switchboard.SLAService, p *switchboard.SLAPolicy) (*switchboard.SLAPolicy, error) {
		return svc.CreateSLAPolicy(r.Context(), p)
	})
}

func (s *Server) updateSLAPolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "SLA policy")
	if err != nil {
		return err
	}
	return s.saveSLAPolicy(w, r, http.StatusOK, func(svc switchboard.SLAService, p *switchboard.SLAPolicy) (*switchboard.SLAPolicy, error) {
		return svc.UpdateSLAPolicy(r.Context(), id, p)
	})
}

func (s *Server) getSLAPolicy(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.slaTarget(r, "SLA policy")
	if err != nil {
		return err
	}
	out, err := svc.SLAPolicy(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) deleteSLAPolicy(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.slaTarget(r, "SLA policy")
	if err != nil {
		return err
	}
	if err := svc.DeleteSLAPolicy(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) setConversationSLA(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.slaTarget(r, "Conversation")
	if err != nil {
		return err
	}
	var in slaChoice
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := svc.ApplySLA(r.Context(), id, in.PolicyID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) listSLABreaches(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.slaService()
	if err != nil {
		return err
	}
	q := newQuery(r)
	since, limit := q.time("since"), q.integer("limit")
	q.val.Check(limit >= 0 && limit <= 1000, "limit", "Use 1 to 1000.")
	if err := q.err(); err != nil {
		return err
	}
	var from time.Time
	if since != nil {
		from = *since
	}
	out, err := svc.SLABreaches(r.Context(), from, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(out))
}
