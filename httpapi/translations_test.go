package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/assistant/apertium"
	"github.com/switchboardhq/switchboard/assistant/libretranslate"
	"github.com/switchboardhq/switchboard/assistant/offline"
	ltemu "github.com/switchboardhq/switchboard/emulator/libretranslate"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// countingTranslator counts the calls that reach an engine, and how long they took.
type countingTranslator struct {
	next  assistant.Translator
	calls atomic.Int64
	spent atomic.Int64 // nanoseconds
}

func (c *countingTranslator) Translate(ctx context.Context, text, from, to string) (string, error) {
	c.calls.Add(1)
	start := time.Now()
	defer func() { c.spent.Add(int64(time.Since(start))) }()
	return c.next.Translate(ctx, text, from, to)
}

// Route tells whether Apertium has the pair, as the engine does.
func (c *countingTranslator) Route(from, to string) ([]string, error) {
	return c.next.(*apertium.Engine).Route(from, to)
}

// setAssistant changes the workspace's assistant settings as an admin, through the store.
func setAssistant(t *testing.T, db *sqlstore.DB, in switchboard.AssistantSettingsInput) {
	t.Helper()
	admin, err := db.FindAgentByEmail(switchboard.NewSystemContext(context.Background()), "ada@team.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAssistantSettings(switchboard.NewContextWithAgent(context.Background(), admin), &in); err != nil {
		t.Fatalf("set assistant: %v", err)
	}
}

