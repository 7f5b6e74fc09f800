//go:build ui

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/internal/oggopus"
)

// browserWhatsApp is a server on SQLite with a WhatsApp inbox on the emulator, and Ada signed in
// to it in Chromium through the first-run form.
func browserWhatsApp(t *testing.T) (*app, *waemu.Server, *tab) {
	t.Helper()
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu, api := whatsAppEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WhatsApp", "settings": obj{"phone_number_id": emu.PhoneNumberID,
		"api_base_url": api}, "secrets": obj{"access_token": emu.Token, "app_secret": emu.AppSecret}}, 201, &inbox)
	emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
	return a, emu, ada
}

// TestBrowserVoiceCardsFailures: in Chromium, a customer's WhatsApp voice note shows as a voice
// note with a player that loads it (Opus in Ogg, its duration read); a shared contact shows as a
// card whose "Add as contact" creates the contact, and a card with an address that is already a
// contact's offers to open it instead; the agent's own Opus recording goes out as audio; a failed message says why and what to do in the agent's
// language (English, then Italian), with the provider's code as a detail, and a code the
// interface does not know shows the server's reason.
func TestBrowserVoiceCardsFailures(t *testing.T) {
	a, emu, ada := browserWhatsApp(t)

	card := func(id, name, phone, waID string) obj {
		return obj{"id": id, "type": "contacts", "contacts": []obj{{"name": obj{"formatted_name": name},
			"phones": []obj{{"phone": phone, "wa_id": waID, "type": "CELL"}}, "emails": []obj{{"email": "bea@lima.example", "type": "WORK"}},
			"org": obj{"company": "Lima Ltda"}, "urls": []obj{{"url": "https://lima.example"}}}}}
	}
	if status, err := emu.Deliver(emu.Customer("Ana Souza", "5511999990000", emu.VoiceNote("wamid.VOICE", 3*time.Second),
		card("wamid.BEA", "Bea Lima", "+55 11 98888-7777", "5511988887777"),
		card("wamid.ANA", "Ana (work phone)", "+55 11 99999-0000", "5511999990000"))); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	ada.open("/inbox?view=all")
	ada.click(".row", "Ana Souza")

	// The voice note: marked, and a player the browser can play, its length read from the file.
	ada.waitText(".bubble.in .media.audio figcaption", "Voice note")
	if got := eval[string](ada, `document.createElement("audio").canPlayType("audio/ogg; codecs=opus")`); got == "" {
		t.Fatal("Chromium says it cannot play Opus in Ogg")
	}
	ada.wait("the voice note's metadata", `(a => a && a.readyState >= 1 && Math.abs(a.duration - 3) < 0.1)(document.querySelector('.bubble.in audio[data-voice="true"]'))`)
	// And it plays: its time moves on (muted, as a page may play without a click only so).
	eval[bool](ada, `(a => (a.muted = true, a.play(), true))(document.querySelector('.bubble.in audio[data-voice="true"]'))`)
	ada.wait("the voice note playing", `(a => !a.paused && a.currentTime > 0.2)(document.querySelector('.bubble.in audio[data-voice="true"]'))`)

	// The cards: Bea is nobody's yet; the second number is Ana's own.
	ada.waitText(".contact-share", "Lima Ltda")
	ada.waitText(".contact-share a[href^='tel:']", "+55 11 98888-7777")
	ada.waitText(".contact-share", "Open Ana Souza")
	ada.shot("cards")
	ada.click(".contact-share button", "Add as contact")
	ada.waitText(".contact-share", "Open Bea Lima")
	var found struct{ Items []obj }
	a.do("GET", "/api/v1/contacts?identity_kind=email&identity=bea@lima.example", nil, 200, &found)
	if len(found.Items) != 1 || found.Items[0]["name"] != "Bea Lima" || len(found.Items[0]["identities"].([]any)) != 2 {
		t.Fatalf("the contact added from the card: %v", found.Items)
	}
	ada.click(".contact-share button", "Open Ana Souza")
	ada.waitText(".modal .identities", "+5511999990000")
	ada.wait("a link to Ana's conversation", fmt.Sprintf(`!!document.querySelector(".modal .history a[href='/inbox/%v']")`, a.allConversations()[0]["id"]))
	ada.click(`.modal button[aria-label="Close"]`, "")
	ada.gone(".modal", "")

	// The agent sends a recording of their own: an .ogg the browser calls audio/ogg is Opus, which
	// WhatsApp takes; it goes out as audio and plays in the thread.
	memo := filepath.Join(t.TempDir(), "memo.ogg")
	if err := os.WriteFile(memo, oggopus.Silence(2*time.Second), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(emu.Sent())
	ada.do(chromedp.SetUploadFiles(chromedp.CSS(`.composer input[type="file"]`), []string{memo}))
	ada.waitText(".pending-files li.ready", "memo.ogg")
	ada.typeIn(".composer textarea", "Listen"+kb.Enter)
	ada.wait("the recording in the thread", `(a => a && a.readyState >= 1 && Math.abs(a.duration - 2) < 0.1)(document.querySelector(".bubble.out audio"))`)
	for deadline := time.Now().Add(10 * time.Second); len(emu.Sent()) < before+2 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if sent := emu.Sent(); len(sent) < before+2 || sent[before].Type != "audio" {
		t.Fatalf("WhatsApp got %d messages after the recording, the first %v", len(sent)-before, sent[before:])
	}

	// Replies the provider refuses: one for a code Switchboard knows, one it does not.
	var conv struct{ Items []obj }
	a.do("GET", "/api/v1/conversations?view=all", nil, 200, &conv)
	path := fmt.Sprintf("/api/v1/conversations/%v", conv.Items[0]["id"])
	for _, e := range []waemu.StatusError{
		{Code: 131050, Title: "Unable to deliver the message", Details: "The user has stopped marketing messages."},
		{Code: 199999, Title: "Something new", Details: "A reason nobody mapped."},
	} {
		before = len(emu.Sent())
		var r obj
		a.do("POST", path+"/messages", obj{"text": fmt.Sprintf("News %d", e.Code)}, 201, &r)
		deadline := time.Now().Add(10 * time.Second)
		for len(emu.Sent()) == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		sent := emu.Sent()[before]
		a.waitMessage(path, func(m obj) bool { return m["id"] == r["id"] && m["provider_id"] == sent.ID })
		if status, err := emu.Deliver(emu.Failed(e, sent)); err != nil || status != 200 {
			t.Fatalf("failed status: %d %v", status, err)
		}
	}
	ada.waitText(`.failed[data-error-code="opted_out"]`, "The customer unsubscribed from your messages.")
	ada.waitText(`.failed[data-error-code="opted_out"] .failure-action`, "Do not write again")
	ada.waitText(`.failed[data-error-code="opted_out"] .failure-detail`, "WhatsApp error 131050: The user has stopped marketing messages.")
	ada.waitText(`.failed[data-error-code="provider_error"]`, "WhatsApp error 199999: A reason nobody mapped.")
	eval[bool](ada, `(document.querySelector(".failed").scrollIntoView(), true)`)
	ada.shot("failures-en")

	// In Italian.
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "it"}, 200, nil)
	ada.open(fmt.Sprintf("/inbox/%v?view=all", conv.Items[0]["id"]))
	ada.waitText(`.failed[data-error-code="opted_out"]`, "Il cliente ha chiesto di non ricevere più i tuoi messaggi.")
	ada.waitText(`.failed[data-error-code="opted_out"] .failure-detail`, "Dettaglio del provider: WhatsApp error 131050")
	ada.waitText(".bubble.in .media.audio figcaption", "Messaggio vocale")
	ada.waitText(".contact-share button", "Apri Bea Lima")
	eval[bool](ada, `(document.querySelector(".failed").scrollIntoView(), true)`)
	ada.shot("failures-it")
}
