package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// The emulated Instagram account, and the Page it is linked to on the Facebook host.
const (
	igAccount = "17841400000000001"
	igPage    = "108000111222333"
)

// newInstagram is a running Switchboard with an Instagram inbox wired to the Graph API emulator,
// on Instagram Login's host or (host "facebook") the Page-linked one. It reuses Messenger's
// helpers (msSetup) for delivering webhooks and reading threads.
func newInstagram(t testing.TB, url, host string, humanAgent bool) *msSetup {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_LOG_LEVEL": "warn"})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	page := ""
	if host == instagram.HostFacebook {
		page = igPage
	}
	emu := meta.NewInstagram(igAccount, page, "IGAA-test-token", "ig_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	a.do("POST", "/api/v1/inboxes", obj{"kind": "instagram", "name": "IG", "settings": obj{"account_id": igAccount, "host": "facebook"}}, 400, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "instagram", "name": "Instagram", "settings": obj{"account_id": igAccount, "host": host, "page_id": page,
		"app_id": emu.AppID, "human_agent": humanAgent, "api_base_url": srv.URL},
		"secrets": obj{"access_token": emu.Token, "app_secret": emu.AppSecret, "verify_token": "let-me-in"}}, 201, &inbox)
	path := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	emu.WebhookURL = a.base + path + "/webhook"
	return &msSetup{a: a, emu: emu, inbox: path}
}

// igConv returns the path of the conversation with an Instagram customer (by IGSID). Messenger's
// msSetup.conv looks for Messenger's placeholder names.
func igConv(t testing.TB, w *msSetup, igsid string) string {
	t.Helper()
	var list struct{ Items []obj }
	w.a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
	for _, c := range list.Items {
		if c["contact_name"] == instagram.ContactName(igsid) {
			return fmt.Sprintf("/api/v1/conversations/%v", c["id"])
		}
	}
	t.Fatalf("no conversation of %s: %v", igsid, list.Items)
	return ""
}

