package httpapi

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// unsubscribePath is the link in every notification email that turns the agent's notification
// emails off. It needs no session and no CSRF check: the token in it authenticates.
const unsubscribePath = "/api/v1/notifications/unsubscribe"

// notificationRoutes are the signed-in agent's own notifications (the bell), their settings and
// their browsers registered for pushes; the unsubscribe link of the emails; and the notification
// emails' SMTP account (admins).
func (s *Server) notificationRoutes() []Route {
	small := func(*Server) int64 { return 16 << 10 }
	unsubscribe := []Param{
		{Name: "agent", Type: "integer", Required: true, Description: "The agent the email was sent to."},
		{Name: "token", Type: "string", Required: true, Description: "The link's signature of the agent."},
	}
	return []Route{
		{Method: "GET", Path: "/api/v1/notifications", OperationID: "listNotifications", Tag: "notifications",
			Summary: "Your notifications (the bell), newest first",
			Description: "Only the ones whose trigger you chose In app for, of conversations you still see, kept 30 days; " +
				"unread in all is the count the bell shows. Page with next_cursor.",
			Query: []Param{
				{Name: "unread", Type: "boolean", Description: "Only the unread ones."},
				{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				{Name: "limit", Type: "integer", Description: "1–100, default 30."},
			},
			Response: typeOf[switchboard.NotificationPage](), handler: s.listNotifications},
		{Method: "POST", Path: "/api/v1/notifications/read", OperationID: "readNotifications", Tag: "notifications",
			Summary: "Mark notifications read",
			Description: "ids (at most 500; ids not yours are ignored) or all: true. Answers the unread count after; your other " +
				"windows hear a notification.read event.",
			Request: typeOf[switchboard.NotificationRead](), Response: typeOf[unreadCount](), MaxBody: small, handler: s.readNotifications},
		{Method: "GET", Path: "/api/v1/notifications/settings", OperationID: "getNotificationSettings", Tag: "notifications",
			Summary: "Your notification settings",
			Description: "For every trigger the media it uses (app, push, email, sound), the sound and its volume, quiet hours " +
				"in your time zone, and whether pushes go while you are active in Switchboard. They are kept with your account, " +
				"so they follow you to every browser; nobody else reads them, not even an admin.",
			Response: typeOf[switchboard.NotificationSettings](), handler: s.getNotificationSettings},
		{Method: "PUT", Path: "/api/v1/notifications/settings", OperationID: "setNotificationSettings", Tag: "notifications",
			Summary: "Replace your notification settings",
			Description: "A trigger left out gets its default choice, and sound \"\" the default sound. sound is one of chime, " +
				"ping, bell, pop; volume 0–100; quiet_hours null or {from, to} as HH:MM (from after to spans midnight).",
			Request: typeOf[switchboard.NotificationSettings](), Response: typeOf[switchboard.NotificationSettings](), MaxBody: small,
			handler: s.setNotificationSettings},
		{Method: "GET", Path: "/api/v1/notifications/push", OperationID: "getPush", Tag: "notifications",
			Summary: "The server's push key and your browsers subscribed to pushes",
			Description: "public_key is the server's VAPID application server key (base64url), for the browser's " +
				"PushManager.subscribe; subscriptions lists your browsers (their keys never leave the server).",
			Response: typeOf[pushState](), handler: s.getPush},
		{Method: "POST", Path: "/api/v1/notifications/push", OperationID: "subscribePush", Tag: "notifications",
			Summary: "Subscribe a browser to your pushes",
			Description: "The body is what the browser's PushSubscription.toJSON() gives (endpoint and keys), with user_agent " +
				"to tell your browsers apart (default the request's User-Agent). The same endpoint again updates its keys and " +
				"keeps one subscription.",
			Request: typeOf[switchboard.PushSubscriptionInput](), Response: typeOf[switchboard.PushSubscription](),
			Status: http.StatusCreated, MaxBody: small, handler: s.subscribePush},
		{Method: "DELETE", Path: "/api/v1/notifications/push/{id}", OperationID: "unsubscribePush", Tag: "notifications",
			Summary: "Forget one of your browsers", handler: s.unsubscribePush},
		{Method: "POST", Path: "/api/v1/notifications/active", OperationID: "setNotificationsActive", Tag: "notifications",
			Summary: "Say whether a Switchboard tab is in front of you",
			Description: "active true holds for 90 seconds unless sent again (the web app sends it every minute while a tab " +
				"is visible and focused); false ends it. While it holds, pushes wait unless your settings' push_while_active is on.",
			Request: typeOf[activeRequest](), MaxBody: small, handler: s.setNotificationsActive},
		{Method: "GET", Path: unsubscribePath, OperationID: "getUnsubscribePage", Tag: "notifications", Public: true,
			Summary: "The unsubscribe page a notification email links to (HTML)",
			Description: "No sign-in: the token names the agent. The page asks to confirm with a button; nothing changes until " +
				"its form is sent. A wrong token answers 403, a malformed agent 400, each with an error page.",
			Query: unsubscribe, Produces: "text/html; charset=utf-8", ErrorPages: []int{http.StatusForbidden}, handler: s.getUnsubscribe},
		{Method: "POST", Path: unsubscribePath, OperationID: "unsubscribeEmail", Tag: "notifications", Public: true,
			Summary: "Turn your notification emails off (HTML)",
			Description: "The page's form, or a mail client's one-click unsubscribe (RFC 8058: the body " +
				"List-Unsubscribe=One-Click, as a form). Any body is accepted, and none; the token authenticates, so no session " +
				"nor same-origin check is needed. Every trigger's email goes off; the agent may turn them back on in their " +
				"settings. Answers a page saying so, or 403 / 400 error pages as the GET.",
			Query: unsubscribe, Produces: "text/html; charset=utf-8", ErrorPages: []int{http.StatusForbidden}, MaxBody: small,
			handler: s.postUnsubscribe},
		{Method: "GET", Path: "/api/v1/notification-mail", OperationID: "getNotificationMail", Tag: "settings", AdminOnly: true,
			Summary:     "The SMTP account notification emails are sent through",
			Description: "The password is never answered: has_password says whether one is kept.",
			Response:    typeOf[switchboard.NotificationMailSettings](), handler: s.getNotificationMail},
		{Method: "PUT", Path: "/api/v1/notification-mail", OperationID: "setNotificationMail", Tag: "settings", AdminOnly: true,
			Summary: "Replace the SMTP account of notification emails",
			Description: "security tls (port 465 by default), starttls (587) or none (25); port 0 for the default. password \"\" " +
				"keeps the kept one. delay_minutes (1–60, default 5) is how long the first notification of a batch waits for " +
				"others. While enabled is false nobody gets notification emails, and the fields may be half filled in.",
			Request: typeOf[switchboard.NotificationMailSettings](), Response: typeOf[switchboard.NotificationMailSettings](), MaxBody: small,
			handler: s.setNotificationMail},
		{Method: "POST", Path: "/api/v1/notification-mail/test", OperationID: "testNotificationMail", Tag: "settings", AdminOnly: true,
			Summary: "Send a test email through an SMTP account",
			Description: "The body is the account as PUT takes it, saved or not (password \"\" uses the kept one); a test email " +
				"goes to your own address. 204 when the server took it; 400 with the SMTP server's answer (or the network's " +
				"error) as the message when not.",
			Request: typeOf[switchboard.NotificationMailSettings](), MaxBody: small, handler: s.testNotificationMail},
	}
}

// unreadCount answers marking notifications read.
type unreadCount struct {
	Unread int `json:"unread"`
}

// pushState is what the web app needs to subscribe a browser and list the subscribed ones.
type pushState struct {
	PublicKey     string                          `json:"public_key"`
	Subscriptions []*switchboard.PushSubscription `json:"subscriptions"`
}

// activeRequest says whether a tab of the agent is in front of them.
type activeRequest struct {
	Active *bool `json:"active"`
}

// notifications answers 503 when the server keeps no notifications.
func (s *Server) notifications() (switchboard.NotificationService, error) {
	if s.Notifications == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no notifications.")
	}
	return s.Notifications, nil
}

