package main

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	emulibre "github.com/switchboardhq/switchboard/emulator/libretranslate"
	emuopenai "github.com/switchboardhq/switchboard/emulator/openai"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// startAssistant starts a server on a fresh database of engine e, analysing at once (delay 0),
// with the rule world in it.
func startAssistant(t *testing.T, e sqltest.Engine) *ruleWorld {
	t.Helper()
	_, url := e.Open(t, sqltest.Options{})
	return newRuleWorld(t, start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_ANALYSIS_DELAY": "0", "SWITCHBOARD_TRAIN_DELAY": "0"}))
}

// analysisNotes returns the assistant's notes of a conversation, oldest first.
func analysisNotes(w *ruleWorld, conv string) []switchboard.Message {
	var page struct{ Items []switchboard.Message }
	w.a.do("GET", conv+"/messages?limit=100", nil, 200, &page)
	var out []switchboard.Message
	for _, m := range page.Items {
		if m.Kind == switchboard.KindNote && m.SenderType == switchboard.SenderSystem && m.Content != nil && m.Content.Analysis != nil {
			out = append(out, m)
		}
	}
	return out
}

// TestAnalysisEndToEnd: with analysis on, a customer's message through the channel is analysed
// by the job (offline): one note per turn with language, sentiment and references, updated by a
// second message of the turn; the conversation's readings filter the list; a rule with the
// analysed trigger and the condition sentiment negative sets the priority.
func TestAnalysisEndToEnd(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := startAssistant(t, e)
			a := w.a
			var rule obj
			a.do("POST", "/api/v1/rules", obj{"name": "Angry first", "when": obj{"event": "analysed"},
				"if":   obj{"match": "all", "conditions": []obj{{"field": "sentiment", "op": "is", "values": []string{"negative"}}}},
				"then": []obj{{"type": "set_priority", "priority": "urgent"}}}, 201, &rule)
			a.do("POST", "/api/v1/rules", obj{"name": "bad", "when": obj{"event": "analysed"},
				"if":   obj{"match": "all", "conditions": []obj{{"field": "urgency", "op": "is", "values": []string{"very"}}}},
				"then": []obj{{"type": "set_priority", "priority": "urgent"}}}, 400, nil)
			var s switchboard.AssistantSettings
			a.do("PATCH", "/api/v1/assistant", obj{"analysis": true}, 200, &s)
			if !s.Analysis || s.Provider != "offline" {
				t.Fatalf("settings = %+v", s)
			}
			var f switchboard.AssistantFeatures
			a.do("GET", "/api/v1/assistant/features", nil, 200, &f)
			if !f.Analysis || f.Copilot.Rewrite || f.Provider != "offline" {
				t.Fatalf("features = %+v", f)
			}

			conv := w.customer("c-angry", "This is unacceptable, my order ORD-48213 never arrived and nobody answers! I want a refund.")
			var note switchboard.Message
			waitFor(t, "the analysis note", func() bool {
				ns := analysisNotes(w, conv)
				if len(ns) == 1 {
					note = ns[0]
				}
				return len(ns) == 1
			})
			an := note.Content.Analysis
			if an.Language != "en" || an.Sentiment != switchboard.SentimentNegative || an.Provider != "offline" || note.Content.AI.Provider != "offline" {
				t.Fatalf("analysis = %+v", an)
			}
			found := false
			for _, r := range an.References {
				found = found || (r.Kind == switchboard.RefOrder && strings.Contains(r.Value, "48213"))
			}
			if !found {
				t.Errorf("references = %+v, want the order", an.References)
			}
			var c switchboard.Conversation
			waitFor(t, "the rule to set the priority", func() bool {
				a.do("GET", conv, nil, 200, &c)
				return c.Priority == switchboard.PriorityUrgent
			})
			if c.Sentiment != "negative" || c.Language != "en" || c.LastReplier != switchboard.ReplierCustomer {
				t.Fatalf("conversation = %+v", c)
			}
			var list struct{ Items []switchboard.Conversation }
			a.do("GET", "/api/v1/conversations?sentiment=negative&language=en", nil, 200, &list)
			if len(list.Items) != 1 || fmt.Sprint(list.Items[0].ID) != strings.TrimPrefix(conv, "/api/v1/conversations/") {
				t.Fatalf("filtered list = %+v", list.Items)
			}
			a.do("GET", "/api/v1/conversations?sentiment=furious", nil, 400, nil)

			// A second message of the same turn updates the note.
			var rec obj
			a.do("POST", w.inbox+"/messages", obj{"from": "c-angry", "provider_id": "in-c-angry-2", "text": "Hello?? Anyone there?"}, 201, &rec)
			waitFor(t, "the note's update", func() bool {
				ns := analysisNotes(w, conv)
				return len(ns) == 1 && len(ns[0].Content.Analysis.MessageIDs) == 2
			})
			if ns := analysisNotes(w, conv); ns[0].ID != note.ID {
				t.Fatalf("a second note: %d, want %d", ns[0].ID, note.ID)
			}
		})
	}
}