// customerSays records a customer's message in a conversation's inbox, as a provider delivers it.
func customerSays(t *testing.T, db *sqlstore.DB, inboxID int64, from, providerID, text string) (*switchboard.Message, *switchboard.Conversation) {
	t.Helper()
	m, conv, _, err := db.Receive(switchboard.NewSystemContext(context.Background()), &switchboard.InboundMessage{InboxID: inboxID, From: from, ProviderID: providerID, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return m, conv
}

func TestTranslateMessagesCachedWithLibreTranslateAndApertium(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		lt := ltemu.New("lt-key")
		lts := httptest.NewServer(lt)
		t.Cleanup(lts.Close)
		apert := &countingTranslator{next: &apertium.Engine{}}
		w := newWorldOn(t, db, assistantServer(db, apert, nil))
		m, conv := customerSays(t, db, w.sales.ID, "+393331112222", "tr-es-1", "Hola, mi pedido no ha llegado todavía.")
		path := fmt.Sprintf("/api/v1/messages/%d/translation", m.ID)

		// Off until an admin turns it on.
		w.ann.do("POST", path, map[string]string{"language": "en"}).wantError(http.StatusConflict, switchboard.ECONFLICT)

		engine, url, key := switchboard.TranslateWithLibreTranslate, lts.URL, "lt-key"
		setAssistant(t, db, switchboard.AssistantSettingsInput{Translation: new(true), TranslationEngine: &engine, LibreTranslateURL: &url, LibreTranslateKey: &key})
		var tr switchboard.Translation
		start := time.Now()
		w.ann.do("POST", path, map[string]string{"language": "en"}).want(http.StatusOK).into(&tr)
		ltTime := time.Since(start)
		if tr.MessageID != m.ID || tr.Language != "en" || tr.Source != "es" || tr.Provider != "libretranslate" || tr.Text == "" || tr.Text == m.Text {
			t.Fatalf("translation = %+v", tr)
		}
		if want := ltemu.Translate(m.Text, "es", "en"); tr.Text != want {
			t.Errorf("text = %q, want the emulator's %q", tr.Text, want)
		}
		calls := len(lt.Requests())
		if calls != 1 || lt.Requests()[0].Key != "lt-key" || lt.Requests()[0].Target != "en" {
			t.Fatalf("LibreTranslate got %+v", lt.Requests())
		}
		// Asked again, by anyone who sees it: the copy, with no call.
		var again switchboard.Translation
		w.admin.do("POST", path, map[string]string{"language": "en"}).want(http.StatusOK).into(&again)
		if again.Text != tr.Text || len(lt.Requests()) != calls {
			t.Errorf("second time: %+v after %d requests, want the copy and no request", again, len(lt.Requests()))
		}
		var listed struct {
			Items []switchboard.Translation `json:"items"`
		}
		w.ann.do("GET", fmt.Sprintf("/api/v1/conversations/%d/translations?language=en", conv.ID), nil).want(http.StatusOK).into(&listed)
		if len(listed.Items) != 1 || listed.Items[0].Text != tr.Text {
			t.Errorf("listed = %+v", listed.Items)
		}

		// Bob does not see the Sales inbox: the message does not exist for him, nor its copies.
		w.bob.do("POST", path, map[string]string{"language": "en"}).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.bob.do("GET", fmt.Sprintf("/api/v1/conversations/%d/translations?language=en", conv.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.ann.do("POST", path, map[string]string{"language": "english"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.ann.do("POST", path, map[string]string{"language": "es"}).wantError(http.StatusBadRequest, switchboard.EINVALID) // already Spanish

		// Apertium, offline: Spanish to Italian directly, English to Italian through Spanish.
		engine = switchboard.TranslateWithApertium
		setAssistant(t, db, switchboard.AssistantSettingsInput{TranslationEngine: &engine})
		start = time.Now()
		w.ann.do("POST", path, map[string]string{"language": "it"}).want(http.StatusOK).into(&tr)
		apTime := time.Since(start)
		if tr.Provider != "apertium" || tr.Language != "it" || tr.Text == "" || tr.Text == m.Text || apert.calls.Load() != 1 {
			t.Fatalf("apertium translation = %+v after %d calls", tr, apert.calls.Load())
		}
		w.ann.do("POST", path, map[string]string{"language": "it"}).want(http.StatusOK).into(&again)
		if again.Text != tr.Text || apert.calls.Load() != 1 {
			t.Errorf("apertium asked again (%d calls) for a kept translation", apert.calls.Load())
		}
		// A pair not installed is refused before anything runs.
		w.ann.do("POST", path, map[string]string{"language": "de"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if apert.calls.Load() != 1 {
			t.Errorf("apertium ran for a pair it does not have")
		}
		en, _ := customerSays(t, db, w.sales.ID, "+393331112222", "tr-en-1", "My order has not arrived yet, where is it?")
		w.ann.do("POST", fmt.Sprintf("/api/v1/messages/%d/translation", en.ID), map[string]string{"language": "it"}).want(http.StatusOK).into(&tr)
		if tr.Provider != "apertium" || tr.Source != "en" || tr.Text == en.Text {
			t.Errorf("pivoted translation = %+v", tr)
		}
		t.Logf("translation of one message: libretranslate (emulator, HTTP) %v, apertium es→it %v, apertium en→it via es %v in all %d calls",
			ltTime, apTime, time.Duration(apert.spent.Load()), apert.calls.Load())

		// An inbox with translation off refuses it.
		off := switchboard.InboxAssistant{Analysis: true, Copilot: true, Translation: false}
		w.admin.do("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", w.sales.ID), map[string]any{"assistant": off}).want(http.StatusOK)
		w.ann.do("POST", path, map[string]string{"language": "fr"}).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
	})
}

func TestSendInTheCustomersLanguage(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		lt := ltemu.New("")
		lts := httptest.NewServer(lt)
		t.Cleanup(lts.Close)
		w := newWorldOn(t, db, assistantServer(db, nil, nil))
		engine, url := switchboard.TranslateWithLibreTranslate, lts.URL
		setAssistant(t, db, switchboard.AssistantSettingsInput{Translation: new(true), TranslationEngine: &engine, LibreTranslateURL: &url})
		draftPath := fmt.Sprintf("/api/v1/conversations/%d/translate-draft", w.salesConv.ID)

		var d switchboard.DraftTranslation
		w.ann.do("POST", draftPath, map[string]string{"text": "Thank you, your refund is today.", "language": "es"}).want(http.StatusOK).into(&d)
		if d.Language != "es" || d.Provider != "libretranslate" || d.Text != ltemu.Translate("Thank you, your refund is today.", d.Source, "es") {
			t.Fatalf("draft = %+v", d)
		}
		w.ann.do("POST", draftPath, map[string]string{"text": "", "language": "es"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.ann.do("POST", draftPath, map[string]string{"text": strings.Repeat("thanks ", 5000), "language": "es"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.bob.do("POST", draftPath, map[string]string{"text": "hello", "language": "es"}).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		// The reply carries both texts and the copilot's mark.
		msgs := fmt.Sprintf("/api/v1/conversations/%d/messages", w.salesConv.ID)
		var sent switchboard.Message
		w.ann.do("POST", msgs, map[string]any{"text": d.Text,
			"translation": map[string]string{"language": "en", "text": "Thank you, your refund is today.", "provider": d.Provider},
			"ai":          map[string]string{"feature": "suggestion", "provider": "offline"}}).want(http.StatusCreated).into(&sent)
		c := sent.Content
		if c == nil || c.Translation == nil || c.Translation.Text != "Thank you, your refund is today." || c.Translation.Language != "en" ||
			c.Translation.Provider != "libretranslate" || c.AI == nil || c.AI.Feature != "suggestion" || c.AI.Provider != "offline" || sent.Text != d.Text {
			t.Fatalf("sent = %+v, content %+v", sent, c)
		}
		var page switchboard.MessagePage
		w.ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		last := page.Items[len(page.Items)-1]
		if last.ID != sent.ID || last.Content == nil || last.Content.Translation == nil || last.Content.AI == nil {
			t.Errorf("read back: %+v", last)
		}
		before := len(page.Items)
		for name, body := range map[string]map[string]any{
			"translation.language": {"text": "hola", "translation": map[string]string{"language": "eng", "text": "hi", "provider": "x"}},
			"translation.text":     {"text": "hola", "translation": map[string]string{"language": "en", "text": "", "provider": "x"}},
			"ai.feature":           {"text": "hola", "ai": map[string]string{"feature": "analysis", "provider": "offline"}},
			"ai.provider":          {"text": "hola", "ai": map[string]string{"feature": "rewrite", "provider": ""}},
		} {
			e := w.ann.do("POST", msgs, body).wantError(http.StatusBadRequest, switchboard.EINVALID)
			if _, ok := e.Error.Fields[name]; !ok {
				t.Errorf("%s: fields %v", name, e.Error.Fields)
			}
		}
		w.ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		if len(page.Items) != before {
			t.Errorf("refused replies were written: %d messages, want %d", len(page.Items), before)
		}
	})
}

// assistantService is the assistant's service on db, as cmd wires it, with chat making the
// endpoint's client (nil: offline only).
func assistantService(db *sqlstore.DB, chat assistant.ChatterFactory) *assistant.Service {
	return &assistant.Service{Store: db, NewChatter: chat, HTTP: func(d time.Duration) *http.Client { return &http.Client{Timeout: d} }}
}

// assistantTranslations translates with the store db, Apertium ap (nil: not installed) and
// LibreTranslate over plain HTTP.
func assistantTranslations(db *sqlstore.DB, ap assistant.Translator, chat assistant.ChatterFactory) *assistant.Translations {
	return &assistant.Translations{Store: db, Conversations: db, Inboxes: db, Assistant: assistantService(db, chat),
		Engines: assistant.Engines{Apertium: ap, LibreTranslate: func(url, key string) assistant.Translator {
			return &libretranslate.Client{URL: url, APIKey: key, HTTP: &http.Client{Timeout: 10 * time.Second}}
		}},
		Detect: func(text string) string { lang, _ := offline.DetectLanguage(text); return lang }}
}

// assistantCopilot is the copilot on db.
func assistantCopilot(db *sqlstore.DB, chat assistant.ChatterFactory) *assistant.Copilot {
	return &assistant.Copilot{Conversations: db, Messages: db, Inboxes: db, Canned: db, Answers: db, Assistant: assistantService(db, chat)}
}

// assistantServer is a server on db whose translation runs Apertium through ap and whose
// endpoint's client chat makes.
func assistantServer(db *sqlstore.DB, ap assistant.Translator, chat assistant.ChatterFactory) *httpapi.Server {
	srv := newServer(db, io.Discard)
	srv.Translate, srv.Copilot = assistantTranslations(db, ap, chat), assistantCopilot(db, chat)
	return srv
}

// TestApertiumChosenOnlyWhenInstalled: the settings list the pairs of the Apertium engine the
// server has, and refuse Apertium as the engine, writing nothing, when it has none.
func TestApertiumChosenOnlyWhenInstalled(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, io.Discard)
		pairs := []string{"en-es", "es-en"}
		srv.ApertiumPairs = func() []string { return pairs }
		w := newWorldOn(t, db, srv)
		var got switchboard.AssistantSettings
		w.admin.do("GET", "/api/v1/assistant", nil).want(http.StatusOK).into(&got)
		if strings.Join(got.ApertiumPairs, ",") != "en-es,es-en" {
			t.Fatalf("apertium_pairs = %v, want the engine's", got.ApertiumPairs)
		}
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"translation": true, "translation_engine": "apertium"}).want(http.StatusOK).into(&got)
		if got.TranslationEngine != switchboard.TranslateWithApertium || len(got.ApertiumPairs) != 2 {
			t.Fatalf("saved = %+v", got)
		}

		pairs = nil // uninstalled
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"translation": false, "translation_engine": "assistant"}).want(http.StatusOK)
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"copilot": true, "translation_engine": "apertium"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("GET", "/api/v1/assistant", nil).want(http.StatusOK).into(&got)
		if got.TranslationEngine != switchboard.TranslateWithAssistant || got.Copilot || got.ApertiumPairs == nil || len(got.ApertiumPairs) != 0 {
			t.Fatalf("after a refused change: %+v, want nothing written and no pairs", got)
		}
	})
}

