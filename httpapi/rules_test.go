package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestRulesAPI: admins create a rule, read it back and PUT back what they read (its read-only
// fields ignored); problems name their paths; a taken name is 409; the order is set in one call.
func TestRulesAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin := w.admin.on(t)
		body := map[string]any{"name": "VIP", "when": map[string]any{"event": "label_added", "label": "vip"},
			"if":   map[string]any{"match": "any", "conditions": []map[string]any{{"field": "message.text", "op": "contains", "values": []string{"refund"}}}},
			"then": []map[string]any{{"type": "add_note", "text": "VIP"}}}
		var r switchboard.Rule
		admin.do("POST", "/api/v1/rules", body).want(http.StatusCreated).into(&r)
		if !r.Enabled || r.Position != 1 || r.If == nil || r.If.Match != "any" || len(r.Then) != 1 {
			t.Fatalf("created %+v", r)
		}
		path := fmt.Sprintf("/api/v1/rules/%d", r.ID)
		var got map[string]any
		admin.do("GET", path, nil).want(http.StatusOK).into(&got)
		got["stop_processing"] = true
		var up switchboard.Rule
		admin.do("PUT", path, got).want(http.StatusOK).into(&up)
		if !up.StopProcessing || up.ID != r.ID {
			t.Errorf("updated %+v", up)
		}
		bad := map[string]any{"name": "Bad", "when": map[string]any{"event": "no_agent_reply"},
			"then": []map[string]any{{"type": "add_note", "text": "x"}, {"type": "assign_agent"}, {"type": "apply_sla"}}}
		// EINVALID is 400 throughout the API (the contract's 422 is the house's 400).
		e := admin.do("POST", "/api/v1/rules", bad).wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, f := range []string{"when.minutes", "then.1.agent_id", "then.2.sla_policy_id"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("no problem named %s: %v", f, e.Error.Fields)
			}
		}
		body["name"] = "vip"
		admin.do("POST", "/api/v1/rules", body).wantError(http.StatusConflict, switchboard.ECONFLICT)
		body["name"] = "Second"
		var second switchboard.Rule
		admin.do("POST", "/api/v1/rules", body).want(http.StatusCreated).into(&second)
		var order struct{ Items []switchboard.Rule }
		admin.do("POST", "/api/v1/rules/order", map[string]any{"ids": []int64{second.ID, r.ID}}).want(http.StatusOK).into(&order)
		if len(order.Items) != 2 || order.Items[0].ID != second.ID {
			t.Errorf("order %+v", order.Items)
		}
		admin.do("POST", "/api/v1/rules/order", map[string]any{"ids": []int64{second.ID}}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		var runs switchboard.RuleRunPage
		admin.do("GET", path+"/runs", nil).want(http.StatusOK).into(&runs)
		if len(runs.Items) != 0 {
			t.Errorf("runs %+v", runs)
		}
		admin.do("DELETE", path, nil).want(http.StatusNoContent)
		admin.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
	})
}
