package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestMessengerOAuth connects a Messenger inbox with Facebook Login through the Graph API
// emulator, as the running server does: the consent goes to the inbox's app and comes back; the
// Page's token is kept (never shown) and the Page subscribed to the webhook fields; the health
// names the permission the admin left unticked and, after a change in Meta's dashboard, the
// fields no longer subscribed. A refused consent, a forged state and a code used twice write
// nothing; an inbox without its app's secret cannot start.
func TestMessengerOAuth(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(),
				"SWITCHBOARD_DATABASE_URL": dbURL, "SWITCHBOARD_LOG_LEVEL": "warn"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu, api := metaEmulator(t)
			var in obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "messenger", "name": "Messenger", "settings": obj{"page_id": emu.PageID, "app_id": emu.AppID, "api_base_url": api},
				"secrets": obj{"verify_token": "let-me-in"}}, 201, &in)
			path := fmt.Sprintf("/api/v1/inboxes/%v", in["id"])
			a.do("POST", path+"/oauth", nil, 400, nil) // no app secret yet
			a.do("PATCH", path, obj{"secrets": obj{"app_secret": emu.AppSecret}}, 200, nil)
			health := func() obj {
				var h obj
				a.do("GET", path+"/health", nil, 200, &h)
				return h
			}
			secretNames := func() string {
				var shown obj
				a.do("GET", path, nil, 200, &shown)
				return fmt.Sprint(shown["secret_names"])
			}
			if h := health(); h["oauth_provider"] != "facebook" || h["verify_token"] != "let-me-in" {
				t.Fatalf("health before connecting: %v", h)
			}
			follow := func(u string) *url.URL {
				t.Helper()
				res, err := a.client.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				return res.Request.URL
			}
			consent := func() string {
				var s struct{ URL string }
				a.do("POST", path+"/oauth", nil, 200, &s)
				return s.URL
			}

			// Refused consent: back with the reason, nothing kept.
			emu.DenyConsent(true)
			if got := follow(consent()); !strings.Contains(got.Query().Get("oauth_error"), "access_denied") {
				t.Errorf("a refused consent came back to %s", got)
			}
			emu.DenyConsent(false)

			// The consent page is Facebook Login's dialog for the inbox's app.
			u := consent()
			cu, _ := url.Parse(u)
			if cu.Path != "/v23.0/dialog/oauth" || cu.Query().Get("client_id") != emu.AppID || cu.Query().Get("scope") != strings.Join(messenger.FacebookScopes, ",") {
				t.Fatalf("consent URL %s", u)
			}
			// A forged state is refused before anything is asked of Meta.
			forged := url.Values{"code": {"anything"}}
			forged.Set("state", fmt.Sprintf("%v.%d.00000000000000000000000000000000", in["id"], time.Now().Add(time.Hour).Unix()))
			if got := follow(a.base + "/api/v1/oauth/callback?" + forged.Encode()); got.Query().Get("oauth_error") == "" {
				t.Errorf("a forged state came back to %s", got)
			}
			if strings.Contains(secretNames(), "access_token") || len(emu.Subscribed(emu.PageID)) != 0 {
				t.Fatalf("a refused answer wrote something: %s, fields %v", secretNames(), emu.Subscribed(emu.PageID))
			}

			// Consent given, one permission left unticked.
			emu.DeclinePermissions("pages_manage_engagement")
			res, err := a.client.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Request.URL; got.Path != "/settings/inboxes" || got.Query().Get("connected") != fmt.Sprint(in["id"]) {
				t.Fatalf("after consent the browser is at %s", got)
			}
			callback := res.Request.Response.Request.URL.String() // the provider's answer, to replay
			if !strings.Contains(secretNames(), "access_token") {
				t.Fatalf("no page token kept: %s", secretNames())
			}
			if got := emu.Subscribed(emu.PageID); !slices.Equal(got, messenger.PageFields) {
				t.Errorf("the Page is subscribed to %v, want %v", got, messenger.PageFields)
			}
			var h obj
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				if h = health(); h["credentials_ok"] == true && h["missing_permissions"] != nil {
					break
				} else if time.Now().After(deadline) {
					t.Fatalf("the credentials were not checked: %v", h)
				}
			}
			if fmt.Sprint(h["missing_permissions"]) != "[pages_manage_engagement]" || fmt.Sprint(h["unsubscribed_fields"]) != "[]" || h["token_expires_at"] != nil {
				t.Errorf("health after connecting: %v", h)
			}
			// The same answer again: its code was used, and nothing changes.
			if got := follow(callback); !strings.Contains(got.Query().Get("oauth_error"), "used") {
				t.Errorf("a replayed answer came back to %s", got)
			}

			// Fields unsubscribed in Meta's dashboard show at the next check (as the inbox is saved).
			emu.Subscribe(emu.PageID, "messages", "feed")
			emu.DeclinePermissions()
			a.do("PATCH", path, obj{"name": "Messenger shop"}, 200, nil)
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				if h = health(); fmt.Sprint(h["unsubscribed_fields"]) != "[]" {
					break
				} else if time.Now().After(deadline) {
					t.Fatalf("the fields were not checked again: %v", h)
				}
			}
			if want := "[messaging_postbacks message_echoes message_reactions message_reads message_deliveries message_edits]"; fmt.Sprint(h["unsubscribed_fields"]) != want {
				t.Errorf("unsubscribed fields %v, want %s", h["unsubscribed_fields"], want)
			}

			// The token Facebook Login gave sends: a customer writes, an agent answers.
			emu.WebhookURL = a.base + path + "/webhook"
			w := &msSetup{a: a, emu: emu, inbox: path}
			w.deliver(t, emu.Text("7001002003004005", "m_IN1", "Hello", time.Time{}))
			a.do("POST", w.conv(t, "7001002003004005")+"/messages", obj{"text": "Connected through Facebook."}, 201, nil)
			if s := w.waitSent(t, 1); s[len(s)-1].Text() != "Connected through Facebook." {
				t.Errorf("sent %+v", s[len(s)-1])
			}
		})
	}
}
