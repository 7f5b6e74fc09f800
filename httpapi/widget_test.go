package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

const shop = "https://shop.example.com"

// webChatAPI starts an API whose store knows the web chat, with one web chat inbox allowed on
// the shop's origin.
func webChatAPI(t *testing.T, fn func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox)) {
	sqltest.RunWith(t, sqltest.Options{Channels: channel.NewRegistry(&webchat.Connector{})}, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		admin := a.setup()
		var inbox switchboard.Inbox
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "webchat", "name": "Shop chat",
			"settings": map[string]any{"allowed_origins": []string{shop}, "color": "#aa3300", "greeting": "Hi!"}}).want(http.StatusCreated).into(&inbox)
		fn(t, a, admin, inbox)
	})
}

// visitorOf starts a visitor's session from the shop and returns their token.
func visitorOf(t *testing.T, a *api, inbox switchboard.Inbox) (string, switchboard.WidgetSession) {
	t.Helper()
	var s switchboard.WidgetSession
	a.client().on(t).doHeaders("POST", fmt.Sprintf("/api/v1/widget/%d/session", inbox.ID), map[string]string{"page": "https://shop.example.com/shoes"},
		http.Header{"Origin": {shop}}).want(http.StatusOK).into(&s)
	if !strings.HasPrefix(s.Token, "sbv_") || s.Config.Color != "#aa3300" || s.Config.Greeting != "Hi!" || s.Visitor.Page != "https://shop.example.com/shoes" {
		t.Fatalf("session: %+v", s)
	}
	return s.Token, s
}

func as(token string) http.Header {
	return http.Header{"Origin": {shop}, "Authorization": {"Visitor " + token}}
}

func TestWidgetSettingsAndSecret(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		e := admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "webchat", "name": "Bad",
			"settings": map[string]any{"allowed_origins": []string{"http://shop.example.com", "https://x.test/path"}, "position": "top"}}).wantError(http.StatusBadRequest, "invalid")
		if e.Error.Fields["settings.allowed_origins"] == "" || e.Error.Fields["settings.position"] == "" {
			t.Errorf("bad settings: %+v", e.Error.Fields)
		}
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "webchat", "name": "No origins"}).wantError(http.StatusBadRequest, "invalid")
		var sec struct{ Secret string }
		admin.do("GET", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", inbox.ID), nil).want(http.StatusOK).into(&sec)
		if len(sec.Secret) < 40 {
			t.Fatalf("the server made no identity secret: %q", sec.Secret)
		}
		var rotated struct{ Secret string }
		admin.do("POST", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", inbox.ID), nil).want(http.StatusOK).into(&rotated)
		if rotated.Secret == sec.Secret || len(rotated.Secret) < 40 {
			t.Errorf("rotation gave %q after %q", rotated.Secret, sec.Secret)
		}
	})
}

func TestWidgetOriginsAndCORS(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		path := fmt.Sprintf("/api/v1/widget/%d/session", inbox.ID)
		c := a.client().on(t)
		r := c.doHeaders("POST", path, map[string]string{}, http.Header{"Origin": {"https://evil.example.com"}}).want(http.StatusForbidden)
		if r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("CORS answered to a foreign origin: %v", r.header)
		}
		c.doHeaders("POST", path, map[string]string{}, nil).want(http.StatusForbidden) // no Origin at all
		pre, _ := http.NewRequest("OPTIONS", a.url+path, nil)
		pre.Header = http.Header{"Origin": {shop}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"authorization,content-type"}}
		res, err := http.DefaultClient.Do(pre)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != shop || !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
			t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
		}
		token, _ := visitorOf(t, a, inbox)
		r = c.doHeaders("GET", fmt.Sprintf("/api/v1/widget/%d/conversations", inbox.ID), nil, as(token)).want(http.StatusOK)
		if r.header.Get("Access-Control-Allow-Origin") != shop {
			t.Errorf("no CORS for the shop: %v", r.header)
		}
		c.doHeaders("GET", fmt.Sprintf("/api/v1/widget/%d/conversations", inbox.ID), nil, as("sbv_forged")).want(http.StatusUnauthorized)
	})
}

