// Package openai is the assistant's client for any OpenAI-compatible endpoint: OpenAI itself,
// Azure OpenAI through its /openai/v1 compatible base, Mistral, a local Ollama
// (http://localhost:11434/v1) or vLLM. It speaks three resources of the API — chat completions
// (plain, streamed as server-sent events, JSON mode), embeddings and the model list — and
// implements assistant.Chatter and assistant.Embedder.
//
// It is written on net/http rather than on github.com/sashabaranov/go-openai (v1.43.0), after
// reading that library's source. go-openai is a good dependency-free client, but the parts this
// product depends on are the parts it leaves to the caller: it does not retry and does not give
// Retry-After on its errors (both would live in a RoundTripper, which must then re-read a request
// body and cannot see whether a stream already delivered pieces); it decodes answers without a
// size cap and reads stream lines with bufio.Reader.ReadBytes, so a hostile or broken endpoint
// can make it hold an unbounded line; and a stream whose connection ends cleanly without
// "data: [DONE]" reads as a normal end (io.EOF), so a cut answer passes for a whole one. The
// wire format of the three resources is small and stable, so owning it costs about as many lines
// as the adapter and the RoundTripper would, and keeps every rule below in one place:
//
//   - at most MaxAttempts calls in all; a call is retried only on 429, 5xx or a connection that
//     gave no answer, and only before any piece of the answer was handed on — never on 400, 401,
//     403 or 404, never a malformed answer, never a stream that delivered deltas;
//   - the wait is exponential with jitter (internal/backoff), or the endpoint's Retry-After
//     (seconds or an HTTP date) when it gives one; a Retry-After beyond MaxWait gives up at once
//     with a rate_limited error that says how long the endpoint asked for;
//   - answers are capped (MaxBody) and so are stream lines (maxLine); anything that is not the
//     documented shape is an *Error with Code malformed_answer, never a panic.
//
// Usage: what the endpoint reports is returned as it is. Some compatible servers send none (an
// old Ollama, a stream without stream_options support); then Usage is an estimate of about four
// characters a token, counted over the messages sent and the text received, so the daily token
// budget still moves. A call that fails after the endpoint took it — a stream cut or stopped by
// the caller midway, an answer that is not the API's shape, the caller gone while it waited —
// returns the partial text with its usage (estimated when the endpoint reported none) along
// with the error, so that starting and stopping answers still spends the budget.
package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// Defaults of a Client's zero fields.
const (
	DefaultMaxAttempts = backoff.DefaultAttempts
	DefaultMaxWait     = backoff.DefaultMaxWait
	DefaultMaxBody     = 4 << 20
	// maxLine bounds one line of a stream: a chunk is a few hundred bytes; a server that sends
	// the whole answer in one chunk still fits.
	maxLine = 1 << 20
)

// Client calls one OpenAI-compatible endpoint. Its zero-valued optional fields take the defaults;
// it is safe for concurrent use once set up.
type Client struct {
	// BaseURL is the API's base, up to and including the version: https://api.openai.com/v1,
	// https://RESOURCE.openai.azure.com/openai/v1, https://api.mistral.ai/v1,
	// http://localhost:11434/v1 (Ollama).
	BaseURL string
	// APIKey is sent as "Authorization: Bearer KEY"; empty sends no header (a local Ollama).
	APIKey string
	// Model is the chat model; EmbeddingModel the model of Embed.
	Model          string
	EmbeddingModel string
	// HTTP is the client calls go through: the caller passes the egress client that refuses
	// private networks (or, for a local Ollama an admin configured, one that allows it). Its
	// Timeout bounds a whole call, streamed answer included. Nil uses a client with a 2-minute
	// timeout.
	HTTP *http.Client
	// MaxAttempts bounds the calls made for one request, the first included (default 3).
	MaxAttempts int
	// MaxWait is the longest wait between attempts the client accepts (default 30 s); an
	// endpoint asking for longer gets a rate_limited error instead.
	MaxWait time.Duration
	// MaxBody caps an answer's size (default 4 MiB; a stream may take four times that, for the
	// framing around its pieces).
	MaxBody int64
	// Backoff is the wait between attempts when the endpoint gives no Retry-After (default
	// 500 ms doubling up to MaxWait, with jitter).
	Backoff backoff.Policy
	// Sleep waits d or until ctx ends; tests inject one that records the wait.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock Retry-After dates are read against.
	Now func() time.Time
}

var (
	_ assistant.Chatter  = (*Client)(nil)
	_ assistant.Embedder = (*Client)(nil)
)

