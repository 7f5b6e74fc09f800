package sqlstore_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestFindContactsByIdentity: the contact an address belongs to is found by that address in
// any notation (what a shared contact card offers to open), within what the agent sees.
func TestFindContactsByIdentity(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.start(t, w.annCtx, w.inbox1, w.carla, "hi Carla")
		w.start(t, w.bobCtx, w.inbox2, w.dino, "hi Dino")
		find := func(_ any, kind switchboard.IdentityKind, id string) []*switchboard.Contact {
			t.Helper()
			page, err := db.FindContacts(w.annCtx, switchboard.ContactFilter{IdentityKind: kind, Identity: id})
			if err != nil {
				t.Fatal(err)
			}
			return page.Items
		}
		if got := find(nil, switchboard.IdentityPhone, "0039 333-111-2222"); len(got) != 1 || got[0].ID != w.carla.ID {
			t.Errorf("Carla by her number: %+v", got)
		}
		// Dino is Support's: to Ann his number belongs to nobody she may see.
		if got := find(nil, switchboard.IdentityPhone, "+39 333 999 8888"); len(got) != 0 {
			t.Errorf("Ann finds Dino by his number: %+v", got)
		}
		if page, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{IdentityKind: switchboard.IdentityPhone, Identity: "+393339998888"}); err != nil ||
			len(page.Items) != 1 || page.Items[0].ID != w.dino.ID {
			t.Errorf("the admin finds Dino: %+v %v", page, err)
		}
		if got := find(nil, switchboard.IdentityEmail, "nobody@example.com"); len(got) != 0 {
			t.Errorf("an address nobody has: %+v", got)
		}
		_, err := db.FindContacts(w.annCtx, switchboard.ContactFilter{IdentityKind: switchboard.IdentityPhone, Identity: "call me"})
		wantFieldErr(t, err, switchboard.EINVALID, "identity")
		_, err = db.FindContacts(w.annCtx, switchboard.ContactFilter{Identity: "+393331112222"})
		wantFieldErr(t, err, switchboard.EINVALID, "identity_kind")
	})
}
