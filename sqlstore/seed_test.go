package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestSeedBenchmark(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if err := db.SeedBenchmark(ctx, 200, nil); err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int{"agents": 20, "contacts": 100, "conversations": 200, "messages": 1000} {
			if n := db.CountRowsForTest(table); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
		me, err := db.FindAgentByEmail(switchboard.NewSystemContext(ctx), "agent04@bench.test")
		if err != nil {
			t.Fatal(err)
		}
		mine := list(t, db, switchboard.NewContextWithAgent(ctx, me), switchboard.ConversationFilter{View: switchboard.ViewMine, Limit: 100})
		if len(mine) != 10 {
			t.Errorf("agent 4 has %d conversations, want n/20 = 10", len(mine))
		}
		res, err := db.Search(switchboard.NewContextWithAgent(ctx, me), switchboard.SearchQuery{Q: "ORD-100150"})
		if err != nil || len(res.Messages) != 1 || res.Messages[0].ConversationID != 150 {
			t.Errorf("search for conversation 150's order: %+v, %v", res, err)
		}
		// The store goes on as usual afterwards: new rows get fresh ids.
		if _, err := db.CreateContact(switchboard.NewSystemContext(ctx), &switchboard.ContactInput{Name: ptr("After the seed")}); err != nil {
			t.Errorf("a contact after seeding: %v", err)
		}
		if err := db.SeedBenchmark(ctx, 200, nil); err == nil {
			t.Error("seeding a store twice was allowed")
		}
	})
}
