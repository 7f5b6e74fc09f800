package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// signIn signs an agent in and returns the session's secret and a context acting through it.
func signIn(t *testing.T, db *sqlstore.DB, email, password string) (string, context.Context) {
	t.Helper()
	secret, s, a, err := db.Login(context.Background(), email, password, "test")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return secret, switchboard.NewContextWithSession(context.Background(), a, s.ID)
}

func TestChangePassword(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "long enough password"}); err != nil {
			t.Fatal(err)
		}
		gio, err := db.CreateAgent(switchboard.NewSystemContext(ctx), &switchboard.AgentCreate{Name: "Gio Ponti", Email: "gio@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		here, hereCtx := signIn(t, db, "gio@x.test", "long enough password")
		there, _ := signIn(t, db, "gio@x.test", "long enough password")
		token, _, err := db.CreateAPIToken(hereCtx, "script")
		if err != nil {
			t.Fatal(err)
		}
		// Verified, so remembered: the change must still end them at once.
		if _, _, err := db.SessionAgent(ctx, there); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenAgent(ctx, token); err != nil {
			t.Fatal(err)
		}

		err = db.ChangePassword(hereCtx, "not my password", "a brand new secret")
		wantCode(t, err, switchboard.EINVALID)
		if switchboard.ErrorFields(err)["current_password"] == "" {
			t.Errorf("a wrong current password: fields %v", switchboard.ErrorFields(err))
		}
		for _, bad := range []string{"1234567890", "Gio Ponti 2024", strings.Repeat("long password ", 6)} {
			err = db.ChangePassword(hereCtx, "long enough password", bad)
			wantCode(t, err, switchboard.EINVALID)
			if switchboard.ErrorFields(err)["password"] == "" {
				t.Errorf("new password %q: fields %v", bad, switchboard.ErrorFields(err))
			}
		}
		// Nothing changed yet.
		if _, _, err := db.SessionAgent(ctx, there); err != nil {
			t.Fatalf("a refused change ended a session: %v", err)
		}
		// Agents change their own password with their current one, not with SetPassword.
		wantCode(t, db.SetPassword(hereCtx, gio.ID, "a brand new secret"), switchboard.EFORBIDDEN)

		if err := db.ChangePassword(hereCtx, "long enough password", "a brand new secret"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionAgent(ctx, here); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		_, _, err = db.SessionAgent(ctx, there)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		_, err = db.TokenAgent(ctx, token)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		_, _, _, err = db.Login(ctx, "gio@x.test", "long enough password", "")
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		if _, _, _, err := db.Login(ctx, "gio@x.test", "a brand new secret", ""); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
	})
}

func TestSetPasswordEndsEverySession(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		admin, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		adminCtx := switchboard.NewContextWithAgent(ctx, admin)
		gio, err := db.CreateAgent(adminCtx, &switchboard.AgentCreate{Name: "Gio", Email: "gio@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		session, gioCtx := signIn(t, db, "gio@x.test", "long enough password")
		token, _, err := db.CreateAPIToken(gioCtx, "script")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenAgent(ctx, token); err != nil {
			t.Fatal(err)
		}
		adminSession, _ := signIn(t, db, "ada@x.test", "long enough password")

		wantCode(t, db.SetPassword(gioCtx, admin.ID, "a brand new secret"), switchboard.EFORBIDDEN)
		wantCode(t, db.SetPassword(adminCtx, admin.ID, "a brand new secret"), switchboard.EFORBIDDEN)
		// Over bcrypt's 72 bytes is the person's mistake, named, not a failure of the server.
		err = db.SetPassword(adminCtx, gio.ID, strings.Repeat("long password ", 6))
		wantCode(t, err, switchboard.EINVALID)
		wantCode(t, db.SetPassword(adminCtx, gio.ID, "password2024!"), switchboard.EINVALID)

		// An admin's reset needs no old password and ends every session and token of the agent.
		if err := db.SetPassword(adminCtx, gio.ID, "reset by admin"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SessionAgent(ctx, session)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		_, err = db.TokenAgent(ctx, token)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		if _, _, err := db.SessionAgent(ctx, adminSession); err != nil {
			t.Errorf("resetting Gio's password ended the admin's session: %v", err)
		}
		if _, _, _, err := db.Login(ctx, "gio@x.test", "reset by admin", ""); err != nil {
			t.Fatal(err)
		}
		// The CLI, acting as the system, resets anyone's, an admin's too.
		if err := db.SetPassword(switchboard.NewSystemContext(ctx), admin.ID, "another long one"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SessionAgent(ctx, adminSession)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
	})
}

func TestPasswordHashersBounded(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "long enough password"}); err != nil {
			t.Fatal(err)
		}
		session, _ := signIn(t, db, "ada@x.test", "long enough password")

		// Every hasher busy: a sign-in waits its turn, then gives up with 503, never running a
		// bcrypt of its own; one whose client gave up stops waiting at once.
		release := db.HoldPasswordHashersForTest(time.Millisecond)
		_, _, _, err := db.Login(ctx, "ada@x.test", "long enough password", "")
		wantCode(t, err, switchboard.EUNAVAILABLE)
		_, _, _, err = db.Login(ctx, "nobody@x.test", "long enough password", "")
		wantCode(t, err, switchboard.EUNAVAILABLE)
		gone, cancel := context.WithCancel(ctx)
		cancel()
		release()
		release = db.HoldPasswordHashersForTest(time.Hour)
		if _, _, _, err := db.Login(gone, "ada@x.test", "long enough password", ""); err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Fatalf("a sign-in whose client left: %v", err)
		}
		// Signed-in agents are not held up: their sessions need no bcrypt.
		if _, _, err := db.SessionAgent(ctx, session); err != nil {
			t.Fatal(err)
		}
		release()
		if _, _, _, err := db.Login(ctx, "ada@x.test", "long enough password", ""); err != nil {
			t.Fatalf("sign in once a hasher is free: %v", err)
		}
	})
}
