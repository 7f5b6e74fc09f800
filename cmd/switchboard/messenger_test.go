package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// msSetup is a running Switchboard with a Messenger inbox wired to the Graph API emulator.
type msSetup struct {
	a     *app
	emu   *meta.Server
	inbox string // /api/v1/inboxes/N
}

func newMessenger(t testing.TB, url string, humanAgent bool) *msSetup {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_LOG_LEVEL": "warn"})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	emu, api := metaEmulator(t)
	a.do("POST", "/api/v1/inboxes", obj{"kind": "messenger", "name": "FB", "settings": obj{"page_id": "my page"}}, 400, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "messenger", "name": "Messenger", "settings": obj{"page_id": emu.PageID, "app_id": emu.AppID,
		"human_agent": humanAgent, "api_base_url": api},
		"secrets": obj{"access_token": emu.Token, "app_secret": emu.AppSecret, "verify_token": "let-me-in"}}, 201, &inbox)
	path := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	emu.WebhookURL = a.base + path + "/webhook"
	return &msSetup{a: a, emu: emu, inbox: path}
}

// metaEmulator starts a Graph API emulator for one page and returns it with its address.
func metaEmulator(t testing.TB) (*meta.Server, string) {
	emu := meta.New("108000111222333", "EAAPage-test-token", "page_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	return emu, srv.URL
}

func (w *msSetup) deliver(t testing.TB, events ...meta.Event) {
	t.Helper()
	status, err := w.emu.Deliver(w.emu.Envelope(events...))
	if err != nil || status != http.StatusOK {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
}

// conv returns the path of the conversation with a customer (by PSID).
func (w *msSetup) conv(t testing.TB, psid string) string {
	t.Helper()
	var list struct{ Items []obj }
	w.a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
	for _, c := range list.Items {
		if c["contact_name"] == messenger.ContactName(psid) || (w.emu.Name(psid) != "" && c["contact_name"] == w.emu.Name(psid)) {
			return fmt.Sprintf("/api/v1/conversations/%v", c["id"])
		}
	}
	t.Fatalf("no conversation of %s: %v", psid, list.Items)
	return ""
}

func (w *msSetup) thread(conv string) []obj {
	var th struct{ Items []obj }
	w.a.do("GET", conv+"/messages", nil, 200, &th)
	return th.Items
}

// said is the thread without its milestones.
func (w *msSetup) said(conv string) []obj {
	var out []obj
	for _, m := range w.thread(conv) {
		if m["kind"] != "activity" {
			out = append(out, m)
		}
	}
	return out
}

// waitSent waits for the emulator to have n sends (messages and sender actions).
func (w *msSetup) waitSent(t testing.TB, n int) []*meta.Sent {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if s := w.emu.Sent(); len(s) >= n {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the emulator has %d sends, want %d", len(w.emu.Sent()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestMessengerInbound: the handshake; forged webhooks refused with nothing written; every kind of
// event landing once, replayed without change; files fetched from their expiring links; reactions,
// deliveries and reads by watermark; a message sent from Meta's apps shown as an external agent's.
func TestMessengerInbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newMessenger(t, url, false)
			a := w.a
			const psid = "7001002003004005"

			if status, body, err := w.emu.Handshake("let-me-in", "1158201444"); err != nil || status != 200 || body != "1158201444" {
				t.Errorf("handshake: %d %q %v", status, body, err)
			}
			if status, _, _ := w.emu.Handshake("guess", "1"); status != 403 {
				t.Errorf("handshake with a wrong token: %d", status)
			}

			w.emu.SetName(psid, "Sam", "Carter") // what Meta's User Profile API answers
			pdf := []byte("%PDF-1.4 order")
			body := w.emu.Envelope(
				w.emu.Text(psid, "m_IN1", "Hi, is the blue one in stock?", time.Time{}),
				w.emu.File(psid, "m_IN2", "image", pngPixel, "image/png"),
				w.emu.File(psid, "m_IN3", "file", pdf, "application/pdf"),
				w.emu.QuickReply(psid, "m_IN4", "Track order", "TRACK"),
				w.emu.Postback(psid, "m_IN5", "Talk to agent", "HANDOFF"),
				w.emu.ReplyTo(psid, "m_IN6", "what about size M?", "m_IN1"),
			)
			// Forged, unsigned and altered webhooks are refused, and nothing is written.
			good256, good1 := messenger.Sign(w.emu.AppSecret, body)
			bad256, bad1 := messenger.Sign("another secret", body)
			for name, sig := range map[string][2]string{"unsigned": {"", ""}, "forged": {bad256, bad1}, "forged sha256, good sha1": {bad256, good1},
				"altered": {good256, good1}, "forged sha1": {"", bad1}} {
				sent := body
				if name == "altered" {
					sent = append([]byte(" "), body...)
				}
				if status, err := w.emu.DeliverSigned(sent, sig[0], sig[1]); err != nil || status != http.StatusUnauthorized {
					t.Errorf("%s webhook answered %d, %v", name, status, err)
				}
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) != 0 {
				t.Fatalf("a refused webhook wrote %d conversations", len(list.Items))
			}
			// The legacy signature alone is enough; then Meta's retry of the same delivery.
			if status, err := w.emu.DeliverSigned(body, "", good1); err != nil || status != 200 {
				t.Fatalf("webhook signed with sha1 answered %d, %v", status, err)
			}
			if status, err := w.emu.Deliver(body); err != nil || status != 200 {
				t.Fatalf("replayed webhook answered %d, %v", status, err)
			}
			conv := w.conv(t, psid)
			msgs := w.thread(conv)
			if len(msgs) != 6 {
				t.Fatalf("%d messages, want 6 (once each): %v", len(msgs), msgs)
			}
			byID := map[string]obj{}
			for _, m := range msgs {
				byID[m["provider_id"].(string)] = m
			}
			if m := byID["m_IN4"]; m["text"] != "Track order" || m["content"].(obj)["choice"] != "TRACK" {
				t.Errorf("quick reply = %v", m)
			}
			if m := byID["m_IN5"]; m["text"] != "Talk to agent" || m["content"].(obj)["choice"] != "HANDOFF" {
				t.Errorf("postback = %v", m)
			}
			if m := byID["m_IN6"]; m["reply_to_id"] != byID["m_IN1"]["id"] {
				t.Errorf("reply = %v", m)
			}
			// The contact, created with a placeholder name, gets the name Meta's User Profile API has.
			var named obj
			for deadline := time.Now().Add(20 * time.Second); named["contact_name"] != "Sam Carter" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				a.do("GET", conv, nil, 200, &named)
			}
			if named["contact_name"] != "Sam Carter" {
				t.Errorf("contact name = %v", named["contact_name"])
			}

			// The customer edits a message: its text changes, the earlier one is kept; a replayed
			// or stale edit changes nothing.
			edit := w.emu.Edit(psid, "m_IN6", "what about size L?", 1)
			w.deliver(t, edit)
			w.deliver(t, edit)
			w.deliver(t, w.emu.Edit(psid, "m_IN6", "what about size L?", 1))
			m := a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == "m_IN6" && m["text"] == "what about size L?" })
			if e, _ := m["content"].(obj)["edits"].([]any); len(e) != 1 || e[0] != "what about size M?" {
				t.Errorf("edited message = %v", m)
			}
			var c obj
			a.do("GET", conv, nil, 200, &c)
			if c["window_closes_at"] == nil || c["window_extended_until"] != nil {
				t.Errorf("window = %v / %v", c["window_closes_at"], c["window_extended_until"])
			}

			// The files are fetched into Switchboard's storage while their links work.
			for id, want := range map[string][]byte{"m_IN2": pngPixel, "m_IN3": pdf} {
				m := a.waitMessage(conv, func(m obj) bool {
					at, _ := m["attachments"].([]any)
					return m["provider_id"] == id && len(at) == 1 && at[0].(obj)["pending"] == false
				})
				att := m["attachments"].([]any)[0].(obj)
				if att["fetch_error"] != nil && att["fetch_error"] != "" {
					t.Fatalf("%s: %v", id, att["fetch_error"])
				}
				res, err := a.client.Get(a.base + att["url"].(string))
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if !bytes.Equal(got, want) {
					t.Errorf("%s: downloaded %d bytes (%s), want %d", id, len(got), res.Status, len(want))
				}
			}

			// A file whose link expired before it was fetched says so.
			w.emu.MediaTTL = time.Nanosecond
			w.deliver(t, w.emu.File(psid, "m_LATEFILE", "image", pngPixel, "image/png"))
			w.emu.MediaTTL = 0
			m = a.waitMessage(conv, func(m obj) bool {
				at, _ := m["attachments"].([]any)
				return m["provider_id"] == "m_LATEFILE" && len(at) == 1 && at[0].(obj)["pending"] == false
			})
			if e, _ := m["attachments"].([]any)[0].(obj)["fetch_error"].(string); !strings.Contains(e, "expired") {
				t.Errorf("expired link: %v", m["attachments"])
			}

			// An agent's reply; then a reaction on it, a delivery and a read by watermark only.
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Yes, size M is in stock."}, 201, &reply)
			sent := w.waitSent(t, 1)[0]
			a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["provider_id"] == sent.MID })
			w.deliver(t, w.emu.Reaction(psid, sent.MID, "\u2764\ufe0f"))
			w.deliver(t, w.emu.Read(psid, time.Now().Add(time.Second)))
			w.deliver(t, w.emu.Delivered(psid, time.Now().Add(time.Second))) // late: the message stays read
			m = a.waitMessage(conv, func(m obj) bool { r, _ := m["reactions"].([]any); return m["id"] == reply["id"] && len(r) == 1 })
			if m["status"] != "read" {
				t.Errorf("status after read then delivered = %v", m["status"])
			}
			if r := m["reactions"].([]any)[0].(obj); r["emoji"] != "\u2764\ufe0f" || r["side"] != "contact" {
				t.Errorf("reaction = %v", r)
			}

			// A message the page sent from Meta Business Suite is an external agent's, once.
			a.do("GET", conv, nil, 200, &c)
			echo := w.emu.ExternalEcho(psid, "m_EXT1", "Sent from Business Suite")
			w.deliver(t, echo)
			w.deliver(t, echo)
			n := 0
			for _, m := range w.thread(conv) {
				if m["provider_id"] == "m_EXT1" {
					n++
					if m["sender_type"] != "external" || m["direction"] != "outgoing" {
						t.Errorf("external echo = %v", m)
					}
				}
			}
			if n != 1 {
				t.Errorf("the external echo landed %d times", n)
			}
			var after obj
			a.do("GET", conv, nil, 200, &after)
			if after["assignee_id"] != c["assignee_id"] {
				t.Errorf("the external echo changed the assignment: %v → %v", c["assignee_id"], after["assignee_id"])
			}
			// The m.me link the customer reopened the thread from is a milestone, once.
			ref := w.emu.Referral(psid, "SHORTLINK", "summer_sale")
			w.deliver(t, ref)
			w.deliver(t, ref)
			n = 0
			for _, m := range w.thread(conv) {
				if act, _ := m["activity"].(obj); act != nil && act["action"] == "referral" {
					n++
					if act["source"] != "SHORTLINK" || act["note"] != "summer_sale" {
						t.Errorf("referral = %v", m)
					}
				}
			}
			if n != 1 {
				t.Errorf("the referral landed %d times", n)
			}

			// A customer who last wrote three days ago reacts: the window opens again.
			const late = "7009009009009009"
			w.deliver(t, w.emu.Text(late, "m_LATE", "thanks", time.Now().Add(-3*24*time.Hour)))
			lateConv := w.conv(t, late)
			a.do("POST", lateConv+"/messages", obj{"text": "Anything else?"}, 422, nil)
			w.deliver(t, w.emu.Reaction(late, "m_LATE", "\U0001F44D"))
			a.do("POST", lateConv+"/messages", obj{"text": "Anything else?"}, 201, nil)

			// Health: the last webhook, and the page token checked against the Graph API's /me as
			// it was saved (TestMessengerHumanAgent sees a wrong one refused).
			waitHealth(t, a, w.inbox, true)
		})
	}
}

