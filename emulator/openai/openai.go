// Package openai is a local stand-in for an OpenAI-compatible API, for tests and demo mode. It
// speaks the API's wire format exactly where Switchboard reads it: GET /v1/models, POST
// /v1/chat/completions (a plain answer, or server-sent "chat.completion.chunk" events, a usage
// chunk when stream_options.include_usage asks, then "data: [DONE]"; JSON mode with the real
// check that the messages mention JSON) and POST /v1/embeddings; Bearer keys with the API's 401
// body; the API's error shape for everything refused. Its answers are deterministic (see
// answers.go): an analysis JSON from keyword rules when a JSON-mode system prompt asks for an
// analysis, a summary, a rewritten draft, a marked translation or a "Suggested reply: …"
// otherwise, and hashed bag-of-words embeddings. Faults are scripted per call (Fail, Malformed,
// Cut, Slow) and every request is recorded, so tests can assert what left the server.
package openai

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// faultKind is what a scripted fault does.
type faultKind int

const (
	failStatus faultKind = iota + 1
	malformedAnswer
	cutAnswer
)

// scripted is one call's fault (comparable, for fault.Queue).
type scripted struct {
	kind       faultKind
	status     int
	retryAfter string
}

// Request is a call the emulator received, as it arrived (refused ones included).
type Request struct {
	Method        string
	Path          string
	Authorization string
	Body          []byte
}

// JSON decodes the request's body (for assertions on model, messages, options).
func (r Request) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Server is the emulated endpoint. Its exported fields are set before it serves.
type Server struct {
	// APIKey is the key callers must send as "Authorization: Bearer KEY"; "" accepts any call
	// (a local Ollama).
	APIKey string
	// Models are the model ids served; a request for another model answers 404 model_not_found.
	Models []string
	// OmitUsage leaves usage out of every answer, as some compatible servers do.
	OmitUsage bool

	faults   fault.Queue[scripted]
	mu       sync.Mutex
	requests []Request
	slow     time.Duration
}

// New returns an emulated endpoint that takes key and serves a chat and an embedding model.
func New(key string) *Server {
	return &Server{APIKey: key, Models: []string{"gpt-4o-mini", "text-embedding-3-small"}}
}

// Fail makes the next n calls answer status with the API's error body (and Retry-After, when
// retryAfter is not "": seconds or an HTTP date).
func (s *Server) Fail(n, status int, retryAfter string) {
	for range n {
		s.faults.Inject(scripted{kind: failStatus, status: status, retryAfter: retryAfter})
	}
}

// Malformed makes the next n calls answer 200 with a broken body: JSON cut midway, or for a
// stream one good chunk, then a chunk that is not JSON.
func (s *Server) Malformed(n int) {
	for range n {
		s.faults.Inject(scripted{kind: malformedAnswer})
	}
}

// Cut makes the next n calls lose their connection: a plain call before any answer, a stream
// after its first two pieces of text.
func (s *Server) Cut(n int) {
	for range n {
		s.faults.Inject(scripted{kind: cutAnswer})
	}
}

// Slow holds every answer for d (or until the caller goes away); 0 answers at once again.
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	s.slow = d
	s.mu.Unlock()
}

// Requests returns the calls received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls counts the calls received on a path ("/v1/chat/completions"), refused ones included.
func (s *Server) Calls(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// ServeHTTP serves the API under /v1.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "Could not read the request body.")
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body})
	slow := s.slow
	s.mu.Unlock()
	if slow > 0 {
		t := time.NewTimer(slow)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if s.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+s.APIKey {
		msg, code := "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", ""
		if k := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "); k != "" {
			msg, code = "Incorrect API key provided: "+mask(k)+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_api_key"
		}
		apiError(w, http.StatusUnauthorized, "invalid_request_error", code, msg)
		return
	}
	route := r.Method + " " + r.URL.Path
	switch route {
	case "GET /v1/models", "POST /v1/chat/completions", "POST /v1/embeddings":
	default:
		apiError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "Unknown request URL: "+route+".")
		return
	}
	f := s.faults.Next()
	switch f.kind {
	case failStatus:
		failWith(w, f.status, f.retryAfter)
		return
	case cutAnswer:
		if route != "POST /v1/chat/completions" {
			fault.Drop(w)
			return
		}
	}
	switch route {
	case "GET /v1/models":
		if f.kind == malformedAnswer {
			brokenJSON(w)
			return
		}
		data := make([]map[string]any, 0, len(s.Models))
		for _, m := range s.Models {
			data = append(data, map[string]any{"id": m, "object": "model", "created": 1715367049, "owned_by": "system"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
	case "POST /v1/chat/completions":
		s.chat(w, body, f.kind)
	case "POST /v1/embeddings":
		s.embeddings(w, body, f.kind)
	}
}

// failWith answers a scripted failure with the body the API gives for that status.
func failWith(w http.ResponseWriter, status int, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	switch {
	case status == http.StatusTooManyRequests:
		apiError(w, status, "requests", "rate_limit_exceeded", "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.")
	case status == http.StatusServiceUnavailable:
		apiError(w, status, "server_error", "", "The engine is currently overloaded, please try again later.")
	case status >= 500:
		apiError(w, status, "server_error", "", "The server had an error while processing your request. Sorry about that!")
	case status == http.StatusUnauthorized:
		apiError(w, status, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.")
	case status == http.StatusForbidden:
		apiError(w, status, "invalid_request_error", "unsupported_country_region_territory", "Country, region, or territory not supported.")
	default:
		apiError(w, status, "invalid_request_error", "", http.StatusText(status))
	}
}

// apiError writes the API's error body: {"error":{"message","type","param","code"}}.
func apiError(w http.ResponseWriter, status int, typ, code, msg string) {
	var c any
	if code != "" {
		c = code
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": c}})
}

// brokenJSON answers 200 with a JSON object cut midway.
func brokenJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hel`)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// mask shows a key as the API's 401 does: its start and its last four characters.
func mask(k string) string {
	if len(k) <= 8 {
		return "****"
	}
	return k[:3] + "*****" + k[len(k)-4:]
}

// newID returns an id with a prefix (chatcmpl-).
func newID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// usage is the API's usage object, counted as about four characters a token.
func usage(prompt, completion int) map[string]any {
	return map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
}

func tokens(s string) int { return (len([]rune(s)) + 3) / 4 }

// knows reports whether the server serves a model.
func (s *Server) knows(model string) bool {
	for _, m := range s.Models {
		if m == model {
			return true
		}
	}
	return false
}

// modelMissing answers the API's 404 for an unknown model.
func modelMissing(w http.ResponseWriter, model string) {
	apiError(w, http.StatusNotFound, "invalid_request_error", "model_not_found", fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model))
}
