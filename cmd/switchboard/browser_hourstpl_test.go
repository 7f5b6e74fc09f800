//go:build ui

package main

import (
	"fmt"
	"net/http"
	"testing"
)

// TestBrowserHoursTemplates: on a WhatsApp inbox, Hours & auto-replies offers per reply a template
// for a closed window (approved ones without parameters only); the admin chooses one for the
// welcome and saves. A customer writes: the thread shows the welcome signed "Auto-reply · Welcome
// message". (A web chat inbox, without templates, offers no picker: TestBrowserInboxHours.)
func TestBrowserHoursTemplates(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
				"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			emu, api := whatsAppEmulator(t)
			path := whatsAppInbox(a, emu, api)
			thanksTemplate(t, a, emu, path)

			ada.viewport(1440, 900)
			ada.open("/settings/inboxes")
			settingsOpen(ada, ".row-actions button", "Hours & auto-replies")
			ada.wait("the template choices", `document.querySelectorAll('[data-testid="hours-template-welcome"] option').length === 2`)
			if got := eval[string](ada, `[...document.querySelectorAll('[data-testid="hours-template-welcome"] option')].map((o) => o.value).join(",")`); got != ",thanks_writing|en_US" {
				t.Errorf("template choices %q; want none and thanks_writing only", got)
			}
			ada.shot("hours-templates")
			ada.audit("hours templates")
			settingsChoose(ada, `[data-testid="hours-welcome"]`, "Welcome!")
			settingsChoose(ada, `[data-testid="hours-template-welcome"]`, "thanks_writing|en_US")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			var got struct {
				Welcome   string
				Templates map[string]struct{ Name, Language string }
			}
			a.do("GET", path+"/hours", nil, 200, &got)
			if got.Welcome != "Welcome!" || got.Templates["welcome"].Name != "thanks_writing" || got.Templates["welcome"].Language != "en_US" || len(got.Templates) != 1 {
				t.Fatalf("saved %+v", got)
			}

			if status, err := emu.Deliver(emu.Customer("Bruno", "393331234567", obj{"id": "wamid.IN1", "type": "text", "text": obj{"body": "ciao"}})); err != nil || status != http.StatusOK {
				t.Fatalf("webhook answered %d, %v", status, err)
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) != 1 {
				t.Fatalf("conversations %v", list.Items)
			}
			ada.open(fmt.Sprintf("/inbox/%v?view=all", list.Items[0]["id"]))
			ada.waitText(".bubble.out .bubble-author", "Auto-reply · Welcome message")
			ada.shot("auto-reply-author")
		})
	}
}
