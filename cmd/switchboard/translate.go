package main

import (
	"log/slog"

	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/assistant/apertium"
	"github.com/switchboardhq/switchboard/assistant/libretranslate"
	"github.com/switchboardhq/switchboard/assistant/offline"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// translations translates messages and drafts with the engine the assistant's settings choose:
// the assistant's endpoint, a LibreTranslate server reached through the egress policy (or the
// test's client), or Apertium when it is installed on this machine.
func (m *Main) translations(db *sqlstore.DB, log *slog.Logger, cfg *Config) *assistant.Translations {
	engines := assistant.Engines{LibreTranslate: func(url, key string) assistant.Translator {
		hc := m.Client
		if hc == nil {
			hc = cfg.Egress.Client(libretranslate.DefaultTimeout)
		}
		return &libretranslate.Client{URL: url, APIKey: key, HTTP: hc}
	}}
	if ap := (&apertium.Engine{}); ap.Available() {
		engines.Apertium = ap
	}
	return &assistant.Translations{Store: db, Conversations: db, Inboxes: db, Assistant: m.assistant(db, log, cfg), Engines: engines, Log: log,
		Detect: func(text string) string { lang, _ := offline.DetectLanguage(text); return lang }}
}

// apertiumPairs lists the pairs of the Apertium engine installed on this machine; none when it
// is not.
func apertiumPairs() []string {
	ap := &apertium.Engine{}
	if !ap.Available() {
		return nil
	}
	return ap.Pairs()
}

// copilot is the composer's copilot over the store and the assistant's endpoint.
func (m *Main) copilot(db *sqlstore.DB, log *slog.Logger, cfg *Config) *assistant.Copilot {
	return &assistant.Copilot{Conversations: db, Messages: db, Inboxes: db, Canned: db, Answers: db, Assistant: m.assistant(db, log, cfg)}
}
