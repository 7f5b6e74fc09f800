package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// Every way a message is written leaves it findable by its words, and the full-text index
// agreeing with the messages: webhooks that share a transaction, a reply, a deleted message, an
// import. (On SQLite the store writes the index itself, a transaction's messages at once.)
func TestTextIndexFollowsEveryWrite(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		// Webhooks at once, so that on SQLite several share one transaction.
		receiveAtOnce(t, db, ch, 8, func(i int) *switchboard.InboundBatch {
			return &switchboard.InboundBatch{InboxID: w.inbox1.ID, Messages: []*switchboard.InboundMessage{
				{From: "39333000111" + string(rune('0'+i)), ProviderID: "wamid.t" + string(rune('0'+i)), Text: "parcel quokka" + string(rune('a'+i))},
				{From: "39333000111" + string(rune('0'+i)), ProviderID: "wamid.u" + string(rune('0'+i)), Text: "second wombat"},
			}}
		})
		found := func(q string) int {
			t.Helper()
			r, err := db.Search(w.adminCtx, switchboard.SearchQuery{Q: q})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return len(r.Messages)
		}
		if n := found("quokkac"); n != 1 {
			t.Errorf("a webhook's message found %d times", n)
		}
		if n := found("wombat"); n != 8 {
			t.Errorf("the second messages of 8 webhooks found %d times", n)
		}

		conv := w.start(t, w.adminCtx, w.inbox1, w.carla, "opening platypus")
		reply, _, err := db.CreateMessage(w.adminCtx, conv.ID, &switchboard.MessageCreate{Text: "reply echidna"})
		if err != nil {
			t.Fatal(err)
		}
		if found("platypus") != 1 || found("echidna") != 1 {
			t.Error("a new conversation's message or a reply is not found")
		}
		if err := db.DeleteMessage(w.adminCtx, reply.ID); err != nil {
			t.Fatal(err)
		}
		if n := found("echidna"); n != 0 {
			t.Errorf("a deleted message found %d times", n)
		}

		if _, err := db.ImportConversations(w.adminCtx, w.inbox2.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{{
			ExternalID: "t-1", Contact: switchboard.ImportContact{Name: "Ivo", Phone: "+39 333 444 5555"},
			Messages: []switchboard.ImportMessage{{Direction: "incoming", Text: "imported numbat", CreatedAt: time.Now().Add(-time.Hour)},
				{Direction: "note", Text: "noted numbat", CreatedAt: time.Now().Add(-time.Minute)}},
		}}}); err != nil {
			t.Fatal(err)
		}
		if n := found("numbat"); n != 2 {
			t.Errorf("an imported message found %d times", n)
		}
		if err := db.CheckTextIndexForTest(); err != nil {
			t.Errorf("the full-text index disagrees with the messages: %v", err)
		}
	})
}

// Every write makes a segment of the index; the store merges them as it goes (FTS5's own
// merging is off, see mergeText), so many small writes leave a few segments, not hundreds, and
// nothing is lost in the merging.
func TestTextIndexStaysMerged(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		if n, _ := db.TextSegmentsForTest(); n < 0 {
			t.Skip("PostgreSQL's text index is a generated column: nothing to merge")
		}
		w := newWorld(t, db)
		conv := w.start(t, w.adminCtx, w.inbox1, w.carla, "opening wallaby")
		const writes = 1000
		for i := range writes {
			if _, _, err := db.CreateMessage(w.adminCtx, conv.ID, &switchboard.MessageCreate{Text: fmt.Sprintf("reply kangaroo%d bilby", i)}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.TextSegmentsForTest()
		if err != nil {
			t.Fatal(err)
		}
		if n > 6 { // 3 here; 11 with no merging but FTS5's last resort (16 segments of a level)
			t.Errorf("after %d writes the text index has %d segments", writes, n)
		}
		for _, q := range []string{"kangaroo0", "kangaroo117", "kangaroo199", "wallaby"} {
			if r, err := db.Search(w.adminCtx, switchboard.SearchQuery{Q: q}); err != nil || len(r.Messages) != 1 {
				t.Errorf("search %q: %v, %v", q, r, err)
			}
		}
		if err := db.CheckTextIndexForTest(); err != nil {
			t.Errorf("the full-text index disagrees with the messages: %v", err)
		}
	})
}
