package sqlstore_test

import (
	"context"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestReportsZoneRules: a zone is added only for an admin or as the asking agent's own zone, at
// most 24 of them; anyone else is told "not ready" and adds nothing.
func TestReportsZoneRules(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		receive(t, w, w.inbox1, "+393331112222", "z-1")
		follow(t, w)
		ask := func(ctx context.Context, zone string) bool {
			t.Helper()
			ready, err := db.ReportZone(ctx, zone)
			if err != nil {
				t.Fatalf("zone %s: %v", zone, err)
			}
			return ready
		}
		// Neither an agent nor a supervisor adds a zone that is not their own.
		if ask(w.annCtx, "America/New_York") || ask(w.superCtx, "America/New_York") {
			t.Fatal("New York ready")
		}
		follow(t, w)
		if _, _, err := db.ReportZoneRowForTest(w.sys, "America/New_York"); err == nil {
			t.Fatal("an agent's ask added New York")
		}
		// An agent's own zone is added (here one the agent's profile has and the zones lack).
		tokyo := *w.ann
		tokyo.TimeZone = "Asia/Tokyo"
		tokyoCtx := switchboard.NewContextWithAgent(t.Context(), &tokyo)
		if ready, err := db.ReportZone(tokyoCtx, "Asia/Tokyo"); err != nil || ready {
			t.Fatalf("Tokyo ready = %v, %v", ready, err)
		}
		follow(t, w)
		if ready, err := db.ReportZone(tokyoCtx, "Asia/Tokyo"); err != nil || !ready {
			t.Fatalf("Tokyo built = %v, %v", ready, err)
		}
		// An admin adds zones up to 24 (UTC, Rome and Tokyo so far), then is told no.
		more := []string{"Europe/London", "Europe/Paris", "Europe/Madrid", "Europe/Athens", "Europe/Helsinki",
			"Europe/Moscow", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Shanghai", "Asia/Seoul",
			"Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles",
			"America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo", "America/Mexico_City", "Atlantic/Azores"}
		for _, z := range more {
			if _, err := db.ReportZone(w.adminCtx, z); err != nil {
				if z != "Atlantic/Azores" {
					t.Fatalf("zone %s: %v", z, err)
				}
				wantCode(t, err, switchboard.EINVALID)
			}
		}
		if _, _, err := db.ReportZoneRowForTest(w.sys, "Atlantic/Azores"); err == nil {
			t.Fatal("a 25th zone was added")
		}
		// Past the cap an agent is created all the same, and their zone reads as not ready.
		if _, err := db.CreateAgent(w.adminCtx, &switchboard.AgentCreate{Name: "eve", Email: "eve@team.test", Role: switchboard.RoleAgent,
			Password: "correct horse battery", TimeZone: "Atlantic/Azores"}); err != nil {
			t.Fatal(err)
		}
		azores := *w.ann
		azores.TimeZone = "Atlantic/Azores"
		if ready, err := db.ReportZone(switchboard.NewContextWithAgent(t.Context(), &azores), "Atlantic/Azores"); err != nil || ready {
			t.Fatalf("Azores = %v, %v", ready, err)
		}
		follow(t, w)
	})
}

