package switchboard

import (
	"context"
	"strings"
)

// Translation and the copilot, as the store keeps and reads them for the assistant (package
// assistant decides; the store persists and answers with the acting agent's visibility).

// TranslationService keeps the translations of messages, one per message and language, so a
// message is translated by an engine once. It answers only about messages of conversations the
// acting agent may see (ENOTFOUND otherwise), like reading the thread.
type TranslationService interface {
	// FindTranslations lists the cached translations into language of a conversation's messages.
	FindTranslations(ctx context.Context, conversationID int64, language string) ([]*Translation, error)
	// FindTranslation returns the message (a visible one: ENOTFOUND otherwise) and its cached
	// translation into language, nil when there is none yet.
	FindTranslation(ctx context.Context, messageID int64, language string) (*Message, *Translation, error)
	// SaveTranslation caches a translation of a visible message; when one for the same message
	// and language was saved meanwhile, that one is kept and answered.
	SaveTranslation(ctx context.Context, t *Translation) (*Translation, error)
	// TranslationOn reports whether the workspace translates; it is remembered between
	// configuration changes, so it costs a lookup.
	TranslationOn(ctx context.Context) (bool, error)
}

// ResolvedAnswer is what closed a past conversation: what the customer wrote and the team's last
// reply before it was resolved. The copilot retrieves answers to similar questions from them.
type ResolvedAnswer struct {
	ConversationID int64
	InboxID        int64
	// Question is the customer's text in it (their messages, oldest first, bounded).
	Question string
	// Answer is the agent's final reply.
	Answer string
}

// CopilotSource is what the copilot reads besides the thread: the answers of resolved
// conversations in the inboxes the acting agent may see, newest first, at most limit.
type CopilotSource interface {
	FindResolvedAnswers(ctx context.Context, limit int) ([]*ResolvedAnswer, error)
}

// ValidLanguage reports whether s looks like an ISO 639-1 code: two lower-case letters.
func ValidLanguage(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

// Validate checks what an agent says they wrote before it was translated, field "translation".
func (t *SentTranslation) Validate(v *Validator) {
	t.Language = strings.ToLower(strings.TrimSpace(t.Language))
	v.Check(ValidLanguage(t.Language), "translation.language", "Name the language as two letters, like es.")
	v.Check(strings.TrimSpace(t.Text) != "", "translation.text", "Keep the text you wrote.")
	v.CheckCode(len(t.Text) <= MaxTextLength, "translation.text", FieldCode{Code: FieldTooLong, Max: MaxTextLength}, "The text is too long.")
	v.Check(!strings.ContainsRune(t.Text, 0), "translation.text", "The text holds a NUL character.")
	v.Check(t.Provider != "" && len(t.Provider) <= 200, "translation.provider", "Say which provider translated it.")
}

// Validate checks the mark of a reply the copilot drafted, field "ai".
func (a *AIOrigin) Validate(v *Validator) {
	v.Check(a.Feature == AISuggestion || a.Feature == AIRewrite || a.Feature == AISummary, "ai.feature",
		"The feature must be suggestion, rewrite or summary.")
	v.Check(a.Provider != "" && len(a.Provider) <= 200, "ai.provider", "Say which provider made it.")
}
