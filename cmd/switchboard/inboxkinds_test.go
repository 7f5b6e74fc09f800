package main

import (
	"strings"
	"testing"
)

// TestInboxKindsWithoutConnector: this build's server refuses an inbox of a kind it has no
// connector for, with a reason naming the kinds that work.
func TestInboxKindsWithoutConnector(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir()})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	for _, kind := range []string{"rcs", "telegram"} {
		var refusal struct {
			Error struct{ Fields map[string]string }
		}
		a.do("POST", "/api/v1/inboxes", obj{"kind": kind, "name": kind}, 400, &refusal)
		if f := refusal.Error.Fields["kind"]; !strings.Contains(f, "whatsapp") || !strings.Contains(f, "messenger") || !strings.Contains(f, "instagram") || !strings.Contains(f, "email") || strings.Contains(f, kind) {
			t.Errorf("%s: the refusal says %q", kind, f)
		}
	}
}
