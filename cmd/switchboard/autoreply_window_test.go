package main

import (
	"strconv"
	"testing"
	"time"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAutoReplyLateWindow: a WhatsApp inbox with a welcome and a template chosen for it. A
// customer's message whose 24-hour window had already closed when it arrived (sent 25 hours ago)
// gets the welcome as that template, through the emulator; a fresh one gets it as text. With no
// template chosen, a late message gets no welcome at all, and its thread says why.
func TestAutoReplyLateWindow(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			a := w.a
			thanksTemplate(t, a, w.emu, w.inbox)
			hours := w.inbox + "/hours"
			// A template with parameters cannot be chosen: nothing would fill them in.
			a.do("PUT", hours, obj{"welcome": "Welcome!", "templates": obj{"welcome": obj{"name": "order_update", "language": "en_US"}}}, 400, nil)
			a.do("PUT", hours, obj{"welcome": "Welcome!", "templates": obj{"welcome": obj{"name": "thanks_writing", "language": "en_US"}}}, 200, nil)

			old := strconv.FormatInt(time.Now().Add(-25*time.Hour).Unix(), 10)
			w.customerWrites(t, "Bruno", "393331234567", obj{"id": "wamid.OLD1", "type": "text", "timestamp": old, "text": obj{"body": "ciao"}})
			s := w.waitSent(t, 1)[0]
			if tpl, _ := s.Body["template"].(map[string]any); s.Type != "template" || s.To != "393331234567" || tpl["name"] != "thanks_writing" {
				t.Errorf("late welcome sent as %s to %s: %v", s.Type, s.To, s.Body)
			}
			w.customerWrites(t, "Carla", "393330000002", obj{"id": "wamid.NEW2", "type": "text", "text": obj{"body": "ciao"}})
			if s := w.waitSent(t, 2)[1]; s.Type != "text" || s.To != "393330000002" {
				t.Errorf("welcome in the window sent as %s to %s", s.Type, s.To)
			}

			a.do("PUT", hours, obj{"welcome": "Welcome!"}, 200, nil)
			conv := w.customerWrites(t, "Dino", "393330000003", obj{"id": "wamid.OLD3", "type": "text", "timestamp": old, "text": obj{"body": "ciao"}})
			var why, welcome obj
			for deadline := time.Now().Add(20 * time.Second); why == nil || welcome["status"] != "failed"; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no refusal in the thread: %v", w.thread(conv))
				}
				for _, m := range w.thread(conv) {
					if act, _ := m["activity"].(map[string]any); act != nil && act["action"] == "auto_reply_not_sent" {
						why = m
					}
					if c, _ := m["content"].(map[string]any); c != nil && c["auto_reply"] == "welcome" {
						welcome = m
					}
				}
			}
			if auto, _ := why["activity"].(map[string]any)["automation"].(map[string]any); auto["kind"] != "auto_reply" {
				t.Errorf("the refusal credits %v", why["activity"])
			}
			if welcome["error_code"] != "window_closed" || welcome["sender_name"] != "Auto-reply" {
				t.Errorf("refused welcome = %v", welcome)
			}
			if n := len(w.emu.Sent()); n != 2 {
				t.Errorf("the emulator has %d sends; want 2 (nothing to Dino)", n)
			}
		})
	}
}

// thanksTemplate adds to the emulator an approved template without parameters, thanks_writing
// (en_US), beside its two, and syncs the inbox (path) until it has the three.
func thanksTemplate(t *testing.T, a *app, emu *waemu.Server, inbox string) {
	t.Helper()
	emu.Templates = append(emu.Templates, map[string]any{"name": "thanks_writing", "language": "en_US", "category": "UTILITY",
		"status": "APPROVED", "id": "5003", "components": []map[string]any{{"type": "BODY", "text": "Thanks for writing: we answer soon."}}})
	a.do("POST", inbox+"/templates/sync", nil, 202, nil)
	var templates struct{ Items []obj }
	for deadline := time.Now().Add(20 * time.Second); len(templates.Items) < 3; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("templates synced: %v", templates.Items)
		}
		a.do("GET", inbox+"/templates", nil, 200, &templates)
	}
}
