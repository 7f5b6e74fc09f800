// Package httpapi is Switchboard's JSON REST API under /api/v1, with the health and readiness
// probes and the OpenAPI document. It is the only package that knows HTTP: it turns requests
// into calls of the domain services and their errors into statuses, and nothing else. Every rule
// about who may see or change what lives in the services, so the API, the CLI and the jobs all
// obey the same ones.
//
// The route table (Routes) is the single source of truth: the router, the authentication and
// admin checks, the query-parameter checks and the OpenAPI document are all built from it, so a
// route cannot exist without being documented.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/imageproxy"
)

// DefaultMaxBodyBytes bounds a request body when Server.MaxBodyBytes is zero. JSON requests are
// small; uploads will get their own, larger limit on their own routes.
const DefaultMaxBodyBytes = 1 << 20

// Server serves the API. Its fields are the services it calls; in the binary one store implements
// them all and is passed to each, while tests may swap one for a fake to produce a failure that
// cannot be produced for real.
type Server struct {
	Agents  switchboard.AgentService
	Auth    switchboard.AuthService
	Teams   switchboard.TeamService
	Inboxes switchboard.InboxService
	// Hours keeps inboxes' business hours and automatic replies; nil answers 503.
	Hours switchboard.AutomationService
	// Assignment keeps inboxes' automatic assignment settings; nil answers 503.
	Assignment switchboard.AssignmentService
	// CSAT keeps inboxes' satisfaction surveys and records answers by link; nil answers 503.
	CSAT switchboard.CSATService
	// Bots keeps inboxes' bots and their state in conversations; nil answers 503.
	Bots switchboard.BotService
	// SLA keeps SLA policies and applies them to conversations; nil answers 503.
	SLA switchboard.SLAService
	// TeamAssignment keeps teams' automatic assignment settings; nil answers 503.
	TeamAssignment switchboard.TeamAssignmentService
	Labels         switchboard.LabelService
	Canned         switchboard.CannedService
	Contacts       switchboard.ContactService
	// Merges finds duplicate contacts, merges and un-merges them; nil answers 503.
	Merges switchboard.ContactMergeService
	// ContactNotes keeps private notes on contacts and their activity timeline; nil answers 503.
	ContactNotes switchboard.ContactNoteService
	// ContactAttributes keeps the definitions of contacts' custom attributes; nil answers 503.
	ContactAttributes switchboard.ContactAttributeService
	// CRMSettings keeps the link to the company's CRM and CRM looks contacts up there (crm.go);
	// either nil answers 503.
	CRMSettings switchboard.CRMService
	CRM         switchboard.CRMLookupService
	// Assistant keeps the AI assistance's settings and switches, AssistantTester tries the
	// configured endpoint (assistant.go); nil answers 503.
	Assistant       switchboard.AssistantStore
	AssistantTester switchboard.AssistantTester
	// Audit reads the audit log (contacts' erasures); nil answers 503.
	Audit switchboard.AuditService
	// Reports answers the dashboard's figures (package reports' Service); nil answers 503.
	Reports switchboard.ReportService
	// ContactImports imports contacts from CSV files; nil answers 503.
	ContactImports switchboard.ContactImportService
	Conversations  switchboard.ConversationService
	Messages       switchboard.MessageService
	Scheduled      switchboard.ScheduledMessageService
	Search         switchboard.SearchService
	Events         switchboard.EventService
	Presence       switchboard.PresenceService
	// Stream serves GET /api/v1/ws, the WebSocket event stream, after authentication; nil
	// answers 503.
	Stream   http.Handler
	Inbound  switchboard.InboundService
	Webhooks switchboard.WebhookService
	// Rules keeps the rules engine's rules; nil answers 503.
	Rules switchboard.RuleService
	// RuleDryRun tells what an unsaved rule would have matched; nil answers 503.
	RuleDryRun switchboard.RuleDryRunner
	Jobs       switchboard.JobService
	// Imports takes conversations moved from another help desk; nil answers 503.
	Imports switchboard.ImportService
	// Attachments stores uploads and serves attachments; nil answers 503 on those routes.
	Attachments switchboard.AttachmentService
	// Channels tells the composer what each channel accepts; nil lists none.
	Channels ChannelCatalog
	// ProviderWebhooks receives what messaging providers send to inboxes' webhook URLs.
	ProviderWebhooks switchboard.ProviderWebhookService
	Templates        switchboard.TemplateService
	// Typing shows customers that an agent is typing, where their channel can; nil answers 503.
	Typing switchboard.TypingService
	// Comments moderates comments under posts and serves their posts' pictures; nil answers
	// 503 on those routes.
	Comments switchboard.CommentService
	// OAuth connects email inboxes to Google or Microsoft; nil answers 503.
	OAuth switchboard.OAuthService
	// ChannelHealth reports inboxes' connection to their providers.
	ChannelHealth interface {
		FindInboxHealth(ctx context.Context, inboxID int64) (*switchboard.InboxHealth, error)
	}
	// Images fetches the remote images of messages' HTML for the agent's browser (GET
	// /api/v1/messages/{id}/images), with the server's client for outbound calls; nil answers
	// 503.
	Images *imageproxy.Fetcher
	// MaxUploadBytes bounds one uploaded file; zero means switchboard.DefaultMaxUpload.
	MaxUploadBytes int64
	// MaxImportBytes bounds the body of an import request; zero means DefaultMaxImportBytes.
	MaxImportBytes int64

	// Logger receives the access log and internal errors; nil discards them.
	Logger *slog.Logger
	// Version is reported in the OpenAPI document.
	Version string
	// Ready reports whether the server can serve traffic (the database answers); /readyz calls
	// it. Nil means always ready.
	Ready func(context.Context) error
	// Unavailable reports whether an error means the database cannot serve for now (it is
	// down, its disk is full): such a request is answered 503 with Retry-After, not 500. Nil
	// treats every unexpected error as internal.
	Unavailable func(error) bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed: the sign-in
	// throttle counts a request through one of them against the client it names. Empty: none,
	// and every client is the address its connection came from.
	TrustedProxies []netip.Prefix
	// SecureCookies marks the session cookie Secure on every answer; without it, only answers to
	// requests that came over HTTPS are (see secureRequest).
	SecureCookies bool
	// MaxBodyBytes bounds every request body; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Now is the clock snooze presets and the sign-in throttle's delays are computed from; nil
	// means time.Now.
	Now func() time.Time

	// Widget serves the web chat's visitor API (widget.go); nil answers 503 there.
	Widget switchboard.WidgetService
	// WidgetStream serves visitors' event streams; nil answers 503.
	WidgetStream WidgetStreamer
	// Visitors lists a contact's website visits for the contact panel; nil lists none.
	Visitors interface {
		FindContactVisitors(ctx context.Context, contactID int64) ([]*switchboard.Visitor, error)
	}

	// Translate translates messages and drafts, and Translations reads the translations kept
	// (translations.go); either nil answers 503.
	Translate    switchboard.TranslateService
	Translations switchboard.TranslationService
	// Copilot answers the composer's copilot (copilot.go); nil answers 503.
	Copilot switchboard.CopilotService
	// Notifications keeps the acting agent's notifications, their settings and their browsers
	// subscribed to pushes; NotificationMail the notification emails' SMTP account (admins), which
	// NotificationMailTester tries; Unsubscriber turns an agent's notification emails off from the
	// link in one (notifications.go). Each nil answers 503 on its routes.
	Notifications          switchboard.NotificationService
	NotificationMail       switchboard.NotificationMailService
	NotificationMailTester switchboard.NotificationMailTester
	Unsubscriber           switchboard.NotificationUnsubscriber

	// ApertiumPairs lists the language pairs of the Apertium engine installed on this server
	// ("en-es", …; none when it is not), which the assistant's settings show and require before
	// Apertium is chosen; nil: none.
	ApertiumPairs func() []string

	// logins throttles password attempts (see throttle.go); Handler makes it.
	logins *loginThrottle
	// widgetCounts rate-limits the visitor API (widgetlimit.go).
	widgetCounts widgetLimiter
	// copilotBusy holds the agents whose copilot answer is streaming: one at a time each.
	copilotBusy sync.Map

	docOnce sync.Once
	doc     []byte
	docErr  error
}