// TestInstagramInbound: the handshake; forged webhooks refused with nothing written; every kind
// of direct message landing once, replayed without change: text, a file, a story reply and a
// story mention with the story's media fetched, a shared reel as its link, unsupported content;
// an unsent message hidden with a milestone, once; reactions; per-message reads.
func TestInstagramInbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newInstagram(t, url, instagram.HostInstagram, false)
			a := w.a
			const igsid = "6001002003004005"

			if status, body, err := w.emu.Handshake("let-me-in", "77"); err != nil || status != 200 || body != "77" {
				t.Errorf("handshake: %d %q %v", status, body, err)
			}
			body := w.emu.Envelope(
				w.emu.Text(igsid, "ig_IN1", "Hi, do you ship to Lisbon?", time.Time{}),
				w.emu.File(igsid, "ig_IN2", "image", pngPixel, "image/png"),
				w.emu.StoryReply(igsid, "ig_IN3", "Love this colour!", pngPixel, "image/png"),
				w.emu.StoryMention(igsid, "ig_IN4", pngPixel, "image/png"),
				w.emu.Share(igsid, "ig_IN5", "ig_reel", "https://www.instagram.com/reel/C0ffee/", "Summer drop"),
				w.emu.Unsupported(igsid, "ig_IN6"),
				w.emu.ReplyTo(igsid, "ig_IN7", "and to Porto?", "ig_IN1"),
			)
			bad256, bad1 := messenger.Sign("another secret", body)
			if status, err := w.emu.DeliverSigned(body, bad256, bad1); err != nil || status != http.StatusUnauthorized {
				t.Errorf("forged webhook answered %d, %v", status, err)
			}
			if status, err := w.emu.DeliverSigned(body, "", ""); err != nil || status != http.StatusUnauthorized {
				t.Errorf("unsigned webhook answered %d, %v", status, err)
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) != 0 {
				t.Fatalf("a refused webhook wrote %d conversations", len(list.Items))
			}
			for range 2 { // Meta's retry changes nothing
				if status, err := w.emu.Deliver(body); err != nil || status != 200 {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
			}
			conv := igConv(t, w, igsid)
			msgs := w.said(conv)
			if len(msgs) != 7 {
				t.Fatalf("%d messages, want 7 (once each): %v", len(msgs), msgs)
			}
			byID := map[string]obj{}
			for _, m := range msgs {
				byID[m["provider_id"].(string)] = m
			}
			content := func(id string) obj { c, _ := byID[id]["content"].(obj); return c }
			if c := content("ig_IN3"); c["story"] != "reply" || byID["ig_IN3"]["text"] != "Love this colour!" {
				t.Errorf("story reply = %v", byID["ig_IN3"])
			}
			if c := content("ig_IN4"); c["story"] != "mention" || c["unsupported"] != nil {
				t.Errorf("story mention = %v", byID["ig_IN4"])
			}
			if c := content("ig_IN5"); c["shared"] != "reel" || !strings.Contains(byID["ig_IN5"]["text"].(string), "https://www.instagram.com/reel/C0ffee/") {
				t.Errorf("share = %v", byID["ig_IN5"])
			}
			if c := content("ig_IN6"); c["unsupported"] != "message" {
				t.Errorf("unsupported = %v", byID["ig_IN6"])
			}
			if m := byID["ig_IN7"]; m["reply_to_id"] != byID["ig_IN1"]["id"] {
				t.Errorf("reply = %v", m)
			}
			// The stories' media is fetched into Switchboard's storage while its links work.
			for _, id := range []string{"ig_IN2", "ig_IN3", "ig_IN4"} {
				m := a.waitMessage(conv, func(m obj) bool {
					at, _ := m["attachments"].([]any)
					return m["provider_id"] == id && len(at) == 1 && at[0].(obj)["pending"] == false
				})
				if att := m["attachments"].([]any)[0].(obj); att["fetch_error"] != nil && att["fetch_error"] != "" || att["kind"] != "image" {
					t.Errorf("%s: %v", id, att)
				}
			}

			// A story that had expired before it was fetched: the message stays, its file says why.
			w.emu.Now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
			gone := w.emu.StoryMention(igsid, "ig_GONE", pngPixel, "image/png")
			w.emu.Now = nil
			w.deliver(t, gone)
			a.waitMessage(conv, func(m obj) bool {
				at, _ := m["attachments"].([]any)
				return m["provider_id"] == "ig_GONE" && len(at) == 1 && at[0].(obj)["pending"] == false && at[0].(obj)["fetch_error"] != nil && at[0].(obj)["fetch_error"] != ""
			})

			// The customer unsends the story reply: its text and media go, a milestone says so, once.
			unsend := w.emu.Unsend(igsid, "ig_IN3")
			w.deliver(t, unsend)
			w.deliver(t, unsend)
			m := a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == "ig_IN3" && m["deleted_at"] != nil })
			if c, _ := m["content"].(obj); m["text"] != "" || c["unsent"] != true || len(m["attachments"].([]any)) != 0 {
				t.Errorf("unsent message = %v", m)
			}
			n := 0
			for _, m := range w.thread(conv) {
				if act, _ := m["activity"].(obj); act != nil && act["action"] == "message_unsent" {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d unsent milestones, want 1", n)
			}

			// A reply, the customer's reaction and their read of that one message.
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Yes, we ship to all of Portugal."}, 201, &reply)
			sent := w.waitSent(t, 1)[0]
			a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["provider_id"] == sent.MID })
			w.deliver(t, w.emu.Reaction(igsid, sent.MID, "\u2764\ufe0f"))
			seen := w.emu.Seen(igsid, sent.MID)
			w.deliver(t, seen)
			w.deliver(t, seen)
			m = a.waitMessage(conv, func(m obj) bool {
				r, _ := m["reactions"].([]any)
				return m["id"] == reply["id"] && len(r) == 1 && m["status"] == "read"
			})
			if r := m["reactions"].([]any)[0].(obj); r["emoji"] != "\u2764\ufe0f" || r["side"] != "contact" {
				t.Errorf("reaction = %v", r)
			}
			waitHealth(t, a, w.inbox, true)
		})
	}
}

