package switchboard

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// The assistant reads customers' messages and helps agents answer them: an analysis of each
// customer turn posted as a private note, a copilot in the composer (summary, suggested reply,
// rewrite) and translation. It works with no external service at all (the built-in offline
// analysers) and, when an admin configures one, with any OpenAI-compatible endpoint. Nothing it
// writes reaches a customer without an agent's action, and every output says which provider made
// it.

// Sentiment is how a customer's turn reads: negative, neutral or positive.
type Sentiment string

// The sentiments.
const (
	SentimentNegative Sentiment = "negative"
	SentimentNeutral  Sentiment = "neutral"
	SentimentPositive Sentiment = "positive"
)

// Valid reports whether s is one of the sentiments.
func (s Sentiment) Valid() bool {
	return s == SentimentNegative || s == SentimentNeutral || s == SentimentPositive
}

// Urgency is how soon a customer's turn asks to be answered: low, normal or high.
type Urgency string

// The urgencies.
const (
	UrgencyLow    Urgency = "low"
	UrgencyNormal Urgency = "normal"
	UrgencyHigh   Urgency = "high"
)

// Valid reports whether u is one of the urgencies.
func (u Urgency) Valid() bool { return u == UrgencyLow || u == UrgencyNormal || u == UrgencyHigh }

// AssistantLanguages are the languages the offline analysers read (ISO 639-1), the languages of
// the UI.
var AssistantLanguages = []string{"en", "it", "es", "fr", "pt"}

// ReferenceKind says what a reference found in a message is.
type ReferenceKind string

// The kinds of references the analysis extracts.
const (
	RefOrder    ReferenceKind = "order"
	RefInvoice  ReferenceKind = "invoice"
	RefQuote    ReferenceKind = "quote"
	RefTracking ReferenceKind = "tracking"
	RefTicket   ReferenceKind = "ticket"
	RefAmount   ReferenceKind = "amount"
	RefDate     ReferenceKind = "date"
	RefEmail    ReferenceKind = "email"
	RefPhone    ReferenceKind = "phone"
	RefIBAN     ReferenceKind = "iban"
	RefCard     ReferenceKind = "card"
)

// Reference is something a customer's message names that an agent may need to look up: an order
// number, an amount, an IBAN. Value is normalised (an amount "49.90 EUR", a date "2026-12-24", an
// IBAN without spaces); a card number is never kept whole, only masked ("•••• 4242"). Text is
// the span as the customer wrote it (masked too, for a card).
type Reference struct {
	Kind  ReferenceKind `json:"kind"`
	Value string        `json:"value"`
	Text  string        `json:"text,omitempty"`
}

// LabelSuggestion is a label the analysis suggests for a conversation, with its score from 0 to 1.
type LabelSuggestion struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// SuggestedAction is something the analysis recommends, which an agent applies with one click:
// apply_label (Value: the label's name) or set_priority (Value: a Priority).
type SuggestedAction struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// The kinds of suggested actions.
const (
	SuggestLabel    = "apply_label"
	SuggestPriority = "set_priority"
)

// Analysis is what the assistant read in one customer turn (the customer's messages since the
// team last wrote). It is posted as a private note (the note's Content.Analysis) and its
// sentiment, urgency and language become the conversation's, for rules and list filters.
type Analysis struct {
	Language   string            `json:"language"` // ISO 639-1; "" when unknown
	Sentiment  Sentiment         `json:"sentiment"`
	Urgency    Urgency           `json:"urgency"`
	Labels     []LabelSuggestion `json:"labels"`
	References []Reference       `json:"references"`
	Actions    []SuggestedAction `json:"actions"`
	// Provider says what made it: "offline", or "openai:MODEL" for a configured endpoint.
	Provider string `json:"provider"`
	// MessageIDs are the customer's messages of the turn it read, oldest first.
	MessageIDs []int64 `json:"message_ids"`
}

// AIOrigin marks a text an assistant made, and which provider made it: a suggested reply or a
// rewrite the agent sent (MessageCreate.AI, kept on the message's content), a translation.
type AIOrigin struct {
	// Feature is analysis, summary, suggestion, rewrite or translation.
	Feature  string `json:"feature"`
	Provider string `json:"provider"`
}

