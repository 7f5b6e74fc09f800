package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// hoursRoutes read and change an inbox's business hours and automatic replies (admins only).
func (s *Server) hoursRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes/{id}/hours", OperationID: "getInboxHours", Tag: "inboxes", AdminOnly: true,
			Summary: "An inbox's business hours and automatic replies", Response: typeOf[switchboard.Automation](), handler: s.getInboxHours},
		{Method: "PUT", Path: "/api/v1/inboxes/{id}/hours", OperationID: "setInboxHours", Tag: "inboxes", AdminOnly: true,
			Summary: "Replace an inbox's business hours and automatic replies",
			Description: "hours (null: always open) is a time zone, a week of opening intervals per day (Sunday first, " +
				"\"HH:MM\" to \"HH:MM\", \"24:00\" for midnight, in order, not overlapping) and holidays (YYYY-MM-DD, optionally named). " +
				"welcome is sent when a customer's message starts a conversation; out_of_hours when a customer writes while the inbox " +
				"is closed, at most once per conversation per closed period ({{opens_at}} becomes the next opening); acknowledge, " +
				"in hours, when a conversation starts ({{reply_time}} becomes the time reply_minutes of opening hours from now). " +
				"Empty texts send nothing. Errors name each field (hours.week.monday.0.end).",
			Request: typeOf[switchboard.Automation](), Response: typeOf[switchboard.Automation](), handler: s.setInboxHours},
	}
}

func (s *Server) getInboxHours(w http.ResponseWriter, r *http.Request) error {
	if s.Hours == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no business hours.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	c, err := s.Hours.InboxAutomation(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) setInboxHours(w http.ResponseWriter, r *http.Request) error {
	if s.Hours == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no business hours.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.Automation
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Hours.SetInboxAutomation(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
