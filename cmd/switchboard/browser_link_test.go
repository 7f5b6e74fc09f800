//go:build ui

package main

import (
	"fmt"
	"testing"
)

// clickIn clicks the button showing label inside the first element matching css that shows
// text: one row's own button, where every row has one.
func (b *tab) clickIn(css, text, label string) {
	b.t.Helper()
	b.waitText(css, text)
	clicks++
	b.wait(fmt.Sprintf("%q in the %s of %q to click", label, css, text), fmt.Sprintf(
		`(el => el ? (window.__clicked !== %q && (window.__clicked = %q, el.click()), true) : false)(([...(%s)?.querySelectorAll("button") ?? []]).find(b => b.textContent.includes(%s)))`,
		fmt.Sprint(clicks), fmt.Sprint(clicks), findExpr(css, text), js(label)))
}

// TestBrowserReviewQueue: the address book's "Possible duplicates" lists two likely pairs with
// their reason, confidence and shared detail; "Not the same person" takes one out for good, and
// "Merge…" previews and merges the other, which leaves the queue.
func TestBrowserReviewQueue(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	// Two pairs: a phone number written twice (the second one's number typed in by hand), and
	// one email in two cases.
	pair := func(name, field, value, second, secondValue string) (first, other obj) {
		a.do("POST", "/api/v1/contacts", obj{"name": name, field: value}, 201, &first)
		a.do("POST", "/api/v1/contacts", obj{"name": second}, 201, &other)
		a.do("PATCH", fmt.Sprintf("/api/v1/contacts/%v", other["id"]), obj{field: secondValue}, 200, nil)
		return first, other
	}
	lucia, _ := pair("Lucia Gialli", "phone", "+39 333 111 0000", "Lucia G.", "0039 333 1110000")
	paolo, _ := pair("Paolo Neri", "email", "paolo@example.com", "Paola Neri", "Paolo@Example.com")

	ada.open("/contacts")
	ada.click(`[data-testid="book-duplicates"]`, "Possible duplicates")
	ada.waitText(".review h1", "Possible duplicates")
	ada.waitText(`[data-testid="review-pair"]`, "Paola Neri")
	ada.waitText(`[data-testid="review-pair"]`, "Same email address")
	ada.waitText(`[data-testid="review-pair"] .review-detail`, "paolo@example.com")
	ada.waitText(`[data-testid="review-pair"]`, "Lucia G.")
	ada.waitText(`[data-testid="review-pair"]`, "Same phone number")
	ada.waitText(`[data-testid="review-pair"] .review-detail`, "+39 333 111 0000")
	ada.waitText(`[data-testid="review-pair"]`, "95% sure")
	if n := eval[int](ada, `document.querySelectorAll('[data-testid="review-pair"]').length`); n != 2 {
		t.Fatalf("the queue lists %d pairs, want 2", n)
	}
	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {390, 844}} {
			ada.viewport(size.w, size.h)
			ada.open("/contacts/duplicates")
			ada.waitText(`[data-testid="review-pair"]`, "Lucia G.")
			ada.wait("the theme", fmt.Sprintf(`document.documentElement.dataset.theme === %q`, theme))
			if bad := eval[bool](ada, `[...document.querySelectorAll('.review-pair button')].some(b => b.getBoundingClientRect().right > innerWidth + 1)`); bad {
				t.Errorf("%s %d: a button runs off the screen", theme, size.w)
			}
			ada.shot(fmt.Sprintf("queue-%s-%d", theme, size.w))
		}
	}
	eval[bool](ada, `(localStorage.setItem("switchboard.theme", "light"), true)`)
	ada.viewport(1440, 900)
	ada.open("/contacts/duplicates")

	// Not the same person: gone, and still gone after a reload; the panel no longer suggests it.
	ada.clickIn(`[data-testid="review-pair"]`, "Paola Neri", "Not the same person")
	ada.gone(`[data-testid="review-pair"]`, "Paola Neri")
	ada.open("/contacts/duplicates")
	ada.waitText(`[data-testid="review-pair"]`, "Lucia G.")
	ada.gone(`[data-testid="review-pair"]`, "Paola Neri")
	var sugg []obj
	a.do("GET", fmt.Sprintf("/api/v1/contacts/%v/suggestions", paolo["id"]), nil, 200, &sugg)
	if len(sugg) != 0 {
		t.Errorf("Paolo's panel still suggests %v", sugg)
	}

	// Merge… from the queue: the preview, then the merge; the pair leaves the queue.
	ada.clickIn(`[data-testid="review-pair"]`, "Lucia G.", "Merge…")
	ada.waitText(".modal h2, .modal", "Merge Lucia G. into Lucia Gialli")
	ada.waitText(".modal .merge-preview", "+393331110000")
	ada.waitText(".modal .merge-preview", "Conversations that move: 0")
	ada.shot("queue-preview")
	ada.click(".modal button", "Confirm merge")
	ada.gone(".modal", "")
	ada.gone(`[data-testid="review-pair"]`, "Lucia G.")
	ada.waitText(".review-empty", "No possible duplicates.")
	var merges []obj
	a.do("GET", fmt.Sprintf("/api/v1/contacts/%v/merges", lucia["id"]), nil, 200, &merges)
	if len(merges) != 1 || merges[0]["actor_name"] != "Ada Admin" {
		t.Errorf("Lucia's merges: %v", merges)
	}
}

// TestBrowserNameUnknown: an SMS from a number nobody named shows as "Unknown · +39 333 123
// 4567" in two agents' lists; one agent names the contact in the contact panel, and the other's
// list row changes without a reload.
func TestBrowserNameUnknown(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	const number, caller = "+15550001111", "+393331234567"
	hook := twilioInbox(a, emu, "sms", number)
	var inboxes struct{ Items []obj }
	a.do("GET", "/api/v1/inboxes", nil, 200, &inboxes)
	var bruno obj
	a.do("POST", "/api/v1/agents", obj{"name": "Bruno Agent", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, &bruno)
	a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/members", inboxes.Items[0]["id"]), obj{"agent_ids": []any{bruno["id"]}, "team_ids": []any{}}, 200, nil)

	if status, _, err := emu.Post(hook, emu.Incoming(caller, number, "Who is this?")); err != nil || status != 200 {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
	const unknown = "Unknown · +39 333 123 4567"
	bru := session(t, a.base)
	bru.open("/inbox")
	bru.typeIn(`input[name="email"]`, "bruno@example.com")
	bru.typeIn(`input[name="password"]`, "another long one")
	bru.click("button", "Sign in")
	bru.waitText(".tabs", "Unassigned")
	bru.open("/inbox?view=unassigned")
	bru.waitText(".row .row-name", unknown)

	ada.open("/inbox?view=unassigned")
	ada.click(".row", unknown)
	ada.waitText(".thread-head h2", unknown)
	ada.waitText(".contact-pane h3", unknown)
	ada.shot("unknown")
	ada.click(".contact-pane .contact-card button", "Edit")
	ada.typeIn(".contact-pane form input", "Nadia Rossi")
	ada.click(".contact-pane form button.primary", "Save")
	ada.waitText(".contact-pane h3", "Nadia Rossi")
	ada.waitText(".thread-head h2", "Nadia Rossi")
	ada.waitText(".row .row-name", "Nadia Rossi")

	// Bruno's list, loaded before, changes by itself.
	bru.waitText(".row .row-name", "Nadia Rossi")
	bru.gone(".row .row-name", unknown)
	bru.shot("named")
}