// The assistant's features, as AIOrigin.Feature names them.
const (
	AIAnalysis    = "analysis"
	AISummary     = "summary"
	AISuggestion  = "suggestion"
	AIRewrite     = "rewrite"
	AITranslation = "translation"
)

// The assistant's providers. ProviderOffline runs inside the server and sends nothing anywhere;
// ProviderOpenAI is any OpenAI-compatible endpoint (OpenAI, Azure, Mistral, Ollama, vLLM).
const (
	AssistantOffline = "offline"
	AssistantOpenAI  = "openai"
)

// The translation engines: the assistant's OpenAI-compatible endpoint, a LibreTranslate server,
// or the Apertium engine installed on the server (pairs through Spanish).
const (
	TranslateWithAssistant      = "assistant"
	TranslateWithLibreTranslate = "libretranslate"
	TranslateWithApertium       = "apertium"
)

// Translation is a message's text in another language, cached per message and language.
type Translation struct {
	MessageID int64     `json:"message_id"`
	Language  string    `json:"language"` // the translation's
	Source    string    `json:"source"`   // the original's, "" when unknown
	Text      string    `json:"text"`
	Provider  string    `json:"provider"`
	CreatedAt time.Time `json:"created_at"`
	// Original is the message's text the engine translated: SaveTranslation keeps the
	// translation only while the message still has it (not deleted, not edited meanwhile).
	Original string `json:"-"`
}

// SentTranslation is kept on an agent's reply written in their language and sent in the
// customer's (Content.Translation): Text is what the agent wrote, in Language; the message's
// Text is what the customer received.
type SentTranslation struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	Provider string `json:"provider"`
}

