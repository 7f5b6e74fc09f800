package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestTwoNodes runs two `switchboard serve` processes against one PostgreSQL database and shows
// they behave as one system: a reply posted on node A reaches an agent's WebSocket on node B, and
// an agent who connects to node B comes online in the stream of an agent on node A.
func TestTwoNodes(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		if e.Name != "postgres" {
			continue // several nodes need a shared PostgreSQL; SQLite serves one node
		}
		_, url := e.Open(t, sqltest.Options{})
		key := base64.StdEncoding.EncodeToString(sqltest.Key)
		node := func() *app {
			return start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(),
				"SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_SECRET_KEY": key})
		}
		a, b := node(), node()

		a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
		var tok struct{ Secret string }
		a.do("POST", "/api/v1/auth/tokens", obj{"name": "nodes"}, 201, &tok)
		a.token, b.token = tok.Secret, tok.Secret
		var inbox, contact obj
		a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Bot"}, 201, &inbox)
		a.do("POST", "/api/v1/contacts", obj{"name": "Carla", "identities": []obj{{"kind": "api", "external_id": "c-1"}}}, 201, &contact)
		var started struct{ Conversation obj }
		a.do("POST", "/api/v1/conversations", obj{"inbox_id": inbox["id"], "contact_id": contact["id"], "text": "hi"}, 201, &started)

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		dial := func(n *app, token string) *websocket.Conn {
			ws, _, err := websocket.Dial(ctx, strings.Replace(n.base, "http", "ws", 1)+"/api/v1/ws",
				&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + token}}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ws.CloseNow() })
			return ws
		}
		next := func(ws *websocket.Conn, ok func(*switchboard.Event) bool) {
			for {
				var ev switchboard.Event
				if err := wsjson.Read(ctx, ws, &ev); err != nil {
					t.Fatalf("stream: %v", err)
				}
				if ok(&ev) {
					return
				}
			}
		}

		// Presence is shared: Ada, connected to node A, sees Bruno come online on node B.
		var bruno obj
		a.do("POST", "/api/v1/agents", obj{"name": "Bruno", "email": "bruno@example.com", "password": "another long one"}, 201, &bruno)
		jar, _ := cookiejar.New(nil)
		login := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
		login.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "another long one"}, 200, nil)
		var brunoTok struct{ Secret string }
		login.do("POST", "/api/v1/auth/tokens", obj{"name": "bruno"}, 201, &brunoTok)
		onA := dial(a, tok.Secret)
		dial(b, brunoTok.Secret)
		next(onA, func(ev *switchboard.Event) bool {
			return ev.Type == switchboard.EventAgentPresence && strings.Contains(string(ev.Data), fmt.Sprintf(`"id":%v,"presence":"online"`, bruno["id"]))
		})
		ws := dial(b, tok.Secret)

		sent := time.Now()
		a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/messages", started.Conversation["id"]), obj{"text": "from node A"}, 201, nil)
		next(ws, func(ev *switchboard.Event) bool {
			return ev.Type == switchboard.EventMessageCreated && strings.Contains(string(ev.Data), "from node A")
		})
		t.Logf("node A commit → node B frame: %v", time.Since(sent))
	}
}
