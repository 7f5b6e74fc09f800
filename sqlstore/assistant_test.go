package sqlstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAssistantSettings: admins read and change the settings, the keys are write-only (only
// the system reads them, in clear), a bad change writes nothing, agents may read only the
// features, and the usage and health of the endpoint are recorded.
func TestAssistantSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		s, err := db.FindAssistantSettings(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Provider != switchboard.AssistantOffline || s.Analysis || !s.Redact || s.KeySet || s.TranslationEngine != switchboard.TranslateWithAssistant {
			t.Fatalf("defaults = %+v", s)
		}
		_, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Provider: ptr("openai"), APIKey: ptr("sk-secret")})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Provider: ptr("openai"), BaseURL: ptr("ftp://x"), Model: ptr("m")})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{DailyTokenBudget: ptr(-1)})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{TranslationEngine: ptr("libretranslate")})
		wantCode(t, err, switchboard.EINVALID)
		if n := db.CountRowsForTest("assistant_settings"); n != 0 {
			t.Fatalf("a refused change wrote %d rows", n)
		}
		_, err = db.SetAssistantSettings(w.annCtx, &switchboard.AssistantSettingsInput{Analysis: ptr(true)})
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.FindAssistantSettings(w.annCtx)
		wantCode(t, err, switchboard.EFORBIDDEN)

		s, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Provider: ptr("openai"),
			BaseURL: ptr(" http://127.0.0.1:11434/v1/ "), Model: ptr("llama3.2"), APIKey: ptr("sk-secret"), DailyTokenBudget: ptr(1000),
			Analysis: ptr(true), Copilot: ptr(true), Redact: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		if !s.KeySet || s.BaseURL != "http://127.0.0.1:11434/v1" || s.Model != "llama3.2" || s.DailyTokenBudget != 1000 || s.Redact || !s.Analysis {
			t.Fatalf("saved = %+v", s)
		}
		raw, _ := json.Marshal(s)
		if strings.Contains(string(raw), "sk-secret") {
			t.Fatalf("the key is answered: %s", raw)
		}
		// Every agent's open window hears of the change: the switches, nothing of the endpoint.
		evs, err := db.FindEvents(w.annCtx, 0, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		var changed *switchboard.Event
		for _, e := range evs {
			if e.Type == switchboard.EventAssistantChanged {
				changed = e
			}
		}
		if changed == nil || string(changed.Data) != `{"analysis":true,"copilot":true,"translation":false}` {
			t.Fatalf("assistant.changed seen by an agent = %+v", changed)
		}
		_, _, err = db.AssistantConfig(w.adminCtx)
		wantCode(t, err, switchboard.EFORBIDDEN)
		cfg, keys, err := db.AssistantConfig(w.sys)
		if err != nil || keys.APIKey != "sk-secret" || cfg.Model != "llama3.2" {
			t.Fatalf("config = %+v, %+v, %v", cfg, keys, err)
		}
		f, err := db.FindAssistantFeatures(w.annCtx)
		if err != nil || !f.Analysis || !f.Copilot.Rewrite || f.Provider != "openai:llama3.2" || f.Translation.Enabled {
			t.Fatalf("features = %+v, %v", f, err)
		}

		// Usage adds up per day; the health records the newest error and success.
		if err := db.RecordAssistantCall(w.sys, 120, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordAssistantCall(w.sys, 30, "429 Too Many Requests"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.RecordAssistantCall(w.adminCtx, 1, ""), switchboard.EFORBIDDEN)
		s, _ = db.FindAssistantSettings(w.adminCtx)
		if s.TokensToday != 150 || s.LastError != "429 Too Many Requests" || s.LastErrorAt == nil || s.LastSuccessAt == nil {
			t.Fatalf("health = %+v", s)
		}
		// A change leaves the key alone unless given; "" removes it; saving clears the health.
		s, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Copilot: ptr(false)})
		if err != nil || !s.KeySet || s.LastError != "" || s.LastErrorAt != nil {
			t.Fatalf("after a change: %+v, %v", s, err)
		}
		s, err = db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{APIKey: ptr("")})
		if err != nil || s.KeySet {
			t.Fatalf("after removing the key: %+v, %v", s, err)
		}
		if _, keys, _ := db.AssistantConfig(w.sys); keys.APIKey != "" {
			t.Fatal("the removed key is still there")
		}

		// Models round trip by name.
		if m, _, err := db.AssistantModel(w.sys, "labels"); err != nil || m != nil {
			t.Fatalf("no model yet: %s, %v", m, err)
		}
		if err := db.SaveAssistantModel(w.sys, "labels", []byte(`{"v":1}`)); err != nil {
			t.Fatal(err)
		}
		if m, at, err := db.AssistantModel(w.sys, "labels"); err != nil || string(m) != `{"v":1}` || at.IsZero() {
			t.Fatalf("model = %s, %v, %v", m, at, err)
		}
	})
}

