package sqlstore_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestEventLogVisibilityAndOrder(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c1 := w.start(t, w.annCtx, w.inbox1, w.carla, "one")
		c2 := w.start(t, w.bobCtx, w.inbox2, w.dino, "two")
		if err := db.MarkUnread(w.bobCtx, c2.ID); err != nil {
			t.Fatal(err)
		}

		all, err := db.FindEvents(w.sys, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(all); i++ {
			if all[i].ID <= all[i-1].ID {
				t.Fatalf("event ids not increasing: %d then %d", all[i-1].ID, all[i].ID)
			}
		}
		ann, err := db.FindEvents(w.annCtx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		sawOwn := false
		for _, e := range ann {
			if e.ConversationID != nil && *e.ConversationID == c2.ID {
				t.Errorf("ann received event %s of a conversation in another inbox", e.Type)
			}
			if e.AgentID != nil && *e.AgentID != w.ann.ID {
				t.Errorf("ann received %s meant for agent %d", e.Type, *e.AgentID)
			}
			if e.Type == switchboard.EventConversationCreated && *e.ConversationID == c1.ID {
				sawOwn = true
			}
		}
		if !sawOwn {
			t.Error("ann did not receive the creation of her own conversation")
		}
		// Resuming after an id returns exactly the rest.
		mid := all[len(all)/2].ID
		rest, err := db.FindEvents(w.sys, mid, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rest) == 0 || rest[0].ID <= mid || rest[len(rest)-1].ID != all[len(all)-1].ID {
			t.Errorf("resume after %d returned %d events", mid, len(rest))
		}
		if last, err := db.LastEventID(w.sys); err != nil || last != all[len(all)-1].ID {
			t.Errorf("LastEventID = %d, %v; want %d", last, err, all[len(all)-1].ID)
		}
		// A commit that wrote events signals Changes.
		select {
		case <-db.Changes():
		default:
			t.Error("no change signalled after commits")
		}
	})
}
