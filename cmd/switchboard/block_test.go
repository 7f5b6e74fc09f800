package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestBlockedContactOverWebhook: an SMS customer is blocked; their next text, posted by Twilio's
// emulator to the real webhook, is stored but starts a conversation no list, unread filter or
// search shows, gets no welcome (the inbox sends one to every new conversation), and reaches no
// agent's event stream, while another customer's text, posted after it, does. Unblocking shows
// the conversation and the text, and sends nothing retroactively.
func TestBlockedContactOverWebhook(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var tok struct{ Secret string }
			a.do("POST", "/api/v1/auth/tokens", obj{"name": "stream"}, 201, &tok)
			emu := twilioEmulator(t)
			const number, bea, cid = "+15550001111", "+15550004444", "+15550005555"
			hook := twilioInbox(a, emu, "sms", number)
			days := [][]obj{}
			for range 7 {
				days = append(days, []obj{{"start": "00:00", "end": "24:00"}})
			}
			hours := strings.TrimSuffix(hook, "/webhook")[len(a.base):] + "/hours"
			a.do("PUT", hours, obj{"hours": obj{"time_zone": "UTC", "week": days}, "welcome": "Welcome!"}, 200, nil)
			post := func(from, text string) {
				t.Helper()
				if status, _, err := emu.Post(hook, emu.Incoming(from, number, text)); err != nil || status != 200 {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
			}
			sentTo := func(to string) int {
				n := 0
				for _, m := range emu.Sent() {
					if m.Form.Get("To") == to {
						n++
					}
				}
				return n
			}
			list := func(query string) []float64 {
				t.Helper()
				var page struct{ Items []obj }
				a.do("GET", "/api/v1/conversations?"+query, nil, 200, &page)
				var ids []float64
				for _, c := range page.Items {
					ids = append(ids, c["id"].(float64))
				}
				return ids
			}
			found := func(q string) int {
				t.Helper()
				var r struct{ Messages []obj }
				a.do("GET", "/api/v1/search?q="+url.QueryEscape(q), nil, 200, &r)
				return len(r.Messages)
			}

			// Bea writes and gets the welcome; her conversation is resolved; she is blocked.
			post(bea, "Hello")
			waitFor(t, "the welcome", func() bool { return sentTo(bea) == 1 })
			var contacts struct{ Items []obj }
			a.do("GET", "/api/v1/contacts?identity_kind=phone&identity="+url.QueryEscape(bea), nil, 200, &contacts)
			if len(contacts.Items) != 1 {
				t.Fatalf("contacts of %s: %v", bea, contacts.Items)
			}
			contact := fmt.Sprintf("/api/v1/contacts/%v", contacts.Items[0]["id"])
			first := list("")
			if len(first) != 1 {
				t.Fatalf("conversations = %v", first)
			}
			a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/resolve", first[0]), obj{}, 200, nil)
			var c obj
			a.do("PATCH", contact, obj{"blocked": true}, 200, &c)
			if c["blocked"] != true {
				t.Fatalf("PATCH blocked = %v", c)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			ws, _, err := websocket.Dial(ctx, strings.Replace(a.base, "http", "ws", 1)+"/api/v1/ws",
				&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + tok.Secret}}})
			if err != nil {
				t.Fatal(err)
			}
			defer ws.CloseNow()

			post(bea, "secret wombat")
			post(cid, "visible numbat")
			// The stream is in commit order: Cid's message comes after whatever Bea's raised.
			for {
				var ev switchboard.Event
				if err := wsjson.Read(ctx, ws, &ev); err != nil {
					t.Fatalf("stream: %v", err)
				}
				if strings.Contains(string(ev.Data), "wombat") || (ev.Type == switchboard.EventConversationCreated && strings.Contains(string(ev.Data), "4444")) {
					t.Errorf("the stream told an agent of the blocked contact: %s %s", ev.Type, ev.Data)
				}
				if ev.Type == switchboard.EventMessageCreated && strings.Contains(string(ev.Data), "visible numbat") {
					break
				}
			}
			all := list("")
			var hidden []float64
			hidden = list("blocked=true")
			if len(hidden) != 2 || slices.Contains(all, hidden[0]) || slices.Contains(all, hidden[1]) {
				t.Fatalf("all %v, blocked %v: want Bea's two conversations only among the blocked", all, hidden)
			}
			for _, id := range list("unread=true") {
				if slices.Contains(hidden, id) {
					t.Errorf("Bea's conversation %v is unread", id)
				}
			}
			if n := found("wombat"); n != 0 {
				t.Errorf("search finds %d hidden messages", n)
			}
			thread := a.threadOf(fmt.Sprintf("/api/v1/conversations/%v", hidden[0]))
			if !slices.ContainsFunc(thread, func(m obj) bool { return m["text"] == "secret wombat" }) {
				t.Errorf("the blocked message was not stored: %v", thread)
			}
			waitJobsIdle(t, a, switchboard.JobDeliverMessage)
			if n := sentTo(bea); n != 1 {
				t.Errorf("%d messages sent to the blocked customer, want the first welcome only", n)
			}
			if n := sentTo(cid); n != 1 {
				t.Errorf("%d messages sent to Cid, want the welcome", n)
			}

			a.do("PATCH", contact, obj{"blocked": false}, 200, nil)
			if all := list(""); !slices.Contains(all, hidden[0]) || !slices.Contains(all, hidden[1]) {
				t.Errorf("after unblocking All = %v, want %v among them", all, hidden)
			}
			if n := found("wombat"); n != 1 {
				t.Errorf("search finds %d messages after unblocking, want 1", n)
			}
			waitJobsIdle(t, a, switchboard.JobDeliverMessage)
			if n := sentTo(bea); n != 1 {
				t.Errorf("unblocking sent %d messages retroactively", n-1)
			}
		})
	}
}
