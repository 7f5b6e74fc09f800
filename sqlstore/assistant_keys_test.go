package sqlstore_test

import (
	"errors"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAssistantKeysFollowTheirURL: while a key is stored, a change of its URL's scheme, host or
// port must give the key again (or "" to remove it) in the same request, for both the endpoint's
// key and LibreTranslate's; otherwise an admin could send the stored key to a server of their own.
// A change of the path or of the host's case keeps the key.
func TestAssistantKeysFollowTheirURL(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Provider: ptr("openai"),
			BaseURL: ptr("https://api.openai.com/v1"), Model: ptr("gpt"), APIKey: ptr("sk-1"),
			TranslationEngine: ptr("libretranslate"), LibreTranslateURL: ptr("https://lt.example.com"), LibreTranslateKey: ptr("lt-1")}); err != nil {
			t.Fatal(err)
		}
		keys := func() switchboard.AssistantKeys {
			t.Helper()
			_, k, err := db.AssistantConfig(w.sys)
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
		refused := func(in *switchboard.AssistantSettingsInput, field string) {
			t.Helper()
			_, err := db.SetAssistantSettings(w.adminCtx, in)
			var e *switchboard.Error
			if !errors.As(err, &e) || e.Code != switchboard.EINVALID || e.Fields[field] == "" {
				t.Fatalf("change %+v: %v, want %s refused", in, err, field)
			}
		}
		for _, u := range []string{"https://evil.example/v1", "http://api.openai.com/v1", "https://api.openai.com:8443/v1", ""} {
			refused(&switchboard.AssistantSettingsInput{Provider: ptr("offline"), BaseURL: ptr(u)}, "api_key")
		}
		for _, u := range []string{"https://evil.example", "https://lt.example.com:444", ""} {
			refused(&switchboard.AssistantSettingsInput{TranslationEngine: ptr("assistant"), LibreTranslateURL: ptr(u)}, "libretranslate_key")
		}
		s, _ := db.FindAssistantSettings(w.adminCtx)
		if k := keys(); s.BaseURL != "https://api.openai.com/v1" || s.LibreTranslateURL != "https://lt.example.com" || k.APIKey != "sk-1" || k.LibreTranslateKey != "lt-1" {
			t.Fatalf("a refused change wrote: %+v, %+v", s, k)
		}
		// The same server: the keys stay.
		s, err := db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{BaseURL: ptr("https://API.openai.com:443/v2"),
			LibreTranslateURL: ptr("https://lt.example.com/translate")})
		if k := keys(); err != nil || !s.KeySet || !s.LibreTranslateKeySet || k.APIKey != "sk-1" || k.LibreTranslateKey != "lt-1" {
			t.Fatalf("same servers: %+v, %v, %+v", s, err, k)
		}
		// Another server with the key given again, or removed.
		if _, err := db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{BaseURL: ptr("http://127.0.0.1:11434/v1"),
			APIKey: ptr("sk-2"), LibreTranslateURL: ptr("https://lt2.example.com"), LibreTranslateKey: ptr("")}); err != nil {
			t.Fatal(err)
		}
		s, _ = db.FindAssistantSettings(w.adminCtx)
		if k := keys(); s.BaseURL != "http://127.0.0.1:11434/v1" || k.APIKey != "sk-2" || s.LibreTranslateKeySet || k.LibreTranslateKey != "" {
			t.Fatalf("after moving the keys: %+v, %+v", s, k)
		}
		// With no key stored, a URL moves freely.
		if _, err := db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{LibreTranslateURL: ptr("https://lt3.example.com")}); err != nil {
			t.Fatal(err)
		}
	})
}
