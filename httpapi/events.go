package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// eventRoutes read the event log, for clients that poll rather than hold a WebSocket open. Each
// caller sees only the events they may: their own, those of their inboxes and the global ones.
func (s *Server) eventRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/events", OperationID: "listEvents", Tag: "events",
			Summary:     "Read the event log",
			Description: "Events after an id, oldest first. Poll with after set to the id of the last event you saw; you miss nothing.",
			Query: []Param{
				{Name: "after", Type: "integer", Description: "Return events with a larger id (default 0: from the start)."},
				{Name: "limit", Type: "integer", Description: "At most this many events, 1 to 1000 (default 1000)."},
			},
			Response: typeOf[list[*switchboard.Event]](), handler: s.listEvents},
		{Method: "GET", Path: "/api/v1/events/last", OperationID: "lastEvent", Tag: "events",
			Summary: "The id of the newest event",
			Description: "Read it before loading a screen's data, then stream or poll with after set to it: every change " +
				"after the data was read arrives, none is missed.",
			Response: typeOf[lastEvent](), handler: s.lastEvent},
		{Method: "GET", Path: "/api/v1/ws", OperationID: "streamEvents", Tag: "events",
			Summary: "Stream events over a WebSocket",
			Description: "Upgrades to a WebSocket that sends each event you may see as one JSON text frame (the Event schema), " +
				"as it commits, on any node. Pass after=<id of the last event you handled> to resume with nothing missed and nothing " +
				"repeated; without it the stream starts with new events. Close code 4000 means you fell behind: reconnect with after. " +
				"Close code 4001 means your account changed: sign in again.",
			Query:    []Param{{Name: "after", Type: "integer", Description: "Resume after this event id."}},
			Status:   http.StatusSwitchingProtocols,
			Response: typeOf[*switchboard.Event](), handler: s.streamEvents},
	}
}

// streamEvents hands the request to the WebSocket stream once authentication has run.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request) error {
	if s.Stream == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "The event stream is not running.")
	}
	s.Stream.ServeHTTP(w, r)
	return nil
}

// maxEventPage bounds one read of the event log.
const maxEventPage = 1000

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	after := q.int64("after")
	limit := q.integer("limit")
	if limit == 0 {
		limit = maxEventPage
	}
	q.val.Check(limit >= 1 && limit <= maxEventPage, "limit", "Limit must be between 1 and 1000.")
	if err := q.err(); err != nil {
		return err
	}
	events, err := s.Events.FindEvents(r.Context(), after, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(events))
}

// lastEvent names the newest event of the log.
type lastEvent struct {
	ID int64 `json:"id"`
}

func (s *Server) lastEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := s.Events.LastEventID(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lastEvent{ID: id})
}
