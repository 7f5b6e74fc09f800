package switchboard

import "time"

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
	Provider       string `json:"provider"` // AssistantOffline or AssistantOpenAI
	BaseURL        string `json:"base_url"` // the OpenAI-compatible endpoint, like https://api.openai.com/v1
	Model          string `json:"model"`
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
