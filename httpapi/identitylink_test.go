package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// TestWidgetIdentityLinking: an email a visitor types links nobody (it is a suggestion,
// visitor_email); the same email verified by the site's user_hash links the visitor to the
// contact that has it, by a merge credited to the identity linking.
func TestWidgetIdentityLinking(t *testing.T) {
	webChatAPI(t, func(t *testing.T, a *api, admin *client, inbox switchboard.Inbox) {
		base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
		c := a.client().on(t)
		var sec struct{ Secret string }
		admin.do("GET", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", inbox.ID), nil).want(http.StatusOK).into(&sec)
		var lia switchboard.Contact
		admin.do("POST", "/api/v1/contacts", map[string]any{"name": "Lia Moro", "email": "lia@shop.test"}).want(http.StatusCreated).into(&lia)

		tok, s := visitorOf(t, a, inbox)
		var m switchboard.WidgetMessage
		c.doHeaders("POST", base+"/conversations", map[string]string{"text": "hello"}, as(tok)).want(http.StatusCreated).into(&m)
		var v switchboard.Visitor
		c.doHeaders("POST", base+"/identify", map[string]string{"email": "lia@shop.test", "name": "Lia"}, as(tok)).want(http.StatusOK).into(&v)
		if v.ContactID != s.Visitor.ContactID {
			t.Fatalf("a typed email linked the visitor to contact %d", v.ContactID)
		}
		var sugg []switchboard.MergeSuggestion
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d/suggestions", lia.ID), nil).want(http.StatusOK).into(&sugg)
		if len(sugg) != 1 || sugg[0].Reason != switchboard.ReasonVisitorEmail || sugg[0].Other.ID != s.Visitor.ContactID {
			t.Errorf("Lia's suggestions: %+v", sugg)
		}

		c.doHeaders("POST", base+"/identify", map[string]string{"user_id": "lia-1", "user_hash": switchboard.UserHash(sec.Secret, "lia-1"),
			"email": "LIA@shop.test"}, as(tok)).want(http.StatusOK).into(&v)
		if v.ContactID != lia.ID {
			t.Fatalf("the verified visitor is contact %d, want Lia %d", v.ContactID, lia.ID)
		}
		var conv switchboard.Conversation
		admin.do("GET", fmt.Sprintf("/api/v1/conversations/%d", m.ConversationID), nil).want(http.StatusOK).into(&conv)
		if conv.ContactID != lia.ID {
			t.Errorf("the visitor's conversation is with %d, want Lia", conv.ContactID)
		}
		var merges []switchboard.ContactMerge
		admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d/merges", lia.ID), nil).want(http.StatusOK).into(&merges)
		if len(merges) != 1 || merges[0].ActorName != "Identity linking" {
			t.Errorf("Lia's merges: %+v", merges)
		}
	})
}
