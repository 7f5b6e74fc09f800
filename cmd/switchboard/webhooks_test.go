package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestWebhooksThroughTheServer checks the binary's wiring of outgoing webhooks: the API's test
// button and a real change both reach a receiver, signed with the secret the API showed once.
func TestWebhooksThroughTheServer(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			type hit struct {
				payload switchboard.WebhookPayload
				body    []byte
				sig     string
			}
			hits := make(chan hit, 10)
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				h := hit{body: body, sig: r.Header.Get(switchboard.WebhookSignatureHeader)}
				_ = json.Unmarshal(body, &h.payload)
				hits <- h
			}))
			defer rcv.Close()
			next := func() hit {
				select {
				case h := <-hits:
					return h
				case <-time.After(20 * time.Second):
					t.Fatal("no webhook arrived")
					panic("unreachable")
				}
			}

			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var created struct {
				Webhook obj
				Secret  string
			}
			// Loopback is allowed for this test's receiver; the rest of the private networks is not.
			for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://0xa000001/", "http://[::ffff:192.168.0.1]/"} {
				a.do("POST", "/api/v1/webhooks", obj{"url": u}, 400, nil)
			}
			a.do("POST", "/api/v1/webhooks", obj{"url": rcv.URL, "events": []string{"webhook.test", "contact.created"}}, 201, &created)
			a.do("POST", "/api/v1/webhooks/"+jsonID(created.Webhook["id"])+"/test", nil, 202, nil)
			a.do("POST", "/api/v1/contacts", obj{"name": "Dora"}, 201, nil)
			// Two jobs, run in either order.
			got := map[switchboard.EventType]bool{}
			for range 2 {
				h := next()
				got[h.payload.Type] = true
				if err := switchboard.VerifyWebhookSignature(created.Secret, h.sig, h.body, time.Now(), 0); err != nil {
					t.Errorf("%s: %v", h.payload.Type, err)
				}
			}
			if !got[switchboard.EventWebhookTest] || !got[switchboard.EventContactCreated] {
				t.Errorf("received %v, want the test and contact.created", got)
			}
		})
	}
}

// jsonID renders an id decoded from JSON (a float64) for a path.
func jsonID(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
