package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// translationRoutes translate messages of conversations an agent may see, kept per message and
// language, and agents' drafts into the customer's language, with the engine the assistant's
// settings choose (its OpenAI-compatible endpoint, LibreTranslate or Apertium).
func (s *Server) translationRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations/{id}/translations", OperationID: "listTranslations", Tag: "messages",
			Summary:     "The kept translations of a conversation's messages",
			Description: "For agents who can see the conversation: the translations into language already made, by message. No engine is called.",
			Query:       []Param{{Name: "language", Type: "string", Required: true, Description: "The language of the translations, two letters (it)."}},
			Response:    typeOf[list[*switchboard.Translation]](), handler: s.listTranslations},
		{Method: "POST", Path: "/api/v1/messages/{id}/translation", OperationID: "translateMessage", Tag: "messages",
			Summary: "Translate a message",
			Description: "For agents who can see the message, with translation on for the workspace (409 otherwise) and its inbox (403). " +
				"The kept translation when there is one; else the engine translates it, once: the translation is kept for the message and language " +
				"and whoever asks next reads it; agents asking at once share one engine call. 400 when the message is already in that language, " +
				"has no text (deleted) or is too long to translate; 409 when it was deleted or edited while the engine worked; " +
				"503 when the engine cannot be reached (the server's log says why).",
			Request: typeOf[translateInput](), Response: typeOf[switchboard.Translation](),
			MaxBody: smallBody, handler: s.translateMessage},
		{Method: "POST", Path: "/api/v1/conversations/{id}/translate-draft", OperationID: "translateDraft", Tag: "messages",
			Summary: "Translate a draft into the customer's language",
			Description: "The agent's text in language, to check before sending: nothing is sent or kept. Send it as the reply's text with " +
				"translation {language: the draft's, text: what the agent wrote, provider} so the thread shows both. Same conditions as translating a message.",
			Request: typeOf[draftInput](), Response: typeOf[switchboard.DraftTranslation](),
			MaxBody: smallBody, handler: s.translateDraft},
	}
}

// smallBody bounds the body of the assistant's requests: a draft and a few fields.
func smallBody(*Server) int64 { return 128 << 10 }

// translateInput names the language a message is translated into.
type translateInput struct {
	Language string `json:"language"`
}

// draftInput is a draft to translate, and into which language.
type draftInput struct {
	Text     string `json:"text"`
	Language string `json:"language"`
}

// translator answers 503 when the server has no translation.
func (s *Server) translator() (switchboard.TranslateService, error) {
	if s.Translate == nil || s.Translations == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not translate.")
	}
	return s.Translate, nil
}

// languageDetector is a TranslateService that tells a text's language on this machine
// (assistant.Translations, with the offline detector): nothing is sent anywhere.
type languageDetector interface {
	DetectLanguage(text string) string
}

// fillLanguages gives the customer's messages the analysis did not read (analysis off, or
// messages older than it) the language they are in, read on this machine as the thread is read,
// so that the thread offers their translation. Nothing is stored; a server or a workspace that
// does not translate leaves them as they are, and pays nothing more for the thread.
func (s *Server) fillLanguages(ctx context.Context, msgs []*switchboard.Message) error {
	d, ok := s.Translate.(languageDetector)
	if !ok || s.Translations == nil {
		return nil
	}
	if on, err := s.Translations.TranslationOn(ctx); err != nil || !on {
		return err
	}
	for _, m := range msgs {
		if m.Language == "" && m.Direction == switchboard.DirectionIncoming && m.DeletedAt == nil && m.Kind != switchboard.KindActivity {
			m.Language = d.DetectLanguage(m.Text)
		}
	}
	return nil
}

func (s *Server) listTranslations(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.translator(); err != nil {
		return err
	}
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	lang := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("language")))
	if !switchboard.ValidLanguage(lang) {
		return invalid("Name the language as two letters, like it.", map[string]string{"language": "Use two letters, like it."})
	}
	out, err := s.Translations.FindTranslations(r.Context(), id, lang)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(out))
}

func (s *Server) translateMessage(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.translator()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	var in translateInput
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := tr.TranslateMessage(r.Context(), id, in.Language)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) translateDraft(w http.ResponseWriter, r *http.Request) error {
	tr, err := s.translator()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in draftInput
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := tr.TranslateDraft(r.Context(), id, in.Text, in.Language)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