// TestTranslationEngineNeedsAnEndpoint: translation with the assistant's endpoint as its engine
// is refused while the provider is offline (every translation would fail), whichever change
// would make it so, and nothing is written.
func TestTranslationEngineNeedsAnEndpoint(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorldOn(t, db, newServer(db, io.Discard))
		var got switchboard.AssistantSettings
		refused := func(body map[string]any) {
			t.Helper()
			if e := w.admin.do("PATCH", "/api/v1/assistant", body).wantError(http.StatusBadRequest, switchboard.EINVALID); e.Error.Fields["translation_engine"] == "" {
				t.Errorf("%v: refused without saying the engine: %+v", body, e.Error)
			}
		}
		refused(map[string]any{"translation": true, "translation_engine": "assistant"})
		refused(map[string]any{"translation": true})
		w.admin.do("GET", "/api/v1/assistant", nil).want(http.StatusOK).into(&got)
		if got.Translation {
			t.Fatalf("a refused change was written: %+v", got)
		}
		// With an endpoint it translates; going offline then is refused while translation is on.
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"provider": "openai", "base_url": "https://api.example.test/v1", "model": "m",
			"translation": true, "translation_engine": "assistant"}).want(http.StatusOK)
		refused(map[string]any{"provider": "offline"})
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"provider": "offline", "translation_engine": "apertium"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID) // no Apertium on this server
		w.admin.do("PATCH", "/api/v1/assistant", map[string]any{"provider": "offline", "translation": false}).want(http.StatusOK).into(&got)
		if got.Provider != switchboard.AssistantOffline || got.Translation {
			t.Errorf("saved = %+v", got)
		}
	})
}

