//go:build ui

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/emulator/meta"
)

// TestBrowserInstagram drives an Instagram inbox wired to the Graph API emulator in Chromium: an
// admin connects an account through Instagram Login with the typed settings; a customer replies
// to the account's story (the story's picture shows with the reply), shares a reel, and unsends a
// message, which shows as unsent with a milestone, its words gone. At 1440, 1024 (dark) and 390 px.
func TestBrowserInstagram(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu := meta.NewInstagram(igAccount, "", "IGAA-token", "ig_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	ada.open("/settings/inboxes")
	settingsOpen(ada, "button", "New inbox")
	settingsChoose(ada, `select[name="kind"]`, "instagram")
	ada.wait("the Instagram fields", `!!document.querySelector('input[name="account_id"]')`)
	ada.typeIn(`input[name="name"]`, "Shop on Instagram")
	ada.typeIn(`input[name="account_id"]`, igAccount)
	ada.typeIn(`input[name="app_id"]`, emu.AppID)
	ada.typeIn(`input[name="api_base_url"]`, srv.URL)
	ada.typeIn(`input[name="secret-access_token"]`, emu.Token)
	ada.typeIn(`input[name="secret-app_secret"]`, emu.AppSecret)
	ada.typeIn(`input[name="secret-verify_token"]`, "let-me-in")
	ada.shot("instagram-connect")
	ada.click(".modal button", "Create inbox")
	ada.gone(".modal", "")
	inbox := settingsFind(a, "/api/v1/inboxes", "name", "Shop on Instagram")
	if s := inbox["settings"].(obj); s["account_id"] != igAccount || (s["host"] != nil && s["host"] != "instagram") {
		t.Fatalf("settings saved: %v", s)
	}
	emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])

	const igsid = "6001002003004005"
	deliver := func(e meta.Event) {
		t.Helper()
		if status, err := emu.Deliver(emu.Envelope(e)); err != nil || status != 200 {
			t.Fatalf("webhook: %d %v", status, err)
		}
	}
	deliver(emu.Text(igsid, "ig_IN1", "My address is Rua Augusta 12", time.Time{}))
	deliver(emu.StoryReply(igsid, "ig_IN2", "Is this jacket still available?", storyPicture(), "image/png"))
	deliver(emu.Share(igsid, "ig_IN3", "ig_reel", "https://www.instagram.com/reel/C0ffee/", "Summer drop"))
	deliver(emu.Unsend(igsid, "ig_IN1"))

	for _, size := range widths {
		t.Run(fmt.Sprint(size.w), func(t *testing.T) {
			ada.t = t
			ada.viewport(size.w, size.h)
			ada.theme(size.w)
			ada.open("/inbox?view=all")
			ada.click(".row", instagram.ContactName(igsid))
			ada.waitText(".bubble.in", "Replied to your story")
			ada.waitText(".bubble.in", "Is this jacket still available?")
			ada.wait("the story's picture", `[...document.querySelectorAll(".bubble.in img")].some((i) => i.complete && i.naturalWidth === 180)`)
			ada.waitText(".bubble.in", "Shared a reel")
			ada.waitText(".bubble.in", "https://www.instagram.com/reel/C0ffee/")
			ada.waitText(".bubble.in", "The customer unsent this message.")
			ada.waitText(".thread-pane", "The customer unsent a message")
			if eval[bool](ada, `document.querySelector(".thread-pane").textContent.includes("Rua Augusta")`) {
				t.Error("the unsent message's words still show")
			}
			ada.waitText(`[data-testid="window-bar"]`, "Reply window open")
			ada.shot(fmt.Sprintf("instagram-thread-%d", size.w))
		})
	}

	// Instagram takes ❤️ only: the thread offers just that, which reaches Instagram as "love";
	// typing a reply shows the customer that the account is typing.
	ada.t = t
	ada.viewport(1440, 900)
	ada.open("/inbox?view=all")
	ada.click(".row", instagram.ContactName(igsid))
	ada.click(`.bubble.in button.react-only[aria-label="React with ❤️"]`, "")
	ada.wait("the heart on the message", `document.querySelector('.bubble.in button.react-only[aria-pressed="true"]') !== null`)
	ada.typeIn(".composer textarea", "It is, in every size.")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && (actions(emu, igsid, "react") == 0 || actions(emu, igsid, "typing_on") == 0); {
		time.Sleep(20 * time.Millisecond)
	}
	for _, s := range emu.Sent() {
		if p, _ := s.Body["payload"].(map[string]any); s.Action == "react" && p["reaction"] != "love" {
			t.Errorf("Instagram got the reaction %v", s.Body)
		}
	}
	if actions(emu, igsid, "react") != 1 || actions(emu, igsid, "typing_on") != 1 {
		t.Errorf("Instagram got %d reactions and %d typing_on, want 1 each", actions(emu, igsid, "react"), actions(emu, igsid, "typing_on"))
	}
	ada.shot("instagram-heart")
}

// storyPicture is a story-shaped (9:16) picture, big enough to see in the thread.
func storyPicture() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 180, 320))
	for y := range 320 {
		for x := range 180 {
			img.Set(x, y, color.RGBA{R: uint8(190 - y/4), G: uint8(40 + x/3), B: 110, A: 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
