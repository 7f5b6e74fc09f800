package httpapi

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/switchboardhq/switchboard"
)

// channelRoutes are the messaging channels' own endpoints: the webhook URL each inbox gives its
// provider, the inbox's templates and health, and reactions.
func (s *Server) channelRoutes() []Route {
	webhook := "The address to paste into the provider's console (Meta's callback URL, Twilio's webhook). Requests " +
		"are checked with the inbox's secrets (X-Hub-Signature-256, X-Twilio-Signature): a forged, unsigned or altered " +
		"one answers 401 and records nothing. A good one answers 200 once everything it carries is stored; a repeated " +
		"delivery changes nothing."
	limit := func(*Server) int64 { return switchboard.MaxProviderWebhook }
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes/{id}/webhook", OperationID: "providerWebhookHandshake", Tag: "channels", Public: true,
			Summary: "The provider's verification handshake",
			Description: "Meta checks a callback URL with hub.mode=subscribe, hub.verify_token and hub.challenge; the " +
				"challenge is echoed when the token is the inbox's verify_token secret, else 403.",
			Query:    []Param{{Name: "hub.mode", Type: "string"}, {Name: "hub.verify_token", Type: "string"}, {Name: "hub.challenge", Type: "string"}},
			Response: typeOf[string](), handler: s.providerWebhook},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/webhook", OperationID: "providerWebhook", Tag: "channels", Public: true,
			Summary: "Receive a provider's webhook", Description: webhook, MaxBody: limit, handler: s.providerWebhook,
			Query: []Param{{Name: "sb", Type: "integer", Description: "Switchboard's message id, on the status callback URL given with a send (Twilio)."}}},
		{Method: "GET", Path: "/api/v1/inboxes/{id}/templates", OperationID: "listTemplates", Tag: "channels",
			Summary: "The inbox's message templates",
			Description: "As last synced from the provider: name, language, category, approval status, body with its " +
				"numbered placeholders, and components.",
			Response: typeOf[list[*switchboard.Template]](), handler: s.listTemplates},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/templates/sync", OperationID: "syncTemplates", Tag: "channels", AdminOnly: true,
			Summary: "Fetch the inbox's templates from the provider again", Status: http.StatusAccepted,
			Description: "A background job fetches them; GET the templates (or the health) afterwards.",
			handler:     s.syncTemplates},
		{Method: "GET", Path: "/api/v1/inboxes/{id}/health", OperationID: "getInboxHealth", Tag: "channels", AdminOnly: true,
			Summary: "How the inbox's connection to its provider is doing",
			Description: "When a webhook last arrived, when a send last succeeded, the last error, whether the " +
				"credentials worked, when templates were synced; with the webhook URL and verify token to give the provider.",
			Response: typeOf[switchboard.InboxHealth](), handler: s.getInboxHealth},
		{Method: "PUT", Path: "/api/v1/messages/{id}/reaction", OperationID: "reactToMessage", Tag: "messages",
			Summary: "React to a customer's message",
			Description: "Sets the business's emoji on the message (one per message, as WhatsApp has it) and sends it; " +
				"an empty emoji removes it. Only on channels with reactions.",
			Request: typeOf[reactionInput](), Response: typeOf[switchboard.Message](), handler: s.reactToMessage},
	}
}

type reactionInput struct {
	Emoji string `json:"emoji"`
}

func (s *Server) providerWebhook(w http.ResponseWriter, r *http.Request) error {
	if s.ProviderWebhooks == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server takes no provider webhooks.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return switchboard.Errorf(switchboard.EINVALID, "The request body could not be read.")
	}
	u := *r.URL
	u.Host = r.Host
	u.Scheme = "http"
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		u.Scheme = p // behind a TLS-terminating proxy: the address the provider called
	}
	res, err := s.ProviderWebhooks.HandleProviderWebhook(r.Context(), id, &switchboard.ProviderRequest{
		Method: r.Method, URL: &url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawQuery: u.RawQuery}, Header: r.Header, Body: body})
	if err != nil {
		return err
	}
	if res.ContentType != "" {
		w.Header().Set("Content-Type", res.ContentType)
	}
	status := res.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(res.Body)
	return nil
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	ts, err := s.Templates.FindTemplates(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(ts))
}

func (s *Server) syncTemplates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	if err := s.Templates.SyncTemplates(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) getInboxHealth(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	h, err := s.ChannelHealth.FindInboxHealth(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) reactToMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	var in reactionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Messages.ReactToMessage(r.Context(), id, in.Emoji)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}
