//go:build ui

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// chromiumPath finds Debian's Chromium: SWITCHBOARD_TEST_CHROMIUM (set by scripts/test.sh), else
// the PATH. Without one the browser tests skip, except under CI, where they must run.
func chromiumPath(t testing.TB) string {
	if p := os.Getenv("SWITCHBOARD_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium for the browser tests; install Debian's chromium package")
	}
	t.Skip("no Chromium installed; the browser tests need Debian's chromium package")
	return ""
}

// tab is one browser tab driving the app, in a Chromium of its own.
type tab struct {
	t    testing.TB
	ctx  context.Context
	base string
}

// session starts a headless Chromium with a fresh profile and opens a tab: a separate sign-in,
// as on another computer. (A browser context per session would be lighter, but chromedp's
// evaluations hang in one.) flags are added to Chromium's command line.
func session(t testing.TB, base string, flags ...chromedp.ExecAllocatorOption) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // the tests may run as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("ignore-certificate-errors", true), // test servers' own certificates (remote images in mail)
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
	)
	opts = append(opts, flags...)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: base}
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.shot("failure")
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *tab) open(path string) { b.t.Helper(); b.do(chromedp.Navigate(b.base + path)) }

// wait waits until a JavaScript expression is truthy.
func (b *tab) wait(what, expr string) {
	b.t.Helper()
	b.waitWithin(15*time.Second, what, expr)
}

// waitWithin is wait with a deadline of its own, for what is slow on purpose (a benchmark).
func (b *tab) waitWithin(d time.Duration, what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d+5*time.Second)
	defer cancel()
	deadline := time.Now().Add(d)
	// Polled on a timer, not on animation frames: a tab that is not in front, or a page starved
	// of CPU on a loaded machine, may paint no frame for seconds, and a field's value changes no
	// DOM node that a mutation poll would see.
	poll := func(d time.Duration) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond)))
		return err
	}
	err := poll(d)
	// A navigation under way (the page was just opened, or the app reloaded) takes the page's
	// JavaScript context from under the poll (or, when another site sends the browser back, the
	// target itself): poll again in the new one.
	for err != nil && (strings.Contains(err.Error(), "Cannot find context with specified id") || strings.Contains(err.Error(), "Inspected target navigated")) &&
		time.Now().Before(deadline) {
		err = poll(time.Until(deadline))
	}
	if err != nil {
		b.shot("failure")
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		defer cancel()
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 2000)`))
		field, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`String(document.activeElement?.value ?? "(the focus is not on a field)")`))
		b.t.Fatalf("waiting for %s: %v\nfocused field: %q\npage text:\n%s", what, err, field, body)
	}
}

// js renders a Go value as a JavaScript literal.
func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// findExpr is an expression for the first element matching css whose text contains text.
func findExpr(css, text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%s)].find(e => e.textContent.includes(%s) && e.getClientRects().length)`, js(css), js(text))
}

// waitText waits until an element matching css shows text.
func (b *tab) waitText(css, text string) {
	b.t.Helper()
	b.wait(fmt.Sprintf("%q in %s", text, css), "!!("+findExpr(css, text)+")")
}

// gone waits until no element matching css shows text.
func (b *tab) gone(css, text string) {
	b.t.Helper()
	b.wait(fmt.Sprintf("%q to leave %s", text, css), "!("+findExpr(css, text)+")")
}

// click clicks the first element matching css that shows text, as soon as there is one. The
// click is the element's own (el.click()), which a re-render between finding the element and
// pressing the mouse cannot lose.
func (b *tab) click(css, text string) {
	b.t.Helper()
	// The poll may evaluate its predicate more than once; a stamp makes it click once.
	clicks++
	stamp := fmt.Sprint(clicks)
	b.wait(fmt.Sprintf("%q in %s to click", text, css),
		fmt.Sprintf(`(el => el ? (window.__clicked !== %q && (window.__clicked = %q, el.click()), true) : false)(%s)`, stamp, stamp, findExpr(css, text)))
}

// clicks numbers the clicks of a test run.
var clicks int