// handlerFunc is the shape of every endpoint: it writes its success response itself and returns
// an error for the one error writer to turn into a status and a JSON body.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route describes one endpoint. The table of routes drives the router, the authentication and
// admin checks, the query-parameter checks and the OpenAPI document.
type Route struct {
	Method      string // GET, POST, PUT, PATCH or DELETE
	Path        string // a ServeMux pattern path, which is also an OpenAPI path template
	OperationID string // a stable name for generated clients
	Summary     string
	Description string
	Tag         string
	// Public routes need no signed-in agent; every other route answers 401 without one.
	Public bool
	// AdminOnly routes answer 403 to agents who are not admins before calling the service (which
	// checks again): settings that only admins change.
	AdminOnly bool
	// Integration routes also accept an inbox's integration token (Bearer sbi_…); the service
	// checks that the token's inbox is the one the route names.
	Integration bool
	// Throttled routes check a password under the sign-in throttle (throttle.go): they may answer
	// 429, or 503 when too many passwords are being checked, each with Retry-After.
	Throttled bool
	// Query lists the query parameters the route accepts; any other answers 400.
	Query []Param
	// Headers lists request headers the route reads, for the document.
	Headers []Param
	// Request is the type of the JSON body, nil for none.
	Request reflect.Type
	// Response is the type of the success body, nil for an empty 204 (unless Produces).
	Response reflect.Type
	// Produces is the media type of a success body that is not JSON (a file, an image): 200.
	// With a Response too, it is the same answer as a file, given on request (format=csv).
	Produces string
	// Status is the success status; zero means 200 (or 204 without a Response).
	Status int
	// AlsoStatus is a second success status with the same body, such as 200 for a replayed
	// idempotent create that otherwise answers 201.
	AlsoStatus int
	// ErrorPages are the error statuses, besides 400, a page route (Produces text/html) answers
	// with an error page rather than JSON: 403 for an unsubscribe link whose token is wrong.
	ErrorPages []int
	// MaxBody, when set, gives the route's body limit instead of MaxBodyBytes: uploads, provider
	// webhooks. The limit is found by matching the path's segments, before routing.
	MaxBody func(s *Server) int64

	handler handlerFunc
}

