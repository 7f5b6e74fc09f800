package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// flowsAPI runs fn with a web chat inbox with every conversation flow turned on, its visitor
// API's base path, and a client from the shop.
func flowsAPI(t *testing.T, fn func(t *testing.T, a *api, admin *client, c *client, inbox switchboard.Inbox, base string)) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, _ switchboard.Inbox) {
		inbox := flowsInbox(t, admin)
		fn(t, a, admin, a.client().on(t), inbox, fmt.Sprintf("/api/v1/widget/%d", inbox.ID))
	})
}

// flowsInbox makes a web chat inbox with every conversation flow turned on.
func flowsInbox(t *testing.T, admin *client) switchboard.Inbox {
	var in switchboard.Inbox
	admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "webchat", "name": "Flows", "settings": map[string]any{
		"allowed_origins": []string{shop}, "color": "#aa3300", "greeting": "Hi!",
		"prechat": map[string]any{"enabled": true, "consent": "You may keep my details to answer me.", "fields": []map[string]any{
			{"key": "name", "label": "Name", "type": "text", "required": true},
			{"key": "email", "label": "Email", "type": "email", "required": true},
			{"key": "phone", "label": "Phone", "type": "tel"},
			{"key": "order_no", "label": "Order number", "type": "text"}}},
		"reply_time": "hour", "offline": map[string]any{"message": "We are back at 9.", "collect_email": true},
	}}).want(http.StatusCreated).into(&in)
	// The rating form is the inbox's CSAT setting, as on every channel.
	admin.do("PUT", fmt.Sprintf("/api/v1/inboxes/%d/csat", in.ID), map[string]any{"enabled": true, "ask_comment": true}).want(http.StatusOK)
	return in
}

func TestWidgetPrechat(t *testing.T) {
	flowsAPI(t, func(t *testing.T, a *api, admin *client, c *client, inbox switchboard.Inbox, base string) {
		amy, s := visitorOf(t, a, inbox)
		cfg := s.Config
		if cfg.Prechat == nil || len(cfg.Prechat.Fields) != 4 || cfg.Prechat.Consent == "" || cfg.ReplyTime != "hour" ||
			cfg.Offline.Message != "We are back at 9." || !cfg.Offline.CollectEmail || !cfg.CSAT {
			t.Fatalf("the session's config lacks the flows: %+v", cfg)
		}
		// Required fields, the consent and valid addresses are the server's to enforce.
		e := c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hello"}, as(amy)).wantError(http.StatusBadRequest, "invalid")
		if e.Error.Fields["prechat.name"] == "" || e.Error.Fields["prechat.email"] == "" || e.Error.Fields["consent"] == "" {
			t.Errorf("missing answers: %+v", e.Error.Fields)
		}
		e = c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hello", "consent": true,
			"prechat": map[string]string{"name": "Amy", "email": "not-an-address", "phone": "12ab"}}, as(amy)).wantError(http.StatusBadRequest, "invalid")
		if e.Error.Fields["prechat.email"] == "" || e.Error.Fields["prechat.phone"] == "" || e.Error.Fields["prechat.name"] != "" {
			t.Errorf("bad answers: %+v", e.Error.Fields)
		}
		c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hello", "consent": true,
			"prechat": map[string]string{"name": "Amy", "email": "amy@example.com", "nickname": "x"}}, as(amy)).wantError(http.StatusBadRequest, "invalid")
		var list struct {
			Items []switchboard.VisitorConversation
		}
		c.doHeaders("GET", base+"/conversations", nil, as(amy)).want(http.StatusOK).into(&list)
		if len(list.Items) != 0 {
			t.Fatalf("a refused form started a conversation: %+v", list.Items)
		}
		var m switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Where is my order?", "consent": true,
			"prechat": map[string]string{"name": " Amy Pond ", "email": "Amy@Example.com", "phone": "+39 333 123 4567", "order_no": "A-17"}}, as(amy)).
			want(http.StatusCreated).into(&m)
		var contact switchboard.Contact
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", s.Visitor.ContactID), nil).want(http.StatusOK).into(&contact)
		attrs := string(contact.Attributes)
		if contact.Name != "Amy Pond" || !strings.Contains(attrs, `"unverified_email":"amy@example.com"`) ||
			!strings.Contains(attrs, `"unverified_phone":"+393331234567"`) || !strings.Contains(attrs, `"order_no":"A-17"`) || contact.Email != "" {
			t.Errorf("the contact after the form: %q %q %s", contact.Name, contact.Email, attrs)
		}
		var thread struct{ Items []switchboard.Message }
		admin.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID), nil).want(http.StatusOK).into(&thread)
		consent := 0
		for _, x := range thread.Items {
			if x.Activity != nil && x.Activity.Action == "consent" && x.Activity.Note == "You may keep my details to answer me." {
				consent++
			}
		}
		if consent != 1 {
			t.Errorf("the consent milestone: %d in %+v", consent, thread.Items)
		}
		// The form is for a new conversation only; later messages need none.
		c.doHeaders("POST", fmt.Sprintf("%s/conversations/%d/messages", base, m.ConversationID), map[string]any{"text": "Any news?"}, as(amy)).want(http.StatusCreated)
		// The visitor gave an email: the widget asks no more.
		_, again := visitorAgain(t, a, inbox, amy)
		if again.Visitor.UnverifiedEmail != "amy@example.com" {
			t.Errorf("the visitor's typed email: %+v", again.Visitor)
		}
		// A visitor the site signed in keeps their verified name: the typed one is only noted.
		var sec struct{ Secret string }
		admin.do("GET", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", inbox.ID), nil).want(http.StatusOK).into(&sec)
		ben, _ := visitorOf(t, a, inbox)
		var v switchboard.Visitor
		c.doHeaders("POST", base+"/identify", map[string]string{"user_id": "7", "user_hash": switchboard.UserHash(sec.Secret, "7"), "name": "Ben Verified",
			"email": "ben@example.com"}, as(ben)).want(http.StatusOK).into(&v)
		c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hi", "consent": true,
			"prechat": map[string]string{"name": "Someone Else", "email": "other@example.com"}}, as(ben)).want(http.StatusCreated)
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", v.ContactID), nil).want(http.StatusOK).into(&contact)
		if contact.Name != "Ben Verified" || contact.Email != "ben@example.com" || !strings.Contains(string(contact.Attributes), `"unverified_name":"Someone Else"`) {
			t.Errorf("a verified contact after the form: %q %q %s", contact.Name, contact.Email, contact.Attributes)
		}
	})
}

