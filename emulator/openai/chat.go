package openai

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// chatRequest is the part of POST /v1/chat/completions the emulator reads.
type chatRequest struct {
	Model         string    `json:"model"`
	Messages      []Message `json:"messages"`
	MaxTokens     int       `json:"max_tokens"`
	Stream        bool      `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	ResponseFormat *struct {
		Type string `json:"type"`
	} `json:"response_format"`
}

// chat is POST /v1/chat/completions.
func (s *Server) chat(w http.ResponseWriter, body []byte, f faultKind) {
	var req chatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request. "+err.Error())
		return
	}
	switch {
	case req.Model == "":
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "you must provide a model parameter")
		return
	case !s.knows(req.Model):
		modelMissing(w, req.Model)
		return
	case len(req.Messages) == 0:
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "[] is too short - 'messages'")
		return
	}
	jsonMode := req.ResponseFormat != nil && req.ResponseFormat.Type == "json_object"
	if jsonMode && !mentionsJSON(req.Messages) {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.")
		return
	}
	if f == cutAnswer && !req.Stream {
		fault.Drop(w)
		return
	}
	text := Answer(req.Messages, jsonMode)
	finish := "stop"
	if words := strings.SplitAfter(text, " "); !jsonMode && req.MaxTokens > 0 && len(words) > req.MaxTokens {
		text, finish = strings.TrimSpace(strings.Join(words[:req.MaxTokens], "")), "length"
	}
	prompt := 0
	for _, m := range req.Messages {
		prompt += tokens(m.Content) + 4
	}
	id, created := newID("chatcmpl-"), time.Now().Unix()
	if req.Stream {
		s.stream(w, req, id, created, text, finish, usage(prompt, tokens(text)), f)
		return
	}
	if f == malformedAnswer {
		brokenJSON(w)
		return
	}
	answer := map[string]any{"id": id, "object": "chat.completion", "created": created, "model": req.Model,
		"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": text, "refusal": nil},
			"logprobs": nil, "finish_reason": finish}},
		"usage": usage(prompt, tokens(text)), "system_fingerprint": "fp_emulator"}
	if s.OmitUsage {
		delete(answer, "usage")
	}
	writeJSON(w, http.StatusOK, answer)
}

// stream answers as server-sent events: a first chunk with the role, one chunk per word, a
// chunk with the finish reason, the usage chunk when asked (choices empty), then [DONE].
func (s *Server) stream(w http.ResponseWriter, req chatRequest, id string, created int64, text, finish string, u map[string]any, f faultKind) {
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	includeUsage := req.StreamOptions != nil && req.StreamOptions.IncludeUsage && !s.OmitUsage
	send := func(choices []map[string]any, withUsage map[string]any) {
		ch := map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": req.Model,
			"system_fingerprint": "fp_emulator", "choices": choices}
		if includeUsage {
			ch["usage"] = nil
			if withUsage != nil {
				ch["usage"] = withUsage
			}
		}
		b, _ := json.Marshal(ch)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	delta := func(d map[string]any, reason any) []map[string]any {
		return []map[string]any{{"index": 0, "delta": d, "logprobs": nil, "finish_reason": reason}}
	}
	send(delta(map[string]any{"role": "assistant", "content": "", "refusal": nil}, nil), nil)
	pieces := strings.SplitAfter(text, " ")
	for i, piece := range pieces {
		send(delta(map[string]any{"content": piece}, nil), nil)
		switch {
		case f == cutAnswer && (i == 1 || i == len(pieces)-1):
			panic(http.ErrAbortHandler) // the connection closes without the chunked ending
		case f == malformedAnswer && i == 0:
			_, _ = io.WriteString(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n")
		}
	}
	send(delta(map[string]any{}, finish), nil)
	if includeUsage {
		send([]map[string]any{}, u)
	}
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
}

// embeddings is POST /v1/embeddings: "input" a string or an array of strings.
func (s *Server) embeddings(w http.ResponseWriter, body []byte, f faultKind) {
	var req struct {
		Model string          `json:"model"`
		Input json.RawMessage `json:"input"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request. "+err.Error())
		return
	}
	if !s.knows(req.Model) {
		modelMissing(w, req.Model)
		return
	}
	var texts []string
	if err := json.Unmarshal(req.Input, &texts); err != nil {
		var one string
		if json.Unmarshal(req.Input, &one) != nil {
			apiError(w, http.StatusBadRequest, "invalid_request_error", "", "'input' must be a string or an array of strings.")
			return
		}
		texts = []string{one}
	}
	if len(texts) == 0 {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "'input' : input cannot be an empty list")
		return
	}
	if f == malformedAnswer {
		brokenJSON(w)
		return
	}
	data := make([]map[string]any, len(texts))
	n := 0
	for i, t := range texts {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Embedding(t)}
		n += tokens(t)
	}
	answer := map[string]any{"object": "list", "data": data, "model": req.Model, "usage": map[string]any{"prompt_tokens": n, "total_tokens": n}}
	if s.OmitUsage {
		delete(answer, "usage")
	}
	writeJSON(w, http.StatusOK, answer)
}

// Dims is the size of the emulator's embeddings.
const Dims = 64

// Embedding is the emulator's vector of a text: a hashed bag of its lower-cased words, each word
// adding ±1 at the index its hash picks, normalised to length 1. Texts sharing words are close;
// the same text always gives the same vector.
func Embedding(text string) []float32 {
	v := make([]float64, Dims)
	for _, word := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		h := fnv.New32a()
		_, _ = h.Write([]byte(word))
		x := h.Sum32()
		if x&(1<<31) != 0 {
			v[x%Dims]--
		} else {
			v[x%Dims]++
		}
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, Dims)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// mentionsJSON is the API's check for JSON mode: some message must say "json".
func mentionsJSON(msgs []Message) bool {
	for _, m := range msgs {
		if strings.Contains(strings.ToLower(m.Content), "json") {
			return true
		}
	}
	return false
}
