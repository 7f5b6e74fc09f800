package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestEraseContact: after a contact's erasure nothing in any table's text (scanned column by
// column, on both engines) holds their name, phone (in the notations providers write it),
// email or a word only their message had, nor does the full-text index; their files are gone;
// the audit log says who erased which contact id and how much went, without the personal data;
// another contact's data is untouched; agents may neither erase nor read the audit log.
func TestEraseContact(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		zed, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Zephyrine Quillfeather"),
			Email: ptr("zeph.q@erase.test"), Phone: ptr("+39 347 555 0101")})
		if err != nil {
			t.Fatal(err)
		}
		raw := `{"entry":[{"from":"393475550101","id":"wamid.zed1","text":{"body":"Hello, flibbertigibbet here"}}]}`
		if _, err := db.ReceiveBatch(w.sys, &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: []byte(raw), Messages: []*switchboard.InboundMessage{{
			From: "+393475550101", ProviderID: "wamid.zed1", Text: "Hello, flibbertigibbet here",
			Files: []*switchboard.InboundFile{{Filename: "quillfeather-id.txt", ContentType: "text/plain", Data: []byte("Zephyrine's passport")}},
		}}}); err != nil {
			t.Fatal(err)
		}
		other := `{"entry":[{"from":"393475550202","id":"wamid.otto1","text":{"body":"keepsake"}}]}`
		if _, err := db.ReceiveBatch(w.sys, &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: []byte(other), Messages: []*switchboard.InboundMessage{{
			From: "+393475550202", ContactName: "Otto Keeper", ProviderID: "wamid.otto1", Text: "keepsake",
		}}}); err != nil {
			t.Fatal(err)
		}
		convs, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{ContactID: &zed.ID})
		if err != nil || len(convs.Items) != 1 {
			t.Fatalf("Zephyrine's conversations = %+v, %v", convs, err)
		}
		conv := convs.Items[0]
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Hi Zephyrine, we got your flibbertigibbet"}); err != nil {
			t.Fatal(err)
		}
		page, err := db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, m := range page.Items {
			for _, a := range m.Attachments {
				if k := db.AttachmentKeyForTest(a.ID); k != "" {
					files = append(files, k)
				}
			}
		}
		if len(files) != 1 || !db.FileExistsForTest(files[0]) {
			t.Fatalf("stored files = %v", files)
		}
		// A merge (both sides' snapshots) and an import of a CSV with the person's line.
		alt, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Zephyrine Q."), Email: ptr("zeph.alt@erase.test")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mergeService(db).MergeContacts(w.adminCtx, zed.ID, alt.ID); err != nil {
			t.Fatal(err)
		}
		csv := "Name,Email,Phone\nZephyrine Quillfeather,zeph.q@erase.test,+39 347 555 0101\nOtto Keeper,otto@keep.test,+39 347 555 0202\nZephyrine Quillfeather,not-an-email,\n"
		imp, err := db.CreateContactImport(w.adminCtx, "people.csv", []byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.StartContactImport(w.adminCtx, imp.ID, &switchboard.ContactImportMapping{Columns: map[string]string{
			"Name": "name", "Email": "email", "Phone": "phone"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.RunContactImport(w.sys, imp.ID); err != nil {
			t.Fatal(err)
		}

		// A private note (its event carries the body) and a custom attribute.
		if _, err := db.CreateContactNote(w.annCtx, zed.ID, &switchboard.ContactNoteInput{Body: "Prefers calls about the snollygoster refund"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateContact(w.adminCtx, zed.ID, &switchboard.ContactInput{Attributes: []byte(`{"loyalty_code":"widdershins-42"}`)}); err != nil {
			t.Fatal(err)
		}

		markers := []string{"Zephyrine", "Quillfeather", "zeph.q@erase.test", "zeph.alt@erase.test", "+393475550101", "3475550101",
			"347 555 0101", "flibbertigibbet", "wamid.zed1", "snollygoster", "widdershins-42"}
		cols := db.TextColumnsForTest()
		scan := func(marker string) []string {
			var where []string
			for table, cs := range cols {
				for _, c := range cs {
					if n := db.CountContainingForTest(table, c, marker); n > 0 {
						where = append(where, fmt.Sprintf("%s.%s (%d)", table, c, n))
					}
				}
			}
			return where
		}
		// The scan finds the data where it is before the erasure: it can fail.
		if got := scan("flibbertigibbet"); len(got) < 2 {
			t.Fatalf("before erasure the unique word is only in %v", got)
		}
		if got := scan("3475550101"); len(got) < 2 {
			t.Fatalf("before erasure the phone is only in %v", got)
		}

		wantCode(t, db.DeleteContact(w.superCtx, zed.ID), switchboard.EFORBIDDEN)
		wantCode(t, db.DeleteContact(w.annCtx, zed.ID), switchboard.EFORBIDDEN)
		_, err = db.FindAudit(w.superCtx, "", 0)
		wantCode(t, err, switchboard.EFORBIDDEN)
		if err := db.DeleteContact(w.adminCtx, zed.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteContact(w.adminCtx, zed.ID), switchboard.ENOTFOUND)

		for _, m := range markers {
			if got := scan(m); len(got) > 0 {
				t.Errorf("after erasure %q is still in %s", m, strings.Join(got, ", "))
			}
			if n := db.FTSMatchesForTest(`"` + strings.ToLower(strings.Trim(m, "+")) + `"`); n > 0 {
				t.Errorf("after erasure the full-text index still finds %q (%d)", m, n)
			}
		}
		for _, q := range []string{"flibbertigibbet", "Zephyrine", "zeph.q@erase.test", "+393475550101"} {
			r, err := db.Search(w.adminCtx, switchboard.SearchQuery{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Messages)+len(r.Contacts) > 0 {
				t.Errorf("search %q finds %+v", q, r)
			}
		}
		if db.FileExistsForTest(files[0]) {
			t.Error("the contact's file is still stored")
		}
		// Otto is untouched: his message, his payload, his import line.
		if got := scan("keepsake"); len(got) == 0 {
			t.Error("another contact's message went too")
		}
		if got := scan("otto@keep.test"); len(got) == 0 {
			t.Error("another contact's import line went too")
		}

		audit, err := db.FindAudit(w.adminCtx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) != 1 {
			t.Fatalf("audit = %+v", audit.Items)
		}
		e := audit.Items[0]
		var counts switchboard.ErasureCounts
		if err := json.Unmarshal(e.Details, &counts); err != nil {
			t.Fatal(err)
		}
		if e.Action != switchboard.AuditContactErased || e.SubjectID != zed.ID || e.ActorID == nil || *e.ActorID != w.admin.ID || e.ActorName != "admin" ||
			counts.Conversations != 1 || counts.Messages != 2 || counts.Files != 1 || counts.MergedContacts != 1 || counts.Payloads != 1 || counts.ImportRows != 2 {
			t.Errorf("audit entry = %+v, details %s", e, e.Details)
		}
	})
}
