package sqlstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/contacts"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// snapshot is the JSON of a contact, its notes and all its conversations and their messages,
// but the merge milestones and the activity time they move.
func snapshot(t *testing.T, db *sqlstore.DB, ctx context.Context, contactID int64) string {
	t.Helper()
	c, err := db.FindContactByID(ctx, contactID)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := db.ContactConversationIDs(ctx, contactID)
	if err != nil {
		t.Fatal(err)
	}
	type convSnap struct {
		Conv     *switchboard.Conversation
		Messages []*switchboard.Message
	}
	var convs []convSnap
	for _, id := range ids {
		conv, err := db.FindConversationByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		conv.LastActivityAt, conv.UpdatedAt = conv.CreatedAt, conv.CreatedAt // moved by the milestones
		page, err := db.FindMessages(ctx, id, switchboard.MessageFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var msgs []*switchboard.Message
		for _, m := range page.Items {
			if m.Activity != nil && (m.Activity.Action == "contact_merged" || m.Activity.Action == "contact_unmerged") {
				continue
			}
			msgs = append(msgs, m)
		}
		convs = append(convs, convSnap{conv, msgs})
	}
	notes, err := db.FindContactNotes(ctx, contactID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{"contact": c, "conversations": convs, "notes": notes})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mergeService(db *sqlstore.DB) *contacts.Service {
	return &contacts.Service{Contacts: db, Store: db}
}

// TestMergeUnmerge merges Dino into Carla and back: the merge moves everything, the merged
// contact leaves lists and search, a conversation Dino's number starts in between lands on
// Carla and goes back to Dino, and the un-merge leaves both exactly as before.
func TestMergeUnmerge(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		svc := mergeService(db)
		ctx := w.adminCtx
		if _, err := db.CreateLabel(ctx, &switchboard.LabelInput{Name: ptr("lead")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(ctx, w.dino.ID, &switchboard.ContactInput{Email: ptr("dino@example.com"), Language: ptr("it"),
			Attributes: json.RawMessage(`{"city":"Rome"}`), Labels: &[]string{"lead"}}); err != nil {
			t.Fatal(err)
		}
		w.start(t, w.annCtx, w.inbox1, w.carla, "hello Carla")
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393339998888", ProviderID: "d-1", Text: "Dino here"}); err != nil {
			t.Fatal(err)
		}
		for _, n := range []struct {
			c    *switchboard.Contact
			body string
		}{{w.carla, "Carla: prefers email"}, {w.dino, "Dino: call after 6"}, {w.dino, "Dino: VIP"}} {
			if _, err := db.CreateContactNote(w.annCtx, n.c.ID, note(n.body)); err != nil {
				t.Fatal(err)
			}
		}
		beforeCarla, beforeDino := snapshot(t, db, ctx, w.carla.ID), snapshot(t, db, ctx, w.dino.ID)

		preview, err := svc.PreviewMerge(ctx, w.carla.ID, w.dino.ID)
		if err != nil {
			t.Fatal(err)
		}
		if preview.Result.Email != "dino@example.com" || preview.Result.Name != "Carla Rossi" || len(preview.Conversations) != 1 {
			t.Errorf("preview = %+v", preview)
		}
		m, err := svc.MergeContacts(ctx, w.carla.ID, w.dino.ID)
		if err != nil {
			t.Fatal(err)
		}
		merged, err := db.FindContactByID(ctx, w.carla.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(merged.Identities) != 2 || merged.Email != "dino@example.com" || len(merged.Labels) != 1 || string(merged.Attributes) != `{"city":"Rome"}` {
			t.Errorf("merged = %+v", merged)
		}
		if ids, _ := db.ContactConversationIDs(ctx, w.carla.ID); len(ids) != 2 {
			t.Errorf("Carla's conversations after the merge = %v", ids)
		}
		if got := noteBodies(t, db, ctx, w.carla.ID); len(got) != 3 || len(m.Moved.Notes) != 2 {
			t.Errorf("Carla's notes after the merge = %q, moved %v", got, m.Moved.Notes)
		}
		// A note written on Carla after the merge stays with her.
		later, err := db.CreateContactNote(ctx, w.carla.ID, note("written after the merge"))
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.FindContacts(ctx, switchboard.ContactFilter{Query: "bianchi"})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("the merged contact is listed: %+v %v", page, err)
		}
		res, err := db.Search(ctx, switchboard.SearchQuery{Q: "Dino"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Contacts {
			if c.Contact.ID == w.dino.ID {
				t.Errorf("the merged contact is found by search")
			}
		}
		// Dino's number writes to another inbox: a new conversation, on Carla.
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "+39 333 999 8888", ProviderID: "d-2", Text: "me again"})
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactID != w.carla.ID {
			t.Fatalf("a conversation after the merge went to contact %d", conv.ContactID)
		}
		// A second merge of the hidden contact, and an un-merge by Ann, are refused.
		if _, err := svc.MergeContacts(ctx, w.carla.ID, w.dino.ID); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			t.Errorf("merging a merged contact again: %v", err)
		}
		if _, err := db.UnmergeContacts(w.bobCtx, m.ID); err == nil {
			t.Errorf("Bob undid the admin's merge")
		}

		if _, err := svc.UnmergeContacts(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		back, err := db.FindConversationByID(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.ContactID != w.dino.ID {
			t.Errorf("the conversation started after the merge stayed with %d", back.ContactID)
		}
		if got := noteBodies(t, db, ctx, w.carla.ID); !slices.Equal(got, []string{"written after the merge", "Carla: prefers email"}) {
			t.Errorf("Carla's notes after the un-merge = %q", got)
		}
		if err := db.DeleteContactNote(ctx, w.carla.ID, later.ID); err != nil {
			t.Fatal(err)
		}
		// Dino now has that conversation too; the rest is as before.
		afterDino := snapshot(t, db, ctx, w.dino.ID)
		if got := snapshot(t, db, ctx, w.carla.ID); got != beforeCarla {
			t.Errorf("Carla after the un-merge:\n%s\nbefore:\n%s", got, beforeCarla)
		}
		var before, after struct {
			Contact       json.RawMessage
			Conversations []json.RawMessage
			Notes         json.RawMessage
		}
		_ = json.Unmarshal([]byte(beforeDino), &before)
		_ = json.Unmarshal([]byte(afterDino), &after)
		// Dino wrote since (the conversation started between): when he was last seen is new.
		var seen struct {
			LastSeenAt *time.Time `json:"last_seen_at"`
		}
		if err := json.Unmarshal(after.Contact, &seen); err != nil || seen.LastSeenAt == nil {
			t.Errorf("Dino's last_seen_at after the un-merge: %v (%v)", seen.LastSeenAt, err)
		}
		withoutSeen := func(raw json.RawMessage) string {
			var m map[string]json.RawMessage
			_ = json.Unmarshal(raw, &m)
			delete(m, "last_seen_at")
			out, _ := json.Marshal(m)
			return string(out)
		}
		if withoutSeen(after.Contact) != withoutSeen(before.Contact) || len(after.Conversations) != 2 || string(after.Conversations[0]) != string(before.Conversations[0]) ||
			string(after.Notes) != string(before.Notes) {
			t.Errorf("Dino after the un-merge:\n%s\nbefore:\n%s", afterDino, beforeDino)
		}
		page, err = db.FindContacts(ctx, switchboard.ContactFilter{Query: "bianchi"})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("Dino is not listed again: %+v %v", page, err)
		}
		if _, err := svc.UnmergeContacts(ctx, m.ID); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			t.Errorf("undoing twice: %v", err)
		}
		hist, err := svc.ContactMerges(ctx, w.dino.ID)
		if err != nil || len(hist) != 1 || hist[0].UndoneAt == nil {
			t.Errorf("history = %+v, %v", hist, err)
		}
	})
}

