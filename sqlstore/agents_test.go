package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestFirstAdminAndAgents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if need, err := db.NeedsSetup(ctx); err != nil || !need {
			t.Fatalf("NeedsSetup on a fresh store = %v, %v", need, err)
		}
		_, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "short"})
		wantCode(t, err, switchboard.EINVALID)
		admin, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: " Ada@X.test ", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		if admin.Role != switchboard.RoleAdmin || admin.Email != "ada@x.test" || admin.TimeZone != "UTC" {
			t.Errorf("first admin = %+v", admin)
		}
		_, err = db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Eve", Email: "eve@x.test", Password: "long enough password"})
		wantCode(t, err, switchboard.ECONFLICT)

		adminCtx := switchboard.NewContextWithAgent(ctx, admin)
		ag, err := db.CreateAgent(adminCtx, &switchboard.AgentCreate{Name: "Gio", Email: "gio@x.test", Password: "long enough password", TimeZone: "Europe/Rome", Language: "it"})
		if err != nil {
			t.Fatal(err)
		}
		agCtx := switchboard.NewContextWithAgent(ctx, ag)
		_, err = db.CreateAgent(agCtx, &switchboard.AgentCreate{Name: "X", Email: "x@x.test", Password: "long enough password"})
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.CreateAgent(adminCtx, &switchboard.AgentCreate{Name: "Gio 2", Email: "GIO@x.test", Password: "long enough password"})
		wantCode(t, err, switchboard.ECONFLICT)
		_, err = db.CreateAgent(adminCtx, &switchboard.AgentCreate{Name: "", Email: "nope", Role: "boss", TimeZone: "Mars/Base", Password: "x"})
		wantCode(t, err, switchboard.EINVALID)
		if f := switchboard.ErrorFields(err); len(f) != 5 {
			t.Errorf("want every bad field named, got %v", f)
		}

		// Agents edit their own profile, not their role; admins edit anyone.
		if _, err := db.UpdateAgent(agCtx, ag.ID, &switchboard.AgentUpdate{Name: ptr("Giovanni")}); err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateAgent(agCtx, ag.ID, &switchboard.AgentUpdate{Role: ptr(switchboard.RoleAdmin)})
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.UpdateAgent(agCtx, admin.ID, &switchboard.AgentUpdate{Name: ptr("Hacked")})
		wantCode(t, err, switchboard.EFORBIDDEN)
		// The last admin stays an admin.
		_, err = db.UpdateAgent(adminCtx, admin.ID, &switchboard.AgentUpdate{Role: ptr(switchboard.RoleAgent)})
		wantCode(t, err, switchboard.ECONFLICT)
		wantCode(t, db.DeleteAgent(adminCtx, admin.ID), switchboard.ECONFLICT)

		// A deleted agent cannot sign in and disappears from lists.
		if _, _, _, err := db.Login(ctx, "gio@x.test", "long enough password", "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteAgent(adminCtx, ag.ID); err != nil {
			t.Fatal(err)
		}
		_, _, _, err = db.Login(ctx, "gio@x.test", "long enough password", "test")
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		agents, err := db.FindAgents(adminCtx)
		if err != nil || len(agents) != 1 {
			t.Errorf("agents after delete = %v, %v", agents, err)
		}
		_, err = db.FindAgentByID(adminCtx, ag.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		// The email is free again.
		if _, err := db.CreateAgent(adminCtx, &switchboard.AgentCreate{Name: "Gio", Email: "gio@x.test", Password: "long enough password"}); err != nil {
			t.Errorf("re-create with a deleted agent's email: %v", err)
		}
	})
}

func TestFirstAdminRace(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.CreateFirstAdmin(context.Background(), &switchboard.AgentCreate{Name: "A", Email: fmt.Sprintf("a%d@x.test", i), Password: "long enough password"})
				if err == nil {
					mu.Lock()
					won++
					mu.Unlock()
				} else if switchboard.ErrorCode(err) != switchboard.ECONFLICT {
					t.Errorf("CreateFirstAdmin: %v", err)
				}
			}()
		}
		wg.Wait()
		if won != 1 {
			t.Errorf("%d first admins created at once, want 1", won)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		admin, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, _, err = db.Login(ctx, "ada@x.test", "wrong password!", "")
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		_, _, _, err = db.Login(ctx, "nobody@x.test", "long enough password", "")
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		secret, _, a, err := db.Login(ctx, "ADA@x.test", "long enough password", "curl")
		if err != nil || a.ID != admin.ID || !strings.HasPrefix(secret, "sbs_") {
			t.Fatalf("login: %v %v %q", a, err, secret)
		}
		if got, _, err := db.SessionAgent(ctx, secret); err != nil || got.ID != admin.ID {
			t.Fatalf("SessionAgent: %v %v", got, err)
		}
		// A session in use slides: two days on it is extended, so it outlives its first expiry.
		clock.Add(48 * time.Hour)
		if _, s, err := db.SessionAgent(ctx, secret); err != nil || !s.ExpiresAt.Equal(clock.now.Add(switchboard.SessionTTL)) {
			t.Fatalf("session not extended: %+v %v", s, err)
		}
		clock.Add(switchboard.SessionTTL - time.Hour)
		if _, _, err := db.SessionAgent(ctx, secret); err != nil {
			t.Fatalf("a session used two days in expired at its first expiry: %v", err)
		}
		clock.Add(switchboard.SessionTTL + time.Minute)
		_, _, err = db.SessionAgent(ctx, secret)
		wantCode(t, err, switchboard.EUNAUTHORIZED)

		secret, _, _, _ = db.Login(ctx, "ada@x.test", "long enough password", "curl")
		if _, _, err := db.SessionAgent(ctx, secret); err != nil { // verified, so remembered
			t.Fatal(err)
		}
		if err := db.Logout(ctx, secret); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.SessionAgent(ctx, secret)
		wantCode(t, err, switchboard.EUNAUTHORIZED)

		adminCtx := switchboard.NewContextWithAgent(ctx, admin)
		tok, info, err := db.CreateAPIToken(adminCtx, "deploy script")
		if err != nil || !strings.HasPrefix(tok, "sbp_") || !strings.HasPrefix(tok, info.Prefix) {
			t.Fatalf("CreateAPIToken: %q %+v %v", tok, info, err)
		}
		if got, err := db.TokenAgent(ctx, tok); err != nil || got.ID != admin.ID {
			t.Fatalf("TokenAgent: %v %v", got, err)
		}
		for _, bad := range []string{"", "sbp_", tok + "x", "sbs_" + tok[4:], strings.ToUpper(tok)} {
			_, err := db.TokenAgent(ctx, bad)
			wantCode(t, err, switchboard.EUNAUTHORIZED)
		}
		list, err := db.FindAPITokens(adminCtx)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
			t.Fatalf("FindAPITokens = %+v, %v", list, err)
		}
		_, _, err = db.CreateAPIToken(adminCtx, " ")
		wantCode(t, err, switchboard.EINVALID)
		// A token just used (so verified and remembered) shows a change to its agent at once.
		if _, err := db.UpdateAgent(adminCtx, admin.ID, &switchboard.AgentUpdate{Name: ptr("Ada Renamed")}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.TokenAgent(ctx, tok); err != nil || got.Name != "Ada Renamed" {
			t.Fatalf("TokenAgent after a rename: %+v %v", got, err)
		}
		if err := db.DeleteAPIToken(adminCtx, info.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.TokenAgent(ctx, tok)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		wantCode(t, db.DeleteAPIToken(adminCtx, info.ID), switchboard.ENOTFOUND)
	})
}