// TestReportsResetKeepsPresence: a rebuild reads conversations again from their tables, but
// presence is only in the event log: its figures are the same after the rebuild.
func TestReportsResetKeepsPresence(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock := &lockedClock{now: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			db, _ := e.Open(t, sqltest.Options{Now: clock.Now, Reports: reports.NewFolder()})
			w := newWorld(t, db)
			online := func() int64 {
				t.Helper()
				rows, err := db.ReportRows(w.adminCtx, "Europe/Rome", switchboard.SliceAgent, []string{strconv.FormatInt(w.ann.ID, 10)}, math.MinInt32, math.MaxInt32)
				if err != nil {
					t.Fatal(err)
				}
				var n int64
				for _, r := range rows {
					var d reports.Day
					if err := d.Decode(r.Data); err != nil {
						t.Fatal(err)
					}
					n += d.Counts[reports.COnline]
				}
				return n
			}
			if err := db.ReportSessions(w.sys, "node-a", w.ann.ID, 1); err != nil {
				t.Fatal(err)
			}
			receive(t, w, w.inbox1, "+393331112222", "p-1")
			follow(t, w)
			clock.Set(clock.Now().Add(2 * time.Hour))
			if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOffline); err != nil {
				t.Fatal(err)
			}
			follow(t, w)
			if got := online(); got != 7200 {
				t.Fatalf("online = %d s, want 7200", got)
			}
			all := rawRows(t, w, "UTC")
			if err := db.ResetReports(w.adminCtx); err != nil {
				t.Fatal(err)
			}
			if got := online(); got != 7200 {
				t.Fatalf("online after the reset = %d s, want 7200", got)
			}
			follow(t, w)
			if got := online(); got != 7200 {
				t.Fatalf("online after the rebuild = %d s, want 7200", got)
			}
			if got := rawRows(t, w, "UTC"); !maps.Equal(got, all) {
				t.Fatalf("rebuilt: %d rows, want %d as before", len(got), len(all))
			}
			// The presence state is kept too: the next change closes the interval it opened.
			clock.Set(clock.Now().Add(time.Hour))
			if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOnline); err != nil {
				t.Fatal(err)
			}
			if err := db.ReportSessions(w.sys, "node-a", w.ann.ID, 1); err != nil {
				t.Fatal(err)
			}
			clock.Set(clock.Now().Add(time.Hour))
			if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOffline); err != nil {
				t.Fatal(err)
			}
			follow(t, w)
			if got := online(); got != 2*7200-3600 {
				t.Fatalf("online after one more hour = %d s, want %d", got, 2*7200-3600)
			}
		})
	}
}

// laterFolder is fakeFolder noting which conversations' histories said they changed later.
type laterFolder struct {
	fakeFolder
	mu    sync.Mutex
	later map[int64]bool
}

func (f *laterFolder) FoldHistory(h *switchboard.ReportHistory, st *switchboard.ReportStates, hours func(int64) *switchboard.HoursSchedule) ([]switchboard.ReportFact, error) {
	f.mu.Lock()
	f.later[h.Conversation.ID] = h.Later
	f.mu.Unlock()
	return f.fakeFolder.FoldHistory(h, st, hours)
}

// TestReportsBackfillKeepsUp: while the history backfill runs, new events are folded too (a
// conversation not backfilled yet is folded from its history first), so today's figures keep
// up, and nothing is counted twice once the backfill is done.
func TestReportsBackfillKeepsUp(t *testing.T) {
	f := &laterFolder{later: map[int64]bool{}}
	sqltest.RunWith(t, sqltest.Options{Reports: f}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var convs []*switchboard.Conversation
		for i, phone := range []string{"+393331112222", "+393339998888", "+393335550000", "+393335551111"} {
			convs = append(convs, receive(t, w, w.inbox1, phone, "b-"+strconv.Itoa(i)))
		}
		follow(t, w)
		if got := total(t, w, "all/"); got != "4,4" {
			t.Fatalf("all = %s", got)
		}
		if err := db.ResetReports(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		last := convs[len(convs)-1]
		receive(t, w, w.inbox1, "+393335551111", "b-new")
		for range 2 { // one conversation of history a step, and the events
			if _, err := db.FollowReports(w.sys, 10); err != nil {
				t.Fatal(err)
			}
		}
		if got := total(t, w, "all/"); got != "2,3" {
			t.Fatalf("after a step of each: all = %s, want the first conversation and the last with its new message, 2,3", got)
		}
		follow(t, w)
		if got := total(t, w, "all/"); got != "4,5" {
			t.Fatalf("after the backfill: all = %s, want 4,5", got)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, c := range convs {
			if f.later[c.ID] != (c.ID == last.ID) {
				t.Errorf("conversation %d: later = %v", c.ID, f.later[c.ID])
			}
		}
		clear(f.later)
	})
}

// TestReportsFactIDsNotReused: a fact written after the newest were deleted (an erasure) gets
// an id after theirs, as a zone being built expects.
func TestReportsFactIDsNotReused(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		receive(t, w, w.inbox1, "+393331112222", "n-1")
		receive(t, w, w.inbox1, "+393339998888", "n-2")
		follow(t, w)
		before, err := db.ReportFactIDsForTest(w.sys)
		if err != nil || len(before) == 0 {
			t.Fatalf("facts %v, %v", before, err)
		}
		if err := db.DeleteContact(w.adminCtx, w.dino.ID); err != nil {
			t.Fatal(err)
		}
		receive(t, w, w.inbox1, "+393331112222", "n-3")
		follow(t, w)
		after, err := db.ReportFactIDsForTest(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		if newest := after[len(after)-1]; newest <= before[len(before)-1] {
			t.Fatalf("new fact %d reuses an id up to %d", newest, before[len(before)-1])
		}
	})
}

