package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAddressBookSearchRanking: a query lists first the contacts it names exactly (a whole
// email, a phone number however written, the whole name), then the others it finds, newest
// first; pages follow on across the two parts; agents see only their contacts; a query without
// hits lists nothing.
func TestAddressBookSearchRanking(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mk := func(name, email, phone string) *switchboard.Contact {
			t.Helper()
			in := &switchboard.ContactInput{Name: ptr(name)}
			if email != "" {
				in.Email = ptr(email)
			}
			if phone != "" {
				in.Phone = ptr(phone)
			}
			c, err := db.CreateContact(w.sys, in)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		anna := mk("Anna Verdi", "anna@shop.test", "+39 347 555 0101")
		mario := mk("Mario Rossi", "", "")
		mk("Anna Shop", "anna@shop.testing.example", "")
		mk("Mario Rossini", "", "")
		mk("Mario Rossi Jr", "", "")
		hidden := mk("Anna Hidden", "anna.hidden@shop.test", "+44 7700 900123")
		w.start(t, w.bobCtx, w.inbox2, hidden, "Hello") // inbox2 is not ann's
		names := func(t *testing.T, ctx context.Context, f switchboard.ContactFilter) []string {
			t.Helper()
			out := []string{}
			for {
				page, err := db.FindContacts(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Items {
					out = append(out, c.Name)
				}
				if page.NextCursor == "" {
					return out
				}
				f.Cursor = page.NextCursor
			}
		}
		for _, tt := range []struct {
			name, q string
			want    []string
		}{
			{"a whole email first, then the newest", "anna@shop.test", []string{"Anna Verdi", "Anna Shop"}},
			{"the whole name first, then the newest", "mario rossi", []string{"Mario Rossi", "Mario Rossi Jr", "Mario Rossini"}},
			{"a phone number however written", "0039 347-555 0101", []string{"Anna Verdi"}},
			{"phone digits without the country code", "347 555", []string{"Anna Verdi"}},
			{"a common word, newest first", "anna", []string{"Anna Hidden", "Anna Shop", "Anna Verdi"}},
			{"no hit", "zebra", []string{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				for _, limit := range []int{1, 2, 25} {
					if diff := cmp.Diff(tt.want, names(t, w.adminCtx, switchboard.ContactFilter{Query: tt.q, Limit: limit})); diff != "" {
						t.Errorf("query %q, %d a page (-want +got):\n%s", tt.q, limit, diff)
					}
				}
			})
		}
		t.Run("agents see their contacts only", func(t *testing.T) {
			if got := names(t, w.annCtx, switchboard.ContactFilter{Query: "anna.hidden@shop.test"}); len(got) != 0 {
				t.Errorf("ann finds %v, want nothing", got)
			}
			if diff := cmp.Diff([]string{"Anna Shop", "Anna Verdi"}, names(t, w.annCtx, switchboard.ContactFilter{Query: "anna"})); diff != "" {
				t.Errorf("ann's anna (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"Anna Hidden"}, names(t, w.bobCtx, switchboard.ContactFilter{Query: "anna.hidden@shop.test"})); diff != "" {
				t.Errorf("bob's (-want +got):\n%s", diff)
			}
		})
		_ = anna
		_ = mario
	})
}

// TestAddressBookSearchWalk: a common word's page found by walking the order's index is the page
// found by sorting every hit, on every order and page, for an admin and for an agent.
func TestAddressBookSearchWalk(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if err := db.SeedContacts(w.sys, 2000, 0); err != nil {
			t.Fatal(err)
		}
		// Some of the seeded contacts are the customers of bob's inbox, which ann does not see.
		for _, q := range []string{"c1200@seed.test", "c1240@seed.test", "c1880@seed.test"} {
			page, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Query: q})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("%s: %v %v", q, page, err)
			}
			w.start(t, w.bobCtx, w.inbox2, page.Items[0], "Hello")
		}
		all := func(ctx context.Context, f switchboard.ContactFilter) []string {
			t.Helper()
			var out []string
			for {
				page, err := db.FindContacts(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Items {
					out = append(out, fmt.Sprint(c.ID))
				}
				if page.NextCursor == "" || len(out) > 120 {
					return out
				}
				f.Cursor = page.NextCursor
			}
		}
		for _, sort := range []switchboard.ContactSort{switchboard.SortCreated, switchboard.SortName, switchboard.SortLastSeen} {
			for _, q := range []string{"giulia", "anna", "seed", "c12"} {
				for who, ctx := range map[string]context.Context{"admin": w.adminCtx, "ann": w.annCtx} {
					f := switchboard.ContactFilter{Query: q, Sort: sort, Limit: 7}
					db.SetContactSearchBoundsForTest(1<<30, -1) // every hit sorted
					want := all(ctx, f)
					db.SetContactSearchBoundsForTest(0, 1<<30) // the index walked
					got := all(ctx, f)
					if len(want) == 0 {
						t.Fatalf("%s %q: no hits", sort, q)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s %s %q: walked against sorted (-sorted +walked):\n%s", who, sort, q, diff)
					}
					if who == "ann" && q == "seed" && slices.Contains(got, "1200") {
						t.Errorf("ann finds contact 1200 of bob's inbox")
					}
				}
			}
		}
	})
}
