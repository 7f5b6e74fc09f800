package assistant

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/switchboardhq/switchboard"
)

// Workspace is the workspace's assistant as the copilot and translation use it: its settings
// (with the keys, for the engines' calls) and a client of its OpenAI-compatible endpoint. The
// client redacts what it sends when the settings say so, keeps the daily token budget and
// records each call's outcome for the settings' health.
type Workspace interface {
	// Configured returns the workspace's settings and keys, whoever asks (the features check
	// the acting agent's rights themselves).
	Configured(ctx context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error)
	// Endpoint returns the configured endpoint's client; ErrNoEndpoint when the provider is
	// offline or today's budget is spent.
	Endpoint(ctx context.Context) (Chatter, error)
	// Embedder returns the configured endpoint's client for embeddings; ErrNoEndpoint when
	// Endpoint would, or when no embedding model is set.
	Embedder(ctx context.Context) (Embedder, error)
}

// ErrNoEndpoint says there is no OpenAI-compatible endpoint to call now: the provider is
// offline, or the day's token budget is spent (the features fall back to the offline ones).
var ErrNoEndpoint = errors.New("no assistant endpoint to call")

// Engines are the translation engines besides the assistant's endpoint, as the server has them.
type Engines struct {
	// Apertium is the engine installed on the server; nil when it is not.
	Apertium Translator
	// LibreTranslate makes a client of a LibreTranslate server (the settings' URL and key),
	// with the server's egress rules; nil offers none.
	LibreTranslate func(url, key string) Translator
}

// Translations translates messages and drafts with the engine the workspace's settings choose,
// and keeps each message's translation per language: an engine translates a message into a
// language once, whoever asks next reads the copy. Incoming messages are translated only when
// an agent asks (the thread asks for those in another language than the agent's).
type Translations struct {
	Store         switchboard.TranslationService
	Conversations switchboard.ConversationService
	Inboxes       switchboard.InboxService
	Assistant     Workspace
	Engines       Engines
	// Detect tells a text's language when the message's was not read yet ("" when unknown).
	Detect func(text string) string
	// Log receives what an engine's failure was (its address, the network's error), which
	// agents are not shown; nil logs to slog.Default.
	Log *slog.Logger

	// inflight makes one translation of a message into a language at a time: whoever asks
	// meanwhile waits for it.
	inflight singleflight.Group
	// slots bounds the engines' concurrent runs, by engine (EngineConcurrency).
	slotsMu sync.Mutex
	slots   map[string]chan struct{}
}

// EngineConcurrency is how many translations each engine runs at once; the others wait their
// turn. Apertium is a pipeline of processes on this machine (two through Spanish).
var EngineConcurrency = map[string]int{
	switchboard.TranslateWithApertium:       2,
	switchboard.TranslateWithLibreTranslate: 4,
	switchboard.TranslateWithAssistant:      4,
}

var _ switchboard.TranslateService = (*Translations)(nil)

// TranslateMessage returns a message's text in language: the copy kept, else the engine's
// translation, then kept. The message must be one the acting agent may see, in an inbox with
// translation on.
func (t *Translations) TranslateMessage(ctx context.Context, messageID int64, language string) (*switchboard.Translation, error) {
	language = strings.ToLower(strings.TrimSpace(language))
	if err := checkLanguage(language); err != nil {
		return nil, err
	}
	m, cached, err := t.Store.FindTranslation(ctx, messageID, language)
	if err != nil {
		return nil, err
	}
	if _, err := t.translationAllowed(ctx, m.InboxID); err != nil {
		return nil, err
	}
	if m.DeletedAt != nil || strings.TrimSpace(m.Text) == "" || m.Kind == switchboard.KindActivity {
		return nil, switchboard.Errorf(switchboard.EINVALID, "This message has no text to translate.")
	}
	if cached != nil {
		return cached, nil
	}
	if len(m.Text) > MaxTranslateText {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "This message is too long to translate at once.",
			Fields: map[string]string{"text": "Translate messages of at most 32 KB."}}
	}
	source := m.Language
	if source == "" && t.Detect != nil {
		source = t.Detect(m.Text)
	}
	if source == language {
		return nil, switchboard.Errorf(switchboard.EINVALID, "This message is already in that language.")
	}
	// One engine call per message and language, however many agents ask at once; each waits
	// for it as long as its own request lasts, and the call outlives a waiter who leaves.
	key := strconv.FormatInt(m.ID, 10) + ":" + language
	ch := t.inflight.DoChan(key, func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		// Whoever asked as the last call finished finds its copy here.
		if _, cached, err := t.Store.FindTranslation(ctx, m.ID, language); err != nil || cached != nil {
			return cached, err
		}
		text, provider, err := t.translate(ctx, m.Text, source, language)
		if err != nil {
			return nil, err
		}
		return t.Store.SaveTranslation(ctx, &switchboard.Translation{MessageID: m.ID, Language: language, Source: source, Text: text, Provider: provider, Original: m.Text})
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*switchboard.Translation), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// DetectLanguage tells the language of a message whose language was not read (analysis off for
// its workspace or inbox, or a message older than it), on this machine: "" when unknown. The
// thread shows it, so that translation is offered for it.
func (t *Translations) DetectLanguage(text string) string {
	if t.Detect == nil || strings.TrimSpace(text) == "" {
		return ""
	}
	return t.Detect(text)
}

