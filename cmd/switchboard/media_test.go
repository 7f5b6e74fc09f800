package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/internal/oggopus"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// vcardBea is a contact card as phones attach it to an MMS or a mail.
const vcardBea = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lima;Bea;;;\r\nFN:Bea Lima\r\nORG:Lima Ltda\r\n" +
	"TEL;type=CELL;type=VOICE;type=pref:+55 11 98888-7777\r\nEMAIL;type=INTERNET:bea@lima.example\r\nEND:VCARD\r\n"

// getFile downloads an attachment as the signed-in agent, with an optional Range.
func getFile(t *testing.T, a *app, url, rng string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.base+url, nil)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	res, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// TestWhatsAppVoiceNotesAndCards: a customer's voice note (Opus in Ogg, which Go sniffs as
// application/ogg) goes through the webhook and the media fetch into an audio attachment marked
// as a voice note, served with its type and in ranges as players ask; a shared contact lands as
// a structured card; an agent's own Ogg Opus recording goes out as WhatsApp audio, while Ogg
// Vorbis, which WhatsApp refuses, is refused before it is sent.
func TestWhatsAppVoiceNotesAndCards(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			a := w.a
			voice := w.emu.VoiceNote("wamid.VOICE", 3*time.Second)
			conv := w.customerWrites(t, "Ana", "5511999990000", voice,
				obj{"id": "wamid.CARD", "type": "contacts", "contacts": []obj{{
					"name":   obj{"formatted_name": "Bea Lima", "first_name": "Bea", "last_name": "Lima"},
					"phones": []obj{{"phone": "+55 11 98888-7777", "wa_id": "5511988887777", "type": "CELL"}},
					"emails": []obj{{"email": "bea@lima.example", "type": "WORK"}},
					"org":    obj{"company": "Lima Ltda", "title": "Buyer"},
					"addresses": []obj{{"street": "Av. Paulista 1", "city": "São Paulo", "zip": "01310-100", "country": "Brazil",
						"country_code": "BR", "type": "WORK"}},
					"urls": []obj{{"url": "https://lima.example", "type": "WORK"}}}}})

			m := a.waitMessage(conv, func(m obj) bool {
				at, _ := m["attachments"].([]any)
				return m["provider_id"] == "wamid.VOICE" && len(at) == 1 && at[0].(obj)["pending"] == false
			})
			att := m["attachments"].([]any)[0].(obj)
			if att["kind"] != "audio" || att["content_type"] != "audio/ogg; codecs=opus" || att["fetch_error"] != "" {
				t.Fatalf("voice note attachment = %v", att)
			}
			if c, _ := m["content"].(obj); c == nil || c["voice"] != true {
				t.Errorf("the voice note is not marked as one: %v", m["content"])
			}
			want, _, _ := w.emu.Media(voice["audio"].(obj)["id"].(string))
			res, body := getFile(t, a, att["url"].(string), "")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "audio/ogg; codecs=opus" || !bytes.Equal(body, want) {
				t.Errorf("served %d %q, %d bytes (want %d)", res.StatusCode, res.Header.Get("Content-Type"), len(body), len(want))
			}
			if res, body := getFile(t, a, att["url"].(string), "bytes=0-3"); res.StatusCode != 206 || string(body) != "OggS" {
				t.Errorf("a range of the voice note: %d %q", res.StatusCode, body)
			}

			card := a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == "wamid.CARD" })
			cards, _ := card["content"].(obj)["contacts"].([]any)
			if len(cards) != 1 {
				t.Fatalf("contacts message content = %v", card["content"])
			}
			c := cards[0].(obj)
			ids := c["identities"].([]any)
			if c["name"] != "Bea Lima" || c["organization"] != "Lima Ltda" || c["title"] != "Buyer" || len(ids) != 2 ||
				ids[0].(obj)["external_id"] != "+5511988887777" || ids[1].(obj)["external_id"] != "bea@lima.example" ||
				c["addresses"].([]any)[0].(obj)["city"] != "São Paulo" || c["urls"].([]any)[0].(obj)["value"] != "https://lima.example" {
				t.Errorf("card = %v", c)
			}

			// The agent's own recording, whatever the browser called it, goes out as audio.
			opus := oggopus.Silence(time.Second)
			up := uploadTo(t, a, "memo.ogg", "video/ogg", opus)
			if up["content_type"] != "audio/ogg; codecs=opus" || up["kind"] != "audio" {
				t.Fatalf("upload = %v", up)
			}
			before := len(w.emu.Sent())
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Listen to this", "attachment_ids": []any{up["id"]}}, 201, &reply)
			if m := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] != "pending" }); m["status"] != "accepted" {
				t.Fatalf("the recording was not sent: %v %v", m["error_code"], m["error_reason"])
			}
			sent := w.waitSent(t, before+2) // the audio, then its text (WhatsApp takes no caption on audio)
			audio := sent[before]
			if audio.Type != "audio" || sent[before+1].Type != "text" {
				t.Fatalf("sent %s then %s", audio.Type, sent[before+1].Type)
			}
			if data, ct, ok := w.emu.Media(audio.Body["audio"].(obj)["id"].(string)); !ok || ct != "audio/ogg" || !bytes.Equal(data, opus) {
				t.Errorf("uploaded to Meta: %d bytes of %q", len(data), ct)
			}
			vorbis := append([]byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x0b"), "\x01vorbis\x00\x00\x00\x00"...)
			song := uploadTo(t, a, "song.ogg", "audio/ogg", vorbis)
			a.do("POST", conv+"/messages", obj{"attachment_ids": []any{song["id"]}}, 400, nil)
		})
	}
}

