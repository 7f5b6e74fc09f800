package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/assistant/libretranslate"
	"github.com/switchboardhq/switchboard/assistant/openai"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// assistant returns the process's AI assistance (one per Main, shared by the job runner and the
// API): its endpoint is reached through the egress policy, or the test's client.
func (m *Main) assistant(db *sqlstore.DB, log *slog.Logger, cfg *Config) *assistant.Service {
	m.assistantOnce.Do(func() {
		m.assistantSvc = &assistant.Service{Store: db, Log: log,
			HTTP: func(timeout time.Duration) *http.Client {
				if m.Client != nil {
					return m.Client
				}
				return cfg.Egress.Client(timeout)
			},
			NewChatter: openAIChatter, CheckLibreTranslate: checkLibreTranslate}
	})
	return m.assistantSvc
}

// openAIChatter is the OpenAI-compatible client of the workspace's settings.
func openAIChatter(s *switchboard.AssistantSettings, key string, client *http.Client) assistant.Chatter {
	return &openai.Client{BaseURL: s.BaseURL, APIKey: key, Model: s.Model, EmbeddingModel: s.EmbeddingModel, HTTP: client}
}

// checkLibreTranslate has a LibreTranslate server translate one word, the admin's test: its
// language list would not prove the key, which the server does not ask for there.
func checkLibreTranslate(ctx context.Context, url, key string, client *http.Client) error {
	_, err := (&libretranslate.Client{URL: url, APIKey: key, HTTP: client, MaxAttempts: 1}).Translate(ctx, "hello", "en", "es")
	return err
}
