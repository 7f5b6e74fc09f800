package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// inboxRoutes manage inboxes (connected channel accounts) and who belongs to them. Agents read
// the inboxes they belong to; supervisors and admins read all; admins change them. Secrets are
// write-only: an inbox lists the names of the secrets it has, never their values.
func (s *Server) inboxRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes", OperationID: "listInboxes", Tag: "inboxes",
			Summary: "List the inboxes you may see", Response: typeOf[list[*switchboard.Inbox]](), handler: s.listInboxes},
		{Method: "POST", Path: "/api/v1/inboxes", OperationID: "createInbox", Tag: "inboxes", AdminOnly: true,
			Summary: "Connect an inbox", Description: "A kind this build has no connector for (see GET /api/v1/channels: no providers) is refused with 400.",
			Request: typeOf[switchboard.InboxInput](), Response: typeOf[switchboard.Inbox](),
			Status: http.StatusCreated, handler: s.createInbox},
		{Method: "GET", Path: "/api/v1/inboxes/{id}", OperationID: "getInbox", Tag: "inboxes",
			Summary: "Get an inbox", Response: typeOf[switchboard.Inbox](), handler: s.getInbox},
		{Method: "PATCH", Path: "/api/v1/inboxes/{id}", OperationID: "updateInbox", Tag: "inboxes", AdminOnly: true,
			Summary: "Change an inbox",
			Description: "Fields left out are kept; each entry of secrets sets that secret, or deletes it when its value is empty. " +
				"Settings that change where a set secret is sent (a provider's API address, a mail server, an outbound URL) " +
				"must come with that secret again (or with it deleted), else the answer is invalid with a field error " +
				"secrets.<name>; an OAuth refresh token is removed instead, and the mailbox is connected again. " +
				"Addresses on private networks (loopback, RFC 1918, link-local, metadata services) are refused " +
				"unless the server's SWITCHBOARD_ALLOW_PRIVATE_HOSTS allows them.",
			Request: typeOf[switchboard.InboxInput](), Response: typeOf[switchboard.Inbox](), handler: s.updateInbox},
		{Method: "DELETE", Path: "/api/v1/inboxes/{id}", OperationID: "deleteInbox", Tag: "inboxes", AdminOnly: true,
			Summary: "Delete an inbox with all its conversations", handler: s.deleteInbox},
		{Method: "GET", Path: "/api/v1/inboxes/{id}/members", OperationID: "getInboxMembers", Tag: "inboxes",
			Summary: "Who belongs to an inbox", Response: typeOf[switchboard.InboxMembers](), handler: s.getInboxMembers},
		{Method: "PUT", Path: "/api/v1/inboxes/{id}/members", OperationID: "setInboxMembers", Tag: "inboxes", AdminOnly: true,
			Summary: "Replace who belongs to an inbox", Request: typeOf[switchboard.InboxMembers](),
			Response: typeOf[switchboard.InboxMembers](), handler: s.setInboxMembers},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/token", OperationID: "createInboxToken", Tag: "inboxes", AdminOnly: true,
			Summary: "Give an inbox a new integration token",
			Description: "The token (sbi_…) lets the inbox's integration post its customers' messages and delivery reports " +
				"with Authorization: Bearer <token>, and nothing else. A new token replaces the old one. It is shown only now.",
			Status: http.StatusCreated, Response: typeOf[inboxToken](), handler: s.createInboxToken},
		{Method: "DELETE", Path: "/api/v1/inboxes/{id}/token", OperationID: "revokeInboxToken", Tag: "inboxes", AdminOnly: true,
			Summary:     "Revoke an inbox's integration token",
			Description: "The integration can post nothing more until it is given a new token.",
			handler:     s.revokeInboxToken},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/statuses", OperationID: "reportStatus", Tag: "inboxes", AdminOnly: true, Integration: true,
			Summary: "Report the delivery status of an outgoing message",
			Description: "For API inboxes: the integration says how far a message it received got (sent, delivered, read) or " +
				"that it failed, naming it by message_id or by the provider_id it answered with. Statuses only move forward; " +
				"a late or repeated report changes nothing.",
			Request: typeOf[switchboard.StatusReport](), Response: typeOf[switchboard.Message](), handler: s.reportStatus},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/messages", OperationID: "receiveMessage", Tag: "inboxes", AdminOnly: true, Integration: true,
			Summary: "Record a customer's message",
			Description: "How an API inbox (an external system, a bot) delivers what its customers write. The contact is found " +
				"or created by from; the message continues the contact's conversation unless it was resolved, and wakes it if " +
				"snoozed. A provider_id already recorded in this inbox is the same message: it answers 200 with the first " +
				"recording and records nothing. Attachments are given by their https URL (with filename and content_type " +
				"if known; anything but an absolute https URL is refused, per field): each is recorded pending and fetched " +
				"into Switchboard's store by a job, then served at /api/v1/attachments/{id}, or marked with a fetch_error.",
			Request: typeOf[switchboard.InboundMessage](), Response: typeOf[inboundRecorded](),
			Status: http.StatusCreated, AlsoStatus: http.StatusOK, handler: s.receiveMessage},
	}
}

// inboundRecorded is a customer's message as recorded, with its conversation.
type inboundRecorded struct {
	Conversation *switchboard.Conversation `json:"conversation"`
	Message      *switchboard.Message      `json:"message"`
}

func (s *Server) listInboxes(w http.ResponseWriter, r *http.Request) error {
	inboxes, err := s.Inboxes.FindInboxes(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(inboxes))
}

func (s *Server) createInbox(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.InboxInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.connectable(in.Kind); err != nil {
		return err
	}
	i, err := s.Inboxes.CreateInbox(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, i)
}

func (s *Server) getInbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	i, err := s.Inboxes.FindInboxByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}

func (s *Server) updateInbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.InboxInput
	if err := decode(r, &in); err != nil {
		return err
	}
	i, err := s.Inboxes.UpdateInbox(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}

func (s *Server) deleteInbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	if err := s.Inboxes.DeleteInbox(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) getInboxMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	m, err := s.Inboxes.FindInboxMembers(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) setInboxMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.InboxMembers
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Inboxes.SetInboxMembers(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// inboxToken is a new integration token, shown once.
type inboxToken struct {
	Token string `json:"token"`
}

func (s *Server) createInboxToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	secret, err := s.Inboxes.CreateInboxToken(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, inboxToken{Token: secret})
}

func (s *Server) reportStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.StatusReport
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Inboxes.ReportStatus(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) receiveMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.InboundMessage
	if err := decode(r, &in); err != nil {
		return err
	}
	in.InboxID = id
	m, c, created, err := s.Inbound.Receive(r.Context(), &in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, inboundRecorded{Conversation: c, Message: m})
}

func (s *Server) revokeInboxToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	if err := s.Inboxes.RevokeInboxToken(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// connectable refuses a new inbox of a kind this build has no connector for (Messenger, say,
// before its connector exists): such an inbox would take no messages and send none. Inboxes made
// before keep working as far as they can; an unknown kind is left to the store's own check.
func (s *Server) connectable(kind switchboard.ChannelKind) error {
	if s.Channels == nil {
		return nil
	}
	var ok []string
	for _, c := range s.Channels.Info() {
		if len(c.Providers) == 0 {
			continue
		}
		if c.Kind == kind {
			return nil
		}
		ok = append(ok, string(c.Kind))
	}
	if !kind.Valid() {
		return nil
	}
	return &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("%s inboxes cannot be connected yet: this version of Switchboard has no connector for them.", kind),
		Fields: map[string]string{"kind": "Use one of: " + strings.Join(ok, ", ") + "."}}
}
