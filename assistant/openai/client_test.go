package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	switchboard "github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/assistant/openai"
	emulator "github.com/switchboardhq/switchboard/emulator/openai"
)

const key = "sk-test-0123456789abcdef"

// setup starts the emulator and a client pointed at it whose waits are recorded, not slept.
func setup(t *testing.T) (*emulator.Server, *openai.Client, *[]time.Duration) {
	t.Helper()
	em := emulator.New(key)
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	waits := &[]time.Duration{}
	c := &openai.Client{BaseURL: srv.URL + "/v1/", APIKey: key, Model: "gpt-4o-mini", EmbeddingModel: "text-embedding-3-small",
		HTTP: srv.Client(),
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			*waits = append(*waits, d)
			return ctx.Err()
		}}
	return em, c, waits
}

func userMsgs(system, user string) assistant.ChatRequest {
	return assistant.ChatRequest{Messages: []assistant.ChatMessage{{Role: "system", Content: system}, {Role: "user", Content: user}}}
}

const chatPath = "/v1/chat/completions"

func TestChatPlain(t *testing.T) {
	em, c, _ := setup(t)
	res, err := c.Chat(context.Background(), userMsgs("You help support agents.", "Where is my parcel?"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "Suggested reply: Thank you for your message about “Where is my parcel?”. We are looking into it and will get back to you shortly."
	if res.Text != want {
		t.Errorf("text = %q, want %q", res.Text, want)
	}
	if res.Usage.PromptTokens == 0 || res.Usage.CompletionTokens == 0 || res.Usage.TotalTokens != res.Usage.PromptTokens+res.Usage.CompletionTokens {
		t.Errorf("usage = %+v, want the endpoint's counts", res.Usage)
	}
	reqs := em.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	body := reqs[0].JSON()
	if reqs[0].Authorization != "Bearer "+key || body["model"] != "gpt-4o-mini" || body["stream"] != nil || body["response_format"] != nil {
		t.Errorf("request = %s %s, auth %q", reqs[0].Method, reqs[0].Body, reqs[0].Authorization)
	}
}

func TestChatStreamed(t *testing.T) {
	em, c, _ := setup(t)
	var pieces []string
	res, err := c.Chat(context.Background(), userMsgs("Rewrite the draft, friendlier.", "your refund was sent"), func(s string) error {
		pieces = append(pieces, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Hi there! your refund was sent Thanks so much!"
	if res.Text != want || strings.Join(pieces, "") != want {
		t.Errorf("text = %q, pieces = %q, want %q", res.Text, pieces, want)
	}
	if len(pieces) != len(strings.Fields(want)) {
		t.Errorf("%d pieces, want one per word (%d): %q", len(pieces), len(strings.Fields(want)), pieces)
	}
	if res.Usage.CompletionTokens != (len([]rune(want))+3)/4 || res.Usage.TotalTokens == 0 {
		t.Errorf("usage = %+v, want the usage chunk's", res.Usage)
	}
	body := em.Requests()[0].JSON()
	if body["stream"] != true || !cmp.Equal(body["stream_options"], map[string]any{"include_usage": true}) {
		t.Errorf("request body %v, want stream with include_usage", body)
	}
}

func TestChatJSONAnalysis(t *testing.T) {
	em, c, _ := setup(t)
	req := userMsgs("Analyse the customer's message. Answer in JSON.", "This is unacceptable, my order #A12345 never arrived and I need the tracking today!")
	req.JSON = true
	res, err := c.Chat(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	var a switchboard.Analysis
	if err := json.Unmarshal([]byte(res.Text), &a); err != nil {
		t.Fatalf("answer %q is not an analysis: %v", res.Text, err)
	}
	if a.Sentiment != switchboard.SentimentNegative || a.Urgency != switchboard.UrgencyHigh || a.Language != "en" {
		t.Errorf("analysis = %+v", a)
	}
	if !cmp.Equal(a.References, []switchboard.Reference{{Kind: switchboard.RefOrder, Value: "A12345", Text: "order #A12345"}}) {
		t.Errorf("references = %+v", a.References)
	}
	if got := em.Requests()[0].JSON()["response_format"]; !cmp.Equal(got, map[string]any{"type": "json_object"}) {
		t.Errorf("response_format = %v", got)
	}
	// The API refuses JSON mode when no message mentions JSON; so does the emulator, and the
	// client says so without retrying.
	req = userMsgs("Analyse this.", "hello")
	req.JSON = true
	_, err = c.Chat(context.Background(), req, nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Status != 400 || !strings.Contains(err.Error(), "must contain the word 'json'") {
		t.Errorf("err = %v, want a 400 naming the json rule", err)
	}
	if n := em.Calls(chatPath); n != 2 {
		t.Errorf("%d calls, want 2 (a 400 is not retried)", n)
	}
}

func TestEmbed(t *testing.T) {
	em, c, _ := setup(t)
	texts := []string{"refund for my order", "my order refund please", "the weather in Rome"}
	vecs, usage, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 3 || len(vecs[0]) != emulator.Dims || usage.PromptTokens == 0 {
		t.Fatalf("%d vectors of %d, usage %+v", len(vecs), len(vecs[0]), usage)
	}
	if !cmp.Equal(vecs[2], emulator.Embedding(texts[2])) {
		t.Error("vectors out of order")
	}
	if cos(vecs[0], vecs[1]) <= cos(vecs[0], vecs[2]) {
		t.Errorf("similar texts are not closer: %v vs %v", cos(vecs[0], vecs[1]), cos(vecs[0], vecs[2]))
	}
	if in := em.Requests()[0].JSON()["input"]; len(in.([]any)) != 3 {
		t.Errorf("input = %v", in)
	}
}

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestModels(t *testing.T) {
	_, c, _ := setup(t)
	ids, err := c.Models(context.Background())
	if err != nil || !cmp.Equal(ids, []string{"gpt-4o-mini", "text-embedding-3-small"}) {
		t.Errorf("Models = %v, %v", ids, err)
	}
}

func TestUnauthorizedNotRetried(t *testing.T) {
	em, c, waits := setup(t)
	c.APIKey = "sk-wrong-key-000000000"
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Status != 401 || e.Code != "invalid_api_key" {
		t.Fatalf("err = %#v", err)
	}
	if err.Error() != "the endpoint refused the API key (401)" {
		t.Errorf("text = %q", err.Error())
	}
	if n := em.Calls(chatPath); n != 1 || len(*waits) != 0 {
		t.Errorf("%d calls, waits %v: a 401 is not retried", n, *waits)
	}
	if _, err := c.Models(context.Background()); err == nil || em.Calls("/v1/models") != 1 {
		t.Errorf("Models with a wrong key = %v", err)
	}
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	em, c, waits := setup(t)
	em.Fail(1, 429, "20")
	res, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Text, "Suggested reply") || em.Calls(chatPath) != 2 {
		t.Errorf("text %q after %d calls", res.Text, em.Calls(chatPath))
	}
	if !cmp.Equal(*waits, []time.Duration{20 * time.Second}) {
		t.Errorf("waits = %v, want the 20s Retry-After", *waits)
	}

	// An HTTP date, read against the client's clock.
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c.Now = func() time.Time { return now }
	*waits = nil
	em.Fail(1, 429, now.Add(7*time.Second).Format(http.TimeFormat))
	if _, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(*waits, []time.Duration{7 * time.Second}) {
		t.Errorf("waits = %v, want 7s from the date", *waits)
	}
}

func TestRateLimitBeyondCapGivesUp(t *testing.T) {
	em, c, waits := setup(t)
	em.Fail(1, 429, "120")
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeRateLimited || e.RetryAfter != 2*time.Minute {
		t.Fatalf("err = %#v", err)
	}
	if !strings.HasPrefix(err.Error(), "rate limited (429), retry after 2m0s") {
		t.Errorf("text = %q", err.Error())
	}
	if em.Calls(chatPath) != 1 || len(*waits) != 0 {
		t.Errorf("%d calls, waits %v: want one call and no wait", em.Calls(chatPath), *waits)
	}
}

func TestServerErrorRetriedUpToMaxAttempts(t *testing.T) {
	for _, attempts := range []int{0, 1, 2, 5} {
		em, c, waits := setup(t)
		c.MaxAttempts = attempts
		want := attempts
		if want == 0 {
			want = openai.DefaultMaxAttempts
		}
		em.Fail(10, 503, "")
		_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
		var e *openai.Error
		if !errors.As(err, &e) || e.Status != 503 || e.Attempts != want {
			t.Fatalf("MaxAttempts %d: err = %#v", attempts, err)
		}
		if n := em.Calls(chatPath); n != want || len(*waits) != want-1 {
			t.Errorf("MaxAttempts %d: %d calls, %d waits", attempts, n, len(*waits))
		}
		if want > 1 && err.Error() != "the endpoint failed (503): The engine is currently overloaded, please try again later. (after "+string(rune('0'+want))+" attempts)" {
			t.Errorf("text = %q", err.Error())
		}
		for i, d := range *waits {
			if d <= 0 || d > openai.DefaultMaxWait {
				t.Errorf("wait %d = %v", i, d)
			}
		}
	}
	// Two failures, then an answer: the third call succeeds.
	em, c, _ := setup(t)
	em.Fail(2, 500, "")
	if _, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil); err != nil || em.Calls(chatPath) != 3 {
		t.Errorf("err %v after %d calls", err, em.Calls(chatPath))
	}
}

func TestConnectionDroppedRetried(t *testing.T) {
	em, c, waits := setup(t)
	em.Cut(1) // a plain call loses its connection before any answer
	res, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	if err != nil || res.Text == "" || em.Calls(chatPath) != 2 || len(*waits) != 1 {
		t.Errorf("err %v, %d calls, waits %v", err, em.Calls(chatPath), *waits)
	}
	em.Cut(3)
	_, err = c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeUnreachable || !strings.HasPrefix(err.Error(), "cannot reach the endpoint: ") {
		t.Errorf("err = %v", err)
	}
}

func TestMalformedAnswer(t *testing.T) {
	em, c, _ := setup(t)
	em.Malformed(1)
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeMalformed || !strings.HasPrefix(err.Error(), "malformed answer: ") {
		t.Fatalf("err = %v", err)
	}
	if em.Calls(chatPath) != 1 {
		t.Errorf("%d calls: a malformed answer is not retried", em.Calls(chatPath))
	}

	em.Malformed(1) // a stream: one good piece, then a chunk that is not JSON
	var pieces []string
	_, err = c.Chat(context.Background(), userMsgs("s", "hello there"), func(s string) error { pieces = append(pieces, s); return nil })
	if !errors.As(err, &e) || e.Code != openai.CodeMalformed || len(pieces) != 1 || em.Calls(chatPath) != 2 {
		t.Errorf("err %v, pieces %q, %d calls", err, pieces, em.Calls(chatPath))
	}

	em.Malformed(1)
	if _, _, err := c.Embed(context.Background(), []string{"x"}); !errors.As(err, &e) || e.Code != openai.CodeMalformed {
		t.Errorf("Embed err = %v", err)
	}
}

func TestStreamCutMidwayNotRetried(t *testing.T) {
	em, c, waits := setup(t)
	em.Cut(1)
	var pieces []string
	res, err := c.Chat(context.Background(), userMsgs("s", "where is my parcel"), func(s string) error { pieces = append(pieces, s); return nil })
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeInterrupted {
		t.Fatalf("err = %v, want interrupted", err)
	}
	if len(pieces) != 2 || em.Calls(chatPath) != 1 || len(*waits) != 0 {
		t.Errorf("pieces %q, %d calls, waits %v: a stream that delivered is never retried", pieces, em.Calls(chatPath), *waits)
	}
	if !strings.HasPrefix(err.Error(), "the answer broke off midway: ") {
		t.Errorf("text = %q", err.Error())
	}
	// What came before the cut is returned with its cost, estimated (the usage chunk never came).
	if res.Text != strings.Join(pieces, "") || res.Usage.CompletionTokens == 0 || res.Usage.PromptTokens == 0 ||
		res.Usage.TotalTokens != res.Usage.PromptTokens+res.Usage.CompletionTokens {
		t.Errorf("partial result = %+v, want the pieces and an estimate", res)
	}
}

func TestOnDeltaErrorStops(t *testing.T) {
	em, c, _ := setup(t)
	stop := errors.New("agent left")
	n := 0
	res, err := c.Chat(context.Background(), userMsgs("s", "a b c d e"), func(string) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 || em.Calls(chatPath) != 1 {
		t.Errorf("err %v after %d pieces, %d calls", err, n, em.Calls(chatPath))
	}
	if res.Text == "" || res.Usage.TotalTokens == 0 {
		t.Errorf("stopped result = %+v, want the piece taken and an estimate", res)
	}
}

func TestContextCancel(t *testing.T) {
	em, c, waits := setup(t)
	em.Slow(time.Minute) // the emulator answers when the caller leaves
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Chat(ctx, userMsgs("s", "hi"), nil)
		done <- err
	}()
	deadline := time.After(10 * time.Second)
	for em.Calls(chatPath) == 0 {
		select {
		case <-deadline:
			t.Fatal("the call never arrived")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Chat did not return after cancel")
	}
	if em.Calls(chatPath) != 1 || len(*waits) != 0 {
		t.Errorf("%d calls, waits %v: a cancelled call is not retried", em.Calls(chatPath), *waits)
	}
}

func TestUsageEstimatedWhenAbsent(t *testing.T) {
	em, c, _ := setup(t)
	em.OmitUsage = true
	for _, stream := range []bool{false, true} {
		var onDelta func(string) error
		if stream {
			onDelta = func(string) error { return nil }
		}
		res, err := c.Chat(context.Background(), userMsgs("abcdefgh", "abcd"), onDelta)
		if err != nil {
			t.Fatal(err)
		}
		want := assistant.Usage{PromptTokens: 2 + 4 + 1 + 4, CompletionTokens: (len([]rune(res.Text)) + 3) / 4}
		want.TotalTokens = want.PromptTokens + want.CompletionTokens
		if res.Usage != want {
			t.Errorf("stream %v: usage %+v, want the estimate %+v", stream, res.Usage, want)
		}
	}
	_, usage, err := c.Embed(context.Background(), []string{"abcdefgh"})
	if err != nil || usage.PromptTokens != 2 {
		t.Errorf("Embed usage %+v, %v", usage, err)
	}
}

func TestNotConfigured(t *testing.T) {
	c := &openai.Client{}
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeConfig {
		t.Errorf("err = %v", err)
	}
	c.Model = "m"
	if _, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil); !errors.As(err, &e) || e.Code != openai.CodeConfig {
		t.Errorf("no base URL: err = %v", err)
	}
}

func TestUnknownModel(t *testing.T) {
	em, c, _ := setup(t)
	c.Model = "gpt-9"
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	if err == nil || err.Error() != "the endpoint does not know this model or path (404): The model `gpt-9` does not exist or you do not have access to it." {
		t.Errorf("err = %v", err)
	}
	if em.Calls(chatPath) != 1 {
		t.Errorf("%d calls: a 404 is not retried", em.Calls(chatPath))
	}
}

func TestAnswerCapped(t *testing.T) {
	_, c, _ := setup(t)
	c.MaxBody = 100
	_, err := c.Chat(context.Background(), userMsgs("s", strings.Repeat("word ", 50)), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeMalformed || !strings.Contains(err.Error(), "larger than 100 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestStreamRetriedBeforeAnyPiece(t *testing.T) {
	em, c, waits := setup(t)
	em.Fail(1, 502, "1")
	var pieces []string
	res, err := c.Chat(context.Background(), userMsgs("s", "hi"), func(s string) error { pieces = append(pieces, s); return nil })
	if err != nil || strings.Join(pieces, "") != res.Text || em.Calls(chatPath) != 2 || !cmp.Equal(*waits, []time.Duration{time.Second}) {
		t.Errorf("err %v, pieces %q, %d calls, waits %v", err, pieces, em.Calls(chatPath), *waits)
	}
}

func TestTimeoutRetriedThenClear(t *testing.T) {
	em, c, _ := setup(t)
	c.HTTP = &http.Client{Timeout: 50 * time.Millisecond}
	em.Slow(time.Minute) // far past the client's timeout: each call times out
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	var e *openai.Error
	if !errors.As(err, &e) || e.Code != openai.CodeUnreachable || e.Attempts != 3 || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Fatalf("err = %v", err)
	}
	// A call the client gave up on may not have reached the handler yet on a loaded machine:
	// the emulator's count is never beyond the policy, the client's is exact.
	if n := em.Calls(chatPath); n > 3 {
		t.Errorf("%d calls, want at most MaxAttempts (3)", n)
	}
}

func TestUnavailableBeyondCapGivesUp(t *testing.T) {
	em, c, waits := setup(t)
	em.Fail(1, 503, "120")
	_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
	want := "the endpoint failed (503), retry after 2m0s: The engine is currently overloaded, please try again later."
	if err == nil || err.Error() != want || em.Calls(chatPath) != 1 || len(*waits) != 0 {
		t.Errorf("err %v, %d calls, waits %v; want %q at once", err, em.Calls(chatPath), *waits, want)
	}
}

func TestReasoningModelsGetMaxCompletionTokens(t *testing.T) {
	em, c, _ := setup(t)
	em.Models = append(em.Models, "o4-mini")
	for model, field := range map[string]string{"gpt-4o-mini": "max_tokens", "o4-mini": "max_completion_tokens"} {
		c.Model = model
		req := userMsgs("s", "hi")
		req.MaxTokens = 50
		if _, err := c.Chat(context.Background(), req, nil); err != nil {
			t.Fatal(err)
		}
		body := em.Requests()[len(em.Requests())-1].JSON()
		if body[field] != float64(50) || len(body) != 3 {
			t.Errorf("%s: body %v, want only %s beside model and messages", model, body, field)
		}
	}
}

// TestRefusal answers as OpenAI does when a model refuses or a content filter withholds: no
// content. The emulator never refuses, so a handler of that one answer stands in.
func TestRefusal(t *testing.T) {
	for body, want := range map[string]string{
		`{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}`: "the model declined to answer: I can't help with that.",
		`{"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"content_filter"}]}`:                           "the model declined to answer: the endpoint's content filter withheld the answer",
		`{"choices":[]}`: "malformed answer: the answer has no choices[0].message",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		c := &openai.Client{BaseURL: srv.URL, Model: "m"}
		_, err := c.Chat(context.Background(), userMsgs("s", "hi"), nil)
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want %q", err, want)
		}
		srv.Close()
	}
}
