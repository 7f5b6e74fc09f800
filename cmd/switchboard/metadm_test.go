package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// actions lists the sender actions of a kind the emulator received, for one customer.
func actions(emu *meta.Server, to, action string) int {
	n := 0
	for _, s := range emu.Sent() {
		if s.To == to && s.Action == action {
			n++
		}
	}
	return n
}

// newMetaInbox is a running Switchboard with a Messenger inbox (host "messenger") or an
// Instagram one on a host, with how to find the conversation of a customer by their id.
func newMetaInbox(t *testing.T, url, host string) (*msSetup, func(string) string) {
	if host == "messenger" {
		w := newMessenger(t, url, false)
		return w, func(id string) string { return w.conv(t, id) }
	}
	w := newInstagram(t, url, host, false)
	return w, func(id string) string { return igConv(t, w, id) }
}

// bothMeta are a Messenger inbox and an Instagram one (on Instagram Login's host), for
// eachMetaInbox.
var bothMeta = []string{"messenger", instagram.HostInstagram}

// eachMetaInbox runs fn on a fresh Switchboard of each engine with an inbox of each host given
// ("messenger", or an Instagram host), in turn.
func eachMetaInbox(t *testing.T, hosts []string, fn func(t *testing.T, host string, w *msSetup, conv func(string) string)) {
	for _, e := range sqltest.Engines(t) {
		for _, host := range hosts {
			t.Run(e.Name+"/"+host, func(t *testing.T) {
				_, url := e.Open(t, sqltest.Options{})
				w, conv := newMetaInbox(t, url, host)
				fn(t, host, w, conv)
			})
		}
	}
}

// signedIn is another browser on the same server, signed in as someone else.
func signedIn(t *testing.T, a *app, email, password string) *app {
	jar, _ := cookiejar.New(nil)
	b := &app{t: t, base: a.base, env: a.env, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	b.do("POST", "/api/v1/auth/login", obj{"email": email, "password": password}, 200, nil)
	return b
}

// TestMetaTyping: an agent typing in a Messenger or Instagram conversation shows the customer
// one typing_on however often the composer calls, and typing_off when asked (once); the channel
// says it can (capabilities.typing, as web chat's does too, no other channel's); a closed window and an agent who
// cannot see the conversation are refused with nothing sent; reading the thread marks it seen.
func TestMetaTyping(t *testing.T) {
	eachMetaInbox(t, bothMeta, func(t *testing.T, host string, w *msSetup, conv func(string) string) {
		a := w.a
		var chans struct{ Items []obj }
		a.do("GET", "/api/v1/channels", nil, 200, &chans)
		for _, c := range chans.Items {
			caps := c["capabilities"].(obj)
			want := c["kind"] == "messenger" || c["kind"] == "instagram" || c["kind"] == "webchat"
			if caps["typing"] != want {
				t.Errorf("%s: capabilities.typing = %v", c["kind"], caps["typing"])
			}
			if hearts, _ := caps["reaction_emojis"].([]any); (c["kind"] == "instagram") != (len(hearts) == 1 && hearts[0] == instagram.Love) {
				t.Errorf("%s: capabilities.reaction_emojis = %v", c["kind"], hearts)
			}
		}
		const id, old = "7100000000000001", "7100000000000002"
		w.deliver(t, w.emu.Text(id, "m_T1", "are you there?", time.Time{}))
		w.deliver(t, w.emu.Text(old, "m_T2", "hello", time.Now().Add(-3*24*time.Hour)))
		c := conv(id)

		for range 5 { // keystrokes
			a.do("POST", c+"/typing", obj{"typing": true}, 204, nil)
		}
		if n := actions(w.emu, id, "typing_on"); n != 1 {
			t.Errorf("%s: %d typing_on, want 1 for a burst of keystrokes", host, n)
		}
		a.do("POST", c+"/typing", obj{"typing": false}, 204, nil)
		a.do("POST", c+"/typing", obj{"typing": false}, 204, nil)
		if n := actions(w.emu, id, "typing_off"); n != 1 {
			t.Errorf("%s: %d typing_off, want 1", host, n)
		}
		a.do("POST", c+"/typing", obj{"typing": true}, 204, nil) // typing again after a pause
		if n := actions(w.emu, id, "typing_on"); n != 2 {
			t.Errorf("%s: %d typing_on after typing_off, want 2", host, n)
		}

		a.do("POST", conv(old)+"/typing", obj{"typing": true}, 422, nil)
		if n := actions(w.emu, old, "typing_on"); n != 0 {
			t.Errorf("%s: typing shown outside the window", host)
		}
		a.do("POST", "/api/v1/agents", obj{"name": "Bob Outsider", "email": "bob@example.com", "role": "agent", "password": "a long password"}, 201, nil)
		bob := signedIn(t, a, "bob@example.com", "a long password")
		a.do("POST", c+"/typing", obj{"typing": false}, 204, nil)
		bob.do("POST", c+"/typing", obj{"typing": true}, 404, nil)
		if n := actions(w.emu, id, "typing_on"); n != 2 {
			t.Errorf("%s: an outsider's typing reached the customer", host)
		}

		// Opening the thread (marking it read) marks it seen for the customer.
		a.do("POST", c+"/read", nil, 204, nil)
		for deadline := time.Now().Add(20 * time.Second); actions(w.emu, id, "mark_seen") == 0 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		if actions(w.emu, id, "mark_seen") == 0 {
			t.Errorf("%s: reading the thread marked nothing seen", host)
		}
	})
}

// TestMetaProfilePicture: a new Messenger or Instagram customer gets their name and picture from
// the User Profile API; the picture is kept by Switchboard (Meta's link expires) and served
// from our own address to those who see the contact, no one else.
func TestMetaProfilePicture(t *testing.T) {
	eachMetaInbox(t, bothMeta, func(t *testing.T, host string, w *msSetup, _ func(string) string) {
		a := w.a
		const id = "7200000000000001"
		w.emu.SetName(id, "Rita", "Moreno")
		w.emu.SetPicture(id, pngPixel, "image/png")
		w.deliver(t, w.emu.Text(id, "m_P1", "hi there", time.Time{}))
		var c obj
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) == 1 && list.Items[0]["contact_avatar_url"] != "" {
				c = list.Items[0]
				break
			}
		}
		if c == nil {
			t.Fatalf("%s: the contact got no picture", host)
		}
		pic, _ := c["contact_avatar_url"].(string)
		if !strings.HasPrefix(pic, "/api/v1/contacts/") || !strings.Contains(pic, "/picture?v=") {
			t.Errorf("%s: avatar %q is not our own address", host, pic)
		}
		if want := map[string]string{"messenger": "Rita Moreno", "instagram": "Rita Moreno"}[host]; c["contact_name"] != want {
			t.Errorf("%s: named %v", host, c["contact_name"])
		}
		res, err := a.client.Get(a.base + pic)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, pngPixel) {
			t.Errorf("%s: the picture answered %d %s, %d bytes", host, res.StatusCode, res.Header.Get("Content-Type"), len(got))
		}
		a.do("POST", "/api/v1/agents", obj{"name": "Bob Outsider", "email": "bob@example.com", "role": "agent", "password": "a long password"}, 201, nil)
		bob := signedIn(t, a, "bob@example.com", "a long password")
		bob.do("GET", pic, nil, 404, nil)
	})
}