func TestWidgetVisitorsSeeOnlyTheirOwn(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		amy, _ := visitorOf(t, a, inbox)
		ben, _ := visitorOf(t, a, inbox)
		var m switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]string{"text": "Do you ship to Rome?", "idempotency_key": "k1"}, as(amy)).
			want(http.StatusCreated).into(&m)
		var again switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]string{"text": "Do you ship to Rome?", "idempotency_key": "k1"}, as(amy)).
			want(http.StatusOK).into(&again)
		if again.ID != m.ID {
			t.Errorf("a double click made two messages: %d and %d", m.ID, again.ID)
		}
		conv := fmt.Sprintf("%s/conversations/%d", base, m.ConversationID)
		// The team answers, and writes a note the visitor never sees.
		admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID), map[string]any{"text": "Yes we do"}).want(http.StatusCreated)
		admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID), map[string]any{"note": true, "text": "secret note"}).want(http.StatusCreated)
		var page switchboard.WidgetMessagePage
		r := c.doHeaders("GET", conv+"/messages", nil, as(amy)).want(http.StatusOK).into(&page)
		if len(page.Items) != 2 || page.Items[1].Text != "Yes we do" || page.Items[1].AgentName != "Ada Admin" || strings.Contains(string(r.body), "secret note") {
			t.Errorf("Amy's thread: %s", r.body)
		}
		// Ben reaches none of it.
		c.doHeaders("GET", conv+"/messages", nil, as(ben)).want(http.StatusNotFound)
		c.doHeaders("POST", conv+"/messages", map[string]string{"text": "hijack"}, as(ben)).want(http.StatusNotFound)
		c.doHeaders("POST", conv+"/read", map[string]int64{"message_id": m.ID}, as(ben)).want(http.StatusNotFound)
		var list struct {
			Items []switchboard.VisitorConversation
		}
		c.doHeaders("GET", base+"/conversations", nil, as(ben)).want(http.StatusOK).into(&list)
		if len(list.Items) != 0 {
			t.Errorf("Ben lists %+v", list.Items)
		}
		c.doHeaders("GET", base+"/conversations", nil, as(amy)).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].Unread != 1 {
			t.Errorf("Amy lists %+v", list.Items)
		}
		c.doHeaders("POST", conv+"/read", map[string]int64{"message_id": page.Items[1].ID}, as(amy)).want(http.StatusNoContent)
		c.doHeaders("GET", base+"/conversations", nil, as(amy)).want(http.StatusOK).into(&list)
		if list.Items[0].Unread != 0 {
			t.Errorf("after reading, Amy has %d unread", list.Items[0].Unread)
		}
		// Bad input and sizes.
		c.doHeaders("POST", conv+"/messages", map[string]string{"text": "  "}, as(amy)).wantError(http.StatusBadRequest, "invalid")
		c.doHeaders("POST", conv+"/messages", map[string]string{"text": strings.Repeat("x", switchboard.MaxVisitorText+1)}, as(amy)).wantError(http.StatusBadRequest, "invalid")
	})
}

