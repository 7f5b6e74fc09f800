package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	aiclient "github.com/switchboardhq/switchboard/assistant/openai"
	aiemu "github.com/switchboardhq/switchboard/emulator/openai"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// referencesSent returns the answers the last chat request to em gave as references, in order.
func referencesSent(t *testing.T, em *aiemu.Server) []string {
	t.Helper()
	reqs := em.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Path != "/v1/chat/completions" {
			continue
		}
		var sent struct{ Messages []aiemu.Message }
		if err := json.Unmarshal(reqs[i].Body, &sent); err != nil {
			t.Fatal(err)
		}
		_, refs, _ := strings.Cut(sent.Messages[len(sent.Messages)-1].Content, "Answers the team gave to similar questions (use them when they fit):\n")
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(refs), "\n") {
			if a, ok := strings.CutPrefix(line, "- "); ok {
				out = append(out, a)
			}
		}
		return out
	}
	t.Fatal("no chat request")
	return nil
}

// embeddingInputs returns the texts of the embeddings requests em received, one list a request.
func embeddingInputs(t *testing.T, em *aiemu.Server) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range em.Requests() {
		if r.Path != "/v1/embeddings" {
			continue
		}
		var sent struct {
			Model string
			Input []string
		}
		if err := json.Unmarshal(r.Body, &sent); err != nil || sent.Model != "text-embedding-3-small" {
			t.Fatalf("embeddings request %s: %v", r.Body, err)
		}
		out = append(out, sent.Input)
	}
	return out
}