// SuccessStatus returns the status a successful call answers with.
func (rt Route) SuccessStatus() int {
	switch {
	case rt.Status != 0:
		return rt.Status
	case rt.Response == nil && rt.Produces == "":
		return http.StatusNoContent
	}
	return http.StatusOK
}

// Pattern returns the ServeMux pattern of the route, such as "GET /api/v1/agents/{id}".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// Param is a query parameter.
type Param struct {
	Name        string
	Type        string // string, integer, boolean or date-time
	Description string
	Enum        []string
	Required    bool
	Repeated    bool // may be given several times or comma-separated
}

// typeOf is reflect.TypeFor, short for the route table.
func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// Routes returns the route table: every endpoint the handler serves, in a stable order.
func (s *Server) Routes() []Route {
	return slices.Concat(
		s.healthRoutes(),
		s.authRoutes(),
		s.agentRoutes(),
		s.teamRoutes(),
		s.inboxRoutes(),
		s.hoursRoutes(),
		s.assignmentRoutes(),
		s.csatRoutes(),
		s.botRoutes(),
		s.slaRoutes(),
		s.teamAssignmentRoutes(),
		s.importRoutes(),
		s.labelRoutes(),
		s.cannedRoutes(),
		s.contactRoutes(),
		s.contactMergeRoutes(),
		s.contactNoteRoutes(),
		s.auditRoutes(),
		s.contactBookRoutes(),
		s.contactAttributeRoutes(),
		s.crmRoutes(),
		s.assistantRoutes(),
		s.conversationRoutes(),
		s.messageRoutes(),
		s.translationRoutes(),
		s.copilotRoutes(),
		s.scheduledRoutes(),
		s.uploadRoutes(),
		s.searchRoutes(),
		s.eventRoutes(),
		s.notificationRoutes(),
		s.webhookRoutes(),
		s.ruleRoutes(),
		s.jobRoutes(),
		s.reportRoutes(),
		s.channelRoutes(),
		s.commentRoutes(),
		s.widgetRoutes(),
	)
}