// visitorAgain resumes a visitor's session.
func visitorAgain(t *testing.T, a *api, inbox switchboard.Inbox, token string) (string, switchboard.WidgetSession) {
	var s switchboard.WidgetSession
	a.client().on(t).doHeaders("POST", fmt.Sprintf("/api/v1/widget/%d/session", inbox.ID), map[string]string{}, as(token)).want(http.StatusOK).into(&s)
	return s.Token, s
}

func TestWidgetOfflineEmail(t *testing.T) {
	flowsAPI(t, func(t *testing.T, a *api, admin *client, c *client, inbox switchboard.Inbox, base string) {
		ben, s := visitorOf(t, a, inbox)
		if s.Visitor.UnverifiedEmail != "" || s.Visitor.Email != "" {
			t.Fatalf("a new visitor has an email: %+v", s.Visitor)
		}
		e := c.doHeaders("POST", base+"/identify", map[string]string{"email": "ben@"}, as(ben)).wantError(http.StatusBadRequest, "invalid")
		if e.Error.Fields["email"] == "" {
			t.Errorf("a bad email: %+v", e.Error.Fields)
		}
		c.doHeaders("POST", base+"/identify", map[string]string{"email": "ben@example.com"}, as(ben)).want(http.StatusOK)
		if _, s = visitorAgain(t, a, inbox, ben); s.Visitor.UnverifiedEmail != "ben@example.com" || s.Visitor.Email != "" {
			t.Errorf("the email left out of hours is kept unverified: %+v", s.Visitor)
		}
	})
}

