//go:build ui

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// TestBrowserCRMLink: an admin sets up Settings › Customer records (a link template, and a
// lookup pointing at a local stand-in for the company's CRM, which checks each request's
// signature) and tests the lookup on a contact; an agent then opens that customer's
// conversation and the contact panel shows "Open in Acme" with the filled-in URL and the
// fields the CRM answered, asked once however often the panel is opened. A customer with no
// email gets no link, and a CRM that fails shows a calm message with Try again.
func TestBrowserCRMLink(t *testing.T) {
	const secret = "acme-crm-signing-secret-42"
	var calls, badSigns atomic.Int32
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		calls.Add(1)
		if switchboard.VerifyWebhookSignature(secret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), 0) != nil {
			badSigns.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var req switchboard.CRMLookupRequest
		_ = json.Unmarshal(body, &req)
		if req.Contact.Email == "" {
			http.Error(w, "no such customer", http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprintf(w, `{"fields":[{"label":"Plan","value":"Gold"},{"label":"Open invoices","value":"2","url":"https://crm.example.com/i?c=%d"}],"url":"https://crm.example.com/c/%d"}`,
			req.Contact.ID, req.Contact.ID)
	}))
	t.Cleanup(crm.Close)

	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	const number, ana, bo = "+15550001111", "+15550004444", "+15550007777"
	hook := twilioInbox(a, emu, "sms", number)
	for _, m := range [][2]string{{bo, "Hello?"}, {ana, "Where is my invoice?"}} {
		if status, _, err := emu.Post(hook, emu.Incoming(m[0], number, m[1])); err != nil || status != 200 {
			t.Fatalf("webhook answered %d, %v", status, err)
		}
	}
	contact := settingsFind(a, "/api/v1/contacts", "phone", ana)
	a.do("PATCH", fmt.Sprintf("/api/v1/contacts/%v", contact["id"]), obj{"name": "Ana Lima", "email": "ana+vip@example.com"}, 200, nil)
	inbox := settingsFind(a, "/api/v1/inboxes", "name", "Twilio sms")
	var bea obj
	a.do("POST", "/api/v1/agents", obj{"name": "Bea", "email": "bea@example.com", "password": "a long password"}, 201, &bea)
	a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/members", inbox["id"]), obj{"agent_ids": []any{bea["id"]}}, 200, nil)

	// The admin sets up the link and the lookup, and tests it.
	ada.viewport(1440, 900)
	ada.open("/settings/customer-records")
	settingsChoose(ada, `[data-testid="crm-template"]`, "https://crm.example.com/c/{email}?name={name}")
	settingsChoose(ada, `[data-testid="crm-label"]`, "Open in Acme")
	settingsChoose(ada, `[data-testid="crm-lookup-url"]`, crm.URL+"/lookup")
	settingsChoose(ada, `[data-testid="crm-secret"]`, secret)
	ada.click(`[data-testid="crm-save"]`, "Save")
	ada.waitText(".settings-status", "Saved.")
	ada.waitText(".field-hint", "A secret is set.")
	if v := eval[string](ada, `document.querySelector('[data-testid="crm-secret"]').value`); v != "" {
		t.Errorf("the secret field shows %q after saving", v)
	}
	settingsChoose(ada, `[data-testid="crm-test-search"]`, "ana")
	ada.wait("Ana to test with", `[...document.querySelector('[data-testid="crm-test-contact"]').options].map(o => o.textContent).join() === "Ana Lima · ana+vip@example.com"`)
	ada.click(`[data-testid="crm-test"]`, "Test")
	ada.waitText(`[data-testid="crm-test-result"]`, "Gold")
	for _, w := range widths {
		ada.theme(w.w)
		ada.viewport(w.w, w.h)
		ada.open("/settings/customer-records")
		ada.waitText(".field-hint", "A secret is set.")
		ada.wait("a contact to test with", `document.querySelector('[data-testid="crm-test-contact"]')?.options.length > 0`)
		ada.shot(fmt.Sprintf("settings-%d", w.w))
	}
	var s obj
	a.do("GET", "/api/v1/settings/crm", nil, 200, &s)
	if raw, _ := json.Marshal(s); strings.Contains(string(raw), secret) || s["secret_set"] != true || s["last_success_at"] == nil {
		t.Errorf("settings answer %s", raw)
	}

	// The agent opens the conversation: the link, and the CRM's fields.
	b := session(t, a.base)
	settingsSignIn(b, "/inbox?view=all", "bea@example.com", "a long password")
	b.viewport(1440, 900)
	b.click(".row", "Ana Lima")
	b.waitText(".bubble.in", "Where is my invoice?")
	b.waitText(`.contact-pane [data-testid="crm-link"]`, "Open in Acme")
	link := eval[[]string](b, `(a => [a.href, a.target, a.rel])(document.querySelector('[data-testid="crm-link"]'))`)
	if want := []string{"https://crm.example.com/c/ana+vip@example.com?name=Ana+Lima", "_blank", "noopener noreferrer"}; strings.Join(link, " ") != strings.Join(want, " ") {
		t.Errorf("link = %q, want %q", link, want)
	}
	b.waitText(".contact-pane .crm-fields", "Gold")
	b.waitText(".contact-pane .crm-fields a", "2")
	b.waitText(".contact-pane .crm-fetched", "Fetched")
	asked := calls.Load()
	for _, w := range widths {
		b.theme(w.w)
		b.viewport(w.w, w.h)
		b.open("/inbox?view=all")
		b.click(".row", "Ana Lima")
		b.waitText(".bubble.in", "Where is my invoice?")
		if w.w < 900 {
			b.click(".contact-toggle", "")
		}
		b.waitText(".contact-pane .crm-fields", "Gold")
		b.shot(fmt.Sprintf("panel-%d", w.w))
	}
	// A customer with no email: no link (rather than a broken one), and the CRM's failure is a
	// calm message with Try again.
	b.viewport(1440, 900)
	b.theme(1440)
	b.open("/inbox?view=all")
	b.click(".row", "+1 555 000 7777") // the number as the list writes it
	b.waitText(".bubble.in", "Hello?")
	b.waitText(".contact-pane .crm-error", "Your CRM could not be asked just now.")
	b.waitText(".contact-pane .crm-error", "The CRM answered 503.")
	b.waitText(`.contact-pane [data-testid="crm-retry"]`, "Try again")
	if eval[bool](b, `!!document.querySelector('[data-testid="crm-link"]')`) {
		t.Error("a contact with no email shows a link")
	}
	b.shot("panel-error")
	asked++
	if calls.Load() != asked {
		t.Errorf("reopening the panel asked the CRM %d more times", calls.Load()-asked)
	}
	if badSigns.Load() != 0 {
		t.Errorf("%d lookups were not signed with the secret", badSigns.Load())
	}
}
