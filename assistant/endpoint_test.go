package assistant_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	aiclient "github.com/switchboardhq/switchboard/assistant/openai"
	aiemu "github.com/switchboardhq/switchboard/emulator/openai"
)

// memStore is the part of the assistant's store the endpoint's guard and the analysis use, in
// memory: the settings, and the calls recorded as the store records them.
type memStore struct {
	switchboard.AssistantStore
	mu       sync.Mutex
	settings switchboard.AssistantSettings
	errors   []string
}

func (m *memStore) AssistantConfig(context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.settings
	return &s, switchboard.AssistantKeys{APIKey: "sk-test"}, nil
}

func (m *memStore) RecordAssistantCall(_ context.Context, tokens int, errText string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settings.TokensToday += tokens
	if errText != "" {
		m.settings.LastError = errText
		m.errors = append(m.errors, errText)
	}
	return nil
}

func (m *memStore) AssistantModel(context.Context, string) ([]byte, time.Time, error) {
	return nil, time.Time{}, nil
}

func (m *memStore) tokens() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.settings.TokensToday
}

// endpointWorld is a Service on the OpenAI emulator, with redaction on and a clock the test
// moves.
type endpointWorld struct {
	svc   *assistant.Service
	store *memStore
	em    *aiemu.Server
	now   time.Time
	mu    sync.Mutex
}

func newEndpointWorld(t *testing.T) *endpointWorld {
	t.Helper()
	em := aiemu.New("sk-test")
	ems := httptest.NewServer(em)
	t.Cleanup(ems.Close)
	w := &endpointWorld{em: em, now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		store: &memStore{settings: switchboard.AssistantSettings{Provider: switchboard.AssistantOpenAI, BaseURL: ems.URL + "/v1",
			Model: "gpt-4o-mini", Redact: true, Analysis: true, Copilot: true}}}
	w.svc = &assistant.Service{Store: w.store,
		Now: func() time.Time {
			w.mu.Lock()
			defer w.mu.Unlock()
			return w.now
		},
		HTTP: func(timeout time.Duration) *http.Client { return &http.Client{Timeout: timeout} },
		NewChatter: func(s *switchboard.AssistantSettings, key string, hc *http.Client) assistant.Chatter {
			return &aiclient.Client{BaseURL: s.BaseURL, APIKey: key, Model: s.Model, HTTP: hc,
				Sleep: func(context.Context, time.Duration) error { return nil }}
		}}
	return w
}

func (w *endpointWorld) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// lastSent is the text of the messages of the emulator's last chat request.
func (w *endpointWorld) lastSent(t *testing.T) string {
	t.Helper()
	reqs := w.em.Requests()
	var sent struct{ Messages []aiemu.Message }
	if len(reqs) == 0 || json.Unmarshal(reqs[len(reqs)-1].Body, &sent) != nil {
		t.Fatalf("no chat request recorded: %+v", reqs)
	}
	var parts []string
	for _, m := range sent.Messages {
		parts = append(parts, m.Content)
	}
	return strings.Join(parts, "\n")
}