// Handler returns the API with its middleware: recover → request id → access log → body limit →
// authentication → CSRF protection → router. Mount it at / or at /api/, /healthz and /readyz.
func (s *Server) Handler() http.Handler {
	if s.logins == nil {
		s.logins = newLoginThrottle(maxThrottleEntries)
	}
	mux := http.NewServeMux()
	var limits []bodyLimit
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern(), s.endpoint(rt))
		if rt.MaxBody != nil {
			limits = append(limits, bodyLimit{method: rt.Method, path: strings.Split(rt.Path, "/"), bytes: rt.MaxBody(s)})
		}
	}
	h := s.dispatch(mux)
	h = s.csrf(h)
	h = s.widgetOrigins(h)
	h = s.authenticate(h)
	h = s.limitBody(h, limits)
	h = s.accessLog(h)
	h = s.requestID(h)
	h = s.recoverPanics(h)
	return h
}

// endpoint wraps a route's handler with the checks the table declares.
func (s *Server) endpoint(rt Route) http.Handler {
	known := map[string]bool{}
	for _, p := range rt.Query {
		known[p.Name] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.serveRoute(rt, known, w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func (s *Server) serveRoute(rt Route, known map[string]bool, w http.ResponseWriter, r *http.Request) error {
	if !rt.Public {
		me := switchboard.AgentFromContext(r.Context())
		if a, _ := switchboard.ActorFromContext(r.Context()); rt.Integration && a.InboxID != 0 {
			return rt.handler(w, r) // an integration token: the service checks its inbox
		}
		if me == nil {
			return s.unauthenticated(w, r)
		}
		if rt.AdminOnly && me.Role != switchboard.RoleAdmin {
			return switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can do this.")
		}
	}
	var v switchboard.Validator
	for name := range r.URL.Query() {
		v.Check(known[name], name, "Unknown query parameter.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return rt.handler(w, r)
}

// dispatch serves the router, answering unknown paths and wrong methods in the API's JSON error
// format rather than ServeMux's plain text.
func (s *Server) dispatch(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// Ask the mux's own fallback what it would answer, to tell 404 from 405 and learn Allow.
		probe := &probeWriter{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			allow := probe.header.Get("Allow")
			w.Header().Set("Allow", allow)
			s.writeErrorStatus(w, r, http.StatusMethodNotAllowed, &switchboard.Error{Code: switchboard.EINVALID,
				Message: "Method " + r.Method + " is not allowed here; use " + orList(strings.Split(allow, ", ")) + "."})
			return
		}
		s.writeError(w, r, switchboard.Errorf(switchboard.ENOTFOUND, "No such endpoint: %s %s.", r.Method, r.URL.Path))
	})
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// probeWriter records what a handler would answer, discarding the body.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}
func (p *probeWriter) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}

// now returns the server's clock.
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// logger returns the configured logger or one that discards.
func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// healthRoutes are the probes and the API description, open to everyone.
func (s *Server) healthRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/healthz", OperationID: "health", Tag: "system", Public: true,
			Summary:     "Liveness probe",
			Description: "Answers 200 while the process serves HTTP; it checks no dependency.",
			Response:    typeOf[statusBody](), handler: s.healthz},
		{Method: "GET", Path: "/readyz", OperationID: "ready", Tag: "system", Public: true,
			Summary:     "Readiness probe",
			Description: "Answers 200 when the database answers, 503 otherwise.",
			Response:    typeOf[statusBody](), handler: s.readyz},
		{Method: "GET", Path: "/api/openapi.json", OperationID: "openapi", Tag: "system", Public: true,
			Summary:  "This API's OpenAPI 3.1 document",
			Response: typeOf[map[string]any](), handler: s.openAPIHandler},
	}
}

// statusBody is the answer of the probes.
type statusBody struct {
	Status string `json:"status"`
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, statusBody{Status: "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			s.logger().WarnContext(ctx, "not ready", "request_id", requestIDOf(r), "error", err)
			return switchboard.Errorf(switchboard.EUNAVAILABLE, "Not ready.")
		}
	}
	return writeJSON(w, http.StatusOK, statusBody{Status: "ok"})
}

func (s *Server) openAPIHandler(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.OpenAPI()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(doc)
	return err
}
