package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// names lists the names of every page of the filter, following the cursors, so paging is
// exercised with a small limit.
func names(t *testing.T, db *sqlstore.DB, ctx context.Context, f switchboard.ContactFilter) []string {
	t.Helper()
	f.Limit = 2
	var out []string
	for pages := 0; ; pages++ {
		page, err := db.FindContacts(ctx, f)
		if err != nil {
			t.Fatalf("find contacts %+v: %v", f, err)
		}
		for _, c := range page.Items {
			out = append(out, c.Name)
		}
		if page.NextCursor == "" || pages > 50 {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// TestAddressBook: the address book's search, filters and sorts, each paged by its keyset
// cursor, and always within what the actor sees.
func TestAddressBook(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("VIP")}); err != nil {
			t.Fatal(err)
		}
		mk := func(in switchboard.ContactInput) *switchboard.Contact {
			t.Helper()
			c, err := db.CreateContact(w.adminCtx, &in)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		mk(switchboard.ContactInput{Name: ptr("anna verdi"), Email: ptr("anna@example.com"), Labels: &[]string{"VIP"}})
		zed := mk(switchboard.ContactInput{Name: ptr("Zed"), Email: ptr("zed@example.com")})
		mk(switchboard.ContactInput{Name: ptr("Bruno"), Phone: ptr("+44 20 7946 0000"), Blocked: ptr(true),
			Identities: []switchboard.IdentityInput{{Kind: switchboard.IdentityTelegram, ExternalID: "brunotg"}}})
		if _, err := db.UpdateContact(w.adminCtx, zed.ID, &switchboard.ContactInput{Labels: &[]string{"vip"}}); err != nil {
			t.Fatal(err)
		}
		// Carla writes in: she was last seen now.
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222", ProviderID: "wamid.ab1", Text: "hi"}); err != nil {
			t.Fatal(err)
		}
		w.start(t, w.bobCtx, w.inbox2, w.dino, "hi Dino") // Dino is Support's: not Ann's

		all := []string{"Bruno", "Zed", "anna verdi", "Dino Bianchi", "Carla Rossi"}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			f    switchboard.ContactFilter
			want []string
		}{
			{"newest first", w.adminCtx, switchboard.ContactFilter{}, all},
			{"by name", w.adminCtx, switchboard.ContactFilter{Sort: switchboard.SortName},
				[]string{"anna verdi", "Bruno", "Carla Rossi", "Dino Bianchi", "Zed"}},
			{"by name, Ann", w.annCtx, switchboard.ContactFilter{Sort: switchboard.SortName},
				[]string{"anna verdi", "Bruno", "Carla Rossi", "Zed"}},
			{"last seen first", w.adminCtx, switchboard.ContactFilter{Sort: switchboard.SortLastSeen},
				[]string{"Carla Rossi", "Bruno", "Zed", "anna verdi", "Dino Bianchi"}},
			{"label", w.adminCtx, switchboard.ContactFilter{Label: "vip", Sort: switchboard.SortName}, []string{"anna verdi", "Zed"}},
			{"blocked", w.adminCtx, switchboard.ContactFilter{Blocked: ptr(true)}, []string{"Bruno"}},
			{"not blocked", w.annCtx, switchboard.ContactFilter{Blocked: ptr(false), Sort: switchboard.SortName},
				[]string{"anna verdi", "Carla Rossi", "Zed"}},
			{"channel", w.adminCtx, switchboard.ContactFilter{Channel: switchboard.IdentityPhone, Sort: switchboard.SortName},
				[]string{"Bruno", "Carla Rossi", "Dino Bianchi"}},
			{"channel, Ann", w.annCtx, switchboard.ContactFilter{Channel: switchboard.IdentityPhone, Sort: switchboard.SortName},
				[]string{"Bruno", "Carla Rossi"}},
			{"seen this week", w.adminCtx, switchboard.ContactFilter{SeenAfter: time.Now().AddDate(0, 0, -7)}, []string{"Carla Rossi"}},
			{"seen before a week ago", w.adminCtx, switchboard.ContactFilter{SeenBefore: time.Now().AddDate(0, 0, -7)}, nil},
			{"name prefix", w.adminCtx, switchboard.ContactFilter{Query: "Ver"}, []string{"anna verdi"}},
			{"email", w.adminCtx, switchboard.ContactFilter{Query: "zed@example"}, []string{"Zed"}},
			{"phone digits", w.adminCtx, switchboard.ContactFilter{Query: "+39333999"}, []string{"Dino Bianchi"}},
			{"phone digits, Ann", w.annCtx, switchboard.ContactFilter{Query: "+39333999"}, nil},
			{"handle", w.annCtx, switchboard.ContactFilter{Query: "@brunotg"}, []string{"Bruno"}},
		} {
			if got := names(t, db, tc.ctx, tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
			}
		}

		// A cursor of one order is refused by another.
		page, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Limit: 1, Sort: switchboard.SortName})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.FindContacts(w.adminCtx, switchboard.ContactFilter{Limit: 1, Cursor: page.NextCursor})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.FindContacts(w.adminCtx, switchboard.ContactFilter{Sort: "age"})
		wantCode(t, err, switchboard.EINVALID)

		// The export holds every contact of the filter the actor sees, past any page size.
		var exported []string
		if err := db.ExportContacts(w.annCtx, switchboard.ContactFilter{Sort: switchboard.SortName, Limit: 1}, func(c *switchboard.Contact) error {
			exported = append(exported, c.Name)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if want := []string{"anna verdi", "Bruno", "Carla Rossi", "Zed"}; !slices.Equal(exported, want) {
			t.Errorf("Ann's export = %q, want %q", exported, want)
		}
	})
}