// TestDeliveryFailuresMapped: a failed delivery reported by the provider — Meta's status with
// errors[], Twilio's status callback with ErrorCode — fails the message with the product's code
// for it, and the provider's code and words as its reason.
func TestDeliveryFailuresMapped(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, dbURL)
			a := w.a
			conv := w.customerWrites(t, "Ana", "5511999990000", obj{"id": "wamid.IN1", "type": "text", "text": obj{"body": "Hello?"}})
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Our new catalogue is out!"}, 201, &reply)
			a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "accepted" })
			sent := w.waitSent(t, 1)[0]
			w.deliver(t, w.emu.Failed(waemu.StatusError{Code: 131050, Title: "Unable to deliver the message",
				Details: "The user has stopped marketing messages."}, sent))
			failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "failed" })
			if failed["error_code"] != "opted_out" || !strings.Contains(failed["error_reason"].(string), "WhatsApp error 131050") {
				t.Errorf("WhatsApp failure: %v %v", failed["error_code"], failed["error_reason"])
			}

			// Twilio SMS: the carrier could not reach the handset, then filtered a message.
			emu := twilioEmulator(t)
			hook := twilioInbox(a, emu, "sms", "+15550001111")
			in := emu.Incoming("+15550002222", "+15550001111", "Where is it?")
			if status, _, _ := emu.Post(hook, in); status != 200 {
				t.Fatalf("inbound SMS answered %d", status)
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all&channel=sms", nil, 200, &list)
			sms := fmt.Sprintf("/api/v1/conversations/%v", list.Items[0]["id"])
			for _, c := range []struct {
				code      int
				message   string
				want      string
				reasonHas string
			}{
				{30003, "Unreachable destination handset", "unreachable", "Twilio error 30003: Unreachable destination handset"},
				{30007, "Message filtered", "carrier_filtered", "Twilio error 30007"},
			} {
				var r obj
				a.do("POST", sms+"/messages", obj{"text": "On its way: " + c.message}, 201, &r)
				a.waitMessage(sms, func(m obj) bool { return m["id"] == r["id"] && m["status"] == "accepted" })
				last := emu.Sent()[len(emu.Sent())-1]
				if status, _, _ := emu.Post(last.StatusCallback, emu.Failure(last, c.code, c.message)); status != 200 {
					t.Fatalf("status callback answered %d", status)
				}
				f := a.waitMessage(sms, func(m obj) bool { return m["id"] == r["id"] && m["status"] == "failed" })
				if f["error_code"] != c.want || !strings.Contains(f["error_reason"].(string), c.reasonHas) {
					t.Errorf("Twilio %d: %v %v", c.code, f["error_code"], f["error_reason"])
				}
			}
		})
	}
}

// TestTwilioMMSAudioAndCards: an MMS with a voice recording (AMR, which no sniffer names) and a
// vCard lands with an audio attachment and the card as a structured contact.
func TestTwilioMMSAudioAndCards(t *testing.T) {
	_, dbURL := sqltest.Engines(t)[0].Open(t, sqltest.Options{})
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	emu := twilioEmulator(t)
	hook := twilioInbox(a, emu, "sms", "+15550001111")
	in := emu.Incoming("+15550002222", "+15550001111", "")
	amr := append([]byte("#!AMR\n"), bytes.Repeat([]byte{0x3c, 0x55, 0x00, 0x88}, 40)...)
	in.Set("NumMedia", "2")
	in.Set("MediaUrl0", emu.AddMedia(amr, "audio/amr", false))
	in.Set("MediaContentType0", "audio/amr")
	in.Set("MediaUrl1", emu.AddMedia([]byte(vcardBea), "text/x-vcard", false))
	in.Set("MediaContentType1", "text/x-vcard")
	if status, _, _ := emu.Post(hook, in); status != 200 {
		t.Fatalf("inbound MMS answered %d", status)
	}
	var list struct{ Items []obj }
	a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
	conv := fmt.Sprintf("/api/v1/conversations/%v", list.Items[0]["id"])
	m := a.waitMessage(conv, func(m obj) bool {
		at, _ := m["attachments"].([]any)
		return len(at) == 2 && at[0].(obj)["pending"] == false && at[1].(obj)["pending"] == false
	})
	at := m["attachments"].([]any)
	if v := at[0].(obj); v["kind"] != "audio" || v["content_type"] != "audio/amr" || v["fetch_error"] != "" {
		t.Errorf("the recording = %v", v)
	}
	if v := at[1].(obj); v["content_type"] != "text/vcard" || v["fetch_error"] != "" {
		t.Errorf("the vCard = %v", v)
	}
	cards, _ := m["content"].(obj)["contacts"].([]any)
	if len(cards) != 1 || cards[0].(obj)["name"] != "Bea Lima" || len(cards[0].(obj)["identities"].([]any)) != 2 {
		t.Errorf("cards = %v", m["content"])
	}
}
