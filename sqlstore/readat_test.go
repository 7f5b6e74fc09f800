package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestReadAtIsTheAgentsWatermark: a conversation tells the agent asking when they last read it
// (nil before they ever did), in the list as in a single read, so that messages after it can be
// marked new; "mark all read" moves it for every conversation, and another agent's reads do not.
func TestReadAtIsTheAgentsWatermark(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.adminCtx, w.inbox1, w.carla, "first")
		readAt := func(ctx context.Context) *time.Time {
			t.Helper()
			got, err := db.FindConversationByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.FindConversations(ctx, switchboard.ConversationFilter{View: switchboard.ViewAll, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 1 || !sameTime(page.Items[0].ReadAt, got.ReadAt) {
				t.Fatalf("the list says read at %v, the conversation %v", page.Items, got.ReadAt)
			}
			return got.ReadAt
		}
		if at := readAt(w.annCtx); at != nil {
			t.Fatalf("ann never read it, read_at = %v", at)
		}
		if err := db.MarkRead(w.annCtx, c.ID); err != nil {
			t.Fatal(err)
		}
		read := readAt(w.annCtx)
		m, _, err := db.CreateMessage(w.adminCtx, c.ID, &switchboard.MessageCreate{Text: "second"})
		if err != nil {
			t.Fatal(err)
		}
		if read == nil || !m.CreatedAt.After(*read) || !sameTime(readAt(w.annCtx), read) {
			t.Fatalf("read at %v, then a message at %v: want it after the read, the read unchanged", read, m.CreatedAt)
		}
		if at := readAt(w.superCtx); at != nil {
			t.Errorf("ann's read shows as the supervisor's: %v", at)
		}
		if err := db.MarkAllRead(w.annCtx); err != nil {
			t.Fatal(err)
		}
		if all := readAt(w.annCtx); all == nil || all.Before(m.CreatedAt) {
			t.Errorf("after mark all read, read at %v, want after %v", all, m.CreatedAt)
		}
		if at := readAt(w.sys); at != nil {
			t.Errorf("the system has read state: %v", at)
		}
	})
}

func sameTime(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}
