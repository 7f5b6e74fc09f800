package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// ruleOrder is the body of POST /api/v1/rules/order.
type ruleOrder struct {
	IDs []int64 `json:"ids"`
}

// ruleBody is a rule as a client sends it: the input, and the read-only fields of a rule it read
// (id, position, created_at, …), which are ignored, so a client may send back what it got.
type ruleBody struct {
	switchboard.RuleInput
	ID        json.RawMessage `json:"id"`
	Position  json.RawMessage `json:"position"`
	CreatedAt json.RawMessage `json:"created_at"`
	UpdatedAt json.RawMessage `json:"updated_at"`
	LastRunAt json.RawMessage `json:"last_run_at"`
	Runs      json.RawMessage `json:"runs"`
}

// ruleRoutes manage the rules engine's rules: admins change them, supervisors may read them
// (the store answers 403 to agents).
func (s *Server) ruleRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/rules", OperationID: "listRules", Tag: "rules",
			Summary: "List rules in the order they run", Response: typeOf[list[*switchboard.Rule]](), handler: s.listRules},
		{Method: "POST", Path: "/api/v1/rules", OperationID: "createRule", Tag: "rules", AdminOnly: true,
			Summary:     "Create a rule",
			Description: "Appends the rule after the others. A name taken (case-insensitively) is 409 with field name; problems are 422 with a field per problem (then.1.agent_id).",
			Request:     typeOf[switchboard.RuleInput](), Response: typeOf[switchboard.Rule](), Status: http.StatusCreated, handler: s.createRule},
		{Method: "GET", Path: "/api/v1/rules/{id}", OperationID: "getRule", Tag: "rules",
			Summary: "Get a rule", Response: typeOf[switchboard.Rule](), handler: s.getRule},
		{Method: "PUT", Path: "/api/v1/rules/{id}", OperationID: "updateRule", Tag: "rules", AdminOnly: true,
			Summary: "Replace a rule's name, enabled, stop_processing, when, if and then",
			Request: typeOf[switchboard.RuleInput](), Response: typeOf[switchboard.Rule](), handler: s.updateRule},
		{Method: "DELETE", Path: "/api/v1/rules/{id}", OperationID: "deleteRule", Tag: "rules", AdminOnly: true,
			Summary: "Delete a rule and its run log", handler: s.deleteRule},
		{Method: "POST", Path: "/api/v1/rules/order", OperationID: "orderRules", Tag: "rules", AdminOnly: true,
			Summary: "Set the order rules run in", Description: "ids names every rule exactly once, first to last.",
			Request: typeOf[ruleOrder](), Response: typeOf[list[*switchboard.Rule]](), handler: s.orderRules},
		{Method: "POST", Path: "/api/v1/rules/dry-run", OperationID: "dryRunRule", Tag: "rules", AdminOnly: true,
			Summary: "Which recent triggers an unsaved rule would have matched",
			Description: "Evaluates the rule (its id is ignored) against the newest 200 triggering events of the last 7 days " +
				"(for time triggers, the conversations whose timer would have fired), with conversations as they are now. Does nothing.",
			Request: typeOf[switchboard.RuleInput](), Response: typeOf[switchboard.RuleDryRun](), handler: s.dryRunRule},
		{Method: "GET", Path: "/api/v1/rules/{id}/runs", OperationID: "listRuleRuns", Tag: "rules",
			Summary: "List a rule's runs, newest first",
			Query: []Param{
				{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
			},
			Response: typeOf[switchboard.RuleRunPage](), handler: s.listRuleRuns},
	}
}

func (s *Server) rules() error {
	if s.Rules == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no rules engine.")
	}
	return nil
}

func (s *Server) listRules(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	rules, err := s.Rules.FindRules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(rules))
}

func (s *Server) createRule(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	var body ruleBody
	if err := decode(r, &body); err != nil {
		return err
	}
	in := body.RuleInput
	rule, err := s.Rules.CreateRule(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rule)
}

func (s *Server) getRule(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	id, err := pathID(r, "id", "Rule")
	if err != nil {
		return err
	}
	rule, err := s.Rules.FindRuleByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rule)
}

func (s *Server) updateRule(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	id, err := pathID(r, "id", "Rule")
	if err != nil {
		return err
	}
	var body ruleBody
	if err := decode(r, &body); err != nil {
		return err
	}
	in := body.RuleInput
	rule, err := s.Rules.UpdateRule(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rule)
}

func (s *Server) deleteRule(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	id, err := pathID(r, "id", "Rule")
	if err != nil {
		return err
	}
	if err := s.Rules.DeleteRule(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) orderRules(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	var in ruleOrder
	if err := decode(r, &in); err != nil {
		return err
	}
	rules, err := s.Rules.OrderRules(r.Context(), in.IDs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(rules))
}

func (s *Server) dryRunRule(w http.ResponseWriter, r *http.Request) error {
	if s.RuleDryRun == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no rules engine.")
	}
	var body ruleBody
	if err := decode(r, &body); err != nil {
		return err
	}
	in := body.RuleInput
	out, err := s.RuleDryRun.DryRunRule(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) listRuleRuns(w http.ResponseWriter, r *http.Request) error {
	if err := s.rules(); err != nil {
		return err
	}
	id, err := pathID(r, "id", "Rule")
	if err != nil {
		return err
	}
	q := newQuery(r)
	cursor, limit := q.str("cursor"), q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.Rules.FindRuleRuns(r.Context(), id, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
