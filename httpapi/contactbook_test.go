package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactExportRoundTrip: the export of a filtered address book holds what the actor sees,
// and imported back, with its columns mapped, changes nothing.
func TestContactExportRoundTrip(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.admin.do("POST", "/api/v1/labels", map[string]string{"name": "VIP"}).want(http.StatusCreated)
		w.admin.do("POST", "/api/v1/contacts", map[string]any{"name": "=Eva, \"the\" boss", "email": "eva@example.com",
			"language": "it", "labels": []string{"VIP"}, "attributes": map[string]string{"plan": "gold"}}).want(http.StatusCreated)

		read := func(c *client, q string) [][]string {
			t.Helper()
			r := c.do("GET", "/api/v1/contacts/export.csv"+q, nil).want(http.StatusOK)
			recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		// Ann sees Carla (her conversation) and Eva (no conversation), not Dino (Support's).
		ann := read(w.ann, "?sort=name")
		if len(ann) != 3 || ann[0][1] != "name" || ann[2][1] != "Carla Rossi" || ann[1][1] != "'=Eva, \"the\" boss" {
			t.Fatalf("Ann's export: %q", ann)
		}
		if got := strings.Join(ann[1][2:8], "|"); got != `eva@example.com||it|VIP|email:eva@example.com|{"plan":"gold"}` {
			t.Errorf("Eva's columns: %s", got)
		}
		if all := read(w.admin, "?label=VIP"); len(all) != 2 {
			t.Errorf("label filter: %q", all)
		}
		if all := read(w.admin, ""); len(all) != 4 {
			t.Errorf("admin's export: %q", all)
		}
		w.ann.do("GET", "/api/v1/contacts/export.csv?sort=age", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)

		// Imported back: nothing changes.
		r := w.admin.do("GET", "/api/v1/contacts/export.csv", nil).want(http.StatusOK)
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		part, _ := mw.CreateFormFile("file", "contacts.csv")
		_, _ = part.Write(r.body)
		_ = mw.Close()
		var imp switchboard.ContactImport
		w.admin.doHeaders("POST", "/api/v1/contact-imports", raw(form.String()), http.Header{"Content-Type": {mw.FormDataContentType()}}).
			want(http.StatusCreated).into(&imp)
		if imp.TotalRows != 3 || len(imp.Preview) != 3 || imp.Columns[0] != "id" {
			t.Fatalf("preview %+v", imp)
		}
		path := fmt.Sprintf("/api/v1/contact-imports/%d", imp.ID)
		w.admin.do("POST", path+"/start", map[string]any{"columns": map[string]string{"email": "email", "phone": "phone", "language": "language", "labels": "labels"}}).
			want(http.StatusOK).into(&imp)
		if err := db.RunContactImport(switchboard.NewSystemContext(t.Context()), imp.ID); err != nil {
			t.Fatal(err)
		}
		w.admin.do("GET", path, nil).want(http.StatusOK).into(&imp)
		if imp.Status != switchboard.ImportDone || imp.Unchanged != 3 || imp.Created+imp.Updated+imp.Refused != 0 {
			t.Errorf("re-import: %+v", imp)
		}
		errs := w.admin.do("GET", path+"/errors.csv", nil).want(http.StatusOK)
		if string(errs.body) != "line,reason\n" {
			t.Errorf("errors.csv: %q", errs.body)
		}
		// A file that is not CSV text is refused whole, with the reason.
		form.Reset()
		mw = multipart.NewWriter(&form)
		part, _ = mw.CreateFormFile("file", "x.csv")
		_, _ = part.Write([]byte("name,email\nA\x00,a@example.com\n"))
		_ = mw.Close()
		w.admin.doHeaders("POST", "/api/v1/contact-imports", raw(form.String()), http.Header{"Content-Type": {mw.FormDataContentType()}}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
	})
}