// TestThreadTellsUnreadLanguages: with the analysis off, a customer's message has no language
// read; the thread tells it (on this machine), so that its translation is offered.
func TestThreadTellsUnreadLanguages(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorldOn(t, db, assistantServer(db, nil, nil))
		es, conv := customerSays(t, db, w.sales.ID, "+393331112222", "lang-1", "Hola, mi pedido no ha llegado todavía. ¿Dónde está?")
		en, _ := customerSays(t, db, w.sales.ID, "+393331112222", "lang-2", "Thank you, where is my order? It has not arrived yet.")
		read := func() map[int64]string {
			var page struct {
				Items []switchboard.Message `json:"items"`
			}
			w.ann.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", conv.ID), nil).want(http.StatusOK).into(&page)
			langs := map[int64]string{}
			for _, m := range page.Items {
				langs[m.ID] = m.Language
			}
			return langs
		}
		// A workspace that does not translate is told nothing (and pays nothing for it).
		if langs := read(); langs[es.ID] != "" || langs[en.ID] != "" {
			t.Errorf("languages with translation off = %v, want none", langs)
		}
		engine, url := switchboard.TranslateWithLibreTranslate, "https://translate.example.com"
		setAssistant(t, db, switchboard.AssistantSettingsInput{Translation: new(true), TranslationEngine: &engine, LibreTranslateURL: &url})
		if langs := read(); langs[es.ID] != "es" || langs[en.ID] != "en" {
			t.Errorf("languages = %v, want es for %d and en for %d", langs, es.ID, en.ID)
		}
		// Only the thread's reading: nothing is stored.
		if m, err := db.FindMessageByID(switchboard.NewSystemContext(context.Background()), es.ID); err != nil || m.Language != "" {
			t.Errorf("stored language = %q, %v", m.Language, err)
		}
	})
}
