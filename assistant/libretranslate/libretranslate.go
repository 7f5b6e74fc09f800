// Package libretranslate is a client of a self-hosted LibreTranslate server
// (https://github.com/LibreTranslate/LibreTranslate): POST /translate for a text, GET
// /languages for the connection test and the languages it translates to. Rate limits and
// server errors are retried a bounded number of times, honouring Retry-After; every other
// failure becomes a one-line error saying what the server said.
package libretranslate

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
	"unicode/utf8"

	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// The defaults of Client's optional fields, and the limits it keeps.
const (
	DefaultMaxAttempts = backoff.DefaultAttempts
	DefaultTimeout     = 30 * time.Second
	// MaxRetryAfter caps how long a Retry-After is honoured: a server asking for longer is
	// not retried, its error is returned.
	MaxRetryAfter = backoff.DefaultMaxWait
	// MaxText is the longest text, in bytes, sent in one request.
	MaxText = 32 << 10
	// maxAnswer caps what is read of an answer.
	maxAnswer = 1 << 20
)

// Client talks to one LibreTranslate server. URL is required; the zero values of the other
// fields are the production defaults.
type Client struct {
	// URL is the server's base address (https://translate.example.com, or with a path prefix).
	URL string
	// APIKey is sent as api_key when set (a server started with --api-keys wants one).
	APIKey string
	// HTTP sends the requests: the caller passes an egress.Policy's client, so a URL an admin
	// typed cannot reach the server's own network. Nil means the default policy's (public
	// addresses only) with DefaultTimeout.
	HTTP *http.Client
	// MaxAttempts bounds the tries of one call (429 and 5xx are tried again); 0 means
	// backoff.DefaultAttempts.
	MaxAttempts int
	// Backoff spaces the tries when the server gives no Retry-After; zero means 500 ms doubling
	// up to 8 s.
	Backoff backoff.Policy
	// Sleep waits between tries; nil is backoff.Sleep (a timer, or until ctx is done). Tests
	// pass one that records the wait and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock Retry-After dates are read against; nil means time.Now.
	Now func() time.Time
}

var _ assistant.Translator = (*Client)(nil)

// Error is what a LibreTranslate server answered instead of a translation: the HTTP status and
// its {"error": "..."} message (or the start of the body when it had none).
type Error struct {
	Status  int
	Message string
}

// Error says it in one line.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	switch e.Status {
	case http.StatusForbidden:
		return "libretranslate refused the request (403): " + msg
	case http.StatusTooManyRequests:
		return "libretranslate is rate limiting (429): " + msg
	}
	return fmt.Sprintf("libretranslate answered %d: %s", e.Status, msg)
}

// Temporary reports whether trying again later may succeed (rate limits, server errors).
func (e *Error) Temporary() bool { return backoff.Retryable(e.Status) }

// Result is a translation with, when the source was "auto", the language the server detected.
type Result struct {
	Text     string
	Detected string  // ISO 639-1, "" unless the server detected it
	Score    float64 // the server's confidence in Detected, 0 to 100
}

// Language is one language the server translates from, and the languages it translates it to.
type Language struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Targets []string `json:"targets"`
}

// Translate translates text from one language to another; from "" lets the server detect it.
func (c *Client) Translate(ctx context.Context, text, from, to string) (string, error) {
	r, err := c.TranslateDetect(ctx, text, from, to)
	return r.Text, err
}

