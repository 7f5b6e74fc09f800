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

// TestAssistant makes one tiny call to the configured endpoint: its model list, or a one-token
// chat when the client cannot list. With the offline provider nothing is called. The outcome is
// recorded in the settings' health. The caller checks that an admin asks.
func (s *Service) TestAssistant(ctx context.Context) (*switchboard.AssistantTestResult, error) {
	sys := switchboard.NewSystemContext(ctx)
	settings, keys, err := s.Store.AssistantConfig(sys)
	if err != nil {
		return nil, err
	}
	out := &switchboard.AssistantTestResult{Provider: settings.Provider, Model: settings.Model}
	if settings.Provider != switchboard.AssistantOpenAI {
		out.OK = true
		return out, nil
	}
	if s.NewChatter == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server cannot call an AI endpoint.")
	}
	chat := s.NewChatter(settings, keys.APIKey, s.HTTP(testTimeout))
	cctx, cancel := context.WithTimeout(ctx, 2*testTimeout)
	defer cancel()
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
		out.Error = errText
	}
	out.OK = err == nil
	if rerr := s.Store.RecordAssistantCall(sys, tokens, errText); rerr != nil {
		return nil, rerr
	}
	return out, nil
}
