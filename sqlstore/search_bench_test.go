package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// BenchmarkSearch measures BENCHMARK.md operation 4, a search as agent 4 (messages of the inboxes
// they see, ranked by relevance and recency, and contacts) against the store seeded with
// benchConversations of the benchmark data set: a common word, a unique order number (the first
// message of conversation benchConversations/2 begins "Hello, about order ORD-<100000+i>:"), a
// two-word query and a word with no hits. Each answer is checked: the common word fills the
// page with messages that say it, the order number finds exactly its conversation, the two
// words find something, and the missing word finds nothing. Run it with
//
//	SWITCHBOARD_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test -run '^$' -bench Search -benchmem ./sqlstore/
func BenchmarkSearch(b *testing.B) {
	unique := int64(benchConversations / 2)
	queries := []struct {
		name, q string
		ok      func(r *switchboard.SearchResult) bool
	}{
		{"common", "refund", func(r *switchboard.SearchResult) bool {
			for _, h := range r.Messages {
				if !strings.Contains(strings.ToLower(h.Snippet), "refund") {
					return false
				}
			}
			return len(r.Messages) == 20
		}},
		{"unique", fmt.Sprintf("ORD-%d", 100000+unique), func(r *switchboard.SearchResult) bool {
			return len(r.Messages) == 1 && r.Messages[0].ConversationID == unique
		}},
		{"two-words", "invoice payment", func(r *switchboard.SearchResult) bool { return len(r.Messages) > 0 }},
		{"no-hits", "xylophone", func(r *switchboard.SearchResult) bool { return len(r.Messages)+len(r.Contacts) == 0 }},
	}
	onSeeded(b, func(b *testing.B, db *sqlstore.DB, me context.Context) {
		for _, q := range queries {
			b.Run(q.name, func(b *testing.B) {
				for b.Loop() {
					r, err := db.Search(me, switchboard.SearchQuery{Q: q.q})
					if err != nil {
						b.Fatal(err)
					}
					if !q.ok(r) {
						b.Fatalf("search %q: %d messages, %d contacts: not the expected answer", q.q, len(r.Messages), len(r.Contacts))
					}
				}
			})
		}
	})
}
