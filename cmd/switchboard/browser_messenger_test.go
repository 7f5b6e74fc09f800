//go:build ui

package main

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
)

// TestBrowserMessenger drives a Messenger inbox wired to the Graph API emulator in Chromium: an
// admin connects a page with its typed settings (Human Agent on) and sees the webhook URL to
// paste; a customer's message shows with the 24-hour countdown and the agent replies; a customer
// who wrote three days ago shows the Human Agent countdown and gets a reply tagged HUMAN_AGENT; one
// who wrote eight days ago cannot be answered. An edited message shows as such, and the ad the
// customer came from as a milestone. At 1440, 1024 (dark) and 390 px.
func TestBrowserMessenger(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu := meta.New("108000111222333", "EAAPage-token", "page_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	ada.open("/settings/inboxes")
	settingsOpen(ada, "button", "New inbox")
	settingsChoose(ada, `select[name="kind"]`, "messenger")
	ada.wait("the Messenger fields", `!!document.querySelector('input[name="page_id"]')`)
	ada.typeIn(`input[name="name"]`, "Shop page")
	ada.typeIn(`input[name="page_id"]`, emu.PageID)
	ada.typeIn(`input[name="app_id"]`, emu.AppID)
	ada.click(`input[name="human_agent"]`, "")
	ada.typeIn(`input[name="api_base_url"]`, srv.URL)
	ada.typeIn(`input[name="secret-access_token"]`, emu.Token)
	ada.typeIn(`input[name="secret-app_secret"]`, emu.AppSecret)
	ada.typeIn(`input[name="secret-verify_token"]`, "let-me-in")
	ada.shot("messenger-connect")
	ada.click(".modal button", "Create inbox")
	ada.gone(".modal", "")
	inbox := settingsFind(a, "/api/v1/inboxes", "name", "Shop page")
	if s := inbox["settings"].(obj); s["page_id"] != emu.PageID || s["human_agent"] != true {
		t.Fatalf("settings saved: %v", s)
	}
	emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
	ada.click("td button", "Connection")
	ada.waitText(`[data-testid="webhook-url"]`, emu.WebhookURL)
	ada.shot("messenger-connection")
	ada.click(`.modal button[aria-label="Close"]`, "")
	ada.gone(".modal", "")
	if status, _, err := emu.Handshake("let-me-in", "42"); err != nil || status != 200 {
		t.Fatalf("handshake: %d %v", status, err)
	}

	deliver := func(e meta.Event) {
		t.Helper()
		if status, err := emu.Deliver(emu.Envelope(e)); err != nil || status != 200 {
			t.Fatalf("webhook: %d %v", status, err)
		}
	}
	deliver(emu.Text("7001002003004005", "m_IN1", "Is the blue one in stock?", time.Time{}))
	deliver(emu.Text("7001002003009999", "m_OLD", "Any news on my refund?", time.Now().Add(-3*24*time.Hour)))
	deliver(emu.Text("7001002003008888", "m_GONE", "Hello?", time.Now().Add(-8*24*time.Hour)))
	deliver(emu.Edit("7001002003004005", "m_IN1", "Is the navy one in stock?", 1))
	deliver(emu.Referral("7001002003004005", "ADS", "spring_promo"))

	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			ada.t = t
			ada.viewport(size.w, size.h)
			ada.theme(size.w)
			ada.open("/inbox?view=all")
			ada.click(".row", messenger.ContactName("7001002003004005"))
			ada.waitText(".bubble.in", "Is the navy one in stock?")
			ada.click(".bubble.in .edited summary", "edited")
			ada.waitText(".bubble.in .edited[open]", "Before: Is the blue one in stock?")
			ada.waitText(".thread-pane", "The customer came from an ad · spring_promo")
			ada.waitText(`[data-testid="window-bar"]`, "Reply window open")
			ada.waitText(`[data-testid="window-bar"]`, "23h")
			ada.shot(fmt.Sprintf("messenger-thread-%d", size.w))

			ada.open("/inbox?view=all")
			ada.click(".row", messenger.ContactName("7001002003008888"))
			ada.waitText(`[data-testid="window-bar"]`, "the customer must write again")
			if !eval[bool](ada, `document.querySelector(".composer textarea").disabled`) {
				t.Error("the text area takes free text after 7 days")
			}
			ada.open("/inbox?view=all")
			ada.click(".row", messenger.ContactName("7001002003009999"))
			ada.waitText(`[data-testid="window-bar"]`, "Human agent window")
			ada.waitText(`[data-testid="window-bar"]`, "3d 23h")
			ada.shot(fmt.Sprintf("messenger-human-%d", size.w))
		})
	}

	// Replies: inside the window, and in the Human Agent days (tagged).
	ada.t = t
	ada.viewport(1440, 900)
	ada.theme(1440)
	for _, c := range []struct{ psid, text string }{{"7001002003004005", "Yes, we have it."}, {"7001002003009999", "Your refund left today."}} {
		ada.open("/inbox?view=all")
		ada.click(".row", messenger.ContactName(c.psid))
		ada.typeIn(".composer textarea", c.text+"\r")
		ada.waitText(".bubble.out", c.text)
	}
	tags := map[string]string{}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && (len(tags) < 2 || actions(emu, "7001002003004005", "typing_off") == 0); time.Sleep(20 * time.Millisecond) {
		for _, s := range emu.Sent() {
			if s.Text() != "" {
				tags[s.Text()] = s.MessagingType + " " + s.Tag
			}
		}
	}
	// Typing the reply showed the customer inside the window that the page was typing, once,
	// and sending it stopped that; the Human Agent days take no sender action.
	if on, off := actions(emu, "7001002003004005", "typing_on"), actions(emu, "7001002003004005", "typing_off"); on != 1 || off != 1 {
		t.Errorf("%d typing_on and %d typing_off in the open window, want 1 each", on, off)
	}
	if n := actions(emu, "7001002003009999", "typing_on"); n != 0 {
		t.Errorf("%d typing_on after the window closed", n)
	}
	if tags["Yes, we have it."] != "RESPONSE " || tags["Your refund left today."] != "MESSAGE_TAG HUMAN_AGENT" {
		t.Errorf("Messenger got %v", tags)
	}
	ada.shot("messenger-replied")
}
