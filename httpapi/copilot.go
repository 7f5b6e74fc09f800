package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
)

// copilotRoutes answer the composer's copilot as a stream of server-sent events.
func (s *Server) copilotRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/conversations/{id}/copilot", OperationID: "copilot", Tag: "messages",
			Summary: "Ask the copilot: a summary, a suggested reply, a rewrite of the draft",
			Description: "For agents who can see the conversation, with the copilot on for the workspace (409 otherwise) and its inbox (403). " +
				"action summary, suggest or rewrite (style shorter, friendlier, formal or grammar, and the draft; 400 \"rewrite needs an AI endpoint\" when the assistant works offline). " +
				"The answer is text/event-stream: event delta {text} for each piece of a text (the summary, the suggested reply, the rewrite), " +
				"event suggestion {text, source: resolved|canned, title} for each answer the offline copilot retrieved (the final reply of a resolved " +
				"conversation like this one in an inbox the agent sees, or a canned response), then event done {provider, feature}, or event error {code, message} " +
				"when it fails midway. Nothing is written to the conversation or sent to the customer: a reply the agent sends from it carries ai {feature, provider}. " +
				"One request per agent at a time (429 while one runs).",
			Request: typeOf[switchboard.CopilotRequest](), Produces: "text/event-stream",
			MaxBody: smallBody, handler: s.copilot},
	}
}

// copilotStreamLimit bounds how long a copilot's answer may stream, past the server's write
// timeout (which is meant for ordinary answers).
const copilotStreamLimit = 3 * time.Minute

// sseWriter writes server-sent events, flushing each, and stops at the first failed write.
type sseWriter struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	ctx context.Context
}

// event writes one event whose data is v as JSON.
func (e *sseWriter) event(name string, v any) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", name, b); err != nil {
		return err
	}
	return e.rc.Flush()
}

// Delta sends a piece of text.
func (e *sseWriter) Delta(text string) error {
	if text == "" {
		return nil
	}
	return e.event("delta", map[string]string{"text": text})
}

// Suggestion sends a retrieved answer.
func (e *sseWriter) Suggestion(sg switchboard.CopilotSuggestion) error {
	return e.event("suggestion", sg)
}

func (s *Server) copilot(w http.ResponseWriter, r *http.Request) error {
	if s.Copilot == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no copilot.")
	}
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.CopilotRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	agent := stateOf(r).agentID
	if _, busy := s.copilotBusy.LoadOrStore(agent, true); busy {
		w.Header().Set("Retry-After", "1")
		return switchboard.Errorf(switchboard.ERATELIMITED, "The copilot is still answering your previous request.")
	}
	defer s.copilotBusy.Delete(agent)
	ctx := r.Context()
	run, err := s.Copilot.StartCopilot(ctx, id, &in)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(copilotStreamLimit))
	ctx, cancel := context.WithTimeout(ctx, copilotStreamLimit)
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // a proxy must not hold the pieces back
	w.WriteHeader(http.StatusOK)
	out := &sseWriter{w: w, rc: rc, ctx: ctx}
	done, err := run.Stream(ctx, out)
	if err == nil {
		return out.event("done", done)
	}
	if r.Context().Err() != nil {
		return nil // the agent went away: nobody reads the rest
	}
	return out.event("error", s.streamError(r, err))
}

// streamErrorBody is the data of an error event.
type streamErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// endpointFailed is what an agent is told when the assistant's endpoint fails midway: the
// endpoint's own words may name internal addresses, so they go to the log and to the admin's
// health (the settings' last_error), never to the agent.
const endpointFailed = "The assistant's endpoint did not answer%s; the built-in assistant still works. An admin sees the details in the assistant's settings."

// streamError says what failed midway, as an error response would (internal errors logged once
// and not shown); an error of the assistant's endpoint (no domain code) is unavailable, with a
// generic message and the failure's short code when it has one (see endpointFailed).
func (s *Server) streamError(r *http.Request, err error) streamErrorBody {
	var se *switchboard.Error
	switch {
	case errors.As(err, &se):
		code := se.Code
		if _, known := statusByCode[code]; !known {
			s.logInternal(r, err)
			return streamErrorBody{Code: switchboard.EINTERNAL, Message: internalMessage}
		}
		return streamErrorBody{Code: code, Message: se.Message}
	case errors.Is(err, context.DeadlineExceeded):
		return streamErrorBody{Code: switchboard.EUNAVAILABLE, Message: "The assistant took too long to answer."}
	}
	s.logger().WarnContext(r.Context(), "copilot failed", "request_id", requestIDOf(r), "error", err.Error())
	reason := ""
	var coded interface{ Reason() string }
	if errors.As(err, &coded) && safeReason(coded.Reason()) {
		reason = " (" + coded.Reason() + ")"
	}
	return streamErrorBody{Code: switchboard.EUNAVAILABLE, Message: fmt.Sprintf(endpointFailed, reason)}
}

// safeReason reports whether an endpoint's failure code is a short token (rate_limited, http_503)
// that may be shown as it is.
func safeReason(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