// TestInstagramDetails: Instagram takes ❤️ only, so any other reaction is refused before
// Instagram is called, saying so; an unsend that comes before the message it unsends hides the
// message as it arrives, once, and its words never show.
func TestInstagramDetails(t *testing.T) {
	eachMetaInbox(t, []string{instagram.HostInstagram}, func(t *testing.T, _ string, w *msSetup, conv func(string) string) {
		a := w.a
		const igsid = "6100000000000001"
		w.deliver(t, w.emu.Text(igsid, "ig_R1", "do you have it in red?", time.Time{}))
		c := conv(igsid)
		in := w.said(c)[0]
		var refused struct {
			Error struct {
				Message string
				Fields  map[string]string
			}
		}
		before := len(w.emu.Sent())
		a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": "\U0001F44D"}, 400, &refused)
		if !strings.Contains(refused.Error.Message, instagram.Love) || refused.Error.Fields["emoji"] == "" {
			t.Errorf("refusal: %+v", refused.Error)
		}
		if m := w.said(c)[0]; m["reactions"] != nil && len(m["reactions"].([]any)) > 0 {
			t.Errorf("the refused reaction was kept: %v", m["reactions"])
		}
		a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": instagram.Love}, 200, nil)
		if s := w.waitSent(t, before+1)[before]; s.Action != "react" || s.Body["payload"].(obj)["reaction"] != "love" {
			t.Errorf("sent %+v", s.Body)
		}

		// The unsend first, then the message it unsends; then the unsend again (a replay).
		w.deliver(t, w.emu.Unsend(igsid, "ig_LATE"))
		w.deliver(t, w.emu.Text(igsid, "ig_LATE", "my card is 4111 1111", time.Time{}))
		check := func(when string) {
			t.Helper()
			var th struct{ Items []obj }
			a.do("GET", c+"/messages", nil, 200, &th)
			unsent, milestones := 0, 0
			for _, m := range th.Items {
				if strings.Contains(fmt.Sprint(m), "4111") {
					t.Errorf("%s: the unsent words show: %v", when, m)
				}
				if ct, _ := m["content"].(obj); ct != nil && ct["unsent"] == true {
					unsent++
				}
				if m["kind"] == "activity" && strings.Contains(fmt.Sprint(m["text"]), "unsent") {
					milestones++
				}
			}
			if unsent != 1 || milestones != 1 {
				t.Errorf("%s: %d unsent messages and %d milestones, want 1 each: %v", when, unsent, milestones, th.Items)
			}
		}
		check("as the message arrived")
		w.deliver(t, w.emu.Unsend(igsid, "ig_LATE"))
		check("after a replay")
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
		if p := fmt.Sprint(list.Items[0]["last_message_preview"]); strings.Contains(p, "4111") {
			t.Errorf("the preview shows the unsent words: %q", p)
		}
	})
}

// TestInstagramImageByURL: with Switchboard's public address in its settings, an Instagram inbox
// sends an image by a signed link to it, which Instagram fetches without credentials; any other
// file is still uploaded. A public address that is not one is refused.
func TestInstagramImageByURL(t *testing.T) {
	eachMetaInbox(t, []string{instagram.HostInstagram}, func(t *testing.T, _ string, w *msSetup, conv func(string) string) {
		a := w.a
		a.do("PATCH", w.inbox, obj{"settings": obj{"account_id": igAccount, "app_id": w.emu.AppID, "api_base_url": w.emu.BaseURL, "public_url": "not a url"}}, 400, nil)
		a.do("PATCH", w.inbox, obj{"settings": obj{"account_id": igAccount, "app_id": w.emu.AppID, "api_base_url": w.emu.BaseURL, "public_url": a.base + "/"},
			"secrets": obj{"access_token": w.emu.Token}}, 200, nil)
		const igsid = "6200000000000009"
		w.deliver(t, w.emu.Text(igsid, "ig_U1", "a photo please", time.Time{}))
		c := conv(igsid)
		before := len(w.emu.Sent())
		up := uploadTo(t, a, "photo.png", "image/png", pngPixel)
		a.do("POST", c+"/messages", obj{"attachment_ids": []any{up["id"]}}, 201, nil)
		att := w.waitSent(t, before+1)[before].Body["message"].(obj)["attachment"].(obj)
		link, _ := att["payload"].(obj)["url"].(string)
		if att["type"] != "image" || !strings.HasPrefix(link, a.base+"/api/v1/attachments/") {
			t.Fatalf("sent %v", att)
		}
		if data, ct, ok := w.emu.Upload(link); !ok || !bytes.Equal(data, pngPixel) || ct != "image/png" {
			t.Errorf("Instagram fetched %d bytes %s %v", len(data), ct, ok)
		}

		before = len(w.emu.Sent())
		pdf := uploadTo(t, a, "terms.pdf", "application/pdf", []byte("%PDF-1.4\n%fake\n"))
		a.do("POST", c+"/messages", obj{"attachment_ids": []any{pdf["id"]}}, 201, nil)
		att = w.waitSent(t, before+1)[before].Body["message"].(obj)["attachment"].(obj)
		if id, _ := att["payload"].(obj)["attachment_id"].(string); att["type"] != "file" || id == "" {
			t.Errorf("a PDF sent as %v", att)
		}
	})
}