// TestRedactionIsReversible: with redaction on, the endpoint receives numbered placeholders, and
// the agent gets back their draft's addresses, numbers and card — streamed and not, rewritten
// and translated — while a customer's card number is never copied into an answer.
func TestRedactionIsReversible(t *testing.T) {
	w := newEndpointWorld(t)
	ctx := context.Background()
	draft := "Write to help@shop.it or call +39 02 1234567; the refund goes to card 5555 5555 5555 4444."
	customer := "Customer: my card 4242 4242 4242 4242 was charged twice, write to anna@example.com"
	rewrite := assistant.ChatRequest{Messages: []assistant.ChatMessage{
		{Role: "system", Content: "Rewrite the agent's draft reply. Make it warmer and friendlier."},
		{Role: "user", Content: customer},
		{Role: "user", Content: draft, Own: true},
	}}
	want := "Hi there! " + draft + " Thanks so much!"
	for _, streamed := range []bool{false, true} {
		chat, err := w.svc.Endpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var pieces []string
		var onDelta func(string) error
		if streamed {
			onDelta = func(p string) error { pieces = append(pieces, p); return nil }
		}
		res, err := chat.Chat(ctx, rewrite, onDelta)
		if err != nil {
			t.Fatal(err)
		}
		sent := w.lastSent(t)
		for _, secret := range []string{"help@shop.it", "1234567", "5555 5555", "4242 4242", "anna@example.com"} {
			if strings.Contains(sent, secret) {
				t.Errorf("streamed %v: the endpoint received %q: %s", streamed, secret, sent)
			}
		}
		for _, p := range []string{"[email1]", "[email2]", "[phone1]", "[card1]", "[card2]"} {
			if !strings.Contains(sent, p) {
				t.Errorf("streamed %v: no %s in %s", streamed, p, sent)
			}
		}
		if res.Text != want {
			t.Errorf("streamed %v: answer %q, want %q", streamed, res.Text, want)
		}
		if streamed && strings.Join(pieces, "") != want {
			t.Errorf("pieces %q, want %q", pieces, want)
		}
	}

	// A suggestion that quotes the customer's text: the address comes back, the card does not.
	chat, _ := w.svc.Endpoint(ctx)
	res, err := chat.Chat(ctx, assistant.ChatRequest{Messages: []assistant.ChatMessage{
		{Role: "system", Content: "Write the agent's next reply."}, {Role: "user", Content: "card 4242 4242 4242 4242, anna@example.com"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "anna@example.com") || strings.Contains(res.Text, "4242") || !strings.Contains(res.Text, "[card1]") {
		t.Errorf("suggestion = %q: want the address restored, the customer's card left a placeholder", res.Text)
	}

	// Translation of the agent's draft: everything back; of a customer's message: no card.
	tr := assistant.ChatTranslator{Chat: chat}
	got, err := tr.Translate(assistant.OwnText(ctx), draft, "en", "it")
	if err != nil || got != "[it] "+draft {
		t.Errorf("draft translation = %q, %v", got, err)
	}
	if strings.Contains(w.lastSent(t), "help@shop.it") {
		t.Errorf("the translation request was not redacted: %s", w.lastSent(t))
	}
	got, err = tr.Translate(ctx, "my card 4242 4242 4242 4242, mail anna@example.com", "en", "it")
	if err != nil || got != "[it] my card [card1], mail anna@example.com" {
		t.Errorf("customer translation = %q, %v", got, err)
	}
}

// splitChat streams a fixed answer in fixed pieces, whatever it is asked.
type splitChat struct{ pieces []string }

func (s splitChat) Chat(_ context.Context, _ assistant.ChatRequest, onDelta func(string) error) (assistant.ChatResult, error) {
	for _, p := range s.pieces {
		if err := onDelta(p); err != nil {
			return assistant.ChatResult{}, err
		}
	}
	return assistant.ChatResult{Text: strings.Join(s.pieces, "")}, nil
}

// TestRedactionAcrossPieces: a placeholder split between streamed pieces is restored whole, and
// what was held back at the end of the answer is still handed on.
func TestRedactionAcrossPieces(t *testing.T) {
	w := newEndpointWorld(t)
	pieces := []string{"Write to [em", "ail1", "] or [pho", "ne1] at [", "email1]. Then [ok] [pho"}
	w.svc.NewChatter = func(*switchboard.AssistantSettings, string, *http.Client) assistant.Chatter { return splitChat{pieces} }
	chat, err := w.svc.Endpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	res, err := chat.Chat(context.Background(), assistant.ChatRequest{Messages: []assistant.ChatMessage{
		{Role: "user", Content: "help@shop.it +39 02 1234567", Own: true}}}, func(p string) error { got = append(got, p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := "Write to help@shop.it or +39 02 1234567 at help@shop.it. Then [ok] [pho"
	if strings.Join(got, "") != want || res.Text != want {
		t.Fatalf("pieces %q, text %q; want %q", got, res.Text, want)
	}
	for _, p := range got {
		if strings.Contains(p, "[em") || strings.Contains(p, "ail1") {
			t.Errorf("a piece of a placeholder went on: %q", got)
		}
	}
}

// TestStoppedAndCutStreamsSpendTokens: an answer the agent stops midway, or the endpoint cuts,
// still moves the day's tokens.
func TestStoppedAndCutStreamsSpendTokens(t *testing.T) {
	w := newEndpointWorld(t)
	ctx := context.Background()
	req := assistant.ChatRequest{Messages: []assistant.ChatMessage{{Role: "system", Content: "Write the agent's next reply."},
		{Role: "user", Content: "My parcel did not arrive, where is it? It was due on Monday."}}}
	chat, _ := w.svc.Endpoint(ctx)
	stop := errors.New("the agent stopped")
	n := 0
	_, err := chat.Chat(ctx, req, func(string) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
	stopped := w.store.tokens()
	if stopped <= 0 {
		t.Fatalf("tokens_today = %d after a stopped answer", stopped)
	}
	if len(w.store.errors) != 0 {
		t.Errorf("a stop is not the endpoint's failure: %q", w.store.errors)
	}

	w.em.Cut(1)
	chat, _ = w.svc.Endpoint(ctx)
	_, err = chat.Chat(ctx, req, func(string) error { return nil })
	var fail *aiclient.Error
	if !errors.As(err, &fail) || fail.Code != aiclient.CodeInterrupted {
		t.Fatalf("cut stream: err = %v", err)
	}
	if w.store.tokens() <= stopped {
		t.Fatalf("tokens_today = %d after a cut answer, %d before", w.store.tokens(), stopped)
	}

	// Refused outright (401): nothing was spent.
	before := w.store.tokens()
	w.em.Fail(1, http.StatusUnauthorized, "")
	if _, err := chat.Chat(ctx, req, nil); err == nil {
		t.Fatal("no error on a 401")
	}
	if w.store.tokens() != before {
		t.Errorf("a refused call spent %d tokens", w.store.tokens()-before)
	}
}

// TestAnalysisCircuitBreaker: after three failures in a row the analysis stops calling the
// endpoint (one call each, no retries) and analyses offline; past a minute one call tries
// again, and a success closes the breaker.
func TestAnalysisCircuitBreaker(t *testing.T) {
	w := newEndpointWorld(t)
	ctx := switchboard.NewSystemContext(context.Background())
	turn := &switchboard.AnalysisTurn{ConversationID: 1, Messages: []switchboard.TurnMessage{{ID: 1, Text: "My order is late and I am angry!"}}}
	analyse := func() *switchboard.Analysis {
		t.Helper()
		settings, keys, _ := w.store.AssistantConfig(ctx)
		a, err := w.svc.Analyse(ctx, settings, keys, turn)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	calls := func() int { return w.em.Calls("/v1/chat/completions") }
	w.em.Fail(4, http.StatusServiceUnavailable, "") // three to open the breaker, one for its first try
	for i := 1; i <= 3; i++ {
		if a := analyse(); a.Provider != switchboard.AssistantOffline {
			t.Fatalf("analysis %d by %q while the endpoint fails", i, a.Provider)
		}
		if calls() != i {
			t.Fatalf("after %d analyses the endpoint had %d calls: one each, no retries", i, calls())
		}
	}
	for range 5 {
		if a := analyse(); a.Provider != switchboard.AssistantOffline {
			t.Fatalf("open breaker: analysed by %q", a.Provider)
		}
	}
	if calls() != 3 {
		t.Fatalf("the endpoint had %d calls while the breaker was open", calls())
	}
	w.advance(59 * time.Second)
	analyse()
	if calls() != 3 {
		t.Fatalf("called %d times before the minute was over", calls())
	}
	w.advance(2 * time.Second)
	analyse() // the half-open try fails: open again
	analyse()
	if calls() != 4 {
		t.Fatalf("half-open: %d calls, want one try", calls())
	}
	w.advance(61 * time.Second)
	if a := analyse(); a.Provider == switchboard.AssistantOffline {
		t.Fatal("the endpoint answered, the analysis is still offline")
	}
	before := calls()
	analyse()
	if calls() != before+1 {
		t.Fatal("a success did not close the breaker")
	}
}
