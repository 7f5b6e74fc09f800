package assistant

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// memTranslations is the store's translations in memory, keeping the first saved per message
// and language as the store does.
type memTranslations struct {
	switchboard.TranslationService
	mu    sync.Mutex
	msgs  map[int64]*switchboard.Message
	saved map[string]*switchboard.Translation
	reads atomic.Int64
}

func (s *memTranslations) FindTranslation(_ context.Context, id int64, lang string) (*switchboard.Message, *switchboard.Translation, error) {
	s.reads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.msgs[id]
	if !ok {
		return nil, nil, switchboard.Errorf(switchboard.ENOTFOUND, "Message not found.")
	}
	c := *m
	return &c, s.saved[fmt.Sprint(id, ":", lang)], nil
}

func (s *memTranslations) SaveTranslation(_ context.Context, t *switchboard.Translation) (*switchboard.Translation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := fmt.Sprint(t.MessageID, ":", t.Language)
	if old := s.saved[k]; old != nil {
		return old, nil
	}
	s.saved[k] = t
	return t, nil
}

type oneConversation struct {
	switchboard.ConversationService
}

func (oneConversation) FindConversationByID(_ context.Context, id int64) (*switchboard.Conversation, error) {
	return &switchboard.Conversation{ID: id, InboxID: 1}, nil
}

type allInboxes struct{ switchboard.InboxService }

func (allInboxes) FindInboxByID(_ context.Context, id int64) (*switchboard.Inbox, error) {
	return &switchboard.Inbox{ID: id, Name: "Sales", Assistant: switchboard.DefaultInboxAssistant}, nil
}

type settingsOnly struct{ s switchboard.AssistantSettings }

func (w settingsOnly) Configured(context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	s := w.s
	return &s, switchboard.AssistantKeys{}, nil
}
func (settingsOnly) Endpoint(context.Context) (Chatter, error)  { return nil, ErrNoEndpoint }
func (settingsOnly) Embedder(context.Context) (Embedder, error) { return nil, ErrNoEndpoint }

// gatedEngine is an engine whose calls wait for the test: entered reports each call, and each
// returns once release is closed (or with err).
type gatedEngine struct {
	calls, running, most atomic.Int64
	entered              chan string
	release              chan struct{}
	err                  error
}

func (g *gatedEngine) Translate(_ context.Context, text, from, to string) (string, error) {
	g.calls.Add(1)
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for {
		m := g.most.Load()
		if n <= m || g.most.CompareAndSwap(m, n) {
			break
		}
	}
	if g.entered != nil {
		g.entered <- text
	}
	if g.release != nil {
		<-g.release
	}
	if g.err != nil {
		return "", g.err
	}
	return "[" + to + "] " + text, nil
}

func newTranslations(engine Translator, msgs ...*switchboard.Message) (*Translations, *memTranslations) {
	store := &memTranslations{msgs: map[int64]*switchboard.Message{}, saved: map[string]*switchboard.Translation{}}
	for _, m := range msgs {
		store.msgs[m.ID] = m
	}
	s := switchboard.AssistantSettings{Provider: switchboard.AssistantOffline, Translation: true, TranslationEngine: switchboard.TranslateWithLibreTranslate, LibreTranslateURL: "http://lt.test"}
	return &Translations{Store: store, Conversations: oneConversation{}, Inboxes: allInboxes{}, Assistant: settingsOnly{s},
		Engines: Engines{LibreTranslate: func(string, string) Translator { return engine }}}, store
}

func incoming(id int64, text string) *switchboard.Message {
	return &switchboard.Message{ID: id, InboxID: 1, Direction: switchboard.DirectionIncoming, Kind: switchboard.KindText, Text: text, Language: "es"}
}

// TestTranslateDeletedMessageNotFromCache: a deleted message's kept translation is not
// answered (its text is gone).
func TestTranslateDeletedMessageNotFromCache(t *testing.T) {
	m := incoming(1, "Hola")
	tr, store := newTranslations(&gatedEngine{}, m)
	if _, err := tr.TranslateMessage(context.Background(), 1, "en"); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	store.msgs[1].DeletedAt, store.msgs[1].Text = &now, ""
	got, err := tr.TranslateMessage(context.Background(), 1, "en")
	if switchboard.ErrorCode(err) != switchboard.EINVALID {
		t.Fatalf("deleted message: %+v, %v; want invalid, not the kept copy", got, err)
	}
}

