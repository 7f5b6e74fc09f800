//go:build ui

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// consoleErrors collects what a tab logs as an error: console.error calls, uncaught exceptions
// and unhandled rejections, and the browser's own error entries other than the network's (a 404
// answer is logged by Chromium itself for any request, and is the API working as it should).
type consoleErrors struct {
	mu   sync.Mutex
	seen []string
}

func watchConsole(b *tab) *consoleErrors {
	c := &consoleErrors{}
	err := chromedp.Listen(b.ctx, func(ev any) {
		var line string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				line = "console.error: " + strings.Join(args, " ")
			}
		case *runtime.EventExceptionThrown:
			line = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				line += " " + ev.ExceptionDetails.Exception.Description
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError && ev.Entry.Source != log.EntrySourceNetwork {
				line = "log: " + ev.Entry.Text
			}
		}
		if line != "" {
			c.mu.Lock()
			c.seen = append(c.seen, line)
			c.mu.Unlock()
		}
	})
	if err != nil {
		b.t.Fatalf("listen to the console: %v", err)
	}
	b.do(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, log.Enable, cdp.Empty{})
		return chromedp.Void{}, err
	})
	return c
}

// signedInAs gives a fresh browser the session of the app's client, as if the agent had signed
// in there earlier: the page it opens has had no user gesture.
func signedInAs(b *tab, a *app) {
	b.t.Helper()
	u, _ := url.Parse(a.base)
	var secret string
	for _, c := range a.client.Jar.Cookies(u) {
		if c.Name == "sb_session" {
			secret = c.Value
		}
	}
	if secret == "" {
		b.t.Fatal("the app's client has no session")
	}
	b.do(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: "sb_session", Value: secret, URL: a.base, Path: "/"})
		return chromedp.Void{}, err
	})
}

// take returns what was logged since the last take.
func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen
	c.seen = nil
	return s
}