// typeIn focuses the field matching css and types text as keystrokes.
func (b *tab) typeIn(css, text string) {
	b.t.Helper()
	b.wait(css, fmt.Sprintf("!!document.querySelector(%s)", js(css)))
	b.do(chromedp.SendKeys(chromedp.CSS(css), text))
}

// mouseDown presses the mouse on the first element matching css that shows text, as choosing
// from a suggestion list does.
func (b *tab) mouseDown(css, text string) {
	b.t.Helper()
	b.waitText(css, text)
	eval[bool](b, "("+findExpr(css, text)+`).dispatchEvent(new MouseEvent("mousedown", {bubbles: true, cancelable: true})) || true`)
}

// firstRun creates the admin Ada through the setup form and waits for the inbox; check, if set,
// runs on the setup form first. The app a is then signed in as Ada too, for the API side.
func (b *tab) firstRun(a *app, check func()) {
	b.t.Helper()
	b.open("/")
	b.waitText("h1", "Welcome to Switchboard")
	b.shot("setup")
	if check != nil {
		check()
	}
	b.typeIn(`input[name="name"]`, "Ada Admin")
	b.typeIn(`input[name="email"]`, "ada@example.com")
	b.typeIn(`input[name="password"]`, "a long password")
	b.click("button", "Create admin and sign in")
	b.waitText(".tabs", "Unassigned")
	a.do("POST", "/api/v1/auth/login", obj{"email": "ada@example.com", "password": "a long password"}, 200, nil)
}

// press types keys into whatever has the focus, as a user pressing shortcuts.
func (b *tab) press(keys string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(keys))
}

// viewport sets the tab's size, as a phone below 640 px.
func (b *tab) viewport(w, h int64) {
	b.t.Helper()
	if w < 640 {
		b.do(chromedp.EmulateViewport(w, h, chromedp.EmulateMobile))
	} else {
		b.do(chromedp.EmulateViewport(w, h))
	}
}

// eval returns the value of a JavaScript expression.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot saves a screenshot when SWITCHBOARD_SCREENSHOTS names a folder, to look at what users see.
func (b *tab) shot(name string) {
	dir := os.Getenv("SWITCHBOARD_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(b.t.Name(), "/", "_")+"-"+name+".png"), png, 0o644)
	}
}

