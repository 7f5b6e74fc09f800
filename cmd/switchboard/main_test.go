package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// app is a running `switchboard serve`, started through Main exactly as the binary starts.
type app struct {
	t      testing.TB
	base   string
	env    map[string]string
	client *http.Client
	token  string
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// start runs Main.Run("serve") with env until the test ends.
func start(t testing.TB, vars map[string]string) *app {
	t.Helper()
	return startMain(t, vars, &Main{})
}

// startWith is start with the client the server calls out with (nil: its own).
func startWith(t testing.TB, vars map[string]string, client *http.Client) *app {
	t.Helper()
	return startMain(t, vars, &Main{Client: client})
}

// startMain is start with a Main the test has set hooks on.
func startMain(t testing.TB, vars map[string]string, m *Main) *app {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan string, 1)
	var stderr bytes.Buffer
	m.Stdin, m.Stdout, m.Stderr, m.Getenv, m.Started = strings.NewReader(""), io.Discard, &stderr, env(vars), started
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	var addr string
	select {
	case addr = <-started:
	case err := <-done:
		t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	jar, _ := cookiejar.New(nil)
	return &app{t: t, base: "http://" + addr, env: vars, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// do sends a JSON request and decodes the JSON answer into out (if not nil), failing the test
// unless the status is want.
func (a *app) do(method, path string, body any, want int, out any) {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
}

type obj = map[string]any

// TestWalkthrough is docs/api.md as a test: with the API alone, create an admin, an agent, an
// inbox, a contact and a conversation, exchange messages, assign, label, snooze, resolve and search.
func TestWalkthrough(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})

			var health obj
			a.do("GET", "/healthz", nil, 200, &health)
			a.do("GET", "/readyz", nil, 200, nil)
			var setup obj
			a.do("GET", "/api/v1/setup", nil, 200, &setup)
			if setup["needs_setup"] != true {
				t.Fatalf("setup = %v", setup)
			}
			a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			a.do("POST", "/api/v1/setup", obj{"name": "Eve", "email": "eve@example.com", "password": "a long password"}, 409, nil)

			var tok struct{ Secret string }
			a.do("POST", "/api/v1/auth/tokens", obj{"name": "walkthrough"}, 201, &tok)
			a.token = tok.Secret
			a.client.Jar, _ = cookiejar.New(nil) // from here on, only the token

			var me, agent, inbox, contact obj
			a.do("GET", "/api/v1/auth/me", nil, 200, &me)
			a.do("POST", "/api/v1/agents", obj{"name": "Bruno", "email": "bruno@example.com", "password": "another long one", "role": "agent", "time_zone": "Europe/Rome"}, 201, &agent)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Website bot", "settings": obj{"note": "demo"}, "secrets": obj{"token": "s3cret"}}, 201, &inbox)
			if strings.Contains(fmt.Sprint(inbox), "s3cret") {
				t.Fatalf("inbox shows its secret: %v", inbox)
			}
			in := int64(inbox["id"].(float64))
			ag := int64(agent["id"].(float64))
			a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", in), obj{"agent_ids": []int64{ag}, "team_ids": []int64{}}, 200, nil)
			a.do("POST", "/api/v1/contacts", obj{"name": "Carla Rossi", "email": "carla@example.com", "identities": []obj{{"kind": "api", "external_id": "crm-42"}}}, 201, &contact)

			var started struct {
				Conversation obj
				Message      obj
			}
			a.do("POST", "/api/v1/conversations", obj{"inbox_id": in, "contact_id": contact["id"], "text": "Hello Carla, your order shipped.", "idempotency_key": "start-1"}, 201, &started)
			conv := fmt.Sprintf("/api/v1/conversations/%v", started.Conversation["id"])
			if started.Message["status"] != "pending" {
				t.Errorf("first message = %v", started.Message)
			}

			a.do("POST", fmt.Sprintf("/api/v1/inboxes/%d/messages", in), obj{"from": "crm-42", "provider_id": "crm-msg-1", "text": "Thanks! Can I get a refund for the invoice?"}, 201, nil)
			a.do("POST", fmt.Sprintf("/api/v1/inboxes/%d/messages", in), obj{"from": "crm-42", "provider_id": "crm-msg-1", "text": "Thanks! Can I get a refund for the invoice?"}, 200, nil)
			var reply1, reply2 obj
			a.do("POST", conv+"/messages", obj{"text": "Of course, I am on it.", "idempotency_key": "reply-1"}, 201, &reply1)
			a.do("POST", conv+"/messages", obj{"text": "Of course, I am on it.", "idempotency_key": "reply-1"}, 200, &reply2)
			if reply1["id"] != reply2["id"] {
				t.Errorf("a double click sent twice: %v and %v", reply1["id"], reply2["id"])
			}
			a.do("POST", conv+"/messages", obj{"note": true, "text": "Bruno, can you check the invoice?", "mentions": []int64{ag}}, 201, nil)

			a.do("POST", conv+"/assign", obj{"agent_id": ag}, 200, nil)
			a.do("POST", "/api/v1/labels", obj{"name": "refund", "color": "#d1242f"}, 201, nil)
			a.do("POST", conv+"/labels", obj{"labels": []string{"refund"}}, 200, nil)
			a.do("PATCH", conv, obj{"flagged": true, "priority": "high"}, 200, nil)
			var snoozed obj
			a.do("POST", conv+"/snooze", obj{"preset": "tomorrow"}, 200, &snoozed)
			if snoozed["status"] != "snoozed" || snoozed["snoozed_until"] == nil {
				t.Errorf("snoozed = %v", snoozed)
			}
			var resolved obj
			a.do("POST", conv+"/resolve", nil, 200, &resolved)
			if resolved["status"] != "resolved" {
				t.Errorf("resolved = %v", resolved)
			}

			var found struct {
				Messages []obj
				Contacts []obj
			}
			a.do("GET", "/api/v1/search?q=refund%20invoice", nil, 200, &found)
			if len(found.Messages) == 0 || found.Messages[0]["conversation_id"] != started.Conversation["id"] {
				t.Errorf("search = %+v", found)
			}
			var page struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all&status=resolved&label=refund&flagged=true", nil, 200, &page)
			if len(page.Items) != 1 {
				t.Errorf("list = %+v", page.Items)
			}
			var thread struct{ Items []obj }
			a.do("GET", conv+"/messages", nil, 200, &thread)
			var kinds []string
			for _, m := range thread.Items {
				kinds = append(kinds, m["kind"].(string))
			}
			want := "text text text note activity activity activity activity"
			if got := strings.Join(kinds, " "); got != want {
				t.Errorf("thread kinds = %s, want %s", got, want)
			}
			var doc obj
			a.do("GET", "/api/openapi.json", nil, 200, &doc)
			if doc["openapi"] == nil {
				t.Error("no OpenAPI document")
			}
		})
	}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"SWITCHBOARD_DATA_DIR": dir}
	run := func(stdin string, args ...string) (string, error) {
		var out, errb bytes.Buffer
		m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: env(vars)}
		err := m.Run(context.Background(), args)
		return out.String() + errb.String(), err
	}
	if out, err := run("", "version"); err != nil || !strings.Contains(out, "switchboard") {
		t.Errorf("version: %q %v", out, err)
	}
	if out, err := run("", "migrate"); err != nil || !strings.Contains(out, "sqlite database is up to date") {
		t.Errorf("migrate: %q %v", out, err)
	}
	if _, err := filepath.Glob(filepath.Join(dir, "switchboard.db")); err != nil {
		t.Error(err)
	}
	if out, err := run("a long password\n", "user", "create", "--role", "admin", "--name", "Ada", "--email", "ada@example.com", "--password-stdin"); err != nil || !strings.Contains(out, "created admin Ada") {
		t.Errorf("user create: %q %v", out, err)
	}
	if _, err := run("short\n", "user", "create", "--name", "Bo", "--email", "bo@example.com", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "--password") {
		t.Errorf("user create with a short password: %v", err)
	}
	if out, err := run("an even longer password\n", "user", "password", "--email", "ada@example.com", "--password-stdin"); err != nil || !strings.Contains(out, "password of ada@example.com changed") {
		t.Errorf("user password: %q %v", out, err)
	}
	if _, err := run("Password2024!\n", "user", "password", "--email", "ada@example.com", "--password-stdin"); err == nil ||
		!strings.Contains(err.Error(), "--password: This is one of the most common passwords") {
		t.Errorf("user password with a common password: %v", err)
	}
	if _, err := run("", "user", "password", "--email", "nobody@example.com", "--password", "whatever long"); err == nil {
		t.Error("user password for an unknown email succeeded")
	}
	if out, err := run("", "reports", "rebuild"); err != nil || !strings.Contains(out, "reports rebuilt") {
		t.Errorf("reports rebuild: %q %v", out, err)
	}
	if _, err := run("", "reports"); err == nil {
		t.Error("reports without a subcommand succeeded")
	}
	if _, err := run("", "frobnicate"); err == nil {
		t.Error("unknown command succeeded")
	}
	vars["SWITCHBOARD_SECRET_KEY"] = "too short"
	if _, err := run("", "migrate"); err == nil || !strings.Contains(err.Error(), "SWITCHBOARD_SECRET_KEY") {
		t.Errorf("bad secret key: %v", err)
	}
}
