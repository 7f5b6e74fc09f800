//go:build ui

package main

import (
	"strings"
	"testing"
)

// TestBrowserContactNotes: in Chromium, Ada writes a private note on a customer in the contact
// panel; Bea, an agent of the same inbox with the same conversation open, sees it appear, and
// may neither edit nor delete it; Ada's edit and deletion reach Bea live; the Activity section
// lists the conversation's start and the note.
func TestBrowserContactNotes(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	const number, ana = "+15550001111", "+15550004444"
	hook := twilioInbox(a, emu, "sms", number)
	inboxID := strings.TrimSuffix(hook[strings.LastIndex(hook, "/inboxes/")+len("/inboxes/"):], "/webhook")
	if status, _, err := emu.Post(hook, emu.Incoming(ana, number, "Where is my parcel?")); err != nil || status != 200 {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
	var bea obj
	a.do("POST", "/api/v1/agents", obj{"name": "Bea Agent", "email": "bea@example.com", "password": "a long password", "role": "agent"}, 201, &bea)
	a.do("PUT", "/api/v1/inboxes/"+inboxID+"/members", obj{"agent_ids": []any{bea["id"]}, "team_ids": []any{}}, 200, nil)

	b := session(t, a.base)
	b.open("/inbox?view=all")
	b.typeIn(`input[name="email"]`, "bea@example.com")
	b.typeIn(`input[name="password"]`, "a long password")
	b.click("button", "Sign in")
	b.click(".row", "+1 555 000 4444") // the number as the list writes it
	b.waitText(".contact-pane .contact-notes", "No notes yet.")

	ada.open("/inbox?view=all")
	ada.click(".row", "+1 555 000 4444") // the number as the list writes it
	ada.waitText(".bubble.in", "Where is my parcel?")
	ada.waitText(".contact-pane .contact-notes", "No notes yet.")
	ada.typeIn(".contact-pane .note-new textarea", "Prefers calls after 5pm")
	ada.click(".contact-pane .note-new button", "Add note")
	ada.waitText(`.contact-pane [data-testid="contact-note"]`, "Prefers calls after 5pm")
	ada.waitText(`.contact-pane [data-testid="contact-note"]`, "Ada Admin")

	// Bea's panel shows it without a reload; it is not hers to change.
	b.waitText(`.contact-pane [data-testid="contact-note"]`, "Prefers calls after 5pm")
	if eval[bool](b, `!!document.querySelector('.contact-pane [data-testid="contact-note"] .note-actions')`) {
		t.Error("Bea is offered to edit Ada's note")
	}

	ada.click(`.contact-pane [data-testid="contact-note"] button`, "Edit")
	ada.wait("the note's editor", `!!document.querySelector(".contact-pane .note-edit textarea")`)
	eval[bool](ada, `(el => (Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(el, ""), el.dispatchEvent(new Event("input", {bubbles: true}))))(document.querySelector(".contact-pane .note-edit textarea"))`)
	ada.typeIn(".contact-pane .note-edit textarea", "Prefers calls after 6pm")
	ada.click(".contact-pane .note-edit button", "Save")
	ada.waitText(`.contact-pane [data-testid="contact-note"]`, "edited")
	b.waitText(`.contact-pane [data-testid="contact-note"]`, "Prefers calls after 6pm")
	b.gone(`.contact-pane [data-testid="contact-note"]`, "5pm")

	// The activity: the conversation's start and the note, newest first.
	ada.click(".contact-pane .contact-activity summary", "Activity")
	ada.waitText(`.contact-pane [data-testid="activity-entry"]`, "Ada Admin added a note: Prefers calls after 6pm")
	ada.waitText(`.contact-pane [data-testid="activity-entry"]`, "Conversation started in Twilio sms")
	if first := eval[string](ada, `document.querySelector('.contact-pane [data-testid="activity-entry"]').textContent`); !strings.Contains(first, "added a note") {
		t.Errorf("the newest activity is %q", first)
	}
	ada.shot("notes")
	b.click(".contact-pane .contact-activity summary", "Activity")
	b.waitText(`.contact-pane [data-testid="activity-entry"]`, "Ada Admin added a note")

	for _, look := range []struct {
		name string
		w, h int64
	}{{"1024", 1024, 768}, {"phone", 390, 844}} {
		ada.viewport(look.w, look.h)
		if look.w < 900 {
			ada.click("button.contact-toggle", "")
		}
		ada.waitText(`.contact-pane [data-testid="contact-note"]`, "6pm")
		ada.wait("the notes inside the screen", `(r => r.left >= 0 && r.right <= innerWidth + 1)(document.querySelector('.contact-pane .contact-notes').getBoundingClientRect())`)
		ada.shot("notes-" + look.name)
	}
	// The address book's contact card has them too.
	ada.viewport(1280, 900)
	ada.open("/contacts")
	ada.click(".book-row", ana)
	ada.waitText(`.book-card [data-testid="contact-note"]`, "Prefers calls after 6pm")
	ada.click(".book-card .contact-activity summary", "Activity")
	ada.waitText(`.book-card [data-testid="activity-entry"]`, "Conversation started in Twilio sms")
	ada.shot("book")

	eval[bool](ada, `(localStorage.setItem("switchboard.theme", "dark"), true)`)
	ada.open("/inbox?view=all")
	ada.wait("the dark theme", `document.documentElement.dataset.theme === "dark"`)
	ada.click(".row", "+1 555 000 4444") // the number as the list writes it
	ada.click(".contact-pane .contact-activity summary", "Activity")
	ada.waitText(`.contact-pane [data-testid="activity-entry"]`, "added a note")
	ada.shot("notes-dark")

	// Ada deletes it, after a confirmation; it leaves Bea's panel too.
	ada.click(`.contact-pane [data-testid="contact-note"] button`, "Delete")
	ada.click(".contact-pane .note-confirm button", "Delete")
	ada.waitText(".contact-pane .contact-notes", "No notes yet.")
	b.waitText(".contact-pane .contact-notes", "No notes yet.")
	b.gone(`.contact-pane [data-testid="contact-note"]`, "")
}
