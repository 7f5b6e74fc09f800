//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserInboxHours: an admin opens an inbox's Hours & auto-replies, turns business hours
// on (Monday to Friday, 09:00–18:00, offered), adds Saturday morning and a holiday, writes the
// replies, is told at its field that the time zone is unknown, fixes it and saves; the server has
// the schedule. At 1440 and 390 px.
func TestBrowserInboxHours(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shoe shop", "settings": obj{"allowed_origins": []string{"https://shoes.example.com"}}}, 201, &inbox)

			for _, w := range []int64{1440, 390} {
				ada.viewport(w, 900)
				ada.open("/settings/inboxes")
				settingsOpen(ada, ".row-actions button", "Hours & auto-replies")
				ada.click(`label.check`, "business hours")
				ada.wait("the week offered", `document.querySelectorAll('[data-testid="hours-day-monday"] input[type=time]').length === 2 && document.querySelectorAll('[data-testid="hours-day-saturday"] input[type=time]').length === 0`)
				ada.shot(fmt.Sprintf("inbox-hours-%d", w))
				if w != 390 {
					ada.audit(fmt.Sprintf("inbox hours at %d", w))
				}
				ada.click(".modal button", "Cancel")
				ada.gone(".modal", "")
			}

			ada.viewport(1440, 900)
			settingsOpen(ada, ".row-actions button", "Hours & auto-replies")
			ada.click(`label.check`, "business hours")
			settingsChoose(ada, `[data-testid="hours-zone"]`, "Mars/Olympus")
			ada.click(`[data-testid="hours-add-saturday"]`, "Add hours")
			settingsChoose(ada, `[data-testid="hours-day-saturday"] input[type=time]`, "10:00")
			settingsChoose(ada, `[data-testid="hours-day-saturday"] input[type=time]:nth-of-type(2)`, "13:00")
			ada.click(`[data-testid="hours-holiday-add"]`, "Add a holiday")
			settingsChoose(ada, `[data-testid="hours-holiday-date"]`, "2026-12-25")
			settingsChoose(ada, `[data-testid="hours-welcome"]`, "Welcome to the shoe shop!")
			settingsChoose(ada, `[data-testid="hours-out-of-hours"]`, "We are closed; back at {{opens_at}}.")
			ada.click(".modal button.primary", "Save")
			ada.waitText(".modal .field-error", "time zone")
			settingsChoose(ada, `[data-testid="hours-zone"]`, "Europe/Rome")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")

			var got struct {
				Hours *struct {
					TimeZone string `json:"time_zone"`
					Week     [7][]struct{ Start, End string }
					Holidays []struct{ Date string }
				}
				Welcome    string
				OutOfHours string `json:"out_of_hours"`
			}
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/hours", inbox["id"]), nil, 200, &got)
			if got.Hours == nil || got.Hours.TimeZone != "Europe/Rome" || len(got.Hours.Week[1]) != 1 || got.Hours.Week[1][0].Start != "09:00" ||
				len(got.Hours.Week[0]) != 0 || fmt.Sprint(got.Hours.Week[6]) != "[{10:00 13:00}]" || len(got.Hours.Holidays) != 1 ||
				got.Hours.Holidays[0].Date != "2026-12-25" || got.Welcome != "Welcome to the shoe shop!" || got.OutOfHours != "We are closed; back at {{opens_at}}." {
				t.Errorf("saved: %+v %+v", got, got.Hours)
			}
		})
	}
}
