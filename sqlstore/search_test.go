package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestSearch(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c1 := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello, about order ORD-150000: the refund for the invoice")
		c2 := w.start(t, w.bobCtx, w.inbox2, w.dino, "Your invoice payment was received, no refund needed")
		if _, _, err := db.CreateMessage(w.annCtx, c1.ID, &switchboard.MessageCreate{Text: "Il rimborso è stato emesso"}); err != nil {
			t.Fatal(err)
		}
		convs := func(r *switchboard.SearchResult) map[int64]bool {
			out := map[int64]bool{}
			for _, h := range r.Messages {
				out[h.ConversationID] = true
			}
			return out
		}
		for _, tt := range []struct {
			name    string
			q       string
			as      string
			want    []int64
			notWant []int64
		}{
			{"common word, admin", "refund", "admin", []int64{c1.ID, c2.ID}, nil},
			{"common word, ann sees only her inbox", "refund", "ann", []int64{c1.ID}, []int64{c2.ID}},
			{"unique token", "ORD-150000", "admin", []int64{c1.ID}, []int64{c2.ID}},
			{"two words", "invoice payment", "admin", []int64{c2.ID}, []int64{c1.ID}},
			{"prefix of the last word", "paym", "admin", []int64{c2.ID}, nil},
			{"accented word", "rimborso", "ann", []int64{c1.ID}, nil},
			{"no hits", "zebra", "admin", nil, []int64{c1.ID, c2.ID}},
			{"query syntax is inert", `"refund*" ( -`, "admin", []int64{c1.ID, c2.ID}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ctx := w.adminCtx
				if tt.as == "ann" {
					ctx = w.annCtx
				}
				res, err := db.Search(ctx, switchboard.SearchQuery{Q: tt.q})
				if err != nil {
					t.Fatal(err)
				}
				got := convs(res)
				for _, id := range tt.want {
					if !got[id] {
						t.Errorf("conversation %d not found; hits %v", id, got)
					}
				}
				for _, id := range tt.notWant {
					if got[id] {
						t.Errorf("conversation %d found but should not be", id)
					}
				}
			})
		}
		res, err := db.Search(w.annCtx, switchboard.SearchQuery{Q: "carla"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Contacts) != 1 || res.Contacts[0].Contact.ID != w.carla.ID {
			t.Errorf("contact search for carla = %+v", res.Contacts)
		}
		res, err = db.Search(w.bobCtx, switchboard.SearchQuery{Q: "+39333999"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Contacts) != 1 || res.Contacts[0].Contact.ID != w.dino.ID {
			t.Errorf("contact search by phone prefix = %+v", res.Contacts)
		}
		// Dino writes only to Support: Ann, who does not see it, does not find him.
		if res, err = db.Search(w.annCtx, switchboard.SearchQuery{Q: "+39333999"}); err != nil || len(res.Contacts) != 0 {
			t.Errorf("Ann's contact search by Dino's phone = %+v, %v", res.Contacts, err)
		}
		res, err = db.Search(w.annCtx, switchboard.SearchQuery{Q: "ORD-150000"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Messages) == 0 || res.Messages[0].ContactName != "Carla Rossi" || res.Messages[0].ContactHandle != "+393331112222" || res.Messages[0].Snippet == "" {
			t.Errorf("hit = %+v", res.Messages)
		}
		_, err = db.Search(w.annCtx, switchboard.SearchQuery{Q: " "})
		wantCode(t, err, switchboard.EINVALID)
	})
}

// PostgreSQL caches a plan for a statement after its first few runs, made for any words: after
// searches for common words it walks the messages newest first and tests each, which for a rare
// word reads every message (seconds at a million conversations). Searches are planned for their
// own words.
func TestSearchIsPlannedForItsWords(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "plans")
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "about your refund"}); err != nil {
			t.Fatal(err)
		}
		for range 12 {
			for _, ctx := range []context.Context{w.adminCtx, w.annCtx} {
				if _, err := db.Search(ctx, switchboard.SearchQuery{Q: "refund"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, fragment := range []string{"search @@", "FROM contacts"} {
			if n := db.CachedPlansForTest(fragment); n != 0 {
				t.Errorf("%d searches (%q) ran on a plan cached in advance; want none", n, fragment)
			}
		}
	})
}
