//go:build ui

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// widths are the screens the first-minutes tests look at: a desktop, a laptop and a phone.
var widths = []struct {
	w, h int64
}{{1440, 900}, {1024, 768}, {390, 844}}

// theme picks the light or the dark theme for the pages opened next: the dark one at 1024 px,
// so that each test looks at both.
func (b *tab) theme(w int64) {
	b.t.Helper()
	theme := "light"
	if w == 1024 {
		theme = "dark"
	}
	eval[bool](b, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
}

// media makes CSS see the given media type ("print"), or the screen again ("").
func (b *tab) media(m string) {
	b.t.Helper()
	b.do(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return chromedp.Void{}, err
	})
}

// TestBrowserFirstMinutes: after the first-run form, the empty inbox guides the admin: "Connect
// your first channel" opens the new-inbox form, whose kinds are only those the server has a
// connector for, and "Open the demo" says how to start it. An agent without admin rights is told
// to ask an admin. Once an inbox exists the guide says conversations will come, and once a
// customer writes it gives way to the list.
func TestBrowserFirstMinutes(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, nil)

	// The kinds the server can connect: those with a connector (a provider).
	var channels struct{ Items []obj }
	a.do("GET", "/api/v1/channels", nil, 200, &channels)
	var working []string
	for _, c := range channels.Items {
		if len(c["providers"].([]any)) > 0 {
			working = append(working, c["kind"].(string))
		}
	}
	if !slices.Contains(working, "whatsapp") || !slices.Contains(working, "messenger") || !slices.Contains(working, "instagram") || slices.Contains(working, "rcs") {
		t.Fatalf("kinds with a connector: %v", working)
	}

	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			b.t = t
			b.viewport(size.w, size.h)
			b.theme(size.w)
			b.open("/inbox")
			b.waitText(".welcome h2", "Welcome to Switchboard")
			b.click(".welcome summary", "Open the demo")
			b.waitText(".welcome-demo pre", "switchboard demo")
			b.shot("guide")
			b.click(".welcome a", "Connect your first channel")
			b.waitText(".modal h2", "New inbox")
			if got := eval[string](b, `location.pathname + location.search`); got != "/settings/inboxes?new" {
				t.Errorf("the guide's link went to %s", got)
			}
			got := eval[[]string](b, `[...document.querySelectorAll('.modal select[name="kind"] option')].map(o => o.value)`)
			if !slices.Equal(got, working) {
				t.Errorf("the form offers %v, want the kinds that work: %v", got, working)
			}
			b.shot("new-inbox")
			b.press(kb.Escape)
			b.gone(".modal h2", "New inbox")
			if got := eval[string](b, `location.search`); got != "" {
				t.Errorf("closing the form left %q in the address", got)
			}
		})
	}

	// In French, on the phone: the longest labels fit.
	b.t = t
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "fr"}, 200, nil)
	b.open("/inbox")
	b.waitText(".welcome h2", "Bienvenue dans Switchboard")
	b.wait("the button on one line, inside the screen", `(r => r.height < 50 && r.left >= 0 && r.right <= innerWidth)(document.querySelector(".welcome a.button").getBoundingClientRect())`)
	b.shot("guide-fr")
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "en"}, 200, nil)

	// An agent without admin rights, in no inbox.
	a.do("POST", "/api/v1/agents", obj{"name": "Bruno Agent", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, nil)
	bru := session(t, a.base)
	bru.open("/inbox")
	bru.typeIn(`input[name="email"]`, "bruno@example.com")
	bru.typeIn(`input[name="password"]`, "another long one")
	bru.click("button", "Sign in")
	bru.waitText(".welcome h2", "No inbox yet")
	bru.waitText(".welcome p", "Ask an admin")
	if eval[bool](bru, `!!document.querySelector(".welcome a, .welcome details")`) {
		t.Error("an agent is offered what only admins can do")
	}
	bru.shot("agent")

	// An inbox, no conversation yet; then a customer writes, and the guide gives way.
	b.viewport(1440, 900)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	b.open("/inbox")
	b.waitText(".welcome h2", "No conversations yet")
	b.waitText(".welcome a", "Check your channels")
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"]), obj{"from": "c-1", "contact_name": "Dora Customer", "provider_id": "m-1", "text": "Hello?"}, 201, nil)
	b.gone(".welcome h2", "No conversations yet")
	b.waitText(".no-selection", "Pick a conversation")
	b.click(".tabs .tab", "Unassigned")
	b.waitText(".row", "Dora Customer")
}