// TestReportsUnknownZone: a zone this host cannot load (registered by a host with a newer zone
// database) does not stop the recording; it is left to be built again.
func TestReportsUnknownZone(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		for _, z := range []struct {
			zone  string
			ready bool
		}{{"Mars/Olympus", true}, {"Venus/Maxwell", false}} {
			if err := db.AddReportZoneRowForTest(w.sys, z.zone, z.ready); err != nil {
				t.Fatal(err)
			}
		}
		receive(t, w, w.inbox1, "+393331112222", "u-1")
		follow(t, w)
		if got := total(t, w, "all/"); got != "1,1" {
			t.Fatalf("all = %s", got)
		}
		if len(reportRows(t, w, "Europe/Rome")) == 0 {
			t.Fatal("Rome has no rows")
		}
		if through, ready, err := db.ReportZoneRowForTest(w.sys, "Mars/Olympus"); err != nil || ready || through != 0 {
			t.Fatalf("Mars: through %d, ready %v, %v", through, ready, err)
		}
		// Erasure and a rebuild go on too.
		if err := db.DeleteContact(w.adminCtx, w.carla.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetReports(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
	})
}

// TestReportsLabelMatch: a label's rename or deletion reads the states of the conversations
// that carry it (and of those with events still to fold), not of every conversation whose state
// happens to hold its name ("open" is every open conversation's status).
func TestReportsLabelMatch(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		open, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("open")})
		if err != nil {
			t.Fatal(err)
		}
		c := receive(t, w, w.inbox1, "+393331112222", "m-1")
		receive(t, w, w.inbox1, "+393339998888", "m-2")
		receive(t, w, w.inbox2, "+393335550000", "m-3")
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"open"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		got, err := db.ReportLabelCandidatesForTest(w.sys, open.ID)
		if err != nil || !slices.Equal(got, []int64{c.ID}) {
			t.Fatalf("candidates %v, %v; want [%d]", got, err, c.ID)
		}
		if _, err := db.UpdateLabel(w.adminCtx, open.ID, &switchboard.LabelInput{Name: ptr("urgent")}); err != nil {
			t.Fatal(err)
		}
		if got, old := total(t, w, "label/urgent"), total(t, w, "label/open"); got != "1,1" || old != "0,0" {
			t.Fatalf("renamed: urgent %s, open %s", got, old)
		}
		if got := total(t, w, "all/"); got != "3,3" {
			t.Fatalf("all = %s", got)
		}
		// A removal not folded yet: its conversation is a candidate through its event.
		if _, err := db.RemoveLabels(w.adminCtx, c.ID, []string{"urgent"}); err != nil {
			t.Fatal(err)
		}
		got, err = db.ReportLabelCandidatesForTest(w.sys, open.ID)
		if err != nil || !slices.Equal(got, []int64{c.ID}) {
			t.Fatalf("candidates after removal %v, %v; want [%d]", got, err, c.ID)
		}
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"urgent"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if err := db.DeleteLabel(w.adminCtx, open.ID); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if got := total(t, w, "label/urgent"); got != "0,0" {
			t.Fatalf("deleted: urgent %s", got)
		}
		if got := total(t, w, "all/"); got != "3,3" {
			t.Fatalf("all = %s", got)
		}
	})
}
