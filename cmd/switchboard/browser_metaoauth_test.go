//go:build ui

package main

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/emulator/meta"
)

// TestBrowserMetaConnect: an admin connects a Messenger inbox with Facebook Login in Chromium,
// through the emulator's consent page and back, and sees in its Connection the redirect URI to
// register, the credentials working, the permission left unticked and the webhook fields
// subscribed. An Instagram inbox without its app's secret offers no button, only what to do; with
// it, Connect with Instagram gives a long-lived token whose expiry and renewal show.
func TestBrowserMetaConnect(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu, api := metaEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	var in obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "messenger", "name": "Shop page", "settings": obj{"page_id": emu.PageID, "app_id": emu.AppID, "api_base_url": api},
		"secrets": obj{"app_secret": emu.AppSecret, "verify_token": "let-me-in"}}, 201, &in)
	a.do("POST", "/api/v1/inboxes", obj{"kind": "instagram", "name": "Zeta IG", "settings": obj{"account_id": "17841400000000001", "api_base_url": api}}, 201, nil)
	path := fmt.Sprintf("/api/v1/inboxes/%v", in["id"])

	ada.open("/settings/inboxes")
	ada.click("tr:nth-child(1) td button", "Connection")
	ada.waitText(`[data-testid="sign-in"]`, "No token yet")
	ada.waitText(`[data-testid="redirect-uri"]`, a.base+"/api/v1/oauth/callback")
	ada.waitText(`[data-testid="webhook-url"]`, path+"/webhook")
	ada.shot("meta-connect")

	// Consent with one permission left unticked: the emulator's dialog sends the browser back.
	emu.DeclinePermissions("pages_manage_engagement")
	ada.click(".modal button", "Connect with Facebook")
	ada.waitText(".notice", "Shop page is signed in.")
	if !strings.Contains(fmt.Sprint(emu.Subscribed(emu.PageID)), "message_echoes") {
		t.Errorf("the Page is subscribed to %v", emu.Subscribed(emu.PageID))
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) { // the check is a job
		var h obj
		a.do("GET", path+"/health", nil, 200, &h)
		if h["credentials_ok"] == true && h["missing_permissions"] != nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the credentials were not checked: %v", h)
		}
	}
	ada.click("tr:nth-child(1) td button", "Connection")
	ada.waitText(`[data-testid="sign-in"]`, "A token is set")
	ada.waitText(`[data-testid="health-credentials"]`, "Working")
	ada.waitText(`[data-testid="health-permissions"]`, "Not granted: pages_manage_engagement")
	ada.waitText(`[data-testid="health-fields"]`, "All subscribed")
	ada.shot("meta-connected")
	ada.click(`.modal button[aria-label="Close"]`, "")
	ada.gone(".modal", "")

	// The Instagram inbox has no app yet: no button that could not work.
	ada.click("tr:nth-child(2) td button", "Connection")
	ada.waitText(`[data-testid="sign-in"]`, "To connect with Instagram, enter the app's ID and the app secret")
	if eval[bool](ada, `!![...document.querySelectorAll(".modal button")].find(b => b.textContent.includes("Connect with"))`) {
		t.Error("a Connect button shows for an inbox without its app")
	}
	ada.click(`.modal button[aria-label="Close"]`, "")
	ada.gone(".modal", "")

	// With its app, it connects with Instagram Login, and shows when the token expires and is renewed.
	ig := meta.NewInstagram("17841400000000001", "", "IGpasted-token", "ig_app_secret")
	igSrv := httptest.NewServer(ig)
	t.Cleanup(igSrv.Close)
	igInbox := settingsFind(a, "/api/v1/inboxes", "name", "Zeta IG")
	a.do("PATCH", fmt.Sprintf("/api/v1/inboxes/%v", igInbox["id"]), obj{"settings": obj{"account_id": ig.AccountID, "app_id": ig.AppID, "api_base_url": igSrv.URL},
		"secrets": obj{"app_secret": ig.AppSecret}}, 200, nil)
	ada.open("/settings/inboxes")
	ada.click("tr:nth-child(2) td button", "Connection")
	ada.click(".modal button", "Connect with Instagram")
	ada.waitText(".notice", "Zeta IG is signed in.")
	ada.click("tr:nth-child(2) td button", "Connection")
	ada.waitText(`[data-testid="health-token"]`, "renewed on")
	ada.shot("instagram-connected")
}
