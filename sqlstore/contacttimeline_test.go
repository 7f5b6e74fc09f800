package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// timelineKinds walks a contact's whole timeline as ctx sees it, limit entries a page, and
// returns the entries and their kinds (a conversation's start named by its inbox).
func timelineKinds(t *testing.T, db *sqlstore.DB, ctx context.Context, contactID int64, limit int) ([]*switchboard.TimelineEntry, []string) {
	t.Helper()
	var entries []*switchboard.TimelineEntry
	var kinds []string
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := db.ContactTimeline(ctx, contactID, cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > limit || pages > 50 {
			t.Fatalf("page %d has %d entries", pages, len(page.Items))
		}
		for _, e := range page.Items {
			entries = append(entries, e)
			k := e.Kind
			if e.Kind == switchboard.TimelineConversationStarted || e.Kind == switchboard.TimelineStatusChanged {
				k += " " + e.InboxName + string(e.Status)
			}
			kinds = append(kinds, k)
		}
		if cursor = page.NextCursor; cursor == "" {
			return entries, kinds
		}
	}
}

// TestContactTimeline: a contact's story from what is recorded, newest first, paged without
// loss or repetition; an agent sees the entries of the conversations in their inboxes only, and
// everything about the contact itself.
func TestContactTimeline(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin := w.adminCtx
		if _, err := db.CreateLabel(admin, &switchboard.LabelInput{Name: ptr("vip")}); err != nil {
			t.Fatal(err)
		}
		sales := w.start(t, w.annCtx, w.inbox1, w.carla, "hello Carla")
		if _, err := db.AddLabels(w.annCtx, sales.ID, []string{"vip"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(w.annCtx, sales.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "+393331112222", ProviderID: "c-1", Text: "hi support"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddIdentity(admin, w.carla.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityTelegram, ExternalID: "carla_r"}); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*switchboard.ContactInput{{Labels: &[]string{"vip"}}, {Labels: &[]string{"vip"}, Name: ptr("Carla R.")}, {Blocked: ptr(true)}, {Blocked: ptr(false)}} {
			if _, err := db.UpdateContact(admin, w.carla.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.CreateContactNote(w.annCtx, w.carla.ID, note("likes pizza")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(admin, w.dino.ID, &switchboard.ContactInput{Labels: &[]string{"vip"}}); err != nil {
			t.Fatal(err)
		}
		svc := mergeService(db)
		m, err := svc.MergeContacts(admin, w.carla.ID, w.dino.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Merged, Carla's story includes what happened to Dino's contact; un-merged, it goes back.
		if _, merged := timelineKinds(t, db, admin, w.carla.ID, 100); len(merged) < 2 || merged[0] != "merged" || merged[1] != "contact_labels" {
			t.Errorf("Carla's timeline after the merge = %q", merged)
		}
		if _, err := svc.UnmergeContacts(admin, m.ID); err != nil {
			t.Fatal(err)
		}

		all := []string{"unmerged", "merged", "note_added", "unblocked", "blocked", "contact_labels", "identity_added",
			"conversation_started Support", "status_changed Salesresolved", "labels_added", "conversation_started Sales"}
		full, kinds := timelineKinds(t, db, admin, w.carla.ID, 100)
		if diff := cmp.Diff(all, kinds); diff != "" {
			t.Errorf("the admin's timeline (-want +got):\n%s", diff)
		}
		for _, limit := range []int{1, 2, 3} {
			if _, paged := timelineKinds(t, db, admin, w.carla.ID, limit); !cmp.Equal(paged, kinds) {
				t.Errorf("paged by %d: %q", limit, paged)
			}
		}
		byKind := map[string]*switchboard.TimelineEntry{}
		for _, e := range full {
			byKind[e.Kind] = e
		}
		if e := byKind["status_changed"]; e.ActorName != "ann" || e.ActorID == nil || *e.ActorID != w.ann.ID || e.ConversationID == nil || *e.ConversationID != sales.ID {
			t.Errorf("status change = %+v", e)
		}
		if e := byKind["identity_added"]; e.Identity == nil || e.Identity.ExternalID != "carla_r" || e.ActorName != "admin" {
			t.Errorf("identity added = %+v", e)
		}
		if e := byKind["merged"]; e.OtherName != "Dino Bianchi" || e.MergeID == nil || *e.MergeID != m.ID {
			t.Errorf("merge = %+v", e)
		}
		if e := byKind["note_added"]; e.Text != "likes pizza" || e.ActorName != "ann" {
			t.Errorf("note = %+v", e)
		}
		if e := byKind["contact_labels"]; !cmp.Equal(e.Labels, []string{"vip"}) {
			t.Errorf("labels = %+v", e)
		}
		if e := byKind["labels_added"]; !cmp.Equal(e.Labels, []string{"vip"}) || e.Channel != switchboard.ChannelWhatsApp {
			t.Errorf("conversation labels = %+v", e)
		}
		// Dino sees his side of the merge.
		if _, dino := timelineKinds(t, db, admin, w.dino.ID, 10); !cmp.Equal(dino, []string{"unmerged", "merged", "contact_labels"}) {
			t.Errorf("Dino's timeline = %q", dino)
		}

		// Ann works in Sales, Bob in Support: each sees their conversation's entries only.
		without := func(drop ...string) []string {
			var out []string
			for _, k := range all {
				keep := true
				for _, d := range drop {
					keep = keep && k != d
				}
				if keep {
					out = append(out, k)
				}
			}
			return out
		}
		if _, ann := timelineKinds(t, db, w.annCtx, w.carla.ID, 4); !cmp.Equal(ann, without("conversation_started Support")) {
			t.Errorf("Ann's timeline = %q", ann)
		}
		if _, bob := timelineKinds(t, db, w.bobCtx, w.carla.ID, 4); !cmp.Equal(bob, without("status_changed Salesresolved", "labels_added", "conversation_started Sales")) {
			t.Errorf("Bob's timeline = %q", bob)
		}
		// A contact Bob does not see has no timeline for him.
		if _, err := db.ContactTimeline(w.bobCtx, w.dino.ID, "", 10); err != nil {
			t.Errorf("Dino, in the shared address book: %v", err)
		}
		w.start(t, w.annCtx, w.inbox1, w.dino, "hello Dino")
		if _, err := db.ContactTimeline(w.bobCtx, w.dino.ID, "", 10); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Bob reads Dino's timeline: %v", err)
		}
		if _, err := db.ContactTimeline(admin, w.carla.ID, "bad", 10); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}

// TestContactTimelineImported: a CSV import's new and changed contacts say so in their
// timelines; an unchanged one, imported again, does not say it twice.
func TestContactTimelineImported(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		file := []byte("name,phone\nCarla Rossi,+39 333 111 2222\nNew Person,+39 333 555 6666\nCarla Rossi,+39 333 111 2222\n")
		for range 2 {
			imp, err := db.CreateContactImport(w.adminCtx, "people.csv", file)
			if err != nil {
				t.Fatal(err)
			}
			m := &switchboard.ContactImportMapping{Columns: map[string]string{"name": "name", "phone": "phone"}}
			if _, err := db.StartContactImport(w.adminCtx, imp.ID, m); err != nil {
				t.Fatal(err)
			}
			if err := db.RunContactImport(w.sys, imp.ID); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Query: "New Person"})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("the imported contact: %+v, %v", page, err)
		}
		if _, kinds := timelineKinds(t, db, w.adminCtx, page.Items[0].ID, 10); !cmp.Equal(kinds, []string{"imported"}) {
			t.Errorf("the new contact's timeline = %q", kinds)
		}
		// Carla's name and phone were the file's already: nothing changed, nothing to tell.
		if _, kinds := timelineKinds(t, db, w.adminCtx, w.carla.ID, 10); len(kinds) != 0 {
			t.Errorf("Carla's timeline = %q", kinds)
		}
	})
}
