package openai

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	switchboard "github.com/switchboardhq/switchboard"
)

func post(t *testing.T, url, key, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// TestStreamWireFormat reads a streamed answer as raw bytes: every event is "data: " and one
// chunk of the API's shape, the usage chunk comes last with no choices, then [DONE].
func TestStreamWireFormat(t *testing.T) {
	srv := httptest.NewServer(New("k"))
	defer srv.Close()
	res := post(t, srv.URL+"/v1/chat/completions", "k", `{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"where is it"}]}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var events []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			if !strings.HasPrefix(line, "data: ") {
				t.Fatalf("line %q is not a data field", line)
			}
			events = append(events, strings.TrimPrefix(line, "data: "))
		}
	}
	if events[len(events)-1] != "[DONE]" {
		t.Fatalf("last event %q", events[len(events)-1])
	}
	var text strings.Builder
	var id string
	for i, e := range events[:len(events)-1] {
		var ch struct {
			ID      string `json:"id"`
			Object  string `json:"object"`
			Created int64  `json:"created"`
			Model   string `json:"model"`
			Choices []struct {
				Index        int               `json:"index"`
				Delta        map[string]string `json:"delta"`
				FinishReason *string           `json:"finish_reason"`
			} `json:"choices"`
			Usage *map[string]int `json:"usage"`
		}
		if err := json.Unmarshal([]byte(e), &ch); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if id == "" {
			id = ch.ID
		}
		if ch.Object != "chat.completion.chunk" || ch.ID != id || !strings.HasPrefix(id, "chatcmpl-") || ch.Created == 0 || ch.Model != "gpt-4o-mini" {
			t.Errorf("event %d header: %s", i, e)
		}
		last := i == len(events)-2
		if last != (len(ch.Choices) == 0) || last != (ch.Usage != nil && (*ch.Usage)["total_tokens"] > 0) || !strings.Contains(e, `"usage":`) {
			t.Errorf("event %d: usage only on the last chunk, with no choices: %s", i, e)
		}
		if i == 0 && ch.Choices[0].Delta["role"] != "assistant" {
			t.Errorf("first chunk has no role: %s", e)
		}
		if i == len(events)-3 && (ch.Choices[0].FinishReason == nil || *ch.Choices[0].FinishReason != "stop") {
			t.Errorf("the chunk before usage has no finish_reason: %s", e)
		}
		for _, c := range ch.Choices {
			text.WriteString(c.Delta["content"])
		}
	}
	if !strings.HasPrefix(text.String(), "Suggested reply: Thank you for your message about “where is it”") {
		t.Errorf("text = %q", text.String())
	}
}

func TestAuthAndErrors(t *testing.T) {
	em := New("sk-right-key-123456")
	srv := httptest.NewServer(em)
	defer srv.Close()
	for _, tt := range []struct {
		name, key, path, body string
		status                int
		code                  any
	}{
		{"no key", "", "/v1/models", "", 401, nil},
		{"wrong key", "sk-wrong-key-999999", "/v1/chat/completions", `{}`, 401, "invalid_api_key"},
		{"unknown model", "sk-right-key-123456", "/v1/chat/completions", `{"model":"x","messages":[{"role":"user","content":"a"}]}`, 404, "model_not_found"},
		{"json mode without json", "sk-right-key-123456", "/v1/chat/completions", `{"model":"gpt-4o-mini","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"a"}]}`, 400, nil},
		{"unknown path", "sk-right-key-123456", "/v1/files", `{}`, 404, "unknown_url"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := post(t, srv.URL+tt.path, tt.key, tt.body)
			var body struct {
				Error map[string]any `json:"error"`
			}
			_ = json.NewDecoder(res.Body).Decode(&body)
			if res.StatusCode != tt.status || body.Error["code"] != tt.code || body.Error["message"] == "" || body.Error["type"] == nil {
				t.Errorf("status %d, body %v", res.StatusCode, body)
			}
			if tt.name == "wrong key" && strings.Contains(body.Error["message"].(string), "sk-wrong-key-999999") {
				t.Error("the 401 shows the whole key")
			}
		})
	}
	if got := len(em.Requests()); got != 5 {
		t.Errorf("%d requests recorded, want 5", got)
	}
}

func TestFailScript(t *testing.T) {
	em := New("")
	srv := httptest.NewServer(em)
	defer srv.Close()
	em.Fail(2, 429, "3")
	body := `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a"}]}`
	for i, want := range []int{429, 429, 200} {
		res := post(t, srv.URL+"/v1/chat/completions", "", body)
		if res.StatusCode != want || (want == 429 && res.Header.Get("Retry-After") != "3") {
			t.Errorf("call %d: %d, Retry-After %q", i, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	em.Malformed(1)
	res := post(t, srv.URL+"/v1/chat/completions", "", body)
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || json.Valid(b) {
		t.Errorf("malformed: %d %s", res.StatusCode, b)
	}
}

func TestAnswers(t *testing.T) {
	for _, tt := range []struct{ system, user, want string }{
		{"Rewrite the agent's draft: shorter.", "We sent it. It will arrive Monday.", "We sent it."},
		{"Rewrite the draft, more formal.", "we sent it", "Dear customer, we sent it Kind regards."},
		{"Rewrite the draft to fix grammar.", "we  sent it", "We sent it."},
		{"Translate the message into Italian.", "Hello", "[it] Hello"},
		{"Translate from English to es.", "Hello", "[es] Hello"},
		{"Summarise the conversation.", "My box is broken. Please help.", "Summary: My box is broken."},
	} {
		if got := Answer([]Message{{Role: "system", Content: tt.system}, {Role: "user", Content: tt.user}}, false); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.system, got, tt.want)
		}
	}
	a := Analyse("Grazie mille! Non è urgente, no rush. La fattura 2026-0042 per il pagamento, scrivete a Anna@Example.it")
	want := switchboard.Analysis{Language: "it", Sentiment: switchboard.SentimentPositive, Urgency: switchboard.UrgencyHigh,
		Labels:     []switchboard.LabelSuggestion{{Label: "billing", Score: 0.8}},
		References: []switchboard.Reference{{Kind: switchboard.RefInvoice, Value: "2026-0042", Text: "fattura 2026-0042"}, {Kind: switchboard.RefEmail, Value: "anna@example.it", Text: "Anna@Example.it"}},
		Actions:    []switchboard.SuggestedAction{{Kind: "apply_label", Value: "billing"}, {Kind: "set_priority", Value: "high"}}, MessageIDs: []int64{}}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("analysis (-want +got):\n%s", diff)
	}
	if !cmp.Equal(Embedding("Refund, please!"), Embedding("please refund")) || len(Embedding("x")) != Dims {
		t.Error("embeddings are not a bag of words")
	}
}