// TestInstagramOutbound, on both hosts: an echo that beats the send's answer leaves one message;
// the agent's reaction; free text refused outside the 24-hour window before any call; with the
// Human Agent permission, a reply 3 days later goes out tagged HUMAN_AGENT and after 7 days is
// refused.
func TestInstagramOutbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		for _, host := range []string{instagram.HostInstagram, instagram.HostFacebook} {
			t.Run(e.Name+"/"+host, func(t *testing.T) {
				_, url := e.Open(t, sqltest.Options{})
				w := newInstagram(t, url, host, true)
				a := w.a
				const igsid = "6001002003004005"
				w.deliver(t, w.emu.Text(igsid, "ig_IN1", "Hello?", time.Time{}))
				conv := igConv(t, w, igsid)
				in := w.said(conv)[0]

				w.emu.EchoFirst = true
				var reply obj
				a.do("POST", conv+"/messages", obj{"text": "Hi! How can we help?", "reply_to_id": in["id"]}, 201, &reply)
				sent := w.waitSent(t, 1)[0]
				if sent.To != igsid || sent.MessagingType != "RESPONSE" || sent.Text() != "Hi! How can we help?" {
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
				w.emu.EchoFirst = false

				// A file is uploaded for Instagram, then sent by its attachment id; its text follows.
				up := uploadTo(t, a, "photo.png", "image/png", pngPixel)
				var withFile obj
				before := len(w.emu.Sent())
				a.do("POST", conv+"/messages", obj{"text": "Here it is", "attachment_ids": []any{up["id"]}}, 201, &withFile)
				all := w.waitSent(t, before+2)
				att := all[before].Body["message"].(obj)["attachment"].(obj)
				id, _ := att["payload"].(obj)["attachment_id"].(string)
				if data, _, ok := w.emu.Upload(id); att["type"] != "image" || !ok || !bytes.Equal(data, pngPixel) || all[before+1].Text() != "Here it is" {
					t.Errorf("file sent %+v, then %+v", all[before].Body, all[before+1].Body)
				}
				a.waitMessage(conv, func(m obj) bool { return m["id"] == withFile["id"] && m["provider_id"] == all[before].MID })

				before = len(w.emu.Sent())
				a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": "\u2764\ufe0f"}, 200, nil)
				found := false
				for _, s := range w.waitSent(t, before+1)[before:] {
					found = found || s.Action == "react" && s.Body["payload"].(obj)["message_id"] == "ig_IN1" && s.Body["payload"].(obj)["reaction"] == "love"
				}
				if !found {
					t.Errorf("no react action among %+v", w.emu.Sent()[before:])
				}

				w.deliver(t, w.emu.Text("6003", "ig_3D", "hello", time.Now().Add(-3*24*time.Hour)))
				w.deliver(t, w.emu.Text("6008", "ig_8D", "hello", time.Now().Add(-8*24*time.Hour)))
				recent, stale := igConv(t, w, "6003"), igConv(t, w, "6008")
				before = len(w.emu.Sent())
				a.do("POST", recent+"/messages", obj{"text": "Sorry for the wait: it shipped."}, 201, &reply)
				sent = w.waitSent(t, before+1)[before]
				if sent.MessagingType != "MESSAGE_TAG" || sent.Tag != "HUMAN_AGENT" {
					t.Errorf("sent as %s %s", sent.MessagingType, sent.Tag)
				}
				a.waitMessage(recent, func(m obj) bool { return m["id"] == reply["id"] && m["provider_id"] == sent.MID })
				var refused struct{ Error struct{ Code string } }
				a.do("POST", stale+"/messages", obj{"text": "Hello again"}, 422, &refused)
				if refused.Error.Code != "window_closed" {
					t.Errorf("free text after 7 days: %+v", refused)
				}
				// Without the permission, 3 days is outside the window: refused before any call.
				a.do("PATCH", w.inbox, obj{"settings": obj{"account_id": igAccount, "host": host, "page_id": w.emu.PageID, "app_id": w.emu.AppID,
					"human_agent": false, "api_base_url": w.emu.BaseURL}}, 200, nil)
				before = len(w.emu.Sent())
				a.do("POST", recent+"/messages", obj{"text": "One more thing"}, 422, &refused)
				if refused.Error.Code != "window_closed" {
					t.Errorf("free text after 3 days without Human Agent: %+v", refused)
				}
				time.Sleep(100 * time.Millisecond)
				if len(w.emu.Sent()) != before {
					t.Errorf("a refused reply reached Meta")
				}
				// The token is checked as it is saved (GET /me on the inbox's host): a refused one
				// shows, then the right one again.
				waitHealth(t, a, w.inbox, true)
				a.do("PATCH", w.inbox, obj{"secrets": obj{"access_token": "IGAA-someone-else"}}, 200, nil)
				waitHealth(t, a, w.inbox, false)
				a.do("PATCH", w.inbox, obj{"secrets": obj{"access_token": w.emu.Token}}, 200, nil)
				waitHealth(t, a, w.inbox, true)
			})
		}
	}
}