func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := switchboard.NotificationFilter{Cursor: q.str("cursor"), Limit: q.integer("limit")}
	if u := q.boolean("unread"); u != nil {
		f.Unread = *u
	}
	if err := q.err(); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	page, err := n.Notifications(r.Context(), &f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []*switchboard.Notification{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) readNotifications(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	var in switchboard.NotificationRead
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	unread, err := n.MarkNotificationsRead(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unreadCount{Unread: unread})
}

func (s *Server) getNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	out, err := n.NotificationSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	var in switchboard.NotificationSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	out, err := n.UpdateNotificationSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getPush(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	// The subscriptions first: they refuse whoever is not an agent before a key is made.
	subs, err := n.PushSubscriptions(r.Context())
	if err != nil {
		return err
	}
	key, err := n.VAPIDPublicKey(r.Context())
	if err != nil {
		return err
	}
	if subs == nil {
		subs = []*switchboard.PushSubscription{}
	}
	return writeJSON(w, http.StatusOK, pushState{PublicKey: key, Subscriptions: subs})
}

func (s *Server) subscribePush(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	var in switchboard.PushSubscriptionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.UserAgent == "" {
		in.UserAgent = r.UserAgent()
	}
	if err := in.Validate(); err != nil {
		return err
	}
	out, err := n.SubscribePush(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) unsubscribePush(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Subscription")
	if err != nil {
		return err
	}
	if err := n.UnsubscribePush(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) setNotificationsActive(w http.ResponseWriter, r *http.Request) error {
	n, err := s.notifications()
	if err != nil {
		return err
	}
	var in activeRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Active == nil {
		return invalid("Say whether you are active.", map[string]string{"active": "Required: true or false."})
	}
	if err := n.SetActive(r.Context(), *in.Active); err != nil {
		return err
	}
	return noContent(w)
}

// unsubscribeTokens is what an Unsubscriber may also offer (package notify's does): the token of
// an agent's link, so the confirmation page refuses a wrong link before anyone presses its button.
type unsubscribeTokens interface {
	Token(agentID int64) string
}

// unsubscribeLink reads the link's agent and token: a malformed agent is EINVALID, a token that
// cannot be one EFORBIDDEN.
func unsubscribeLink(r *http.Request) (int64, string, error) {
	q := r.URL.Query()
	agent, token := q.Get("agent"), q.Get("token")
	id, err := strconv.ParseInt(agent, 10, 64)
	if err != nil || id <= 0 || len(q["agent"]) > 1 {
		return 0, "", switchboard.Errorf(switchboard.EINVALID, "This unsubscribe link is incomplete.")
	}
	if len(q["token"]) != 1 || token == "" || len(token) > 128 || strings.Trim(token,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=") != "" {
		return 0, "", badUnsubscribeLink()
	}
	return id, token, nil
}

// badUnsubscribeLink is the answer to a link whose token is not the agent's.
func badUnsubscribeLink() error {
	return switchboard.Errorf(switchboard.EFORBIDDEN, "This unsubscribe link is not valid.")
}

func (s *Server) getUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	if s.Unsubscriber == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no notification emails.")
	}
	id, token, err := unsubscribeLink(r)
	if err == nil {
		if t, ok := s.Unsubscriber.(unsubscribeTokens); ok && subtle.ConstantTimeCompare([]byte(t.Token(id)), []byte(token)) != 1 {
			err = badUnsubscribeLink()
		}
	}
	return unsubscribePage(w, err, false)
}

func (s *Server) postUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	if s.Unsubscriber == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no notification emails.")
	}
	id, token, err := unsubscribeLink(r)
	if err == nil {
		// The body says nothing the link does not (List-Unsubscribe=One-Click, or the page's empty
		// form): it is not read.
		err = s.Unsubscriber.UnsubscribeEmail(r.Context(), id, token)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			err = nil // an agent deleted since gets no email either
		}
	}
	return unsubscribePage(w, err, true)
}

