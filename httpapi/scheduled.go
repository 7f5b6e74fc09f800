package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// scheduledRoutes schedule replies to be sent later ("send later"), with the visibility of
// conversations; the author, supervisors and admins change or cancel them until they are sent.
func (s *Server) scheduledRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations/{id}/scheduled-messages", OperationID: "listScheduledMessages", Tag: "messages",
			Summary:  "List a conversation's scheduled messages, by send time",
			Response: typeOf[list[*switchboard.ScheduledMessage]](), handler: s.listScheduled},
		{Method: "POST", Path: "/api/v1/conversations/{id}/scheduled-messages", OperationID: "scheduleMessage", Tag: "messages",
			Summary: "Schedule a reply",
			Description: "The reply stays out of the thread until send_at, then is sent as yours like any reply. " +
				"With an idempotency key already used, the first scheduled message is returned with 200.",
			Headers: []Param{idempotencyHeader},
			Request: typeOf[switchboard.ScheduledMessageInput](), Response: typeOf[switchboard.ScheduledMessage](),
			Status: http.StatusCreated, AlsoStatus: http.StatusOK, handler: s.scheduleMessage},
		{Method: "PATCH", Path: "/api/v1/scheduled-messages/{id}", OperationID: "updateScheduledMessage", Tag: "messages",
			Summary:     "Change a scheduled message's text or time",
			Description: "Only while it is scheduled; 409 once it was sent or cancelled.",
			Request:     typeOf[switchboard.ScheduledMessageInput](), Response: typeOf[switchboard.ScheduledMessage](),
			handler: s.updateScheduled},
		{Method: "POST", Path: "/api/v1/scheduled-messages/{id}/cancel", OperationID: "cancelScheduledMessage", Tag: "messages",
			Summary:     "Cancel a scheduled message",
			Description: "Only while it is scheduled; 409 once it was sent.",
			Response:    typeOf[switchboard.ScheduledMessage](), handler: s.cancelScheduled},
	}
}

func (s *Server) listScheduled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	out, err := s.Scheduled.FindScheduledMessages(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(out))
}

func (s *Server) scheduleMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.ScheduledMessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.IdempotencyKey, err = idempotencyKey(r, in.IdempotencyKey); err != nil {
		return err
	}
	sm, created, err := s.Scheduled.ScheduleMessage(r.Context(), id, &in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, sm)
}

func (s *Server) updateScheduled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Scheduled message")
	if err != nil {
		return err
	}
	var in switchboard.ScheduledMessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	sm, err := s.Scheduled.UpdateScheduledMessage(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sm)
}

func (s *Server) cancelScheduled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Scheduled message")
	if err != nil {
		return err
	}
	sm, err := s.Scheduled.CancelScheduledMessage(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sm)
}
