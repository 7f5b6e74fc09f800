package assistant

import (
	"context"
	"time"

	"github.com/switchboardhq/switchboard"
)

// modelLister is the part of a client that lists the endpoint's models: the cheapest call that
// proves the URL and the key (package openai's Client has it).
type modelLister interface {
	Models(ctx context.Context) ([]string, error)
}

// testTimeout bounds an admin's test of the endpoint.
const testTimeout = 15 * time.Second

// TestAssistant makes one tiny call to the configured endpoint (its model list, or a one-token
// chat when the client cannot list), and one to LibreTranslate when it is the translation
// engine. With the offline provider no model is called. The endpoint's outcome is recorded in
// the settings' health. The caller checks that an admin asks.
func (s *Service) TestAssistant(ctx context.Context) (*switchboard.AssistantTestResult, error) {
	sys := switchboard.NewSystemContext(ctx)
	settings, keys, err := s.Store.AssistantConfig(sys)
	if err != nil {
		return nil, err
	}
	out := &switchboard.AssistantTestResult{OK: true, Provider: settings.Provider, Model: settings.Model}
	cctx, cancel := context.WithTimeout(ctx, 2*testTimeout)
	defer cancel()
	if settings.Provider == switchboard.AssistantOpenAI {
		if s.NewChatter == nil {
			return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server cannot call an AI endpoint.")
		}
		chat := s.NewChatter(settings, keys.APIKey, s.HTTP(testTimeout))
		tokens := 0
		if l, ok := chat.(modelLister); ok {
			_, err = l.Models(cctx)
		} else {
			var res ChatResult
			res, err = chat.Chat(cctx, ChatRequest{Messages: []ChatMessage{{Role: "user", Content: "Say OK."}}, MaxTokens: 1}, nil)
			tokens = res.Usage.TotalTokens
		}
		errText := ""
		if err != nil {
			errText = err.Error()
			out.OK, out.Error = false, errText
		}
		if rerr := s.Store.RecordAssistantCall(sys, tokens, errText); rerr != nil {
			return nil, rerr
		}
	}
	if out.OK && settings.TranslationEngine == switchboard.TranslateWithLibreTranslate && settings.LibreTranslateURL != "" && s.CheckLibreTranslate != nil {
		if err := s.CheckLibreTranslate(cctx, settings.LibreTranslateURL, keys.LibreTranslateKey, s.HTTP(testTimeout)); err != nil {
			out.OK, out.Error = false, "LibreTranslate: "+err.Error()
		}
	}
	return out, nil
}
