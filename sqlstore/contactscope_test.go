package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactScope: a contact is seen, read and changed by those who see one of its
// conversations (and by admins and supervisors, who see them all); to the others it does not
// exist. A contact with no conversation is everyone's. Adding or removing an address (where
// replies go) is a milestone in each of the contact's conversations.
func TestContactScope(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.start(t, w.annCtx, w.inbox1, w.carla, "hi Carla") // Sales: Ann's
		support := w.start(t, w.bobCtx, w.inbox2, w.dino, "hi Dino")
		dinoPhone := w.dino.Identities[0]

		// To Ann, Dino (a Support customer) does not exist.
		_, err := db.FindContactByID(w.annCtx, w.dino.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.UpdateContact(w.annCtx, w.dino.ID, &switchboard.ContactInput{Name: ptr("Mine now")})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.AddIdentity(w.annCtx, w.dino.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityEmail, ExternalID: "ann@evil.test"})
		wantCode(t, err, switchboard.ENOTFOUND)
		wantCode(t, db.DeleteIdentity(w.annCtx, w.dino.ID, dinoPhone.ID), switchboard.ENOTFOUND)
		_, err = db.FindContactFiles(w.annCtx, w.dino.ID, 0)
		wantCode(t, err, switchboard.ENOTFOUND)
		// Nor may she start a conversation with him, which would let her see him.
		_, _, err = db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.dino.ID, Text: "hello"})
		wantCode(t, err, switchboard.EINVALID)
		page, err := db.FindContacts(w.annCtx, switchboard.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Items {
			if c.ID == w.dino.ID {
				t.Errorf("Ann lists Dino: %+v", page.Items)
			}
		}
		if d, err := db.FindContactByID(w.adminCtx, w.dino.ID); err != nil || d.Name != "Dino Bianchi" || len(d.Identities) != 1 {
			t.Fatalf("Ann changed Dino: %+v, %v", d, err)
		}

		// A contact with no conversation is the shared address book's: Bob sees Ann's new one.
		eli, err := db.CreateContact(w.annCtx, &switchboard.ContactInput{Name: ptr("Eli")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.bobCtx, eli.ID, &switchboard.ContactInput{Language: ptr("it")}); err != nil {
			t.Errorf("Bob changes a contact with no conversation: %v", err)
		}
		page, err = db.FindContacts(w.annCtx, switchboard.ContactFilter{})
		if err != nil || len(page.Items) != 2 {
			t.Errorf("Ann lists %+v, %v; want Eli and Carla", page, err)
		}

		// Bob, of Support, changes Dino's addresses: each change is a milestone in Dino's thread.
		phone, err := db.AddIdentity(w.bobCtx, w.dino.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityPhone, ExternalID: "+39 333 555 6666"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteIdentity(w.bobCtx, w.dino.ID, dinoPhone.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.bobCtx, w.dino.ID, &switchboard.ContactInput{Name: ptr("Dino B.")}); err != nil {
			t.Fatal(err)
		}
		thread := func(ctx context.Context, conv int64) []*switchboard.Message {
			t.Helper()
			page, err := db.FindMessages(ctx, conv, switchboard.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return page.Items
		}
		var milestones []*switchboard.Message
		for _, m := range thread(w.bobCtx, support.ID) {
			if m.Kind == switchboard.KindActivity {
				milestones = append(milestones, m)
			}
		}
		if len(milestones) != 2 {
			t.Fatalf("milestones: %+v", milestones)
		}
		added, removed := milestones[0], milestones[1]
		if a := added.Activity; a.Action != "identity_added" || a.Identity == nil || a.Identity.ID != phone.ID || a.Identity.ExternalID != "+393335556666" ||
			added.SenderName != "bob" || added.Text != "bob added the phone address +393335556666 to the contact" {
			t.Errorf("added: %+v %+v", added, added.Activity)
		}
		if a := removed.Activity; a.Action != "identity_removed" || a.Identity == nil || a.Identity.Kind != switchboard.IdentityPhone ||
			a.Identity.ExternalID != "+393339998888" || removed.Text != "bob removed the phone address +393339998888 from the contact" {
			t.Errorf("removed: %+v %+v", removed, removed.Activity)
		}

		// Once Dino also writes to Sales, Ann sees him and may change him; the Support
		// conversation records what she did, for Bob to see.
		sales := w.start(t, w.adminCtx, w.inbox1, w.dino, "Dino on Sales")
		if _, err := db.FindContactByID(w.annCtx, w.dino.ID); err != nil {
			t.Fatalf("Ann, who sees a conversation of Dino: %v", err)
		}
		if _, err := db.AddIdentity(w.annCtx, w.dino.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityPhone, ExternalID: "+39 333 000 1111"}); err != nil {
			t.Fatal(err)
		}
		for _, conv := range []struct {
			ctx context.Context
			id  int64
		}{{w.bobCtx, support.ID}, {w.annCtx, sales.ID}} {
			th := thread(conv.ctx, conv.id)
			last := th[len(th)-1]
			if last.Kind != switchboard.KindActivity || last.Activity.Action != "identity_added" || last.SenderName != "ann" ||
				last.Activity.Identity.ExternalID != "+393330001111" {
				t.Errorf("conversation %d ends with %+v", conv.id, last)
			}
		}

		// Admins and supervisors see every contact.
		if _, err := db.UpdateContact(w.adminCtx, w.carla.ID, &switchboard.ContactInput{Language: ptr("it")}); err != nil {
			t.Errorf("admin: %v", err)
		}
		if _, err := db.AddIdentity(w.superCtx, w.carla.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityEmail, ExternalID: "carla@example.com"}); err != nil {
			t.Errorf("supervisor: %v", err)
		}
		// And Bob, who sees no conversation of Carla, may not.
		_, err = db.UpdateContact(w.bobCtx, w.carla.ID, &switchboard.ContactInput{Language: ptr("en")})
		wantCode(t, err, switchboard.ENOTFOUND)
	})
}
