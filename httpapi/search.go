package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// searchRoutes search contacts and the whole message history, with the same visibility as the
// conversation lists.
func (s *Server) searchRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/search", OperationID: "search", Tag: "search",
			Summary:     "Search contacts and messages",
			Description: "Every word must match; the last one as a prefix, so results come while typing. Messages of inboxes you do not belong to are never found.",
			Query: []Param{
				{Name: "q", Type: "string", Required: true, Description: "The words to look for, 1 to 200 characters."},
				{Name: "limit", Type: "integer", Description: "Hits of each kind, 1 to 100 (default 20)."},
			},
			Response: typeOf[switchboard.SearchResult](), handler: s.search},
	}
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	sq := switchboard.SearchQuery{Q: q.str("q"), Limit: q.integer("limit")}
	if err := q.err(); err != nil {
		return err
	}
	res, err := s.Search.Search(r.Context(), sq)
	if err != nil {
		return err
	}
	if res.Contacts == nil {
		res.Contacts = []*switchboard.ContactHit{}
	}
	if res.Messages == nil {
		res.Messages = []*switchboard.MessageHit{}
	}
	return writeJSON(w, http.StatusOK, res)
}
