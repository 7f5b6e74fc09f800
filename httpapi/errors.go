package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/switchboardhq/switchboard"
)

// statusByCode maps each domain error code to its one HTTP status. Validation failures are 400,
// so every problem with the request itself has one status; a closed customer-service window is
// 422, and so is a reply to a customer who opted out (SMS STOP): the request is well formed and
// valid, but the channel cannot deliver it now (a template can, or the customer's opting back
// in). Codes missing here are internal and answer 500.
var statusByCode = map[string]int{
	switchboard.EINVALID:      http.StatusBadRequest,
	switchboard.EUNAUTHORIZED: http.StatusUnauthorized,
	switchboard.EFORBIDDEN:    http.StatusForbidden,
	switchboard.ENOTFOUND:     http.StatusNotFound,
	switchboard.ECONFLICT:     http.StatusConflict,
	switchboard.EWINDOWCLOSED: http.StatusUnprocessableEntity,
	switchboard.EOPTEDOUT:     http.StatusUnprocessableEntity,
	// A comment's one private reply is taken; or the comment is too old for one.
	switchboard.EPRIVATEREPLYUSED:    http.StatusConflict,
	switchboard.EPRIVATEREPLYEXPIRED: http.StatusUnprocessableEntity,
	switchboard.ETOOLARGE:            http.StatusRequestEntityTooLarge,
	switchboard.ERATELIMITED:         http.StatusTooManyRequests,
	switchboard.EUNAVAILABLE:         http.StatusServiceUnavailable,
}

// StatusOf returns the HTTP status the API answers for a domain error code.
func StatusOf(code string) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is every error response: {"error":{…}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail says what went wrong. Code is the machine-readable contract; Message may be shown
// to people; Fields names each invalid field by its JSON name, with an English message, and
// FieldCodes gives the fields whose rule has a code that code (with its numbers), so a client
// can say it in its user's language; RequestID ties the answer to the server's logs.
type errorDetail struct {
	Code       errorCode                        `json:"code"`
	Message    string                           `json:"message"`
	Fields     map[string]string                `json:"fields,omitempty"`
	FieldCodes map[string]switchboard.FieldCode `json:"field_codes,omitempty"`
	RequestID  string                           `json:"request_id"`
}

// errorCode is a domain error code in a response; its own type lets the OpenAPI document list
// the codes.
type errorCode string

// internalMessage is all a client learns of an internal error.
const internalMessage = "Internal error."

// unavailableMessage is what a client learns when the database cannot serve, and
// retryAfterSeconds when to come back (Retry-After of every 503).
const (
	unavailableMessage = "Switchboard cannot reach its database right now. Try again in a few seconds."
	retryAfterSeconds  = 5
)

// writeError is the one place errors become responses: it picks the status from the error's
// code and logs internal errors, once, with the request id.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	s.writeErrorStatus(w, r, 0, err)
}

// writeErrorStatus is writeError with a status that overrides the code's (for 405, which has no
// domain code of its own); zero means the code's status.
func (s *Server) writeErrorStatus(w http.ResponseWriter, r *http.Request, status int, err error) {
	code := switchboard.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = switchboard.Errorf(switchboard.ETOOLARGE, "The request body is larger than %d bytes.", mbe.Limit)
		code = switchboard.ETOOLARGE
	}
	if _, known := statusByCode[code]; !known {
		code = switchboard.EINTERNAL
	}
	detail := errorDetail{Code: errorCode(code), Message: switchboard.ErrorMessage(err), Fields: switchboard.ErrorFields(err),
		FieldCodes: switchboard.ErrorFieldCodes(err), RequestID: requestIDOf(r)}
	if status == 0 {
		status = StatusOf(code)
	}
	if code == switchboard.EINTERNAL && s.Unavailable != nil && s.Unavailable(err) {
		// Not a bug but an outage (the database is down, its disk full): the client should come
		// back, and a provider's webhook will be delivered again.
		s.logger().WarnContext(r.Context(), "database unavailable", "request_id", requestIDOf(r), "method", r.Method,
			"path", r.URL.Path, "error", err.Error())
		code, status = switchboard.EUNAVAILABLE, http.StatusServiceUnavailable
		detail.Code, detail.Message, detail.Fields, detail.FieldCodes = switchboard.EUNAVAILABLE, unavailableMessage, nil, nil
	}
	if code == switchboard.EINTERNAL {
		detail.Message, detail.Fields, detail.FieldCodes = internalMessage, nil, nil
		s.logInternal(r, err)
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			// The client went away; nobody reads the answer.
			status, detail.Code, detail.Message = http.StatusServiceUnavailable, switchboard.EUNAVAILABLE, "Request canceled."
		}
	}
	if status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	}
	if rw, ok := w.(*responseWriter); ok && rw.wroteHeader {
		return // the success response had started; the log line above is all we can do
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="switchboard"`)
	}
	_ = writeJSON(w, status, errorBody{Error: detail})
}

// logInternal logs an internal error with its request context. A canceled request is not a bug
// and is logged at info level.
func (s *Server) logInternal(r *http.Request, err error) {
	attrs := []any{"request_id", requestIDOf(r), "method", r.Method, "path", r.URL.Path, "error", err.Error()}
	if st := stateOf(r); st != nil && st.agentID != 0 {
		attrs = append(attrs, "agent_id", st.agentID)
	}
	var pe *panicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.stack))
	}
	level := slog.LevelError
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		level = slog.LevelInfo
	}
	s.logger().Log(r.Context(), level, "internal error", attrs...)
}

// panicError is a recovered panic with the stack where it happened.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }
