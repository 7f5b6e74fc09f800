package sqlstore_test

import (
	"maps"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// rawRows returns every row of a zone as "slice/id/day" → its encoded data.
func rawRows(t testing.TB, w *world, zone string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, r := range zoneRows(t, w, zone) {
		out[k] = string(r.Data)
	}
	return out
}

// TestReportsWithFolder runs the store's mechanics with package reports' own folder: following
// twice counts once, a zone built late reaches the rows of one ready from the start, and an
// erased contact's conversation leaves the rows as they were without it.
func TestReportsWithFolder(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: reports.NewFolder()}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("VIP")}); err != nil {
			t.Fatal(err)
		}
		c := receive(t, w, w.inbox1, "+393331112222", "f-1")
		receive(t, w, w.inbox1, "+393331112222", "f-2")
		if _, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Assign(w.adminCtx, c.ID, switchboard.Assignment{AgentID: &w.ann.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"VIP"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(w.annCtx, c.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		receive(t, w, w.inbox1, "+393331112222", "f-3")
		follow(t, w)
		base := rawRows(t, w, "UTC")
		if len(base) == 0 {
			t.Fatal("no rows")
		}
		if n, err := db.FollowReports(w.sys, 50); err != nil || n != 0 {
			t.Fatalf("follow again = %d, %v", n, err)
		}
		if ready, err := db.ReportZone(w.adminCtx, "Europe/Berlin"); err != nil || ready {
			t.Fatalf("Berlin ready = %v, %v", ready, err)
		}
		follow(t, w)
		if got, want := rawRows(t, w, "Europe/Berlin"), rawRows(t, w, "Europe/Rome"); !maps.Equal(got, want) {
			t.Fatalf("Berlin has %d rows, Rome %d, not the same", len(got), len(want))
		}
		d := receive(t, w, w.inbox1, "+393339998888", "f-4")
		if _, _, err := db.CreateMessage(w.annCtx, d.ID, &switchboard.MessageCreate{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.adminCtx, d.ID, []string{"VIP"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if maps.Equal(rawRows(t, w, "UTC"), base) {
			t.Fatal("the second conversation changed nothing")
		}
		if err := db.DeleteContact(w.adminCtx, w.dino.ID); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if got := rawRows(t, w, "UTC"); !maps.Equal(got, base) {
			t.Fatalf("after erasure %d rows, want %d as before", len(got), len(base))
		}
	})
}
