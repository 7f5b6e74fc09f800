package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// sseEvent is one server-sent event of the copilot's answer.
type sseEvent struct {
	Name string
	Data map[string]any
}

// copilot asks the copilot as c and reads its events as they arrive; a refusal comes back as a
// resp with no events.
func (c *client) copilot(convID int64, body any) ([]sseEvent, *resp) {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/conversations/%d/copilot", c.a.url, convID), bytes.NewReader(b))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	if res.StatusCode != http.StatusOK {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(res.Body)
		return nil, &resp{t: c.t, req: "POST copilot", status: res.StatusCode, header: res.Header, body: buf.Bytes()}
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		c.t.Fatalf("Content-Type %q", ct)
	}
	var out []sseEvent
	var ev sseEvent
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev.Name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.Data); err != nil {
				c.t.Fatalf("event %s: %v", ev.Name, err)
			}
		case line == "":
			out, ev = append(out, ev), sseEvent{}
		}
	}
	if err := sc.Err(); err != nil {
		c.t.Fatal(err)
	}
	return out, nil
}

// deltas joins the text of the delta events, and says which event ended the answer.
func deltas(t *testing.T, evs []sseEvent) (text string, n int, last sseEvent) {
	t.Helper()
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	for _, e := range evs[:len(evs)-1] {
		if e.Name == "delta" {
			text += e.Data["text"].(string)
			n++
		}
	}
	return text, n, evs[len(evs)-1]
}

// staffContext is the context of the agent with an email, for store calls.
func staffContext(t *testing.T, db *sqlstore.DB, email string) context.Context {
	t.Helper()
	a, err := db.FindAgentByEmail(switchboard.NewSystemContext(context.Background()), email)
	if err != nil {
		t.Fatal(err)
	}
	return switchboard.NewContextWithAgent(context.Background(), a)
}

// resolvedWith records a customer's question answered by the admin, then resolved.
func resolvedWith(t *testing.T, db *sqlstore.DB, inboxID int64, from, question, answer string) int64 {
	t.Helper()
	admin := staffContext(t, db, "ada@team.test")
	_, conv := customerSays(t, db, inboxID, from, "q-"+from, question)
	for _, text := range []string{"Let me check.", answer} {
		if _, _, err := db.CreateMessage(admin, conv.ID, &switchboard.MessageCreate{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetStatus(admin, conv.ID, switchboard.StatusResolved); err != nil {
		t.Fatal(err)
	}
	return conv.ID
}

func TestCopilotOffline(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorldOn(t, db, assistantServer(db, nil, nil))
		resolvedWith(t, db, w.sales.ID, "+393330000001", "My package arrived broken. Can I get a refund?",
			"We are sorry: a replacement ships today, and you keep the broken one.")
		resolvedWith(t, db, w.support.ID, "+393330000002", "The package arrived broken, I want a refund",
			"Support-only answer about the broken package refund")
		resolvedWith(t, db, w.sales.ID, "+393330000003", "Do you sell gift cards?", "Yes, from 10 to 500 euros.")
		w.admin.do("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "refund", "title": "Refund policy",
			"content": "Hi {{contact.first_name}}, a refund for a broken package reaches your card within 5 days."}).want(http.StatusCreated)
		w.admin.do("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "hours", "content": "We open at 9."}).want(http.StatusCreated)

		_, conv := customerSays(t, db, w.sales.ID, "+393331112222", "cp-1", "Hello. My package arrived broken this morning. I would like a refund.")
		ann := staffContext(t, db, "ann@team.test")
		if _, _, err := db.CreateMessage(ann, conv.ID, &switchboard.MessageCreate{Text: "Sorry to hear that! Could you send a photo?"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(ann, conv.ID, &switchboard.MessageCreate{Text: "Internal: customer is a reseller", Note: true}); err != nil {
			t.Fatal(err)
		}
		customerSays(t, db, w.sales.ID, "+393331112222", "cp-2", "Here it is. The box was crushed and the lamp is broken.")

		// Off until an admin turns it on.
		_, refused := w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		refused.wantError(http.StatusConflict, switchboard.ECONFLICT)
		setAssistant(t, db, switchboard.AssistantSettingsInput{Copilot: new(true)})

		evs, _ := w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		summary, n, done := deltas(t, evs)
		if n == 0 || done.Name != "done" || done.Data["provider"] != "offline" || done.Data["feature"] != "summary" {
			t.Fatalf("summary events = %+v", evs)
		}
		if !strings.Contains(summary, "broken") || strings.Contains(summary, "reseller") {
			t.Errorf("summary = %q: want the thread's gist, never its notes", summary)
		}

		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "suggest"})
		bySource := map[string][]string{}
		for _, e := range evs {
			if e.Name == "suggestion" {
				bySource[e.Data["source"].(string)] = append(bySource[e.Data["source"].(string)], e.Data["text"].(string))
			}
		}
		if evs[len(evs)-1].Name != "done" || evs[len(evs)-1].Data["feature"] != "suggestion" {
			t.Fatalf("suggest events = %+v", evs)
		}
		if got := bySource["resolved"]; len(got) == 0 || got[0] != "We are sorry: a replacement ships today, and you keep the broken one." {
			t.Errorf("resolved suggestions = %q", got)
		}
		if got := bySource["canned"]; len(got) != 1 || !strings.Contains(got[0], "reaches your card within 5 days") || strings.Contains(got[0], "{{") {
			t.Errorf("canned suggestions = %q, want the refund one, rendered", got)
		}
		for _, texts := range bySource {
			for _, s := range texts {
				if strings.Contains(s, "Support-only") || strings.Contains(s, "gift") || strings.Contains(s, "open at 9") {
					t.Errorf("suggested %q: from an inbox Ann does not see, or unrelated", s)
				}
			}
		}

		_, refused = w.ann.copilot(conv.ID, map[string]string{"action": "rewrite", "style": "shorter", "draft": "Hello there"})
		if e := refused.wantError(http.StatusBadRequest, switchboard.EINVALID); !strings.Contains(e.Error.Message, "rewrite needs an AI endpoint") {
			t.Errorf("offline rewrite: %+v", e.Error)
		}
		_, refused = w.ann.copilot(conv.ID, map[string]string{"action": "guess"})
		refused.wantError(http.StatusBadRequest, switchboard.EINVALID)
		_, refused = w.bob.copilot(conv.ID, map[string]string{"action": "summary"})
		refused.wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		off := switchboard.InboxAssistant{Analysis: true, Copilot: false, Translation: true}
		w.admin.do("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", w.sales.ID), map[string]any{"assistant": off}).want(http.StatusOK)
		_, refused = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		refused.wantError(http.StatusForbidden, switchboard.EFORBIDDEN)

		// The copilot wrote nothing into the conversation.
		var page switchboard.MessagePage
		w.ann.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", conv.ID), nil).want(http.StatusOK).into(&page)
		for _, m := range page.Items {
			if m.Content != nil && m.Content.AI != nil {
				t.Errorf("the copilot wrote %+v", m)
			}
		}
	})
}

