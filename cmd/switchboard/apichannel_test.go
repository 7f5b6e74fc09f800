package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/apichannel"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// integration is a fake external system behind an API inbox: it checks Switchboard's signature
// on every POST, records each message once per Idempotency-Key, and answers as told.
type integration struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	got    map[string]apichannel.Payload // by Idempotency-Key
	posts  int
	answer func(p apichannel.Payload) (int, http.Header, string)
	seen   chan apichannel.Payload
}

func newIntegration(t *testing.T, secret string) (*integration, *httptest.Server) {
	in := &integration{t: t, secret: secret, got: map[string]apichannel.Payload{}, seen: make(chan apichannel.Payload, 100)}
	srv := httptest.NewServer(http.HandlerFunc(in.ServeHTTP))
	t.Cleanup(srv.Close)
	return in, srv
}

func (in *integration) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if err := switchboard.VerifyWebhookSignature(in.secret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), time.Minute); err != nil {
		in.t.Errorf("integration got a badly signed POST: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var p apichannel.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		in.t.Errorf("integration got %s: %v", body, err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	in.mu.Lock()
	in.posts++
	answer := in.answer
	in.mu.Unlock()
	status, h, resp := http.StatusOK, http.Header{}, fmt.Sprintf(`{"provider_id":"ext-%d"}`, p.Message.ID)
	if answer != nil {
		status, h, resp = answer(p)
	}
	if status >= 200 && status < 300 {
		in.mu.Lock()
		in.got[r.Header.Get("Idempotency-Key")] = p
		in.mu.Unlock()
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	io.WriteString(w, resp)
	in.seen <- p
}

// waitMessage polls the thread until a message satisfies ok.
func (a *app) waitMessage(conv string, ok func(obj) bool) obj {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var thread struct{ Items []obj }
		a.do("GET", conv+"/messages", nil, 200, &thread)
		for _, m := range thread.Items {
			if ok(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("no message matched in %s: %v", conv, thread.Items)
		}
		time.Sleep(25 * time.Millisecond) // polling the API as a client would; the WebSocket path is tested in realtime
	}
}

// TestAPIChannel drives the whole pipeline through the API channel: a customer message posted
// with the inbox's token, an agent's reply POSTed signed to the integration, delivery reported
// back, a final refusal marked failed with its reason and retried by the agent.
func TestAPIChannel(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			ext, srv := newIntegration(t, "whsec-test")

			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			// The connector checks its settings when they are saved.
			var refused struct {
				Error struct{ Fields map[string]string }
			}
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": "ftp://crm.example.com"}}, 400, &refused)
			if refused.Error.Fields["settings.outbound_url"] == "" {
				t.Errorf("no field error for a bad outbound URL: %+v", refused)
			}
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": 42}}, 400, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": srv.URL + "/hook"},
				"secrets": obj{apichannel.SecretSigning: "whsec-test"}}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			var tok struct{ Token string }
			a.do("POST", inboxPath+"/token", nil, 201, &tok)

			// The integration posts what its customer wrote, with the inbox's token only.
			crm := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok.Token}
			var rec struct{ Conversation, Message obj }
			crm.do("POST", inboxPath+"/messages", obj{"from": "crm-7", "contact_name": "Dora", "provider_id": "in-1", "text": "Is my order late?"}, 201, &rec)
			crm.do("GET", "/api/v1/conversations", nil, 401, nil) // the token opens nothing else
			var shown obj
			a.do("GET", inboxPath, nil, 200, &shown)
			if shown["has_token"] != true {
				t.Errorf("the inbox does not show its token: %v", shown)
			}
			conv := fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])

			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "It ships today."}, 201, &reply)
			p := <-ext.seen
			if p.Message.Text != "It ships today." || p.To != "crm-7" {
				t.Errorf("integration received %+v", p)
			}
			sent := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "sent" })
			if sent["provider_id"] != fmt.Sprintf("ext-%v", reply["id"]) {
				t.Errorf("provider id = %v", sent["provider_id"])
			}
			crm.do("POST", inboxPath+"/statuses", obj{"provider_id": sent["provider_id"], "status": "delivered"}, 200, nil)
			crm.do("POST", inboxPath+"/statuses", obj{"provider_id": sent["provider_id"], "status": "sent"}, 200, nil) // late: ignored
			a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "delivered" })

			// A refusal fails the message with the integration's reason; the agent retries it.
			refuse := true
			ext.mu.Lock()
			ext.answer = func(p apichannel.Payload) (int, http.Header, string) {
				ext.mu.Lock()
				defer ext.mu.Unlock()
				if refuse {
					return http.StatusUnprocessableEntity, nil, `{"error":"customer opted out"}`
				}
				return http.StatusOK, nil, `{"provider_id":"ext-retried"}`
			}
			ext.mu.Unlock()
			var bad obj
			a.do("POST", conv+"/messages", obj{"text": "A promotion!"}, 201, &bad)
			failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == bad["id"] && m["status"] == "failed" })
			// Agents see the status, never what answered: the URL may not be the integration.
			if reason := failed["error_reason"].(string); failed["error_code"] != "http_422" || !strings.Contains(reason, "422") || strings.Contains(reason, "opted out") {
				t.Errorf("failure = %v: %v", failed["error_code"], reason)
			}
			// The job is recorded failed just after the message is.
			var jobs struct{ Items []obj }
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				a.do("GET", "/api/v1/jobs?state=failed", nil, 200, &jobs)
				if len(jobs.Items) > 0 || time.Now().After(deadline) {
					break
				}
			}
			if len(jobs.Items) != 1 || !strings.Contains(fmt.Sprint(jobs.Items[0]["last_error"]), "422") || strings.Contains(fmt.Sprint(jobs.Items), "opted out") {
				t.Errorf("failed jobs %v, want the send's with its status and not the answer", jobs.Items)
			}
			ext.mu.Lock()
			refuse = false
			ext.mu.Unlock()
			a.do("POST", fmt.Sprintf("/api/v1/messages/%v/retry", bad["id"]), nil, 200, nil)
			a.waitMessage(conv, func(m obj) bool { return m["id"] == bad["id"] && m["status"] == "sent" })
			a.do("POST", fmt.Sprintf("/api/v1/messages/%v/retry", bad["id"]), nil, 409, nil)

			// A busy integration (503 with Retry-After) gets the message later, once. Meanwhile
			// the message says why it waits and when it is tried again; once sent, it no longer does.
			busy := true
			ext.mu.Lock()
			ext.answer = func(p apichannel.Payload) (int, http.Header, string) {
				ext.mu.Lock()
				defer ext.mu.Unlock()
				if busy {
					return http.StatusServiceUnavailable, http.Header{"Retry-After": {"1"}}, "busy"
				}
				return http.StatusOK, nil, "{}"
			}
			ext.mu.Unlock()
			var later obj
			sentAt := time.Now()
			a.do("POST", conv+"/messages", obj{"text": "After the storm"}, 201, &later)
			waiting := a.waitMessage(conv, func(m obj) bool { return m["id"] == later["id"] && m["retry"] != nil })
			retry := waiting["retry"].(obj)
			next, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(retry["next_attempt_at"]))
			if waiting["status"] != "pending" || retry["code"] != "http_503" || retry["reason"] != "The integration answered 503 Service Unavailable." ||
				retry["attempts"].(float64) < 1 || next.Before(sentAt) || next.After(time.Now().Add(2*time.Second)) {
				t.Errorf("a reply waiting for a busy integration: %v", waiting)
			}
			ext.mu.Lock()
			busy = false
			ext.mu.Unlock()
			if m := a.waitMessage(conv, func(m obj) bool { return m["id"] == later["id"] && m["status"] == "sent" }); m["retry"] != nil {
				t.Errorf("a sent reply still says it is retried: %v", m["retry"])
			}

			// A revoked token opens nothing.
			a.do("DELETE", inboxPath+"/token", nil, 204, nil)
			crm.do("POST", inboxPath+"/messages", obj{"from": "crm-7", "provider_id": "in-9", "text": "still there?"}, 401, nil)
			a.do("GET", inboxPath, nil, 200, &shown)
			if shown["has_token"] != false {
				t.Errorf("a revoked token is still shown: %v", shown)
			}
			ext.mu.Lock()
			defer ext.mu.Unlock()
			if n := len(ext.got); n != 3 {
				t.Errorf("integration accepted %d distinct messages, want 3", n)
			}
		})
	}
}

