package httpapi

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// The web chat's visitor API, under /api/v1/widget/{inbox_id}/: public routes the widget calls
// from the team's website. Every request must come from an origin in the inbox's
// allowed_origins (widgetOrigins checks it before anything else, and answers CORS for those
// origins only); a visitor proves who they are with "Authorization: Visitor <token>", the
// token the session call gave, and reaches their own conversations only. Messages, files and
// new conversations are rate limited per visitor and per client address.

// WidgetStreamer serves a visitor's event stream (realtime.Hub.ServeVisitor).
type WidgetStreamer interface {
	ServeVisitor(w http.ResponseWriter, r *http.Request, v *switchboard.Visitor)
}

const widgetPrefix = "/api/v1/widget/"

var visitorHeader = Param{Name: "Authorization", Type: "string", Description: "Visitor <token>: the token the session call gave."}

// widgetRoutes are the visitor API's routes.
func (s *Server) widgetRoutes() []Route {
	const p = "/api/v1/widget/{inbox_id}"
	return []Route{
		{Method: "POST", Path: p + "/session", OperationID: "widgetSession", Tag: "widget", Public: true,
			Summary: "Start or resume a visitor's session",
			Description: "With a visitor token (Authorization: Visitor <token>) resumes that visitor and records their browser's context; " +
				"without one, or with an unknown one, makes a new visitor and returns their token, which the widget keeps in the site's storage. " +
				"Answers the inbox's public configuration and whether agents are online. The request's Origin must be one of the inbox's allowed_origins.",
			Headers: []Param{visitorHeader}, Request: typeOf[switchboard.VisitorContext](), Response: typeOf[switchboard.WidgetSession](), handler: s.widgetSession},
		{Method: "POST", Path: p + "/identify", OperationID: "widgetIdentify", Tag: "widget", Public: true,
			Summary: "Tell who the visitor is",
			Description: "user_hash, the hex HMAC-SHA256 of user_id with the inbox's identity secret, proves the user id: the visitor is then merged with the contact of that user id. " +
				"Without a hash, name, email, phone and attributes are kept as unverified attributes and nothing is merged. A hash that does not verify answers 403 and changes nothing.",
			Headers: []Param{visitorHeader}, Request: typeOf[switchboard.VisitorIdentify](), Response: typeOf[switchboard.Visitor](), handler: s.widgetIdentify},
		{Method: "GET", Path: p + "/conversations", OperationID: "widgetConversations", Tag: "widget", Public: true,
			Summary: "List the visitor's conversations", Description: "Newest first, with the count of the team's replies the visitor has not read.",
			Headers: []Param{visitorHeader}, Response: typeOf[list[*switchboard.VisitorConversation]](), handler: s.widgetConversations},
		{Method: "POST", Path: p + "/conversations", OperationID: "widgetStartConversation", Tag: "widget", Public: true,
			Summary: "Start a conversation with a first message",
			Description: "Rate limited per visitor and per address (429 rate_limited with Retry-After). A repeated idempotency_key answers the first message with 200. " +
				"Where the inbox has a pre-chat form (config.prechat), prechat (field key → value) and consent go with this first message: missing required fields, " +
				"invalid emails or phones and an unticked consent answer 400 with fields prechat.<key> and consent, and nothing is written.",
			Headers: []Param{visitorHeader}, Request: typeOf[switchboard.VisitorMessage](), Response: typeOf[switchboard.WidgetMessage](),
			Status: http.StatusCreated, AlsoStatus: http.StatusOK, handler: s.widgetStart},
		{Method: "GET", Path: p + "/conversations/{id}/messages", OperationID: "widgetMessages", Tag: "widget", Public: true,
			Summary: "Read one of the visitor's conversations", Description: "The newest page, oldest first; pass prev_cursor as before for older ones. Notes never show.",
			Query: []Param{{Name: "before", Type: "string", Description: "prev_cursor of the page after this one."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 50)."}},
			Headers: []Param{visitorHeader}, Response: typeOf[switchboard.WidgetMessagePage](), handler: s.widgetMessages},
		{Method: "POST", Path: p + "/conversations/{id}/messages", OperationID: "widgetSend", Tag: "widget", Public: true,
			Summary: "Send a message in one of the visitor's conversations",
			Description: "Text of at most 5000 bytes. A repeated idempotency_key answers the first message with 200, so a double click sends once. A resolved conversation reopens. " +
				"A click on a quick reply sends its text as text and as choice (kept as the message's content.choice).",
			Headers: []Param{visitorHeader}, Request: typeOf[switchboard.VisitorMessage](), Response: typeOf[switchboard.WidgetMessage](),
			Status: http.StatusCreated, AlsoStatus: http.StatusOK, handler: s.widgetSend},
		{Method: "POST", Path: p + "/conversations/{id}/files", OperationID: "widgetSendFile", Tag: "widget", Public: true,
			Summary: "Send a file in one of the visitor's conversations",
			Description: "multipart/form-data with a part named file, and optionally text and idempotency_key. The file's type is judged from its bytes; " +
				"types and sizes outside the channel's limits (the session's config.media) answer 400, bodies over the limit 413.",
			Headers: []Param{visitorHeader}, Response: typeOf[switchboard.WidgetMessage](), Status: http.StatusCreated, AlsoStatus: http.StatusOK,
			MaxBody: func(s *Server) int64 { return widgetMaxFile + 64<<10 }, handler: s.widgetFile},
		{Method: "POST", Path: p + "/conversations/{id}/read", OperationID: "widgetRead", Tag: "widget", Public: true,
			Summary: "Mark the team's replies read up to a message", Description: "Agents see them as read.",
			Headers: []Param{visitorHeader}, Request: typeOf[widgetReadBody](), handler: s.widgetRead},
		{Method: "POST", Path: p + "/conversations/{id}/typing", OperationID: "widgetTyping", Tag: "widget", Public: true,
			Summary: "Tell the team the visitor is typing", Description: "on: true while typing (send it again every few seconds), false when stopped. Agents see it in the thread.",
			Headers: []Param{visitorHeader}, Request: typeOf[typingBody](), handler: s.widgetTyping},
		{Method: "POST", Path: p + "/conversations/{id}/csat", OperationID: "widgetRate", Tag: "widget", Public: true,
			Summary: "Rate a resolved conversation",
			Description: "rating 1 (bad) to 5 (great) and an optional comment, where the inbox asks for ratings (config.csat). " +
				"A conversation is rated once: a second rating answers 409 and the first stands; an open conversation answers 400. " +
				"Agents see the rating as the conversation's csat and as a milestone in the thread.",
			Headers: []Param{visitorHeader}, Request: typeOf[switchboard.CSAT](), Response: typeOf[switchboard.CSAT](), Status: http.StatusCreated, handler: s.widgetRate},
		{Method: "GET", Path: p + "/stream", OperationID: "widgetStream", Tag: "widget", Public: true,
			Summary: "The visitor's event stream (Server-Sent Events)",
			Description: "text/event-stream of the visitor's own conversations: message (a reply or the visitor's own message, as in the thread), status, " +
				"conversation (status changes), read and reset (reload the thread). Events from the log carry an id: reconnect with ?after=<last id> to get what was missed.",
			Query:   []Param{{Name: "after", Type: "integer", Description: "The id of the last event received."}},
			Headers: []Param{visitorHeader}, Produces: "text/event-stream", handler: s.widgetStream},
		{Method: "GET", Path: "/api/v1/inboxes/{id}/identity-secret", OperationID: "getIdentitySecret", Tag: "inboxes", AdminOnly: true,
			Summary:     "Read a web chat inbox's identity secret",
			Description: "The secret the site's server signs user ids with (user_hash = hex HMAC-SHA256(secret, user_id)). Admins only.",
			Response:    typeOf[identitySecret](), handler: s.getIdentitySecret},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/identity-secret", OperationID: "rotateIdentitySecret", Tag: "inboxes", AdminOnly: true,
			Summary:     "Rotate a web chat inbox's identity secret",
			Description: "A new secret replaces the old one at once: hashes signed with the old one stop verifying. Admins only.",
			Response:    typeOf[identitySecret](), handler: s.rotateIdentitySecret},
		{Method: "GET", Path: "/api/v1/contacts/{id}/visitors", OperationID: "listContactVisitors", Tag: "contacts",
			Summary:     "A contact's website visits",
			Description: "The web chat visitors of a contact, last seen first: the page they are on, referrer, browser, OS, language and time zone.",
			Response:    typeOf[list[*switchboard.Visitor]](), handler: s.contactVisitors},
	}
}

