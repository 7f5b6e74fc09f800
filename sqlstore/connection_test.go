package sqlstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestIssuedToken: a token Switchboard obtained is kept sealed with its expiry and renewal in the
// health, replaced by the next one, and forgotten (its renewal cancelled) when an admin pastes
// another; only admins and the system keep one, only the system records a check's report, and a
// list the check could not tell keeps what was known.
func TestIssuedToken(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		id := w.inbox1.ID
		exp := time.Now().Add(60 * 24 * time.Hour).Truncate(time.Microsecond)
		renew := exp.Add(-10 * 24 * time.Hour)
		tok := &switchboard.IssuedToken{Secret: "access_token", Value: "IGAA-1", ExpiresAt: &exp, RefreshAt: &renew}
		if err := db.KeepIssuedToken(w.annCtx, id, tok); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent kept a token: %v", err)
		}
		if err := db.KeepIssuedToken(w.adminCtx, id, &switchboard.IssuedToken{Secret: "access_token"}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("an empty token: %v", err)
		}
		if err := db.KeepIssuedToken(w.adminCtx, id, tok); err != nil {
			t.Fatal(err)
		}
		health := func() *switchboard.InboxHealth {
			t.Helper()
			h, err := db.FindInboxHealth(w.adminCtx, id)
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		secrets, _ := db.InboxSecrets(w.sys, id)
		if h := health(); secrets["access_token"] != "IGAA-1" || h.TokenExpiresAt == nil || !h.TokenExpiresAt.Equal(exp) ||
			h.TokenRefreshAt == nil || !h.TokenRefreshAt.Equal(renew) {
			t.Fatalf("kept %q, health %+v", secrets["access_token"], h)
		}

		if err := db.RecordConnectionReport(w.adminCtx, id, &switchboard.ConnectionReport{}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an admin recorded a check: %v", err)
		}
		if err := db.RecordConnectionReport(w.sys, id, &switchboard.ConnectionReport{MissingPermissions: []string{"pages_messaging"}, UnsubscribedFields: []string{}}); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordConnectionReport(w.sys, id, &switchboard.ConnectionReport{UnsubscribedFields: []string{"feed"}}); err != nil {
			t.Fatal(err)
		}
		if h := health(); !slices.Equal(h.MissingPermissions, []string{"pages_messaging"}) || !slices.Equal(h.UnsubscribedFields, []string{"feed"}) {
			t.Errorf("report: %v %v", h.MissingPermissions, h.UnsubscribedFields)
		}

		// Another inbox's change leaves this one's token alone; pasting a token over it forgets it.
		if _, err := db.UpdateInbox(w.adminCtx, w.inbox2.ID, &switchboard.InboxInput{Secrets: map[string]string{"access_token": "other"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateInbox(w.adminCtx, id, &switchboard.InboxInput{Secrets: map[string]string{"verify_token": "v"}}); err != nil {
			t.Fatal(err)
		}
		if h := health(); h.TokenExpiresAt == nil || h.TokenRefreshAt == nil {
			t.Fatalf("a change of another secret forgot the token: %+v", h)
		}
		if _, err := db.UpdateInbox(w.adminCtx, id, &switchboard.InboxInput{Secrets: map[string]string{"access_token": "pasted"}}); err != nil {
			t.Fatal(err)
		}
		if h := health(); h.TokenExpiresAt != nil || h.TokenRefreshAt != nil {
			t.Errorf("after pasting: %+v", h)
		}
		cancelled, err := db.FindJobs(w.adminCtx, switchboard.JobCancelled, 10)
		if err != nil || len(cancelled) != 1 || cancelled[0].Kind != switchboard.JobRefreshToken {
			t.Errorf("cancelled jobs %v, %v", cancelled, err)
		}
	})
}
