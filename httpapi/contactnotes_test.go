package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactNotesAPI: Ann writes, reads, edits and deletes her note on Carla; bad text is a
// problem naming the field; the admin's note is not hers to change; the activity lists the
// conversation and the note.
func TestContactNotesAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		carla := fmt.Sprintf("/api/v1/contacts/%d", w.carla.ID)

		var n switchboard.ContactNote
		w.ann.do("POST", carla+"/notes", map[string]string{"body": "Allergic to nuts"}).want(http.StatusCreated).into(&n)
		if n.Body != "Allergic to nuts" || n.AuthorName == "" || n.ContactID != w.carla.ID {
			t.Errorf("created = %+v", n)
		}
		for name, body := range map[string]string{"empty": " ", "NUL": "a\u0000b", "too long": strings.Repeat("x", 10001)} {
			e := w.ann.do("POST", carla+"/notes", map[string]string{"body": body}).wantError(http.StatusBadRequest, switchboard.EINVALID)
			if e.Error.Fields["body"] == "" {
				t.Errorf("%s: no field error: %+v", name, e)
			}
		}
		w.ann.do("POST", carla+"/notes", map[string]any{"body": 5}).want(http.StatusBadRequest)
		var edited switchboard.ContactNote
		w.ann.do("PATCH", fmt.Sprintf("%s/notes/%d", carla, n.ID), map[string]string{"body": "Allergic to nuts and shellfish"}).
			want(http.StatusOK).into(&edited)
		if edited.Body != "Allergic to nuts and shellfish" {
			t.Errorf("edited = %+v", edited)
		}
		var theirs switchboard.ContactNote
		w.admin.do("POST", carla+"/notes", map[string]string{"body": "Gold customer"}).want(http.StatusCreated).into(&theirs)
		w.ann.do("DELETE", fmt.Sprintf("%s/notes/%d", carla, theirs.ID), nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.ann.do("PATCH", fmt.Sprintf("%s/notes/999999", carla), map[string]string{"body": "x"}).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.ann.do("PATCH", carla+"/notes/abc", map[string]string{"body": "x"}).want(http.StatusNotFound)

		var page switchboard.ContactNotePage
		w.ann.do("GET", carla+"/notes?limit=1", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 || page.Items[0].ID != theirs.ID || page.NextCursor == "" {
			t.Errorf("first page = %+v", page)
		}
		w.ann.do("GET", carla+"/notes?cursor="+page.NextCursor, nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 || page.Items[0].ID != n.ID || page.NextCursor != "" {
			t.Errorf("second page = %+v", page)
		}

		var act switchboard.TimelinePage
		w.ann.do("GET", carla+"/activity", nil).want(http.StatusOK).into(&act)
		var kinds []string
		for _, e := range act.Items {
			kinds = append(kinds, e.Kind)
		}
		if strings.Join(kinds, ",") != "note_added,note_added,conversation_started" || act.Items[2].InboxName != "Sales" {
			t.Errorf("activity = %+v", act.Items)
		}
		w.ann.do("GET", carla+"/activity?cursor=zz", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)

		w.ann.do("DELETE", fmt.Sprintf("%s/notes/%d", carla, n.ID), nil).want(http.StatusNoContent)
		w.ann.do("GET", carla+"/notes", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 {
			t.Errorf("after the delete = %+v", page)
		}
	})
}