// chatMessage, chatRequest and the answers below are the API's wire format.
type chatRequest struct {
	Model          string                  `json:"model"`
	Messages       []assistant.ChatMessage `json:"messages"`
	MaxTokens      int                     `json:"max_tokens,omitempty"`
	MaxCompletion  int                     `json:"max_completion_tokens,omitempty"`
	Temperature    *float64                `json:"temperature,omitempty"`
	ResponseFormat *responseFormat         `json:"response_format,omitempty"`
	Stream         bool                    `json:"stream,omitempty"`
	StreamOptions  *streamOptions          `json:"stream_options,omitempty"`
}

type responseFormat struct {
	Type string `json:"type"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type chatAnswer struct {
	Choices []struct {
		Message *struct {
			Content *string `json:"content"`
			Refusal string  `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *assistant.Usage `json:"usage"`
}

// Chat completes a chat with the client's model; with onDelta set the answer is streamed (see
// assistant.Chatter).
func (c *Client) Chat(ctx context.Context, req assistant.ChatRequest, onDelta func(string) error) (assistant.ChatResult, error) {
	if c.Model == "" {
		return assistant.ChatResult{}, &Error{Code: CodeConfig, Message: "no chat model is set"}
	}
	body := chatRequest{Model: c.Model, Messages: req.Messages, Temperature: req.Temperature}
	if reasoningModel(c.Model) {
		body.MaxCompletion = req.MaxTokens
	} else {
		body.MaxTokens = req.MaxTokens
	}
	if req.JSON {
		body.ResponseFormat = &responseFormat{Type: "json_object"}
	}
	if onDelta != nil {
		body.Stream, body.StreamOptions = true, &streamOptions{IncludeUsage: true}
	}
	var res assistant.ChatResult
	answered := false // the endpoint took the request and began to answer
	err := c.call(ctx, http.MethodPost, "/chat/completions", body, func(r *http.Response) (bool, error) {
		answered = true
		if onDelta != nil {
			var delivered bool
			var err error
			res, delivered, err = c.readStream(r.Body, onDelta)
			return delivered, err
		}
		var a chatAnswer
		if err := c.decode(r.Body, &a); err != nil {
			return false, err
		}
		switch {
		case len(a.Choices) == 0 || a.Choices[0].Message == nil:
			return false, malformed("the answer has no choices[0].message")
		case a.Choices[0].Message.Refusal != "":
			return false, &Error{Code: CodeRefused, Message: oneLine(a.Choices[0].Message.Refusal, 300)}
		case a.Choices[0].FinishReason == "content_filter":
			return false, &Error{Code: CodeRefused, Message: "the endpoint's content filter withheld the answer"}
		case a.Choices[0].Message.Content == nil:
			return false, malformed("the answer has no choices[0].message.content")
		}
		res.Text = *a.Choices[0].Message.Content
		if a.Usage != nil {
			res.Usage = *a.Usage
		}
		return false, nil
	})
	if err != nil && !answered && ctx.Err() == nil {
		return assistant.ChatResult{}, err // refused or never reached: nothing was spent
	}
	if res.Usage.TotalTokens == 0 && res.Usage.PromptTokens == 0 && res.Usage.CompletionTokens == 0 {
		res.Usage = estimate(req.Messages, res.Text)
	}
	return res, err
}

// Embed returns one vector per text, in order, with the embedding model.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, assistant.Usage, error) {
	if c.EmbeddingModel == "" {
		return nil, assistant.Usage{}, &Error{Code: CodeConfig, Message: "no embedding model is set"}
	}
	if len(texts) == 0 {
		return nil, assistant.Usage{}, nil
	}
	body := map[string]any{"model": c.EmbeddingModel, "input": texts, "encoding_format": "float"}
	var a struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
		Usage *assistant.Usage `json:"usage"`
	}
	err := c.call(ctx, http.MethodPost, "/embeddings", body, func(r *http.Response) (bool, error) {
		return false, c.decode(r.Body, &a)
	})
	if err != nil {
		return nil, assistant.Usage{}, err
	}
	if len(a.Data) != len(texts) {
		return nil, assistant.Usage{}, malformed("%d embeddings for %d texts", len(a.Data), len(texts))
	}
	out := make([][]float32, len(texts))
	for _, d := range a.Data {
		if d.Index < 0 || d.Index >= len(out) || out[d.Index] != nil || len(d.Embedding) == 0 {
			return nil, assistant.Usage{}, malformed("embedding index %d is missing, repeated or out of range", d.Index)
		}
		out[d.Index] = d.Embedding
	}
	var usage assistant.Usage
	if a.Usage != nil {
		usage = *a.Usage
	}
	if usage.TotalTokens == 0 && usage.PromptTokens == 0 {
		for _, t := range texts {
			usage.PromptTokens += tokens(t)
		}
		usage.TotalTokens = usage.PromptTokens
	}
	return out, usage, nil
}

