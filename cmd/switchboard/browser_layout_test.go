//go:build ui

package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// TestBrowserLayout opens a conversation at 1440, 1024, 900 and 390 px, in the light and the dark
// theme: the header is one row with More holding the secondary actions, Send stays in the thread's
// column, below 900 px the contact panel is a drawer that opens and closes, and on a phone the
// messages keep most of the screen.
func TestBrowserLayout(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, nil)

	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	a.do("POST", "/api/v1/labels", obj{"name": "vip", "color": "#d1242f"}, 201, nil)
	var rec struct{ Conversation obj }
	messages := fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"])
	a.do("POST", messages, obj{"from": "c-1", "contact_name": "Dorothea Customer-Fitzwilliam of the Long Name", "provider_id": "m-1", "text": "Is my order late?"}, 201, &rec)
	for i := 2; i <= 12; i++ {
		a.do("POST", messages, obj{"from": "c-1", "provider_id": fmt.Sprintf("m-%d", i), "text": fmt.Sprintf("Message number %d about the parcel", i)}, 201, nil)
	}
	a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/labels", rec.Conversation["id"]), obj{"labels": []string{"vip"}}, 200, nil)
	page := fmt.Sprintf("/inbox/%v?view=unassigned", rec.Conversation["id"])

	// within is true when the element's box lies inside the other's, horizontally.
	within := func(el, box string) string {
		return fmt.Sprintf(`((e, b) => e && b && e.getBoundingClientRect().left >= b.getBoundingClientRect().left - 0.5 && e.getBoundingClientRect().right <= b.getBoundingClientRect().right + 0.5)(%s, %s)`, el, box)
	}
	const pane = `document.querySelector(".thread-pane")`
	const visible = `(el => !!el && el.getClientRects().length > 0)(document.querySelector(".contact-pane"))`

	for _, theme := range []string{"light", "dark"} {
		eval[bool](b, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {900, 800}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", theme, size.w), func(t *testing.T) {
				b.t = t
				b.viewport(size.w, size.h)
				b.open(page)
				b.waitText(".bubble.in", "Message number 12")
				b.waitText(".thread-title h2", "Dorothea")
				// One row: the contact's name is cut short rather than the actions wrapping.
				b.wait("the header in one row", `document.querySelector(".thread-head").getBoundingClientRect().height < 70`)
				b.wait("the header's actions in the thread's column", within(`document.querySelector(".thread-actions")`, pane))
				b.wait("Send and Send later in the thread's column",
					`[...document.querySelectorAll(".composer-bar > button")].every(e => `+within("e", pane)+`)`)
				b.shot("thread")

				// More holds the secondary actions, and works with the keyboard.
				b.click(".thread-actions button", "More")
				b.wait("the first item focused", `document.activeElement?.getAttribute("role")?.startsWith("menuitem")`)
				b.wait("the menu in the window", `(r => r.left >= 0 && r.right <= innerWidth)(document.querySelector(".thread-actions .menu[role=menu]").getBoundingClientRect())`)
				b.waitText(".menu[role=menu] button", "Mark unread")
				b.waitText(".menu[role=menu] button", "Print transcript")
				first := eval[string](b, `document.activeElement.textContent`)
				b.press(kb.ArrowDown)
				b.wait("the arrow moves the focus", fmt.Sprintf(`document.activeElement.textContent !== %s`, js(first)))
				b.shot("more")
				if size.w == 900 {
					b.audit("the More menu, " + theme)
				}
				b.press(kb.Escape)
				b.wait("Escape closes More and focuses its button", `!document.querySelector(".menu[role=menu]") && document.activeElement?.dataset.menu === "more"`)

				if size.w > 900 {
					b.wait("the contact panel beside the thread", visible+` && `+within(pane, `document.querySelector(".thread-wrap")`))
					if eval[bool](b, `document.querySelector(".contact-toggle").getClientRects().length > 0`) {
						t.Error("the Contact button shows beside the contact panel")
					}
					return
				}
				// A drawer: hidden until the Contact button opens it; Escape, × and a click outside close it.
				b.wait("the contact panel hidden", "!"+visible)
				for _, closeBy := range []string{"Escape", "×", "outside"} {
					// From the keyboard, as a click with the mouse focuses the button too.
					eval[bool](b, `(document.querySelector(".contact-toggle").focus(), true)`)
					b.press(kb.Enter)
					b.waitText(".contact-pane.open h3", "Dorothea")
					b.wait("the focus in the drawer", `document.activeElement?.classList.contains("drawer-close")`)
					b.wait("the drawer in the window", `(r => r.left >= 0 && r.right <= innerWidth + 0.5)(document.querySelector(".contact-pane").getBoundingClientRect())`)
					if closeBy == "Escape" {
						b.shot("drawer")
						if size.w == 900 {
							b.audit("the contact drawer, " + theme)
						}
					}
					switch closeBy {
					case "Escape":
						b.press(kb.Escape)
					case "×":
						b.click(".drawer-close", "×")
					case "outside":
						b.click(".drawer-backdrop", "")
					}
					b.wait("the drawer closed by "+closeBy, "!"+visible)
					b.wait("the focus back on Contact", `document.activeElement?.classList.contains("contact-toggle")`)
				}
				// Tapping the contact's name opens the drawer as well.
				b.click(".thread-title h2", "Dorothea")
				b.waitText(".contact-pane.open h3", "Dorothea")
				b.press(kb.Escape)
				b.wait("the drawer closed", "!"+visible)
				b.wait("the focus on Contact", `document.activeElement?.classList.contains("contact-toggle")`)
				if size.w < 640 {
					b.wait("the messages on 60% of the screen", `document.querySelector(".messages").getBoundingClientRect().height >= 0.6 * innerHeight`)
					// Assign and Snooze are under More on a phone.
					b.click(".thread-actions button", "More")
					b.click(".menu button", "Snooze")
					b.waitText(".menu button", "1 hour")
					b.wait("the focus in the snooze menu", `document.activeElement?.textContent === "1 hour"`)
					b.press(kb.Escape)
					b.gone(".menu button", "1 hour")
					// The labels, with no room in the header, show in the label menu, removable.
					b.click(".thread-actions button", "More")
					b.click(".menu button", "Labels")
					b.waitText(".menu-current .label-chip", "vip")
					b.wait("the label's remove button", `!!document.querySelector('.menu-current button[aria-label="Remove label vip"]')`)
					b.shot("labels")
					b.press(kb.Escape)
					b.gone(".menu-current .label-chip", "vip")
				}
			})
		}
	}
}
