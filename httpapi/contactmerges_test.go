package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactMergeAPI: a duplicate by phone is suggested, previewed, merged (the thread says
// who), listed in the history, and undone; an agent may not undo the admin's merge, and a merge
// with oneself is refused.
func TestContactMergeAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var eve switchboard.Contact
		w.admin.do("POST", "/api/v1/contacts", map[string]any{"name": "Eve", "email": "eve@example.com",
			"attributes": map[string]string{"unverified_phone": w.dino.Phone[:3] + " " + w.dino.Phone[3:]}}).want(http.StatusCreated).into(&eve)
		dino := fmt.Sprintf("/api/v1/contacts/%d", w.dino.ID)

		var sugg []switchboard.MergeSuggestion
		w.admin.do("GET", dino+"/suggestions", nil).want(http.StatusOK).into(&sugg)
		if len(sugg) != 1 || sugg[0].Other.ID != eve.ID || sugg[0].Reason != switchboard.ReasonSamePhone {
			t.Fatalf("suggestions = %+v", sugg)
		}
		var preview switchboard.MergePreview
		w.admin.do("GET", fmt.Sprintf("%s/merge-preview?with=%d", dino, eve.ID), nil).want(http.StatusOK).into(&preview)
		if preview.Result.Email != "eve@example.com" || preview.Result.Name != w.dino.Name || len(preview.FromOther) != 2 {
			t.Errorf("preview = %+v", preview)
		}
		w.admin.do("POST", dino+"/merge", map[string]int64{"other_id": w.dino.ID}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		var m switchboard.ContactMerge
		w.admin.do("POST", dino+"/merge", map[string]int64{"other_id": eve.ID}).want(http.StatusCreated).into(&m)
		var thread switchboard.MessagePage
		w.admin.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", w.supportConv.ID), nil).want(http.StatusOK).into(&thread)
		last := thread.Items[len(thread.Items)-1]
		if last.Activity == nil || last.Activity.Action != "contact_merged" || last.SenderName != "Ada Admin" || last.Activity.Note != "Eve" {
			t.Errorf("last message after the merge = %+v", last)
		}
		var hist []switchboard.ContactMerge
		w.admin.do("GET", dino+"/merges", nil).want(http.StatusOK).into(&hist)
		if len(hist) != 1 || hist[0].ID != m.ID || hist[0].OtherName != "Eve" {
			t.Errorf("history = %+v", hist)
		}
		undo := fmt.Sprintf("/api/v1/contact-merges/%d/undo", m.ID)
		w.bob.do("POST", undo, nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.admin.do("POST", undo, nil).want(http.StatusOK)
		w.admin.do("POST", undo, nil).wantError(http.StatusConflict, switchboard.ECONFLICT)
		var back switchboard.Contact
		w.admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", eve.ID), nil).want(http.StatusOK).into(&back)
		if back.Email != "eve@example.com" || back.Name != "Eve" || len(back.Identities) != 1 {
			t.Errorf("Eve after the undo = %+v", back)
		}
	})
}
