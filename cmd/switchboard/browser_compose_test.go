//go:build ui

package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// shiftEnter presses Shift+Enter as a keyboard does: one key press that carries its text, which
// the page may cancel. (chromedp's KeyEvent sends the text as an event of its own, which types
// it even when the page cancelled the key press.)
var shiftEnter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	key := input.DispatchKeyEventParams{Modifiers: int64(chromedp.ModifierShift), Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13}
	down, up := key, key
	down.Type, down.Text, up.Type = kb.KeyDown, "\r", kb.KeyUp
	for _, p := range []input.DispatchKeyEventParams{down, up} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
})

// TestBrowserCompose: the composer formats as each channel shows styles. On WhatsApp the toolbar
// and Ctrl+B write WhatsApp's markup, the preview shows it bold, WhatsApp gets the markup as
// typed, and the thread shows a customer's markup styled; an email reply written with the toolbar
// goes out as HTML (<strong>) with a plain-text part; SMS offers no formatting. A canned response
// comes in where "/shortcut" is typed, mid-sentence too; a place can be shared on WhatsApp only.
// At 1440, 1024 and 390 px, light and dark.
func TestBrowserCompose(t *testing.T) {
	a, emu, ada := browserWhatsApp(t)

	var chans struct {
		Items []struct {
			Kind         string
			Capabilities obj
		}
	}
	a.do("GET", "/api/v1/channels", nil, 200, &chans)
	want := map[string][2]any{"whatsapp": {"whatsapp", true}, "sms": {"", false}, "email": {"html", false}, "api": {"markdown", false}}
	for _, c := range chans.Items {
		if w, ok := want[c.Kind]; ok && (c.Capabilities["formatting"] != w[0] || c.Capabilities["location"] != w[1]) {
			t.Errorf("%s capabilities: %v", c.Kind, c.Capabilities)
		}
	}

	a.do("POST", "/api/v1/canned-responses", obj{"shortcut": "thanks", "title": "Thank you", "content": "Thanks {{contact.name}}, happy to help!"}, 201, nil)
	a.do("POST", "/api/v1/canned-responses", obj{"shortcut": "hours", "title": "Opening hours", "content": "We are open 9 to 5."}, 201, nil)

	// A customer on each channel: WhatsApp (writing in its markup), SMS, email.
	if status, err := emu.Deliver(emu.Customer("Ana Souza", "5511999990000",
		obj{"id": "wamid.F1", "type": "text", "text": obj{"body": "Is it *urgent* or _not_?\n- one\n- two"}})); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	tw := twilioEmulator(t)
	hook := twilioInbox(a, tw, "sms", "+15550001111")
	if status, _, err := tw.Post(hook, tw.Incoming("+15550003333", "+15550001111", "Hi by SMS")); err != nil || status != 200 {
		t.Fatalf("SMS webhook: %d %v", status, err)
	}
	ms := startMailServer(t, "support@shop.test", "ana@customer.test")
	emailInbox(t, a, ms, nil)
	ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana <ana@customer.test>\nTo: support@shop.test\nSubject: Parcel\n"+
		"Message-ID: <p1@customer.test>\n\nWhere is my parcel?\n")
	convs := map[string]string{}
	for deadline := time.Now().Add(20 * time.Second); len(convs) < 3; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("conversations: %v", convs)
		}
		for _, c := range a.allConversations() {
			convs[c["channel"].(string)] = fmt.Sprintf("/inbox/%v", c["id"])
		}
	}

	const field = ".composer textarea"
	value := func() string { return eval[string](ada, `document.querySelector(".composer textarea").value`) }
	clear := func() {
		eval[bool](ada, `(t => (t.value = "", t.dispatchEvent(new Event("input", {bubbles: true})), true))(document.querySelector(".composer textarea"))`)
	}
	hasButton := func(label string) bool {
		return eval[bool](ada, fmt.Sprintf(`!!document.querySelector('.composer-bar button[aria-label=%q]')`, label))
	}

	n := 0
	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", theme, size.w), func(t *testing.T) {
				ada.t = t
				n++
				if size.w < 640 {
					ada.do(chromedp.EmulateViewport(size.w, size.h, chromedp.EmulateMobile))
				} else {
					ada.do(chromedp.EmulateViewport(size.w, size.h))
				}

				// WhatsApp: the customer's markup styled in the thread.
				ada.open(convs["whatsapp"])
				ada.waitText(".bubble.in strong", "urgent")
				ada.waitText(".bubble.in em", "not")
				ada.waitText(".bubble.in ul li", "two")
				if !hasButton("Share a location") {
					t.Error("WhatsApp offers no location")
				}

				// The toolbar (shown once, then as the agent left it): bold with nothing selected
				// puts the cursor between the markers.
				ada.wait("the formatting button", `!!document.querySelector('.composer-bar button[aria-label="Formatting"]')`)
				if !eval[bool](ada, `!!document.querySelector(".format-bar")`) {
					ada.click(`.composer-bar button[aria-label="Formatting"]`, "")
				}
				ada.wait("the toolbar", `!!document.querySelector('.format-bar button[aria-label="Bold"]')`)
				ada.typeIn(field, "Your order ")
				ada.click(`.format-bar button[aria-label="Bold"]`, "")
				ada.press("ships")
				ada.wait("bold by the toolbar", `document.querySelector(".composer textarea").value === "Your order *ships*"`)
				// Ctrl+B on a selection; the same again takes the markers away.
				ada.press(kb.End + " today")
				eval[bool](ada, `(t => (t.setSelectionRange(t.value.length - 5, t.value.length), true))(document.querySelector(".composer textarea"))`)
				ada.do(chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
				ada.wait("bold by Ctrl+B", `document.querySelector(".composer textarea").value === "Your order *ships* *today*"`)
				ada.do(chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
				ada.wait("bold taken away", `document.querySelector(".composer textarea").value === "Your order *ships* today"`)
				ada.do(chromedp.KeyEvent("i", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
				ada.wait("italic by Ctrl+I", `document.querySelector(".composer textarea").value === "Your order *ships* _today_"`)
				// A list goes on with Shift+Enter.
				ada.press(kb.End)
				ada.do(shiftEnter)
				ada.click(`.format-bar button[aria-label="Bulleted list"]`, "")
				ada.press("box")
				ada.do(shiftEnter)
				ada.press("label")
				ada.wait("the list", `document.querySelector(".composer textarea").value === "Your order *ships* _today_\n- box\n- label"`)
				ada.click(".format-bar button", "Preview")
				ada.waitText(`[data-testid="format-preview"] .bubble strong`, "ships")
				ada.waitText(`[data-testid="format-preview"] .bubble em`, "today")
				ada.waitText(`[data-testid="format-preview"] .bubble li`, "label")
				ada.wait("the toolbar in the composer", `(b => b.left >= 0 && b.right <= innerWidth + 0.5)(document.querySelector(".format-bar").getBoundingClientRect())`)
				ada.wait("the composer's buttons in the window", `[...document.querySelectorAll(".composer-bar > button")].every(e => e.getBoundingClientRect().right <= innerWidth + 0.5)`)
				ada.shot("whatsapp-preview")

				// Sent as typed: WhatsApp renders its markup itself.
				before := len(emu.Sent())
				ada.press(kb.Enter)
				ada.waitText(".bubble.out strong", "ships")
				for deadline := time.Now().Add(10 * time.Second); len(emu.Sent()) == before && time.Now().Before(deadline); {
					time.Sleep(20 * time.Millisecond)
				}
				if sent := emu.Sent(); len(sent) == before || sent[before].Body["text"].(map[string]any)["body"] != "Your order *ships* _today_\n- box\n- label" {
					t.Errorf("WhatsApp got %v", sent[before:])
				}
				// The list's preview (beside the thread, but on a phone) reads the words, without
				// the markup's signs.
				if size.w > 640 {
					ada.waitText(".row.selected .row-preview", "Your order ships today")
				}
				ada.click(".format-bar button", "Preview") // closed again for the next conversation

				// A canned response mid-sentence, filtered by what follows the "/"; a "/" inside a
				// word opens nothing.
				ada.typeIn(field, "yes/no")
				time.Sleep(200 * time.Millisecond)
				if eval[bool](ada, `!!document.querySelector(".canned-menu")`) {
					t.Error("a slash inside a word opened the canned responses")
				}
				clear()
				ada.typeIn(field, "Of course. /tha")
				ada.waitText(".canned-menu li", "/thanks")
				if offered := eval[string](ada, `document.querySelector(".canned-menu").innerText`); strings.Contains(offered, "hours") {
					t.Errorf("the picker offers %q for /tha", offered)
				}
				ada.shot("canned")
				ada.press(kb.Enter)
				ada.wait("the canned response in place", `document.querySelector(".composer textarea").value === "Of course. Thanks Ana Souza, happy to help!"`)
				// In the middle of the text, on a line of its own.
				eval[bool](ada, `(t => (t.setSelectionRange(10, 10), true))(document.querySelector(".composer textarea"))`)
				ada.do(shiftEnter)
				ada.press("/hou")
				ada.waitText(".canned-menu li", "/hours")
				ada.press(kb.Tab)
				ada.wait("the second one in the middle", `document.querySelector(".composer textarea").value === "Of course.\nWe are open 9 to 5. Thanks Ana Souza, happy to help!"`)
				clear()

				// SMS: plain text, no place.
				ada.open(convs["sms"])
				ada.waitText(".bubble.in", "Hi by SMS")
				ada.wait("the composer", `!!document.querySelector(".composer-bar button.primary")`)
				time.Sleep(300 * time.Millisecond) // time for a toolbar that should not come
				if hasButton("Formatting") || eval[bool](ada, `!!document.querySelector(".format-bar")`) {
					t.Error("SMS offers formatting")
				}
				if hasButton("Share a location") {
					t.Error("SMS offers a location")
				}
				ada.shot("sms")

				// Email: written with the toolbar, sent as HTML.
				ada.open(convs["email"])
				ada.waitText(".bubble.in", "Where is my parcel?")
				ada.wait("the toolbar", `!!document.querySelector('.format-bar button[aria-label="Link"]')`)
				if hasButton("Share a location") {
					t.Error("email offers a location")
				}
				text := fmt.Sprintf("Reply %d: it is ", n)
				ada.typeIn(field, text)
				ada.click(`.format-bar button[aria-label="Bold"]`, "")
				ada.press("on its way")
				ada.wait("Markdown bold", fmt.Sprintf(`document.querySelector(".composer textarea").value === %q`, text+"**on its way**"))
				ada.click(".format-bar button", "Preview")
				ada.waitText(`[data-testid="format-preview"] strong`, "on its way")
				ada.shot("email-preview")
				ada.click(".format-bar button", "Preview")
				if value() != text+"**on its way**" {
					t.Fatalf("the reply changed: %q", value())
				}
				ada.press(kb.Enter)
				ada.wait("the reply's HTML in the thread", `[...document.querySelectorAll('.bubble.out [data-testid="message-html"]')].some(f => f.contentDocument?.querySelector("strong")?.textContent === "on its way")`)
				got := ms.waitMail(t, "ana@customer.test", n)
				var mail = got[len(got)-1]
				for _, m := range got {
					if strings.Contains(m.Text, text) {
						mail = m
					}
				}
				if !strings.Contains(mail.HTML, "<strong>on its way</strong>") || !strings.Contains(mail.Text, text+"*on its way*") || strings.Contains(mail.Text, "**") {
					t.Errorf("the mail: text %q, HTML %q", mail.Text, mail.HTML)
				}
			})
		}
	}
	ada.t = t

	// In the other languages, whose words are longer, the toolbar stays one row on a phone.
	ada.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for lang, preview := range map[string]string{"it": "Anteprima", "es": "Vista previa", "fr": "Aperçu", "pt": "Pré-visualizar"} {
		a.do("PATCH", "/api/v1/auth/me", obj{"language": lang}, 200, nil)
		ada.open(convs["email"])
		ada.waitText(".format-bar .format-preview-toggle", preview)
		ada.wait("the toolbar in one row", `document.querySelector(".format-bar").getBoundingClientRect().height < 44`)
		ada.shot("toolbar-" + lang)
	}

	// The server refuses a place where the channel has none.
	a.do("POST", "/api/v1"+strings.Replace(convs["sms"], "/inbox/", "/conversations/", 1)+"/messages", obj{"location": obj{"latitude": 1, "longitude": 2}}, 400, nil)
}
