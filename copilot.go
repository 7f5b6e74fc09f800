package switchboard

import (
	"context"
	"strings"
)

// The copilot of the composer (package assistant makes it): a summary of the conversation, a
// suggested reply, a rewrite of the agent's draft. It answers the agent who asked, piece by
// piece; it never writes to the conversation, and what it makes reaches the customer only when
// the agent sends it (the reply then carries MessageCreate.AI).

// The copilot's actions.
const (
	CopilotSummary = "summary"
	CopilotSuggest = "suggest"
	CopilotRewrite = "rewrite"
)

// RewriteStyles are how a rewrite may change a draft.
var RewriteStyles = []string{"shorter", "friendlier", "formal", "grammar"}

// MaxCopilotDraft is the longest draft a rewrite takes, in bytes.
const MaxCopilotDraft = 16 << 10

// CopilotRequest is what an agent asks of the copilot.
type CopilotRequest struct {
	Action string `json:"action"` // summary, suggest or rewrite
	Style  string `json:"style"`  // for a rewrite: shorter, friendlier, formal or grammar
	Draft  string `json:"draft"`  // for a rewrite: the agent's draft
}

// Validate checks the request.
func (r *CopilotRequest) Validate() error {
	var v Validator
	v.Check(r.Action == CopilotSummary || r.Action == CopilotSuggest || r.Action == CopilotRewrite, "action", "Use summary, suggest or rewrite.")
	if r.Action == CopilotRewrite {
		ok := false
		for _, s := range RewriteStyles {
			ok = ok || s == r.Style
		}
		v.Check(ok, "style", "Use shorter, friendlier, formal or grammar.")
		v.Required(strings.TrimSpace(r.Draft) != "", "draft", "Write a draft to rewrite.")
	}
	v.CheckCode(len(r.Draft) <= MaxCopilotDraft, "draft", FieldCode{Code: FieldTooLong, Max: MaxCopilotDraft}, "The draft is too long.")
	v.Check(!strings.ContainsRune(r.Draft, 0), "draft", "The draft holds a NUL character.")
	return v.Err()
}

// CopilotSuggestion is an answer the offline copilot retrieved: the final reply of a resolved
// conversation like this one, or a canned response.
type CopilotSuggestion struct {
	Text   string `json:"text"`
	Source string `json:"source"` // resolved or canned
	Title  string `json:"title"`
}

// The sources of offline suggestions.
const (
	SuggestionResolved = "resolved"
	SuggestionCanned   = "canned"
)

// CopilotDone ends a copilot's answer: which provider made it ("offline", "openai:MODEL") for
// which feature (summary, suggestion or rewrite), as the reply's AI mark names them.
type CopilotDone struct {
	Provider string `json:"provider"`
	Feature  string `json:"feature"`
}

// CopilotEmitter receives a copilot's answer as it comes: pieces of text (Delta), retrieved
// answers (Suggestion). An error stops the answer (the agent went away).
type CopilotEmitter interface {
	Delta(text string) error
	Suggestion(s CopilotSuggestion) error
}

// CopilotRun is a copilot request that passed every check, ready to answer.
type CopilotRun interface {
	// Stream makes the answer, handing it to out as it comes, and says what made it.
	Stream(ctx context.Context, out CopilotEmitter) (*CopilotDone, error)
}

// CopilotService answers agents' requests in the composer. StartCopilot makes every check (the
// conversation visible to the agent, the copilot on for the workspace — ECONFLICT — and the
// inbox — EFORBIDDEN —, the action possible with the provider) before anything is answered.
type CopilotService interface {
	StartCopilot(ctx context.Context, conversationID int64, req *CopilotRequest) (CopilotRun, error)
}

// DraftTranslation is an agent's draft translated into the customer's language, for the agent
// to check and send (nothing is sent or kept).
type DraftTranslation struct {
	Text     string `json:"text"`
	Language string `json:"language"`
	// Source is the draft's language, "" when unknown.
	Source   string `json:"source"`
	Provider string `json:"provider"`
}

// TranslateService translates, with the engine the assistant's settings choose, the messages
// of conversations the agent may see (kept per message and language: an engine translates a
// message once) and agents' drafts.
type TranslateService interface {
	TranslateMessage(ctx context.Context, messageID int64, language string) (*Translation, error)
	TranslateDraft(ctx context.Context, conversationID int64, text, language string) (*DraftTranslation, error)
}