// TestTranslateOnceForConcurrentAgents: agents asking at once for the same message's
// translation get one engine call between them.
func TestTranslateOnceForConcurrentAgents(t *testing.T) {
	const n = 8
	engine := &gatedEngine{release: make(chan struct{})}
	tr, _ := newTranslations(engine, incoming(1, "Hola, ¿dónde está mi pedido?"))
	var detected atomic.Int64
	all := make(chan struct{})
	tr.Detect = func(string) string {
		if detected.Add(1) == n {
			close(all)
		}
		return "es"
	}
	tr.Store.(*memTranslations).msgs[1].Language = "" // read by Detect, the last step before the call
	var wg sync.WaitGroup
	results := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			out, err := tr.TranslateMessage(context.Background(), 1, "en")
			errs[i] = err
			if out != nil {
				results[i] = out.Text
			}
		})
	}
	select {
	case <-all:
	case <-time.After(30 * time.Second):
		t.Fatal("the agents' requests did not all arrive")
	}
	close(engine.release)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || results[i] != "[en] Hola, ¿dónde está mi pedido?" {
			t.Errorf("agent %d: %q, %v", i, results[i], errs[i])
		}
	}
	if c := engine.calls.Load(); c != 1 {
		t.Errorf("%d concurrent requests made %d engine calls, want 1", n, c)
	}
}

// TestTranslateBoundsEngineRuns: an engine runs at most EngineConcurrency translations at once;
// the others wait their turn, then run.
func TestTranslateBoundsEngineRuns(t *testing.T) {
	limit := EngineConcurrency[switchboard.TranslateWithLibreTranslate]
	if limit < 1 {
		t.Fatalf("LibreTranslate's concurrency is %d", limit)
	}
	const n = 6
	engine := &gatedEngine{entered: make(chan string, n), release: make(chan struct{})}
	var msgs []*switchboard.Message
	for i := range n {
		msgs = append(msgs, incoming(int64(i+1), fmt.Sprintf("Mensaje %d", i)))
	}
	tr, _ := newTranslations(engine, msgs...)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := range n {
		wg.Go(func() {
			if _, err := tr.TranslateMessage(context.Background(), int64(i+1), "en"); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		})
	}
	for range limit {
		select {
		case <-engine.entered:
		case <-time.After(30 * time.Second):
			t.Fatal("the engine was not called")
		}
	}
	// No more may start while those run (a bounded look: with the limit kept, none ever does).
	select {
	case text := <-engine.entered:
		t.Errorf("a translation (%q) started past the limit of %d", text, limit)
	case <-time.After(300 * time.Millisecond):
	}
	close(engine.release)
	wg.Wait()
	if engine.calls.Load() != n || failed.Load() != 0 || engine.most.Load() != int64(limit) {
		t.Errorf("%d calls, %d failed, at most %d at once; want %d, 0, %d", engine.calls.Load(), failed.Load(), engine.most.Load(), n, limit)
	}
}

// TestTranslateErrorsForAgents: a text over the limit is the request's fault (400), and an
// engine's failure tells the agent what failed but not the engine's address or the network's
// error, which the log keeps.
func TestTranslateErrorsForAgents(t *testing.T) {
	long := incoming(2, strings.Repeat("palabra ", MaxTranslateText/8+1))
	engine := &gatedEngine{err: errors.New("libretranslate at http://10.0.0.5:5000: dial tcp 10.0.0.5:5000: connect: connection refused")}
	tr, _ := newTranslations(engine, incoming(1, "Hola"), long)
	var logged bytes.Buffer
	tr.Log = slog.New(slog.NewTextHandler(&logged, nil))

	_, err := tr.TranslateMessage(context.Background(), 2, "en")
	if switchboard.ErrorCode(err) != switchboard.EINVALID || engine.calls.Load() != 0 {
		t.Errorf("a text over the limit: %v after %d engine calls; want invalid and none", err, engine.calls.Load())
	}

	_, err = tr.TranslateMessage(context.Background(), 1, "en")
	if switchboard.ErrorCode(err) != switchboard.EUNAVAILABLE {
		t.Fatalf("engine failure: %v, want unavailable", err)
	}
	if msg := err.Error(); strings.Contains(msg, "10.0.0.5") || strings.Contains(msg, "dial tcp") || !strings.Contains(msg, "libretranslate") {
		t.Errorf("agents are told %q", msg)
	}
	if !strings.Contains(logged.String(), "10.0.0.5:5000") {
		t.Errorf("the log lacks the engine's error: %q", logged.String())
	}
	_, err = tr.TranslateDraft(context.Background(), 1, "Hello", "es")
	if err == nil || strings.Contains(err.Error(), "10.0.0.5") {
		t.Errorf("draft: agents are told %v", err)
	}
}