// recordedWaits is a client's Sleep that records its waits and returns at once.
type recordedWaits struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recordedWaits) sleep(_ context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return nil
}

// emulatedEndpoint serves an emulated OpenAI-compatible endpoint for the test, and returns it,
// its server and the factory of package openai's clients of it (chat and embedding models as the
// settings say), whose waits between attempts are recorded instead of slept.
func emulatedEndpoint(t *testing.T) (*aiemu.Server, *httptest.Server, assistant.ChatterFactory, *recordedWaits) {
	em := aiemu.New("sk-test")
	ems := httptest.NewServer(em)
	t.Cleanup(ems.Close)
	waits := &recordedWaits{}
	chat := func(s *switchboard.AssistantSettings, key string, hc *http.Client) assistant.Chatter {
		return &aiclient.Client{BaseURL: s.BaseURL, APIKey: key, Model: s.Model, EmbeddingModel: s.EmbeddingModel, HTTP: hc, Sleep: waits.sleep}
	}
	return em, ems, chat, waits
}

func TestCopilotThroughAnOpenAICompatibleEndpoint(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		em := aiemu.New("sk-test")
		// arrived gets the path of each call as it reaches the endpoint, before it is answered.
		arrived := make(chan string, 64)
		ems := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case arrived <- r.URL.Path:
			default:
			}
			em.ServeHTTP(w, r)
		}))
		t.Cleanup(ems.Close)
		waits := &recordedWaits{}
		chat := func(s *switchboard.AssistantSettings, key string, hc *http.Client) assistant.Chatter {
			return &aiclient.Client{BaseURL: s.BaseURL, APIKey: key, Model: s.Model, EmbeddingModel: s.EmbeddingModel, HTTP: hc, Sleep: waits.sleep}
		}
		w := newWorldOn(t, db, assistantServer(db, nil, chat))
		resolvedWith(t, db, w.sales.ID, "+393330000001", "My package arrived broken. Can I get a refund?", "We are sorry: a replacement ships today.")
		_, conv := customerSays(t, db, w.sales.ID, "+393331112222", "oa-1",
			"Hello, my package arrived broken. Write to carla.rossi@example.com or call +39 333 123 4567, card 4242 4242 4242 4242.")
		provider, base, model, key := switchboard.AssistantOpenAI, ems.URL+"/v1", "gpt-4o-mini", "sk-test"
		setAssistant(t, db, switchboard.AssistantSettingsInput{Provider: &provider, BaseURL: &base, Model: &model, APIKey: &key,
			Copilot: new(true), Redact: new(true)})

		// A suggested reply, streamed: the pieces arrive as events, in order, then done.
		evs, _ := w.ann.copilot(conv.ID, map[string]string{"action": "suggest"})
		text, n, done := deltas(t, evs)
		if done.Name != "done" || done.Data["provider"] != "openai:gpt-4o-mini" || done.Data["feature"] != "suggestion" {
			t.Fatalf("events = %+v", evs)
		}
		reqs := em.Requests()
		var sent struct {
			Stream   bool `json:"stream"`
			Messages []aiemu.Message
		}
		if err := json.Unmarshal(reqs[len(reqs)-1].Body, &sent); err != nil || !sent.Stream {
			t.Fatalf("request %s: %v", reqs[len(reqs)-1].Body, err)
		}
		if want := aiemu.Answer(sent.Messages, false); text != want || n < 5 {
			t.Errorf("streamed %d pieces %q, want the endpoint's answer %q in pieces", n, text, want)
		}
		// Redacted before it left: no address, number or card; the retrieved answer as reference.
		body := string(reqs[len(reqs)-1].Body)
		for _, secret := range []string{"carla.rossi@example.com", "333 123 4567", "4242 4242 4242 4242"} {
			if strings.Contains(body, secret) {
				t.Errorf("the endpoint received %q: %s", secret, body)
			}
		}
		if !strings.Contains(body, "[email1]") || !strings.Contains(body, "[card1]") || !strings.Contains(body, "a replacement ships today") {
			t.Errorf("request body = %s", body)
		}

		// The agent's own addresses and numbers go out as placeholders and come back in the
		// rewrite, streamed piece by piece as the endpoint writes it.
		draft := "Write to help@shop.it or call +39 02 1234567."
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "rewrite", "style": "friendlier", "draft": draft})
		text, _, _ = deltas(t, evs)
		reqs = em.Requests()
		body = string(reqs[len(reqs)-1].Body)
		if text != "Hi there! "+draft+" Thanks so much!" || strings.Contains(body, "help@shop.it") || strings.Contains(body, "1234567") ||
			!strings.Contains(body, "Write to [email2] or call [phone2].") {
			t.Errorf("rewrite of a draft with an address: %q; sent %s", text, body)
		}

		// A rewrite keeps to the draft, in the style asked.
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "rewrite", "style": "friendlier", "draft": "We will refund you."})
		text, _, done = deltas(t, evs)
		if text != "Hi there! We will refund you. Thanks so much!" || done.Data["feature"] != "rewrite" {
			t.Errorf("rewrite = %q, %+v", text, done)
		}

		// 429 with Retry-After: the client waits as told and the answer still comes.
		em.Fail(1, http.StatusTooManyRequests, "2")
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		text, _, done = deltas(t, evs)
		if done.Name != "done" || !strings.HasPrefix(text, "Summary: ") {
			t.Errorf("after a 429: %+v", evs)
		}
		waits.mu.Lock()
		if len(waits.waits) != 1 || waits.waits[0] != 2*time.Second {
			t.Errorf("waits = %v, want the endpoint's 2 s", waits.waits)
		}
		waits.mu.Unlock()

		// Refused every time: an error event, with the endpoint's reason.
		em.Fail(5, http.StatusTooManyRequests, "1")
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		if last := evs[len(evs)-1]; last.Name != "error" || last.Data["code"] == "" || last.Data["message"] == "" {
			t.Errorf("after repeated 429s: %+v", evs)
		}
		// A malformed stream: what came before, then an error event — never done.
		em.Malformed(1)
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "suggest"})
		if last := evs[len(evs)-1]; last.Name != "error" || last.Data["code"] != switchboard.EUNAVAILABLE {
			t.Errorf("malformed answer: %+v", evs)
		}
		for _, e := range evs {
			if e.Name == "done" {
				t.Errorf("a malformed answer ended with done: %+v", evs)
			}
		}
		// The settings' health records the calls (saving the settings clears it): tokens spent, the last error.
		settings, _, err := db.AssistantConfig(switchboard.NewSystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		if settings.TokensToday == 0 || settings.LastError == "" || settings.LastSuccessAt == nil {
			t.Errorf("health = tokens %d, error %q, success %v", settings.TokensToday, settings.LastError, settings.LastSuccessAt)
		}
		// An endpoint that cannot be reached: the agent gets a generic error event, never the
		// endpoint's address or its error text; the admin's health keeps the detail.
		closed := httptest.NewServer(http.NotFoundHandler())
		goneURL := closed.URL + "/v1"
		closed.Close()
		key = "sk-test" // a new server: the key must be given again
		setAssistant(t, db, switchboard.AssistantSettingsInput{BaseURL: &goneURL, APIKey: &key})
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		last := evs[len(evs)-1]
		msg, _ := last.Data["message"].(string)
		host := strings.TrimPrefix(closed.URL, "http://")
		if last.Name != "error" || last.Data["code"] != switchboard.EUNAVAILABLE || strings.Contains(msg, host) ||
			strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "refused") || !strings.Contains(msg, "(unreachable)") {
			t.Errorf("unreachable endpoint: %+v", evs)
		}
		settings, _, err = db.AssistantConfig(switchboard.NewSystemContext(context.Background()))
		if err != nil || !strings.Contains(settings.LastError, host) {
			t.Errorf("health last_error = %q, %v: want the detail for the admin", settings.LastError, err)
		}
		setAssistant(t, db, switchboard.AssistantSettingsInput{BaseURL: &base, APIKey: &key})

		// Translation through the endpoint: redacted too (the address restored), made once.
		engine := switchboard.TranslateWithAssistant
		setAssistant(t, db, switchboard.AssistantSettingsInput{Translation: new(true), TranslationEngine: &engine})
		m, _ := customerSays(t, db, w.sales.ID, "+393331112222", "oa-2", "Hola, mi pedido no ha llegado. Escribid a carla.rossi@example.com")
		calls := em.Calls("/v1/chat/completions")
		var tr switchboard.Translation
		for range 2 {
			w.ann.do("POST", fmt.Sprintf("/api/v1/messages/%d/translation", m.ID), map[string]string{"language": "it"}).want(http.StatusOK).into(&tr)
		}
		if tr.Provider != "openai:gpt-4o-mini" || tr.Text != "[it] Hola, mi pedido no ha llegado. Escribid a carla.rossi@example.com" {
			t.Errorf("translation = %+v", tr)
		}
		if got := em.Calls("/v1/chat/completions") - calls; got != 1 {
			t.Errorf("the endpoint was called %d times for one message", got)
		}

		// The agent goes away midway: the endpoint's call ends with the request, and the agent
		// may ask again at once; while one answer streams, a second is refused.
		before, _, err := db.AssistantConfig(switchboard.NewSystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		em.Slow(time.Minute)
		for len(arrived) > 0 {
			<-arrived
		}
		// finished gets the stopped copilot request once the server has wholly answered it: the
		// one whose context ended before its handler returned (the agent left).
		finished := make(chan struct{})
		var finishOnce sync.Once
		copilotPath := fmt.Sprintf("/api/v1/conversations/%d/copilot", conv.ID)
		served := func(r *http.Request) {
			if r.URL.Path == copilotPath && r.Context().Err() != nil {
				finishOnce.Do(func() { close(finished) })
			}
		}
		w.a.served.Store(&served)
		ctx, cancel := context.WithCancel(context.Background())
		gone := make(chan error, 1)
		go func() {
			b, _ := json.Marshal(map[string]string{"action": "suggest"})
			req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/conversations/%d/copilot", w.a.url, conv.ID), bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			res, err := w.ann.hc.Do(req)
			if err == nil {
				_, err = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
			}
			gone <- err
		}()
		select {
		case <-arrived:
		case <-time.After(time.Minute):
			t.Fatal("the endpoint was never called")
		}
		_, refused := w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		refused.wantError(http.StatusTooManyRequests, switchboard.ERATELIMITED)
		cancel()
		<-gone
		select {
		case <-finished:
		case <-time.After(time.Minute):
			t.Fatal("the stopped copilot request never finished")
		}
		w.a.served.Store(nil)
		// The stopped request still spent tokens (the prompt, estimated: no usage came back).
		after, _, err := db.AssistantConfig(switchboard.NewSystemContext(context.Background()))
		if err != nil || after.TokensToday <= before.TokensToday {
			t.Errorf("tokens today %d before a stopped request, %d after (%v)", before.TokensToday, after.TokensToday, err)
		}
		em.Slow(0)
		evs, refused = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		if refused != nil || evs[len(evs)-1].Name != "done" {
			t.Fatalf("after a cancel: %+v %+v", evs, refused)
		}

		// Past the day's budget the copilot falls back to the offline one.
		setAssistant(t, db, switchboard.AssistantSettingsInput{DailyTokenBudget: new(1)})
		calls = em.Calls("/v1/chat/completions")
		evs, _ = w.ann.copilot(conv.ID, map[string]string{"action": "summary"})
		if _, _, done := deltas(t, evs); done.Data["provider"] != "offline" || em.Calls("/v1/chat/completions") != calls {
			t.Errorf("past the budget: %+v", evs)
		}
		_, refused = w.ann.copilot(conv.ID, map[string]string{"action": "rewrite", "style": "formal", "draft": "ok"})
		refused.wantError(http.StatusBadRequest, switchboard.EINVALID)

	})
}
