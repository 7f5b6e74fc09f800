//go:build ui

package main

import (
	"testing"
)

// TestBrowserBlockContact: in Chromium, Block in the contact panel asks for confirmation, writes
// a milestone and shows the banner; a text the blocked customer sends then does not reach the
// list (another customer's, sent after it, does); Unblock on the banner removes it, and the list
// shows the text that arrived meanwhile.
func TestBrowserBlockContact(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	const number, ana, cid = "+15550001111", "+15550004444", "+15550005555"
	hook := twilioInbox(a, emu, "sms", number)
	text := func(from, body string) {
		t.Helper()
		if status, _, err := emu.Post(hook, emu.Incoming(from, number, body)); err != nil || status != 200 {
			t.Fatalf("webhook answered %d, %v", status, err)
		}
	}
	text(ana, "Buy cheap followers now")

	ada.open("/inbox?view=all")
	ada.click(".row", "+1 555 000 4444") // the number as the list writes it
	ada.waitText(".bubble.in", "Buy cheap followers now")
	ada.click(".contact-pane .block-actions button", "Block")
	ada.waitText(".modal", "messages will still be kept, but hidden")
	ada.shot("block-confirm")
	ada.click(".modal button.primary", "Block")
	ada.gone(".modal", "")
	ada.waitText(`[data-testid="blocked-banner"]`, "This contact is blocked — messages are kept but hidden")
	ada.waitText(".milestone", "Ada Admin blocked the contact")
	ada.waitText(".contact-pane .block-actions button", "Unblock")

	text(ana, "hidden capybara offer")
	text(cid, "Where is my parcel?")
	ada.waitText(".row", "Where is my parcel?")
	ada.gone(".row", "hidden capybara offer")
	ada.shot("blocked")

	ada.click(`[data-testid="blocked-banner"] button`, "Unblock")
	ada.gone(`[data-testid="blocked-banner"]`, "")
	ada.waitText(".milestone", "Ada Admin unblocked the contact")
	ada.open("/inbox?view=all")
	ada.waitText(".row", "hidden capybara offer")
}
