package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestInboundIdentityLinking: a first message from an address the team recorded as one
// contact's phone or email joins that contact, credited to the identity linking; two contacts
// with that number, or a contact who writes from another number, link nobody.
func TestInboundIdentityLinking(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ctx := w.adminCtx
		// Recorded by hand after the contact was created: a phone field, no phone identity.
		eva, err := db.CreateContact(ctx, &switchboard.ContactInput{Name: ptr("Eva Verdi")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(ctx, eva.ID, &switchboard.ContactInput{Phone: ptr("+39 333 444 5555")}); err != nil {
			t.Fatal(err)
		}
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393334445555", ProviderID: "e-1", Text: "Eva here", ContactName: "~eva"})
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactID != eva.ID {
			t.Fatalf("Eva's recorded number started a conversation of contact %d, want Eva (%d)", conv.ContactID, eva.ID)
		}
		got, err := db.FindContactByID(ctx, eva.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Eva Verdi" || len(got.Identities) != 1 || got.Identities[0].ExternalID != "+393334445555" {
			t.Errorf("Eva after linking: %+v", got)
		}
		page, err := db.FindMessages(ctx, conv.ID, switchboard.MessageFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		linked := false
		for _, m := range page.Items {
			if m.Activity != nil && m.Activity.Action == "identity_added" && m.Activity.Automation != nil &&
				m.Activity.Automation.Kind == switchboard.AutomationIdentityLinking {
				linked = true
			}
		}
		if !linked {
			t.Errorf("no identity-linking milestone in %+v", page.Items)
		}
		// The next message costs no lookup and lands on Eva too.
		if _, conv2, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393334445555", ProviderID: "e-2", Text: "again"}); err != nil || conv2.ID != conv.ID {
			t.Fatalf("second message: %v, %+v", err, conv2)
		}

		// Two contacts with the same recorded number: neither is chosen; a suggestion instead.
		var twins []int64
		for _, name := range []string{"Fabio Neri", "Fabia Neri"} {
			c, err := db.CreateContact(ctx, &switchboard.ContactInput{Name: ptr(name)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.UpdateContact(ctx, c.ID, &switchboard.ContactInput{Phone: ptr("+39 333 555 6666")}); err != nil {
				t.Fatal(err)
			}
			twins = append(twins, c.ID)
		}
		_, conv, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393335556666", ProviderID: "f-1", Text: "who am I"})
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactID == twins[0] || conv.ContactID == twins[1] {
			t.Fatalf("a number two contacts have was linked to one of them")
		}
		sugg, err := mergeService(db).SuggestMerges(ctx, conv.ContactID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sugg) != 2 || sugg[0].Reason != switchboard.ReasonSamePhone {
			t.Errorf("the new contact's suggestions: %+v", sugg)
		}

		// A contact who writes from another number already: the recorded one is not theirs for sure.
		gino, err := db.CreateContact(ctx, &switchboard.ContactInput{Name: ptr("Gino Blu"), Phone: ptr("+39 333 777 0000")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(ctx, gino.ID, &switchboard.ContactInput{Phone: ptr("+39 333 777 0001")}); err != nil {
			t.Fatal(err)
		}
		if _, conv, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393337770001", ProviderID: "g-1", Text: "hi"}); err != nil {
			t.Fatal(err)
		} else if conv.ContactID == gino.ID {
			t.Errorf("linked to a contact who has another number of that kind")
		}

		// A name alone links nobody.
		if _, conv, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393338880000", ProviderID: "n-1", Text: "hi", ContactName: "Eva Verdi"}); err != nil {
			t.Fatal(err)
		} else if conv.ContactID == eva.ID {
			t.Errorf("linked by name alone")
		}
	})
}

// TestInboundEmailLinking: an email's first message joins the contact whose email field the
// team set, whatever the case of the address.
func TestInboundEmailLinking(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mail, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Mail")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.adminCtx, w.carla.ID, &switchboard.ContactInput{Email: ptr("carla@shop.test")}); err != nil {
			t.Fatal(err)
		}
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: mail.ID, From: "Carla@Shop.TEST", ProviderID: "<c1@shop.test>", Text: "order?", Subject: "Order", Threaded: true})
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactID != w.carla.ID {
			t.Errorf("Carla's recorded email started a conversation of contact %d, want %d", conv.ContactID, w.carla.ID)
		}
	})
}

