package main

import (
	"net/http"
	"net/http/cookiejar"
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

// signedIn is another browser on the same server, signed in as someone else.
func signedIn(t *testing.T, a *app, email, password string) *app {
	jar, _ := cookiejar.New(nil)
	b := &app{t: t, base: a.base, env: a.env, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	b.do("POST", "/api/v1/auth/login", obj{"email": email, "password": password}, 200, nil)
	return b
}

// TestMetaTyping: an agent typing in a Messenger or Instagram conversation shows the customer
// one typing_on however often the composer calls, and typing_off when asked (once); the channel
// says it can (capabilities.typing, no other channel does); a closed window and an agent who
// cannot see the conversation are refused with nothing sent.
func TestMetaTyping(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for _, host := range []string{"messenger", instagram.HostInstagram} {
				_, url := e.Open(t, sqltest.Options{})
				var w *msSetup
				var conv func(string) string
				if host == "messenger" {
					w = newMessenger(t, url, false)
					conv = func(id string) string { return w.conv(t, id) }
				} else {
					w = newInstagram(t, url, host, false)
					conv = func(id string) string { return igConv(t, w, id) }
				}
				a := w.a
				var chans struct{ Items []obj }
				a.do("GET", "/api/v1/channels", nil, 200, &chans)
				for _, c := range chans.Items {
					caps := c["capabilities"].(obj)
					want := c["kind"] == "messenger" || c["kind"] == "instagram"
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

			}
		})
	}
}
