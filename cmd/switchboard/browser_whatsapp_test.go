//go:build ui

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"testing"
	"time"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// TestBrowserWhatsApp drives a WhatsApp inbox wired to the emulator in Chromium: an admin
// connects it with its typed settings and sees the webhook URL, verify token and health; the
// customer's message shows with the window's countdown; the agent reacts and replies; a
// customer whose window closed gets a template, its parameters filled and previewed.
func TestBrowserWhatsApp(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	emu := waemu.New("106540352242922", "EAAG-token", "test_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	// Connect the number in Settings › Inboxes with the WhatsApp Cloud fields.
	ada.open("/settings/inboxes")
	settingsOpen(ada, "button", "New inbox")
	settingsChoose(ada, `select[name="kind"]`, "whatsapp")
	ada.wait("the WhatsApp fields", `!!document.querySelector('input[name="phone_number_id"]')`)
	ada.typeIn(`input[name="name"]`, "WhatsApp Sales")
	ada.typeIn(`input[name="phone_number_id"]`, emu.PhoneNumberID)
	ada.typeIn(`input[name="business_account_id"]`, emu.BusinessAccountID)
	ada.typeIn(`input[name="api_base_url"]`, srv.URL)
	ada.typeIn(`input[name="secret-access_token"]`, emu.Token)
	ada.typeIn(`input[name="secret-app_secret"]`, emu.AppSecret)
	ada.typeIn(`input[name="secret-verify_token"]`, "let-me-in")
	ada.shot("connect")
	ada.click(".modal button", "Create inbox")
	ada.gone(".modal", "")
	inbox := settingsFind(a, "/api/v1/inboxes", "name", "WhatsApp Sales")
	if s := inbox["settings"].(obj); s["phone_number_id"] != emu.PhoneNumberID || s["provider"] != "cloud" {
		t.Fatalf("settings saved: %v", s)
	}
	emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
	ada.click("td button", "Connection")
	ada.waitText(`[data-testid="webhook-url"]`, emu.WebhookURL)
	ada.waitText(".modal .health", "let-me-in")
	ada.click(".modal button", "Sync templates")
	ada.waitText(".modal .templates-table", "order_update")
	ada.waitText(".modal .templates-table", "Awaiting approval")
	ada.shot("connection")
	ada.click(`.modal button[aria-label="Close"]`, "")
	ada.gone(".modal", "")

	// A customer writes: the thread shows it with the countdown of the 24-hour window.
	if status, err := emu.Deliver(emu.Customer("Ana Lima", "5511999990000", obj{"id": "wamid.IN1", "type": "text", "text": obj{"body": "Is the blue one in stock?"}})); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	ada.open("/inbox?view=all")
	ada.click(".row", "Ana Lima")
	ada.waitText(".bubble.in", "Is the blue one in stock?")
	ada.waitText(`[data-testid="window-bar"]`, "Reply window open")
	ada.waitText(`[data-testid="window-bar"]`, "23h")
	// React, then reply.
	ada.click(`.bubble.in button[aria-label="React"]`, "")
	ada.typeIn(".emoji-picker input[type=search]", "thumbs up")
	ada.click(`.emoji-picker .emoji-cells button[aria-label^="thumbs up"]`, "👍")
	ada.waitText(".bubble.in .reactions", "👍")
	ada.typeIn(".composer textarea", "Yes, we have it."+"\r")
	ada.waitText(".bubble.out", "Yes, we have it.")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && len(emu.Sent()) < 2 {
		time.Sleep(20 * time.Millisecond)
	}
	var sawReaction, sawText bool
	for _, s := range emu.Sent() {
		sawReaction = sawReaction || (s.Type == "reaction" && s.Body["reaction"].(map[string]any)["emoji"] == "👍")
		sawText = sawText || (s.Type == "text" && s.Body["text"].(map[string]any)["body"] == "Yes, we have it.")
	}
	if !sawReaction || !sawText {
		t.Errorf("WhatsApp got reaction %v, text %v", sawReaction, sawText)
	}
	// Share the shop's location.
	ada.click(`.composer button[aria-label="Share a location"]`, "")
	ada.typeIn(`input[name="place-name"]`, "Our shop")
	ada.typeIn(`input[name="latitude"]`, "-23.5613")
	ada.typeIn(`input[name="longitude"]`, "-46.6565")
	ada.click(".modal button", "Send location")
	ada.gone(".modal", "")
	ada.waitText(".bubble.out a.media", "Our shop")
	ada.shot("thread")

	// Label the contact from the contact panel, creating the label on the spot.
	ada.click(".contact-labels button", "Add a label")
	ada.typeIn(`.contact-labels input[aria-label="New label"]`, "vip\r")
	ada.wait("the vip label on the contact, the picker closed",
		`!document.querySelector(".contact-labels .menu") && document.querySelector(".contact-labels .thread-labels")?.textContent.includes("vip")`)
	var contact obj
	a.do("GET", fmt.Sprintf("/api/v1/contacts/%v", settingsFind(a, "/api/v1/conversations?view=all", "contact_name", "Ana Lima")["contact_id"]), nil, 200, &contact)
	if l, _ := contact["labels"].([]any); len(l) != 1 || l[0] != "vip" {
		t.Errorf("contact labels = %v", contact["labels"])
	}

	// Bruno wrote 25 hours ago: free text is off, a template goes out.
	old := strconv.FormatInt(time.Now().Add(-25*time.Hour).Unix(), 10)
	emu.Deliver(emu.Customer("Bruno Rossi", "393331234567", obj{"id": "wamid.OLD", "type": "text", "timestamp": old, "text": obj{"body": "ciao"}}))
	ada.open("/inbox?view=all")
	ada.click(".row", "Bruno Rossi")
	ada.waitText(`[data-testid="window-bar"]`, "window is closed")
	if !eval[bool](ada, `document.querySelector(".composer textarea").disabled`) {
		t.Error("the text area takes free text outside the window")
	}
	ada.click(`[data-testid="window-bar"] button`, "Template")
	ada.click(".template-list li", "order_update")
	ada.wait("the first parameter filled with the contact's name", `document.querySelector('input[name="param-1"]')?.value === "Bruno Rossi"`)
	ada.typeIn(`input[name="param-2"]`, "#1234")
	ada.waitText(`[data-testid="template-preview"]`, "Hello Bruno Rossi, your order #1234 is on its way.")
	ada.shot("template")
	ada.click(".modal button", "Send template")
	ada.gone(".modal", "")
	ada.waitText(".bubble.out", "Hello Bruno Rossi, your order #1234")
	ada.waitText(".bubble.out .badge", "order_update")

	// A website bot answers on an API inbox and hands over to people: the thread says so.
	var bot, tok obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Website bot"}, 201, &bot)
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/token", bot["id"]), nil, 201, &tok)
	botApp := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok["token"].(string)}
	var rec struct{ Conversation obj }
	botApp.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", bot["id"]), obj{"from": "visitor-1", "contact_name": "Gil", "provider_id": "w1", "text": "Cancel my plan"}, 201, &rec)
	botApp.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", bot["id"]), obj{"from": "visitor-1", "provider_id": "w2", "text": "Let me find someone.", "from_bot": true, "bot_name": "Helper"}, 201, nil)
	botApp.do("POST", fmt.Sprintf("/api/v1/conversations/%v/handoff", rec.Conversation["id"]), obj{"reason": "Cancellations need a person"}, 200, nil)
	ada.open(fmt.Sprintf("/inbox/%v", rec.Conversation["id"]))
	ada.waitText(".bubble.out .bubble-author", "Helper (bot)")
	ada.waitText(".milestone", "The bot handed the conversation over: Cancellations need a person")
	ada.shot("handoff")
}