// TestMessengerOutbound: a reply answering a message, with its metadata; an echo that beats the
// send's answer leaves one message; a file uploaded and sent by attachment id; the agent's
// reaction and mark-seen; the 24-hour window, and the HUMAN_AGENT tag to day 7 where allowed.
func TestMessengerOutbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newMessenger(t, url, false)
			a := w.a
			const psid = "7001002003004005"
			w.deliver(t, w.emu.Text(psid, "m_IN1", "Hello?", time.Time{}))
			conv := w.conv(t, psid)
			in := w.thread(conv)[0]

			// The echo arrives before the send's answer: one message, sent, with Meta's mid.
			w.emu.EchoFirst = true
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Hi! How can we help?", "reply_to_id": in["id"]}, 201, &reply)
			sent := w.waitSent(t, 1)[0]
			if sent.To != psid || sent.MessagingType != "RESPONSE" || sent.Text() != "Hi! How can we help?" ||
				sent.Body["message"].(obj)["reply_to"].(obj)["mid"] != "m_IN1" || sent.Body["message"].(obj)["metadata"] != fmt.Sprintf("sb:%v", reply["id"]) {
				t.Errorf("sent %+v", sent.Body)
			}
			a.waitMessage(conv, func(m obj) bool {
				return m["id"] == reply["id"] && m["provider_id"] == sent.MID && m["status"] == "sent"
			})
			for deadline := time.Now().Add(10 * time.Second); len(w.emu.Echoes()) == 0 && time.Now().Before(deadline); {
				time.Sleep(20 * time.Millisecond)
			}
			if e := w.emu.Echoes(); len(e) != 1 || e[0] != 200 {
				t.Errorf("echo answered %v", e)
			}
			if th := w.said(conv); len(th) != 2 {
				t.Errorf("%d messages after the echo, want 2: %v", len(th), th)
			}

			// A file is uploaded, then sent by its attachment id; its text follows.
			w.emu.EchoFirst = false
			up := uploadTo(t, a, "photo.png", "image/png", pngPixel)
			var withFile obj
			before := len(w.emu.Sent())
			a.do("POST", conv+"/messages", obj{"text": "Your receipt", "attachment_ids": []any{up["id"]}}, 201, &withFile)
			all := w.waitSent(t, before+2)
			file, text := all[before], all[before+1]
			att := file.Body["message"].(obj)["attachment"].(obj)
			id, _ := att["payload"].(obj)["attachment_id"].(string)
			if data, _, ok := w.emu.Upload(id); att["type"] != "image" || !ok || !bytes.Equal(data, pngPixel) || text.Text() != "Your receipt" {
				t.Errorf("file sent %+v, then %+v", file.Body, text.Body)
			}
			a.waitMessage(conv, func(m obj) bool { return m["id"] == withFile["id"] && m["provider_id"] == file.MID })
			// The echoes follow the answers: wait until Meta has delivered both, then count.
			for deadline := time.Now().Add(20 * time.Second); len(w.emu.Echoes()) < 3 && time.Now().Before(deadline); {
				time.Sleep(20 * time.Millisecond)
			}
			if e := w.emu.Echoes(); len(e) != 3 {
				t.Errorf("echoes answered %v, want 3", e)
			}
			if n := len(w.said(conv)); n != 3 {
				t.Errorf("%d messages after the file and its echoes, want 3", n)
			}

			// The agent's reaction goes out as a sender action.
			before = len(w.emu.Sent())
			a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": "\u2764\ufe0f"}, 200, nil)
			r := w.waitSent(t, before+1)
			found := false
			for _, s := range r[before:] {
				if s.Action == "react" && s.Body["payload"].(obj)["message_id"] == "m_IN1" && s.Body["payload"].(obj)["reaction"] == "love" {
					found = true
				}
			}
			if !found {
				t.Errorf("no react action among %+v", r[before:])
			}

			// An agent reading the conversation marks the thread seen.
			before = len(w.emu.Sent())
			a.do("POST", conv+"/read", nil, 204, nil)
			seen := false
			for deadline := time.Now().Add(20 * time.Second); !seen && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				for _, s := range w.emu.Sent()[before:] {
					seen = seen || (s.Action == "mark_seen" && s.To == psid)
				}
			}
			if !seen {
				t.Errorf("no mark_seen among %+v", w.emu.Sent()[before:])
			}

			// Outside the 24-hour window free text is refused before any call.
			const old = "7009009009009009"
			w.deliver(t, w.emu.Text(old, "m_OLD", "ciao", time.Now().Add(-3*24*time.Hour)))
			oldConv := w.conv(t, old)
			before = len(w.emu.Sent())
			var refused struct{ Error struct{ Code string } }
			a.do("POST", oldConv+"/messages", obj{"text": "Still there?"}, 422, &refused)
			if refused.Error.Code != "window_closed" {
				t.Errorf("free text outside the window: %+v", refused)
			}
			time.Sleep(100 * time.Millisecond)
			if len(w.emu.Sent()) != before {
				t.Errorf("a refused reply reached Meta")
			}
		})
	}
}

