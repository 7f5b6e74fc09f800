package httpapi

import (
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// messageRoutes read a conversation's thread and write replies and notes, with the same
// visibility as conversations.
func (s *Server) messageRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations/{id}/messages", OperationID: "listMessages", Tag: "messages",
			Summary: "Read a conversation's thread",
			Description: "The newest page, oldest message first. Pass prev_cursor as before to scroll back. " +
				"A failed message's error_code is a product code, the same whichever provider refused it (unreachable, unknown_number, " +
				"landline, carrier_filtered, blocked, opted_out, window_closed, rate_limited, policy_limited, media_too_large, " +
				"media_unsupported, undeliverable, invalid_token, permission_denied, account_restricted, provider_unavailable, " +
				"template_error, invalid_request, unsupported_message, provider_error, unconfirmed); error_reason keeps the provider's code and words. " +
				"content.voice marks a voice note; content.contacts holds shared contact cards.",
			Query: []Param{
				{Name: "before", Type: "string", Description: "prev_cursor of the page after this one."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 200 (default 50)."},
			},
			Response: typeOf[switchboard.MessagePage](), handler: s.listMessages},
		{Method: "POST", Path: "/api/v1/conversations/{id}/messages", OperationID: "createMessage", Tag: "messages", Integration: true,
			Summary: "Reply, or write a private note",
			Description: "A reply is queued for delivery (status pending). With an idempotency key (the Idempotency-Key header or idempotency_key) already used for this conversation, the first message is returned with 200 and nothing is sent twice. " +
				"quick_replies (up to 10, 1–40 characters each) offer the customer buttons under the reply where the channel can show them (capabilities.quick_replies: web chat); " +
				"they are kept in content.quick_replies, and a click comes back as the customer's message with content.choice. " +
				"With the inbox's integration token (Bearer sbi_…) this is the inbox's bot answering: a reply (no note, mentions or uploads) " +
				"with sender_type bot, named as the inbox's bot, sent through the channel; its idempotency keys are per conversation.",
			Headers: []Param{idempotencyHeader},
			Request: typeOf[switchboard.MessageCreate](), Response: typeOf[switchboard.Message](),
			Status: http.StatusCreated, AlsoStatus: http.StatusOK, handler: s.createMessage},
		{Method: "DELETE", Path: "/api/v1/messages/{id}", OperationID: "deleteMessage", Tag: "messages", AdminOnly: true,
			Summary:     "Delete a message's content",
			Description: "The content is blanked and the thread records who deleted it and when.",
			handler:     s.deleteMessage},
		{Method: "POST", Path: "/api/v1/messages/{id}/retry", OperationID: "retryMessage", Tag: "messages",
			Summary:     "Send a failed message again",
			Description: "Only a failed outgoing message: it goes back to pending and is queued for delivery.",
			Response:    typeOf[switchboard.Message](), handler: s.retryMessage},
		{Method: "GET", Path: "/api/v1/messages/{id}/images", OperationID: "getMessageImage", Tag: "messages",
			Summary: "A remote image of a message's HTML, fetched by the server",
			Description: "The image at url, which must be the src of an <img> in the HTML of a message you may see, fetched by the " +
				"server without your cookies, referrer or browser, so the sender learns nothing of you. Only PNG, JPEG, GIF, WebP, " +
				"AVIF, BMP and icon images (by their bytes) of at most 5 MB pass; SVG and anything else answers 400, a larger " +
				"image 413, an address the message does not show 404, a server that does not answer in 15 seconds 503.",
			Query:    []Param{{Name: "url", Type: "string", Required: true, Description: "The image's http: or https: address, as the message's HTML gives it."}},
			Produces: "image/*", handler: s.getMessageImage},
	}
}

// messageFilter reads a thread's page from the query (before, limit).
func messageFilter(r *http.Request) (switchboard.MessageFilter, error) {
	q := newQuery(r)
	f := switchboard.MessageFilter{Before: q.str("before"), Limit: q.integer("limit")}
	return f, q.err()
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	f, err := messageFilter(r)
	if err != nil {
		return err
	}
	page, err := s.Messages.FindMessages(r.Context(), id, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []*switchboard.Message{}
	}
	if err := s.fillLanguages(r.Context(), page.Items); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.MessageCreate
	if err := decode(r, &in); err != nil {
		return err
	}
	key, err := idempotencyKey(r, in.IdempotencyKey)
	if err != nil {
		return err
	}
	in.IdempotencyKey = key
	m, created, err := s.Messages.CreateMessage(r.Context(), id, &in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, m)
}

func (s *Server) retryMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	m, err := s.Messages.RetryMessage(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	if err := s.Messages.DeleteMessage(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// idempotencyHeader documents the Idempotency-Key header.
var idempotencyHeader = Param{Name: "Idempotency-Key", Type: "string",
	Description: "A key of at most 100 characters, new for each message the user means to send; the same as idempotency_key."}

// idempotencyKey merges the Idempotency-Key header with the body's key: either may carry it,
// and when both do they must agree.
func idempotencyKey(r *http.Request, body string) (string, error) {
	header := switchboard.StorableText(strings.TrimSpace(r.Header.Get("Idempotency-Key")))
	switch {
	case header == "":
		return body, nil
	case body == "" || body == header:
		return header, nil
	}
	return "", invalid("The Idempotency-Key header and idempotency_key differ.",
		map[string]string{"idempotency_key": "Send the same key in both, or only one."})
}
