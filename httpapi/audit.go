package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// auditRoutes read the audit log.
func (s *Server) auditRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/audit", OperationID: "listAudit", Tag: "audit",
			Summary: "The audit log",
			Description: "Irreversible actions, newest first: who did what to which record, when, and how much went. A contact's " +
				"erasure (action contact.erased) names the contact by id and counts its conversations, messages, files, events, jobs, " +
				"provider payloads and import rows; it never holds the personal data it removed. Admins only.",
			Query: []Param{
				{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
			},
			Response: typeOf[switchboard.AuditPage](), handler: s.listAudit},
	}
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no audit log.")
	}
	q := newQuery(r)
	cursor, limit := q.str("cursor"), q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.Audit.FindAudit(r.Context(), cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
