package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// importBody is a batch of n conversations with Sales contacts, each with a customer's message
// of text and an agent's answer.
func importBody(n int, text string) map[string]any {
	at := time.Now().UTC().Add(-24 * time.Hour)
	convs := make([]map[string]any, n)
	for i := range convs {
		convs[i] = map[string]any{
			"external_id": fmt.Sprintf("fs-%d", i), "status": "resolved",
			"contact": map[string]string{"name": fmt.Sprintf("Customer %d", i), "phone": fmt.Sprintf("+39 347 100 %04d", i)},
			"messages": []map[string]any{
				{"direction": "incoming", "text": text, "created_at": at, "external_id": fmt.Sprintf("fs-msg-%d", i)},
				{"direction": "outgoing", "text": "Answered", "created_at": at.Add(time.Minute), "agent_email": "ann@team.test"},
			},
		}
	}
	return map[string]any{"conversations": convs}
}

func TestImportConversations(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/inboxes/%d/import", w.sales.ID)
		body := importBody(3, "My order Quokka-5521 never came")

		var res switchboard.ImportResult
		w.admin.do("POST", path, body).want(http.StatusOK).into(&res)
		if res.Imported != 3 || res.Skipped != 0 || len(res.Conversations) != 3 || !res.Conversations[0].Created ||
			res.Conversations[2].ExternalID != "fs-2" || res.Conversations[2].ID == 0 {
			t.Fatalf("import = %+v", res)
		}
		// A retry answers with the same ids and writes nothing.
		var again switchboard.ImportResult
		w.admin.do("POST", path, body).want(http.StatusOK).into(&again)
		if again.Imported != 0 || again.Skipped != 3 || again.Conversations[2].ID != res.Conversations[2].ID || again.Conversations[2].Created {
			t.Errorf("again = %+v", again)
		}
		// Ann, of the Sales inbox, finds the history in her lists and in search at once.
		var page switchboard.ConversationPage
		w.ann.do("GET", "/api/v1/conversations?view=mine&status=resolved", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 0 {
			t.Errorf("Mine has %d conversations; the import assigned none", len(page.Items))
		}
		w.ann.do("GET", fmt.Sprintf("/api/v1/conversations?inbox_id=%d&status=resolved", w.sales.ID), nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 3 || page.Items[0].LastReplier != switchboard.ReplierAgent || page.Items[0].Unread {
			t.Errorf("Sales, resolved = %+v", page.Items)
		}
		var found switchboard.SearchResult
		w.ann.do("GET", "/api/v1/search?q=quokka-5521", nil).want(http.StatusOK).into(&found)
		if len(found.Messages) != 3 {
			t.Errorf("search found %d messages, want 3", len(found.Messages))
		}
		var thread switchboard.MessagePage
		w.ann.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", res.Conversations[0].ID), nil).want(http.StatusOK).into(&thread)
		if len(thread.Items) != 2 || thread.Items[1].SenderID == nil || *thread.Items[1].SenderID != w.ann.agent.ID ||
			thread.Items[1].Status != switchboard.MessageSent || thread.Items[0].ProviderID != "fs-msg-0" {
			t.Errorf("thread = %+v", thread.Items)
		}
	})
}

func TestImportConversationsRefused(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/inboxes/%d/import", w.sales.ID)

		// Only admins import, even into an inbox they belong to.
		w.ann.do("POST", path, importBody(1, "hi")).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.super.do("POST", path, importBody(1, "hi")).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.admin.do("POST", "/api/v1/inboxes/9999/import", importBody(1, "hi")).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		// One invalid conversation refuses the batch, naming every problem by its path.
		bad := importBody(3, "hi")
		convs := bad["conversations"].([]map[string]any)
		convs[1]["contact"] = map[string]string{"email": "no-phone@example.com"}
		convs[2]["status"] = "archived"
		convs[2]["messages"].([]map[string]any)[1]["agent_email"] = "nobody@team.test"
		e := w.admin.do("POST", path, bad).wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, f := range []string{"conversations[1].contact.phone", "conversations[2].status"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("the error does not name %s: %+v", f, e.Error)
			}
		}
		convs[1]["contact"], convs[2]["status"] = map[string]string{"phone": "+39 347 555 0000"}, "open"
		e = w.admin.do("POST", path, bad).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["conversations[2].messages[1].agent_email"] != "No such agent." {
			t.Errorf("unknown agent: %+v", e.Error)
		}
		var page switchboard.ConversationPage
		w.admin.do("GET", fmt.Sprintf("/api/v1/conversations?inbox_id=%d", w.sales.ID), nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 {
			t.Errorf("a refused batch wrote conversations: %d in Sales", len(page.Items))
		}
		// A field the API does not know, and too many conversations.
		w.admin.do("POST", path, raw(`{"conversations":[],"extra":1}`)).wantError(http.StatusBadRequest, switchboard.EINVALID)
		e = w.admin.do("POST", path, importBody(switchboard.MaxImportConversations+1, "hi")).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["conversations"] == "" {
			t.Errorf("too many conversations: %+v", e.Error)
		}

		// The route has its own body limit, above the API's usual one.
		long := strings.Repeat("word ", 400)
		big := importBody(switchboard.MaxImportConversations, long) // about 2.5 MB
		var res switchboard.ImportResult
		w.admin.do("POST", path, big).want(http.StatusOK).into(&res)
		if res.Imported != switchboard.MaxImportConversations {
			t.Errorf("the full batch imported %d", res.Imported)
		}
		small := newServer(db, &syncBuffer{})
		small.MaxImportBytes = 64 << 10
		admin := newAPI(t, db, small).login("ada@team.test")
		admin.do("POST", path, importBody(30, long)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
	})
}