// Models lists the models the endpoint offers: the admin's connection test (it checks the base
// URL and the key without spending tokens).
func (c *Client) Models(ctx context.Context) ([]string, error) {
	var a struct {
		Data *[]struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	err := c.call(ctx, http.MethodGet, "/models", nil, func(r *http.Response) (bool, error) {
		return false, c.decode(r.Body, &a)
	})
	if err != nil {
		return nil, err
	}
	if a.Data == nil {
		return nil, malformed("the model list has no data")
	}
	ids := make([]string, 0, len(*a.Data))
	for _, m := range *a.Data {
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// call sends a request and hands a 2xx answer to read, retrying as the package doc says. read
// reports whether it handed any of the answer on (then nothing is retried); a transport error
// while reading an answer nothing was taken from is retried like a connection that failed.
func (c *Client) call(ctx context.Context, method, path string, body any, read func(*http.Response) (delivered bool, err error)) error {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		return &Error{Code: CodeConfig, Message: "no base URL is set"}
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encode %s request: %w", path, err)
		}
	}
	r := backoff.Retry{Attempts: c.MaxAttempts, Backoff: c.Backoff, MaxWait: c.maxWait(), Sleep: c.Sleep,
		TooLong: func(err error, _ time.Duration) error {
			if fail := err.(*Error); fail.Status == http.StatusTooManyRequests {
				fail.Code = CodeRateLimited
			}
			return err
		}}
	err := r.Do(ctx, func(n int) (bool, time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(payload))
		if err != nil {
			return false, 0, &Error{Code: CodeConfig, Message: "bad base URL: " + err.Error()}
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Accept", "application/json, text/event-stream")
		if c.APIKey != "" {
			req.Header.Set("Authorization", "Bearer "+c.APIKey)
		}
		retry, e := c.once(ctx, req, read)
		var fail *Error
		if e == nil || !errors.As(e, &fail) {
			return false, 0, e // the context's end, or the caller's onDelta
		}
		fail.Attempts = n
		return retry, fail.RetryAfter, fail
	})
	if in := (*backoff.Interrupted)(nil); errors.As(err, &in) {
		return fmt.Errorf("wait to call %s again: %w", path, in.Cause)
	}
	return err
}

// once makes one call: the error, and whether another call may succeed.
func (c *Client) once(ctx context.Context, req *http.Request, read func(*http.Response) (bool, error)) (retry bool, err error) {
	res, err := c.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return true, &Error{Code: CodeUnreachable, Message: oneLine(err.Error(), 300), Err: err}
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		e := apiError(res.StatusCode, b)
		if ra, ok := backoff.RetryAfter(res.Header, c.now()); ok {
			e.RetryAfter = ra
		}
		return res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500, e
	}
	delivered, err := read(res)
	if err == nil {
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	var fail *Error
	if errors.As(err, &fail) && fail.Code == CodeUnreachable && delivered {
		fail.Code = CodeInterrupted
	}
	return errors.As(err, &fail) && fail.Code == CodeUnreachable, err
}

// decode reads a whole JSON answer, within MaxBody.
func (c *Client) decode(r io.Reader, v any) error {
	limit := c.maxBody()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return &Error{Code: CodeUnreachable, Message: "reading the answer: " + oneLine(err.Error(), 200), Err: err}
	}
	if int64(len(b)) > limit {
		return malformed("the answer is larger than %d bytes", limit)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return malformed("%s", oneLine(err.Error(), 200))
	}
	return nil
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 2 * time.Minute}
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait > 0 {
		return c.MaxWait
	}
	return DefaultMaxWait
}

func (c *Client) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return DefaultMaxBody
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// estimate is the usage of a call whose endpoint reported none: about four characters a token.
func estimate(msgs []assistant.ChatMessage, answer string) assistant.Usage {
	var u assistant.Usage
	for _, m := range msgs {
		u.PromptTokens += tokens(m.Content) + 4 // the role and framing of each message
	}
	u.CompletionTokens = tokens(answer)
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	return u
}

// reasoningModel reports whether a model is one of OpenAI's reasoning models (o1, o3, o4-mini,
// gpt-5…), which refuse max_tokens and take max_completion_tokens instead. Other endpoints
// (Mistral, Ollama, vLLM) know only max_tokens, and their models have other names.
func reasoningModel(model string) bool {
	m := strings.ToLower(model)
	if i := strings.LastIndex(m, "/"); i >= 0 {
		m = m[i+1:] // a deployment-qualified name
	}
	return len(m) > 1 && m[0] == 'o' && m[1] >= '1' && m[1] <= '9' || strings.HasPrefix(m, "gpt-5")
}

// tokens estimates a text's tokens as its characters over four, rounded up.
func tokens(s string) int { return (len([]rune(s)) + 3) / 4 }

// WithMaxAttempts returns a copy of the client that calls at most n times for a request: the
// analysis job's, which falls back to the offline analysers rather than wait to retry.
func (c *Client) WithMaxAttempts(n int) assistant.Chatter {
	cp := *c
	cp.MaxAttempts = n
	return &cp
}