// TranslateDetect is Translate that also returns the detected source language.
func (c *Client) TranslateDetect(ctx context.Context, text, from, to string) (Result, error) {
	if to == "" {
		return Result{}, errors.New("libretranslate: no target language")
	}
	if len(text) > MaxText {
		return Result{}, fmt.Errorf("libretranslate: the text is %d bytes, more than the %d sent at once", len(text), MaxText)
	}
	if strings.TrimSpace(text) == "" {
		return Result{Text: text}, nil
	}
	if from == "" {
		from = "auto"
	}
	body, _ := json.Marshal(map[string]string{"q": text, "source": from, "target": to, "format": "text", "api_key": c.APIKey})
	var ans struct {
		TranslatedText   *string `json:"translatedText"`
		DetectedLanguage *struct {
			Language   string  `json:"language"`
			Confidence float64 `json:"confidence"`
		} `json:"detectedLanguage"`
	}
	if err := c.do(ctx, http.MethodPost, "/translate", body, &ans); err != nil {
		return Result{}, err
	}
	if ans.TranslatedText == nil {
		return Result{}, errors.New("libretranslate answered without translatedText")
	}
	r := Result{Text: *ans.TranslatedText}
	if ans.DetectedLanguage != nil {
		r.Detected, r.Score = ans.DetectedLanguage.Language, ans.DetectedLanguage.Confidence
	}
	return r, nil
}

// Languages lists the languages the server translates: the connection test, and the targets
// offered.
func (c *Client) Languages(ctx context.Context) ([]Language, error) {
	var langs []Language
	if err := c.do(ctx, http.MethodGet, "/languages", nil, &langs); err != nil {
		return nil, err
	}
	if len(langs) == 0 {
		return nil, errors.New("libretranslate has no languages installed")
	}
	return langs, nil
}

// do makes one call, tried again on 429 and 5xx, and decodes its JSON answer into out.
func (c *Client) do(ctx context.Context, method, path string, body []byte, out any) error {
	if c.URL == "" {
		return errors.New("libretranslate: no server URL is set")
	}
	url := strings.TrimRight(c.URL, "/") + path
	backoffPolicy := c.Backoff
	if backoffPolicy.Base <= 0 {
		backoffPolicy = backoff.Policy{Base: 500 * time.Millisecond, Max: 8 * time.Second}
	}
	r := backoff.Retry{Attempts: c.MaxAttempts, Backoff: backoffPolicy, MaxWait: MaxRetryAfter, Sleep: c.Sleep}
	return r.Do(ctx, func(int) (bool, time.Duration, error) { return c.once(ctx, method, url, body, out) })
}

// once makes one request. It reports whether a failure is worth trying again, and how long the
// server asked to wait first (0 when it did not say).
func (c *Client) once(ctx context.Context, method, url string, body []byte, out any) (retry bool, after time.Duration, err error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return false, 0, fmt.Errorf("libretranslate: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client().Do(req)
	if err != nil {
		if why, ok := egress.Reason(err); ok {
			return false, 0, fmt.Errorf("libretranslate at %s: %s", c.URL, why)
		}
		if ctx.Err() != nil {
			return false, 0, fmt.Errorf("libretranslate: %w", ctx.Err())
		}
		return true, 0, fmt.Errorf("libretranslate at %s: %w", c.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return true, 0, fmt.Errorf("libretranslate: reading the answer: %w", err)
	}
	if len(data) > maxAnswer {
		return false, 0, fmt.Errorf("libretranslate: the answer is larger than %d bytes", maxAnswer)
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode, Message: errorMessage(data)}
		if !e.Temporary() {
			return false, 0, e
		}
		now := time.Now
		if c.Now != nil {
			now = c.Now
		}
		d, _ := backoff.RetryAfter(resp.Header, now())
		return true, d, e
	}
	if err := json.Unmarshal(data, out); err != nil {
		return false, 0, fmt.Errorf("libretranslate answered something that is not its JSON: %s", snippet(data))
	}
	return false, 0, nil
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return (*egress.Policy)(nil).Client(DefaultTimeout)
}

// errorMessage reads LibreTranslate's {"error": "..."}, or the start of a body that is not it.
func errorMessage(data []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && e.Error != "" {
		return oneLine(e.Error)
	}
	return snippet(data)
}

// snippet is the start of a body, on one line.
func snippet(data []byte) string {
	s := oneLine(string(data))
	if len(s) > 200 {
		s = s[:200]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
