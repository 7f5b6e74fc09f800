package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/whatsapp"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// pngPixel is a 1×1 PNG.
var pngPixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// waSetup is a running Switchboard with a WhatsApp inbox wired to the emulator.
type waSetup struct {
	a     *app
	emu   *waemu.Server
	inbox string // /api/v1/inboxes/N
}

func newWhatsApp(t *testing.T, url string) *waSetup {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	emu, api := whatsAppEmulator(t)

	// The connector checks its settings when they are saved.
	a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": "+1 555"}}, 400, nil)
	return &waSetup{a: a, emu: emu, inbox: whatsAppInbox(a, emu, api)}
}

// whatsAppInbox creates a WhatsApp inbox on the emulator (its API at api), points the emulator's
// webhooks at it, and returns its path (/api/v1/inboxes/N).
func whatsAppInbox(a *app, emu *waemu.Server, api string) string {
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WhatsApp", "settings": obj{"phone_number_id": emu.PhoneNumberID,
		"business_account_id": emu.BusinessAccountID, "api_base_url": api},
		"secrets": obj{"access_token": emu.Token, "app_secret": emu.AppSecret, "verify_token": "let-me-in"}}, 201, &inbox)
	path := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	emu.WebhookURL = a.base + path + "/webhook"
	return path
}

// whatsAppEmulator starts a WhatsApp Cloud API emulator and returns it with its address.
func whatsAppEmulator(t *testing.T) (*waemu.Server, string) {
	emu := waemu.New("106540352242922", "EAAG-test-token", "test_app_secret")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	return emu, srv.URL
}