// TestBrowserDemoLanding signs in to `switchboard demo` as its printout says: the inbox opens on
// a view that has the simulated customers' conversations, under a banner that says they are
// simulated.
func TestBrowserDemoLanding(t *testing.T) {
	base, out := startDemo(t, "2s")
	if !strings.Contains(out.String(), "a customer writes about every 2s") {
		t.Errorf("the demo's printout: %q", out.String())
	}
	b := session(t, base)
	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			b.t = t
			b.viewport(size.w, size.h)
			b.open("/")
			b.theme(size.w)
			b.open("/")
			b.waitText("h1", "Sign in")
			b.typeIn(`input[name="email"]`, demoEmail)
			b.typeIn(`input[name="password"]`, demoPassword)
			b.click("button", "Sign in")
			b.waitWithin(30*time.Second, "conversations in the view signing in leads to", `document.querySelectorAll(".row").length > 0`)
			if got := eval[string](b, "location.search"); got != "?view=all" {
				t.Errorf("signed in to %s", got)
			}
			b.waitText(".demo-banner", "simulated WhatsApp, Messenger, Instagram, SMS and website chat customers")
			b.shot("landing")
			b.click(`.rail-button[aria-label="Sign out"]`, "")
			b.waitText("h1", "Sign in")
		})
	}
}

// TestBrowserUnreadMark: two customer messages that arrive while the agent is in another
// conversation are under a "New messages" line when they come back, which is in view; many
// more open the thread at the line rather than at the bottom; the line is gone the next time.
func TestBrowserUnreadMark(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	messages := fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"])
	n := 0
	write := func(from, name, text string) obj {
		n++
		var rec struct{ Conversation obj }
		a.do("POST", messages, obj{"from": from, "contact_name": name, "provider_id": fmt.Sprint("m-", n), "text": text}, 201, &rec)
		return rec.Conversation
	}
	for i := 1; i <= 20; i++ {
		write("dora", "Dora Customer", fmt.Sprintf("Earlier message %d", i))
	}
	dora := write("dora", "Dora Customer", "Earlier message 21")
	eli := write("eli", "Eli Shopper", "Do you ship to Lisbon?")

	// The line's element, and whether it is inside the thread's visible box.
	const mark = `document.querySelector(".messages .unread-mark")`
	const inView = `((m, box) => m && m.getBoundingClientRect().top >= box.getBoundingClientRect().top && m.getBoundingClientRect().bottom <= box.getBoundingClientRect().bottom)(` + mark + `, document.querySelector(".messages"))`
	const atBottom = `(e => e.scrollHeight - e.scrollTop - e.clientHeight < 80)(document.querySelector(".messages"))`

	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			b.t = t
			b.viewport(size.w, size.h)
			b.theme(size.w)
			// A conversation is opened from the list, or on a phone (where the list is hidden
			// while one is open) from its address.
			open := func(c obj, name string) {
				if size.w < 640 {
					b.open(fmt.Sprintf("/inbox/%v?view=all", c["id"]))
				} else {
					b.click(".row", name)
				}
			}
			// Dora's conversation read, then the agent is in Eli's when two messages come.
			b.open(fmt.Sprintf("/inbox/%v?view=all", dora["id"]))
			b.waitText(".thread-title h2", "Dora Customer")
			b.wait("Dora's messages", `document.querySelector(".messages").dataset.loaded === "true"`)
			b.open(fmt.Sprintf("/inbox/%v?view=all", eli["id"]))
			b.waitText(".bubble.in", "Lisbon")
			first := fmt.Sprintf("First new one at %d px", size.w)
			write("dora", "Dora Customer", first)
			write("dora", "Dora Customer", "Second new one")
			open(dora, "Dora Customer")
			b.waitText(".bubble.in", "Second new one")
			b.wait("the line above the first new message", mark+` && `+mark+`.nextElementSibling?.textContent.includes(`+js(first)+`) && `+mark+`.textContent === "New messages"`)
			b.wait("the line in view, the thread at the bottom", inView+" && "+atBottom)
			b.shot("two-new")

			// Many new messages: the thread opens at the line, not at the bottom.
			open(eli, "Eli Shopper")
			b.waitText(".bubble.in", "Lisbon")
			for i := 1; i <= 25; i++ {
				write("dora", "Dora Customer", fmt.Sprintf("Burst %d at %d", i, size.w))
			}
			open(dora, "Dora Customer")
			b.waitText(".bubble.in", fmt.Sprintf("Burst 25 at %d", size.w))
			b.wait("the line above the burst", mark+` && `+mark+`.nextElementSibling?.textContent.includes("Burst 1 at")`)
			b.wait("the line in view, the bottom not", inView+" && !"+atBottom)
			b.shot("many-new")

			// The next time, no line.
			open(eli, "Eli Shopper")
			b.waitText(".bubble.in", "Lisbon")
			open(dora, "Dora Customer")
			b.waitText(".bubble.in", fmt.Sprintf("Burst 25 at %d", size.w))
			b.wait("the thread at the bottom", atBottom)
			if eval[bool](b, "!!"+mark) {
				t.Error("the line is still there on the next opening")
			}
		})
	}
}

