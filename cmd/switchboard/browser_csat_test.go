//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestBrowserCSAT: an admin opens an SMS inbox's CSAT screen, turns the survey on with a
// question and a thank-you text, saves, and finds them again on reopening. A customer's
// conversation resolved gets the text survey; their "4" is the answer: the thread shows it marked,
// with the csat milestone credited to the survey, and the contact pane shows the rating.
func TestBrowserCSAT(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
				"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			emu := twilioEmulator(t)
			const number, ana = "+15550001111", "+15550003333"
			hook := twilioInbox(a, emu, "sms", number)
			inbox := strings.TrimSuffix(hook, "/webhook")[len(a.base):]
			open := func() {
				ada.open("/settings/inboxes")
				ada.click(".row-actions button", "CSAT")
				ada.wait("the survey form", `!!document.querySelector('[data-testid="csat-scale"]')`)
			}
			for _, w := range []int64{1440, 390} {
				ada.viewport(w, 900)
				open()
				ada.shot(fmt.Sprintf("csat-%d", w))
				if w == 1440 {
					ada.audit("csat settings")
				}
				ada.click(".modal button", "Cancel")
				ada.gone(".modal", "")
			}
			ada.viewport(1440, 900)
			open()
			ada.click("label.check", "rate the conversation once resolved")
			settingsChoose(ada, `[data-testid="csat-question"]`, "How did we do?")
			settingsChoose(ada, `[data-testid="csat-thanks"]`, "Thanks a lot!")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			var s obj
			a.do("GET", inbox+"/csat", nil, 200, &s)
			if s["enabled"] != true || s["scale"] != "1-5" || s["question"] != "How did we do?" || s["thank_you"] != "Thanks a lot!" {
				t.Fatalf("saved %v", s)
			}
			open()
			if got := eval[string](ada, `[document.querySelector('[data-testid="csat-enabled"]').checked, document.querySelector('[data-testid="csat-question"]').value,
				document.querySelector('[data-testid="csat-scale"]').value].join(",")`); got != "true,How did we do?,1-5" {
				t.Errorf("reopened form shows %s", got)
			}
			ada.click(".modal button", "Cancel")

			if status, _, err := emu.Post(hook, emu.Incoming(ana, number, "My parcel is late")); err != nil || status != 200 {
				t.Fatalf("webhook: %d %v", status, err)
			}
			conv := a.allConversations()[0]["id"]
			a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/resolve", conv), nil, 200, nil)
			waitFor(t, "the survey", func() bool {
				for _, m := range emu.Sent() {
					if strings.HasPrefix(m.Form.Get("Body"), "How did we do?") {
						return true
					}
				}
				return false
			})
			if status, _, err := emu.Post(hook, emu.Incoming(ana, number, "4")); err != nil || status != 200 {
				t.Fatalf("webhook: %d %v", status, err)
			}
			ada.open(fmt.Sprintf("/inbox/%v", conv))
			ada.waitText(".milestone", "rated the conversation 4/5")
			ada.waitText(`[data-testid="csat-answer"]`, "4/5")
			ada.waitText(".csat", "4 out of 5")
			ada.shot("csat-thread")
		})
	}
}
