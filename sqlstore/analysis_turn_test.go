package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAnalysisNoteOnePerTurn: a turn keeps one note however many messages it has (more than the
// 50 the analysis reads) and when its first message is deleted; an agent's reply starts the next.
func TestAnalysisNoteOnePerTurn(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var first, conv int64
		receive := func(i int) {
			t.Helper()
			m, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000001",
				ProviderID: fmt.Sprintf("t-%d", i), Text: fmt.Sprintf("message %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			if first == 0 {
				first = m.ID
			}
			conv = c.ID
		}
		a := &switchboard.Analysis{Sentiment: switchboard.SentimentNeutral, Urgency: switchboard.UrgencyNormal, Provider: "offline"}
		save := func() *switchboard.Message {
			t.Helper()
			n, err := db.SaveAnalysis(w.sys, conv, a)
			if err != nil || n == nil {
				t.Fatalf("save analysis: %v, %v", n, err)
			}
			return n
		}
		notes := func() int {
			t.Helper()
			p, err := db.FindMessages(w.adminCtx, conv, switchboard.MessageFilter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range p.Items {
				if m.Kind == switchboard.KindNote && m.SenderType == switchboard.SenderSystem {
					n++
				}
			}
			return n
		}
		receive(0)
		note := save()
		for i := 1; i < 55; i++ {
			receive(i)
			if i%10 == 0 || i == 54 {
				if n := save(); n.ID != note.ID {
					t.Fatalf("after %d messages a new note %d, want %d", i+1, n.ID, note.ID)
				}
			}
		}
		if n := notes(); n != 1 {
			t.Fatalf("%d notes for a turn of 55 messages", n)
		}
		// The turn's first message deleted, then the customer writes again: the same note.
		if err := db.DeleteMessage(w.adminCtx, first); err != nil {
			t.Fatal(err)
		}
		receive(55)
		a.Sentiment = switchboard.SentimentNegative
		if n := save(); n.ID != note.ID || n.Content.Analysis.Sentiment != switchboard.SentimentNegative {
			t.Fatalf("after deleting the first message: note %d (%s), want %d updated", n.ID, n.Content.Analysis.Sentiment, note.ID)
		}
		if n := notes(); n != 1 {
			t.Fatalf("%d notes after deleting the turn's first message", n)
		}
		// An agent answers: the next customer message is a new turn with a note of its own.
		if _, _, err := db.CreateMessage(w.adminCtx, conv, &switchboard.MessageCreate{Text: "On it"}); err != nil {
			t.Fatal(err)
		}
		receive(56)
		if n := save(); n.ID == note.ID {
			t.Fatal("a new turn updated the previous turn's note")
		}
		if n := notes(); n != 2 {
			t.Fatalf("%d notes for two turns", n)
		}
	})
}

// TestAnalysisTurnCarriesTheInboxSwitch: the turn comes with its inbox's switches as they are when
// it is read, and with no messages when the inbox keeps analysis away.
func TestAnalysisTurnCarriesTheInboxSwitch(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		_, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000001", ProviderID: "s-1", Text: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		turn, err := db.FindAnalysisTurn(w.sys, c.ID)
		if err != nil || !turn.InboxAssistant.Analysis || len(turn.Messages) != 1 {
			t.Fatalf("turn = %+v, %v", turn, err)
		}
		if _, err := db.UpdateInbox(w.adminCtx, w.inbox1.ID, &switchboard.InboxInput{Assistant: &switchboard.InboxAssistant{Copilot: true, Translation: true}}); err != nil {
			t.Fatal(err)
		}
		turn, err = db.FindAnalysisTurn(w.sys, c.ID)
		if err != nil || turn.InboxAssistant.Analysis || !turn.InboxAssistant.Copilot || len(turn.Messages) != 0 {
			t.Fatalf("turn of an inbox without analysis = %+v, %v", turn, err)
		}
	})
}
