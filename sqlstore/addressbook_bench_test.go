package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// seedSize is how many things a measurement at scale seeds, from the environment variable env;
// the test is skipped when it is unset.
func seedSize(t *testing.T, env, what string) int {
	t.Helper()
	n, _ := strconv.Atoi(os.Getenv(env))
	if n <= 0 {
		t.Skip("set " + env + " to the number of " + what + " to seed")
	}
	return n
}

// TestAddressBookAtScale measures the address book's first page at scale: the store is seeded
// with SWITCHBOARD_BENCH_CONTACTS contacts (skipped when unset; 1000000 for the figure in
// docs/performance.md), then each query below runs 50 times as an admin and as an agent (who
// sees contacts without conversations: all of them), and its p50 and p99 are logged. Each
// answer is checked. Run it with
//
//	SWITCHBOARD_BENCH_CONTACTS=1000000 SWITCHBOARD_TEST_POSTGRES_URL=… \
//	  go test -run TestAddressBookAtScale -v -timeout 60m ./sqlstore/
func TestAddressBookAtScale(t *testing.T) {
	n := seedSize(t, "SWITCHBOARD_BENCH_CONTACTS", "contacts")
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		vip, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("VIP")})
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		if err := db.SeedContacts(w.sys, n, vip.ID); err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded %d contacts in %v", n, time.Since(began).Round(time.Second))
		mid := n / 2
		queries := []struct {
			name string
			f    switchboard.ContactFilter
			ok   func(p *switchboard.ContactPage) bool
		}{
			{"name word", switchboard.ContactFilter{Query: "giulia"}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"two words", switchboard.ContactFilter{Query: "giulia rossi"}, func(p *switchboard.ContactPage) bool { return len(p.Items) > 0 }},
			{"unique number", switchboard.ContactFilter{Query: strconv.Itoa(mid + 2)}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 1 }},
			{"email", switchboard.ContactFilter{Query: fmt.Sprintf("c%d@seed.test", mid+2)}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 1 && p.Items[0].ID == int64(mid+2) }},
			{"phone digits", switchboard.ContactFilter{Query: fmt.Sprintf("3%09d", mid+2)[:8]}, func(p *switchboard.ContactPage) bool { return len(p.Items) > 0 }},
			{"prefix", switchboard.ContactFilter{Query: "giu"}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"phone prefix", switchboard.ContactFilter{Query: fmt.Sprintf("+393%09d", mid+2)[:10]}, func(p *switchboard.ContactPage) bool { return len(p.Items) > 0 }},
			{"no hits", switchboard.ContactFilter{Query: "xylophone"}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 0 }},
			{"by name", switchboard.ContactFilter{Sort: switchboard.SortName}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"last seen", switchboard.ContactFilter{Sort: switchboard.SortLastSeen}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"label", switchboard.ContactFilter{Label: "VIP"}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"blocked", switchboard.ContactFilter{Blocked: ptr(true)}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
			{"seen this week", switchboard.ContactFilter{SeenAfter: time.Now().AddDate(0, 0, -7)}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }},
		}
		measure := func(who string, ctx context.Context, name string, f switchboard.ContactFilter, ok func(p *switchboard.ContactPage) bool, runs int) {
			t.Helper()
			var took []time.Duration
			for range runs {
				start := time.Now()
				p, err := db.FindContacts(ctx, f)
				took = append(took, time.Since(start))
				if err != nil || !ok(p) {
					t.Fatalf("%s %s: %d items, %v", who, name, len(p.Items), err)
				}
			}
			slices.Sort(took)
			t.Logf("%s %-22s p50 %8v  p99 %8v", who, name, took[runs/2-1].Round(10*time.Microsecond), took[runs-1].Round(10*time.Microsecond))
		}
		actors := []struct {
			name string
			ctx  context.Context
		}{{"admin", w.adminCtx}, {"agent", w.annCtx}}
		if os.Getenv("SWITCHBOARD_BENCH_ONLY") == "attr" { // the attribute filter's figures only
			queries = nil
		}
		for _, who := range actors {
			for _, q := range queries {
				measure(who.name, who.ctx, q.name, q.f, q.ok, 50)
			}
		}
		// The attribute filter: every contact has a plan (a third pro, one in a thousand
		// enterprise), read first as an undefined key (each contact's JSON), then defined (its index).
		full := func(p *switchboard.ContactPage) bool { return len(p.Items) == 25 }
		some := func(p *switchboard.ContactPage) bool { return len(p.Items) == min(25, n/1000) }
		attrs := []struct {
			name string
			f    switchboard.ContactFilter
			ok   func(p *switchboard.ContactPage) bool
		}{
			{"plan rare (enterprise)", switchboard.ContactFilter{Attr: "plan", AttrValue: "enterprise"}, some},
			{"plan common (free)", switchboard.ContactFilter{Attr: "plan", AttrValue: "free"}, full},
			{"plan nobody (gold)", switchboard.ContactFilter{Attr: "plan", AttrValue: "gold"}, func(p *switchboard.ContactPage) bool { return len(p.Items) == 0 }},
			{"plan set", switchboard.ContactFilter{Attr: "plan"}, full},
			{"plan rare, by name", switchboard.ContactFilter{Attr: "plan", AttrValue: "enterprise", Sort: switchboard.SortName}, some},
			{"plan pro, by name", switchboard.ContactFilter{Attr: "plan", AttrValue: "pro", Sort: switchboard.SortName}, full},
		}
		for _, who := range actors {
			for _, q := range attrs {
				measure(who.name, who.ctx, "undefined "+q.name, q.f, q.ok, 6)
			}
		}
		began = time.Now()
		if _, err := db.CreateContactAttribute(w.adminCtx, &switchboard.ContactAttributeInput{Key: ptr("plan"), Label: ptr("Plan"),
			Type: ptr(switchboard.AttrList), Options: &[]string{"free", "pro", "enterprise"}}); err != nil {
			t.Fatal(err)
		}
		t.Logf("defined plan (its index built) in %v", time.Since(began).Round(time.Millisecond))
		for _, who := range actors {
			for _, q := range attrs {
				measure(who.name, who.ctx, "defined "+q.name, q.f, q.ok, 50)
			}
		}
	})
}