// TestBrowserPrintWholeTranscript: Print in the conversation's More menu prints every message,
// not only the page the thread loaded: the print sheet fetches them all, with a header naming the
// contact and the inbox, then opens the print dialog; on paper the app's chrome is gone.
func TestBrowserPrintWholeTranscript(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	messages := fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"])
	// More than one page of the print sheet's (200), and four of the thread's (50).
	const total = 230
	var rec struct{ Conversation obj }
	for i := 1; i <= total; i++ {
		a.do("POST", messages, obj{"from": "dora", "contact_name": "Dora Customer", "provider_id": fmt.Sprint("m-", i), "text": fmt.Sprintf("Line %03d of the story", i)}, 201, &rec)
	}
	count := `document.querySelectorAll(".print-view [data-message]").length`
	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			b.t = t
			b.viewport(size.w, size.h)
			b.theme(size.w)
			b.open(fmt.Sprintf("/inbox/%v?view=all", rec.Conversation["id"]))
			b.waitText(".bubble.in", fmt.Sprintf("Line %03d", total))
			if got := eval[int](b, `document.querySelectorAll(".messages [data-message]").length`); got >= total {
				t.Fatalf("the thread loaded all %d messages: nothing to test", got)
			}
			// The dialog itself is the browser's: counted instead.
			eval[bool](b, `(window.__printed = 0, window.print = () => window.__printed++, true)`)
			b.click(".thread-actions button", "More")
			b.click(".menu[role=menu] button", "Print transcript")
			b.wait("every message on the sheet, then the print dialog", fmt.Sprintf(`%s === %d && window.__printed === 1`, count, total))
			b.waitText(".print-head h1", "Dora Customer")
			b.waitText(".print-head dd", "Shop")
			b.waitText(".print-view .bubble", "Line 001 of the story")
			b.shot("sheet")

			b.media("print")
			b.wait("only the sheet on paper", `getComputedStyle(document.getElementById("app")).display === "none" && getComputedStyle(document.querySelector(".print-tools")).display === "none" && getComputedStyle(document.querySelector(".print-view")).position === "static"`)
			if got := eval[int](b, fmt.Sprintf(`[...document.querySelectorAll(".print-view [data-message]")].filter(e => e.getClientRects().length).length`)); got != total {
				t.Errorf("%d messages printed, want %d", got, total)
			}
			b.shot("paper")
			b.media("")
			b.press(kb.Escape)
			b.wait("the sheet closed", `!document.querySelector(".print-view")`)
		})
	}
}