// TestAPIChannelDestinations: an outbound URL on the server's own networks is refused as it is
// saved, in any spelling, and again as the reply connects, when the policy no longer allows what
// was saved; an integration's redirect is not followed, so the signed reply never reaches where
// it points; and moving the URL elsewhere takes the signing secret again.
func TestAPIChannelDestinations(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			dir := t.TempDir()
			vars := map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": dir, "SWITCHBOARD_DATABASE_URL": url}
			ext, srv := newIntegration(t, "whsec-test")
			target, moved := newIntegration(t, "whsec-test")
			ext.answer = func(apichannel.Payload) (int, http.Header, string) {
				return http.StatusTemporaryRedirect, http.Header{"Location": {moved.URL + "/hook"}}, ""
			}

			// Allowed to reach loopback, the server takes the integration's address.
			ctx, stop := context.WithCancel(context.Background())
			defer stop() // before startUntil's cleanup waits for the server to end
			vars["SWITCHBOARD_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1"
			a := startUntil(t, ctx, vars)
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": srv.URL + "/hook"},
				"secrets": obj{apichannel.SecretSigning: "whsec-test"}}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			a.do("PATCH", inboxPath, obj{"settings": obj{"outbound_url": moved.URL + "/hook"}}, 400, nil) // without the secret
			var contact obj
			a.do("POST", "/api/v1/contacts", obj{"name": "Dora", "identities": []obj{{"kind": "api", "external_id": "d-1"}}}, 201, &contact)
			var started struct{ Conversation, Message obj }
			a.do("POST", "/api/v1/conversations", obj{"inbox_id": inbox["id"], "contact_id": contact["id"], "text": "Your refund is approved"}, 201, &started)
			conv := fmt.Sprintf("/api/v1/conversations/%v", started.Conversation["id"])
			failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == started.Message["id"] && m["status"] == "failed" })
			if reason, _ := failed["error_reason"].(string); failed["error_code"] != "destination_refused" || !strings.Contains(reason, "redirect") {
				t.Errorf("a redirect: %v %v, want a failure saying it is not followed", failed["error_code"], reason)
			}
			target.mu.Lock()
			if target.posts != 0 {
				t.Errorf("the redirect's target got %d posts", target.posts)
			}
			target.mu.Unlock()
			stop()

			// With the default policy, what was saved is refused as the reply connects, and no
			// address on loopback is saved, however it is written.
			delete(vars, "SWITCHBOARD_ALLOW_PRIVATE_HOSTS")
			ctx2, stop2 := context.WithCancel(context.Background())
			defer stop2()
			b := startUntil(t, ctx2, vars)
			b.do("POST", "/api/v1/auth/login", obj{"email": "ada@example.com", "password": "a long password"}, 200, nil)
			ext.mu.Lock()
			ext.answer = nil
			ext.mu.Unlock()
			var reply obj
			b.do("POST", conv+"/messages", obj{"text": "Anything else?"}, 201, &reply)
			refused := b.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "failed" })
			if refused["error_code"] != "destination_refused" || refused["error_reason"] != "The destination address is not allowed (loopback)." {
				t.Errorf("loopback with the default policy: %v %v", refused["error_code"], refused["error_reason"])
			}
			ext.mu.Lock()
			if ext.posts != 1 {
				t.Errorf("the integration got %d posts, want only the first (redirected)", ext.posts)
			}
			ext.mu.Unlock()
			_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
			for _, host := range []string{"127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::1]", "[::ffff:127.0.0.1]", "localhost", "169.254.169.254", "10.0.0.1"} {
				var bad struct {
					Error struct{ Fields map[string]string }
				}
				b.do("PATCH", inboxPath, obj{"settings": obj{"outbound_url": "http://" + host + ":" + port + "/hook"},
					"secrets": obj{apichannel.SecretSigning: "whsec-test"}}, 400, &bad)
				if bad.Error.Fields["settings.outbound_url"] == "" {
					t.Errorf("%s: %+v, want a field error", host, bad)
				}
			}
		})
	}
}

