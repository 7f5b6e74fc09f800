package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestUnstorableText sends text PostgreSQL refuses (NUL, invalid UTF-8) in every kind of input an
// agent writes: each call is answered as it would be without it, on both engines, and what was
// written keeps the text with the bad characters replaced by U+FFFD.
func TestUnstorableText(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann := w.ann
		conv := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)
		const nul, bad = "\u0000", "\xff"

		var c switchboard.Contact
		ann.do("POST", "/api/v1/contacts", map[string]any{"name": "Eli" + nul + "Verdi", "attributes": map[string]string{"note" + nul: "a" + nul}}).
			want(http.StatusCreated).into(&c)
		if c.Name != "Eli\uFFFDVerdi" || !strings.Contains(string(c.Attributes), `"note\ufffd":"a\ufffd"`) {
			t.Errorf("created contact: %q %s", c.Name, c.Attributes)
		}
		path := fmt.Sprintf("/api/v1/contacts/%d", c.ID)
		// A body with invalid UTF-8, in a string and in the attributes kept as sent.
		ann.do("PATCH", path, raw(`{"name": "Eli`+bad+`", "attributes": {"note": "b`+bad+`"}}`)).want(http.StatusOK).into(&c)
		if c.Name != "Eli\uFFFD" || !strings.Contains(string(c.Attributes), "b\uFFFD") {
			t.Errorf("patched contact: %q %s", c.Name, c.Attributes)
		}

		var note, reply switchboard.Message
		ann.do("POST", conv+"/messages", map[string]any{"note": true, "text": "note" + nul}).want(http.StatusCreated).into(&note)
		ann.do("POST", conv+"/messages", map[string]any{"text": "reply" + nul, "idempotency_key": "k" + nul}).want(http.StatusCreated).into(&reply)
		ann.doHeaders("POST", conv+"/messages", map[string]any{"text": "again"}, http.Header{"Idempotency-Key": {"h" + bad}}).
			want(http.StatusCreated)
		if note.Text != "note\uFFFD" || reply.Text != "reply\uFFFD" {
			t.Errorf("note %q, reply %q", note.Text, reply.Text)
		}
		var label switchboard.Label
		ann.do("POST", "/api/v1/labels", map[string]string{"name": "vip" + nul}).want(http.StatusCreated).into(&label)
		ann.do("POST", conv+"/labels", map[string]any{"labels": []string{"vip" + nul}}).want(http.StatusOK)
		w.admin.do("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "x", "content": "y" + nul}).want(http.StatusCreated)

		// Filters and searches find what the same text finds.
		var convs switchboard.ConversationPage
		ann.do("GET", "/api/v1/conversations?label="+neturl.QueryEscape("vip"+nul), nil).want(http.StatusOK).into(&convs)
		if len(convs.Items) != 1 || convs.Items[0].ID != w.salesConv.ID {
			t.Errorf("label filter: %+v", convs.Items)
		}
		var contacts switchboard.ContactPage
		ann.do("GET", "/api/v1/contacts?q="+neturl.QueryEscape("eli"+nul), nil).want(http.StatusOK).into(&contacts)
		if len(contacts.Items) != 1 || contacts.Items[0].ID != c.ID {
			t.Errorf("contact filter: %+v", contacts.Items)
		}
		// A label named in the path.
		ann.do("DELETE", conv+"/labels/"+neturl.PathEscape("vip"+nul), nil).want(http.StatusOK).into(&convs.Items[0])
		if len(convs.Items[0].Labels) != 0 {
			t.Errorf("labels after removing vip%s: %v", nul, convs.Items[0].Labels)
		}
		// A file's name as the browser sent it.
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="file"; filename="scan` + bad + `.png"`},
			"Content-Type": {"image/png"}})
		_, _ = part.Write(pngBytes)
		_ = mw.Close()
		var up switchboard.Upload
		ann.doHeaders("POST", "/api/v1/uploads", raw(form.String()), http.Header{"Content-Type": {mw.FormDataContentType()}}).
			want(http.StatusCreated).into(&up)
		if up.Filename != "scan\uFFFD.png" {
			t.Errorf("uploaded as %q", up.Filename)
		}
		// A header kept with the session (HTTP refuses NUL in headers, not other bytes).
		w.a.client().doHeaders("POST", "/api/v1/auth/login", map[string]string{"email": "ann@team.test", "password": password},
			http.Header{"User-Agent": {"Browser" + bad}}).want(http.StatusOK)
		for _, q := range []string{nul, bad, "reply" + nul} {
			ann.do("GET", "/api/v1/search?q="+neturl.QueryEscape(q), nil).want(http.StatusOK)
			ann.do("GET", "/api/v1/canned-responses?q="+neturl.QueryEscape(q), nil).want(http.StatusOK)
		}
	})
}
