package openai

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The codes Error carries for failures found on this side, where no endpoint gave a code.
const (
	// CodeMalformed: the answer was not what the API's wire format says (bad JSON, no choices,
	// a broken or unfinished stream, an answer larger than the cap).
	CodeMalformed = "malformed_answer"
	// CodeUnreachable: no answer came (refused connection, DNS, TLS, a connection cut before
	// the answer was read).
	CodeUnreachable = "unreachable"
	// CodeInterrupted: a streamed answer broke after pieces of it were handed on; it is never
	// retried, since the caller has already shown them.
	CodeInterrupted = "interrupted"
	// CodeRateLimited: a 429 whose Retry-After is longer than the client's cap (MaxWait): the
	// client gave up at once rather than hold a job or an agent that long.
	CodeRateLimited = "rate_limited"
	// CodeRefused: the model answered with a refusal, or a content filter withheld the answer.
	CodeRefused = "refused"
	// CodeConfig: the client is not configured (no base URL, no model).
	CodeConfig = "not_configured"
)

// Error is a failed call to an OpenAI-compatible endpoint. Status is the HTTP status (0 when no
// answer was read or the failure is on this side); Code, Type and Message come from the API's
// error body {"error":{"message","type","code"}} when the endpoint sent one, or Code is one of
// the Code… constants above. RetryAfter is what the endpoint asked to wait, when it said.
// Error() is one line meant for an admin's health panel; it never holds the API key.
type Error struct {
	Status     int
	Code       string
	Type       string
	Message    string
	RetryAfter time.Duration
	// Attempts is how many calls were made in all before giving up.
	Attempts int
	// Err is the underlying transport error, for errors.Is/As (context.DeadlineExceeded, say).
	Err error
}

// Reason is the failure's short code for those who must not see the detail (an agent): Code
// (the endpoint's, or one of the Code… constants), else http_STATUS, else "failed".
func (e *Error) Reason() string {
	switch {
	case e.Code != "":
		return e.Code
	case e.Status != 0:
		return fmt.Sprintf("http_%d", e.Status)
	}
	return "failed"
}

// Error implements error with a sentence an admin can act on.
func (e *Error) Error() string {
	var s string
	detail := e.Message
	switch {
	case e.Code == CodeMalformed:
		s, detail = "malformed answer: "+e.Message, ""
	case e.Code == CodeUnreachable:
		s, detail = "cannot reach the endpoint: "+e.Message, ""
	case e.Code == CodeInterrupted:
		s, detail = "the answer broke off midway: "+e.Message, ""
	case e.Code == CodeConfig:
		s, detail = "not configured: "+e.Message, ""
	case e.Status == http.StatusUnauthorized:
		s, detail = "the endpoint refused the API key (401)", ""
	case e.Status == http.StatusForbidden:
		s = "the endpoint denied access (403)"
	case e.Status == http.StatusNotFound:
		s = "the endpoint does not know this model or path (404)"
	case e.Status == http.StatusTooManyRequests && (e.Code == "insufficient_quota" || e.Type == "insufficient_quota"):
		s = "the account's quota is used up (429)"
	case e.Status == http.StatusTooManyRequests:
		s = "rate limited (429)"
	case e.Status >= 500:
		s = fmt.Sprintf("the endpoint failed (%d)", e.Status)
	case e.Code == CodeRefused:
		s, detail = "the model declined to answer: "+e.Message, ""
	case e.Status == 0:
		s = "the endpoint reported an error"
	default:
		s = fmt.Sprintf("the endpoint rejected the request (%d)", e.Status)
	}
	if e.RetryAfter > 0 && e.Status != 0 {
		s += ", retry after " + e.RetryAfter.Round(time.Second).String()
	}
	if detail != "" {
		s += ": " + detail
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

// Unwrap gives the transport error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether the same call may succeed later: rate limits, server errors and
// connections that never answered. Rejections (400, 401, 403, 404) and malformed answers may not.
func (e *Error) Retryable() bool {
	return e.Code == CodeUnreachable || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// malformed builds a malformed-answer error.
func malformed(format string, args ...any) *Error {
	return &Error{Code: CodeMalformed, Message: fmt.Sprintf(format, args...)}
}

// apiError reads an error answer's body: the API's {"error":{...}} shape when it is one (some
// servers send {"error":"text"} or {"message":...}), else the start of the body as text.
func apiError(status int, body []byte) *Error {
	e := &Error{Status: status}
	var shaped struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &shaped) == nil {
		var inner struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    any    `json:"code"` // a string at OpenAI, a number at some others, or null
		}
		var text string
		switch {
		case json.Unmarshal(shaped.Error, &inner) == nil && inner.Message != "":
			e.Message, e.Type = inner.Message, inner.Type
			if inner.Code != nil {
				e.Code = fmt.Sprint(inner.Code)
			}
		case json.Unmarshal(shaped.Error, &text) == nil:
			e.Message = text
		default:
			e.Message = shaped.Message
		}
	} else {
		e.Message = strings.TrimSpace(string(body))
	}
	e.Message = oneLine(e.Message, 300)
	return e
}

// oneLine folds a text onto one line and cuts it to n runes, for the health panel.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}