// TestBrowserWords covers alerts and words: notification settings that follow the account into
// a second browser, the audio context running after the first gesture and the chosen sound for a
// customer's reply (the server's live notification asks for it), the count of unread
// conversations in the tab's title and icon, search as you type over all history, a server's
// field error in Italian, and the not-found screen for a conversation the agent may not see and
// for one that does not exist, with nothing logged as an error, at 1440, 1024 and 390 px.
func TestBrowserWords(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	ada := session(t, a.base)
	console := watchConsole(ada)
	ada.firstRun(a, nil)
	var me obj
	a.do("GET", "/api/v1/auth/me", nil, 200, &me)

	// Customers write through an API inbox's token, so their messages are nobody's doing.
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	var tok struct{ Token string }
	a.do("POST", inboxPath+"/token", nil, 201, &tok)
	shop := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok.Token}
	n := 0
	customer := func(from, name, text string) string {
		n++
		var rec struct{ Conversation obj }
		shop.do("POST", inboxPath+"/messages", obj{"from": from, "contact_name": name, "provider_id": fmt.Sprint("m-", n), "text": text}, 201, &rec)
		return fmt.Sprint(rec.Conversation["id"])
	}
	// The sound of a customer's reply in a conversation of mine: the settings' checkbox, and
	// the account's setting.
	soundBox := `document.querySelector('input[data-trigger="message"][data-medium="sound"]')`
	messageSound := func() bool {
		var s struct {
			Triggers map[string]struct{ Sound bool }
		}
		a.do("GET", "/api/v1/notifications/settings", nil, 200, &s)
		return s.Triggers["message"].Sound
	}
	var settings obj
	a.do("GET", "/api/v1/notifications/settings", nil, 200, &settings)
	settings["triggers"].(obj)["message"].(obj)["sound"] = true
	a.do("PUT", "/api/v1/notifications/settings", settings, 200, nil)

	// Another computer, where Ada is signed in and has not touched the page yet. Its Chromium
	// keeps audio silent until a gesture, as browsers do for pages people open; the headless
	// default lets any page play.
	other := session(t, a.base, chromedp.Flag("autoplay-policy", "user-gesture-required"))
	signedInAs(other, a)
	gina := customer("gina", "Gina Sound", "Hello?")
	a.do("POST", "/api/v1/conversations/"+gina+"/assign", obj{"agent_id": me["id"]}, 200, nil)

	t.Run("the audio context runs after the first gesture and a reply sounds", func(t *testing.T) {
		other.t = t
		other.open("/inbox")
		// Polled without the user gesture that tab.wait's polls carry.
		deadline := time.Now().Add(15 * time.Second)
		for !eval[bool](other, `!!window.switchboardAlerts && switchboardAlerts.sound() && switchboardAlerts.live()`) {
			if time.Now().After(deadline) {
				t.Fatal("the alerts did not load with the account's sound on")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if s := eval[string](other, `navigator.userActivation.hasBeenActive + " " + switchboardAlerts.audio()`); s != "false none" {
			t.Fatalf("before any gesture: activation and audio context %q, want false none", s)
		}
		// A real click (the browser's input; el.click() is no user gesture).
		other.do(chromedp.Click(chromedp.CSS(".no-selection")))
		other.wait("the audio context running after a click", `switchboardAlerts.audio() === "running"`)
		before := eval[int](other, `switchboardAlerts.beeps`)
		customer("gina", "", "Are you there?")
		other.wait("the chosen sound for the reply", fmt.Sprintf(`switchboardAlerts.beeps > %d && switchboardAlerts.lastSound === "chime"`, before))
	})

	t.Run("notification settings follow the account into another browser", func(t *testing.T) {
		other.t = t
		other.open("/settings/notifications")
		other.wait("the sound on in the second browser", soundBox+"?.checked === true")
		other.shot("second-browser")
		eval[bool](other, soundBox+".click() || true")
		deadline := time.Now().Add(15 * time.Second)
		for messageSound() && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if messageSound() {
			t.Fatal("turning the sound off in the second browser did not reach the account")
		}
		ada.t = t
		ada.open("/settings/notifications")
		ada.wait("the sound off in the first browser too", soundBox+"?.checked === false")
	})

	t.Run("the tab's title and icon count unread conversations live", func(t *testing.T) {
		ada.t = t
		badge := `document.querySelector("link[rel=icon]").href.includes("circle")`
		ada.open("/inbox")
		ada.wait("one unread in the title", `document.title === "(1) Switchboard"`)
		ada.wait("a badge on the icon", badge)
		ada.click(".row", "Gina Sound")
		ada.waitText(".bubble.in", "Are you there?")
		ada.wait("no count once read", `document.title === "Switchboard"`)
		ada.wait("no badge once read", "!"+badge)
		ada.open("/settings/profile")
		ada.wait("the count loaded", `document.title === "Switchboard"`)
		customer("gina", "", "Hello again")
		ada.wait("the count up live", `document.title === "(1) Switchboard"`)
		ada.wait("the badge back", badge)
		ada.shot("title-count")
		ada.open("/inbox/" + gina)
		ada.waitText(".bubble.in", "Hello again")
		ada.wait("the count down when read", `document.title === "Switchboard"`)
	})

	t.Run("search runs as you type over all history", func(t *testing.T) {
		ada.t = t
		hugo := customer("hugo", "Hugo Archive", "The quokka figurine arrived broken")
		a.do("POST", "/api/v1/conversations/"+hugo+"/resolve", nil, 200, nil)
		ada.open("/inbox?view=all")
		ada.waitText(".row", "Gina Sound")
		ada.typeIn(".search input", "quokka") // no Enter
		ada.waitText(".hit", "Hugo Archive")
		if q := eval[string](ada, "location.search"); !strings.Contains(q, "q=quokka") {
			t.Errorf("the search is not in the URL: %s", q)
		}
		ada.shot("search")
		// Emptying the box returns to the view.
		eval[bool](ada, `(i => (i.value = "", i.dispatchEvent(new Event("input", {bubbles: true})), true))(document.querySelector(".search input"))`)
		ada.waitText(".row", "Gina Sound")
		ada.wait("the query gone from the URL", `!location.search.includes("q=")`)
		// Enter still searches at once.
		ada.typeIn(".search input", "figurine"+kb.Enter)
		ada.waitText(".hit", "Hugo Archive")
	})

	t.Run("a conversation out of the agent's sight is not found", func(t *testing.T) {
		other.t = t
		// Bruno belongs to no inbox: Gina's conversation is none of his.
		a.do("POST", "/api/v1/agents", obj{"name": "Bruno Agent", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, nil)
		jar, _ := cookiejar.New(nil)
		bruno := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
		bruno.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "another long one"}, 200, nil)
		signedInAs(other, bruno)
		seen := watchConsole(other)
		other.open("/inbox/" + gina)
		other.waitText(".missing h2", "Conversation not found")
		other.waitText(".missing", "It was deleted, or you do not have access to it.")
		other.shot("out-of-sight")
		other.click(".missing button", "Back to the inbox")
		other.wait("back in the inbox", `location.pathname === "/inbox" && !document.querySelector(".missing")`)
		if errs := seen.take(); len(errs) > 0 {
			t.Errorf("logged as errors:\n%s", strings.Join(errs, "\n"))
		}
	})

	// The rest speaks Italian.
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "it"}, 200, nil)
	for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {390, 844}} {
		t.Run(fmt.Sprintf("Italian at %d", size.w), func(t *testing.T) {
			ada.t = t
			ada.viewport(size.w, size.h)

			// One width in the dark theme, to look at.
			theme := map[bool]string{true: "dark", false: "light"}[size.w == 1024]
			eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))

			// A field error from the server, in the agent's language.
			ada.open("/settings/profile")
			ada.waitText("h1", "profilo")
			ada.typeIn(`input[name="current_password"]`, "a long password")
			ada.typeIn(`input[name="new_password"]`, "password2024!")
			ada.click("button", "Cambia password")
			ada.waitText(".field-error", "È una delle password più comuni")
			ada.shot("password-error")

			// A conversation that does not exist: a screen that says so, and a way back.
			console.take()
			ada.open("/inbox/999999")
			ada.waitText(".missing h2", "Conversazione non trovata")
			ada.waitText(".missing", "È stata eliminata, o non hai accesso.")
			ada.shot("not-found")
			ada.click(".missing button", "Torna all'inbox")
			ada.wait("back in the inbox", `location.pathname === "/inbox" && !document.querySelector(".missing")`)
			ada.waitText(".row", "Gina Sound")
			if errs := console.take(); len(errs) > 0 {
				t.Errorf("logged as errors:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}
