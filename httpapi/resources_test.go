package httpapi_test

import (
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestAgents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin := w.admin
		var list struct {
			Items []switchboard.Agent `json:"items"`
		}
		w.ann.do("GET", "/api/v1/agents", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 4 {
			t.Fatalf("agents = %+v", list.Items)
		}
		var zoe switchboard.Agent
		admin.do("POST", "/api/v1/agents", map[string]string{"name": "Zoe", "email": "zoe@team.test", "password": password}).
			want(http.StatusCreated).into(&zoe)
		if zoe.Role != switchboard.RoleAgent || zoe.TimeZone != "UTC" || zoe.Language != "en" {
			t.Fatalf("defaults not applied: %+v", zoe)
		}
		admin.do("POST", "/api/v1/agents", map[string]string{"name": "Zoe 2", "email": "ZOE@team.test", "password": password}).
			wantError(http.StatusConflict, switchboard.ECONFLICT)
		path := fmt.Sprintf("/api/v1/agents/%d", zoe.ID)
		var got switchboard.Agent
		w.ann.do("GET", path, nil).want(http.StatusOK).into(&got)
		if got.Email != "zoe@team.test" {
			t.Fatalf("get = %+v", got)
		}
		admin.do("PATCH", path, map[string]string{"role": "supervisor"}).want(http.StatusOK).into(&got)
		if got.Role != switchboard.RoleSupervisor {
			t.Fatalf("patch = %+v", got)
		}
		admin.do("PATCH", fmt.Sprintf("/api/v1/agents/%d", admin.agent.ID), map[string]string{"role": "agent"}).
			wantError(http.StatusConflict, switchboard.ECONFLICT) // the last admin
		zc := w.a.login("zoe@team.test")
		admin.do("PUT", path+"/password", map[string]string{"password": "reset by admin"}).want(http.StatusNoContent)
		admin.do("DELETE", path, nil).want(http.StatusNoContent)
		admin.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		admin.do("DELETE", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		// A removed agent's session ends, and they cannot sign in again.
		zc.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		w.a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "zoe@team.test", "password": "reset by admin"}).
			wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
	})
}

func TestSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin := w.admin

		t.Run("teams", func(t *testing.T) {
			admin := admin.on(t)
			var team switchboard.Team
			admin.do("POST", "/api/v1/teams", map[string]any{"name": "Night shift", "description": "22-06"}).want(http.StatusCreated).into(&team)
			path := fmt.Sprintf("/api/v1/teams/%d", team.ID)
			admin.do("PATCH", path, map[string]any{"agent_ids": []int64{w.ann.agent.ID}}).want(http.StatusOK).into(&team)
			if team.Name != "Night shift" || len(team.AgentIDs) != 1 || team.AgentIDs[0] != w.ann.agent.ID {
				t.Fatalf("team = %+v", team)
			}
			w.ann.on(t).do("GET", path, nil).want(http.StatusOK)
			admin.do("DELETE", path, nil).want(http.StatusNoContent)
			admin.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})

		t.Run("inboxes", func(t *testing.T) {
			admin := admin.on(t)
			var inbox switchboard.Inbox
			r := admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "email", "name": "Help desk",
				"settings": map[string]any{"address": "help@shop.test"}, "secrets": map[string]string{"imap_password": "s3cr3t-imap"}})
			r.want(http.StatusCreated).into(&inbox)
			if strings.Contains(string(r.body), "s3cr3t-imap") {
				t.Fatalf("an inbox answer shows a secret: %s", r.body)
			}
			if len(inbox.SecretNames) != 1 || inbox.SecretNames[0] != "imap_password" || !strings.Contains(string(inbox.Settings), "help@shop.test") {
				t.Fatalf("inbox = %+v", inbox)
			}
			path := fmt.Sprintf("/api/v1/inboxes/%d", inbox.ID)
			admin.do("PATCH", path, map[string]any{"name": "Helpdesk", "secrets": map[string]string{"imap_password": ""}}).want(http.StatusOK).into(&inbox)
			if inbox.Name != "Helpdesk" || len(inbox.SecretNames) != 0 {
				t.Fatalf("updated inbox = %+v", inbox)
			}
			admin.do("PATCH", path, map[string]any{"kind": "sms"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
			var members switchboard.InboxMembers
			admin.do("PUT", path+"/members", map[string]any{"agent_ids": []int64{w.bob.agent.ID}, "team_ids": []int64{}}).want(http.StatusOK)
			w.bob.on(t).do("GET", path+"/members", nil).want(http.StatusOK).into(&members)
			if len(members.AgentIDs) != 1 || members.AgentIDs[0] != w.bob.agent.ID {
				t.Fatalf("members = %+v", members)
			}
			// Bob sees it now; Ann does not.
			w.bob.on(t).do("GET", path, nil).want(http.StatusOK)
			w.ann.on(t).do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("DELETE", path, nil).want(http.StatusNoContent)
			admin.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})

		t.Run("labels", func(t *testing.T) {
			admin := admin.on(t)
			var l switchboard.Label
			w.ann.on(t).do("POST", "/api/v1/labels", map[string]string{"name": "Billing", "color": "#1f883d"}).want(http.StatusCreated).into(&l)
			w.ann.on(t).do("POST", "/api/v1/labels", map[string]string{"name": "billing"}).wantError(http.StatusConflict, switchboard.ECONFLICT)
			path := fmt.Sprintf("/api/v1/labels/%d", l.ID)
			admin.do("PATCH", path, map[string]string{"description": "Money matters"}).want(http.StatusOK).into(&l)
			if l.Name != "Billing" || l.Color != "#1f883d" || l.Description != "Money matters" {
				t.Fatalf("label = %+v", l)
			}
			var list struct {
				Items []switchboard.Label `json:"items"`
			}
			w.ann.on(t).do("GET", "/api/v1/labels", nil).want(http.StatusOK).into(&list)
			if len(list.Items) != 1 {
				t.Fatalf("labels = %+v", list.Items)
			}
			admin.do("DELETE", path, nil).want(http.StatusNoContent)
		})

		t.Run("canned responses", func(t *testing.T) {
			admin := admin.on(t)
			var c switchboard.CannedResponse
			admin.do("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "/Thanks", "title": "Thank you",
				"content": "Thanks {{contact.first_name}}, {{agent.first_name}} here."}).want(http.StatusCreated).into(&c)
			if c.Shortcut != "thanks" {
				t.Fatalf("canned = %+v", c)
			}
			path := fmt.Sprintf("/api/v1/canned-responses/%d", c.ID)
			var rendered struct {
				Text string `json:"text"`
			}
			w.ann.on(t).do("GET", fmt.Sprintf("%s/render?conversation_id=%d", path, w.salesConv.ID), nil).want(http.StatusOK).into(&rendered)
			if rendered.Text != "Thanks Carla, ann here." {
				t.Fatalf("rendered %q", rendered.Text)
			}
			var list struct {
				Items []switchboard.CannedResponse `json:"items"`
			}
			w.ann.on(t).do("GET", "/api/v1/canned-responses?q=than", nil).want(http.StatusOK).into(&list)
			if len(list.Items) != 1 {
				t.Fatalf("search thank = %+v", list.Items)
			}
			w.ann.on(t).do("GET", "/api/v1/canned-responses?q=zzz", nil).want(http.StatusOK).into(&list)
			if len(list.Items) != 0 {
				t.Fatalf("search zzz = %+v", list.Items)
			}
			admin.do("PATCH", path, map[string]string{"title": "Thanks"}).want(http.StatusOK).into(&c)
			admin.do("DELETE", path, nil).want(http.StatusNoContent)
			w.ann.on(t).do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})
	})
}

