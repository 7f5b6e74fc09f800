//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pv is an expression for the element matching css in the settings' live preview.
func pv(css string) string {
	return fmt.Sprintf(`document.querySelector('[data-testid="wc-preview"]')?.shadowRoot?.querySelector(%s)`, js(css))
}

// TestBrowserWebChatSettings: an admin opens a web chat inbox's settings, sees the live preview
// follow the colour, launcher text, greeting and position as they type, copies the snippet (with
// this server's address and the inbox's id), reveals and rotates the identity secret, chooses the
// email inbox of continuity by email and the conversation options, and saves. At 1440, 1024 (dark) and 390 px.
func TestBrowserWebChatSettings(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			var mail, inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "email", "name": "Support mail", "settings": obj{"address": "support@shop.test",
				"imap_host": "127.0.0.1", "smtp_host": "127.0.0.1"}, "secrets": obj{"password": "secret"}}, 201, &mail)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shoe shop", "settings": obj{"allowed_origins": []string{"https://shoes.example.com"}}}, 201, &inbox)
			var before struct{ Secret string }
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/identity-secret", inbox["id"]), nil, 200, &before)

			for _, w := range []int64{1440, 1024, 390} {
				ada.theme(w)
				ada.viewport(w, 900)
				ada.open("/settings/inboxes")
				settingsOpen(ada, ".row-actions button", "Web chat")
				ada.wait("the preview's launcher", "!!"+pv(".launcher"))
				if bg := eval[string](ada, `getComputedStyle(`+pv(".launcher")+`).backgroundColor`); bg != "rgb(31, 111, 235)" && w == 1440 {
					t.Errorf("the preview's launcher starts %s, want the default blue", bg)
				}
				settingsChoose(ada, `[data-testid="wc-color"]`, "#aa3300")
				ada.wait("the preview in the new colour", `getComputedStyle(`+pv(".launcher")+`).backgroundColor === "rgb(170, 51, 0)" && getComputedStyle(`+pv(".head")+`).backgroundColor === "rgb(170, 51, 0)"`)
				ada.typeIn(`[data-testid="wc-launcher"]`, "Chat")
				ada.wait("the launcher text as typed", pv(".lt")+`.textContent === "Chat"`)
				ada.typeIn(`[data-testid="wc-greeting"]`, "Welcome to the shoe shop!")
				ada.wait("the greeting", pv(".greet")+`.textContent === "Welcome to the shoe shop!"`)
				settingsChoose(ada, `[data-testid="wc-language"]`, "it")
				ada.wait("the preview in Italian", pv(".compose .ta")+`.textContent === "Scrivi un messaggio…"`)
				settingsChoose(ada, `[data-testid="wc-position"]`, "left")
				ada.wait("the launcher on the left", `(l => { const r = l.getBoundingClientRect(), p = l.getRootNode().host.getBoundingClientRect(); return r.left - p.left < p.right - r.right; })(`+pv(".launcher")+`)`)

				snippet := eval[string](ada, `document.querySelector('[data-testid="wc-snippet"]').textContent`)
				if want := fmt.Sprintf(`<script src="%s/widget.js" data-inbox="%v" async></script>`, a.base, inbox["id"]); snippet != want {
					t.Errorf("snippet %s, want %s", snippet, want)
				}
				ada.click(`[data-testid="wc-copy-snippet"]`, "Copy")
				ada.waitText(`[data-testid="wc-copy-snippet"]`, "Copied")
				ada.shot(fmt.Sprintf("webchat-settings-%d", w))
				if w != 390 {
					ada.audit(fmt.Sprintf("web chat settings at %d", w))
				}
				eval[bool](ada, `(document.querySelector('[data-testid="wc-secret"]').scrollIntoView({block: "center"}), true)`)
				ada.shot(fmt.Sprintf("webchat-settings-%d-snippet", w))
				ada.click(".modal button", "Cancel")
				ada.gone(".modal", "")
			}

			// The secret: revealed, then rotated.
			ada.viewport(1440, 900)
			settingsOpen(ada, ".row-actions button", "Web chat")
			ada.click(`[data-testid="wc-secret-show"]`, "Show")
			ada.waitText(`[data-testid="wc-secret"]`, before.Secret)
			ada.click(`[data-testid="wc-secret-rotate"]`, "Rotate")
			ada.click(".modal button.danger", "Rotate")
			ada.wait("a new secret", `(s => s && s.textContent.length > 20 && s.textContent !== `+js(before.Secret)+`)(document.querySelector('[data-testid="wc-secret"]'))`)
			shown := eval[string](ada, `document.querySelector('[data-testid="wc-secret"]').textContent`)
			var after struct{ Secret string }
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/identity-secret", inbox["id"]), nil, 200, &after)
			if after.Secret != shown || after.Secret == before.Secret {
				t.Errorf("after rotating the page shows %q, the server has %q (before %q)", shown, after.Secret, before.Secret)
			}

			// Look and continuity by email, saved.
			settingsChoose(ada, `[data-testid="wc-color"]`, "#aa3300")
			ada.typeIn(`[data-testid="wc-launcher"]`, "Chat")
			ada.click(`[data-testid="wc-origin-add"]`, "Add website")
			ada.do(chromedp.SendKeys(chromedp.JSPath(`[...document.querySelectorAll('[data-testid="wc-origin"]')].at(-1)`), "https://www.shoes.example.com"))
			settingsChoose(ada, `[data-testid="wc-email-inbox"]`, fmt.Sprint(mail["id"]))
			settingsChoose(ada, `[data-testid="wc-email-after"]`, "3")
			settingsChoose(ada, `[data-testid="wc-reply-time"]`, "hour")
			// (The rating after a resolution is the inbox's CSAT screen now: the form only says so.)
			ada.waitText(".field-hint", "Satisfaction survey")
			ada.click(".modal button.primary", "Save")
			ada.gone(".modal", "")
			var got obj
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"]), nil, 200, &got)
			s := got["settings"].(obj)
			if s["color"] != "#aa3300" || s["launcher_text"] != "Chat" || s["email_inbox_id"] != mail["id"] || s["email_after_minutes"] != float64(3) ||
				fmt.Sprint(s["allowed_origins"]) != "[https://shoes.example.com https://www.shoes.example.com]" ||
				s["reply_time"] != "hour" || s["csat"] != nil {
				t.Errorf("saved settings: %v", s)
			}
			if strings.Contains(fmt.Sprint(s), "prechat") {
				t.Errorf("untouched conversation options were saved: %v", s)
			}
		})
	}
}