// deliver posts a signed webhook and wants 200.
func (w *waSetup) deliver(t *testing.T, body []byte) {
	t.Helper()
	status, err := w.emu.Deliver(body)
	if err != nil || status != http.StatusOK {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
}

// customerWrites delivers a customer's messages and returns the path of their conversation.
func (w *waSetup) customerWrites(t *testing.T, name, waID string, messages ...map[string]any) string {
	t.Helper()
	w.deliver(t, w.emu.Customer(name, waID, messages...))
	var list struct{ Items []obj }
	w.a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
	for _, c := range list.Items {
		if c["contact_handle"] == "+"+waID {
			return fmt.Sprintf("/api/v1/conversations/%v", c["id"])
		}
	}
	t.Fatalf("no conversation of %s: %v", waID, list.Items)
	return ""
}

func (w *waSetup) thread(conv string) []obj {
	var th struct{ Items []obj }
	w.a.do("GET", conv+"/messages", nil, 200, &th)
	return th.Items
}

// waitSent waits for the emulator to have n sends.
func (w *waSetup) waitSent(t *testing.T, n int) []*waemu.Sent {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if s := w.emu.Sent(); len(s) >= n {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the emulator has %d sends, want %d", len(w.emu.Sent()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWhatsAppInbound: the handshake, forged webhooks refused with nothing written, and one signed
// webhook carrying every kind of message landing once, redelivered without doubling, media fetched.
func TestWhatsAppInbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			a := w.a

			// Meta's verification handshake echoes the challenge for the right token only.
			res, err := http.Get(w.emu.WebhookURL + "?hub.mode=subscribe&hub.verify_token=let-me-in&hub.challenge=1158201444")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(body) != "1158201444" {
				t.Errorf("handshake: %d %q", res.StatusCode, body)
			}
			res, _ = http.Get(w.emu.WebhookURL + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
			res.Body.Close()
			if res.StatusCode != 403 {
				t.Errorf("handshake with a wrong token: %d", res.StatusCode)
			}

			imageID := w.emu.AddMedia(pngPixel, "image/png")
			docID := w.emu.AddMedia([]byte("%PDF-1.4 invoice"), "application/pdf")
			webhook := w.emu.Customer("Ana", "5511999990000",
				obj{"id": "wamid.IN1", "type": "text", "text": obj{"body": "Hi, where is my order?"}},
				obj{"id": "wamid.IN2", "type": "image", "image": obj{"caption": "receipt", "mime_type": "image/png", "sha256": sha(pngPixel), "id": imageID}},
				obj{"id": "wamid.IN3", "type": "location", "location": obj{"latitude": -23.56, "longitude": -46.65, "name": "Shop", "address": "Av. Paulista 1"}},
				obj{"id": "wamid.IN4", "type": "contacts", "contacts": []obj{{"name": obj{"formatted_name": "Bea Lima"}, "phones": []obj{{"phone": "+55 11 98888 7777"}}}}},
				obj{"id": "wamid.IN5", "type": "interactive", "context": obj{"from": "15550001111", "id": "wamid.IN1"},
					"interactive": obj{"type": "button_reply", "button_reply": obj{"id": "confirm", "title": "Confirm"}}},
				obj{"id": "wamid.IN6", "type": "button", "button": obj{"payload": "stop_promos", "text": "Stop"}},
				obj{"id": "wamid.IN7", "type": "document", "document": obj{"filename": "invoice.pdf", "mime_type": "application/pdf", "sha256": sha([]byte("%PDF-1.4 invoice")), "id": docID}},
				obj{"id": "wamid.IN8", "type": "unsupported", "unsupported": obj{"type": "poll"},
					"errors": []obj{{"code": 131051, "title": "Message type unknown", "error_data": obj{"details": "Message type is currently not supported."}}}},
				obj{"id": "wamid.IN9", "type": "sticker", "sticker": obj{"mime_type": "image/webp", "sha256": "00", "id": "404404", "animated": false}},
			)

			// Forged, unsigned and altered webhooks are refused, and nothing is written.
			for name, sig := range map[string]string{"unsigned": "", "forged": whatsapp.Sign("another secret", webhook), "altered": whatsapp.Sign(w.emu.AppSecret, append([]byte(" "), webhook...))} {
				if status, err := w.emu.DeliverSigned(webhook, sig); err != nil || status != http.StatusUnauthorized {
					t.Errorf("%s webhook answered %d, %v", name, status, err)
				}
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) != 0 {
				t.Fatalf("a refused webhook wrote %d conversations", len(list.Items))
			}

			w.deliver(t, webhook)
			w.deliver(t, webhook) // Meta's retry of the same delivery
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			if len(list.Items) != 1 {
				t.Fatalf("%d conversations, want 1", len(list.Items))
			}
			c := list.Items[0]
			if c["contact_name"] != "Ana" || c["contact_handle"] != "+5511999990000" {
				t.Errorf("contact = %v %v, want Ana +5511999990000", c["contact_name"], c["contact_handle"])
			}
			if c["window_closes_at"] == nil {
				t.Errorf("the conversation does not say when its window closes: %v", c)
			}
			conv := fmt.Sprintf("/api/v1/conversations/%v", c["id"])
			msgs := w.thread(conv)
			if len(msgs) != 9 {
				t.Fatalf("%d messages, want 9 (once each): %v", len(msgs), msgs)
			}
			byID := map[string]obj{}
			for _, m := range msgs {
				byID[m["provider_id"].(string)] = m
			}
			if byID["wamid.IN1"]["text"] != "Hi, where is my order?" || byID["wamid.IN2"]["text"] != "receipt" {
				t.Errorf("text and caption: %v / %v", byID["wamid.IN1"]["text"], byID["wamid.IN2"]["text"])
			}
			loc := byID["wamid.IN3"]["attachments"].([]any)[0].(obj)
			if loc["kind"] != "location" || loc["filename"] != "Shop, Av. Paulista 1" || !strings.Contains(loc["url"].(string), "mlat=-23.56") {
				t.Errorf("location = %v", loc)
			}
			if !strings.Contains(byID["wamid.IN4"]["text"].(string), "Bea Lima, +55 11 98888 7777") {
				t.Errorf("contact card = %v", byID["wamid.IN4"]["text"])
			}
			if b := byID["wamid.IN5"]; b["text"] != "Confirm" || b["content"].(obj)["choice"] != "confirm" || b["reply_to_id"] != byID["wamid.IN1"]["id"] {
				t.Errorf("button reply = %v", b)
			}
			if b := byID["wamid.IN6"]; b["text"] != "Stop" || b["content"].(obj)["choice"] != "stop_promos" {
				t.Errorf("template button = %v", b)
			}
			if u := byID["wamid.IN8"]["content"].(obj)["unsupported"]; u != "Message type is currently not supported." {
				t.Errorf("unsupported = %v", u)
			}

			// The image and the document are fetched into Switchboard's storage; the sticker, whose
			// media id Meta does not know, ends with its reason.
			for _, id := range []string{"wamid.IN2", "wamid.IN7", "wamid.IN9"} {
				m := a.waitMessage(conv, func(m obj) bool {
					at := m["attachments"].([]any)
					return m["provider_id"] == id && len(at) == 1 && at[0].(obj)["pending"] == false
				})
				att := m["attachments"].([]any)[0].(obj)
				if id == "wamid.IN9" {
					if att["fetch_error"] == "" || att["kind"] != "sticker" {
						t.Errorf("sticker = %v", att)
					}
					continue
				}
				want := map[string][]byte{"wamid.IN2": pngPixel, "wamid.IN7": []byte("%PDF-1.4 invoice")}[id]
				req, _ := http.NewRequest("GET", a.base+att["url"].(string), nil)
				res, err := a.client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if !bytes.Equal(got, want) {
					t.Errorf("%s: downloaded %d bytes (%q), want the customer's %d", id, len(got), res.Status, len(want))
				}
			}

			// An echo of what the business typed in its phone app lands as an external agent's.
			w.deliver(t, w.emu.Envelope("smb_message_echoes", obj{"message_echoes": []obj{{"from": "15550001111", "to": "5511999990000",
				"id": "wamid.ECHO1", "timestamp": strconv.FormatInt(time.Now().Unix(), 10), "type": "text", "text": obj{"body": "Sent from the phone"}}}}))
			echo := a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == "wamid.ECHO1" })
			if echo["sender_type"] != "external" || echo["direction"] != "outgoing" {
				t.Errorf("echo = %v", echo)
			}
			var health obj
			a.do("GET", w.inbox+"/health", nil, 200, &health)
			if health["last_webhook_at"] == nil || health["verify_token"] != "let-me-in" || health["webhook_url"] != strings.TrimPrefix(w.emu.WebhookURL, a.base) {
				t.Errorf("health = %v", health)
			}
		})
	}
}