// TestBotHandOff: an API inbox's bot answers a customer, then hands the conversation to the
// support team with a reason, using only the inbox's token; the thread shows the bot's reply and
// the hand-off, and the conversation is open and unassigned for the team.
func TestBotHandOff(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var inbox, team obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Website bot"}, 201, &inbox)
			a.do("POST", "/api/v1/teams", obj{"name": "Support"}, 201, &team)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			var tok struct{ Token string }
			a.do("POST", inboxPath+"/token", nil, 201, &tok)
			bot := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok.Token}

			var rec struct{ Conversation, Message obj }
			bot.do("POST", inboxPath+"/messages", obj{"from": "visitor-9", "contact_name": "Gil", "provider_id": "w-1", "text": "I want to cancel my plan"}, 201, &rec)
			var answer struct{ Message obj }
			bot.do("POST", inboxPath+"/messages", obj{"from": "visitor-9", "provider_id": "w-2", "text": "I can help with that. One moment.", "from_bot": true, "bot_name": "Helper"}, 201, &answer)
			if m := answer.Message; m["sender_type"] != "bot" || m["direction"] != "outgoing" || m["sender_name"] != "Helper" {
				t.Errorf("bot message = %v", m)
			}
			conv := fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])
			bot.do("POST", conv+"/handoff", obj{"reason": "Cancellations need a person", "team_id": 999}, 400, nil)
			var handed obj
			bot.do("POST", conv+"/handoff", obj{"reason": "Cancellations need a person", "team_id": team["id"]}, 200, &handed)
			if handed["status"] != "open" || handed["assignee_id"] != nil || handed["team_id"] != team["id"] {
				t.Errorf("after the hand-off: %v", handed)
			}
			m := a.waitMessage(conv, func(m obj) bool { return m["kind"] == "activity" && m["activity"].(obj)["action"] == "handed_off" })
			if act := m["activity"].(obj); act["note"] != "Cancellations need a person" || act["team_id"] != team["id"] {
				t.Errorf("milestone = %v", m)
			}
			// The token of another inbox may not hand this conversation over.
			var other obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Other"}, 201, &other)
			var tok2 struct{ Token string }
			a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/token", other["id"]), nil, 201, &tok2)
			(&app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok2.Token}).do("POST", conv+"/handoff", obj{}, 403, nil)
		})
	}
}

