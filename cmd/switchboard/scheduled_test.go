package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/apichannel"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestSendLater schedules two replies through the API on an API-channel inbox, cancels one, and
// checks that the integration receives the other once, at its time, and never the cancelled one.
func TestSendLater(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			ext, srv := newIntegration(t, "whsec-later")
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var inbox, contact obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": srv.URL},
				"secrets": obj{apichannel.SecretSigning: "whsec-later"}}, 201, &inbox)
			a.do("POST", "/api/v1/contacts", obj{"name": "Dora", "identities": []obj{{"kind": "api", "external_id": "d-1"}}}, 201, &contact)
			var started struct{ Conversation obj }
			a.do("POST", "/api/v1/conversations", obj{"inbox_id": inbox["id"], "contact_id": contact["id"], "text": "Hello Dora"}, 201, &started)
			<-ext.seen // the first reply, sent at once
			conv := fmt.Sprintf("/api/v1/conversations/%v", started.Conversation["id"])

			at := time.Now().Add(1500 * time.Millisecond)
			var keep, drop obj
			a.do("POST", conv+"/scheduled-messages", obj{"text": "Checking in as promised", "send_at": at}, 201, &keep)
			a.do("POST", conv+"/scheduled-messages", obj{"text": "Never sent", "send_at": at}, 201, &drop)
			a.do("POST", fmt.Sprintf("/api/v1/scheduled-messages/%v/cancel", drop["id"]), nil, 200, nil)

			select {
			case p := <-ext.seen:
				if p.Message.Text != "Checking in as promised" {
					t.Fatalf("the integration received %q", p.Message.Text)
				}
				if early := time.Until(at); early > 50*time.Millisecond {
					t.Errorf("sent %v before its time", early)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the scheduled reply never arrived")
			}
			a.waitMessage(conv, func(m obj) bool { return m["text"] == "Checking in as promised" && m["status"] == "sent" })
			var list struct{ Items []obj }
			a.do("GET", conv+"/scheduled-messages", nil, 200, &list)
			states := map[string]any{}
			for _, s := range list.Items {
				states[s["text"].(string)] = s["state"]
			}
			if states["Checking in as promised"] != "sent" || states["Never sent"] != "cancelled" {
				t.Errorf("states %v", states)
			}
			ext.mu.Lock()
			defer ext.mu.Unlock()
			if ext.posts != 2 {
				t.Errorf("the integration got %d POSTs, want 2 (the first reply and the scheduled one)", ext.posts)
			}
		})
	}
}
