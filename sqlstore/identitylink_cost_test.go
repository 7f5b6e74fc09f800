package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestIdentityLinkingCost measures what identity linking adds to the inbound path. Only a
// message from a new address looks anything up (one probe of contacts_phone, or of
// contacts_email_lower); a known sender's messages do not. With SWITCHBOARD_BENCH_CONTACTS
// contacts seeded (skipped when unset; 100000 for the figure in docs/api.md) it logs the
// lookup's own time per new address, a miss (nobody recorded the number) and a hit (the
// number is one contact's recorded phone), against a whole first message from a new sender
// and a next message from a known one:
//
//	SWITCHBOARD_BENCH_CONTACTS=100000 SWITCHBOARD_TEST_POSTGRES_URL=… \
//	  go test -run TestIdentityLinkingCost -v ./sqlstore/
func TestIdentityLinkingCost(t *testing.T) {
	n := seedSize(t, "SWITCHBOARD_BENCH_CONTACTS", "contacts")
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		vip, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("VIP")})
		if err != nil {
			t.Fatal(err)
		}
		const k = 500
		var misses, hits []string
		for i := range k {
			misses = append(misses, fmt.Sprintf("+447%09d", i))
		}
		// Hits: contacts whose phone is recorded as a field only (the team typed it in).
		for i := range 20 {
			c, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr(fmt.Sprintf("Hit %d", i))})
			if err != nil {
				t.Fatal(err)
			}
			phone := fmt.Sprintf("+336%08d", i)
			if _, err := db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{Phone: &phone}); err != nil {
				t.Fatal(err)
			}
			hits = append(hits, phone)
		}
		// (Seeded after the contacts made one by one: the seed writes its own ids.)
		if err := db.SeedContacts(w.sys, n, vip.ID); err != nil {
			t.Fatal(err)
		}
		per := func(d time.Duration, n int) time.Duration { return (d / time.Duration(n)).Round(time.Microsecond) }
		began := time.Now()
		owners, err := db.RecordedOwnersForTest(w.sys, switchboard.IdentityPhone, misses)
		if err != nil {
			t.Fatal(err)
		}
		miss := per(time.Since(began), k)
		for _, o := range owners {
			if o != 0 {
				t.Fatalf("a new number found an owner")
			}
		}
		began = time.Now()
		for range k / len(hits) {
			if owners, err = db.RecordedOwnersForTest(w.sys, switchboard.IdentityPhone, hits); err != nil {
				t.Fatal(err)
			}
		}
		hit := per(time.Since(began), k)
		for _, o := range owners {
			if o == 0 {
				t.Fatalf("a recorded number found no owner")
			}
		}
		receive := func(from func(i int) string, prefix string) time.Duration {
			began := time.Now()
			for i := range k {
				if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from(i), ProviderID: fmt.Sprintf("%s-%d", prefix, i), Text: "hello"}); err != nil {
					t.Fatal(err)
				}
			}
			return per(time.Since(began), k)
		}
		first := receive(func(i int) string { return misses[i] }, "first")
		next := receive(func(i int) string { return misses[i] }, "next")
		t.Logf("%d contacts: linking lookup per new address %v (miss), %v (hit, within one transaction); a new sender's first message %v, a known sender's next message %v (no lookup)",
			n, miss, hit, first, next)
	})
}
