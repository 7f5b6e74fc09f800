//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserSLA: an admin creates two SLA policies in Settings › SLA policies, applies one to a
// customer's conversation from the header's More menu and sees its first response timer in the
// header and in the list row, switches to the policy whose warning comes at once and sees the
// timer turn to the warning colour, then removes the policy. At 1440 and 390 px.
func TestBrowserSLA(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)

			create := func(name, first, warn string) {
				ada.click(".settings-body button.primary", "New policy")
				ada.wait("the policy form", `!!document.querySelector('.modal input[name="first_response_minutes"]')`)
				settingsChoose(ada, `.modal input[name="name"]`, name)
				settingsChoose(ada, `.modal input[name="first_response_minutes"]`, first)
				settingsChoose(ada, `.modal input[name="warn_minutes"]`, warn)
				ada.click(`.modal label.check`, "business hours") // calendar time
				ada.click(".modal button.primary", "Create policy")
				ada.gone(".modal", "")
				ada.waitText(fmt.Sprintf(`tr[data-policy=%q]`, name), "First response: 2h")
			}
			ada.open("/settings/sla-policies")
			ada.waitText(".settings-body", "No SLA policies yet.")
			create("Gold", "120", "10")
			create("Tight", "120", "120")
			// The form refuses a policy without a target.
			ada.click(".settings-body button.primary", "New policy")
			settingsChoose(ada, `.modal input[name="name"]`, "Empty")
			ada.click(".modal button.primary", "Create policy")
			ada.waitText(".modal .field-error", "Set at least one target.")
			ada.click(".modal button", "Cancel")
			ada.gone(".modal", "")
			ada.shot("sla-settings")
			ada.audit("SLA policies")
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/sla-policies", nil, 200, &list)
			if len(list.Items) != 2 || list.Items[0]["business_hours"] != false || list.Items[0]["warn_minutes"] != float64(10) {
				t.Fatalf("policies %v", list.Items)
			}

			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM"}, 201, &inbox)
			var rec struct{ Conversation obj }
			a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"]), obj{"from": "c-1", "contact_name": "Dora", "provider_id": "in-1", "text": "Where is my order?"}, 201, &rec)
			id := rec.Conversation["id"]
			header := `.thread-head .sla-timer[data-target="first_response"]`
			row := fmt.Sprintf(`.row[data-conversation="%v"] .sla-timer`, id)
			apply := func(name string) {
				ada.click(`.thread-head button[data-menu="more"]`, "")
				ada.click(".menu button", "SLA policy")
				ada.click(".sla-menu button", name)
			}
			for _, w := range []int64{1440, 390} {
				ada.viewport(w, 900)
				ada.open(fmt.Sprintf("/inbox/%v?view=all", id))
				ada.waitText(".thread-head", "Dora")
				if w == 1440 {
					apply("Gold")
					ada.waitText(header, "FRT 1h 5") // 1h 59m or 1h 58m left
					ada.waitText(row, "FRT 1h 5")    // the list row, live from the event
					ada.wait("the timer's normal colour", fmt.Sprintf(`document.querySelector(%s).className === "sla-timer ok"`, js(header)))
				}
				ada.wait("the timer in the header", fmt.Sprintf(`!!document.querySelector(%s)`, js(header)))
				ada.shot(fmt.Sprintf("sla-%d", w))
			}
			ada.viewport(1440, 900)
			apply("Tight")
			ada.wait("the warning colour", fmt.Sprintf(`document.querySelector(%s)?.className === "sla-timer warn"`, js(header)))
			ada.wait("the warning colour in the row", fmt.Sprintf(`document.querySelector(%s)?.classList.contains("warn")`, js(row)))
			ada.waitText(".messages .milestone", "Ada Admin applied the SLA policy Tight")
			var c struct {
				SLA *struct {
					PolicyName string `json:"policy_name"`
				}
			}
			a.do("GET", fmt.Sprintf("/api/v1/conversations/%v", id), nil, 200, &c)
			if c.SLA == nil || c.SLA.PolicyName != "Tight" {
				t.Fatalf("the conversation's sla %+v", c.SLA)
			}
			ada.click(`.thread-head button[data-menu="more"]`, "")
			ada.click(".menu button", "SLA policy")
			ada.click(".sla-menu button", "Remove SLA policy")
			ada.gone(".thread-head .sla-timer", "")
			ada.gone(row, "")

			// Editing and deleting in settings.
			ada.open("/settings/sla-policies")
			ada.click(`tr[data-policy="Gold"] .row-actions button`, "Edit")
			ada.wait("the edit form", `document.querySelector('.modal input[name="warn_minutes"]')?.value === "10"`)
			settingsChoose(ada, `.modal input[name="next_response_minutes"]`, "30")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			ada.waitText(`tr[data-policy="Gold"]`, "Next response: 30m")
			ada.click(`tr[data-policy="Tight"] .row-actions button`, "Delete")
			ada.click(".modal button.danger", "Delete")
			ada.gone("tr[data-policy]", "Tight")
			a.do("GET", "/api/v1/sla-policies", nil, 200, &list)
			if len(list.Items) != 1 || list.Items[0]["next_response_minutes"] != float64(30) || list.Items[0]["first_response_minutes"] != float64(120) {
				t.Errorf("policies after editing and deleting %v", list.Items)
			}
		})
	}
}