// TestBrowserDemo opens demo mode in Chromium as a newcomer would: signed in with the printed
// credentials, the inbox fills with simulated WhatsApp and SMS customers.
func TestBrowserDemo(t *testing.T) {
	base, _ := startDemo(t, "1s")
	b := session(t, base)
	b.open("/")
	b.waitText("h1", "Sign in")
	b.typeIn(`input[name="email"]`, demoEmail)
	b.typeIn(`input[name="password"]`, demoPassword)
	b.click("button", "Sign in")
	b.waitText(".tabs", "Unassigned")
	b.open("/inbox?view=all")
	b.waitWithin(45*time.Second, "WhatsApp and SMS customers in the list",
		`document.querySelectorAll(".row").length >= 4 && !!document.querySelector('.row [aria-label="WhatsApp"], .row [title="WhatsApp"]') && !!document.querySelector('.row [aria-label="SMS"], .row [title="SMS"]')`)
	b.click(".row", "Marco Rossi")
	b.waitText(".bubble.in", "damaged")
	b.wait("the customer's photo", `!!document.querySelector(".bubble.in img.media")`)
	b.shot("demo")
}

// startDemo runs `switchboard demo` with customers writing every interval, as a newcomer would,
// and returns the address it prints and its printout.
func startDemo(t *testing.T, interval string) (base string, out *syncWriter) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncWriter{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: out, Stderr: io.Discard, Getenv: env(map[string]string{
		"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DEMO_INTERVAL": interval})}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"demo"}) }()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "sign in as") {
			return strings.Fields(s[strings.Index(s, "http://"):])[0], out
		} else if time.Now().After(deadline) {
			t.Fatal("the demo did not start")
		}
	}
}