// TranslateDraft translates what an agent wrote into the customer's language, for the agent to
// check and send (nothing is sent, nothing kept): the reply then carries both texts.
func (t *Translations) TranslateDraft(ctx context.Context, conversationID int64, text, language string) (*switchboard.DraftTranslation, error) {
	language = strings.ToLower(strings.TrimSpace(language))
	var v switchboard.Validator
	v.Check(switchboard.ValidLanguage(language), "language", "Name the language as two letters, like es.")
	v.Required(strings.TrimSpace(text) != "", "text", "Write the reply to translate.")
	v.CheckCode(len(text) <= MaxTranslateText, "text", switchboard.FieldCode{Code: switchboard.FieldTooLong, Max: MaxTranslateText}, "The text is too long to translate at once.")
	v.Check(!strings.ContainsRune(text, 0), "text", "The text holds a NUL character.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	conv, err := t.Conversations.FindConversationByID(ctx, conversationID)
	if err != nil {
		return nil, err
	}
	if _, err := t.translationAllowed(ctx, conv.InboxID); err != nil {
		return nil, err
	}
	source := ""
	if t.Detect != nil {
		source = t.Detect(text)
	}
	if source == language {
		return &switchboard.DraftTranslation{Text: text, Language: language, Source: source, Provider: "none"}, nil
	}
	out, provider, err := t.translate(OwnText(ctx), text, source, language)
	if err != nil {
		return nil, err
	}
	return &switchboard.DraftTranslation{Text: out, Language: language, Source: source, Provider: provider}, nil
}

// checkLanguage refuses a target that is not a two-letter code.
func checkLanguage(language string) error {
	var v switchboard.Validator
	v.Check(switchboard.ValidLanguage(language), "language", "Name the language as two letters, like es.")
	return v.Err()
}

// translationAllowed checks that translation is on for the workspace (409 otherwise: an admin
// turns it on) and for the inbox (403), and returns the settings.
func (t *Translations) translationAllowed(ctx context.Context, inboxID int64) (*switchboard.AssistantSettings, error) {
	s, _, err := t.Assistant.Configured(ctx)
	if err != nil {
		return nil, err
	}
	if !s.Translation {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "Translation is off for this workspace: an admin turns it on in the assistant's settings.")
	}
	inbox, err := t.Inboxes.FindInboxByID(ctx, inboxID)
	if err != nil {
		return nil, err
	}
	if !inbox.Assistant.Translation {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Translation is off for the inbox %s.", inbox.Name)
	}
	return s, nil
}

// router is an engine that tells beforehand whether it translates between two languages
// (Apertium, by its installed pairs).
type router interface {
	Route(from, to string) ([]string, error)
}

// translate runs the engine the settings choose and names it as the translation's provider.
func (t *Translations) translate(ctx context.Context, text, from, to string) (string, string, error) {
	s, keys, err := t.Assistant.Configured(ctx)
	if err != nil {
		return "", "", err
	}
	var engine Translator
	provider := s.TranslationEngine
	switch s.TranslationEngine {
	case switchboard.TranslateWithAssistant:
		chat, err := t.Assistant.Endpoint(ctx)
		if errors.Is(err, ErrNoEndpoint) {
			return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "Translation uses the assistant's endpoint, and none can be called now (the provider is offline or today's token budget is spent).")
		} else if err != nil {
			return "", "", err
		}
		engine, provider = ChatTranslator{Chat: chat}, s.ProviderName()
	case switchboard.TranslateWithLibreTranslate:
		if t.Engines.LibreTranslate == nil || s.LibreTranslateURL == "" {
			return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "No LibreTranslate server is set up.")
		}
		engine = t.Engines.LibreTranslate(s.LibreTranslateURL, keys.LibreTranslateKey)
	case switchboard.TranslateWithApertium:
		if t.Engines.Apertium == nil {
			return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "Apertium is not installed on this server.")
		}
		if from == "" {
			return "", "", switchboard.Errorf(switchboard.EINVALID, "The text's language is unknown, and Apertium needs it.")
		}
		if r, ok := t.Engines.Apertium.(router); ok {
			if _, err := r.Route(from, to); err != nil {
				return "", "", switchboard.Errorf(switchboard.EINVALID, "Apertium has no pair from %s to %s on this server.", from, to)
			}
		}
		engine = t.Engines.Apertium
	default:
		return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "No translation engine is chosen.")
	}
	release, err := t.slot(ctx, s.TranslationEngine)
	if err != nil {
		return "", "", err
	}
	defer release()
	out, err := engine.Translate(ctx, text, from, to)
	if err != nil {
		var se *switchboard.Error
		if errors.As(err, &se) {
			return "", "", err
		}
		// The engine's own words may name its address and the network's error: the log keeps
		// them, the agent is told what failed.
		t.log().Warn("translation engine failed", "engine", provider, "from", from, "to", to, "err", err)
		return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "The translation engine (%s) could not translate this now; try again later, or ask an admin to check it.", provider)
	}
	if strings.TrimSpace(out) == "" {
		return "", "", switchboard.Errorf(switchboard.EUNAVAILABLE, "The translation engine (%s) answered nothing.", provider)
	}
	return out, provider, nil
}

// slot waits for the engine's turn (EngineConcurrency), or until ctx is done; release gives it
// back.
func (t *Translations) slot(ctx context.Context, engine string) (release func(), err error) {
	n := EngineConcurrency[engine]
	if n <= 0 {
		return func() {}, nil
	}
	t.slotsMu.Lock()
	if t.slots == nil {
		t.slots = map[string]chan struct{}{}
	}
	sem, ok := t.slots[engine]
	if !ok {
		sem = make(chan struct{}, n)
		t.slots[engine] = sem
	}
	t.slotsMu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "The translation engine is busy; try again.")
	}
}

func (t *Translations) log() *slog.Logger {
	if t.Log != nil {
		return t.Log
	}
	return slog.Default()
}