// analysisJobs returns the conversation ids of the live analysis jobs.
func analysisJobs(t *testing.T, db *sqlstore.DB, w *world) []int64 {
	t.Helper()
	js, err := db.FindJobs(w.adminCtx, switchboard.JobAvailable, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, j := range js {
		if j.Kind == switchboard.JobAnalyseTurn {
			var a switchboard.AnalyseTurnArgs
			if err := json.Unmarshal(j.Args, &a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ConversationID)
		}
	}
	return ids
}

// TestAnalysisTurns: a customer's message queues one analysis job per conversation when
// analysis is on for the workspace and the inbox (not for a blocked contact); the analysis of a
// turn is one note, updated when the customer writes again before the team answers, and a new
// note after an agent's reply; the conversation's readings are set and filter the list.
func TestAnalysisTurns(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		receive := func(inbox *switchboard.Inbox, from, id, text string) (*switchboard.Message, *switchboard.Conversation) {
			t.Helper()
			m, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ProviderID: id, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m, c
		}
		// Analysis off: no job.
		_, c0 := receive(w.inbox1, "+393330000001", "p0", "hello")
		if ids := analysisJobs(t, db, w); len(ids) != 0 {
			t.Fatalf("analysis off queued %v", ids)
		}
		if _, err := db.SetAssistantSettings(w.adminCtx, &switchboard.AssistantSettingsInput{Analysis: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		// The Support inbox keeps analysis away.
		if _, err := db.UpdateInbox(w.adminCtx, w.inbox2.ID, &switchboard.InboxInput{Assistant: &switchboard.InboxAssistant{Copilot: true}}); err != nil {
			t.Fatal(err)
		}
		if in, _ := db.FindInboxByID(w.adminCtx, w.inbox2.ID); in.Assistant.Analysis || !in.Assistant.Copilot || in.Assistant.Translation {
			t.Fatalf("inbox switches = %+v", in.Assistant)
		}
		receive(w.inbox2, "+393330000002", "s1", "hello support")
		m1, c := receive(w.inbox1, "+393330000001", "p1", "my order 12345 never arrived")
		receive(w.inbox1, "+393330000001", "p1b", "still waiting")
		if ids := analysisJobs(t, db, w); len(ids) != 1 || ids[0] != c.ID || c.ID != c0.ID {
			t.Fatalf("jobs for conversations %v, want one for %d", ids, c.ID)
		}
		// A blocked contact's messages are not analysed.
		_, blockedConv := receive(w.inbox1, "+393330000009", "b1", "spam")
		if _, err := db.UpdateContact(w.adminCtx, blockedConv.ContactID, &switchboard.ContactInput{Blocked: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if err := db.CancelJobsForTest(switchboard.JobAnalyseTurn); err != nil {
			t.Fatal(err)
		}
		receive(w.inbox1, "+393330000009", "b2", "more spam")
		if ids := analysisJobs(t, db, w); len(ids) != 0 {
			t.Fatalf("a blocked contact's message queued %v", ids)
		}

		a := &switchboard.Analysis{Language: "en", Sentiment: switchboard.SentimentNegative, Urgency: switchboard.UrgencyHigh,
			References: []switchboard.Reference{{Kind: switchboard.RefOrder, Value: "12345"}}, Provider: "offline"}
		_, err := db.SaveAnalysis(w.adminCtx, c.ID, a)
		wantCode(t, err, switchboard.EFORBIDDEN)
		note, err := db.SaveAnalysis(w.sys, c.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		if note.Kind != switchboard.KindNote || note.SenderType != switchboard.SenderSystem || note.SenderName != "Assistant" ||
			note.Content.Analysis == nil || note.Content.AI.Feature != "analysis" || len(note.Content.Analysis.MessageIDs) != 3 {
			t.Fatalf("note = %+v %+v", note, note.Content)
		}
		conv, err := db.FindConversationByID(w.annCtx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.Sentiment != "negative" || conv.Urgency != "high" || conv.Language != "en" || conv.WaitingSince == nil || conv.LastReplier != switchboard.ReplierCustomer {
			t.Fatalf("conversation after analysis = %+v", conv)
		}
		updatedBefore := countEvents(t, db, switchboard.EventMessageUpdated)
		analysed := countEvents(t, db, switchboard.EventConversationAnalysed)

		// The customer writes again: the same note is updated.
		receive(w.inbox1, "+393330000001", "p2", "hello??")
		a.Sentiment = switchboard.SentimentNeutral
		again, err := db.SaveAnalysis(w.sys, c.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != note.ID || again.Content.Analysis.Sentiment != "neutral" || len(again.Content.Analysis.MessageIDs) != 4 {
			t.Fatalf("second analysis of the turn = %+v", again)
		}
		if countEvents(t, db, switchboard.EventMessageUpdated) != updatedBefore+1 || countEvents(t, db, switchboard.EventConversationAnalysed) != analysed+1 {
			t.Fatal("the update was not announced")
		}
		notes := func() int {
			t.Helper()
			p, err := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range p.Items {
				if m.Kind == switchboard.KindNote && m.SenderType == switchboard.SenderSystem {
					n++
				}
				if m.ID == m1.ID && m.Language != "en" {
					t.Errorf("message %d language = %q", m.ID, m.Language)
				}
			}
			return n
		}
		if n := notes(); n != 1 {
			t.Fatalf("%d notes for one turn", n)
		}
		// An agent answers; the next customer message starts a new turn and a new note.
		if _, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "On it!"}); err != nil {
			t.Fatal(err)
		}
		if n, err := db.SaveAnalysis(w.sys, c.ID, a); err != nil || n != nil {
			t.Fatalf("a turn the team answered was noted: %v, %v", n, err)
		}
		receive(w.inbox1, "+393330000001", "p3", "thank you so much")
		a.Sentiment, a.Urgency, a.Language = switchboard.SentimentPositive, switchboard.UrgencyLow, "it"
		third, err := db.SaveAnalysis(w.sys, c.ID, a)
		if err != nil || third.ID == note.ID || len(third.Content.Analysis.MessageIDs) != 1 {
			t.Fatalf("new turn note = %+v, %v", third, err)
		}
		if n := notes(); n != 2 {
			t.Fatalf("%d notes for two turns", n)
		}
		// The assistant's note is no agent reply: the customer still waits.
		conv, _ = db.FindConversationByID(w.annCtx, c.ID)
		if conv.WaitingSince == nil || conv.LastReplier != switchboard.ReplierCustomer {
			t.Fatalf("the note answered the customer: %+v", conv)
		}

		// Filters.
		list := func(f switchboard.ConversationFilter) []int64 {
			t.Helper()
			p, err := db.FindConversations(w.adminCtx, f)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, c := range p.Items {
				ids = append(ids, c.ID)
			}
			return ids
		}
		if ids := list(switchboard.ConversationFilter{Sentiment: "positive", Urgency: "low", Language: "it"}); len(ids) != 1 || ids[0] != c.ID {
			t.Fatalf("filtered = %v, want [%d]", ids, c.ID)
		}
		if ids := list(switchboard.ConversationFilter{Sentiment: "negative"}); len(ids) != 0 {
			t.Fatalf("negative = %v", ids)
		}
		if ids := list(switchboard.ConversationFilter{Language: "es"}); len(ids) != 0 {
			t.Fatalf("es = %v", ids)
		}

		// Labelling a conversation queues the retraining; the training data are the customer's
		// text of labelled conversations.
		if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("shipping")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"shipping"}); err != nil {
			t.Fatal(err)
		}
		js, _ := db.FindJobs(w.adminCtx, switchboard.JobAvailable, 100)
		trains := 0
		for _, j := range js {
			if j.Kind == switchboard.JobTrainLabels {
				trains++
			}
		}
		if trains != 1 {
			t.Fatalf("%d training jobs", trains)
		}
		docs, err := db.LabelTrainingData(w.sys, 0)
		if err != nil || len(docs) != 1 || docs[0].Labels[0] != "shipping" || !strings.Contains(docs[0].Text, "my order 12345 never arrived") || strings.Contains(docs[0].Text, "On it!") {
			t.Fatalf("training data = %+v, %v", docs, err)
		}
		turn, err := db.FindAnalysisTurn(w.sys, c.ID)
		if err != nil || len(turn.Messages) != 1 || turn.Messages[0].Text != "thank you so much" || len(turn.TeamLabels) != 1 || len(turn.Labels) != 1 {
			t.Fatalf("turn = %+v, %v", turn, err)
		}
	})
}