// waitHealth waits for an inbox's health to say whether its credentials work.
func waitHealth(t *testing.T, a *app, inbox string, ok bool) {
	t.Helper()
	var h obj
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if a.do("GET", inbox+"/health", nil, 200, &h); h["credentials_ok"] == ok {
			return
		}
	}
	t.Errorf("health = %v, want credentials_ok %v", h, ok)
}

// TestMessengerHumanAgent: with the Human Agent permission, a reply 3 days after the customer's
// last message goes out tagged HUMAN_AGENT; after 7 days it is refused with window_closed.
func TestMessengerHumanAgent(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newMessenger(t, url, true)
			a := w.a
			// The page token is checked as it is saved: a wrong one shows as refused, the right
			// one again as valid.
			waitHealth(t, a, w.inbox, true)
			a.do("PATCH", w.inbox, obj{"secrets": obj{"access_token": "EAA-not-the-page-token"}}, 200, nil)
			waitHealth(t, a, w.inbox, false)
			a.do("PATCH", w.inbox, obj{"secrets": obj{"access_token": w.emu.Token}}, 200, nil)
			waitHealth(t, a, w.inbox, true)
			w.deliver(t, w.emu.Text("7001", "m_3D", "hello", time.Now().Add(-3*24*time.Hour)))
			w.deliver(t, w.emu.Text("7002", "m_8D", "hello", time.Now().Add(-8*24*time.Hour)))
			recent, stale := w.conv(t, "7001"), w.conv(t, "7002")
			var c obj
			a.do("GET", recent, nil, 200, &c)
			if c["window_extended_until"] == nil {
				t.Errorf("no extended window: %v", c)
			}
			var reply obj
			a.do("POST", recent+"/messages", obj{"text": "Sorry for the wait: it shipped."}, 201, &reply)
			sent := w.waitSent(t, 1)[0]
			if sent.MessagingType != "MESSAGE_TAG" || sent.Tag != "HUMAN_AGENT" {
				t.Errorf("sent as %s %s", sent.MessagingType, sent.Tag)
			}
			a.waitMessage(recent, func(m obj) bool { return m["id"] == reply["id"] && m["provider_id"] == sent.MID })
			var refused struct{ Error struct{ Code string } }
			a.do("POST", stale+"/messages", obj{"text": "Hello again"}, 422, &refused)
			if refused.Error.Code != "window_closed" {
				t.Errorf("free text after 7 days: %+v", refused)
			}
		})
	}
}
