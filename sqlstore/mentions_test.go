package sqlstore_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// A note mentions only agents who can see its conversation: the list of them is what the
// mention picker offers, and a mention of anyone else is refused, saying who, rather than
// saved and never seen.
func TestMentionsOnlyWhoSeesTheConversation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello Carla") // Sales: Ann's inbox; Bob is in Support only
		agents, err := db.FindConversationAgents(w.annCtx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, a := range agents {
			names[a.Name] = true
		}
		if len(agents) != 3 || !names["ann"] || !names["admin"] || !names["super"] || names["bob"] {
			t.Errorf("agents who see the Sales conversation = %v, want ann, admin and super, not bob", names)
		}
		_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: "@bob can you check?", Mentions: []int64{w.bob.ID}})
		wantCode(t, err, switchboard.EINVALID)
		if f := switchboard.ErrorFields(err)["mentions"]; f == "" {
			t.Errorf("the refusal names no field: %v", err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: "@super can you check?",
			Mentions: []int64{w.super.ID}}); err != nil {
			t.Fatalf("a mention of a supervisor, who sees every inbox: %v", err)
		}
		// Bob does not see the conversation, so he cannot list who does either.
		_, err = db.FindConversationAgents(w.bobCtx, conv.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
	})
}

// Taking a conversation reads as that: "Ann took the conversation", not "Ann assigned the
// conversation to Ann"; assigning someone else still names them.
func TestSelfAssignmentReadsAsTaking(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.adminCtx, w.inbox1, w.carla, "Hello Carla")
		last := func() string {
			t.Helper()
			page, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return page.Items[len(page.Items)-1].Text
		}
		if _, err := db.Assign(w.annCtx, conv.ID, switchboard.Assignment{AgentID: &w.ann.ID}); err != nil {
			t.Fatal(err)
		}
		if got := last(); got != "ann took the conversation" {
			t.Errorf("self-assignment milestone = %q", got)
		}
		if _, err := db.Assign(w.adminCtx, conv.ID, switchboard.Assignment{AgentID: &w.admin.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Assign(w.adminCtx, conv.ID, switchboard.Assignment{AgentID: &w.ann.ID}); err != nil {
			t.Fatal(err)
		}
		if got := last(); got != "admin transferred the conversation to ann" {
			t.Errorf("transfer milestone = %q", got)
		}
	})
}
