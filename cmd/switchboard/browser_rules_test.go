//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserRules: an admin writes a rule in Settings › Rules' builder (when the label "vip" is
// added, if the channel is WhatsApp, then assign Xena and add a note), sees the server's error
// beside the empty note, tests the unsaved rule on the recent conversations (it finds the one
// labelled before), saves it, and the list says its trigger in words. A label "vip" added to
// another WhatsApp conversation then shows, in its thread, the assignment credited to the rule
// and the note; the rule's run log shows that one applied run. On SQLite and PostgreSQL; the
// SQLite run also takes the screenshots of the list and the builder (1440, 1024 and 390 px, light
// and dark) when SWITCHBOARD_SCREENSHOTS names a folder.
func TestBrowserRules(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
				"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			emu, api := whatsAppEmulator(t)
			ada := session(t, a.base)
			ada.firstRun(a, nil)

			var inbox, xena obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WhatsApp", "settings": obj{"phone_number_id": emu.PhoneNumberID,
				"api_base_url": api}, "secrets": obj{"access_token": emu.Token, "app_secret": emu.AppSecret}}, 201, &inbox)
			emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
			a.do("POST", "/api/v1/agents", obj{"name": "Xena Agent", "email": "xena@example.com", "password": "a long password"}, 201, &xena)
			a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/members", inbox["id"]), obj{"agent_ids": []any{xena["id"]}, "team_ids": []any{}}, 200, nil)
			a.do("POST", "/api/v1/labels", obj{"name": "vip", "color": "#d1242f"}, 201, nil)
			a.do("POST", "/api/v1/labels", obj{"name": "billing", "color": "#1f6feb"}, 201, nil)
			customer := func(name, phone, id, text string) obj {
				if status, err := emu.Deliver(emu.Customer(name, phone, obj{"id": id, "type": "text", "text": obj{"body": text}})); err != nil || status != 200 {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
				return settingsFind(a, "/api/v1/conversations?view=all", "contact_name", name)
			}
			// Ana was labelled before the rule existed: only the test finds her.
			ana := customer("Ana Lima", "5511999990000", "wamid.A1", "Where is my order?")
			a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/labels", ana["id"]), obj{"labels": []string{"vip"}}, 200, nil)
			bruno := customer("Bruno Rossi", "393331234567", "wamid.B1", "Ciao, I need an invoice")

			ada.open("/settings/rules")
			ada.waitText(".empty", "No rules yet")
			ada.click(".toolbar button", "Add rule")
			ada.wait("the builder", `!!document.querySelector('[data-testid="rule-builder"]')`)
			ada.typeIn(`[data-testid="rule-name"]`, "VIP to Xena")
			settingsChoose(ada, `[data-testid="rule-event"]`, "label_added")
			settingsChoose(ada, `[data-testid="rule-when-label"]`, "vip")
			ada.click(".rule-part button", "Add condition")
			ada.wait("a condition", `!!document.querySelector('[data-testid="rule-condition"] select[aria-label="Value"]')`)
			if ops := eval[string](ada, `[...document.querySelectorAll('[data-testid="rule-condition"] select[aria-label="Comparison"] option')].map(o => o.value).join(",")`); ops != "is,is_not" {
				t.Errorf("the channel's comparisons are %s", ops)
			}
			settingsChoose(ada, `[data-testid="rule-condition"] select[aria-label="Value"]`, "whatsapp")
			ada.waitText(`[data-testid="rule-condition"] .rule-chip`, "WhatsApp")
			settingsChoose(ada, `[data-testid="rule-action-type"]`, "assign_agent")
			settingsChoose(ada, `[data-testid="rule-agent_id"]`, fmt.Sprint(xena["id"]))
			ada.click(".rule-part button", "Add action")
			settingsChoose(ada, `[data-testid="rule-action"]:nth-child(2) [data-testid="rule-action-type"]`, "add_note")
			// Saved without the note's text, the server's problem shows beside the note.
			ada.click(".modal button.primary", "Save")
			ada.waitText(`[data-testid="rule-action"]:nth-child(2) .rule-field-text .field-error`, "Write a note")
			ada.typeIn(`[data-testid="rule-action"]:nth-child(2) textarea`, "VIP customer: answer within the hour")
			ada.shot("builder")

			// The test of the unsaved rule finds Ana, labelled before, and says how many it examined.
			ada.click(".rule-test button", "Test on recent conversations")
			ada.waitText(`[data-testid="rule-dry-run"]`, "examined")
			ada.waitText(`[data-testid="rule-dry-run"] a`, "Ana Lima")
			if href := eval[string](ada, `document.querySelector('[data-testid="rule-dry-run"] a').getAttribute("href")`); href != fmt.Sprintf("/inbox/%v", ana["id"]) {
				t.Errorf("the match links to %s", href)
			}
			ada.shot("dry-run")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			ada.waitText(`[data-testid="rule-item"]`, "VIP to Xena")
			ada.waitText(`[data-testid="rule-item"]`, "the label “vip” is added")
			var rules struct{ Items []obj }
			a.do("GET", "/api/v1/rules", nil, 200, &rules)
			if len(rules.Items) != 1 || fmt.Sprint(rules.Items[0]["then"]) != fmt.Sprintf("[map[agent_id:%v type:assign_agent] map[text:VIP customer: answer within the hour type:add_note]]", xena["id"]) ||
				fmt.Sprint(rules.Items[0]["if"]) != "map[conditions:[map[field:channel op:is values:[whatsapp]]] match:all]" {
				t.Fatalf("saved %v", rules.Items)
			}

			// A label "vip" on Bruno's conversation: the rule assigns it to Xena and adds the note.
			ada.open(fmt.Sprintf("/inbox/%v", bruno["id"]))
			ada.waitText(".bubble.in", "I need an invoice")
			a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/labels", bruno["id"]), obj{"labels": []string{"vip"}}, 200, nil)
			ada.waitText(".milestone", "Rule “VIP to Xena” assigned the conversation to Xena Agent")
			ada.waitText(".bubble.note", "VIP customer: answer within the hour")
			ada.shot("thread")

			ada.open("/settings/rules")
			ada.click(`[data-testid="rule-item"] button`, "Run log")
			ada.waitText(`[data-testid="rule-run"] .status-badge`, "Applied")
			ada.waitText(`[data-testid="rule-run"]`, "Assign to agent")
			if n := eval[int](ada, `document.querySelectorAll('[data-testid="rule-run"]').length`); n != 1 {
				t.Errorf("%d runs in the log, want 1", n)
			}
			if href := eval[string](ada, `document.querySelector('[data-testid="rule-run"] a').getAttribute("href")`); href != fmt.Sprintf("/inbox/%v", bruno["id"]) {
				t.Errorf("the run links to %s", href)
			}
			ada.waitText(`[data-testid="rule-item"]`, "last ")
			ada.shot("run-log")

			// A second rule, from the API, appears in the open list; ↑ moves it first, its switch turns it off.
			a.do("POST", "/api/v1/rules", obj{"name": "Urgent out of hours", "when": obj{"event": "no_agent_reply", "minutes": 120},
				"if": obj{"match": "any", "conditions": []obj{{"field": "business_hours", "op": "is", "values": []string{"closed"}}},
					"groups": []obj{{"match": "all", "conditions": []obj{{"field": "labels", "op": "includes", "values": []string{"vip", "billing"}},
						{"field": "message.text", "op": "matches", "values": []string{"refund|return"}}}}}},
				"then": []obj{{"type": "set_priority", "priority": "urgent"}, {"type": "notify_agents", "agent_ids": []any{xena["id"]}, "text": "Nobody answered for two hours"},
					{"type": "snooze", "minutes": 90}}}, 201, nil)
			ada.waitText(`[data-testid="rule-item"]`, "Urgent out of hours") // live, from rule.changed
			ada.click(`button[aria-label="Move up: Urgent out of hours"]`, "")
			ada.waitText(`[data-testid="rule-item"]:first-child`, "Urgent out of hours")
			ada.click(`input[aria-label="Enabled: Urgent out of hours"]`, "")
			ada.waitText(`[data-testid="rule-item"]:first-child .rule-switch`, "Off")
			a.do("GET", "/api/v1/rules", nil, 200, &rules)
			if len(rules.Items) != 2 || rules.Items[0]["name"] != "Urgent out of hours" || rules.Items[0]["enabled"] != false || rules.Items[1]["enabled"] != true {
				t.Errorf("after moving and switching off: %v", rules.Items)
			}

			if e == "sqlite" {
				rulesScreenshots(t, ada)
			}
		})
	}
}

