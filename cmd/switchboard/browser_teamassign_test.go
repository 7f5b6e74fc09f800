//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserTeamAssignment: an admin opens a team's Assignment (Settings › Teams), chooses
// round robin, a capacity and a larger one for one member (only members are listed), saves, and
// finds them again on reopening. At 1440 and 390 px.
func TestBrowserTeamAssignment(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			var bea, cid, team obj
			a.do("POST", "/api/v1/agents", obj{"name": "Bea", "email": "bea@example.com", "password": "a long password"}, 201, &bea)
			a.do("POST", "/api/v1/agents", obj{"name": "Cid", "email": "cid@example.com", "password": "a long password"}, 201, &cid)
			a.do("POST", "/api/v1/teams", obj{"name": "Billing", "agent_ids": []any{bea["id"]}}, 201, &team)
			open := func() {
				ada.open("/settings/teams")
				ada.click(".row-actions button", "Assignment")
				ada.wait("the team assignment form", `!!document.querySelector('[data-testid="team-assign-strategy"]')`)
			}
			atWidths(ada, open, "team-assignment", "team assignment settings")
			ada.viewport(1440, 900)
			open()
			if n := eval[int](ada, `document.querySelectorAll('.modal input[aria-label^="Capacity of each agent: "]').length`); n != 1 {
				t.Errorf("%d agents listed; want the team's one member", n)
			}
			settingsChoose(ada, `[data-testid="team-assign-strategy"]`, "round_robin")
			settingsChoose(ada, `[data-testid="team-assign-capacity"]`, "4")
			settingsChoose(ada, `input[aria-label="Capacity of each agent: Bea"]`, "9")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			var s struct {
				Strategy      string
				Capacity      int
				AgentCapacity map[string]int `json:"agent_capacity"`
			}
			a.do("GET", fmt.Sprintf("/api/v1/teams/%v/assignment", team["id"]), nil, 200, &s)
			if s.Strategy != "round_robin" || s.Capacity != 4 || s.AgentCapacity[fmt.Sprint(bea["id"])] != 9 || len(s.AgentCapacity) != 1 {
				t.Fatalf("saved %+v", s)
			}
			open()
			if got := eval[string](ada, `[document.querySelector('[data-testid="team-assign-strategy"]').value, document.querySelector('[data-testid="team-assign-capacity"]').value,
				document.querySelector('input[aria-label="Capacity of each agent: Bea"]').value].join(",")`); got != "round_robin,4,9" {
				t.Errorf("reopened form shows %s", got)
			}
		})
	}
}

// atWidths opens a settings dialog (open) at 1440 and 390 px, takes a screenshot of each
// (shot-WIDTH), audits it at 1440 (audit names it), and closes it.
func atWidths(ada *tab, open func(), shot, audit string) {
	for _, w := range []int64{1440, 390} {
		ada.viewport(w, 900)
		open()
		ada.shot(fmt.Sprintf("%s-%d", shot, w))
		if w == 1440 {
			ada.audit(audit)
		}
		ada.click(".modal button", "Cancel")
		ada.gone(".modal", "")
	}
}
