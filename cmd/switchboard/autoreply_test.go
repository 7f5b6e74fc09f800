package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAutoRepliesOverWebhooks: an SMS inbox closed all week (hours with no opening) with a
// welcome and an out-of-hours reply. A customer's first text, then four more posted at once, then
// all of them replayed, get the welcome and exactly one out-of-hours reply, each sent to Twilio
// once by the delivery job, the welcome first (the second reply's delivery is queued only once the
// first is sent, whatever the machine's load). With the inbox always open, a new customer gets the
// welcome only.
func TestAutoRepliesOverWebhooks(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := twilioEmulator(t)
			const number, ana, bea = "+15550001111", "+15550003333", "+15550004444"
			hook := twilioInbox(a, emu, "sms", number)
			hours := strings.TrimSuffix(hook, "/webhook")[len(a.base):] + "/hours"
			closed := obj{"time_zone": "UTC", "week": [][]obj{{}, {}, {}, {}, {}, {}, {}}}
			a.do("PUT", hours, obj{"hours": closed, "welcome": "Welcome!", "out_of_hours": "We are closed."}, 200, nil)

			post := func(form map[string][]string) {
				if status, _, err := emu.Post(hook, form); err != nil || status != 200 {
					t.Errorf("webhook answered %d, %v", status, err)
				}
			}
			sentTo := func(to string) []string {
				var out []string
				for _, m := range emu.Sent() {
					if m.Form.Get("To") == to {
						out = append(out, m.Form.Get("Body"))
					}
				}
				return out
			}
			// Each reply goes exactly once, in order.
			waitSent := func(to string, want ...string) {
				t.Helper()
				deadline := time.Now().Add(20 * time.Second)
				for strings.Join(sentTo(to), "|") != strings.Join(want, "|") {
					if time.Now().After(deadline) {
						t.Fatalf("sent to %s: %q, want %q", to, sentTo(to), want)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}

			first := emu.Incoming(ana, number, "Hello?")
			post(first)
			forms := []map[string][]string{first}
			for range 4 {
				forms = append(forms, emu.Incoming(ana, number, "Anyone there?"))
			}
			for _, round := range [][]map[string][]string{forms[1:], forms} { // at once, then all replayed
				var wg sync.WaitGroup
				for _, f := range round {
					wg.Add(1)
					go func() { defer wg.Done(); post(f) }()
				}
				wg.Wait()
			}
			waitSent(ana, "Welcome!", "We are closed.")
			waitJobsIdle(t, a, switchboard.JobDeliverMessage) // every reply queued has gone: nothing more follows
			waitSent(ana, "Welcome!", "We are closed.")

			days := [][]obj{}
			for range 7 {
				days = append(days, []obj{{"start": "00:00", "end": "24:00"}})
			}
			open := obj{"time_zone": "UTC", "week": days}
			a.do("PUT", hours, obj{"hours": open, "welcome": "Welcome!", "out_of_hours": "We are closed."}, 200, nil)
			post(emu.Incoming(bea, number, "Hi"))
			waitSent(bea, "Welcome!")
		})
	}
}