// TestVerifiedVisitorLinking: a visitor whose site verified their email joins the one contact
// with that email through a recorded merge, which an admin can undo; an email two contacts
// share, a name alone, or a dismissed pair link nobody.
func TestVerifiedVisitorLinking(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		svc := mergeService(db)
		chat, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWebChat, Name: ptr("Chat")})
		if err != nil {
			t.Fatal(err)
		}
		gina, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Gina Rosa"), Email: ptr("gina@shop.test")})
		if err != nil {
			t.Fatal(err)
		}
		visitor := func(id *switchboard.VisitorIdentify) (*switchboard.Visitor, int64) {
			t.Helper()
			v, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
			if err != nil {
				t.Fatal(err)
			}
			msg, _, err := db.VisitorSend(w.sys, v.ID, 0, &switchboard.VisitorMessage{Text: "hello"})
			if err != nil {
				t.Fatal(err)
			}
			if v, err = db.IdentifyVisitor(w.sys, v.ID, id, true); err != nil {
				t.Fatal(err)
			}
			return v, msg.ConversationID
		}
		v, convID := visitor(&switchboard.VisitorIdentify{UserID: "u1", Email: "Gina@Shop.test"})
		m, err := svc.LinkVerified(w.sys, v.ContactID, "Gina@Shop.test", "")
		if err != nil {
			t.Fatal(err)
		}
		if m == nil || m.SurvivorID != gina.ID || m.OtherID != v.ContactID || m.ActorName != "Identity linking" || m.ActorID != nil {
			t.Fatalf("merge = %+v", m)
		}
		conv, err := db.FindConversationByID(w.adminCtx, convID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactID != gina.ID {
			t.Errorf("the visitor's conversation is with contact %d, want Gina %d", conv.ContactID, gina.ID)
		}
		if _, err := svc.UnmergeContacts(w.adminCtx, m.ID); err != nil {
			t.Fatalf("an admin undoes the automatic link: %v", err)
		}
		if conv, _ = db.FindConversationByID(w.adminCtx, convID); conv.ContactID != v.ContactID {
			t.Errorf("after the undo the conversation is with %d, want %d", conv.ContactID, v.ContactID)
		}
		// Dismissed as not the same person: never linked again.
		if err := svc.DismissSuggestion(w.adminCtx, gina.ID, v.ContactID); err != nil {
			t.Fatal(err)
		}
		if m, err := svc.LinkVerified(w.sys, v.ContactID, "gina@shop.test", ""); err != nil || m != nil {
			t.Errorf("a dismissed pair was linked: %+v, %v", m, err)
		}

		// Two contacts with the email: no link.
		for _, name := range []string{"Hugo Uno", "Hugo Due"} {
			c, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr(name)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{Email: ptr("hugo@shop.test")}); err != nil {
				t.Fatal(err)
			}
		}
		v, _ = visitor(&switchboard.VisitorIdentify{UserID: "u2", Email: "hugo@shop.test"})
		if m, err := svc.LinkVerified(w.sys, v.ContactID, "hugo@shop.test", ""); err != nil || m != nil {
			t.Errorf("an email two contacts have was linked: %+v, %v", m, err)
		}
		// A name alone: no link.
		v, _ = visitor(&switchboard.VisitorIdentify{UserID: "u3", Name: "Gina Rosa"})
		if m, err := svc.LinkVerified(w.sys, v.ContactID, "", ""); err != nil || m != nil {
			t.Errorf("a name linked: %+v, %v", m, err)
		}
		// A phone number, in another notation than the contact's.
		v, _ = visitor(&switchboard.VisitorIdentify{UserID: "u4", Phone: "0039 333 111 2222"})
		if m, err := svc.LinkVerified(w.sys, v.ContactID, "", "0039 333 111 2222"); err != nil || m == nil || m.SurvivorID != w.carla.ID {
			t.Errorf("Carla's verified number: %+v, %v", m, err)
		}
	})
}

// TestDismissSuggestion: a pair dismissed as not the same person leaves both panels'
// suggestions and the review queue; dismissing needs both contacts seen.
func TestDismissSuggestion(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		svc := mergeService(db)
		a, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Ida Uno"), Email: ptr("ida@a.test")})
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Ida Due")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.adminCtx, b.ID, &switchboard.ContactInput{Email: ptr("IDA@a.test")}); err != nil {
			t.Fatal(err)
		}
		queue := func() int {
			p, err := svc.ReviewSuggestions(w.adminCtx, "", 100)
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Items)
		}
		if s, _ := svc.SuggestMerges(w.adminCtx, a.ID); len(s) != 1 || queue() != 1 {
			t.Fatalf("before: %+v, queue %d", s, queue())
		}
		wantCode(t, svc.DismissSuggestion(w.adminCtx, a.ID, a.ID), switchboard.EINVALID)
		wantCode(t, svc.DismissSuggestion(w.adminCtx, a.ID, 1<<40), switchboard.ENOTFOUND)
		for range 2 {
			if err := svc.DismissSuggestion(w.adminCtx, b.ID, a.ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []int64{a.ID, b.ID} {
			if s, err := svc.SuggestMerges(w.adminCtx, id); err != nil || len(s) != 0 {
				t.Errorf("contact %d still suggests %+v (%v)", id, s, err)
			}
		}
		if n := queue(); n != 0 {
			t.Errorf("the queue still lists %d pairs", n)
		}
	})
}

// TestContactUpdatedReachesWhoSeesIt: naming a contact announces contact.updated, with the new
// name, to the agents who see the contact's conversations (the stream's log), and not to an
// agent of another inbox.
func TestContactUpdatedReachesWhoSeesIt(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393336660000", ProviderID: "u-1", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		last, err := db.LastEventID(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.annCtx, conv.ContactID, &switchboard.ContactInput{Name: ptr("Nadia Rossi")}); err != nil {
			t.Fatal(err)
		}
		named := func(ctx context.Context) bool {
			evs, err := db.FindEvents(ctx, last, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.Type == switchboard.EventContactUpdated {
					b, _ := json.Marshal(e.Data)
					if strings.Contains(string(b), `"name":"Nadia Rossi"`) {
						return true
					}
				}
			}
			return false
		}
		if !named(w.annCtx) || !named(w.adminCtx) {
			t.Error("an agent who sees the contact was not told its new name")
		}
		if named(w.bobCtx) {
			t.Error("an agent of another inbox was told")
		}
	})
}