// TestAPIChannelLinkedFiles: an integration gives its customer's files by URL. Anything but an
// https URL is refused with a field error; an https one is fetched into Switchboard's store by a
// job, pending until then, and served from Switchboard's own address; one that cannot be fetched
// is marked failed with the reason. The integration's address never reaches the agent.
func TestAPIChannelLinkedFiles(t *testing.T) {
	photo := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	files := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/photo.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(photo)
		case "/elsewhere":
			http.Redirect(w, r, "http://"+r.Host+"/photo.png", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(files.Close)
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := startWith(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url}, files.Client())
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM"}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			var tok struct{ Token string }
			a.do("POST", inboxPath+"/token", nil, 201, &tok)
			crm := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok.Token}

			var refused struct {
				Error struct{ Fields map[string]string }
			}
			bad := []string{"javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo=", "http://tracker.example/p.gif",
				"ftp://files.example/a.pdf", "//files.example/a.pdf", "https://user:pw@files.example/a.pdf", "photo.png"}
			var links []obj
			for _, u := range bad {
				links = append(links, obj{"url": u, "filename": "x.png", "content_type": "image/png"})
			}
			crm.do("POST", inboxPath+"/messages", obj{"from": "crm-7", "provider_id": "bad", "attachments": links}, 400, &refused)
			for i, u := range bad {
				if refused.Error.Fields[fmt.Sprintf("attachments[%d].url", i)] == "" {
					t.Errorf("no field error for %q: %v", u, refused.Error.Fields)
				}
			}

			var rec struct{ Conversation, Message obj }
			crm.do("POST", inboxPath+"/messages", obj{"from": "crm-7", "provider_id": "in-1", "text": "Here it is", "attachments": []obj{
				{"url": files.URL + "/photo.png", "filename": "photo.png", "content_type": "image/png", "pending": false, "size": 1, "id": 99},
				{"url": files.URL + "/gone.pdf"},
				{"url": files.URL + "/elsewhere", "filename": "moved.png"},
			}}, 201, &rec)
			got := rec.Message["attachments"].([]any)
			for i, x := range got {
				if at := x.(obj); at["pending"] != true || at["url"] != "" {
					t.Errorf("attachment %d as recorded = %v, want pending with no URL yet", i, at)
				}
			}
			if f := got[1].(obj); f["filename"] != "gone.pdf" || f["kind"] != "document" {
				t.Errorf("attachment without a name or type = %v", f)
			}

			conv := fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])
			settled := func(m obj) bool {
				for _, x := range m["attachments"].([]any) {
					if x.(obj)["pending"] == true {
						return false
					}
				}
				return m["id"] == rec.Message["id"]
			}
			m := a.waitMessage(conv, settled)
			raw, _ := json.Marshal(m)
			if strings.Contains(string(raw), files.URL) {
				t.Errorf("the integration's address reached the agent: %s", raw)
			}
			as := m["attachments"].([]any)
			ok := as[0].(obj)
			if u, _ := ok["url"].(string); !strings.HasPrefix(u, "/api/v1/attachments/") || ok["kind"] != "image" || ok["size"] != float64(len(photo)) || ok["fetch_error"] != "" {
				t.Fatalf("fetched attachment = %v", ok)
			}
			res, err := a.client.Get(a.base + ok["url"].(string))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(body) != string(photo) {
				t.Errorf("GET %v: %d, %d bytes", ok["url"], res.StatusCode, len(body))
			}
			for i, want := range map[int]string{1: "404", 2: "not https"} {
				f := as[i].(obj)
				if reason, _ := f["fetch_error"].(string); !strings.Contains(reason, want) || f["url"] != "" {
					t.Errorf("attachment %d = %v, want failed with %q and no URL", i, f, want)
				}
			}
		})
	}
}