// TestAnalysisOpenAI runs the analysis through an OpenAI-compatible endpoint (the emulator):
// redacted text in the request; a 429 (not retried: a job does not wait), a malformed answer and
// an exhausted budget all falling back to the offline analysis, the error in the settings' health.
func TestAnalysisOpenAI(t *testing.T) {
	e := sqltest.Engines(t)[0]
	emu := emuopenai.New("sk-test")
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	w := startAssistant(t, e)
	a := w.a
	a.do("POST", "/api/v1/labels", obj{"name": "shipping"}, 201, nil)
	model := emu.Models[0]
	var s switchboard.AssistantSettings
	a.do("PATCH", "/api/v1/assistant", obj{"provider": "openai", "model": model}, 400, nil) // no URL
	a.do("PATCH", "/api/v1/assistant", obj{"provider": "openai", "base_url": srv.URL + "/v1", "model": model, "api_key": "sk-test",
		"analysis": true, "redact": true}, 200, &s)
	if !s.KeySet || s.Provider != "openai" {
		t.Fatalf("settings = %+v", s)
	}
	var res switchboard.AssistantTestResult
	a.do("POST", "/api/v1/assistant/test", nil, 200, &res)
	if !res.OK {
		t.Fatalf("test = %+v", res)
	}
	// The test asks LibreTranslate too when it translates: a wrong key fails it.
	lt := httptest.NewServer(emulibre.New("lt-key"))
	t.Cleanup(lt.Close)
	a.do("PATCH", "/api/v1/assistant", obj{"translation_engine": "libretranslate", "libretranslate_url": lt.URL, "libretranslate_key": "wrong"}, 200, nil)
	a.do("POST", "/api/v1/assistant/test", nil, 200, &res)
	if res.OK || !strings.Contains(res.Error, "LibreTranslate") {
		t.Fatalf("test with a wrong LibreTranslate key = %+v", res)
	}
	a.do("PATCH", "/api/v1/assistant", obj{"libretranslate_key": "lt-key"}, 200, nil)
	a.do("POST", "/api/v1/assistant/test", nil, 200, &res)
	if !res.OK {
		t.Fatalf("test = %+v", res)
	}

	// A 429: the job does not wait to try again (one call, its worker freed), the turn is
	// analysed offline and the health says why.
	emu.Fail(1, 429, "0")
	conv0 := w.customer("c-ai-0", "Hello, are you open on Sunday?")
	waitFor(t, "the note after a 429", func() bool { return len(analysisNotes(w, conv0)) == 1 })
	if p := analysisNotes(w, conv0)[0].Content.Analysis.Provider; p != "offline" {
		t.Fatalf("provider after a 429 = %q", p)
	}
	if got := emu.Calls("/v1/chat/completions"); got != 1 {
		t.Fatalf("%d chat calls for a turn refused with 429, want 1 (no retry in a job)", got)
	}

	// Then the answer: the note says the endpoint made it.
	conv := w.customer("c-ai-1", "My parcel never arrived, write to me at mario.rossi@example.com or +39 333 123 4567. This is urgent!")
	waitFor(t, "the endpoint's note", func() bool { return len(analysisNotes(w, conv)) == 1 })
	n := analysisNotes(w, conv)[0]
	if n.Content.Analysis.Provider != "openai:"+model || n.Content.AI.Provider != "openai:"+model {
		t.Fatalf("provider = %q", n.Content.Analysis.Provider)
	}
	reqs := emu.Requests()
	body := string(reqs[len(reqs)-1].Body)
	if strings.Contains(body, "mario.rossi@example.com") || strings.Contains(body, "123 4567") || !strings.Contains(body, "[email1]") {
		t.Errorf("the request was not redacted: %s", body)
	}
	if got := emu.Calls("/v1/chat/completions"); got != 2 {
		t.Errorf("%d chat calls, want 2 (the 429, then the answer)", got)
	}
	a.do("GET", "/api/v1/assistant", nil, 200, &s)
	if s.TokensToday <= 0 || s.LastSuccessAt == nil {
		t.Fatalf("health after a success = %+v", s)
	}

	// A malformed answer: the offline analysis, and the error in the health.
	emu.Malformed(1)
	conv2 := w.customer("c-ai-2", "Thank you, everything works great now")
	waitFor(t, "the fallback note", func() bool { return len(analysisNotes(w, conv2)) == 1 })
	if p := analysisNotes(w, conv2)[0].Content.Analysis.Provider; p != "offline" {
		t.Fatalf("provider after a malformed answer = %q", p)
	}
	a.do("GET", "/api/v1/assistant", nil, 200, &s)
	if s.LastError == "" || s.LastErrorAt == nil {
		t.Fatalf("health after a malformed answer = %+v", s)
	}

	// The budget spent: offline, and no call.
	a.do("PATCH", "/api/v1/assistant", obj{"daily_token_budget": 1}, 200, &s)
	calls := emu.Calls("/v1/chat/completions")
	conv3 := w.customer("c-ai-3", "Where is my invoice INV-2026-0042?")
	waitFor(t, "the note past the budget", func() bool { return len(analysisNotes(w, conv3)) == 1 })
	if p := analysisNotes(w, conv3)[0].Content.Analysis.Provider; p != "offline" {
		t.Fatalf("provider past the budget = %q", p)
	}
	if got := emu.Calls("/v1/chat/completions"); got != calls {
		t.Fatalf("%d calls past the budget", got-calls)
	}
}

