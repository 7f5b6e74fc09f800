package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestFieldCodes checks that the field errors agents meet in forms carry a stable code (with the
// numbers their message names) beside the English message, for the UI to translate.
func TestFieldCodes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		fc := func(code string, min, max int) switchboard.FieldCode {
			return switchboard.FieldCode{Code: code, Min: min, Max: max}
		}
		cases := []struct {
			name   string
			c      *client
			method string
			path   string
			body   any
			status int
			code   string
			field  string
			want   switchboard.FieldCode
		}{
			{"password too short", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "short"},
				400, switchboard.EINVALID, "password", fc(switchboard.FieldTooShort, 10, 0)},
			{"password common", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "password2024!"},
				400, switchboard.EINVALID, "password", fc(switchboard.FieldPasswordCommon, 0, 0)},
			{"password repetitive", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "qwertyuiop"},
				400, switchboard.EINVALID, "password", fc(switchboard.FieldPasswordRepetitive, 0, 0)},
			{"password personal", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "ann@team.test"},
				400, switchboard.EINVALID, "password", fc(switchboard.FieldPasswordPersonal, 0, 0)},
			{"password too long", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": strings.Repeat("long password ", 6)},
				400, switchboard.EINVALID, "password", fc(switchboard.FieldPasswordTooLong, 0, 72)},
			{"wrong current password", w.ann, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": "not it at all", "password": "a brand new secret"},
				400, switchboard.EINVALID, "current_password", fc(switchboard.FieldWrongPassword, 0, 0)},
			{"empty name", w.ann, "PATCH", "/api/v1/auth/me", map[string]string{"name": " "},
				400, switchboard.EINVALID, "name", fc(switchboard.FieldLength, 1, 200)},
			{"long signature", w.ann, "PATCH", "/api/v1/auth/me", map[string]string{"signature": strings.Repeat("x", 2001)},
				400, switchboard.EINVALID, "signature", fc(switchboard.FieldTooLong, 0, 2000)},
			{"label name required", w.admin, "POST", "/api/v1/labels", map[string]string{"color": "#1f883d"},
				400, switchboard.EINVALID, "name", fc(switchboard.FieldRequired, 0, 0)},
			{"team name taken", w.admin, "POST", "/api/v1/teams", map[string]any{"name": "Tier 1"},
				409, switchboard.ECONFLICT, "name", fc(switchboard.FieldTaken, 0, 0)},
			{"agent email", w.admin, "POST", "/api/v1/agents", map[string]string{"name": "X", "email": "not an address", "password": "a brand new secret"},
				400, switchboard.EINVALID, "email", fc(switchboard.FieldEmail, 0, 0)},
			{"sign-in email required", w.a.client(), "POST", "/api/v1/auth/login", map[string]string{"password": "x"},
				400, switchboard.EINVALID, "email", fc(switchboard.FieldRequired, 0, 0)},
			{"new conversation without an inbox", w.admin, "POST", "/api/v1/conversations", map[string]any{"to": "+15550001234", "text": "Hello"},
				400, switchboard.EINVALID, "inbox_id", fc(switchboard.FieldRequired, 0, 0)},
			{"new conversation's long subject", w.admin, "POST", "/api/v1/conversations", map[string]any{"inbox_id": 1, "to": "a@b.test", "text": "Hi", "subject": strings.Repeat("s", 501)},
				400, switchboard.EINVALID, "subject", fc(switchboard.FieldTooLong, 0, 500)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e := c.c.do(c.method, c.path, c.body).wantError(c.status, c.code)
				if e.Error.Fields[c.field] == "" {
					t.Errorf("no English message for %s: fields %v", c.field, e.Error.Fields)
				}
				if diff := cmp.Diff(c.want, e.Error.FieldCodes[c.field]); diff != "" {
					t.Errorf("field_codes[%s] (-want +got):\n%s", c.field, diff)
				}
			})
		}
		// A rule without a code still names the field, in English only.
		e := w.admin.do("POST", "/api/v1/labels", map[string]string{"name": "ok", "color": "red"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["color"] == "" || e.Error.FieldCodes["color"].Code != "" {
			t.Errorf("colour: fields %v, codes %v", e.Error.Fields, e.Error.FieldCodes)
		}
	})
}
