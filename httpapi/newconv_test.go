package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// startedConversation is the answer to POST /api/v1/conversations.
type startedConversation struct {
	Conversation switchboard.Conversation `json:"conversation"`
	Message      switchboard.Message      `json:"message"`
	Continued    bool                     `json:"continued"`
}

// Starting a conversation with an address typed by hand: field errors name what to fix, a
// double click starts one conversation, a second start goes on in the active one, an inbox the
// agent is not in is unknown, and a number that is a contact the agent does not see reaches that
// contact with the same answer as any other.
func TestStartConversationByAddress(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann := w.ann
		field := func(body map[string]any, status int, name string) {
			t.Helper()
			var e apiError
			ann.do("POST", "/api/v1/conversations", body).want(status).into(&e)
			if e.Error.Fields[name] == "" {
				t.Errorf("%v: want an error on %s, got %+v", body, name, e.Error)
			}
		}
		field(map[string]any{"inbox_id": w.sales.ID, "to": "+39 347 abc", "text": "Hi"}, http.StatusBadRequest, "to")
		field(map[string]any{"inbox_id": w.sales.ID, "to": "+393472223333", "contact_id": w.carla.ID, "text": "Hi"}, http.StatusBadRequest, "to")
		field(map[string]any{"inbox_id": w.sales.ID, "text": "Hi"}, http.StatusBadRequest, "contact_id")
		field(map[string]any{"inbox_id": w.sales.ID, "to": "+393472223333"}, http.StatusBadRequest, "text")
		field(map[string]any{"inbox_id": w.sales.ID, "to": "+393472223333", "text": "Hi",
			"template": map[string]any{"name": "hello", "language": "en"}}, http.StatusBadRequest, "template")
		// Support is Bob's: to Ann it is no inbox at all, whatever the address.
		field(map[string]any{"inbox_id": w.support.ID, "to": "+393472223333", "text": "Hi"}, http.StatusBadRequest, "inbox_id")

		body := map[string]any{"inbox_id": w.sales.ID, "to": "+39 347 222 3333", "contact_name": "Gina Verdi", "text": "Your order shipped"}
		key := http.Header{"Idempotency-Key": {"new-1"}}
		var first, again, next startedConversation
		ann.doHeaders("POST", "/api/v1/conversations", body, key).want(http.StatusCreated).into(&first)
		ann.doHeaders("POST", "/api/v1/conversations", body, key).want(http.StatusCreated).into(&again)
		if first.Continued || first.Conversation.ContactName != "Gina Verdi" || first.Conversation.ContactHandle != "+393472223333" ||
			first.Message.Text != "Your order shipped" {
			t.Fatalf("started = %+v", first)
		}
		if again.Conversation.ID != first.Conversation.ID || again.Message.ID != first.Message.ID {
			t.Fatalf("a repeated request started another: %+v / %+v", first, again)
		}
		// A second start with her goes on in the conversation she would answer in.
		ann.do("POST", "/api/v1/conversations", map[string]any{"inbox_id": w.sales.ID, "to": "00393472223333", "text": "One more thing"}).
			want(http.StatusCreated).into(&next)
		if !next.Continued || next.Conversation.ID != first.Conversation.ID || next.Message.ID == first.Message.ID {
			t.Fatalf("second start = %+v", next)
		}

		// Dino is a customer of Support: Ann cannot look him up, but his number reaches him, and
		// what she typed as a name does not rename him.
		ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d", w.dino.ID), nil).want(http.StatusNotFound)
		var dino startedConversation
		ann.do("POST", "/api/v1/conversations", map[string]any{"inbox_id": w.sales.ID, "to": "+39 333 999 8888", "contact_name": "New person", "text": "Hello"}).
			want(http.StatusCreated).into(&dino)
		if dino.Continued || dino.Conversation.ContactID != w.dino.ID {
			t.Fatalf("start with Dino's number = %+v", dino)
		}
		var c switchboard.Contact
		w.admin.do("GET", fmt.Sprintf("/api/v1/contacts/%d", w.dino.ID), nil).want(http.StatusOK).into(&c)
		if c.Name != "Dino Bianchi" {
			t.Errorf("Dino renamed to %q", c.Name)
		}
	})
}
