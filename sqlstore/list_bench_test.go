package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// benchConversations is the size of the data set the store benchmarks seed with SeedBenchmark:
// big enough that a list or a search that scans instead of walking an index shows it, small
// enough to seed in seconds. BENCHMARK.md's figures are for 100,000; scripts seed those.
const benchConversations = 20000

// deepPage is the page BENCHMARK.md's deep pagination asks for; a view with fewer pages at
// benchConversations is measured at its last page instead.
const deepPage = 200

// onSeeded runs fn as a sub-benchmark per engine on a fresh store holding the benchmark data
// set, with a context acting as agent 4, the data set's "me". The seeding happens once per
// engine, before fn and outside every timed loop.
//
// On PostgreSQL the seeded tables are vacuumed: a bulk load leaves the new GIN entries in the
// index's pending list, which every search then scans (3–10 ms a lookup at 20,000 conversations,
// 0.25 ms after VACUUM), until autovacuum flushes it at a moment no benchmark controls. A store
// that has been running is in the vacuumed state.
func onSeeded(b *testing.B, fn func(b *testing.B, db *sqlstore.DB, me context.Context)) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, url := e.Open(b, sqltest.Options{})
			ctx := context.Background()
			began := time.Now()
			if err := db.SeedBenchmark(ctx, benchConversations, nil); err != nil {
				b.Fatal(err)
			}
			if e.Name == "postgres" {
				vacuum(b, url)
			}
			b.Logf("%s: seeded %d conversations in %v", e.Name, benchConversations, time.Since(began).Round(time.Millisecond))
			agent, err := db.FindAgentByEmail(switchboard.NewSystemContext(ctx), "agent04@bench.test")
			if err != nil {
				b.Fatal(err)
			}
			fn(b, db, switchboard.NewContextWithAgent(ctx, agent))
		})
	}
}

// BenchmarkFindConversations measures one page (25 rows) of the list views of BENCHMARK.md
// operations 1–3 against the store, seeded with benchConversations of the benchmark data set:
// Mine (agent 4), Unassigned and All, each with status open and newest activity first, at the
// first page and at a deep page reached by following the cursors (page 200, or the view's last
// page when it has fewer; the page measured is reported as the "page" metric). Each page is
// checked: full where rows remain, every row in the view, in order, and older than the page
// before. Run it with
//
//	SWITCHBOARD_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test -run '^$' -bench FindConversations -benchmem ./sqlstore/
func BenchmarkFindConversations(b *testing.B) {
	open := []switchboard.ConversationStatus{switchboard.StatusOpen}
	views := []struct {
		view switchboard.View
		in   func(c *switchboard.Conversation, me int64) bool
	}{
		{switchboard.ViewMine, func(c *switchboard.Conversation, me int64) bool { return c.AssigneeID != nil && *c.AssigneeID == me }},
		{switchboard.ViewUnassigned, func(c *switchboard.Conversation, _ int64) bool { return c.AssigneeID == nil }},
		{switchboard.ViewAll, func(*switchboard.Conversation, int64) bool { return true }},
	}
	onSeeded(b, func(b *testing.B, db *sqlstore.DB, me context.Context) {
		agent, _ := switchboard.ActorFromContext(me)
		for _, v := range views {
			f := switchboard.ConversationFilter{View: v.view, Statuses: open}
			check := func(b *testing.B, p *switchboard.ConversationPage, after *switchboard.Conversation) {
				b.Helper()
				if len(p.Items) == 0 || (p.NextCursor != "" && len(p.Items) != switchboard.DefaultPageSize) {
					b.Fatalf("%s: %d rows (next cursor %q)", v.view, len(p.Items), p.NextCursor)
				}
				for _, c := range p.Items {
					if !v.in(c, agent.Agent.ID) || c.Status != switchboard.StatusOpen || (after != nil && !older(c, after)) {
						b.Fatalf("%s: conversation %d (assignee %v, %s) out of the view or out of order", v.view, c.ID, c.AssigneeID, c.Status)
					}
					after = c
				}
			}
			b.Run(string(v.view)+"/first", func(b *testing.B) {
				for b.Loop() {
					p, err := db.FindConversations(me, f)
					if err != nil {
						b.Fatal(err)
					}
					check(b, p, nil)
				}
			})
			b.Run(string(v.view)+"/deep", func(b *testing.B) {
				deep, page, before := f, 1, (*switchboard.Conversation)(nil)
				for ; page < deepPage; page++ {
					p, err := db.FindConversations(me, deep)
					if err != nil {
						b.Fatal(err)
					}
					check(b, p, before)
					if p.NextCursor == "" {
						break
					}
					deep.Cursor, before = p.NextCursor, p.Items[len(p.Items)-1]
				}
				if page < 10 {
					b.Fatalf("%s: only %d pages, not deep", v.view, page)
				}
				for b.Loop() {
					p, err := db.FindConversations(me, deep)
					if err != nil {
						b.Fatal(err)
					}
					check(b, p, before)
				}
				b.ReportMetric(float64(page), "page")
			})
		}
	})
}

// older reports whether c comes after prev in newest-activity-first order.
func older(c, prev *switchboard.Conversation) bool {
	if t := c.LastActivityAt.Compare(prev.LastActivityAt); t != 0 {
		return t < 0
	}
	return c.ID < prev.ID
}

// vacuum runs VACUUM ANALYZE on the seeded tables of the PostgreSQL store at url (its schema is
// on the URL's search_path), not on the whole database, which other tests share.
func vacuum(b *testing.B, url string) {
	pg, err := sql.Open("pgx", url)
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	if _, err := pg.ExecContext(context.Background(),
		"VACUUM ANALYZE agents, inboxes, inbox_members, contacts, identities, conversations, messages"); err != nil {
		b.Fatalf("vacuum: %v", err)
	}
}