// rulesScreenshots takes the list and the second rule's builder at 1440, 1024 and 390 px, light
// and dark, checking that nothing is wider than the screen.
func rulesScreenshots(t *testing.T, ada *tab) {
	t.Helper()
	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, w := range []int64{1440, 1024, 390} {
			ada.viewport(w, 900)
			ada.open("/settings/rules")
			ada.waitText(`[data-testid="rule-item"]`, "Urgent out of hours")
			ada.shot(fmt.Sprintf("list-%d-%s", w, theme))
			if w == 1440 && theme == "light" {
				ada.audit("rules list")
			}
			ada.click(`[data-testid="rule-item"]:first-child button`, "Edit")
			ada.wait("the builder", `!!document.querySelector('[data-testid="rule-group"]')`)
			if over := eval[string](ada, `[...document.querySelectorAll(".modal *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + "." + e.className).slice(0, 5).join(" ")`); over != "" {
				t.Errorf("at %d px the builder overflows the screen: %s", w, over)
			}
			ada.shot(fmt.Sprintf("builder-%d-%s", w, theme))
			if w == 1440 && theme == "light" {
				ada.audit("rule builder")
			}
			ada.click(".modal button", "Cancel")
			ada.gone(".modal", "")
		}
	}
	eval[bool](ada, `(localStorage.removeItem("switchboard.theme"), true)`)
}
