// Package metatest wires a connector of Meta's (Messenger, Instagram) to the Graph API emulator
// over real HTTP, for the connectors' tests: the emulator is served, its webhooks are read by the
// connector's ReadWebhook, and each batch read is kept for the test to find.
package metatest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/emulator/meta"
)

// Clock is the emulator's clock, moved by the test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Serve serves the emulator until the test ends and returns its address (also its BaseURL).
func Serve(t testing.TB, emu *meta.Server) string {
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.BaseURL = srv.URL
	return srv.URL
}

// Hook is the inbox's webhook URL, read by a connector.
type Hook struct {
	emu     *meta.Server
	mu      sync.Mutex
	batches []*switchboard.InboundBatch
}

// Wire points the emulator's webhooks at the connector's reader for the inbox.
func Wire(t testing.TB, emu *meta.Server, r channel.WebhookReader, inbox *switchboard.Inbox, secrets map[string]string) *Hook {
	h := &Hook{emu: emu}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		b, res, err := r.ReadWebhook(inbox, secrets, &switchboard.ProviderRequest{Method: req.Method, URL: req.URL, Header: req.Header, Body: body})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if b != nil {
			h.mu.Lock()
			h.batches = append(h.batches, b)
			h.mu.Unlock()
		}
		w.WriteHeader(res.Status)
	}))
	t.Cleanup(srv.Close)
	emu.WebhookURL = srv.URL
	return h
}

// Deliver POSTs a signed webhook body and returns the batch the connector read from it.
func (h *Hook) Deliver(t testing.TB, body []byte) *switchboard.InboundBatch {
	t.Helper()
	if status, err := h.emu.Deliver(body); err != nil || status != http.StatusOK {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
	return h.Wait(t, func(b *switchboard.InboundBatch) bool { return bytes.Equal(b.Raw, body) })
}

// Wait waits (generously) for a batch the connector read that matches, such as the webhook that
// echoes a send, which comes by itself.
func (h *Hook) Wait(t testing.TB, match func(*switchboard.InboundBatch) bool) *switchboard.InboundBatch {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		h.mu.Lock()
		for _, b := range h.batches {
			if match(b) {
				h.mu.Unlock()
				return b
			}
		}
		h.mu.Unlock()
	}
	t.Fatal("no webhook batch as expected")
	return nil
}

// Messages are a batch's messages by provider id.
func Messages(b *switchboard.InboundBatch) map[string]*switchboard.InboundMessage {
	out := map[string]*switchboard.InboundMessage{}
	for _, m := range b.Messages {
		out[m.ProviderID] = m
	}
	return out
}

// Last is the emulator's record of the business's last call.
func Last(t testing.TB, emu *meta.Server) *meta.Sent {
	t.Helper()
	s := emu.Sent()
	if len(s) == 0 {
		t.Fatal("nothing sent")
	}
	return s[len(s)-1]
}

// Final checks that err is a final SendError with the code, whose reason has the words.
func Final(t testing.TB, err error, code, words string) {
	t.Helper()
	var se *switchboard.SendError
	if !errors.As(err, &se) || se.Code != code || se.Retryable || !strings.Contains(se.Reason, words) {
		t.Errorf("error %v, want final %s saying %q", err, code, words)
	}
}

// Replayed delivers body again (as Meta retries a webhook) and checks that it reads as first did.
func (h *Hook) Replayed(t testing.TB, body []byte, first *switchboard.InboundBatch) {
	t.Helper()
	if again := h.Deliver(t, body); !reflect.DeepEqual(again, first) {
		t.Errorf("the replay reads otherwise:\n%+v\n%+v", again, first)
	}
}

// Ignored delivers body (another business's, say) and checks that no message is read from it.
func (h *Hook) Ignored(t testing.TB, body []byte) {
	t.Helper()
	if b := h.Deliver(t, body); len(b.Messages) != 0 {
		t.Errorf("messages read from a webhook to ignore: %+v", b.Messages)
	}
}
