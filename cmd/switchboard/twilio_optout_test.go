package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	twemu "github.com/switchboardhq/switchboard/emulator/twilio"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestTwilioOptOut: a customer's STOP, through the Twilio emulator, is recorded like any message
// and opts them out (their identity says since when, the thread has the milestone); a reply is
// then refused at the API, and one queued before is failed by the delivery without calling
// Twilio. START opts them back in. A send Twilio refuses with 21610 (an opt-out Switchboard never
// heard) marks them too; with Advanced Opt-Out, Twilio's OptOutType decides. A WhatsApp sender
// has no such words, and an SMS opt-out of the same number leaves it alone.
func TestTwilioOptOut(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := twilioEmulator(t)
			const number, ana, bea = "+15550001111", "+15550003333", "+15550004444"
			sms := twilioInbox(a, emu, "sms", number)
			// texts posts a customer's SMS, as the emulator builds it, and returns its conversation.
			texts := func(hook, from, to, body string) string {
				t.Helper()
				form := emu.Incoming(from, to, body)
				if status, _, err := emu.Post(hook, form); err != nil || status != 200 {
					t.Fatalf("webhook of %q answered %d, %v", body, status, err)
				}
				var list struct{ Items []obj }
				a.do("GET", "/api/v1/conversations?view=all&status=open&limit=100", nil, 200, &list)
				for _, c := range list.Items {
					conv := fmt.Sprintf("/api/v1/conversations/%v", c["id"])
					var th struct{ Items []obj }
					a.do("GET", conv+"/messages?limit=200", nil, 200, &th)
					for _, m := range th.Items {
						if m["provider_id"] == form.Get("MessageSid") {
							return conv
						}
					}
				}
				t.Fatalf("%q was not recorded", body)
				return ""
			}
			reply := func(conv, text string) obj {
				t.Helper()
				var m obj
				a.do("POST", conv+"/messages", obj{"text": text}, 201, &m)
				return a.waitMessage(conv, func(x obj) bool { return x["id"] == m["id"] && x["status"] != "pending" })
			}
			optedOut := func(conv string) any {
				t.Helper()
				var c obj
				a.do("GET", conv, nil, 200, &c)
				var contact obj
				a.do("GET", fmt.Sprintf("/api/v1/contacts/%v", c["contact_id"]), nil, 200, &contact)
				ids := contact["identities"].([]any)
				if len(ids) != 1 || ids[0].(obj)["opted_out_at"] != c["opted_out_at"] {
					t.Errorf("the conversation says opted out at %v, the contact's identities %v", c["opted_out_at"], ids)
				}
				return c["opted_out_at"]
			}
			milestones := func(conv, action string) []obj {
				var th struct{ Items []obj }
				a.do("GET", conv+"/messages?limit=200", nil, 200, &th)
				var out []obj
				for _, m := range th.Items {
					if act, _ := m["activity"].(obj); act != nil && act["action"] == action {
						out = append(out, m)
					}
				}
				return out
			}

			conv := texts(sms, ana, number, "Hello, where is my order?")
			if got := reply(conv, "It left yesterday."); got["status"] != "accepted" {
				t.Fatalf("first reply: %v", got)
			}

			// A reply is on its way to Twilio when Ana texts STOP: Twilio keeps it waiting, then
			// asks to try again later. By then Ana has opted out: the delivery fails it without
			// calling Twilio.
			before, sent := emu.Attempts(), len(emu.Sent())
			release := emu.Hold()
			emu.Inject(twemu.RateLimited)
			var queued obj
			a.do("POST", conv+"/messages", obj{"text": "Anything else?"}, 201, &queued)
			for deadline := time.Now().Add(20 * time.Second); emu.Attempts() == before; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the reply never reached the emulator")
				}
			}
			if texts(sms, ana, number, " stop ") != conv {
				t.Fatal("STOP started another conversation")
			}
			release()
			failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == queued["id"] && m["status"] == "failed" })
			if failed["error_code"] != "opted_out" || emu.Attempts() != before+1 || len(emu.Sent()) != sent {
				t.Errorf("queued reply: %v (%v); Twilio was called %d times, sent %d; want opted_out, once, none",
					failed["error_code"], failed["error_reason"], emu.Attempts()-before, len(emu.Sent())-sent)
			}
			if optedOut(conv) == nil {
				t.Error("STOP did not opt Ana out")
			}
			if ms := milestones(conv, "opted_out"); len(ms) != 1 || ms[0]["activity"].(obj)["identity"].(obj)["external_id"] != ana {
				t.Errorf("opted_out milestones: %v", ms)
			}
			// Replies are refused before anything is written or sent; notes still go in.
			before = emu.Attempts()
			var refusal struct{ Error obj }
			a.do("POST", conv+"/messages", obj{"text": "Are you sure?"}, 422, &refusal)
			if refusal.Error["code"] != "opted_out" || !strings.Contains(refusal.Error["message"].(string), "opted out") {
				t.Errorf("refusal = %v", refusal.Error)
			}
			a.do("POST", fmt.Sprintf("/api/v1/messages/%v/retry", queued["id"]), nil, 422, nil)
			a.do("POST", conv+"/messages", obj{"text": "She opted out.", "note": true}, 201, nil)
			if emu.Attempts() != before {
				t.Errorf("Twilio was called %d times after the opt-out", emu.Attempts()-before)
			}

			// START opts her back in.
			texts(sms, ana, number, "START")
			if optedOut(conv) != nil || len(milestones(conv, "opted_in")) != 1 {
				t.Errorf("after START: opted out at %v, opted_in milestones %v", optedOut(conv), milestones(conv, "opted_in"))
			}
			if got := reply(conv, "Welcome back."); got["status"] != "accepted" {
				t.Errorf("reply after START: %v", got)
			}

			// Ana opts out by a number Switchboard does not read: Twilio refuses the next send with
			// 21610, which opts her out here too.
			emu.OptOut(ana, number)
			if got := reply(conv, "One more thing."); got["error_code"] != "opted_out" || !strings.Contains(got["error_reason"].(string), "21610") {
				t.Errorf("reply Twilio refused: %v: %v", got["error_code"], got["error_reason"])
			}
			if optedOut(conv) == nil {
				t.Error("21610 did not opt Ana out")
			}
			if ms := milestones(conv, "opted_out"); len(ms) != 2 || !strings.Contains(ms[1]["activity"].(obj)["note"].(string), "21610") {
				t.Errorf("opted_out milestones after 21610: %v", ms)
			}
			a.do("POST", conv+"/messages", obj{"text": "Hello?"}, 422, nil)

			// With Advanced Opt-Out the Messaging Service's own words count, as OptOutType says.
			emu.AdvancedOptOut = map[string]string{"STOP": "STOP", "ARRET": "STOP", "START": "START", "HELP": "HELP"}
			bconv := texts(sms, bea, number, "Bonjour")
			texts(sms, bea, number, "Arret")
			if optedOut(bconv) == nil {
				t.Error("Advanced Opt-Out's ARRET did not opt Bea out")
			}
			texts(sms, bea, number, "help")
			if optedOut(bconv) == nil {
				t.Error("HELP opted Bea back in")
			}

			// WhatsApp through Twilio: STOP is a message like any other, and Ana's SMS opt-out
			// (her phone number is one identity) does not stop replies there.
			wa := twilioInbox(a, emu, "whatsapp", "+14155238886")
			wconv := texts(wa, "whatsapp:"+ana, "whatsapp:+14155238886", "STOP")
			if optedOut(conv) == nil || len(milestones(wconv, "opted_in"))+len(milestones(wconv, "opted_out")) != 0 {
				t.Errorf("WhatsApp's STOP changed the opt-out")
			}
			var w obj
			a.do("GET", wconv, nil, 200, &w)
			if w["opted_out_at"] != nil {
				t.Errorf("the WhatsApp conversation says opted out at %v", w["opted_out_at"])
			}
			if got := reply(wconv, "Hi on WhatsApp"); got["status"] != "accepted" {
				t.Errorf("WhatsApp reply: %v: %v", got["status"], got["error_reason"])
			}
		})
	}
}