// widgetMaxFile bounds a visitor's file (the web chat's limit is checked again by the service).
const widgetMaxFile = 10 << 20

type widgetReadBody struct {
	MessageID int64 `json:"message_id"`
}

type typingBody struct {
	On bool `json:"on"`
}

type identitySecret struct {
	Secret string `json:"secret"`
}

// widgetInbox reads the inbox id of a visitor API path ("" and false for another path).
func widgetInbox(path string) (int64, bool) {
	rest, ok := strings.CutPrefix(path, widgetPrefix)
	if !ok {
		return 0, false
	}
	id, _, _ := strings.Cut(rest, "/")
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n > 0
}

// widgetOrigins guards the visitor API: the request's Origin must be one of the inbox's allowed
// origins (a request without one, or from elsewhere, is refused with 403 and no CORS headers,
// so the browser shows the page nothing), and preflights are answered here.
func (s *Server) widgetOrigins(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inboxID, ok := widgetInbox(r.URL.Path)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if s.Widget == nil {
			s.writeError(w, r, switchboard.Errorf(switchboard.EUNAVAILABLE, "Web chat is not available on this server."))
			return
		}
		origin := r.Header.Get("Origin")
		allowed, err := s.Widget.AllowedOrigins(r.Context(), inboxID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if origin == "" || !slices.Contains(allowed, strings.ToLower(origin)) {
			s.writeError(w, r, switchboard.Errorf(switchboard.EFORBIDDEN, "This website is not allowed to use this chat: add its origin to the inbox's allowed origins."))
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", "Retry-After")
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// visitor authenticates the visitor of a request.
func (s *Server) visitor(r *http.Request) (*switchboard.Visitor, error) {
	inboxID, err := pathID(r, "inbox_id", "Inbox")
	if err != nil {
		return nil, err
	}
	return s.Widget.Visitor(r.Context(), inboxID, visitorToken(r))
}

// visitorIn authenticates the visitor of a request about one of their conversations, and
// decodes its body into body (unless nil).
func (s *Server) visitorIn(r *http.Request, body any) (*switchboard.Visitor, int64, error) {
	v, err := s.visitor(r)
	if err != nil {
		return nil, 0, err
	}
	conv, err := pathID(r, "id", "Conversation")
	if err != nil {
		return nil, 0, err
	}
	if body != nil {
		if err := decode(r, body); err != nil {
			return nil, 0, err
		}
	}
	return v, conv, nil
}

// visitorToken reads "Authorization: Visitor <token>".
func visitorToken(r *http.Request) string {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Visitor") {
		return ""
	}
	return strings.TrimSpace(token)
}

func (s *Server) widgetSession(w http.ResponseWriter, r *http.Request) error {
	inboxID, err := pathID(r, "inbox_id", "Inbox")
	if err != nil {
		return err
	}
	var vc switchboard.VisitorContext
	if err := decode(r, &vc); err != nil {
		return err
	}
	token := visitorToken(r)
	if token == "" {
		// A new visitor: bounded per address, so a script cannot fill the contacts.
		if err := s.widgetLimit(w, r, "session", 0); err != nil {
			return err
		}
	}
	sess, err := s.Widget.Session(r.Context(), inboxID, token, &vc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sess)
}

func (s *Server) widgetIdentify(w http.ResponseWriter, r *http.Request) error {
	v, err := s.visitor(r)
	if err != nil {
		return err
	}
	var id switchboard.VisitorIdentify
	if err := decode(r, &id); err != nil {
		return err
	}
	if err := s.widgetLimit(w, r, "identify", v.ID); err != nil {
		return err
	}
	v, err = s.Widget.Identify(r.Context(), v, &id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) widgetConversations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.visitor(r)
	if err != nil {
		return err
	}
	cs, err := s.Widget.Conversations(r.Context(), v)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(cs))
}

func (s *Server) widgetStart(w http.ResponseWriter, r *http.Request) error {
	return s.widgetPost(w, r, 0)
}

func (s *Server) widgetSend(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	return s.widgetPost(w, r, id)
}

// widgetPost sends a visitor's text message in a conversation, or a new one (conv 0).
func (s *Server) widgetPost(w http.ResponseWriter, r *http.Request, conv int64) error {
	v, err := s.visitor(r)
	if err != nil {
		return err
	}
	var m switchboard.VisitorMessage
	if err := decode(r, &m); err != nil {
		return err
	}
	if m.IdempotencyKey == "" {
		m.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	if err := s.widgetLimit(w, r, "message", v.ID); err != nil {
		return err
	}
	if conv == 0 {
		if err := s.widgetLimit(w, r, "conversation", v.ID); err != nil {
			return err
		}
	}
	return s.widgetDeliver(w, r, v, conv, &m)
}

func (s *Server) widgetDeliver(w http.ResponseWriter, r *http.Request, v *switchboard.Visitor, conv int64, m *switchboard.VisitorMessage) error {
	msg, created, err := s.Widget.Send(r.Context(), v, conv, m)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return writeJSON(w, status, msg)
}

func (s *Server) widgetFile(w http.ResponseWriter, r *http.Request) error {
	v, conv, err := s.visitorIn(r, nil)
	if err != nil {
		return err
	}
	if err := s.widgetLimit(w, r, "file", v.ID); err != nil {
		return err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return invalid("Send the file as multipart/form-data.", map[string]string{"file": "Use a form field named file."})
	}
	m := &switchboard.VisitorMessage{}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		if errors.Is(err, io.EOF) {
			break
		} else if errors.As(err, &mbe) {
			return err
		} else if err != nil {
			return invalid("Send the file as multipart/form-data.", map[string]string{"file": "Use a form field named file."})
		}
		data, err := io.ReadAll(io.LimitReader(part, widgetMaxFile+1))
		if err != nil {
			return err // over the body limit: 413
		}
		switch part.FormName() {
		case "file":
			if len(m.Files) > 0 {
				return invalid("Send one file at a time.", map[string]string{"file": "Send one file at a time."})
			}
			if len(data) > widgetMaxFile {
				return &http.MaxBytesError{Limit: widgetMaxFile}
			}
			if len(data) == 0 {
				return invalid("The file is empty.", map[string]string{"file": "Choose a file with something in it."})
			}
			m.Files = append(m.Files, &switchboard.InboundFile{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		case "text":
			m.Text = string(data)
		case "idempotency_key":
			m.IdempotencyKey = string(data)
		}
	}
	if len(m.Files) == 0 {
		return invalid("Send a file.", map[string]string{"file": "Use a form field named file."})
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return s.widgetDeliver(w, r, v, conv, m)
}

func (s *Server) widgetMessages(w http.ResponseWriter, r *http.Request) error {
	v, conv, err := s.visitorIn(r, nil)
	if err != nil {
		return err
	}
	f, err := messageFilter(r)
	if err != nil {
		return err
	}
	page, err := s.Widget.Messages(r.Context(), v, conv, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) widgetRead(w http.ResponseWriter, r *http.Request) error {
	var body widgetReadBody
	v, conv, err := s.visitorIn(r, &body)
	if err != nil {
		return err
	}
	if body.MessageID <= 0 {
		return invalid("Say up to which message.", map[string]string{"message_id": "Give the id of the last message read."})
	}
	if err := s.Widget.Read(r.Context(), v, conv, body.MessageID); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) widgetStream(w http.ResponseWriter, r *http.Request) error {
	v, err := s.visitor(r)
	if err != nil {
		return err
	}
	if s.WidgetStream == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "Visitor streams are not available on this server.")
	}
	s.WidgetStream.ServeVisitor(w, r, v)
	return nil
}

// webChatInbox returns an inbox the admin may see if it is a web chat one.
func (s *Server) webChatInbox(ctx context.Context, r *http.Request) (int64, error) {
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return 0, err
	}
	in, err := s.Inboxes.FindInboxByID(ctx, id)
	if err != nil {
		return 0, err
	}
	if in.Kind != switchboard.ChannelWebChat {
		return 0, switchboard.Errorf(switchboard.ENOTFOUND, "Only web chat inboxes have an identity secret.")
	}
	return id, nil
}

func (s *Server) getIdentitySecret(w http.ResponseWriter, r *http.Request) error {
	id, err := s.webChatInbox(r.Context(), r)
	if err != nil {
		return err
	}
	// The route is for admins (checked above and by FindInboxByID's scope); the secrets are
	// read as the system, which alone reads them.
	secrets, err := s.Inboxes.InboxSecrets(switchboard.NewSystemContext(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, identitySecret{Secret: secrets[identitySecretName]})
}

// identitySecretName is the web chat's secret (webchat.SecretIdentity).
const identitySecretName = "identity_secret"

func (s *Server) rotateIdentitySecret(w http.ResponseWriter, r *http.Request) error {
	id, err := s.webChatInbox(r.Context(), r)
	if err != nil {
		return err
	}
	secret := rand.Text() + rand.Text()
	if _, err := s.Inboxes.UpdateInbox(r.Context(), id, &switchboard.InboxInput{Secrets: map[string]string{identitySecretName: secret}}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, identitySecret{Secret: secret})
}

func (s *Server) contactVisitors(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	if s.Visitors == nil {
		return writeJSON(w, http.StatusOK, items([]*switchboard.Visitor{}))
	}
	vs, err := s.Visitors.FindContactVisitors(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(vs))
}

func (s *Server) widgetRate(w http.ResponseWriter, r *http.Request) error {
	var body switchboard.CSAT
	v, conv, err := s.visitorIn(r, &body)
	if err != nil {
		return err
	}
	if err := s.widgetLimit(w, r, "identify", v.ID); err != nil {
		return err
	}
	c, err := s.Widget.Rate(r.Context(), v, conv, &body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) widgetTyping(w http.ResponseWriter, r *http.Request) error {
	var body typingBody
	v, conv, err := s.visitorIn(r, &body)
	if err != nil {
		return err
	}
	if err := s.widgetLimit(w, r, "typing", v.ID); err != nil {
		return err
	}
	if err := s.Widget.Typing(r.Context(), v, conv, body.On); err != nil {
		return err
	}
	return noContent(w)
}
