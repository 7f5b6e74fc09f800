package main

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	twemu "github.com/switchboardhq/switchboard/emulator/twilio"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// twilioEmulator starts the Twilio emulator for a test, on a server of its own.
func twilioEmulator(t testing.TB) *twemu.Server {
	emu := twemu.New("AC"+strings.Repeat("0", 31)+"1", "test_auth_token")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	return emu
}

// twilioInbox connects an inbox of a kind to the emulator's account, sending from a number,
// with its webhook URL set as in Twilio's console; it returns that URL.
func twilioInbox(a *app, emu *twemu.Server, kind, from string) string {
	a.t.Helper()
	var in obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": kind, "name": "Twilio " + kind, "settings": obj{"provider": "twilio",
		"account_sid": emu.AccountSID, "from": from, "api_base_url": emu.BaseURL}, "secrets": obj{"auth_token": emu.AuthToken}}, 201, &in)
	hook := fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, in["id"])
	a.do("PATCH", fmt.Sprintf("/api/v1/inboxes/%v", in["id"]), obj{"settings": obj{"provider": "twilio", "account_sid": emu.AccountSID,
		"from": from, "api_base_url": emu.BaseURL, "webhook_url": hook}}, 200, nil)
	return hook
}

// TestTwilio drives an SMS number and a WhatsApp sender through the Twilio emulator: signed
// inbound messages land once (media fetched with the account's credentials, through Twilio's
// redirect and first 404), forged ones write nothing, replies and MMS go out in Twilio's form,
// status callbacks out of order end at the furthest, an outage is retried and sent once, and
// an undelivered report fails the message with its reason.
func TestTwilio(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := twilioEmulator(t)

			for _, ch := range []struct{ kind, from, customer string }{
				{"sms", "+15550001111", "+15550002222"},
				{"whatsapp", "+14155238886", "whatsapp:+6285100000000"},
			} {
				t.Run(ch.kind, func(t *testing.T) {
					// Settings are checked by the Twilio connector the provider names.
					a.do("POST", "/api/v1/inboxes", obj{"kind": ch.kind, "name": "Bad", "settings": obj{"provider": "twilio", "account_sid": "AC1"}}, 400, nil)
					a.do("POST", "/api/v1/inboxes", obj{"kind": ch.kind, "name": "Bad", "settings": obj{"provider": "nexmo"}}, 400, nil)
					var inbox obj
					a.do("POST", "/api/v1/inboxes", obj{"kind": ch.kind, "name": "Twilio " + ch.kind, "settings": obj{"provider": "twilio",
						"account_sid": emu.AccountSID, "from": ch.from, "api_base_url": emu.BaseURL},
						"secrets": obj{"auth_token": emu.AuthToken}}, 201, &inbox)
					path := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
					hook := a.base + path + "/webhook"
					// The Content API gets the auth token too: pointing it elsewhere takes the token again.
					moved := obj{"provider": "twilio", "account_sid": emu.AccountSID, "from": ch.from,
						"api_base_url": emu.BaseURL, "content_api_url": emu.BaseURL, "webhook_url": hook}
					a.do("PATCH", path, obj{"settings": moved}, 400, nil)
					a.do("PATCH", path, obj{"settings": moved, "secrets": obj{"auth_token": emu.AuthToken}}, 200, nil)

					in := emu.Incoming(ch.customer, "whatsapp:"+ch.from, "Is my parcel lost?")
					if ch.kind == "sms" {
						in.Set("To", ch.from)
					}
					photo := emu.AddMedia(pngPixel, "image/png", true)
					in.Set("NumMedia", "1")
					in.Set("MediaUrl0", photo)
					in.Set("MediaContentType0", "image/png")
					for name, sig := range map[string]string{"unsigned": "", "forged": "L1sLhxmj9NjDsnIYcTAOxx1vghY="} {
						if status, _, _ := emu.PostSigned(hook, in, sig); status != 401 {
							t.Errorf("%s webhook answered %d", name, status)
						}
					}
					var list struct{ Items []obj }
					a.do("GET", "/api/v1/conversations?view=all&inbox_id="+fmt.Sprint(inbox["id"]), nil, 200, &list)
					if len(list.Items) != 0 {
						t.Fatalf("a refused webhook wrote a conversation")
					}
					for range 2 { // Twilio's connection retry delivers the same MessageSid again
						status, body, err := emu.Post(hook, in)
						if err != nil || status != 200 || !strings.Contains(body, "<Response>") {
							t.Fatalf("webhook answered %d %q %v", status, body, err)
						}
					}
					a.do("GET", "/api/v1/conversations?view=all&inbox_id="+fmt.Sprint(inbox["id"]), nil, 200, &list)
					if len(list.Items) != 1 {
						t.Fatalf("%d conversations, want 1", len(list.Items))
					}
					conv := fmt.Sprintf("/api/v1/conversations/%v", list.Items[0]["id"])
					m := a.waitMessage(conv, func(m obj) bool {
						at, _ := m["attachments"].([]any)
						return len(at) == 1 && at[0].(obj)["pending"] == false
					})
					if m["text"] != "Is my parcel lost?" || list.Items[0]["contact_handle"] != strings.TrimPrefix(ch.customer, "whatsapp:") {
						t.Errorf("message %v from %v", m["text"], list.Items[0]["contact_handle"])
					}
					if at := m["attachments"].([]any)[0].(obj); at["fetch_error"] != "" || !strings.HasPrefix(at["url"].(string), "/api/v1/attachments/") {
						t.Errorf("the customer's photo: %v", at)
					}
					var th struct{ Items []obj }
					a.do("GET", conv+"/messages", nil, 200, &th)
					if n := len(th.Items); n != 1 {
						t.Errorf("%d messages after a redelivery, want 1", n)
					}

					// A reply with a photo: Twilio gets the text, the sender, a status callback
					// naming the message, and a MediaUrl it can fetch without credentials.
					before := len(emu.Sent())
					up := uploadTo(t, a, "map.png", "image/png", pngPixel)
					emu.Inject(twemu.Unavailable, twemu.RateLimited)
					var reply obj
					a.do("POST", conv+"/messages", obj{"text": "Here is where it is.", "attachment_ids": []any{up["id"]}}, 201, &reply)
					sent := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] != "pending" })
					if sent["status"] != "accepted" {
						t.Fatalf("reply %v: %v", sent["status"], sent["error_reason"])
					}
					all := emu.Sent()
					if len(all) != before+1 {
						t.Fatalf("the emulator took %d messages, want 1 (an outage is retried, not doubled)", len(all)-before)
					}
					s := all[len(all)-1]
					wantTo := ch.customer
					if s.Form.Get("To") != wantTo || s.Form.Get("Body") != "Here is where it is." || len(s.Media) != 1 || !bytes.Equal(s.Media[0], pngPixel) ||
						s.StatusCallback != fmt.Sprintf("%s?sb=%v", hook, reply["id"]) || sent["provider_id"] != s.SID {
						t.Errorf("sent %v (media %d) with provider id %v", s.Form, len(s.Media), sent["provider_id"])
					}
					if ch.kind == "whatsapp" && s.Form.Get("From") != "whatsapp:"+ch.from {
						t.Errorf("From = %q", s.Form.Get("From"))
					}

					// Callbacks out of order and repeated: the furthest status stays.
					for _, st := range []string{"delivered", "sent", "delivered", "queued"} {
						if status, _, _ := emu.Post(s.StatusCallback, emu.Status(s, st)); status != 200 {
							t.Fatalf("status callback answered %d", status)
						}
					}
					if got := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] }); got["status"] != "delivered" {
						t.Errorf("status = %v, want delivered", got["status"])
					}

					// An undelivered report fails a message with Twilio's reason.
					var second obj
					a.do("POST", conv+"/messages", obj{"text": "Call us?"}, 201, &second)
					a.waitMessage(conv, func(m obj) bool { return m["id"] == second["id"] && m["status"] == "accepted" })
					last := emu.Sent()[len(emu.Sent())-1]
					emu.Post(last.StatusCallback, emu.Status(last, "undelivered"))
					failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == second["id"] && m["status"] == "failed" })
					if failed["error_code"] != "landline" || !strings.Contains(failed["error_reason"].(string), "30006") {
						t.Errorf("failed with %v: %v", failed["error_code"], failed["error_reason"])
					}
					// Content templates: synced with their approval, sent by ContentSid with numbered variables.
					if ch.kind == "whatsapp" {
						a.do("POST", path+"/templates/sync", nil, 202, nil)
						var templates struct{ Items []obj }
						for deadline := time.Now().Add(10 * time.Second); len(templates.Items) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
							a.do("GET", path+"/templates", nil, 200, &templates)
						}
						if len(templates.Items) != 2 || templates.Items[0]["status"] != "approved" || templates.Items[0]["provider_id"] != "HX"+strings.Repeat("a", 32) {
							t.Fatalf("templates = %v", templates.Items)
						}
						a.do("POST", conv+"/messages", obj{"template": obj{"name": "spring_sale", "language": "en", "params": []string{}}}, 400, nil)
						var tpl obj
						before := len(emu.Sent())
						a.do("POST", conv+"/messages", obj{"template": obj{"name": "order_update", "language": "en", "params": []string{"Dewi", "#42"}}}, 201, &tpl)
						a.waitMessage(conv, func(m obj) bool { return m["id"] == tpl["id"] && m["status"] == "accepted" })
						s := emu.Sent()[before]
						if s.Form.Get("ContentSid") != "HX"+strings.Repeat("a", 32) || s.Form.Get("ContentVariables") != `{"1":"Dewi","2":"#42"}` || s.Form.Get("Body") != "" {
							t.Errorf("template sent as %v", s.Form)
						}
					}
					// A status for a message Switchboard never sent changes nothing and is still answered 200.
					if status, _, _ := emu.Post(hook, url.Values{"MessageSid": {twemu.NewSID("SM")}, "MessageStatus": {"delivered"}}); status != 200 {
						t.Errorf("an unknown status answered %d", status)
					}
				})
			}
		})
	}
}
