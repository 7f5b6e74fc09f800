package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestSnoozeWakes checks both ways a snoozed conversation reopens, through the running server:
// at its time, by the wake-up job, and at once when the customer writes, which cancels the job.
func TestSnoozeWakes(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM"}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			var rec struct{ Conversation obj }
			a.do("POST", inboxPath+"/messages", obj{"from": "c-1", "contact_name": "Dora", "provider_id": "in-1", "text": "Hi"}, 201, &rec)
			conv := fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])
			status := func() string {
				var c obj
				a.do("GET", conv, nil, 200, &c)
				return c["status"].(string)
			}
			waitStatus := func(want string) {
				t.Helper()
				deadline := time.Now().Add(20 * time.Second)
				for status() != want {
					if time.Now().After(deadline) {
						t.Fatalf("the conversation is %s, want %s", status(), want)
					}
					time.Sleep(25 * time.Millisecond) // polling the API as a client would
				}
			}

			at := time.Now().Add(time.Second)
			a.do("POST", conv+"/snooze", obj{"until": at}, 200, nil)
			if s := status(); s != "snoozed" {
				t.Fatalf("status %s after snoozing", s)
			}
			waitStatus("open")
			if time.Now().Before(at) {
				t.Errorf("woke before its time %v", at)
			}

			a.do("POST", conv+"/snooze", obj{"preset": "tomorrow"}, 200, nil)
			a.do("POST", inboxPath+"/messages", obj{"from": "c-1", "provider_id": "in-2", "text": "Still there?"}, 201, nil)
			if s := status(); s != "open" {
				t.Errorf("status %s after the customer wrote, want open at once", s)
			}
			var cancelled struct{ Items []obj }
			a.do("GET", "/api/v1/jobs?state=cancelled", nil, 200, &cancelled)
			if len(cancelled.Items) != 1 || cancelled.Items[0]["kind"] != "wake_conversation" {
				t.Errorf("cancelled jobs %v, want the wake-up of tomorrow", cancelled.Items)
			}
		})
	}
}