// TestAnalysisLearnsLabels: label suggestions come from the team's own labelled conversations.
// Before any are labelled the analysis suggests nothing; once the team labels conversations
// (which queues the retraining), a new customer's message about the same thing gets the label
// suggested, with the action to apply it.
func TestAnalysisLearnsLabels(t *testing.T) {
	w := startAssistant(t, sqltest.Engines(t)[0])
	a := w.a
	a.do("PATCH", "/api/v1/assistant", obj{"analysis": true}, 200, nil)
	a.do("POST", "/api/v1/labels", obj{"name": "shipping"}, 201, nil)
	a.do("POST", "/api/v1/labels", obj{"name": "billing"}, 201, nil)
	first := w.customer("c-first", "The parcel tracking says the courier lost my delivery")
	waitFor(t, "the first note", func() bool { return len(analysisNotes(w, first)) == 1 })
	if ls := analysisNotes(w, first)[0].Content.Analysis.Labels; len(ls) != 0 {
		t.Fatalf("labels suggested with nothing learned: %+v", ls)
	}
	texts := map[string][]string{
		"shipping": {"My parcel has not been delivered, the courier tracking is stuck", "Where is my delivery? The parcel tracking shows nothing",
			"The courier never delivered the parcel to my address", "Delivery is late, tracking number shows the parcel in transit"},
		"billing": {"I was charged twice on my invoice, please refund", "The invoice amount is wrong, I need a refund of the charge",
			"Please send a corrected invoice, the charge on my card is double", "Refund the duplicate charge on my last invoice"},
	}
	for label, ts := range texts {
		for i, text := range ts {
			conv := w.customer(fmt.Sprintf("c-%s-%d", label, i), text)
			a.do("POST", conv+"/labels", obj{"labels": []string{label}}, 200, nil)
		}
	}
	waitJobsIdle(t, a, switchboard.JobTrainLabels)
	conv := w.customer("c-new", "The courier lost my parcel, the tracking shows no delivery")
	waitFor(t, "the note", func() bool { return len(analysisNotes(w, conv)) == 1 })
	an := analysisNotes(w, conv)[0].Content.Analysis
	if len(an.Labels) == 0 || an.Labels[0].Label != "shipping" {
		t.Fatalf("labels = %+v, want shipping first", an.Labels)
	}
	apply := false
	for _, act := range an.Actions {
		apply = apply || (act.Kind == switchboard.SuggestLabel && act.Value == "shipping")
	}
	if !apply {
		t.Fatalf("actions = %+v, want apply_label shipping", an.Actions)
	}
}
