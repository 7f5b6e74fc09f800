package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func note(body string) *switchboard.ContactNoteInput {
	return &switchboard.ContactNoteInput{Body: body}
}

// noteBodies lists a contact's notes, newest first, as ctx reads them.
func noteBodies(t *testing.T, db *sqlstore.DB, ctx context.Context, contactID int64) []string {
	t.Helper()
	page, err := db.FindContactNotes(ctx, contactID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, n := range page.Items {
		out = append(out, n.Body)
	}
	return out
}

// TestContactNotes: whoever sees a contact reads and writes its notes; only the author or an
// admin changes or deletes one; bad text writes nothing; other inboxes' agents hear nothing.
func TestContactNotes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.start(t, w.annCtx, w.inbox1, w.carla, "hello Carla") // Carla is Sales' (Ann's), not Bob's
		bobFrom := eventCursor(t, db)

		mine, err := db.CreateContactNote(w.annCtx, w.carla.ID, note("  Prefers calls after 5pm  "))
		if err != nil {
			t.Fatal(err)
		}
		if mine.Body != "Prefers calls after 5pm" || mine.AuthorName != "ann" || mine.AuthorID == nil || *mine.AuthorID != w.ann.ID || mine.ContactID != w.carla.ID {
			t.Errorf("created = %+v", mine)
		}
		theirs, err := db.CreateContactNote(w.adminCtx, w.carla.ID, note("VIP since 2019"))
		if err != nil {
			t.Fatal(err)
		}
		if got := noteBodies(t, db, w.annCtx, w.carla.ID); !cmp.Equal(got, []string{"VIP since 2019", "Prefers calls after 5pm"}) {
			t.Errorf("Ann reads %q", got)
		}

		// Bob does not see Carla: her notes do not exist for him, nor do their events.
		if _, err := db.FindContactNotes(w.bobCtx, w.carla.ID, "", 10); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Bob lists Carla's notes: %v", err)
		}
		if _, err := db.CreateContactNote(w.bobCtx, w.carla.ID, note("hi")); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Bob writes on Carla: %v", err)
		}
		if _, err := db.UpdateContactNote(w.bobCtx, w.carla.ID, mine.ID, note("x")); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Bob edits Ann's note: %v", err)
		}
		evs, err := db.FindEvents(w.bobCtx, bobFrom, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if strings.HasPrefix(string(e.Type), "contact.note_") {
				t.Errorf("Bob got %s", e.Type)
			}
		}
		annEvs, err := db.FindEvents(w.annCtx, bobFrom, 0)
		if err != nil {
			t.Fatal(err)
		}
		created := 0
		for _, e := range annEvs {
			if e.Type == switchboard.EventContactNoteCreated {
				created++
			}
		}
		if created != 2 {
			t.Errorf("Ann got %d contact.note_created events, want 2", created)
		}

		// Only the author or an admin changes a note.
		if _, err := db.UpdateContactNote(w.annCtx, w.carla.ID, theirs.ID, note("mine now")); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("Ann edits the admin's note: %v", err)
		}
		if err := db.DeleteContactNote(w.annCtx, w.carla.ID, theirs.ID); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("Ann deletes the admin's note: %v", err)
		}
		edited, err := db.UpdateContactNote(w.adminCtx, w.carla.ID, mine.ID, note("Prefers calls after 6pm"))
		if err != nil {
			t.Fatal(err)
		}
		if edited.Body != "Prefers calls after 6pm" || edited.AuthorName != "ann" || !edited.UpdatedAt.After(edited.CreatedAt) {
			t.Errorf("edited by the admin = %+v", edited)
		}
		// A note is found under its own contact only.
		if _, err := db.UpdateContactNote(w.adminCtx, w.dino.ID, mine.ID, note("x")); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("a note edited through another contact: %v", err)
		}

		// Bad text is refused and writes nothing.
		for name, body := range map[string]string{"empty": "  \n ", "NUL": "a\x00b", "too long": strings.Repeat("é", switchboard.MaxNoteLength+1),
			"invalid UTF-8": "a\xffb"} {
			if _, err := db.CreateContactNote(w.annCtx, w.carla.ID, note(body)); switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
			if _, err := db.UpdateContactNote(w.annCtx, w.carla.ID, mine.ID, note(body)); switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Errorf("%s (edit): %v", name, err)
			}
		}
		if _, err := db.CreateContactNote(w.annCtx, w.carla.ID, note(strings.Repeat("é", switchboard.MaxNoteLength))); err != nil {
			t.Errorf("a note of 10,000 characters: %v", err)
		}
		if err := db.DeleteContactNote(w.annCtx, w.carla.ID, mine.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteContactNote(w.annCtx, w.carla.ID, mine.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("deleting twice: %v", err)
		}

		// Pages, newest first.
		for _, b := range []string{"one", "two", "three"} {
			if _, err := db.CreateContactNote(w.annCtx, w.carla.ID, note(b)); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		cursor := ""
		for i := 0; ; i++ {
			page, err := db.FindContactNotes(w.annCtx, w.carla.ID, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) > 2 || i > 5 {
				t.Fatalf("page %d has %d notes", i, len(page.Items))
			}
			for _, n := range page.Items {
				got = append(got, string([]rune(n.Body)[:min(len([]rune(n.Body)), 5)]))
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if want := []string{"three", "two", "one", "ééééé", "VIP s"}; !cmp.Equal(got, want) {
			t.Errorf("paged notes = %q, want %q", got, want)
		}
		if _, err := db.FindContactNotes(w.annCtx, w.carla.ID, "nonsense", 2); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}
