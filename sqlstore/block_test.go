package sqlstore_test

import (
	"slices"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestBlockContact: a blocked contact's message is stored but hidden from lists and search,
// unread for no one, and queues nothing (no auto-reply, assignment, rule) and announces nothing;
// unblocking shows it again without firing anything; blocking writes a milestone with the actor;
// an agent may not block a contact who also writes to an inbox they are not in.
func TestBlockContact(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, &switchboard.Automation{Welcome: "Welcome!"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: switchboard.AssignRoundRobin}); err != nil {
			t.Fatal(err)
		}
		receive := func(from, id, text string) (*switchboard.Message, *switchboard.Conversation) {
			t.Helper()
			m, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ProviderID: id, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m, c
		}
		list := func(f switchboard.ConversationFilter) []int64 {
			t.Helper()
			p, err := db.FindConversations(w.annCtx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, c := range p.Items {
				ids = append(ids, c.ID)
			}
			return ids
		}
		search := func(q string) int {
			t.Helper()
			r, err := db.Search(w.adminCtx, switchboard.SearchQuery{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			return len(r.Messages)
		}
		lastEvent := func() int64 {
			t.Helper()
			evs, err := db.FindEvents(w.sys, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 {
				return 0
			}
			return evs[len(evs)-1].ID
		}

		// Control: Carla's first message queues the welcome and an assignment run.
		jobs0 := db.CountRowsForTest("jobs")
		_, carlaConv := receive("+393331112222", "wamid.c1", "hello quokka")
		if db.CountRowsForTest("jobs") == jobs0 {
			t.Fatal("an unblocked contact's first message queued nothing: the test would prove nothing")
		}

		// Dino writes, then is blocked by Ann (who sees him: his only conversation is in her inbox).
		_, dinoConv := receive("+393339998888", "wamid.d1", "first platypus")
		if _, err := db.UpdateContact(w.annCtx, w.dino.ID, &switchboard.ContactInput{Blocked: ptr(true)}); err != nil {
			t.Fatalf("Ann blocks Dino: %v", err)
		}
		if err := db.MarkAllRead(w.annCtx); err != nil {
			t.Fatal(err)
		}
		jobs, msgs, after := db.CountRowsForTest("jobs"), db.CountRowsForTest("messages"), lastEvent()
		m, c := receive("+393339998888", "wamid.d2", "blocked wombat")
		if m.ID == 0 || c.ID != dinoConv.ID {
			t.Fatalf("blocked message = %+v in %d, want stored in %d", m, c.ID, dinoConv.ID)
		}
		if got := db.CountRowsForTest("messages"); got != msgs+1 {
			t.Errorf("messages %d → %d: want only the customer's (no auto-reply)", msgs, got)
		}
		if got := db.CountRowsForTest("jobs"); got != jobs {
			t.Errorf("jobs %d → %d: a blocked contact's message queued work", jobs, got)
		}
		if got := lastEvent(); got != after {
			t.Errorf("a blocked contact's message announced events (last id %d → %d)", after, got)
		}
		if ids := list(switchboard.ConversationFilter{}); slices.Contains(ids, dinoConv.ID) || !slices.Contains(ids, carlaConv.ID) {
			t.Errorf("All = %v: want Carla's %d and not blocked Dino's %d", ids, carlaConv.ID, dinoConv.ID)
		}
		if ids := list(switchboard.ConversationFilter{Unread: ptr(true)}); slices.Contains(ids, dinoConv.ID) {
			t.Errorf("unread = %v: the blocked message made it unread", ids)
		}
		if ids := list(switchboard.ConversationFilter{Blocked: ptr(true), Unread: ptr(true)}); len(ids) != 0 {
			t.Errorf("blocked and unread = %v: want none", ids)
		}
		if ids := list(switchboard.ConversationFilter{Blocked: ptr(true)}); !slices.Equal(ids, []int64{dinoConv.ID}) {
			t.Errorf("blocked = %v, want [%d]", ids, dinoConv.ID)
		}
		if ids := list(switchboard.ConversationFilter{ContactID: &w.dino.ID}); !slices.Equal(ids, []int64{dinoConv.ID}) {
			t.Errorf("the contact's conversations = %v, want [%d]", ids, dinoConv.ID)
		}
		if n := search("wombat"); n != 0 {
			t.Errorf("search finds %d hidden messages", n)
		}
		// A second blocked message in a new conversation (the first one resolved) starts it hidden.
		if _, err := db.SetStatus(w.adminCtx, dinoConv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		jobs = db.CountRowsForTest("jobs")
		_, c2 := receive("+393339998888", "wamid.d3", "new wombat thread")
		if c2.ID == dinoConv.ID || c2.AssigneeID != nil {
			t.Fatalf("new conversation %+v", c2)
		}
		if got := db.CountRowsForTest("jobs"); got != jobs {
			t.Errorf("jobs %d → %d: a blocked contact's new conversation queued work", jobs, got)
		}
		if ids := list(switchboard.ConversationFilter{}); slices.Contains(ids, c2.ID) {
			t.Errorf("All = %v shows the blocked contact's new conversation", ids)
		}

		// Bob and Ann: an agent may not block a contact who writes to an inbox they are not in.
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "+393331112222", ProviderID: "wamid.c2", Text: "hi"}); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateContact(w.annCtx, w.carla.ID, &switchboard.ContactInput{Blocked: ptr(true)})
		wantCode(t, err, switchboard.EFORBIDDEN)
		if got, _ := db.FindContactByID(w.adminCtx, w.carla.ID); got.Blocked {
			t.Error("a refused block was written")
		}

		// Unblocking shows both conversations with what arrived, fires nothing, and is noted.
		jobs = db.CountRowsForTest("jobs")
		if _, err := db.UpdateContact(w.superCtx, w.dino.ID, &switchboard.ContactInput{Blocked: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if got := db.CountRowsForTest("jobs"); got != jobs {
			t.Errorf("jobs %d → %d: unblocking fired work retroactively", jobs, got)
		}
		if ids := list(switchboard.ConversationFilter{}); !slices.Contains(ids, dinoConv.ID) || !slices.Contains(ids, c2.ID) {
			t.Errorf("All = %v after unblocking, want %d and %d", ids, dinoConv.ID, c2.ID)
		}
		if n := search("wombat"); n != 2 {
			t.Errorf("search finds %d of the 2 messages after unblocking", n)
		}
		page, err := db.FindMessages(w.annCtx, dinoConv.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var texts, actions []string
		for _, m := range page.Items {
			if m.Activity != nil {
				actions = append(actions, m.Activity.Action+": "+m.Text)
			} else {
				texts = append(texts, m.Text)
			}
		}
		if !slices.Contains(texts, "blocked wombat") {
			t.Errorf("thread %q lacks the message that arrived while blocked", texts)
		}
		wantActions := []string{"contact_blocked: ann blocked the contact: their messages are kept but hidden", "contact_unblocked: super unblocked the contact"}
		for _, a := range wantActions {
			if !slices.Contains(actions, a) {
				t.Errorf("milestones %q lack %q", actions, a)
			}
		}
		// A message after unblocking is an ordinary one again.
		receive("+393339998888", "wamid.d4", "back")
		if ids := list(switchboard.ConversationFilter{Unread: ptr(true)}); !slices.Contains(ids, c2.ID) {
			t.Errorf("unread = %v: a message after unblocking is unread", ids)
		}
	})
}