// TestMergeSuggestionsAndPermissions: one number in three notations pairs three contacts; two
// people who share a first name are never paired; an agent merges only contacts they see.
func TestMergeSuggestionsAndPermissions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		svc := mergeService(db)
		mk := func(in *switchboard.ContactInput) *switchboard.Contact {
			c, err := db.CreateContact(w.sys, in)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		// The phone identity is unique; the variants come as a visitor's typed number and an
		// external system's contact without identities.
		a := mk(&switchboard.ContactInput{Name: ptr("Mario Rossi"), Phone: ptr("+39 333 123 4567")})
		b := mk(&switchboard.ContactInput{Name: ptr("M"), Attributes: json.RawMessage(`{"unverified_phone":"0039-333-1234567"}`)})
		mk(&switchboard.ContactInput{Name: ptr("Mario"), Phone: ptr("+39 333 555 0000")})
		mk(&switchboard.ContactInput{Name: ptr("Carla Verdi"), Email: ptr("carla@v.test")})
		got, err := svc.SuggestMerges(w.adminCtx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Other.ID != b.ID || got[0].Reason != switchboard.ReasonSamePhone {
			t.Errorf("suggestions for Mario Rossi = %+v", got)
		}
		// Carla Rossi and Carla Verdi share a first name only.
		if got, err := svc.SuggestMerges(w.adminCtx, w.carla.ID); err != nil || len(got) != 0 {
			t.Errorf("suggestions for Carla = %+v, %v", got, err)
		}
		queue, err := svc.ReviewSuggestions(w.superCtx, "", 25)
		if err != nil || len(queue.Items) != 1 {
			t.Errorf("review queue = %+v, %v", queue, err)
		}
		if _, err := svc.ReviewSuggestions(w.annCtx, "", 25); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("Ann reviews: %v", err)
		}
		// Dino writes to Support, which Ann does not work in: she may not merge him.
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "+393339998888", ProviderID: "p-1", Text: "hi"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.MergeContacts(w.annCtx, a.ID, w.dino.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ann merges a contact she does not see: %v", err)
		}
		m, err := svc.MergeContacts(w.annCtx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UnmergeContacts(w.bobCtx, m.ID); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("Bob undoes Ann's merge: %v", err)
		}
		if _, err := svc.UnmergeContacts(w.annCtx, m.ID); err != nil {
			t.Errorf("Ann undoes her merge: %v", err)
		}
		// A merged contact is read by those who see every contact only, and erased with its survivor.
		if _, err := svc.MergeContacts(w.adminCtx, a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindContactByID(w.annCtx, b.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ann reads the merged contact: %v", err)
		}
		if err := db.DeleteContact(w.adminCtx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindContactByID(w.adminCtx, b.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("the merged contact outlives its survivor's erasure: %v", err)
		}
	})
}