// TestCopilotSuggestRankedByEmbeddings: with an embedding model set, a suggestion's references
// are ordered by the endpoint's embeddings (the emulator's hashed bags of words), so the answer
// to the question worded most alike comes first, and an answer sharing no term with the question
// is found; the texts leave redacted, in one call, the answers' vectors kept for the next
// suggestion; a failure of the embeddings, or a spent budget, leaves the BM25 order.
func TestCopilotSuggestRankedByEmbeddings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		em, ems, chat, _ := emulatedEndpoint(t)
		w := newWorldOn(t, db, assistantServer(db, nil, chat))
		const (
			deliveryAnswer = "The courier takes a new delivery address until the parcel leaves."
			updateAnswer   = "Open Orders, pick the order and choose Edit address."
			parcelAnswer   = "Tell us the new place and we reroute it."
			giftAnswer     = "Yes, gift cards from 10 to 500 euros."
		)
		resolvedWith(t, db, w.sales.ID, "+393330000001", "Change of delivery address", deliveryAnswer)
		resolvedWith(t, db, w.sales.ID, "+393330000002", "Hi, how can I update the shipping address of my order?", updateAnswer)
		resolvedWith(t, db, w.sales.ID, "+393330000004", "Hi, how can I modify where my parcel goes?", parcelAnswer)
		resolvedWith(t, db, w.sales.ID, "+393330000003", "Do you sell gift cards?", giftAnswer)
		_, conv := customerSays(t, db, w.sales.ID, "+393331112222", "em-1",
			"Hi, how can I change the delivery address of my order? Write to carla.rossi@example.com")
		provider, base, model, key := switchboard.AssistantOpenAI, ems.URL+"/v1", "gpt-4o-mini", "sk-test"
		setAssistant(t, db, switchboard.AssistantSettingsInput{Provider: &provider, BaseURL: &base, Model: &model, APIKey: &key,
			Copilot: new(true), Redact: new(true)})
		suggest := func() []sseEvent {
			t.Helper()
			evs, refused := w.ann.copilot(conv.ID, map[string]string{"action": "suggest"})
			if refused != nil {
				t.Fatalf("suggest refused: %d %s", refused.status, refused.body)
			}
			if last := evs[len(evs)-1]; last.Name != "done" || last.Data["feature"] != "suggestion" {
				t.Fatalf("suggest events = %+v", evs)
			}
			return evs
		}
		bm25 := []string{deliveryAnswer, updateAnswer}

		// No embedding model: BM25 alone, no embeddings asked for.
		suggest()
		if got := referencesSent(t, em); strings.Join(got, "|") != strings.Join(bm25, "|") || em.Calls("/v1/embeddings") != 0 {
			t.Fatalf("without an embedding model: references %q, %d embeddings calls", got, em.Calls("/v1/embeddings"))
		}

		embedding := "text-embedding-3-small"
		setAssistant(t, db, switchboard.AssistantSettingsInput{EmbeddingModel: &embedding})
		start := time.Now()
		suggest()
		t.Logf("a suggestion with embeddings against the emulator: %v", time.Since(start))
		// The question worded alike first, then BM25's first; the answer sharing no term with
		// the question found by its vector; the gift cards, far from it, left out.
		if got, want := referencesSent(t, em), []string{updateAnswer, deliveryAnswer, parcelAnswer}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("references with embeddings = %q, want %q", got, want)
		}
		inputs := embeddingInputs(t, em)
		if len(inputs) != 1 || len(inputs[0]) != 5 {
			t.Fatalf("embeddings requests = %q, want one with the question and the 4 answers' questions", inputs)
		}
		if q := inputs[0][0]; !strings.Contains(q, "[email]") || strings.Contains(q, "carla.rossi") || !strings.Contains(q, "delivery address of my order") {
			t.Errorf("question embedded = %q, want it redacted", q)
		}
		settings, _, err := db.AssistantConfig(switchboard.NewSystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		if settings.LastError != "" || settings.TokensToday == 0 {
			t.Fatalf("health = error %q, tokens %d", settings.LastError, settings.TokensToday)
		}

		// The customer adds a line and the agent asks again: only the new question is embedded,
		// the answers' vectors are kept.
		customerSays(t, db, w.sales.ID, "+393331112222", "em-2", "Thanks!")
		suggest()
		if inputs = embeddingInputs(t, em); len(inputs) != 2 || len(inputs[1]) != 1 {
			t.Errorf("embeddings requests = %q, want the question alone the second time", inputs)
		}
		if got := referencesSent(t, em); len(got) == 0 || got[0] != updateAnswer {
			t.Errorf("references the second time = %q", got)
		}

		// The embeddings fail (every attempt): the suggestion still comes, in BM25 order, and the
		// failure is in the settings' health.
		customerSays(t, db, w.sales.ID, "+393331112222", "em-3", "Please answer soon.")
		em.Fail(aiclient.DefaultMaxAttempts, http.StatusServiceUnavailable, "")
		embeds := em.Calls("/v1/embeddings")
		suggest()
		if got := referencesSent(t, em); strings.Join(got, "|") != strings.Join(bm25, "|") {
			t.Errorf("references after an embeddings failure = %q, want BM25's %q", got, bm25)
		}
		if got := em.Calls("/v1/embeddings") - embeds; got != aiclient.DefaultMaxAttempts {
			t.Errorf("%d embeddings calls, want %d attempts", got, aiclient.DefaultMaxAttempts)
		}
		if settings, _, err = db.AssistantConfig(switchboard.NewSystemContext(context.Background())); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(settings.LastError, "overloaded") {
			t.Errorf("last error = %q, want the endpoint's 503", settings.LastError)
		}

		// Past the day's budget: no call at all, the offline suggestions in BM25 order.
		setAssistant(t, db, switchboard.AssistantSettingsInput{DailyTokenBudget: new(1)})
		embeds, chats := em.Calls("/v1/embeddings"), em.Calls("/v1/chat/completions")
		evs := suggest()
		var offered []string
		for _, e := range evs {
			if e.Name == "suggestion" {
				offered = append(offered, e.Data["text"].(string))
			}
		}
		if done := evs[len(evs)-1]; done.Data["provider"] != "offline" || strings.Join(offered, "|") != strings.Join(bm25, "|") {
			t.Errorf("past the budget: %+v, want the offline suggestions %q", evs, bm25)
		}
		if em.Calls("/v1/embeddings") != embeds || em.Calls("/v1/chat/completions") != chats {
			t.Errorf("the endpoint was called past the budget")
		}
	})
}
