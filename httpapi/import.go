package httpapi

import (
	"fmt"
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// DefaultMaxImportBytes bounds an import request's body when Server.MaxImportBytes is zero: room
// for a full batch (switchboard.MaxImportConversations) of long threads.
const DefaultMaxImportBytes = 32 << 20

// importRoutes bring history over from another help desk, one batch of conversations a call.
func (s *Server) importRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/inboxes/{id}/import", OperationID: "importConversations", Tag: "inboxes", AdminOnly: true,
			Summary: "Import historic conversations into an inbox",
			Description: fmt.Sprintf("For moving from another help desk: up to %d conversations and %d messages a request "+
				"(and %d MiB; more answers 413), each with its contact, status, assignee, labels, times and messages. The batch "+
				"is checked whole first and written in one transaction: any invalid conversation answers 400 naming every "+
				"problem by its path, and nothing is written. Contacts are found as live messages find them (by the address "+
				"the inbox's channel knows them by) or made. Outgoing messages are recorded as sent and never delivered again; "+
				"no events or webhooks are written for the history. external_id makes it repeatable: a conversation imported "+
				"before under the same id is skipped (created false), so a batch may be sent again after a timeout.",
				switchboard.MaxImportConversations, switchboard.MaxImportMessages, s.maxImport()>>20),
			Request: typeOf[switchboard.ImportBatch](), Response: typeOf[switchboard.ImportResult](), handler: s.importConversations,
			MaxBody: func(s *Server) int64 { return s.maxImport() }},
	}
}

func (s *Server) maxImport() int64 {
	if s.MaxImportBytes > 0 {
		return s.MaxImportBytes
	}
	return DefaultMaxImportBytes
}

func (s *Server) importConversations(w http.ResponseWriter, r *http.Request) error {
	if s.Imports == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not import conversations.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.ImportBatch
	if err := decode(r, &in); err != nil {
		return err
	}
	res, err := s.Imports.ImportConversations(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
