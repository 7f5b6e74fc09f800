//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserAssignment: an admin opens an inbox's Assignment, chooses balanced assignment, a
// capacity, a larger one for one agent, the offline return and no self-assignment, saves, and
// finds them again on reopening. At 1440 and 390 px.
func TestBrowserAssignment(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			var inbox, bea obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Helpdesk"}, 201, &inbox)
			a.do("POST", "/api/v1/agents", obj{"name": "Bea", "email": "bea@example.com", "password": "a long password"}, 201, &bea)
			open := func() {
				ada.open("/settings/inboxes")
				ada.click(".row-actions button", "Assignment")
				ada.wait("the assignment form", `!!document.querySelector('[data-testid="assign-strategy"]')`)
			}
			atWidths(ada, open, "assignment", "assignment settings")
			ada.viewport(1440, 900)
			open()
			settingsChoose(ada, `[data-testid="assign-strategy"]`, "balanced")
			settingsChoose(ada, `[data-testid="assign-capacity"]`, "3")
			settingsChoose(ada, `input[aria-label="Capacity of each agent: Bea"]`, "7")
			settingsChoose(ada, `[data-testid="assign-offline"]`, "15")
			ada.click(`label.check`, "becomes its assignee")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			var s struct {
				Strategy             string
				Capacity             int
				AgentCapacity        map[string]int `json:"agent_capacity"`
				OfflineReturnMinutes int            `json:"offline_return_minutes"`
				SelfAssignOnReply    bool           `json:"self_assign_on_reply"`
			}
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/assignment", inbox["id"]), nil, 200, &s)
			if s.Strategy != "balanced" || s.Capacity != 3 || s.AgentCapacity[fmt.Sprint(bea["id"])] != 7 || len(s.AgentCapacity) != 1 ||
				s.OfflineReturnMinutes != 15 || s.SelfAssignOnReply {
				t.Fatalf("saved %+v", s)
			}
			open()
			if got := eval[string](ada, `[document.querySelector('[data-testid="assign-strategy"]').value, document.querySelector('[data-testid="assign-capacity"]').value,
				document.querySelector('input[aria-label="Capacity of each agent: Bea"]').value, document.querySelector('[data-testid="assign-offline"]').value,
				document.querySelector('label.check input').checked].join(",")`); got != "balanced,3,7,15,false" {
				t.Errorf("reopened form shows %s", got)
			}
		})
	}
}
