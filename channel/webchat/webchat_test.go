package webchat_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/webchat"
)

func TestSettings(t *testing.T) {
	c := &webchat.Connector{}
	for _, tc := range []struct {
		settings string
		bad      string // the field refused, "" when valid
	}{
		{`{"allowed_origins":["https://shop.example.com"]}`, ""},
		{`{"allowed_origins":["https://Shop.Example.com/","http://localhost:5173","http://127.0.0.1:8000"],"color":"#1F6FEB","position":"left","language":"it"}`, ""},
		{`{}`, "settings.allowed_origins"},
		{`{"allowed_origins":["http://shop.example.com"]}`, "settings.allowed_origins"},
		{`{"allowed_origins":["https://shop.example.com/path"]}`, "settings.allowed_origins"},
		{`{"allowed_origins":["https://user@shop.example.com"]}`, "settings.allowed_origins"},
		{`{"allowed_origins":["*"]}`, "settings.allowed_origins"},
		{`{"allowed_origins":["https://a.test"],"color":"red"}`, "settings.color"},
		{`{"allowed_origins":["https://a.test"],"position":"top"}`, "settings.position"},
		{`{"allowed_origins":["https://a.test"],"language":"de"}`, "settings.language"},
		{`{"allowed_origins":"https://a.test"}`, "settings"},
	} {
		checkSettings(t, c, tc.settings, tc.bad)
	}
	s, _ := webchat.Decode(json.RawMessage(`{"allowed_origins":["https://Shop.Example.com/"]}`))
	if s.AllowedOrigins[0] != "https://shop.example.com" {
		t.Errorf("origins are compared as browsers send them: %q", s.AllowedOrigins[0])
	}
}

func asError(err error, e **switchboard.Error) bool {
	v, ok := err.(*switchboard.Error)
	*e = v
	return ok
}

func TestUserHash(t *testing.T) {
	// HMAC-SHA256("secret", "42"), as docs/channels.md's Python example computes it.
	const want = "93c121e7aa437a1e01e3c512c6f0ce3c821a839025dca4408f85616de4aaee70"
	got := switchboard.UserHash("secret", "42")
	if got != want {
		t.Fatalf("hash %q, want %q", got, want)
	}
	if !switchboard.VerifyUserHash("secret", "42", got) || !switchboard.VerifyUserHash("secret", "42", " "+got+" ") {
		t.Error("a valid hash does not verify")
	}
	for _, c := range [][3]string{{"secret", "43", got}, {"other", "42", got}, {"", "42", switchboard.UserHash("", "42")}, {"secret", "", switchboard.UserHash("secret", "")}, {"secret", "42", got[:63]}} {
		if switchboard.VerifyUserHash(c[0], c[1], c[2]) {
			t.Errorf("verifies: %q", c)
		}
	}
}
