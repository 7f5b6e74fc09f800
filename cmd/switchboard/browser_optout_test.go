//go:build ui

package main

import (
	"testing"
	"time"
)

// TestBrowserSMSOptOut: in Chromium, a customer texting STOP shows, live, in the contact panel
// (their number opted out of SMS, since when) and in the thread's milestone, and the composer says
// why nothing can be sent while notes still can; START lifts it and a reply goes out.
func TestBrowserSMSOptOut(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	const number, ana = "+15550001111", "+15550003333"
	hook := twilioInbox(a, emu, "sms", number)
	texts := func(body string) {
		t.Helper()
		if status, _, err := emu.Post(hook, emu.Incoming(ana, number, body)); err != nil || status != 200 {
			t.Fatalf("webhook of %q answered %d, %v", body, status, err)
		}
	}

	texts("Where is my parcel?")
	ada.open("/inbox?view=all")
	ada.click(".row", "Unknown · +1 555 000 3333") // the number, written for reading
	ada.waitText(".bubble.in", "Where is my parcel?")
	ada.waitText(".contact-pane .identities", ana)
	if eval[bool](ada, `!!document.querySelector('[data-testid="opted-out"]')`) {
		t.Fatal("opted out before STOP")
	}

	texts("STOP")
	ada.waitText(".bubble.in", "STOP")
	ada.waitText(".milestone", "The customer opted out of SMS messages ("+ana+")")
	ada.waitText(`.contact-pane [data-testid="opted-out"]`, "Opted out of SMS")
	ada.waitText(`.composer [data-testid="opted-out"]`, "nothing can be sent to them until they text START")
	ada.shot("opted-out")
	if !eval[bool](ada, `document.querySelector('.composer textarea').disabled && document.querySelector('.composer .primary').disabled`) {
		t.Error("the composer still lets a reply go")
	}
	// A note still goes in.
	ada.click(".composer-modes button", "Note")
	ada.gone(`.composer [data-testid="opted-out"]`, "")
	ada.typeIn(".composer textarea", "She texted STOP.\r")
	ada.waitText(".bubble.note", "She texted STOP.")
	ada.click(".composer-modes button", "Reply")
	ada.waitText(`.composer [data-testid="opted-out"]`, "texted STOP")

	texts("START")
	ada.waitText(".milestone", "The customer opted back in to SMS messages ("+ana+")")
	ada.gone(`[data-testid="opted-out"]`, "")
	ada.typeIn(".composer textarea", "Welcome back: it arrives tomorrow.\r")
	ada.waitText(".bubble.out", "Welcome back: it arrives tomorrow.")
	for deadline := time.Now().Add(10 * time.Second); len(emu.Sent()) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the reply never reached Twilio")
		}
	}
	if sent := emu.Sent(); len(sent) != 1 || sent[0].Form.Get("Body") != "Welcome back: it arrives tomorrow." {
		t.Errorf("Twilio got %d messages: %v", len(sent), sent[0].Form)
	}
}
