// Package channeltest is the contract every channel connector must pass: settings refused with
// a field error when malformed, webhooks refused unless signed, parsed messages the store
// accepts, send failures classified the same way whatever the provider (a provider's 5xx and an
// unreachable provider retried; a refusal final; a lost answer not repeated).
package channeltest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// Contract describes one connector for the contract tests.
type Contract struct {
	Connector channel.Connector
	// Settings returns valid settings with the provider's API at base.
	Settings func(base string) json.RawMessage
	Secrets  map[string]string
	// Webhook returns a request the provider would make carrying one customer message, signed
	// for the inbox at webhookURL; nil for connectors whose provider does not call us.
	Webhook func(webhookURL string) *switchboard.ProviderRequest
	// Refusal is the body and status the provider answers a send it refuses for good.
	Refusal func() (int, string)
	// HTTPSends is set for connectors whose provider answers sends over HTTP at the settings'
	// base address (the send-failure cases need a server to play the provider); email's SMTP
	// is tested against a real server instead.
	HTTPSends bool
	// Idempotent connectors send a key the receiver de-duplicates on (the API channel's
	// Idempotency-Key), so a send whose answer was lost may be repeated; for all others it
	// must fail as unconfirmed and never be repeated by itself.
	Idempotent bool
}

// Run runs the contract.
func Run(t *testing.T, c Contract) {
	kind := c.Connector.Kind()
	t.Run("kind", func(t *testing.T) {
		if !kind.Valid() {
			t.Fatalf("unknown kind %q", kind)
		}
	})
	if v, ok := c.Connector.(channel.SettingsValidator); ok {
		t.Run("settings", func(t *testing.T) {
			if err := v.ValidateSettings(c.Settings("https://provider.example")); err != nil {
				t.Errorf("valid settings refused: %v", err)
			}
			for _, bad := range []string{`[]`, `{"x":`, `"text"`} {
				err := v.ValidateSettings(json.RawMessage(bad))
				var se *switchboard.Error
				if !asError(err, &se) || se.Code != switchboard.EINVALID || len(se.Fields) == 0 {
					t.Errorf("settings %s: %v, want invalid with a field", bad, err)
				}
			}
		})
	}
	if l, ok := c.Connector.(channel.MediaLimiter); ok {
		t.Run("media limits", func(t *testing.T) {
			m := l.MediaLimits()
			if m.MaxCount > switchboard.MaxAttachments || m.MaxCount < 0 || (m.MaxCount > 0 && m.MaxBytes <= 0) {
				t.Errorf("limits %+v", m)
			}
			for _, p := range m.PerType {
				if p.MaxBytes <= 0 || (m.MaxBytes > 0 && p.MaxBytes > m.MaxBytes) {
					t.Errorf("per-type limit %+v beyond the overall one", p)
				}
			}
		})
	}
	if r, ok := c.Connector.(channel.WebhookReader); ok && c.Webhook != nil {
		t.Run("webhooks", func(t *testing.T) { webhooks(t, c, r) })
	}
	if s, ok := c.Connector.(channel.Sender); ok && c.HTTPSends {
		t.Run("send failures", func(t *testing.T) { sendFailures(t, c, s) })
	}
}

func asError(err error, target **switchboard.Error) bool {
	e, ok := err.(*switchboard.Error)
	if ok {
		*target = e
	}
	return ok
}

func inbox(c Contract, base string) *switchboard.Inbox {
	return &switchboard.Inbox{ID: 7, Kind: c.Connector.Kind(), Name: "contract", Settings: c.Settings(base)}
}

func webhooks(t *testing.T, c Contract, r channel.WebhookReader) {
	const hook = "https://inbox.example.com/api/v1/inboxes/7/webhook"
	in := inbox(c, "https://provider.example")
	req := c.Webhook(hook)
	batch, res, err := r.ReadWebhook(in, c.Secrets, req)
	if err != nil || batch == nil || res == nil || res.Status/100 != 2 {
		t.Fatalf("a signed webhook: %v, %+v", err, res)
	}
	if len(batch.Messages) == 0 || string(batch.Raw) != string(req.Body) {
		t.Fatalf("the batch has %d messages and raw %q", len(batch.Messages), batch.Raw)
	}
	for _, m := range batch.Messages {
		if err := m.Validate(); err != nil {
			t.Errorf("a parsed message the store refuses: %v (%+v)", err, m)
		}
		if m.ProviderID == "" {
			t.Errorf("a message without the provider's id cannot be de-duplicated: %+v", m)
		}
	}
	refused := func(name string, req *switchboard.ProviderRequest, secrets map[string]string) {
		_, _, err := r.ReadWebhook(in, secrets, req)
		if switchboard.ErrorCode(err) != switchboard.EUNAUTHORIZED {
			t.Errorf("%s webhook: %v, want unauthorized", name, err)
		}
	}
	altered := *c.Webhook(hook)
	altered.Body = append(append([]byte{}, altered.Body...), '&', 'x', '=', '1')
	refused("altered", &altered, c.Secrets)
	unsigned := *c.Webhook(hook)
	unsigned.Header = http.Header{"Content-Type": unsigned.Header["Content-Type"]}
	refused("unsigned", &unsigned, c.Secrets)
	refused("without secrets", c.Webhook(hook), map[string]string{})
}

func sendFailures(t *testing.T, c Contract, s channel.Sender) {
	out := func(base string) *switchboard.Outbound {
		return &switchboard.Outbound{Inbox: inbox(c, base), Secrets: c.Secrets, To: "+5511999990000",
			Conversation: &switchboard.Conversation{ID: 1},
			Message:      &switchboard.Message{ID: 42, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText, Text: "Hello"}}
	}
	classify := func(name string, h http.HandlerFunc, retryable bool, code string) {
		srv := httptest.NewServer(h)
		defer srv.Close()
		_, err := s.Send(context.Background(), out(srv.URL))
		var se *switchboard.SendError
		if !asSendError(err, &se) || se.Retryable != retryable || (code != "" && se.Code != code) || se.Reason == "" {
			t.Errorf("%s: %v, want a SendError retryable=%v code %q with a reason", name, err, retryable, code)
		}
	}
	classify("a 503", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, true, "")
	if c.Refusal != nil {
		status, body := c.Refusal()
		classify("a refusal", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}, false, "")
	}
	lost := func(w http.ResponseWriter, r *http.Request) {
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
	}
	if _, ok := c.Connector.(channel.IdempotentSender); ok != c.Idempotent {
		t.Errorf("the contract says idempotent %v, the connector says %v (channel.IdempotentSender)", c.Idempotent, ok)
	}
	if c.Idempotent {
		classify("a lost answer", lost, true, "")
	} else {
		classify("a lost answer", lost, false, switchboard.SendUnconfirmed)
	}

	// Nothing listens: the request never left, so it may be repeated.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := (&url.URL{Scheme: "http", Host: ln.Addr().String()}).String()
	ln.Close()
	_, err = s.Send(context.Background(), out(closed))
	var se *switchboard.SendError
	if !asSendError(err, &se) || !se.Retryable {
		t.Errorf("an unreachable provider: %v, want a retryable SendError", err)
	}
}

func asSendError(err error, target **switchboard.SendError) bool {
	e, ok := err.(*switchboard.SendError)
	if ok {
		*target = e
	}
	return ok
}
