package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactAttributesAPI: an admin defines an attribute, every agent lists it, an agent may
// not define one; a contact's value of the wrong type answers 400 naming attributes.KEY and
// changes nothing; the address book filters by attr and attr_value.
func TestContactAttributesAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var def switchboard.ContactAttribute
		w.admin.do("POST", "/api/v1/contact-attributes", map[string]any{"key": "seats", "label": "Seats", "type": "number"}).
			want(http.StatusCreated).into(&def)
		w.ann.do("POST", "/api/v1/contact-attributes", map[string]any{"key": "x", "label": "X", "type": "text"}).
			wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.admin.do("POST", "/api/v1/contact-attributes", map[string]any{"key": "seats", "label": "Again", "type": "text"}).
			wantError(http.StatusConflict, switchboard.ECONFLICT)
		var list struct {
			Items []switchboard.ContactAttribute
		}
		w.ann.do("GET", "/api/v1/contact-attributes", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].Key != "seats" {
			t.Errorf("list = %+v", list.Items)
		}

		var c switchboard.Contact
		w.admin.do("POST", "/api/v1/contacts", map[string]any{"name": "Ada", "attributes": map[string]any{"seats": 5, "free": "x"}}).
			want(http.StatusCreated).into(&c)
		e := w.admin.do("PATCH", fmt.Sprintf("/api/v1/contacts/%d", c.ID), map[string]any{"name": "Changed", "attributes": map[string]any{"seats": "five"}}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["attributes.seats"] == "" {
			t.Errorf("fields = %v", e.Error.Fields)
		}
		var got switchboard.Contact
		w.admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", c.ID), nil).want(http.StatusOK).into(&got)
		if got.Name != "Ada" {
			t.Errorf("a refused change wrote the name %q", got.Name)
		}
		var page struct{ Items []switchboard.Contact }
		w.admin.do("GET", "/api/v1/contacts?attr=seats&attr_value=5", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 || page.Items[0].ID != c.ID {
			t.Errorf("attr=seats&attr_value=5 lists %+v", page.Items)
		}
		w.admin.do("GET", "/api/v1/contacts?attr=seats&attr_value=6", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 0 {
			t.Errorf("attr=seats&attr_value=6 lists %+v", page.Items)
		}
		w.admin.do("GET", "/api/v1/contacts?attr=a%20b", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("PATCH", fmt.Sprintf("/api/v1/contact-attributes/%d", def.ID), map[string]any{"key": "other"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("DELETE", fmt.Sprintf("/api/v1/contact-attributes/%d", def.ID), nil).want(http.StatusNoContent)
		w.admin.do("DELETE", fmt.Sprintf("/api/v1/contact-attributes/%d", def.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
	})
}
