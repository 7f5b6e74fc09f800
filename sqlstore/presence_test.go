package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestPresence(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		a, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: "Ann", Email: "ann@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		annCtx := switchboard.NewContextWithAgent(context.Background(), a)
		presence := func() switchboard.Presence {
			t.Helper()
			got, err := db.FindAgentByID(sys, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Presence
		}
		want := func(p switchboard.Presence) {
			t.Helper()
			if got := presence(); got != p {
				t.Fatalf("presence = %s, want %s", got, p)
			}
		}
		const grace = 2 * time.Minute
		want(switchboard.PresenceOffline)

		// Connected on node A: online. Closing the last window starts the grace period.
		if err := db.ReportSessions(sys, "node-a", a.ID, 1); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceOnline)
		if err := db.ReportSessions(sys, "node-a", a.ID, 0); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Minute)
		if err := db.Heartbeat(sys, "node-a", grace); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceOnline)
		clock.Add(90 * time.Second)
		if err := db.Heartbeat(sys, "node-a", grace); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceAway)

		// A choice by hand wins over connections until cleared.
		if err := db.ReportSessions(sys, "node-a", a.ID, 2); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceOnline)
		if _, err := db.SetPresenceChoice(annCtx, switchboard.PresenceOffline); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceOffline)
		if err := db.Heartbeat(sys, "node-a", grace); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceOffline)
		if got, err := db.SetPresenceChoice(annCtx, switchboard.PresenceOnline); err != nil || got.Presence != switchboard.PresenceOnline || got.PresenceChoice != "" {
			t.Fatalf("back to automatic: %+v %v", got, err)
		}

		// Node A dies with Ann's windows open on it: once its heartbeat is stale, node B's sweep
		// sends her away.
		clock.Add(time.Minute)
		if err := db.Heartbeat(sys, "node-b", grace); err != nil {
			t.Fatal(err)
		}
		clock.Add(2 * time.Minute)
		if err := db.Heartbeat(sys, "node-b", grace); err != nil {
			t.Fatal(err)
		}
		want(switchboard.PresenceAway)

		// Each change was announced.
		events, err := db.FindEvents(sys, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var seq []string
		for _, e := range events {
			if e.Type == switchboard.EventAgentPresence {
				seq = append(seq, string(e.Data))
			}
		}
		if len(seq) != 6 {
			t.Errorf("presence events = %v, want 6 (online, away, online, offline, online, away)", seq)
		}

		_, err = db.SetPresenceChoice(annCtx, "busy")
		wantCode(t, err, switchboard.EINVALID)
		wantCode(t, db.ReportSessions(annCtx, "node-a", a.ID, 1), switchboard.EFORBIDDEN)
		wantCode(t, db.Heartbeat(annCtx, "node-a", grace), switchboard.EFORBIDDEN)
	})
}