func upload(t *testing.T, a *api, path, token, name, contentType string, data []byte) *resp {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="file"; filename=%q`, name)}
	h["Content-Type"] = []string{contentType}
	p, _ := mw.CreatePart(h)
	p.Write(data)
	mw.Close()
	hd := as(token)
	hd.Set("Content-Type", mw.FormDataContentType())
	return a.client().on(t).doHeaders("POST", path, raw(body.String()), hd)
}

func TestWidgetFiles(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		amy, _ := visitorOf(t, a, inbox)
		var m switchboard.WidgetMessage
		a.client().on(t).doHeaders("POST", base+"/conversations", map[string]string{"text": "Here is the receipt"}, as(amy)).want(http.StatusCreated).into(&m)
		files := fmt.Sprintf("%s/conversations/%d/files", base, m.ConversationID)
		var f switchboard.WidgetMessage
		upload(t, a, files, amy, "receipt.png", "image/png", pngBytes).want(http.StatusCreated).into(&f)
		if len(f.Attachments) != 1 || f.Attachments[0].ContentType != "image/png" || !strings.Contains(f.Attachments[0].URL, "/public?") {
			t.Fatalf("file message: %+v", f)
		}
		res, err := http.Get(a.url + f.Attachments[0].URL) // the visitor's browser, signed in nowhere
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("the visitor's file link answers %d", res.StatusCode)
		}
		upload(t, a, files, amy, "page.html", "text/html", []byte("<html><script>alert(1)</script></html>")).wantError(http.StatusBadRequest, "invalid")
		upload(t, a, files, amy, "fake.png", "image/png", []byte("MZ this is no picture at all, an executable")).wantError(http.StatusBadRequest, "invalid")
		upload(t, a, files, amy, "big.png", "image/png", append(append([]byte{}, pngBytes...), make([]byte, 11<<20)...)).want(http.StatusRequestEntityTooLarge)
	})
}

func TestWidgetIdentity(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		var sec struct{ Secret string }
		admin.do("GET", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", inbox.ID), nil).want(http.StatusOK).into(&sec)
		// Two browsers of the same customer, each with a conversation.
		laptop, s1 := visitorOf(t, a, inbox)
		phone, s2 := visitorOf(t, a, inbox)
		for _, tok := range []string{laptop, phone} {
			c.doHeaders("POST", base+"/conversations", map[string]string{"text": "hello from " + tok[:8]}, as(tok)).want(http.StatusCreated)
		}
		// A forged hash changes nothing.
		c.doHeaders("POST", base+"/identify", map[string]string{"user_id": "42", "user_hash": switchboard.UserHash("guess", "42"), "name": "Mallory"}, as(phone)).
			wantError(http.StatusForbidden, "forbidden")
		// An unsigned id is kept unverified and merges nothing.
		var v switchboard.Visitor
		c.doHeaders("POST", base+"/identify", map[string]string{"user_id": "42", "name": "Maybe Marta", "email": "marta@example.com"}, as(phone)).
			want(http.StatusOK).into(&v)
		if v.UserID != "" || v.ContactID != s2.Visitor.ContactID || v.Name == "Maybe Marta" {
			t.Errorf("an unsigned id did more than note attributes: %+v", v)
		}
		var contact switchboard.Contact
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", s2.Visitor.ContactID), nil).want(http.StatusOK).into(&contact)
		if !strings.Contains(string(contact.Attributes), "Maybe Marta") {
			t.Errorf("the unverified name is not kept as an attribute: %s", contact.Attributes)
		}
		// Signed, both browsers become the one contact, with both conversations.
		for _, tok := range []string{laptop, phone} {
			c.doHeaders("POST", base+"/identify", map[string]string{"user_id": "42", "user_hash": switchboard.UserHash(sec.Secret, "42"), "name": "Marta Rossi"}, as(tok)).
				want(http.StatusOK).into(&v)
		}
		if v.UserID != "42" || v.ContactID != s1.Visitor.ContactID || v.Name != "Marta Rossi" {
			t.Errorf("signed identity: %+v (laptop's contact %d)", v, s1.Visitor.ContactID)
		}
		var list struct {
			Items []switchboard.VisitorConversation
		}
		c.doHeaders("GET", base+"/conversations", nil, as(laptop)).want(http.StatusOK).into(&list)
		if len(list.Items) != 2 {
			t.Errorf("the merged visitor sees %d conversations, want 2", len(list.Items))
		}
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", s2.Visitor.ContactID), nil).want(http.StatusNotFound)
		var visits struct{ Items []switchboard.Visitor }
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d/visitors", s1.Visitor.ContactID), nil).want(http.StatusOK).into(&visits)
		if len(visits.Items) != 2 || visits.Items[0].Page == "" {
			t.Errorf("the contact's visits: %+v", visits.Items)
		}
	})
}

func TestWidgetRateLimits(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		amy, _ := visitorOf(t, a, inbox)
		for i := 0; i < 5; i++ {
			c.doHeaders("POST", base+"/conversations", map[string]string{"text": fmt.Sprint("new ", i)}, as(amy)).want(http.StatusCreated)
		}
		r := c.doHeaders("POST", base+"/conversations", map[string]string{"text": "one too many"}, as(amy))
		r.wantError(http.StatusTooManyRequests, "rate_limited")
		if r.header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
}
