package sqlstore

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// BenchmarkBuildConversationQuery measures turning a list filter into SQL and arguments
// (conversationQuery): the conditions of the view, the inbox scope, the status, the sort and the
// keyset cursor, for agent 4 of the benchmark data set's Mine, Unassigned and All views with
// status open, on the first page and after a cursor. Each query is checked for its view's
// condition, its cursor condition and its number of arguments. Run it with
//
//	go test -run '^$' -bench BuildConversationQuery -benchmem ./sqlstore/
func BenchmarkBuildConversationQuery(b *testing.B) {
	scope := switchboard.InboxScope{IDs: map[int64]bool{1: true, 3: true}}
	cursor := encodeCursor(micro(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)), 9876)
	views := []struct {
		view switchboard.View
		cond string // in the query's text
		args int    // viewer ×2, the view's own, status (the LIMIT is written into the query)
	}{
		{switchboard.ViewMine, "c.assignee_id = ?", 4},
		{switchboard.ViewUnassigned, "c.assignee_id IS NULL", 3},
		{switchboard.ViewAll, "c.status IN (?)", 3},
	}
	for _, v := range views {
		for _, page := range []struct{ name, cursor string }{{"first", ""}, {"cursor", cursor}} {
			b.Run(string(v.view)+"/"+page.name, func(b *testing.B) {
				f := switchboard.ConversationFilter{View: v.view, Statuses: []switchboard.ConversationStatus{switchboard.StatusOpen}, Cursor: page.cursor}
				if err := f.Validate(); err != nil {
					b.Fatal(err)
				}
				want := v.args
				if page.cursor != "" {
					want += 2
				}
				b.ReportAllocs()
				for b.Loop() {
					q, args, err := conversationQuery(dialectSQLite.convSelect, f, 4, scope)
					if err != nil || !strings.Contains(q, v.cond) || !strings.Contains(q, "c.inbox_id IN (1, 3)") || len(args) != want ||
						(page.cursor != "") != strings.Contains(q, "(c.last_activity_at, c.id) <") {
						b.Fatalf("%s: built %q with %d arguments (want %d), %v", v.view, q, len(args), want, err)
					}
				}
			})
		}
	}
}

// BenchmarkCursor measures making and reading a list's keyset cursor, which every page with a
// next page does once each way. Run it with
//
//	go test -run '^$' -bench Cursor -benchmem ./sqlstore/
func BenchmarkCursor(b *testing.B) {
	v, id := micro(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)), int64(9876)
	s := encodeCursor(v, id)
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			if encodeCursor(v, id) != s {
				b.Fatal("the cursor changed")
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			gv, gid, err := decodeCursor(s)
			if err != nil || gv != v || gid != id {
				b.Fatalf("decodeCursor(%q) = %d, %d, %v", s, gv, gid, err)
			}
		}
	})
}