func TestWidgetCSAT(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, plain switchboard.Inbox) {
		inbox := flowsInbox(t, admin)
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		amy, _ := visitorOf(t, a, inbox)
		var m switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hi", "consent": true,
			"prechat": map[string]string{"name": "Amy", "email": "amy@example.com"}}, as(amy)).want(http.StatusCreated).into(&m)
		rate := fmt.Sprintf("%s/conversations/%d/csat", base, m.ConversationID)
		c.doHeaders("POST", rate, map[string]any{"rating": 5}, as(amy)).wantError(http.StatusBadRequest, "invalid") // still open
		admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/resolve", m.ConversationID), nil).want(http.StatusOK)
		var list struct {
			Items []switchboard.VisitorConversation
		}
		c.doHeaders("GET", base+"/conversations", nil, as(amy)).want(http.StatusOK).into(&list)
		if list.Items[0].Status != switchboard.StatusResolved || list.Items[0].CSAT != nil {
			t.Fatalf("the widget cannot tell a rating is due: %+v", list.Items[0])
		}
		c.doHeaders("POST", rate, map[string]any{"rating": 6}, as(amy)).wantError(http.StatusBadRequest, "invalid")
		ben, _ := visitorOf(t, a, inbox)
		c.doHeaders("POST", rate, map[string]any{"rating": 1}, as(ben)).want(http.StatusNotFound)
		var got switchboard.CSAT
		c.doHeaders("POST", rate, map[string]any{"rating": 4, "comment": " Quick and kind "}, as(amy)).want(http.StatusCreated).into(&got)
		if got.Rating != 4 || got.Comment != "Quick and kind" || got.At.IsZero() {
			t.Errorf("rating: %+v", got)
		}
		// Once: a second answer is refused and the first stands.
		c.doHeaders("POST", rate, map[string]any{"rating": 1}, as(amy)).wantError(http.StatusConflict, "conflict")
		var conv switchboard.Conversation
		admin.do("GET", fmt.Sprintf("/api/v1/conversations/%d", m.ConversationID), nil).want(http.StatusOK).into(&conv)
		if conv.CSAT == nil || conv.CSAT.Rating != 4 || conv.CSAT.Comment != "Quick and kind" {
			t.Errorf("agents see the rating: %+v", conv.CSAT)
		}
		var thread struct{ Items []switchboard.Message }
		admin.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID), nil).want(http.StatusOK).into(&thread)
		last := thread.Items[len(thread.Items)-1]
		if last.Activity == nil || last.Activity.Action != "csat" || last.Activity.Rating != 4 || last.Activity.Note != "Quick and kind" {
			t.Errorf("the rating's milestone: %+v", last)
		}
		c.doHeaders("GET", base+"/conversations", nil, as(amy)).want(http.StatusOK).into(&list)
		if list.Items[0].CSAT == nil {
			t.Error("the widget still asks for a rating")
		}
		// An inbox that asks for no rating takes none.
		pb := fmt.Sprintf("/api/v1/widget/%d", plain.ID)
		cy, _ := visitorOf(t, a, plain)
		c.doHeaders("POST", pb+"/conversations", map[string]any{"text": "Hi"}, as(cy)).want(http.StatusCreated).into(&m)
		admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/resolve", m.ConversationID), nil).want(http.StatusOK)
		c.doHeaders("POST", fmt.Sprintf("%s/conversations/%d/csat", pb, m.ConversationID), map[string]any{"rating": 3}, as(cy)).wantError(http.StatusBadRequest, "invalid")
	})
}

func TestWidgetQuickReplies(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		amy, _ := visitorOf(t, a, inbox)
		var m switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]any{"text": "Hi"}, as(amy)).want(http.StatusCreated).into(&m)
		msgs := fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID)
		e := admin.do("POST", msgs, map[string]any{"note": true, "text": "x", "quick_replies": []string{"Yes"}}).wantError(http.StatusBadRequest, "invalid")
		if e.Error.Fields["quick_replies"] == "" {
			t.Errorf("a note with quick replies: %+v", e.Error.Fields)
		}
		admin.do("POST", msgs, map[string]any{"text": "Pick one", "quick_replies": []string{"Yes", strings.Repeat("x", 41)}}).wantError(http.StatusBadRequest, "invalid")
		var sent switchboard.Message
		admin.do("POST", msgs, map[string]any{"text": "Track your order?", "quick_replies": []string{" Yes ", "No thanks"}}).want(http.StatusCreated).into(&sent)
		if sent.Content == nil || len(sent.Content.QuickReplies) != 2 || sent.Content.QuickReplies[0] != "Yes" {
			t.Fatalf("the reply's content: %+v", sent.Content)
		}
		var page switchboard.WidgetMessagePage
		c.doHeaders("GET", fmt.Sprintf("%s/conversations/%d/messages", base, m.ConversationID), nil, as(amy)).want(http.StatusOK).into(&page)
		if last := page.Items[len(page.Items)-1]; len(last.QuickReplies) != 2 || last.QuickReplies[1] != "No thanks" {
			t.Errorf("the widget's message: %+v", last)
		}
		c.doHeaders("POST", fmt.Sprintf("%s/conversations/%d/messages", base, m.ConversationID), map[string]any{"text": "Yes", "choice": "Yes"}, as(amy)).want(http.StatusCreated)
		var thread struct{ Items []switchboard.Message }
		admin.do("GET", msgs, nil).want(http.StatusOK).into(&thread)
		if last := thread.Items[len(thread.Items)-1]; last.Text != "Yes" || last.Content == nil || last.Content.Choice != "Yes" {
			t.Errorf("the visitor's choice: %+v", last)
		}
	})
}