// unsubscribePage answers the confirmation (done false) or the result (done true) of an
// unsubscribe link, or what is wrong with the link. Other errors go to the error writer.
func unsubscribePage(w http.ResponseWriter, err error, done bool) error {
	status := http.StatusOK
	data := struct {
		Title, Text string
		Form, Error bool
	}{Title: "Stop notification emails?", Form: true,
		Text: "Switchboard will no longer email you about your notifications. The bell and pushes stay as they are, and you " +
			"can turn emails back on in Settings → Notifications."}
	switch code := switchboard.ErrorCode(err); {
	case err == nil && done:
		data.Title, data.Form = "Notification emails are off", false
		data.Text = "You will get no more notification emails from Switchboard. To have them again, turn them on in " +
			"Settings → Notifications."
	case err == nil:
	case code == switchboard.EFORBIDDEN || code == switchboard.EINVALID:
		status, data.Error, data.Form = StatusOf(code), true, false
		data.Title, data.Text = switchboard.ErrorMessage(err), "Use the link of a newer notification email, or change your "+
			"notification settings in Switchboard."
	default:
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	return unsubscribeTemplate.Execute(w, data)
}

var unsubscribeTemplate = template.Must(template.New("unsubscribe").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}}
.error{color:#cf222e}button{font:inherit;padding:.5rem 1.25rem;margin-top:.75rem;cursor:pointer}</style></head>
<body><main>
<h1{{if .Error}} class="error"{{end}}>{{.Title}}</h1>
<p>{{.Text}}</p>
{{if .Form}}<form method="post"><button type="submit">Stop notification emails</button></form>{{end}}
</main></body></html>`))

// notificationMail answers 503 when the server keeps no notification emails' account.
func (s *Server) notificationMail() (switchboard.NotificationMailService, error) {
	if s.NotificationMail == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no notification emails.")
	}
	return s.NotificationMail, nil
}

func (s *Server) getNotificationMail(w http.ResponseWriter, r *http.Request) error {
	m, err := s.notificationMail()
	if err != nil {
		return err
	}
	out, err := m.NotificationMail(r.Context())
	if err != nil {
		return err
	}
	out.Password = "" // write-only
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setNotificationMail(w http.ResponseWriter, r *http.Request) error {
	m, err := s.notificationMail()
	if err != nil {
		return err
	}
	var in switchboard.NotificationMailSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	out, err := m.UpdateNotificationMail(r.Context(), &in)
	if err != nil {
		return err
	}
	out.Password = ""
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) testNotificationMail(w http.ResponseWriter, r *http.Request) error {
	if s.NotificationMailTester == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no notification emails.")
	}
	var in switchboard.NotificationMailSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	// A test needs what an enabled account needs, whether or not this one is on yet.
	in.Enabled = true
	if err := in.Validate(); err != nil {
		return err
	}
	// The tester says what the SMTP server answered, or that it could not be reached, as an
	// EINVALID (400) the admin reads; anything else is ours.
	if err := s.NotificationMailTester.TestNotificationMail(r.Context(), &in); err != nil {
		return err
	}
	return noContent(w)
}
