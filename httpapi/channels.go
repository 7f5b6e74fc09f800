package httpapi

import (
	"errors"
	"fmt"
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
				"credentials worked, when templates were synced; with the webhook URL and verify token to give the provider, " +
				"and warnings about settings that put something at risk (a mail password sent unencrypted).",
			Response: typeOf[switchboard.InboxHealth](), handler: s.getInboxHealth},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/oauth", OperationID: "startOAuth", Tag: "channels", AdminOnly: true,
			Summary: "Start connecting an inbox with its provider's sign-in",
			Description: "For inboxes whose health names an oauth_provider: email inboxes whose settings.auth is google or " +
				"microsoft, Messenger inboxes (facebook: Facebook Login, with the app's id and secret entered first), Instagram " +
				"inboxes (instagram: Instagram Login; facebook for a Page-linked account). The answer's url is the provider's " +
				"consent page; the provider sends the browser back to /api/v1/oauth/callback, which keeps the token (a refresh " +
				"token, the Page's token, or a long-lived Instagram token renewed before it expires) and subscribes the webhook fields.",
			Response: typeOf[oauthStart](), handler: s.startOAuth},
		{Method: "GET", Path: "/api/v1/oauth/callback", OperationID: "finishOAuth", Tag: "channels", AdminOnly: true,
			Summary: "Where the provider sends the admin back after consent",
			Description: "Checks the state, trades the code for tokens and redirects to Settings › Inboxes with connected=<inbox> " +
				"or oauth_error=<reason>; a refused or forged answer changes nothing.",
			Query: []Param{{Name: "code", Type: "string"}, {Name: "state", Type: "string"}, {Name: "error", Type: "string"},
				{Name: "error_description", Type: "string"}, {Name: "error_reason", Type: "string"}, {Name: "error_code", Type: "string"},
				{Name: "error_message", Type: "string"}, {Name: "scope", Type: "string"}, {Name: "session_state", Type: "string"}},
			handler: s.finishOAuth},
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
	res, err := s.ProviderWebhooks.HandleProviderWebhook(r.Context(), id, &switchboard.ProviderRequest{
		Method: r.Method, URL: calledURL(r), Header: r.Header, Body: body})
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

// calledURL is the address a request was made to, as its client saw it: behind a
// TLS-terminating proxy, X-Forwarded-Proto gives the scheme.
func calledURL(r *http.Request) *url.URL {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return &url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
}

// oauthRedirect is where providers send an admin's browser back after a consent.
func oauthRedirect(r *http.Request) string {
	u := calledURL(r)
	return u.Scheme + "://" + u.Host + "/api/v1/oauth/callback"
}

type oauthStart struct {
	URL string `json:"url"`
}

func (s *Server) startOAuth(w http.ResponseWriter, r *http.Request) error {
	if s.OAuth == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server cannot connect inboxes with OAuth.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	u, err := s.OAuth.StartOAuth(r.Context(), id, oauthRedirect(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, oauthStart{URL: u})
}

func (s *Server) finishOAuth(w http.ResponseWriter, r *http.Request) error {
	if s.OAuth == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server cannot connect inboxes with OAuth.")
	}
	q := r.URL.Query()
	back := "/settings/inboxes"
	if e := q.Get("error"); e != "" {
		http.Redirect(w, r, back+"?oauth_error="+url.QueryEscape(e+": "+q.Get("error_description")), http.StatusSeeOther)
		return nil
	}
	if m := q.Get("error_message"); m != "" { // Facebook Login's other way of saying no
		http.Redirect(w, r, back+"?oauth_error="+url.QueryEscape(q.Get("error_code")+": "+m), http.StatusSeeOther)
		return nil
	}
	id, err := s.OAuth.FinishOAuth(r.Context(), q.Get("state"), q.Get("code"), oauthRedirect(r))
	if err != nil {
		http.Redirect(w, r, back+"?oauth_error="+url.QueryEscape(switchboard.ErrorMessage(err)), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("%s?connected=%d", back, id), http.StatusSeeOther)
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