// TestWhatsAppOutbound: replies, files, templates and reactions go out in Meta's format;
// statuses out of order leave the message at the furthest one; an outage is retried and
// delivered once; a lost answer is not resent and is put right by the status; free text outside
// the window is refused with window_closed.
func TestWhatsAppOutbound(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			a := w.a
			conv := w.customerWrites(t, "Ana", "5511999990000", obj{"id": "wamid.IN1", "type": "text", "text": obj{"body": "Hello?"}})
			in := w.thread(conv)[0]
			var list struct{ Items []obj }

			// A reply to the customer's message, with the context Meta needs.
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Hi Ana, it ships today.", "reply_to_id": in["id"], "idempotency_key": "k1"}, 201, &reply)
			a.do("POST", conv+"/messages", obj{"text": "Hi Ana, it ships today.", "reply_to_id": in["id"], "idempotency_key": "k1"}, 200, nil) // a double click
			sent := w.waitSent(t, 1)[0]
			if sent.To != "5511999990000" || sent.Type != "text" || sent.Body["text"].(obj)["body"] != "Hi Ana, it ships today." ||
				sent.Body["context"].(obj)["message_id"] != "wamid.IN1" || sent.Callback != fmt.Sprintf("sb:%v", reply["id"]) {
				t.Errorf("sent %+v", sent.Body)
			}
			a.waitMessage(conv, func(m obj) bool {
				return m["id"] == reply["id"] && m["provider_id"] == sent.ID && m["status"] == "accepted"
			})

			// Statuses out of order: read, then a late delivered and sent. The message stays read.
			w.deliver(t, w.emu.Statuses("read", sent))
			w.deliver(t, w.emu.Statuses("delivered", sent))
			w.deliver(t, w.emu.Statuses("sent", sent))
			if m := a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] }); m["status"] != "read" {
				t.Errorf("status after read, delivered, sent = %v", m["status"])
			}

			// An outage (a 500, then a 429 with Retry-After) is retried, and the reply goes out once.
			w.emu.Inject(waemu.Unavailable, waemu.RateLimited)
			var second obj
			a.do("POST", conv+"/messages", obj{"text": "Tracking: 1Z999"}, 201, &second)
			a.waitMessage(conv, func(m obj) bool { return m["id"] == second["id"] && m["status"] == "accepted" })
			n := 0
			for _, s := range w.emu.Sent() {
				if s.Callback == fmt.Sprintf("sb:%v", second["id"]) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the retried reply reached WhatsApp %d times", n)
			}

			// The answer is lost after Meta took the message: it is not sent again, and fails as
			// unconfirmed until the status webhook (naming it by its callback data) puts it right.
			w.emu.Inject(waemu.Drop)
			var third obj
			a.do("POST", conv+"/messages", obj{"text": "Anything else?"}, 201, &third)
			a.waitMessage(conv, func(m obj) bool { return m["id"] == third["id"] && m["error_code"] == "unconfirmed" })
			dropped := w.emu.Sent()[len(w.emu.Sent())-1]
			w.deliver(t, w.emu.Statuses("delivered", dropped))
			m := a.waitMessage(conv, func(m obj) bool { return m["id"] == third["id"] && m["status"] == "delivered" })
			if m["provider_id"] != dropped.ID {
				t.Errorf("the reconciled message has provider id %v, want %v", m["provider_id"], dropped.ID)
			}

			// A file is uploaded to Meta and sent by its media id, with the text as its caption.
			up := uploadTo(t, a, "photo.png", "image/png", pngPixel)
			var withFile obj
			before := len(w.emu.Sent())
			a.do("POST", conv+"/messages", obj{"text": "Your invoice", "attachment_ids": []any{up["id"]}}, 201, &withFile)
			if m := a.waitMessage(conv, func(m obj) bool { return m["id"] == withFile["id"] && m["status"] != "pending" }); m["status"] != "accepted" {
				t.Fatalf("the file was not sent: %v %v", m["error_code"], m["error_reason"])
			}
			img := w.waitSent(t, before+1)
			last := img[len(img)-1]
			media, _ := last.Body["image"].(obj)
			if last.Type != "image" || media["caption"] != "Your invoice" {
				t.Fatalf("sent %+v", last.Body)
			}
			if data, ct, ok := w.emu.Media(media["id"].(string)); !ok || !bytes.Equal(data, pngPixel) || ct != "image/png" {
				t.Errorf("uploaded media = %d bytes %s %v", len(data), ct, ok)
			}

			// A location goes out as WhatsApp's location message and shows as a map link.
			before = len(w.emu.Sent())
			var place obj
			a.do("POST", conv+"/messages", obj{"location": obj{"latitude": 200, "longitude": 0}}, 400, nil)
			a.do("POST", conv+"/messages", obj{"location": obj{"latitude": -23.5613, "longitude": -46.6565, "name": "Our shop", "address": "Av. Paulista 1000"}}, 201, &place)
			if at := place["attachments"].([]any); len(at) != 1 || at[0].(obj)["kind"] != "location" || at[0].(obj)["filename"] != "Our shop, Av. Paulista 1000" {
				t.Errorf("location message = %v", place)
			}
			ls := w.waitSent(t, before+1)
			if l := ls[len(ls)-1]; l.Type != "location" || l.Body["location"].(obj)["latitude"] != -23.5613 || l.Body["location"].(obj)["name"] != "Our shop" {
				t.Errorf("location sent %+v", l.Body)
			}

			// Reactions: the customer's lands on our message; the agent's goes out as Meta's reaction.
			reactAt := strconv.FormatInt(time.Now().Unix(), 10)
			w.deliver(t, w.emu.Customer("Ana", "5511999990000", obj{"id": "wamid.R1", "type": "reaction", "timestamp": reactAt,
				"reaction": obj{"message_id": sent.ID, "emoji": "👍"}}))
			a.waitMessage(conv, func(m obj) bool {
				r, _ := m["reactions"].([]any)
				return m["id"] == reply["id"] && len(r) == 1 && r[0].(obj)["emoji"] == "👍" && r[0].(obj)["side"] == "contact"
			})
			before = len(w.emu.Sent())
			a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": "❤️"}, 200, nil)
			rs := w.waitSent(t, before+1)
			if r := rs[len(rs)-1]; r.Type != "reaction" || r.Body["reaction"].(obj)["message_id"] != "wamid.IN1" || r.Body["reaction"].(obj)["emoji"] != "❤️" {
				t.Errorf("reaction sent %+v", r.Body)
			}
			// Taking it back sends WhatsApp's removal: the same reaction with an empty emoji.
			before = len(w.emu.Sent())
			a.do("PUT", fmt.Sprintf("/api/v1/messages/%v/reaction", in["id"]), obj{"emoji": ""}, 200, nil)
			rs = w.waitSent(t, before+1)
			if r := rs[len(rs)-1]; r.Type != "reaction" || r.Body["reaction"].(obj)["emoji"] != "" {
				t.Errorf("reaction removal sent %+v", r.Body)
			}

			// Reading the conversation sends a read receipt for the customer's last message.
			a.do("POST", conv+"/read", nil, 204, nil)
			deadline := time.Now().Add(10 * time.Second)
			for len(w.emu.Reads()) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if r := w.emu.Reads(); len(r) == 0 || r[len(r)-1] != "wamid.R1" && r[len(r)-1] != "wamid.IN1" {
				t.Errorf("read receipts = %v", r)
			}

			// A customer who last wrote 25 hours ago: free text is refused with window_closed, an
			// approved template goes out with its parameters, a pending one is refused.
			old := strconv.FormatInt(time.Now().Add(-25*time.Hour).Unix(), 10)
			w.deliver(t, w.emu.Customer("Bruno", "393331234567", obj{"id": "wamid.OLD", "type": "text", "timestamp": old, "text": obj{"body": "ciao"}}))
			a.do("GET", "/api/v1/conversations?view=all", nil, 200, &list)
			var bruno string
			for _, c := range list.Items {
				if c["contact_handle"] == "+393331234567" {
					bruno = fmt.Sprintf("/api/v1/conversations/%v", c["id"])
				}
			}
			var refused struct{ Error struct{ Code string } }
			a.do("POST", bruno+"/messages", obj{"text": "Still there?"}, 422, &refused)
			if refused.Error.Code != "window_closed" {
				t.Errorf("free text outside the window: %+v", refused)
			}
			a.do("POST", w.inbox+"/templates/sync", nil, 202, nil)
			var templates struct{ Items []obj }
			for deadline := time.Now().Add(10 * time.Second); len(templates.Items) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				a.do("GET", w.inbox+"/templates", nil, 200, &templates)
			}
			if len(templates.Items) != 2 || templates.Items[0]["name"] != "order_update" || templates.Items[0]["params"] != float64(2) {
				t.Fatalf("templates = %v", templates.Items)
			}
			a.do("POST", bruno+"/messages", obj{"template": obj{"name": "welcome_back", "language": "en_US", "params": []string{}}}, 400, nil)
			var tpl obj
			before = len(w.emu.Sent())
			a.do("POST", bruno+"/messages", obj{"template": obj{"name": "order_update", "language": "en_US", "params": []string{"Bruno", "#1234"}}}, 201, &tpl)
			if tpl["text"] != "Hello Bruno, your order #1234 is on its way." || tpl["kind"] != "template" {
				t.Errorf("template message = %v", tpl)
			}
			ts := w.waitSent(t, before+1)
			tb, _ := json.Marshal(ts[len(ts)-1].Body["template"])
			if want := `{"components":[{"parameters":[{"text":"Bruno","type":"text"},{"text":"#1234","type":"text"}],"type":"body"}],"language":{"code":"en_US","policy":"deterministic"},"name":"order_update"}`; string(tb) != want {
				t.Errorf("template sent %s\nwant %s", tb, want)
			}
		})
	}
}

// uploadTo uploads a file as the signed-in agent.
func uploadTo(t *testing.T, a *app, name, contentType string, data []byte) obj {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", name))
	h.Set("Content-Type", contentType)
	part, _ := mw.CreatePart(h)
	part.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", a.base+"/api/v1/uploads", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var u obj
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 201 || json.Unmarshal(raw, &u) != nil {
		t.Fatalf("upload: %d %s", res.StatusCode, raw)
	}
	return u
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
