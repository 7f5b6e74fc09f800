//go:build ui

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserNewConversation: in Chromium an agent starts a WhatsApp conversation with a number
// that never wrote, by an approved template whose parameters they fill and whose preview they
// read, and WhatsApp receives that template; free text to a new number is refused beside the
// text; the number's contact is then found by name and the next start goes on in the same
// conversation; an API inbox takes a first message in text; and on a phone the dialog fills the
// screen, in the light and the dark theme.
func TestBrowserNewConversation(t *testing.T) {
	a, emu, ada := browserWhatsApp(t)
	var inboxes struct{ Items []obj }
	a.do("GET", "/api/v1/inboxes", nil, 200, &inboxes)
	wa := inboxes.Items[0]
	settings := wa["settings"].(obj)
	settings["business_account_id"] = emu.BusinessAccountID
	a.do("PATCH", fmt.Sprintf("/api/v1/inboxes/%v", wa["id"]), obj{"settings": settings}, 200, nil)
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/templates/sync", wa["id"]), nil, 202, nil)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var tpls struct{ Items []obj }
		a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/templates", wa["id"]), nil, 200, &tpls)
		if len(tpls.Items) > 0 {
			break
		} else if time.Now().After(deadline) {
			t.Fatal("the templates were not synced")
		}
	}
	var shop obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &shop)
	ada.open("/inbox")
	ada.waitText(".tabs", "Unassigned")
	// choose picks the inbox of the dialog.
	choose := func(inbox obj) {
		t.Helper()
		ada.waitText(`select[name="inbox_id"]`, inbox["name"].(string))
		eval[bool](ada, fmt.Sprintf(`(s => (s.value = "%v", s.dispatchEvent(new Event("change", {bubbles: true})), true))(document.querySelector('select[name="inbox_id"]'))`, inbox["id"]))
	}

	// A number that never wrote: a template is the way in.
	ada.click(".new-conv", "New")
	ada.waitText(".modal h2", "New conversation")
	ada.wait("the focus in To", `document.activeElement?.id === "newconv-to"`)
	choose(wa)
	ada.typeIn(`input[name="to"]`, "+39 347 555 0101")
	ada.typeIn(`input[name="contact_name"]`, "Gina Verdi")
	ada.click(".template-list li", "order_update")
	ada.wait("the first parameter filled with the name typed", `document.querySelector('input[name="param-1"]')?.value === "Gina Verdi"`)
	ada.typeIn(`input[name="param-2"]`, "#77")
	ada.waitText(`[data-testid="template-preview"]`, "Hello Gina Verdi, your order #77 is on its way.")
	ada.shot("template")
	ada.click(".modal button", "Start conversation")
	ada.gone(".modal", "")
	ada.wait("the new conversation open", `/^\/inbox\/\d+/.test(location.pathname)`)
	ada.waitText(".bubble.out", "Hello Gina Verdi, your order #77 is on its way.")
	ada.waitText(".bubble.out .badge", "order_update")
	ada.waitText(".thread-title h2", "Gina Verdi")
	ada.shot("started")
	var sent string
	for deadline := time.Now().Add(15 * time.Second); sent == ""; time.Sleep(20 * time.Millisecond) {
		for _, s := range emu.Sent() {
			if s.Type == "template" && s.To == "393475550101" {
				b, _ := json.Marshal(s.Body)
				sent = string(b)
			}
		}
		if sent == "" && time.Now().After(deadline) {
			t.Fatalf("WhatsApp got no template for +393475550101: %v", emu.Sent())
		}
	}
	for _, want := range []string{`"name":"order_update"`, `"text":"Gina Verdi"`, `"text":"#77"`} {
		if !strings.Contains(sent, want) {
			t.Errorf("the template sent lacks %s: %s", want, sent)
		}
	}
	first := eval[string](ada, `location.pathname`)

	// Free text to another new number is refused, and the reason shows beside the text. (The
	// shortcut c opens the dialog.)
	ada.open("/inbox")
	ada.waitText(".tabs", "Unassigned")
	ada.waitText(".row", "Gina Verdi")
	// A key pressed while the page still starts may reach no listener: press again until the
	// dialog shows.
	for tries := 0; ; tries++ {
		ada.press("c")
		if ada.turnsTrue(3*time.Second, `!!document.querySelector(".modal .newconv")`) {
			break
		} else if tries == 4 {
			t.Fatal("the shortcut c opens no dialog")
		}
	}
	ada.waitText(".modal h2", "New conversation")
	choose(wa)
	ada.typeIn(`input[name="to"]`, "+39 347 555 0202")
	ada.click(`.newconv-mode button`, "Text")
	ada.typeIn(`textarea[name="text"]`, "Hi there")
	ada.click(".modal button", "Start conversation")
	ada.waitText(".newconv .field-error", "never written")
	ada.shot("refused")
	ada.press(kb.Escape)
	ada.gone(".modal", "")

	// Gina is a contact now: found by name, and a second start goes on in her conversation.
	ada.click(".new-conv", "New")
	choose(wa)
	ada.typeIn(`input[name="to"]`, "Gina")
	ada.waitText(".newconv-hits button", "+393475550101")
	ada.press(kb.ArrowDown)
	ada.wait("the suggestion focused", `document.activeElement?.closest(".newconv-hits") != null`)
	ada.press(kb.Enter)
	ada.waitText(`[data-testid="newconv-contact"]`, "Gina Verdi")
	ada.click(".template-list li", "order_update")
	ada.typeIn(`input[name="param-2"]`, "#78")
	ada.click(".modal button", "Start conversation")
	ada.gone(".modal", "")
	ada.waitText(".bubble.out", "your order #78 is on its way.")
	if now := eval[string](ada, `location.pathname`); now != first {
		t.Errorf("the second start opened %s, not Gina's conversation %s", now, first)
	}

	// An API inbox: text to an id of the shop's own system.
	ada.click(".new-conv", "New")
	choose(shop)
	ada.waitText(".newconv .field-hint", "id in your system")
	ada.typeIn(`input[name="to"]`, "cust-42")
	ada.typeIn(`input[name="contact_name"]`, "Cara Cliente")
	ada.typeIn(`textarea[name="text"]`, "Your ticket is open.")
	ada.click(".modal button", "Start conversation")
	ada.gone(".modal", "")
	ada.waitText(".bubble.out", "Your ticket is open.")
	ada.waitText(".thread-title h2", "Cara Cliente")
	var cara struct{ Items []obj }
	a.do("GET", "/api/v1/contacts?identity_kind=api&identity=cust-42", nil, 200, &cara)
	if len(cara.Items) != 1 || cara.Items[0]["name"] != "Cara Cliente" {
		t.Errorf("the contact of cust-42: %v", cara.Items)
	}

	// The dialog at each width and theme; on a phone it takes the whole screen.
	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", theme, size.w), func(t *testing.T) {
				ada.t = t
				ada.viewport(size.w, size.h)
				ada.open("/inbox")
				ada.waitText(".tabs", "Unassigned")
				ada.wait("the New button beside the search box", `(b => b && b.getBoundingClientRect().right <= innerWidth && b.getBoundingClientRect().height < 48)(document.querySelector(".new-conv"))`)
				ada.shot("list")
				ada.click(".new-conv", "New")
				choose(wa)
				ada.click(".template-list li", "order_update")
				ada.typeIn(`input[name="to"]`, "+39 347 555 0303")
				ada.waitText(`[data-testid="template-preview"]`, "Hello")
				if size.w < 640 {
					ada.wait("the dialog on the whole screen", `(r => r.width >= innerWidth - 1 && r.height >= innerHeight - 1)(document.querySelector(".modal").getBoundingClientRect())`)
				}
				ada.wait("Start in the window", `(r => r.right <= innerWidth && r.bottom <= innerHeight)(document.querySelector(".newconv-actions .primary").getBoundingClientRect())`)
				ada.shot("dialog")
				if size.w == 1024 {
					ada.audit("the new conversation dialog, " + theme)
				}
				ada.press(kb.Escape)
				ada.gone(".modal", "")
			})
		}
	}

	// The longest labels, Italian and French, fit on one line at a laptop's and a phone's width.
	for _, lang := range []struct{ code, start string }{{"it", "Avvia conversazione"}, {"fr", "Démarrer la conversation"}} {
		a.do("PATCH", "/api/v1/auth/me", obj{"language": lang.code}, 200, nil)
		for _, size := range []struct{ w, h int64 }{{1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", lang.code, size.w), func(t *testing.T) {
				ada.t = t
				ada.viewport(size.w, size.h)
				ada.open("/inbox")
				ada.click(".new-conv", "")
				choose(wa)
				ada.waitText(".newconv-actions .primary", lang.start)
				ada.wait("the New button and Start on one line", `document.querySelector(".new-conv").getBoundingClientRect().height < 40 && document.querySelector(".newconv-actions .primary").getBoundingClientRect().height < 40`)
				ada.shot("dialog")
			})
		}
	}
}

// turnsTrue reports whether a JavaScript expression becomes truthy within d.
func (b *tab) turnsTrue(d time.Duration, expr string) bool {
	ctx, cancel := context.WithTimeout(b.ctx, d+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond)))
	return err == nil
}
