//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserMergeContacts: in Chromium, the contact panel of a customer who texted lists as a
// possible duplicate the contact a web visitor left the same number on (written another way);
// Merge… previews the result, Confirm merges (the thread says so), and Undo merge restores both.
func TestBrowserMergeContacts(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	const number, ana = "+15550001111", "+15550004444"
	hook := twilioInbox(a, emu, "sms", number)
	if status, _, err := emu.Post(hook, emu.Incoming(ana, number, "Is my order shipped?")); err != nil || status != 200 {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
	var bea obj
	a.do("POST", "/api/v1/contacts", obj{"name": "Bea Bianchi", "email": "bea@example.com",
		"attributes": obj{"unverified_phone": "001 (555) 000-4444"}}, 201, &bea)

	ada.open("/inbox?view=all")
	ada.click(".row", "Unknown · +1 555 000 4444") // the number, written for reading
	ada.waitText(".bubble.in", "Is my order shipped?")
	ada.waitText(`.contact-pane [data-testid="duplicate"]`, "Bea Bianchi")
	ada.waitText(`.contact-pane [data-testid="duplicate"]`, "Same phone number · 95% sure")
	ada.click(`.contact-pane [data-testid="duplicate"] button`, "Merge…")
	ada.waitText(".modal .merge-preview", "bea@example.com")
	ada.waitText(".modal .merge-from", "from Bea Bianchi")
	ada.shot("merge-preview")
	ada.click(".modal button", "Confirm merge")
	ada.gone(".modal", "")
	ada.waitText(".contact-pane .contact-details", "bea@example.com")
	ada.waitText(".milestone", "Ada Admin merged the contact Bea Bianchi into this one")
	ada.waitText(".contact-pane .merge-history", "Bea Bianchi merged by Ada Admin")
	ada.gone(`.contact-pane [data-testid="duplicate"]`, "")
	var page struct{ Items []obj }
	a.do("GET", "/api/v1/contacts?q=bianchi", nil, 200, &page)
	// Only the survivor, who took Bea's name (it had none): Bea herself is hidden.
	if len(page.Items) != 1 || page.Items[0]["id"] == bea["id"] {
		t.Errorf("after the merge, the address book lists %v", page.Items)
	}
	ada.shot("merged")

	ada.click(".contact-pane .merge-history button", "Undo merge")
	ada.waitText(".milestone", "Ada Admin undid the merge of Bea Bianchi")
	ada.gone(".contact-pane .contact-details", "bea@example.com")
	ada.waitText(".contact-pane .merge-history", "undone")
	ada.waitText(`.contact-pane [data-testid="duplicate"]`, "Bea Bianchi")
	var back obj
	a.do("GET", fmt.Sprintf("/api/v1/contacts/%v", bea["id"]), nil, 200, &back)
	if back["email"] != "bea@example.com" || back["name"] != "Bea Bianchi" {
		t.Errorf("Bea after the un-merge: %v", back)
	}
	a.do("GET", "/api/v1/contacts?q=bianchi", nil, 200, &page)
	if len(page.Items) != 1 || page.Items[0]["id"] != bea["id"] {
		t.Errorf("after the un-merge, the address book lists %v", page.Items)
	}
}
