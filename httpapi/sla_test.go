package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestSLAPolicyAPI: admins keep policies, agents read their names, a supervisor applies one to
// a conversation, whose JSON then shows the policy and its first response timer, and removes it.
func TestSLAPolicyAPI(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{SLA: automation.SLAPlanner{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.admin.do("POST", "/api/v1/sla-policies", map[string]any{"name": "", "first_response_minutes": 0}).want(http.StatusBadRequest)
		var p switchboard.SLAPolicy
		w.admin.do("POST", "/api/v1/sla-policies", map[string]any{"name": "Gold", "first_response_minutes": 30, "warn_minutes": 5}).
			want(http.StatusCreated).into(&p)
		w.admin.do("POST", "/api/v1/sla-policies", map[string]any{"name": "gold", "resolution_minutes": 30}).want(http.StatusConflict)
		path := fmt.Sprintf("/api/v1/sla-policies/%d", p.ID)
		w.admin.do("PUT", path, map[string]any{"name": "Gold", "first_response_minutes": 20, "resolution_minutes": 60, "warn_minutes": 5}).
			want(http.StatusOK).into(&p)
		if p.FirstResponseMinutes != 20 {
			t.Errorf("updated %+v", p)
		}
		var list struct{ Items []switchboard.SLAPolicy }
		w.ann.do("GET", "/api/v1/sla-policies", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].Name != "Gold" {
			t.Errorf("Ann reads %+v", list.Items)
		}

		conv := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)
		w.ann.do("PUT", conv+"/sla", map[string]any{"policy_id": p.ID}).want(http.StatusForbidden)
		w.super.do("PUT", conv+"/sla", map[string]any{"policy_id": 99999}).want(http.StatusBadRequest)
		var c switchboard.Conversation
		w.super.do("PUT", conv+"/sla", map[string]any{"policy_id": p.ID}).want(http.StatusOK).into(&c)
		w.ann.do("GET", conv, nil).want(http.StatusOK).into(&c)
		// (Ann started the conversation: no customer message, no first response yet.)
		if c.SLA == nil || c.SLA.PolicyName != "Gold" || len(c.SLA.Targets) != 1 || c.SLA.Targets[0].Target != switchboard.SLAResolution ||
			c.SLA.Targets[0].WarningAt == nil {
			t.Fatalf("conversation's sla %+v", c.SLA)
		}
		var page struct{ Items []switchboard.Conversation }
		w.ann.do("GET", "/api/v1/conversations?view=all", nil).want(http.StatusOK).into(&page)
		for _, it := range page.Items {
			if it.ID == c.ID && (it.SLA == nil || len(it.SLA.Targets) != 1) {
				t.Errorf("list row's sla %+v", it.SLA)
			}
		}
		w.admin.do("PUT", conv+"/sla", map[string]any{"policy_id": nil}).want(http.StatusOK).into(&c)
		if c.SLA != nil {
			t.Errorf("after removing %+v", c.SLA)
		}
		var breaches struct{ Items []switchboard.SLABreach }
		w.super.do("GET", "/api/v1/sla-breaches?since=2020-01-01T00:00:00Z", nil).want(http.StatusOK).into(&breaches)
		w.admin.do("DELETE", path, nil).want(http.StatusNoContent)
		w.admin.do("GET", path, nil).want(http.StatusNotFound)
	})
}
