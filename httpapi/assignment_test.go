package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestAssignmentSettingsAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/inboxes/%d/assignment", w.sales.ID)
		var s switchboard.AssignmentSettings
		w.admin.do("GET", path, nil).want(http.StatusOK).into(&s)
		if s.Strategy != switchboard.AssignOff || !s.SelfAssignOnReply {
			t.Errorf("default = %+v", s)
		}
		badStrategy(t, w, path)
		var ann switchboard.Agent
		w.ann.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK).into(&ann)
		w.admin.do("PUT", path, map[string]any{"strategy": "balanced", "capacity": 4, "agent_capacity": map[string]int{fmt.Sprint(ann.ID): 2},
			"offline_return_minutes": 30, "self_assign_on_reply": false}).want(http.StatusOK).into(&s)
		if s.Strategy != switchboard.AssignBalanced || s.Capacity != 4 || s.AgentCapacity[ann.ID] != 2 || s.OfflineReturnMinutes != 30 || s.SelfAssignOnReply {
			t.Errorf("saved = %+v", s)
		}
		w.admin.do("GET", fmt.Sprintf("/api/v1/inboxes/%d/assignment", 999999), nil).want(http.StatusNotFound)
	})
}

func TestTeamAssignmentSettingsAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/teams/%d/assignment", w.team.ID)
		var s switchboard.TeamAssignmentSettings
		w.admin.do("GET", path, nil).want(http.StatusOK).into(&s)
		if s.Strategy != switchboard.AssignOff || s.TeamID != w.team.ID {
			t.Errorf("default = %+v", s)
		}
		badStrategy(t, w, path)
		var bob switchboard.Agent
		w.bob.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK).into(&bob)
		w.admin.do("PUT", path, map[string]any{"strategy": "round_robin", "capacity": 3, "agent_capacity": map[string]int{fmt.Sprint(bob.ID): 5}}).
			want(http.StatusOK).into(&s)
		if s.Strategy != switchboard.AssignRoundRobin || s.Capacity != 3 || s.AgentCapacity[bob.ID] != 5 {
			t.Errorf("saved = %+v", s)
		}
		w.bob.do("GET", path, nil).want(http.StatusForbidden)
		w.admin.do("GET", "/api/v1/teams/999999/assignment", nil).want(http.StatusNotFound)
	})
}

// badStrategy checks that assignment settings (at path) with an unknown strategy and a negative
// capacity are refused, naming both fields.
func badStrategy(t *testing.T, w *world, path string) {
	t.Helper()
	e := w.admin.do("PUT", path, map[string]any{"strategy": "lottery", "capacity": -1}).wantError(http.StatusBadRequest, switchboard.EINVALID)
	if e.Error.Fields["strategy"] == "" || e.Error.Fields["capacity"] == "" {
		t.Errorf("fields = %v", e.Error.Fields)
	}
}
