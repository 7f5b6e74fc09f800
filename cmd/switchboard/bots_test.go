package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// botReceiver is an inbox's external bot: it checks the signature of every POST, and records
// each delivery (by its Switchboard-Delivery id) with every attempt made of it.
type botReceiver struct {
	t        *testing.T
	mu       sync.Mutex
	secret   string
	attempts []switchboard.BotPayload // every POST, in order
	busy     func(p switchboard.BotPayload) bool
}

func (b *botReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := switchboard.VerifyWebhookSignature(b.secret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), time.Minute); err != nil {
		b.t.Errorf("the bot got a badly signed POST: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var p switchboard.BotPayload
	if err := json.Unmarshal(body, &p); err != nil {
		b.t.Errorf("the bot got %s: %v", body, err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if p.ID != r.Header.Get(switchboard.WebhookDeliveryHeader) || p.Event != r.Header.Get(switchboard.WebhookEventHeader) {
		b.t.Errorf("headers %v for delivery %s %s", r.Header, p.ID, p.Event)
	}
	b.attempts = append(b.attempts, p)
	if b.busy != nil && b.busy(p) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// got returns the POSTs the bot received.
func (b *botReceiver) got() []switchboard.BotPayload {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]switchboard.BotPayload(nil), b.attempts...)
}

// botTrail lists the POSTs as "event:text" for failure messages and comparisons.
func botTrail(ps []switchboard.BotPayload) string {
	var out []string
	for _, p := range ps {
		text := ""
		if p.Message != nil {
			text = p.Message.Text
		}
		out = append(out, p.Event+":"+text)
	}
	return strings.Join(out, ", ")
}

// TestBotOverWhatsApp: a WhatsApp inbox with a bot and round-robin assignment. A customer's
// messages reach the bot once each, signed, with the conversation and contact; the bot's reply
// goes out through WhatsApp as a bot message; its hand-off leaves the conversation handed_off
// with a milestone and assigns it to the online member. An agent resumes the bot, pauses it while
// a delivery waits to be retried: that delivery and the customer's next messages never reach it;
// run now sends the newest message.
func TestBotOverWhatsApp(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			a := w.a
			bot := &botReceiver{t: t}
			srv := httptest.NewServer(bot)
			t.Cleanup(srv.Close)

			// Ann, a member who is online (a WebSocket of hers is open); assignment is round-robin.
			var ann obj
			a.do("POST", "/api/v1/agents", obj{"name": "Ann", "email": "ann@example.com", "password": "a long password"}, 201, &ann)
			jar, _ := cookiejar.New(nil)
			annApp := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			annApp.do("POST", "/api/v1/auth/login", obj{"email": "ann@example.com", "password": "a long password"}, 200, nil)
			var annTok struct{ Secret string }
			annApp.do("POST", "/api/v1/auth/tokens", obj{"name": "ann"}, 201, &annTok)
			annApp = &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: annTok.Secret}
			a.do("PUT", w.inbox+"/members", obj{"agent_ids": []any{ann["id"]}}, 200, nil)
			a.do("PUT", w.inbox+"/assignment", obj{"strategy": "round_robin"}, 200, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			ws, _, err := websocket.Dial(ctx, strings.Replace(a.base, "http", "ws", 1)+"/api/v1/ws",
				&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + annTok.Secret}}})
			if err != nil {
				t.Fatal(err)
			}
			defer ws.CloseNow()
			waitFor(t, "ann online", func() bool {
				var ag obj
				a.do("GET", fmt.Sprintf("/api/v1/agents/%v", ann["id"]), nil, 200, &ag)
				return ag["presence"] == "online"
			})

			// The bot: its URL, a name, and the secret shown once; the inbox's token to answer with.
			a.do("PUT", w.inbox+"/bot", obj{"enabled": true}, 400, nil)
			var saved struct {
				switchboard.InboxBot
				Secret string `json:"secret"`
			}
			a.do("PUT", w.inbox+"/bot", obj{"enabled": true, "url": srv.URL + "/bot", "name": "Helper"}, 200, &saved)
			if saved.Secret == "" || !strings.HasPrefix(saved.Secret, saved.SecretPrefix) {
				t.Fatalf("saved bot = %+v", saved)
			}
			bot.mu.Lock()
			bot.secret = saved.Secret
			bot.mu.Unlock()
			var shown obj
			a.do("GET", w.inbox+"/bot", nil, 200, &shown)
			if shown["secret"] != nil || shown["enabled"] != true {
				t.Errorf("the bot shows %v", shown)
			}
			var itok struct{ Token string }
			a.do("POST", w.inbox+"/token", nil, 201, &itok)
			botAPI := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: itok.Token}

			waitBot := func(n int) []switchboard.BotPayload {
				t.Helper()
				waitFor(t, fmt.Sprintf("%d bot deliveries (have %s)", n, botTrail(bot.got())), func() bool { return len(bot.got()) >= n })
				return bot.got()
			}
			first := w.emu.Customer("Ana", "5511999990001", obj{"id": "wamid.B1", "type": "text", "text": obj{"body": "Where is my parcel?"}})
			w.deliver(t, first)
			got := waitBot(1)
			p := got[0]
			if p.Event != switchboard.BotEventConversationCreated || p.Message == nil || p.Message.Text != "Where is my parcel?" ||
				p.Contact == nil || p.Contact.Phone != "+5511999990001" || p.Conversation == nil || p.Conversation.Bot == nil || p.Conversation.Bot.State != switchboard.BotActive {
				t.Fatalf("first delivery = %+v", p)
			}
			conv := fmt.Sprintf("/api/v1/conversations/%d", p.Conversation.ID)

			// The bot answers through the API with the inbox's token: out through WhatsApp.
			var reply obj
			botAPI.do("POST", conv+"/messages", obj{"text": "Let me look that up."}, 201, &reply)
			if reply["sender_type"] != "bot" || reply["sender_name"] != "Helper" {
				t.Errorf("bot reply = %v", reply)
			}
			sent := w.waitSent(t, 1)
			if sent[0].To != "5511999990001" || !strings.Contains(fmt.Sprint(sent[0].Body), "Let me look that up.") {
				t.Errorf("sent = %+v", sent[0])
			}
			botAPI.do("GET", "/api/v1/conversations", nil, 401, nil) // the token opens nothing else

			// The next message reaches the bot once, even when WhatsApp redelivers it.
			second := w.emu.Customer("Ana", "5511999990001", obj{"id": "wamid.B2", "type": "text", "text": obj{"body": "Order 881"}})
			w.deliver(t, second)
			w.deliver(t, second)
			w.deliver(t, first)
			got = waitBot(2)
			var c obj
			a.do("GET", conv, nil, 200, &c)
			if c["assignee_id"] != nil {
				t.Errorf("assigned while the bot is active: %v", c["assignee_id"])
			}

			// The hand-off: handed_off, a milestone, and Ann (online) gets it.
			botAPI.do("POST", conv+"/handoff", obj{"reason": "Refunds need a person"}, 200, &c)
			if c["bot"].(map[string]any)["state"] != "handed_off" {
				t.Errorf("after the hand-off: %v", c["bot"])
			}
			waitFor(t, "the hand-off's assignment", func() bool {
				a.do("GET", conv, nil, 200, &c)
				return fmt.Sprint(c["assignee_id"]) == fmt.Sprint(ann["id"])
			})
			a.waitMessage(conv, func(m obj) bool {
				act, _ := m["activity"].(map[string]any)
				return act != nil && act["action"] == "handed_off" && act["note"] == "Refunds need a person"
			})

			// Ann resumes the bot; a delivery meets a busy bot (503, Retry-After 1) and waits for
			// its retry; Ann pauses the bot meanwhile: the retry is dropped, and the customer's
			// next messages are not sent either.
			annApp.do("POST", conv+"/bot", obj{"action": "resume"}, 200, &c)
			bot.mu.Lock()
			bot.busy = func(p switchboard.BotPayload) bool { return p.Message != nil && p.Message.Text == "Hello?" }
			bot.mu.Unlock()
			w.deliver(t, w.emu.Customer("Ana", "5511999990001", obj{"id": "wamid.B3", "type": "text", "text": obj{"body": "Hello?"}}))
			got = waitBot(3)
			if botTrail(got[2:]) != "message.created:Hello?" {
				t.Fatalf("deliveries = %s", botTrail(got))
			}
			annApp.do("POST", conv+"/bot", obj{"action": "pause"}, 200, &c)
			if c["bot"].(map[string]any)["state"] != "paused" {
				t.Errorf("after the pause: %v", c["bot"])
			}
			for i, text := range []string{"Anyone?", "Please", "Last one"} {
				w.deliver(t, w.emu.Customer("Ana", "5511999990001", obj{"id": fmt.Sprintf("wamid.P%d", i), "type": "text", "text": obj{"body": text}}))
			}
			a.waitMessage(conv, func(m obj) bool { return m["text"] == "Last one" })
			// The waiting delivery ran again, found the bot paused and ended; no other waits.
			waitJobsIdle(t, a, switchboard.JobDeliverBot)
			if got := bot.got(); len(got) != 3 {
				t.Errorf("a paused bot received %s", botTrail(got[3:]))
			}

			// Run now: active again, and the newest customer message goes to the bot at once.
			annApp.do("POST", conv+"/bot", obj{"action": "run"}, 200, &c)
			got = waitBot(4)
			if botTrail(got[3:]) != "bot.run:Last one" || c["bot"].(map[string]any)["state"] != "active" {
				t.Errorf("run now: %s, state %v", botTrail(got), c["bot"])
			}
			var thread struct{ Items []obj }
			a.do("GET", conv+"/messages", nil, 200, &thread)
			var marks []string
			for _, m := range thread.Items {
				if act, _ := m["activity"].(map[string]any); act != nil && strings.HasPrefix(fmt.Sprint(act["action"]), "bot_") {
					marks = append(marks, fmt.Sprintf("%v by %v", act["action"], m["sender_name"]))
				}
			}
			if strings.Join(marks, ", ") != "bot_resume by Ann, bot_pause by Ann, bot_run by Ann" {
				t.Errorf("milestones = %q", marks)
			}
			annApp.do("POST", conv+"/bot", obj{"action": "dance"}, 400, nil)
		})
	}
}
