package sqlstore_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestResolvedAnswersLeaveOutInboxesWithoutCopilot: the answers the copilot retrieves (and may
// send to an endpoint) never come from an inbox that keeps the copilot away.
func TestResolvedAnswersLeaveOutInboxesWithoutCopilot(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		resolve := func(inbox *switchboard.Inbox, from, question, answer string) int64 {
			t.Helper()
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ProviderID: from, Text: question})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.CreateMessage(w.adminCtx, conv.ID, &switchboard.MessageCreate{Text: answer}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetStatus(w.adminCtx, conv.ID, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
			return conv.ID
		}
		sales := resolve(w.inbox1, "+393330000001", "How do I reset my password?", "Use the link under Sign in.")
		resolve(w.inbox2, "+393330000002", "My parcel is late", "It ships tomorrow.")
		answers := func() []int64 {
			t.Helper()
			got, err := db.FindResolvedAnswers(w.adminCtx, 500)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, a := range got {
				ids = append(ids, a.ConversationID)
			}
			return ids
		}
		if ids := answers(); len(ids) != 2 {
			t.Fatalf("answers = %v, want both", ids)
		}
		// Support keeps the copilot away (analysis and translation stay on).
		if _, err := db.UpdateInbox(w.adminCtx, w.inbox2.ID, &switchboard.InboxInput{Assistant: &switchboard.InboxAssistant{Analysis: true, Translation: true}}); err != nil {
			t.Fatal(err)
		}
		if ids := answers(); len(ids) != 1 || ids[0] != sales {
			t.Fatalf("answers = %v, want Sales' %d only", ids, sales)
		}
		// Sales keeps only analysis away: its answers stay.
		if _, err := db.UpdateInbox(w.adminCtx, w.inbox1.ID, &switchboard.InboxInput{Assistant: &switchboard.InboxAssistant{Copilot: true, Translation: true}}); err != nil {
			t.Fatal(err)
		}
		if ids := answers(); len(ids) != 1 || ids[0] != sales {
			t.Fatalf("answers = %v, want Sales' %d only", ids, sales)
		}
	})
}
