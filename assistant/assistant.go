// Package assistant holds Switchboard's AI assistance: the analysis of customers' turns, the
// copilot of the composer and translation, over two kinds of provider — the built-in offline
// analysers (package assistant/offline), which send nothing anywhere, and any OpenAI-compatible
// endpoint (package assistant/openai) — and the translation engines (LibreTranslate, Apertium).
// It runs in jobs and on agents' requests, never on the ingest path.
package assistant

import "context"

// ChatMessage is one message of a chat completion's conversation: role system, user or
// assistant.
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	// Own marks the agent's own text (a draft to rewrite or translate): with redaction on, its
	// card numbers and IBANs are put back into the answer too (see offline.Redaction).
	Own bool `json:"-"`
}

// ChatRequest asks a model for a completion.
type ChatRequest struct {
	Messages []ChatMessage
	// MaxTokens bounds the answer; 0 leaves it to the endpoint.
	MaxTokens int
	// JSON asks for a JSON object as the answer (response_format json_object).
	JSON bool
	// Temperature, when set, overrides the endpoint's default.
	Temperature *float64
}

// Usage is what a call spent, as the endpoint counted it: the daily token budget is kept from it.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// ChatResult is a finished completion, or with an error what a call that failed midway got
// and spent (the budget counts it).
type ChatResult struct {
	Text  string
	Usage Usage
}

// Chatter completes chats: the OpenAI-compatible client. With onDelta set the answer is streamed
// and onDelta receives each piece as it comes (an error from onDelta stops the stream and is
// returned); the result holds the whole text either way. A call that fails after the endpoint
// took it returns, with the error, the text received so far and its usage.
type Chatter interface {
	Chat(ctx context.Context, req ChatRequest, onDelta func(string) error) (ChatResult, error)
}

// Embedder turns texts into vectors (the OpenAI-compatible /embeddings), one per text, in order.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, Usage, error)
}

// Translator translates a text between two languages (ISO 639-1 codes). from may be "" when
// the engine can tell the language itself.
type Translator interface {
	Translate(ctx context.Context, text, from, to string) (string, error)
}