func TestContacts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann := w.ann
		var eli switchboard.Contact
		ann.do("POST", "/api/v1/contacts", map[string]any{"name": "Eli Verdi", "email": "ELI@example.com",
			"attributes": map[string]any{"plan": "gold"}}).want(http.StatusCreated).into(&eli)
		if eli.Email != "eli@example.com" || len(eli.Identities) != 1 {
			t.Fatalf("contact = %+v", eli)
		}
		path := fmt.Sprintf("/api/v1/contacts/%d", eli.ID)
		ann.do("PATCH", path, map[string]any{"phone": "+39 347 000 1111", "blocked": true}).want(http.StatusOK).into(&eli)
		if eli.Phone != "+393470001111" || !eli.Blocked || eli.Name != "Eli Verdi" {
			t.Fatalf("patched = %+v", eli)
		}

		var ident switchboard.Identity
		ann.do("POST", path+"/identities", map[string]string{"kind": "instagram", "external_id": "eli.verdi"}).want(http.StatusCreated).into(&ident)
		// Carla's phone belongs to Carla.
		ann.do("POST", path+"/identities", map[string]string{"kind": "phone", "external_id": "+39 333 111 2222"}).
			wantError(http.StatusConflict, switchboard.ECONFLICT)
		ann.do("DELETE", fmt.Sprintf("%s/identities/%d", path, ident.ID), nil).want(http.StatusNoContent)
		ann.do("DELETE", fmt.Sprintf("%s/identities/%d", path, ident.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		var page switchboard.ContactPage
		ann.do("GET", "/api/v1/contacts?q=verdi", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 || page.Items[0].ID != eli.ID {
			t.Fatalf("q=verdi: %+v", page.Items)
		}
		// Whose a number is, in any notation: Carla's; a bad one is a field error.
		ann.do("GET", "/api/v1/contacts?identity_kind=phone&identity="+neturl.QueryEscape("0039 333 111 2222"), nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 1 || page.Items[0].Name != "Carla Rossi" {
			t.Fatalf("identity=0039 333 111 2222: %+v", page.Items)
		}
		ann.do("GET", "/api/v1/contacts?identity_kind=phone&identity=nope", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		// Page through the contacts one at a time: Carla and Eli; Dino writes only to Support,
		// which Ann does not see.
		seen := map[int64]bool{}
		cursor := ""
		for range 5 {
			ann.do("GET", "/api/v1/contacts?limit=1&cursor="+cursor, nil).want(http.StatusOK).into(&page)
			for _, c := range page.Items {
				seen[c.ID] = true
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != 2 || seen[w.dino.ID] {
			t.Fatalf("paged through %v, want Carla and Eli", seen)
		}
		ann.do("GET", path, nil).want(http.StatusOK)
		w.admin.do("DELETE", path, nil).want(http.StatusNoContent)
		ann.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
	})
}

func TestConversations(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann := w.ann
		path := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)
		get := func() switchboard.Conversation {
			t.Helper()
			var c switchboard.Conversation
			ann.do("GET", path, nil).want(http.StatusOK).into(&c)
			return c
		}
		list := func(query string) []*switchboard.Conversation {
			t.Helper()
			var page switchboard.ConversationPage
			ann.do("GET", "/api/v1/conversations"+query, nil).want(http.StatusOK).into(&page)
			return page.Items
		}

		if c := get(); c.Status != switchboard.StatusOpen || c.AssigneeID == nil || *c.AssigneeID != ann.agent.ID || c.ContactName != "Carla Rossi" {
			t.Fatalf("conversation = %+v", c)
		}
		if got := list(""); len(got) != 1 || got[0].ID != w.salesConv.ID {
			t.Fatalf("ann's list = %+v", got)
		}
		if got := list("?view=unassigned"); len(got) != 0 {
			t.Fatalf("unassigned = %+v", got)
		}
		if got := list("?view=mine&status=open,pending&channel=whatsapp&last_replier=agent"); len(got) != 1 {
			t.Fatalf("mine+filters = %+v", got)
		}
		if got := list("?status=resolved&status=snoozed"); len(got) != 0 {
			t.Fatalf("resolved or snoozed = %+v", got)
		}
		since := url(time.Now().Add(-time.Hour))
		if got := list("?since=" + since + "&flagged=false&sort=newest&limit=5"); len(got) != 1 {
			t.Fatalf("since = %+v", got)
		}
		if got := list("?until=" + since); len(got) != 0 {
			t.Fatalf("until = %+v", got)
		}

		var c switchboard.Conversation
		ann.do("PATCH", path, map[string]any{"flagged": true, "priority": "high", "subject": "Order 42"}).want(http.StatusOK).into(&c)
		if !c.Flagged || c.Priority != switchboard.PriorityHigh || c.Subject != "Order 42" {
			t.Fatalf("patched = %+v", c)
		}
		if got := list("?flagged=true"); len(got) != 1 {
			t.Fatalf("flagged = %+v", got)
		}
		ann.do("POST", path+"/assign", map[string]any{"agent_id": nil, "team_id": w.team.ID}).want(http.StatusOK).into(&c)
		if c.AssigneeID != nil || c.TeamID == nil || *c.TeamID != w.team.ID {
			t.Fatalf("assigned = %+v", c)
		}
		if got := list(fmt.Sprintf("?view=unassigned&team_id=%d", w.team.ID)); len(got) != 1 {
			t.Fatalf("unassigned team = %+v", got)
		}
		ann.do("POST", path+"/assign", map[string]any{"agent_id": ann.agent.ID}).want(http.StatusOK)

		for _, step := range []struct {
			action string
			want   switchboard.ConversationStatus
		}{{"resolve", switchboard.StatusResolved}, {"reopen", switchboard.StatusOpen}, {"pending", switchboard.StatusPending}} {
			ann.do("POST", path+"/"+step.action, nil).want(http.StatusOK).into(&c)
			if c.Status != step.want {
				t.Fatalf("%s: status %s", step.action, c.Status)
			}
		}

		// Presets are computed in the agent's time zone: 9:00 in Rome is 8:00 or 7:00 UTC.
		ann.do("POST", path+"/snooze", map[string]string{"preset": "tomorrow"}).want(http.StatusOK).into(&c)
		rome, _ := time.LoadLocation("Europe/Rome")
		if c.Status != switchboard.StatusSnoozed || c.SnoozedUntil == nil || c.SnoozedUntil.In(rome).Hour() != 9 {
			t.Fatalf("snoozed = %+v (until %v)", c, c.SnoozedUntil)
		}
		until := time.Now().Add(3 * time.Hour).UTC().Truncate(time.Second)
		ann.do("POST", path+"/snooze", map[string]any{"until": until}).want(http.StatusOK).into(&c)
		if c.SnoozedUntil == nil || !c.SnoozedUntil.Equal(until) {
			t.Fatalf("snoozed until %v, want %v", c.SnoozedUntil, until)
		}
		if got := list("?status=snoozed"); len(got) != 1 {
			t.Fatalf("snoozed list = %+v", got)
		}

		ann.do("POST", path+"/labels", map[string]any{"labels": []string{"refund"}}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, name := range []string{"refund", "vip"} {
			ann.do("POST", "/api/v1/labels", map[string]string{"name": name}).want(http.StatusCreated)
		}
		ann.do("POST", path+"/labels", map[string]any{"labels": []string{"refund", "vip"}}).want(http.StatusOK).into(&c)
		if strings.Join(c.Labels, ",") != "refund,vip" {
			t.Fatalf("labels = %v", c.Labels)
		}
		if got := list("?label=vip"); len(got) != 1 {
			t.Fatalf("label=vip = %+v", got)
		}
		ann.do("DELETE", path+"/labels/vip", nil).want(http.StatusOK).into(&c)
		if strings.Join(c.Labels, ",") != "refund" {
			t.Fatalf("labels after removal = %v", c.Labels)
		}

		ann.do("POST", path+"/unread", nil).want(http.StatusNoContent)
		if !get().Unread || len(list("?unread=true")) != 1 {
			t.Fatal("mark unread did not stick")
		}
		ann.do("POST", path+"/read", nil).want(http.StatusNoContent)
		if get().Unread {
			t.Fatal("mark read did not stick")
		}
		ann.do("POST", path+"/unread", nil).want(http.StatusNoContent)
		ann.do("POST", "/api/v1/conversations/read-all", nil).want(http.StatusNoContent)
		if len(list("?unread=true")) != 0 {
			t.Fatal("read-all left unread conversations")
		}

		// Starting a conversation twice with one idempotency key starts it once.
		var eli switchboard.Contact
		ann.do("POST", "/api/v1/contacts", map[string]any{"name": "Eli Verdi", "phone": "+39 347 000 1111"}).want(http.StatusCreated).into(&eli)
		body := map[string]any{"inbox_id": w.sales.ID, "contact_id": eli.ID, "text": "Your order shipped", "subject": "Shipping"}
		var first, again struct {
			Conversation switchboard.Conversation `json:"conversation"`
			Message      switchboard.Message      `json:"message"`
		}
		key := http.Header{"Idempotency-Key": {"start-1"}}
		ann.doHeaders("POST", "/api/v1/conversations", body, key).want(http.StatusCreated).into(&first)
		ann.doHeaders("POST", "/api/v1/conversations", body, key).want(http.StatusCreated).into(&again)
		if first.Conversation.ID == 0 || first.Conversation.ID != again.Conversation.ID || first.Message.ID != again.Message.ID {
			t.Fatalf("idempotent create made two: %+v / %+v", first, again)
		}
		if first.Message.Text != "Your order shipped" || first.Message.Status != switchboard.MessagePending {
			t.Fatalf("first message = %+v", first.Message)
		}
	})
}

// url formats a time for a query string.
func url(t time.Time) string { return strings.ReplaceAll(t.UTC().Format(time.RFC3339), "+", "%2B") }

func TestMessages(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann := w.ann
		msgs := fmt.Sprintf("/api/v1/conversations/%d/messages", w.salesConv.ID)

		var m, again switchboard.Message
		key := http.Header{"Idempotency-Key": {"click-1"}}
		ann.doHeaders("POST", msgs, map[string]string{"text": "On its way!"}, key).want(http.StatusCreated).into(&m)
		if m.Direction != switchboard.DirectionOutgoing || m.Status != switchboard.MessagePending || m.SenderName != "ann" {
			t.Fatalf("reply = %+v", m)
		}
		// The double click: same key, the first message, 200, nothing new.
		ann.doHeaders("POST", msgs, map[string]string{"text": "On its way!"}, key).want(http.StatusOK).into(&again)
		if again.ID != m.ID {
			t.Fatalf("second send made message %d, want %d", again.ID, m.ID)
		}
		// The key may also travel in the body.
		ann.do("POST", msgs, map[string]string{"text": "On its way!", "idempotency_key": "click-1"}).want(http.StatusOK)

		var note switchboard.Message
		// Bob is in Support only: he cannot see this Sales conversation, so he cannot be mentioned.
		ann.do("POST", msgs, map[string]any{"note": true, "text": "@bob look", "mentions": []int64{w.bob.agent.ID}}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		ann.do("POST", msgs, map[string]any{"note": true, "text": "@super look", "mentions": []int64{w.super.agent.ID}, "reply_to_id": m.ID}).
			want(http.StatusCreated).into(&note)
		if note.Kind != switchboard.KindNote || note.Direction != switchboard.DirectionInternal || len(note.Mentions) != 1 {
			t.Fatalf("note = %+v", note)
		}
		ann.do("POST", msgs, map[string]any{"text": "hi", "mentions": []int64{w.bob.agent.ID}}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		var page switchboard.MessagePage
		ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		if n := len(page.Items); n < 3 || page.Items[n-1].ID != note.ID {
			t.Fatalf("thread = %+v", page.Items)
		}
		total := len(page.Items)
		// Scroll back one message at a time.
		seen := 0
		before := ""
		for range total + 1 {
			ann.do("GET", msgs+"?limit=1&before="+before, nil).want(http.StatusOK).into(&page)
			seen += len(page.Items)
			if before = page.PrevCursor; before == "" {
				break
			}
		}
		if seen != total {
			t.Fatalf("scrolled through %d messages, want %d", seen, total)
		}
		ann.do("GET", msgs+"?limit=500", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)

		del := fmt.Sprintf("/api/v1/messages/%d", m.ID)
		ann.do("DELETE", del, nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.admin.do("DELETE", del, nil).want(http.StatusNoContent)
		w.admin.do("DELETE", del, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		for _, x := range page.Items {
			if x.ID == m.ID && (x.DeletedAt == nil || x.Text != "") {
				t.Fatalf("deleted message = %+v", x)
			}
		}
	})
}

func TestSearchAndEvents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var res switchboard.SearchResult
		w.bob.do("GET", "/api/v1/search?q=zanzi", nil).want(http.StatusOK).into(&res)
		if len(res.Messages) != 1 || res.Messages[0].ConversationID != w.supportConv.ID {
			t.Fatalf("bob's search = %+v", res)
		}
		w.ann.do("GET", "/api/v1/search?q=zanzi", nil).want(http.StatusOK).into(&res)
		if len(res.Messages) != 0 {
			t.Fatalf("ann found another inbox's message: %+v", res.Messages)
		}
		w.ann.do("GET", "/api/v1/search?q=carla&limit=5", nil).want(http.StatusOK).into(&res)
		if len(res.Contacts) != 1 || res.Contacts[0].Contact.ID != w.carla.ID {
			t.Fatalf("contact search = %+v", res.Contacts)
		}

		var events struct {
			Items []switchboard.Event `json:"items"`
		}
		w.admin.do("GET", "/api/v1/events", nil).want(http.StatusOK).into(&events)
		if len(events.Items) == 0 {
			t.Fatal("no events")
		}
		last := events.Items[len(events.Items)-1].ID
		for i := 1; i < len(events.Items); i++ {
			if events.Items[i].ID <= events.Items[i-1].ID {
				t.Fatalf("events out of order: %+v", events.Items)
			}
		}
		var newest struct{ ID int64 }
		w.admin.do("GET", "/api/v1/events/last", nil).want(http.StatusOK).into(&newest)
		if newest.ID != last {
			t.Errorf("events/last = %d, want the newest event %d", newest.ID, last)
		}
		w.admin.do("GET", "/api/v1/events?limit=2", nil).want(http.StatusOK).into(&events)
		if len(events.Items) != 2 {
			t.Fatalf("limit=2 gave %d", len(events.Items))
		}
		w.admin.do("GET", fmt.Sprintf("/api/v1/events?after=%d", last), nil).want(http.StatusOK).into(&events)
		if len(events.Items) != 0 {
			t.Fatalf("after the last event: %+v", events.Items)
		}
		// Polling picks up the next change.
		w.admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/resolve", w.salesConv.ID), nil).want(http.StatusOK)
		w.ann.do("GET", fmt.Sprintf("/api/v1/events?after=%d", last), nil).want(http.StatusOK).into(&events)
		found := false
		for _, e := range events.Items {
			found = found || e.Type == switchboard.EventConversationStatus
		}
		if !found {
			t.Fatalf("ann's poll missed the status change: %+v", events.Items)
		}
		w.admin.do("GET", "/api/v1/events?limit=5000", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
	})
}

func TestInbound(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/inboxes/%d/messages", w.sales.ID)
		type recorded struct {
			Conversation switchboard.Conversation `json:"conversation"`
			Message      switchboard.Message      `json:"message"`
		}
		var first, again, stranger recorded
		body := map[string]string{"from": "+39 333 111 2222", "provider_id": "wamid.1", "text": "Where is my parcel?"}
		w.admin.do("POST", path, body).want(http.StatusCreated).into(&first)
		if first.Conversation.ID != w.salesConv.ID || first.Message.Direction != switchboard.DirectionIncoming ||
			first.Conversation.LastReplier != switchboard.ReplierCustomer {
			t.Fatalf("recorded %+v", first)
		}
		// The provider retries: the same message, once.
		w.admin.do("POST", path, body).want(http.StatusOK).into(&again)
		if again.Message.ID != first.Message.ID {
			t.Fatalf("a retry recorded message %d, want %d", again.Message.ID, first.Message.ID)
		}
		w.admin.do("POST", path, map[string]string{"from": "+44 20 7946 0000", "contact_name": "Gus", "text": "Hi"}).
			want(http.StatusCreated).into(&stranger)
		if stranger.Conversation.ID == w.salesConv.ID || stranger.Conversation.ContactName != "Gus" {
			t.Fatalf("a new sender joined %+v", stranger.Conversation)
		}
		// Ann, who belongs to Sales, sees the customer waiting.
		var page switchboard.ConversationPage
		w.ann.do("GET", "/api/v1/conversations?last_replier=customer", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 2 {
			t.Fatalf("ann's waiting conversations = %+v", page.Items)
		}
		w.admin.do("POST", path, map[string]string{"from": "not a phone", "text": "x"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("POST", path, map[string]string{"from": "+39 333 111 2222"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("POST", path, map[string]any{"from": "+39 333 111 2222", "text": "x", "inbox_id": w.support.ID}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("POST", "/api/v1/inboxes/999999/messages", body).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
	})
}
