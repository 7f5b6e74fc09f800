package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAutoAssignNodes delivers 200 WhatsApp webhooks at once, half to each of two nodes on one
// PostgreSQL database (one node on SQLite), to an inbox that assigns automatically, and checks
// that online members receive conversations up to their capacity and no further, that an offline
// member receives none, and that the waiting ones go out as agents come online and capacity grows.
func TestAutoAssignNodes(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			key := base64.StdEncoding.EncodeToString(sqltest.Key)
			node := func() *app {
				return start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
					"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL, "SWITCHBOARD_SECRET_KEY": key, "SWITCHBOARD_LOG_LEVEL": "warn"})
			}
			nodes := []*app{node()}
			if e.Name == "postgres" {
				nodes = append(nodes, node())
			}
			a := nodes[0]
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var tok struct{ Secret string }
			a.do("POST", "/api/v1/auth/tokens", obj{"name": "assign"}, 201, &tok)
			for _, n := range nodes {
				n.token = tok.Secret
			}
			emu := waemu.New("106540352242922", "tok", "test_app_secret")
			emu.Client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": emu.PhoneNumberID},
				"secrets": obj{"access_token": "tok", "app_secret": emu.AppSecret}}, 201, &inbox)

			// Four member agents, each with a token of their own.
			ids, tokens := map[string]any{}, map[string]string{}
			for _, name := range []string{"ann", "bob", "carl", "dan"} {
				var ag obj
				a.do("POST", "/api/v1/agents", obj{"name": name, "email": name + "@example.com", "password": "a long password"}, 201, &ag)
				ids[name] = ag["id"]
				jar, _ := cookiejar.New(nil)
				login := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
				login.do("POST", "/api/v1/auth/login", obj{"email": name + "@example.com", "password": "a long password"}, 200, nil)
				var at struct{ Secret string }
				login.do("POST", "/api/v1/auth/tokens", obj{"name": name}, 201, &at)
				tokens[name] = at.Secret
			}
			a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/members", inbox["id"]), obj{"agent_ids": []any{ids["ann"], ids["bob"], ids["carl"], ids["dan"]}}, 200, nil)
			a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/assignment", inbox["id"]), obj{"strategy": "balanced", "capacity": 60,
				"agent_capacity": obj{fmt.Sprint(ids["bob"]): 50}}, 200, nil)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			// An agent is online while a WebSocket of theirs is open, on any node.
			online := func(name string, n *app) {
				ws, _, err := websocket.Dial(ctx, strings.Replace(n.base, "http", "ws", 1)+"/api/v1/ws",
					&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + tokens[name]}}})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ws.CloseNow() })
			}
			online("ann", nodes[0])
			online("bob", nodes[len(nodes)-1])
			count := func(q string) int {
				total, cursor := 0, ""
				for {
					var page struct {
						Items      []obj
						NextCursor string `json:"next_cursor"`
					}
					a.do("GET", fmt.Sprintf("/api/v1/conversations?inbox_id=%v&status=open&limit=100&%s&cursor=%s", inbox["id"], q, url.QueryEscape(cursor)), nil, 200, &page)
					total += len(page.Items)
					if cursor = page.NextCursor; cursor == "" {
						return total
					}
				}
			}
			assigned := func(name string) int { return count(fmt.Sprintf("view=all&assignee_id=%v", ids[name])) }
			waitFor := func(what string, ok func() bool) {
				t.Helper()
				for !ok() {
					if ctx.Err() != nil {
						t.Fatalf("%s: ann %d, bob %d, carl %d, dan %d, waiting %d", what, assigned("ann"), assigned("bob"), assigned("carl"), assigned("dan"), count("view=unassigned"))
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			waitFor("ann and bob online", func() bool {
				var list struct{ Items []obj }
				a.do("GET", "/api/v1/agents", nil, 200, &list)
				n := 0
				for _, ag := range list.Items {
					if ag["presence"] == "online" {
						n++
					}
				}
				return n == 2
			})

			// 200 customers write at once, half through each node.
			emus := make([]*waemu.Server, len(nodes))
			for k, n := range nodes {
				emus[k] = waemu.New(emu.PhoneNumberID, "tok", emu.AppSecret)
				emus[k].Client = emu.Client
				emus[k].WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", n.base, inbox["id"])
			}
			var wg sync.WaitGroup
			errs := make(chan error, 200)
			for i := range 200 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					em := emus[i%len(emus)]
					body := em.Customer("Customer", fmt.Sprintf("55119%08d", i), obj{"id": fmt.Sprintf("wamid.A%08d", i), "type": "text", "text": obj{"body": "hello"}})
					status, err := em.Deliver(body)
					if err == nil && status != http.StatusOK {
						err = fmt.Errorf("status %d", status)
					}
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			waitFor("ann and bob full", func() bool { return assigned("ann") == 60 && assigned("bob") == 50 })
			waitFor("the assignment runs over", func() bool { // any run still going would show after it
				for _, state := range []string{"available", "running"} {
					var jobs struct{ Items []obj }
					a.do("GET", "/api/v1/jobs?limit=100&state="+state, nil, 200, &jobs)
					for _, j := range jobs.Items {
						if j["kind"] == "auto_assign" {
							return false
						}
					}
				}
				return true
			})
			if ann, bob, carl, dan, waiting := assigned("ann"), assigned("bob"), assigned("carl"), assigned("dan"), count("view=unassigned"); ann != 60 || bob != 50 || carl != 0 || dan != 0 || waiting != 90 {
				t.Fatalf("ann %d, bob %d, carl %d, dan %d (offline), waiting %d; want 60, 50, 0, 0, 90", ann, bob, carl, dan, waiting)
			}

			// Carl comes online (on the other node): he takes his 60; Dan stays offline.
			online("carl", nodes[len(nodes)-1])
			waitFor("carl full", func() bool { return assigned("carl") == 60 })
			// No limit any more: the last 30 go out too, to online agents only.
			a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/assignment", inbox["id"]), obj{"strategy": "balanced"}, 200, nil)
			waitFor("all assigned", func() bool { return count("view=unassigned") == 0 })
			if dan := assigned("dan"); dan != 0 {
				t.Errorf("dan, offline, has %d conversations", dan)
			}
			if total := assigned("ann") + assigned("bob") + assigned("carl"); total != 200 {
				t.Errorf("%d conversations assigned; want 200", total)
			}
		})
	}
}