// TestBrowser drives the agent interface in Chromium against the real server and store: first
// run, sign-in, the list with its filters and search, a conversation with a reply, a note and a
// canned response, assigning, labelling, snoozing and resolving, mark all read, and a customer
// message arriving live in a second agent's session.
func TestBrowser(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			url := engineURL(t, e)
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			ada := session(t, a.base)

			// First run: the setup form creates the admin and opens the inbox.
			ada.firstRun(a, nil)

			// The API side of the world: an API inbox, and Bruno, a second agent.
			var bruno, inbox obj
			a.do("POST", "/api/v1/agents", obj{"name": "Bruno Agent", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, &bruno)
			// Olga belongs to no inbox: she cannot see the conversations, nor be mentioned in them.
			a.do("POST", "/api/v1/agents", obj{"name": "Olga Outsider", "email": "olga@example.com", "password": "another long one", "role": "agent"}, 201, nil)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			a.do("PUT", inboxPath+"/members", obj{"agent_ids": []any{bruno["id"]}, "team_ids": []any{}}, 200, nil)
			a.do("POST", "/api/v1/canned-responses", obj{"shortcut": "thanks", "title": "Thank you", "content": "Thanks {{contact.name}}, happy to help!"}, 201, nil)
			var first struct{ Conversation obj }
			a.do("POST", inboxPath+"/messages", obj{"from": "cust-1", "contact_name": "Dora Customer", "provider_id": "m-1", "text": "Is my order late?"}, 201, &first)
			a.do("POST", inboxPath+"/messages", obj{"from": "cust-2", "contact_name": "Eli Shopper", "provider_id": "m-2", "text": "Do you ship to Lisbon?"}, 201, nil)
			conv := fmt.Sprintf("/api/v1/conversations/%v", first.Conversation["id"])

			// Bruno signs in on another computer and keeps the unassigned view open.
			bru := session(t, a.base)
			bru.open("/inbox?view=unassigned")
			bru.waitText("h1", "Sign in")
			bru.typeIn(`input[name="email"]`, "bruno@example.com")
			bru.typeIn(`input[name="password"]`, "another long one")
			bru.click("button", "Sign in")
			bru.waitText(".row", "Dora Customer")

			t.Run("list views, filters and search", func(t *testing.T) {
				ada.t = t
				ada.open("/inbox?view=unassigned")
				ada.waitText(".row", "Dora Customer")
				ada.waitText(".row", "Eli Shopper")
				ada.shot("list")
				// Filters live in the URL: a label nobody has empties the list.
				a.do("POST", "/api/v1/labels", obj{"name": "vip", "color": "#d1242f"}, 201, nil)
				ada.open("/inbox?view=unassigned&label=vip")
				ada.waitText(".empty", "No conversations here.")
				ada.open("/inbox?view=all&status=resolved")
				ada.waitText(".empty", "No conversations here.")
				// Search finds message text anywhere in the history.
				ada.open("/inbox?view=all")
				ada.typeIn(`.search input`, "Lisbon"+kb.Enter)
				ada.waitText(".hit", "Eli Shopper")
				if !strings.Contains(eval[string](ada, "location.search"), "q=Lisbon") {
					t.Errorf("the search is not in the URL: %s", eval[string](ada, "location.search"))
				}
			})

			t.Run("open a conversation and reply, note and use a canned response", func(t *testing.T) {
				ada.t = t
				ada.open("/inbox?view=unassigned")
				ada.click(".row", "Dora Customer")
				ada.waitText(".bubble.in", "Is my order late?")
				ada.typeIn(".composer textarea", "It ships today."+kb.Enter)
				ada.waitText(".bubble.out", "It ships today.")
				ada.click(".composer .tab", "Note")
				ada.typeIn(".composer textarea", "Check the courier tomorrow"+kb.Enter)
				ada.waitText(".bubble.note", "Check the courier tomorrow")
				ada.click(".composer .tab", "Reply")
				ada.typeIn(".composer textarea", "/tha")
				// Chosen with the mouse: Chromium's remote key events type an Enter even when the page
				// takes the key for itself, which a real keyboard does not.
				ada.mouseDown(".canned-menu li", "/thanks")
				ada.wait("the canned response filled in", `document.querySelector(".composer textarea").value === "Thanks Dora Customer, happy to help!"`)
				ada.typeIn(".composer textarea", kb.Enter)
				ada.waitText(".bubble.out", "Thanks Dora Customer, happy to help!")
				// A picture attached with the button goes out with the reply and shows in the thread.
				pic := filepath.Join(t.TempDir(), "parcel.png")
				writePNG(t, pic)
				ada.do(chromedp.SetUploadFiles(chromedp.CSS(`.composer input[type="file"]`), []string{pic}))
				ada.waitText(".pending-files li.ready", "parcel.png")
				ada.typeIn(".composer textarea", "Photo of your parcel"+kb.Enter)
				ada.waitText(".bubble.out", "Photo of your parcel")
				ada.wait("the picture shown", `[...document.querySelectorAll(".bubble.out img.media")].some(i => i.complete && i.naturalWidth === 3)`)
				ada.waitText(".shared-files", "parcel.png") // and among the contact's shared files
				ada.shot("thread")
				// Each reply was sent once.
				var thread struct{ Items []obj }
				a.do("GET", conv+"/messages", nil, 200, &thread)
				count := map[string]int{}
				for _, m := range thread.Items {
					count[m["text"].(string)]++
				}
				if count["Photo of your parcel"] != 1 || count["It ships today."] != 1 || count["Thanks Dora Customer, happy to help!"] != 1 || count["Check the courier tomorrow"] != 1 {
					t.Errorf("thread holds %v", count)
				}
			})

			t.Run("assign, label, snooze and resolve", func(t *testing.T) {
				ada.t = t
				ada.click(".thread-actions button", "Ada Admin") // replying assigned Ada; give it to Bruno
				ada.click(".menu button", "Bruno Agent")
				ada.waitText(".thread-actions button", "Bruno Agent")
				ada.click(".thread-actions button", "More") // labels are under More
				ada.click(".menu button", "Labels")
				ada.click(".menu button", "vip")
				ada.waitText(".thread-labels", "vip")
				ada.click(".thread-actions button", "Snooze")
				ada.click(".menu button", "1 hour")
				ada.waitText(".thread-title .status-badge", "Snoozed")
				ada.click(".thread-actions button", "Resolve")
				ada.waitText(".thread-title .status-badge", "Resolved")
				ada.shot("resolved")
				var c obj
				a.do("GET", conv, nil, 200, &c)
				if c["status"] != "resolved" || c["assignee_id"] != bruno["id"] || fmt.Sprint(c["labels"]) != "[vip]" {
					t.Errorf("conversation %v", c)
				}
			})

			t.Run("edit the contact, with a custom field", func(t *testing.T) {
				ada.t = t
				ada.click(".contact-card button", "Edit")
				ada.click(".attributes button", "Add a field")
				ada.typeIn(`.attribute input[aria-label="Field"]`, "plan")
				ada.typeIn(`.attribute input[aria-label="Value"]`, "gold")
				ada.click(".contact-form button", "Save")
				ada.waitText(".contact-details", "gold")
				var c struct{ Attributes map[string]any }
				a.do("GET", fmt.Sprintf("/api/v1/contacts/%v", first.Conversation["contact_id"]), nil, 200, &c)
				if c.Attributes["plan"] != "gold" {
					t.Errorf("contact attributes %v", c.Attributes)
				}
			})

			t.Run("keyboard shortcuts and mentions", func(t *testing.T) {
				ada.t = t
				bru.t = t
				bru.open("/inbox?view=mentions")
				bru.waitText(".empty", "No conversations here.")
				ada.open("/inbox?view=unassigned")
				ada.waitText(".row", "Eli Shopper")
				eval[bool](ada, `(document.activeElement.blur(), true)`)
				ada.press("j") // opens the first conversation
				ada.waitText(".bubble.in", "Do you ship to Lisbon?")
				ada.press("?")
				ada.waitText(".modal", "Keyboard shortcuts")
				ada.press(kb.Escape)
				ada.gone(".modal", "Keyboard shortcuts")
				ada.press("n") // note mode, with the composer focused
				ada.wait("note mode", `document.querySelector(".composer.note-mode textarea") === document.activeElement`)
				// Chromium's remote key events may type the shortcut's letter into the field it
				// focused, which a real keyboard does not: start from an empty field.
				// The field is emptied as a user would (an input event), so the component's state
				// follows; a letter that arrives late shows in the failure message.
				eval[bool](ada, `(ta => (ta.value = "", ta.dispatchEvent(new Event("input", {bubbles: true})), true))(document.querySelector(".composer textarea"))`)
				ada.typeIn(".composer textarea", "@")
				ada.waitText(".canned-menu li", "Bruno Agent")
				if offered := eval[string](ada, `document.querySelector(".canned-menu").innerText`); strings.Contains(offered, "Olga") {
					t.Errorf("the mention picker offers an agent who cannot see the conversation: %q", offered)
				}
				ada.typeIn(".composer textarea", "Bru")
				ada.mouseDown(".canned-menu li", "Bruno Agent")
				ada.typeIn(".composer textarea", "can you answer this one?"+kb.Enter)
				ada.waitText(".bubble.note", "@Bruno Agent can you answer this one?")
				// Bruno's Mentions view takes it live.
				bru.waitText(".row", "Eli Shopper")
			})

			t.Run("a customer message arrives live in another session", func(t *testing.T) {
				bru.t = t
				bru.open("/inbox?view=unassigned")
				bru.waitText(".row", "Eli Shopper")
				a.do("POST", inboxPath+"/messages", obj{"from": "cust-3", "contact_name": "Fay Newcomer", "provider_id": "m-3", "text": "Hello, anyone there?"}, 201, nil)
				bru.waitText(".row", "Fay Newcomer")
				bru.waitText(".row.unread", "Hello, anyone there?")
				bru.click(".row", "Fay Newcomer")
				bru.waitText(".bubble.in", "Hello, anyone there?")
				// And a second message in the open conversation appears in its thread.
				a.do("POST", inboxPath+"/messages", obj{"from": "cust-3", "provider_id": "m-4", "text": "I need help with a return"}, 201, nil)
				bru.waitText(".bubble.in", "I need help with a return")
				bru.shot("live")
			})

			t.Run("mark all read", func(t *testing.T) {
				bru.t = t
				bru.open("/inbox?view=unassigned")
				bru.waitText(".row.unread", "Eli Shopper")
				bru.click(".list-tools button", "Mark all read")
				bru.wait("every row read", `document.querySelectorAll(".row").length > 0 && document.querySelectorAll(".row.unread").length === 0`)
			})

			t.Run("a long list loads page after page and stays virtualised", func(t *testing.T) {
				bru.t = t
				for i := range 130 {
					a.do("POST", inboxPath+"/messages", obj{"from": fmt.Sprintf("bulk-%d", i), "contact_name": fmt.Sprintf("Bulk Customer %03d", i),
						"provider_id": fmt.Sprintf("bulk-%d", i), "text": "Hi"}, 201, nil)
				}
				bru.open("/inbox?view=unassigned")
				bru.waitText(".row", "Bulk Customer 129")
				// Scrolling to the end loads the next page, until all 132 unassigned ones are in.
				bru.wait("every page loaded while scrolling",
					`(el => (el.scrollTop = el.scrollHeight, Number(el.dataset.count) >= 132))(document.querySelector(".rows"))`)
				bru.waitText(".row", "Bulk Customer 000")
				if n := eval[int](bru, `document.querySelectorAll(".row").length`); n > 60 {
					t.Errorf("%d rows in the page for %d loaded: the list is not virtualised", n, 132)
				}
			})

			t.Run("on a phone, in the dark", func(t *testing.T) {
				bru.t = t
				bru.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
				defer bru.do(chromedp.EmulateViewport(1400, 900))
				eval[bool](bru, `(localStorage.setItem("switchboard.theme", "dark"), true)`)
				defer eval[bool](bru, `(localStorage.removeItem("switchboard.theme"), true)`)
				bru.open("/inbox?view=unassigned")
				bru.waitText(".row", "Bulk Customer 129")
				if bg := eval[string](bru, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(13, 17, 23)" {
					t.Errorf("dark theme background %s", bg)
				}
				bru.shot("phone-list")
				bru.click(".row", "Bulk Customer 129")
				bru.waitText(".bubble.in", "Hi")
				// One pane at a time: the thread replaces the list, with a way back.
				bru.wait("the list hidden", `getComputedStyle(document.querySelector(".list-pane")).display === "none"`)
				bru.shot("phone-thread")
				bru.click(".back", "Back")
				bru.waitText(".row", "Bulk Customer 129")
			})

			t.Run("sign out and in again", func(t *testing.T) {
				ada.t = t
				ada.do(chromedp.Click(chromedp.CSS(`.rail-button`)))
				ada.waitText("h1", "Sign in")
				ada.typeIn(`input[name="email"]`, "ada@example.com")
				ada.typeIn(`input[name="password"]`, "wrong password")
				ada.click("button", "Sign in")
				ada.waitText(".form-error", "")
				eval[bool](ada, `(document.querySelector('input[name="password"]').value = "") === ""`)
				ada.typeIn(`input[name="password"]`, "a long password")
				ada.click("button", "Sign in")
				ada.waitText(".tabs", "Mine")
			})
		})
	}
}

// writePNG writes a 3×2 picture.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// engineURL opens a fresh database of the engine for one test.
func engineURL(t *testing.T, name string) string {
	t.Helper()
	for _, e := range sqltest.Engines(t) {
		if e.Name == name {
			_, url := e.Open(t, sqltest.Options{})
			return url
		}
	}
	t.Skipf("%s is not available", name)
	return ""
}
