package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactTimelineAtScale measures a contact's timeline when the contact has
// SWITCHBOARD_BENCH_TIMELINE conversations (skipped when unset), half in each of two inboxes, each
// with three messages, a tenth of them reopened and resolved again (milestones). The first page
// and the tenth page are read 30 times each as an admin and as an agent of one inbox; p50 and p99
// are logged. Run it with
//
//	SWITCHBOARD_BENCH_TIMELINE=5000 SWITCHBOARD_TEST_POSTGRES_URL=… \
//	  go test -run TestContactTimelineAtScale -v ./sqlstore/
func TestContactTimelineAtScale(t *testing.T) {
	n := seedSize(t, "SWITCHBOARD_BENCH_TIMELINE", "conversations")
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		began := time.Now()
		start := time.Now().Add(-time.Duration(n) * time.Minute)
		var ids []int64
		for batch := 0; batch*500 < n; batch++ {
			for _, inbox := range []*switchboard.Inbox{w.inbox1, w.inbox2} {
				var b switchboard.ImportBatch
				for i := batch * 500; i < min(n, (batch+1)*500); i += 2 {
					k := i
					if inbox == w.inbox2 {
						k++
					}
					at := start.Add(time.Duration(k) * time.Minute)
					b.Conversations = append(b.Conversations, switchboard.ImportConversation{ExternalID: fmt.Sprintf("c-%d", k),
						Contact: switchboard.ImportContact{Phone: w.carla.Phone}, Status: switchboard.StatusResolved, CreatedAt: at,
						Messages: []switchboard.ImportMessage{
							{Direction: switchboard.ImportIncoming, Text: "hello", CreatedAt: at},
							{Direction: switchboard.ImportOutgoing, Text: "hi there", CreatedAt: at.Add(time.Second), SenderName: "Old system"},
							{Direction: switchboard.ImportIncoming, Text: "thanks", CreatedAt: at.Add(2 * time.Second)},
						}})
				}
				res, err := db.ImportConversations(w.sys, inbox.ID, &b)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range res.Conversations {
					ids = append(ids, c.ID)
				}
			}
		}
		for i, id := range ids {
			if i%10 != 0 {
				continue
			}
			for _, s := range []switchboard.ConversationStatus{switchboard.StatusOpen, switchboard.StatusResolved} {
				if _, err := db.SetStatus(w.adminCtx, id, s); err != nil {
					t.Fatal(err)
				}
			}
		}
		t.Logf("seeded %d conversations in %v", len(ids), time.Since(began).Round(time.Second))
		for _, who := range []struct {
			name string
			ctx  context.Context
		}{{"admin", w.adminCtx}, {"agent of one inbox", w.annCtx}} {
			first, err := db.ContactTimeline(who.ctx, w.carla.ID, "", 25)
			if err != nil || len(first.Items) != 25 {
				t.Fatalf("%s: first page %d entries, %v", who.name, len(first.Items), err)
			}
			cursor := first.NextCursor
			for range 9 {
				p, err := db.ContactTimeline(who.ctx, w.carla.ID, cursor, 25)
				if err != nil || len(p.Items) != 25 {
					t.Fatalf("%s: %d entries, %v", who.name, len(p.Items), err)
				}
				cursor = p.NextCursor
			}
			for _, q := range []struct{ name, cursor string }{{"first page", ""}, {"tenth page", cursor}} {
				var took []time.Duration
				for range 30 {
					began := time.Now()
					if _, err := db.ContactTimeline(who.ctx, w.carla.ID, q.cursor, 25); err != nil {
						t.Fatal(err)
					}
					took = append(took, time.Since(began))
				}
				slices.Sort(took)
				t.Logf("%s, %s: p50 %v, p99 %v", who.name, q.name, took[len(took)/2].Round(10*time.Microsecond), took[len(took)*99/100].Round(10*time.Microsecond))
			}
		}
	})
}
