package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestChangeOwnPassword(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		elsewhere := w.a.login("ann@team.test")
		var tok struct{ Secret string }
		w.ann.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "script"}).want(http.StatusCreated).into(&tok)
		script := w.a.withToken(tok.Secret)
		script.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)

		// The current password is required, and must be right.
		e := w.ann.do("PUT", "/api/v1/auth/me/password", map[string]string{"password": "a brand new secret"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["current_password"] == "" {
			t.Errorf("no current password: fields %v", e.Error.Fields)
		}
		// The new one must pass the policy; a common one, or one over 72 bytes, is named.
		for _, bad := range []string{"password2024!", "qwertyuiop", strings.Repeat("long password ", 6)} {
			e := w.ann.do("PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": bad}).
				wantError(http.StatusBadRequest, switchboard.EINVALID)
			if e.Error.Fields["password"] == "" {
				t.Errorf("new password %q: fields %v", bad, e.Error.Fields)
			}
		}
		elsewhere.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)

		w.ann.do("PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "a brand new secret"}).
			want(http.StatusNoContent)
		// This session stays; the other session and the token end at once.
		w.ann.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)
		elsewhere.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		script.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		w.a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ann@team.test", "password": password}).
			wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		w.a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ann@team.test", "password": "a brand new secret"}).
			want(http.StatusOK)
		// Other agents are untouched.
		w.bob.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)
	})
}

func TestAdminResetsPassword(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var tok struct{ Secret string }
		w.ann.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "script"}).want(http.StatusCreated).into(&tok)
		script := w.a.withToken(tok.Secret)
		script.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)
		reset := fmt.Sprintf("/api/v1/agents/%d/password", w.ann.agent.ID)

		// Over bcrypt's 72 bytes is a field error, not a 500; so on creating an agent.
		e := w.admin.do("PUT", reset, map[string]string{"password": strings.Repeat("long password ", 6)}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		if !strings.Contains(e.Error.Fields["password"], "72 bytes") {
			t.Errorf("fields %v", e.Error.Fields)
		}
		w.admin.do("POST", "/api/v1/agents", map[string]string{"name": "Long", "email": "long@team.test", "password": strings.Repeat("é", 40)}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("POST", "/api/v1/agents", map[string]string{"name": "Common", "email": "common@team.test", "password": "1234567890"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		// Admins change their own password like everyone else, with their current one.
		w.admin.do("PUT", fmt.Sprintf("/api/v1/agents/%d/password", w.admin.agent.ID), map[string]string{"password": "a brand new secret"}).
			wantError(http.StatusForbidden, switchboard.EFORBIDDEN)

		// A reset needs no old password and ends every session and token of the agent.
		w.admin.do("PUT", reset, map[string]string{"password": "reset by admin"}).want(http.StatusNoContent)
		w.ann.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		script.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		w.admin.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)
		w.a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ann@team.test", "password": "reset by admin"}).
			want(http.StatusOK)
	})
}