// AssistantSettings are the workspace's AI assistance: which provider, which features, and the
// endpoint's health. There is one per workspace; admins change it. The API keys are write-only
// (KeySet, LibreTranslateKeySet say whether there is one). With Provider offline nothing a
// customer wrote leaves the server.
type AssistantSettings struct {
	Provider string `json:"provider"` // AssistantOffline or AssistantOpenAI
	BaseURL  string `json:"base_url"` // the OpenAI-compatible endpoint, like https://api.openai.com/v1
	Model    string `json:"model"`
	// EmbeddingModel, when set, orders the answers a suggested reply draws on by the
	// endpoint's embeddings ("" leaves them to the built-in word search).
	EmbeddingModel string `json:"embedding_model"`
	KeySet         bool   `json:"key_set"`
	// DailyTokenBudget bounds the tokens spent on the endpoint per day (UTC); 0 sets no bound.
	// Past it, the features fall back to the offline analysers until the next day.
	DailyTokenBudget int `json:"daily_token_budget"`
	// Redact replaces emails, phone numbers, card numbers and IBANs before a text is sent out.
	Redact bool `json:"redact"`
	// The features, each off until an admin turns it on.
	Analysis    bool `json:"analysis"`
	Copilot     bool `json:"copilot"`
	Translation bool `json:"translation"`
	// TranslationEngine is TranslateWithAssistant, TranslateWithLibreTranslate or
	// TranslateWithApertium.
	TranslationEngine    string `json:"translation_engine"`
	LibreTranslateURL    string `json:"libretranslate_url"`
	LibreTranslateKeySet bool   `json:"libretranslate_key_set"`
	// ApertiumPairs are the language pairs of the Apertium engine installed on the server
	// (read-only); none when it is not installed.
	ApertiumPairs []string `json:"apertium_pairs"`
	// TokensToday is what the endpoint spent today; LastError, LastErrorAt and LastSuccessAt
	// describe its newest calls, for the admin who set it up. Saving clears them.
	TokensToday   int        `json:"tokens_today"`
	LastError     string     `json:"last_error"`
	LastErrorAt   *time.Time `json:"last_error_at"`
	LastSuccessAt *time.Time `json:"last_success_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// InboxAssistant turns the assistant's features off for one inbox: each true (the default)
// follows the workspace's switch, false keeps that feature away from the inbox.
type InboxAssistant struct {
	Analysis    bool `json:"analysis"`
	Copilot     bool `json:"copilot"`
	Translation bool `json:"translation"`
}

// DefaultInboxAssistant follows the workspace in everything.
var DefaultInboxAssistant = InboxAssistant{Analysis: true, Copilot: true, Translation: true}

// The limits of the assistant's settings.
const (
	MaxAssistantModelLength = 200
	MaxAssistantKeyLength   = 500
	// MaxAssistantTurnText bounds the text of a customer turn the analysis reads (the newest
	// part is kept).
	MaxAssistantTurnText = 8 << 10
)

// AssistantSettingsInput changes the assistant's settings; nil fields stay as they are. APIKey
// and LibreTranslateKey are write-only: "" removes the key. A stored key goes only where it was
// entered for: a change of BaseURL's (LibreTranslateURL's) scheme, host or port while a key is
// stored must give APIKey (LibreTranslateKey) again in the same request, or "" to remove it;
// otherwise an admin could point the URL at a server of their own and read the key from the
// test call. The key is required rather than silently dropped, so that a save never loses one.
type AssistantSettingsInput struct {
	Provider          *string `json:"provider"`
	BaseURL           *string `json:"base_url"`
	Model             *string `json:"model"`
	EmbeddingModel    *string `json:"embedding_model"`
	APIKey            *string `json:"api_key"`
	DailyTokenBudget  *int    `json:"daily_token_budget"`
	Redact            *bool   `json:"redact"`
	Analysis          *bool   `json:"analysis"`
	Copilot           *bool   `json:"copilot"`
	Translation       *bool   `json:"translation"`
	TranslationEngine *string `json:"translation_engine"`
	LibreTranslateURL *string `json:"libretranslate_url"`
	LibreTranslateKey *string `json:"libretranslate_key"`
}

// Validate normalises the fields that are set and checks them against the current settings cur
// as they would be once saved: an OpenAI-compatible provider needs its endpoint's URL and a
// model, LibreTranslate its URL.
func (in *AssistantSettingsInput) Validate(cur *AssistantSettings) error {
	var v Validator
	trim := func(p *string) {
		if p != nil {
			*p = strings.TrimSpace(*p)
		}
	}
	trim(in.Provider)
	trim(in.BaseURL)
	trim(in.Model)
	trim(in.EmbeddingModel)
	trim(in.TranslationEngine)
	trim(in.LibreTranslateURL)
	next := *cur
	if in.Provider != nil {
		next.Provider = *in.Provider
	}
	if in.BaseURL != nil {
		next.BaseURL = strings.TrimRight(*in.BaseURL, "/")
		*in.BaseURL = next.BaseURL
	}
	if in.Model != nil {
		next.Model = *in.Model
	}
	if in.TranslationEngine != nil {
		next.TranslationEngine = *in.TranslationEngine
	}
	if in.LibreTranslateURL != nil {
		next.LibreTranslateURL = *in.LibreTranslateURL
	}
	urlHint := fmt.Sprintf("Enter an absolute http:// or https:// URL of at most %d characters.", MaxWebhookURLLength)
	v.Check(next.Provider == AssistantOffline || next.Provider == AssistantOpenAI, "provider", "Use offline or openai.")
	v.Check(next.BaseURL == "" || validWebhookURL(next.BaseURL), "base_url", urlHint)
	if next.Provider == AssistantOpenAI {
		v.Required(next.BaseURL != "", "base_url", "Enter the endpoint's URL, like https://api.openai.com/v1.")
		v.Required(next.Model != "", "model", "Enter the model's name.")
	}
	if in.Model != nil {
		v.MaxLength(*in.Model, MaxAssistantModelLength, "model")
	}
	if in.EmbeddingModel != nil {
		v.MaxLength(*in.EmbeddingModel, MaxAssistantModelLength, "embedding_model")
	}
	if in.APIKey != nil {
		v.MaxLength(*in.APIKey, MaxAssistantKeyLength, "api_key")
	}
	if in.LibreTranslateKey != nil {
		v.MaxLength(*in.LibreTranslateKey, MaxAssistantKeyLength, "libretranslate_key")
	}
	if in.DailyTokenBudget != nil {
		v.Check(*in.DailyTokenBudget >= 0, "daily_token_budget", "Use 0 (no bound) or more tokens.")
	}
	v.Check(!cur.KeySet || in.APIKey != nil || sameOrigin(cur.BaseURL, next.BaseURL), "api_key",
		"Enter the API key again for the new URL, or clear it.")
	v.Check(!cur.LibreTranslateKeySet || in.LibreTranslateKey != nil || sameOrigin(cur.LibreTranslateURL, next.LibreTranslateURL),
		"libretranslate_key", "Enter the LibreTranslate key again for the new URL, or clear it.")
	v.Check(next.TranslationEngine == TranslateWithAssistant || next.TranslationEngine == TranslateWithLibreTranslate ||
		next.TranslationEngine == TranslateWithApertium, "translation_engine", "Use assistant, libretranslate or apertium.")
	v.Check(next.LibreTranslateURL == "" || validWebhookURL(next.LibreTranslateURL), "libretranslate_url", urlHint)
	if next.TranslationEngine == TranslateWithLibreTranslate {
		v.Required(next.LibreTranslateURL != "", "libretranslate_url", "Enter the LibreTranslate server's URL.")
	}
	in.checkTranslationEngine(next, &v)
	return v.Err()
}

// sameOrigin reports whether two URLs name the same server: scheme, host and port (the scheme's
// default when none is written), the host's case ignored. Two empty URLs are the same.
func sameOrigin(a, b string) bool {
	origin := func(s string) string {
		if s == "" {
			return ""
		}
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		scheme, port := strings.ToLower(u.Scheme), u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[scheme]
		}
		return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
	}
	return origin(a) == origin(b)
}

// checkTranslationEngine refuses translation on with the assistant's endpoint as its engine
// while the provider is offline, which has no endpoint: every translation would fail.
func (in *AssistantSettingsInput) checkTranslationEngine(next AssistantSettings, v *Validator) {
	if in.Translation != nil {
		next.Translation = *in.Translation
	}
	v.Check(!next.Translation || next.TranslationEngine != TranslateWithAssistant || next.Provider == AssistantOpenAI, "translation_engine",
		"The offline assistant does not translate: choose LibreTranslate or Apertium, or an OpenAI-compatible provider.")
}

// AssistantKeys are the assistant's write-only keys in clear, for the system's calls.
type AssistantKeys struct {
	APIKey            string
	LibreTranslateKey string
}

// AssistantFeatures are the workspace's switches as every agent may read them: what the
// interface offers (per inbox, Inbox.Assistant may turn a feature off).
type AssistantFeatures struct {
	Analysis bool `json:"analysis"`
	Copilot  struct {
		Summary bool `json:"summary"`
		Suggest bool `json:"suggest"`
		// Rewrite needs a model: only with the OpenAI-compatible provider.
		Rewrite bool `json:"rewrite"`
	} `json:"copilot"`
	Translation struct {
		Enabled   bool     `json:"enabled"`
		Languages []string `json:"languages"`
	} `json:"translation"`
	// Provider is "offline" or "openai:MODEL".
	Provider string `json:"provider"`
}

// ProviderName is how an output made with the settings names its provider: "offline", or
// "openai:MODEL".
func (s *AssistantSettings) ProviderName() string {
	if s.Provider == AssistantOpenAI {
		return AssistantOpenAI + ":" + s.Model
	}
	return AssistantOffline
}

// Features returns the switches of the settings as agents see them.
func (s *AssistantSettings) Features() *AssistantFeatures {
	f := &AssistantFeatures{Analysis: s.Analysis, Provider: s.ProviderName()}
	f.Copilot.Summary, f.Copilot.Suggest = s.Copilot, s.Copilot
	f.Copilot.Rewrite = s.Copilot && s.Provider == AssistantOpenAI
	f.Translation.Enabled = s.Translation
	f.Translation.Languages = append([]string(nil), AssistantLanguages...)
	return f
}

// TurnMessage is one customer message of the turn the analysis reads.
type TurnMessage struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// AnalysisTurn is what the analysis job reads of a conversation: its current customer turn (the
// customer's messages since the team's last reply, oldest first), the labels it has, its
// priority, the team's labels (the only ones it may suggest), and its inbox's switches as they
// are when the job runs (the inbox may have turned analysis off since the job was queued, or the
// conversation moved to an inbox that did).
type AnalysisTurn struct {
	ConversationID int64
	InboxID        int64
	InboxAssistant InboxAssistant
	Priority       Priority
	Labels         []string
	TeamLabels     []string
	Messages       []TurnMessage
}

// Text returns the turn's text, its messages one a line, at most MaxAssistantTurnText bytes
// (the newest kept).
func (t *AnalysisTurn) Text() string {
	parts := make([]string, len(t.Messages))
	for i, m := range t.Messages {
		parts[i] = m.Text
	}
	s := strings.Join(parts, "\n")
	if len(s) > MaxAssistantTurnText {
		s = strings.ToValidUTF8(s[len(s)-MaxAssistantTurnText:], "")
	}
	return s
}

// LabelledText is a conversation's customer text and its labels: the label model's training
// data.
type LabelledText struct {
	Text   string
	Labels []string
}

// AssistantStore is what the assistant needs of the store. Admins read and change the
// settings; every agent reads the features; the rest is the system's (the jobs).
type AssistantStore interface {
	// FindAssistantSettings returns the settings (admins only); never the keys.
	FindAssistantSettings(ctx context.Context) (*AssistantSettings, error)
	// SetAssistantSettings changes them (admins only) and clears the recorded health.
	SetAssistantSettings(ctx context.Context, in *AssistantSettingsInput) (*AssistantSettings, error)
	// FindAssistantFeatures returns the switches (any agent).
	FindAssistantFeatures(ctx context.Context) (*AssistantFeatures, error)
	// AssistantConfig returns the settings with the keys in clear (system only).
	AssistantConfig(ctx context.Context) (*AssistantSettings, AssistantKeys, error)
	// RecordAssistantCall adds tokens to today's (UTC) usage and records a call's outcome:
	// errText "" for a success (system only).
	RecordAssistantCall(ctx context.Context, tokens int, errText string) error
	// FindAnalysisTurn reads a conversation's current customer turn and its inbox's switches
	// (system only); a turn with no messages when the team spoke last or when the inbox keeps
	// analysis away.
	FindAnalysisTurn(ctx context.Context, conversationID int64) (*AnalysisTurn, error)
	// SaveAnalysis posts or updates the private note of the conversation's current customer
	// turn and sets the conversation's and the turn's messages' readings (system only). It
	// returns the note.
	SaveAnalysis(ctx context.Context, conversationID int64, a *Analysis) (*Message, error)
	// LabelTrainingData returns the customer text of the newest labelled conversations, at most
	// limit (system only).
	LabelTrainingData(ctx context.Context, limit int) ([]LabelledText, error)
	// SaveAssistantModel stores a trained model by name; AssistantModel loads it (nil when none)
	// with when it was trained (system only).
	SaveAssistantModel(ctx context.Context, name string, model []byte) error
	AssistantModel(ctx context.Context, name string) ([]byte, time.Time, error)
}

// EventConversationAnalysed: the assistant analysed a conversation's customer turn (data:
// conversation_id and the Analysis).
const EventConversationAnalysed EventType = "conversation.analysed"

// TriggerAnalysed: a rule runs when the assistant analysed a customer turn (its conditions see
// the conversation's sentiment, urgency and language).
const TriggerAnalysed RuleTriggerEvent = "analysed"

// The assistant's jobs: the analysis of a conversation's customer turn (one live job per
// conversation), and the retraining of the label model (one live job).
const (
	JobAnalyseTurn  = "analyse_turn"
	JobTrainLabels  = "train_labels"
	LabelModelName  = "labels"
	TrainLabelsKey  = "train:labels"
	AnalysisJobKeyF = "analyse:%d"
)

// AnalyseTurnArgs are the arguments of a JobAnalyseTurn job.
type AnalyseTurnArgs struct {
	ConversationID int64 `json:"conversation_id"`
}

// TrainLabelsArgs are the arguments of a JobTrainLabels job (none).
type TrainLabelsArgs struct{}

// AssistantTestResult is the outcome of a tiny call to the configured endpoint (and to
// LibreTranslate when it is the translation engine): OK, or Error saying why not.
type AssistantTestResult struct {
	OK       bool   `json:"ok"`
	Provider string `json:"provider"`
	Model    string `json:"model"`
	Error    string `json:"error"`
}

// AssistantTester tries the configured endpoint for the admin who set it up; with the offline
// provider nothing is called and the answer is ok.
type AssistantTester interface {
	TestAssistant(ctx context.Context) (*AssistantTestResult, error)
}
