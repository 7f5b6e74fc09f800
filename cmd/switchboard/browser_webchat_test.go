//go:build ui

package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/switchboardhq/switchboard"
)

// hostPage serves a website of its own (another origin than Switchboard's) with the chat
// snippet, a strict Content Security Policy that names Switchboard's origin only where
// docs/channels.md says, and hostile CSS: every element hidden, every button restyled.
func hostPage(t *testing.T, base string, inbox *any) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hostile.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, `body * { display: none !important; } switchboard-chat { display: none !important; opacity: 0 !important; }
				button { background: red !important; font-size: 40px !important; border: 9px solid lime !important; } * { font-family: serif !important; color: red !important; }`)
		case "/":
			w.Header().Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; style-src 'self'; script-src %[1]s; connect-src %[1]s; img-src %[1]s", base))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>Shoe shop</title><link rel="stylesheet" href="/hostile.css"></head>
				<body><h1>Shoes</h1><button>Buy</button><script src="%s/widget.js" data-inbox="%v" async></script></body></html>`, base, *inbox)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// in is an expression for the element matching css inside the widget's shadow root.
func in(css string) string {
	return fmt.Sprintf(`document.querySelector("switchboard-chat")?.shadowRoot?.querySelector(%s)`, js(css))
}

// inText is an expression for the first element matching css in the widget that shows text.
func inText(css, text string) string {
	return fmt.Sprintf(`[...(document.querySelector("switchboard-chat")?.shadowRoot?.querySelectorAll(%s) || [])].find(e => e.textContent.includes(%s) && e.getClientRects().length)`, js(css), js(text))
}

func TestBrowserWebChat(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) { webChatInBrowser(t, engineURL(t, e)) })
	}
}

func webChatInBrowser(t *testing.T, dbURL string) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	// The shop's page is on another origin (another port) than Switchboard.
	var inbox obj
	var inboxID any
	shop := hostPage(t, a.base, &inboxID)
	a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shoe shop", "settings": obj{"allowed_origins": []string{shop.URL},
		"color": "#aa3300", "greeting": "Hello! How can we help?", "show_agent_avatars": true}}, 201, &inbox)
	inboxID = inbox["id"]
	var secret struct{ Secret string }
	a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/identity-secret", inbox["id"]), nil, 200, &secret)

	vis := session(t, shop.URL)
	vis.open("/")
	// The launcher shows, in the inbox's colour, whatever the page's CSS says.
	shownAt := evalAsync[float64](vis, `new Promise(ok => { const f = () => { const l = `+in(".launcher.shown")+`; l && l.getClientRects().length ? ok(performance.now()) : requestAnimationFrame(f); }; f(); })`)
	script := eval[float64](vis, fmt.Sprintf(`performance.getEntriesByName(%s)[0]?.startTime ?? 0`, js(a.base+"/widget.js")))
	t.Logf("script tag → visible launcher: %.0f ms (page start → launcher %.0f ms)", shownAt-script, shownAt)
	if bg := eval[string](vis, `getComputedStyle(`+in(".launcher")+`).backgroundColor`); bg != "rgb(170, 51, 0)" {
		t.Errorf("the launcher's colour is %s", bg)
	}
	if d := eval[string](vis, `getComputedStyle(document.querySelector("switchboard-chat")).display`); d != "block" {
		t.Errorf("the page's CSS hides the widget: display %s", d)
	}
	vis.shot("webchat-launcher")

	// The visitor opens the chat and writes.
	vis.wait("the launcher", `(l => l ? (l.click(), true) : false)(`+in(".launcher")+`)`)
	vis.wait("the greeting", "!!("+inText(".greet", "How can we help?")+")")
	vis.wait("the composer", "!!"+in("textarea"))
	vis.do(chromedp.SendKeys(chromedp.JSPath(in("textarea")), "Do you have these in size 42?"+kb.Enter))
	vis.wait("the visitor's message", "!!("+inText(".msg.in", "size 42")+")")
	if f := eval[string](vis, `getComputedStyle(`+in(".send")+`).fontSize`); f == "40px" {
		t.Error("the page's button styles reach the widget")
	}

	// Ada sees it live and answers; the visitor sees her typing, then the reply.
	ada.open("/inbox?view=all")
	ada.click(".row", "size 42")
	ada.waitText(".bubble.in", "Do you have these in size 42?")
	vis.wait("the visitor's message seen", "!!("+inText(".msg.in .meta", "Seen")+")")
	ada.waitText(".contact-panel, aside", "Chrome") // the visitor's browser in the contact panel
	ada.typeIn(".composer textarea", "Let me check")
	vis.wait("Ada typing", "!!("+inText(".typing", "Ada Admin")+")")
	ada.typeIn(".composer textarea", " — yes we do!"+kb.Enter)
	vis.wait("Ada's reply", "!!("+inText(".msg.out", "yes we do")+")")
	vis.wait("Ada's name on it", "!!("+inText(".msg.out .who", "Ada Admin")+")")

	// The visitor types: Ada sees it.
	vis.do(chromedp.SendKeys(chromedp.JSPath(in("textarea")), "Gr"))
	ada.waitText(".typing-note", "typing")

	// A picture from the visitor, and one from Ada.
	pic := filepath.Join(t.TempDir(), "foot.png")
	writePNG(t, pic)
	vis.do(chromedp.SetUploadFiles(chromedp.JSPath(in(`input[type="file"]`)), []string{pic}))
	vis.wait("the visitor's picture", `!!`+in(`.msg.in img[alt="foot.png"]`))
	ada.wait("the visitor's picture in the thread", `!!document.querySelector(".bubble.in img")`)
	ada.do(chromedp.SetUploadFiles(chromedp.CSS(`.composer input[type="file"]`), []string{pic}))
	ada.waitText(".pending-files li.ready", "foot.png")
	ada.typeIn(".composer textarea", "Like this one?"+kb.Enter)
	vis.wait("Ada's picture", `(i => i && i.complete && i.naturalWidth > 0)(`+in(`.msg.out img`)+`)`)

	// A reload keeps the visitor and their history.
	vis.open("/")
	vis.wait("the launcher again", `(l => l && l.getClientRects().length ? (l.click(), true) : false)(`+in(".launcher.shown")+`)`)
	vis.wait("the history", "!!("+inText(".msg.in", "size 42")+") && !!("+inText(".msg.out", "yes we do")+")")
	vis.shot("webchat-thread")

	// A forged identity is refused; a signed one merges the visitor with the shop's customer.
	forged := evalAsync[float64](vis, fmt.Sprintf(`fetch(%s, {method: "POST", headers: {"Content-Type": "application/json",
		Authorization: "Visitor " + localStorage.getItem(%s)}, body: JSON.stringify({user_id: "cust-7", user_hash: "00ff"})}).then(r => r.status)`,
		js(fmt.Sprintf("%s/api/v1/widget/%v/identify", a.base, inbox["id"])), js(fmt.Sprintf("switchboard:%s:%v", a.base, inbox["id"]))))
	if forged != 403 {
		t.Errorf("a forged identity answers %v", forged)
	}
	var customer obj
	a.do("POST", "/api/v1/contacts", obj{"name": "Carla Client"}, 201, &customer)
	a.do("POST", fmt.Sprintf("/api/v1/contacts/%v/identities", customer["id"]), obj{"kind": "web", "external_id": switchboard.VisitorUserIdentity("cust-7")}, 201, nil)
	eval[bool](vis, fmt.Sprintf(`Switchboard.identify({user_id: "cust-7", user_hash: %s, name: "Carla Client", email: "carla@example.com"}), true`,
		js(switchboard.UserHash(secret.Secret, "cust-7"))))
	deadline := time.Now().Add(15 * time.Second)
	for {
		var convs struct{ Items []obj }
		a.do("GET", fmt.Sprintf("/api/v1/conversations?view=all&inbox_id=%v", inbox["id"]), nil, 200, &convs)
		if len(convs.Items) == 1 && convs.Items[0]["contact_id"] == customer["id"] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the signed identity did not merge: %v", convs.Items)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Once the team resolves it, the widget opens on the visitor's conversations, where a new one
	// starts; the earlier one stays a click away.
	var convs struct{ Items []obj }
	a.do("GET", fmt.Sprintf("/api/v1/conversations?view=all&inbox_id=%v", inbox["id"]), nil, 200, &convs)
	a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/resolve", convs.Items[0]["id"]), nil, 200, nil)
	vis.open("/")
	vis.wait("the launcher", `(l => l && l.getClientRects().length ? (l.click(), true) : false)(`+in(".launcher.shown")+`)`)
	vis.wait("the earlier conversation", `(b => b ? (b.click(), true) : false)(`+inText("button.new", "New conversation")+`)`)
	vis.do(chromedp.SendKeys(chromedp.JSPath(in("textarea")), "Another question"+kb.Enter))
	vis.wait("the new conversation's message", "!!("+inText(".msg.in", "Another question")+")")
	vis.wait("back to the list", `(b => b && b.getClientRects().length ? (b.click(), true) : false)(`+in(".head button")+`)`)
	vis.wait("both conversations", `(document.querySelector("switchboard-chat").shadowRoot.querySelectorAll("button.conv").length === 2)`)

	// A page on an origin the inbox does not allow gets no chat.
	other := hostPage(t, a.base, &inboxID)
	stranger := session(t, other.URL)
	stranger.open("/")
	stranger.wait("the refused widget to go", `performance.getEntriesByName(`+js(a.base+"/widget.js")+`).length > 0 && !document.querySelector("switchboard-chat")`)
	if !strings.HasPrefix(other.URL, "http://127.0.0.1:") {
		t.Fatalf("unexpected test origin %s", other.URL)
	}
}

// evalAsync evaluates an expression whose value is a promise, and waits for it.
func evalAsync[T any](b *tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
