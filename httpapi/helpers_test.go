package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/switchboardhq/switchboard/contacts"
	"github.com/switchboardhq/switchboard/crm"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant/apertium"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/internal/imageproxy"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// api is a running server on a real store, as the binary wires it.
type api struct {
	t   *testing.T
	srv *httpapi.Server
	url string
	log *syncBuffer
	// served, when set, is called with each request once the server has answered it wholly
	// (its handler returned): tests wait on it rather than poll.
	served atomic.Pointer[func(*http.Request)]
}

// syncBuffer is a log sink tests can read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newServer returns a Server whose every service is db.
func newServer(db *sqlstore.DB, log io.Writer) *httpapi.Server {
	worker := &channel.Worker{Store: db, Channels: channel.NewRegistry(&whatsapp.Connector{}), Log: slog.New(slog.DiscardHandler)}
	merges := &contacts.Service{Contacts: db, Store: db}
	srv := &httpapi.Server{
		Agents: db, Auth: db, Teams: db, Inboxes: db, Hours: db, Assignment: db, TeamAssignment: db, SLA: db, Bots: db, CSAT: db, Labels: db, Canned: db, Contacts: db, Audit: db, ContactImports: db, Merges: merges,
		ContactNotes: db, Conversations: db, Messages: db, Scheduled: db, Search: db, Events: db, Inbound: db, Presence: db, Webhooks: db, Rules: db, Jobs: db, Attachments: db, Imports: db, ContactAttributes: db,
		CRMSettings: db, CRM: &crm.Service{Settings: db, Contacts: db},
		Assistant: db, Reports: reports.NewService(db, db),
		Templates: db, ChannelHealth: db, Images: &imageproxy.Fetcher{Client: &http.Client{}},
		ProviderWebhooks: worker, Comments: worker, Widget: &webchat.Service{Store: db, Linker: merges}, Visitors: db,
		Typing:    &channel.Typing{Store: db, Channels: worker.Channels},
		Translate: assistantTranslations(db, &apertium.Engine{}, nil), Translations: db, Copilot: assistantCopilot(db, nil),
		Logger:  slog.New(slog.NewJSONHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Version: "test", Ready: db.Ping,
	}
	wireNotifications(srv, db)
	return srv
}

// newAPI starts srv (or, when nil, a server on db) and stops it when the test ends.
func newAPI(t *testing.T, db *sqlstore.DB, srv *httpapi.Server) *api {
	t.Helper()
	log := &syncBuffer{}
	if srv == nil {
		srv = newServer(db, log)
	} else if srv.Logger == nil {
		srv.Logger = slog.New(slog.NewJSONHandler(log, nil))
	}
	a := &api{t: t, srv: srv, log: log}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if f := a.served.Load(); f != nil {
			(*f)(r)
		}
	}))
	t.Cleanup(ts.Close)
	a.url = ts.URL
	return a
}

// client calls the API as one caller: a cookie jar for sessions, or a bearer token.
type client struct {
	t      *testing.T
	a      *api
	hc     *http.Client
	token  string
	header http.Header
	agent  *switchboard.Agent
}

func (a *api) client() *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return &client{t: a.t, a: a, hc: &http.Client{Jar: jar}, header: http.Header{}}
}

// on returns the client reporting failures to t, for use in subtests.
func (c *client) on(t *testing.T) *client {
	cc := *c
	cc.t = t
	return &cc
}

// withToken returns a client that sends an API token instead of cookies.
func (a *api) withToken(token string) *client {
	c := a.client()
	c.token = token
	return c
}

// resp is an answer, read in full.
type resp struct {
	t      *testing.T
	req    string
	status int
	header http.Header
	body   []byte
}

// raw is a request body sent as is.
type raw string

// do sends a request; body is nil (none), raw (as is) or anything else (as JSON).
func (c *client) do(method, path string, body any) *resp {
	c.t.Helper()
	return c.doHeaders(method, path, body, nil)
}

func (c *client) doHeaders(method, path string, body any, h http.Header) *resp {
	t := c.t
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case raw:
		r = strings.NewReader(string(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.a.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	d, err := responseChecker()
	if err != nil {
		t.Fatalf("openapi: %v", err)
	}
	if err := d.check(method, path, res.StatusCode, res.Header, b); err != nil {
		t.Errorf("%s %s answered %d: %v", method, path, res.StatusCode, err)
	}
	return &resp{t: t, req: method + " " + path, status: res.StatusCode, header: res.Header, body: b}
}

// want fails unless the status is status.
func (r *resp) want(status int) *resp {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("%s: status %d, want %d; body: %s", r.req, r.status, status, r.body)
	}
	return r
}

// into decodes the JSON body into v.
func (r *resp) into(v any) *resp {
	r.t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.t.Fatalf("%s: decode %s: %v", r.req, r.body, err)
	}
	return r
}

// apiError is the error body.
type apiError struct {
	Error struct {
		Code       string                           `json:"code"`
		Message    string                           `json:"message"`
		Fields     map[string]string                `json:"fields"`
		FieldCodes map[string]switchboard.FieldCode `json:"field_codes"`
		RequestID  string                           `json:"request_id"`
	} `json:"error"`
}

// wantError fails unless the answer is an error of status and code, and returns it.
func (r *resp) wantError(status int, code string) apiError {
	r.t.Helper()
	r.want(status)
	var e apiError
	r.into(&e)
	if e.Error.Code != code {
		r.t.Fatalf("%s: code %q, want %q; body: %s", r.req, e.Error.Code, code, r.body)
	}
	if e.Error.Message == "" || e.Error.RequestID == "" {
		r.t.Fatalf("%s: error without message or request id: %s", r.req, r.body)
	}
	if got := r.header.Get("X-Request-Id"); got != e.Error.RequestID {
		r.t.Fatalf("%s: X-Request-Id %q, body request_id %q", r.req, got, e.Error.RequestID)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		r.t.Fatalf("%s: Content-Type %q", r.req, ct)
	}
	return e
}

const password = "correct horse battery"

// setup creates the first admin through the API and returns their signed-in client.
func (a *api) setup() *client {
	a.t.Helper()
	c := a.client()
	c.agent = &switchboard.Agent{}
	c.do("POST", "/api/v1/setup", map[string]string{"name": "Ada Admin", "email": "ada@team.test", "password": password,
		"time_zone": "Europe/Rome", "language": "en"}).want(http.StatusCreated).into(c.agent)
	return c
}

// login signs an agent in with a new client.
func (a *api) login(email string) *client {
	a.t.Helper()
	c := a.client()
	c.agent = &switchboard.Agent{}
	c.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}).want(http.StatusOK).into(c.agent)
	return c
}

// world is a small organisation built through the API: an admin, a supervisor, Ann (member of
// the Sales inbox) and Bob (member of the Support inbox through a team), a contact and one
// conversation in each inbox.
type world struct {
	a                      *api
	admin, super, ann, bob *client
	sales, support         switchboard.Inbox
	team                   switchboard.Team
	carla, dino            switchboard.Contact
	salesConv, supportConv switchboard.Conversation
	salesMsg, supportMsg   switchboard.Message
}

func newWorld(t *testing.T, db *sqlstore.DB) *world {
	t.Helper()
	return newWorldOn(t, db, nil)
}

// newWorldOn is newWorld on srv (nil: a server on db, as newServer wires it).
func newWorldOn(t *testing.T, db *sqlstore.DB, srv *httpapi.Server) *world {
	t.Helper()
	a := newAPI(t, db, srv)
	w := &world{a: a, admin: a.setup()}
	ids := map[string]int64{}
	for _, p := range []struct{ name, role string }{{"super", "supervisor"}, {"ann", "agent"}, {"bob", "agent"}} {
		var ag switchboard.Agent
		w.admin.do("POST", "/api/v1/agents", map[string]string{"name": p.name, "email": p.name + "@team.test",
			"role": p.role, "password": password, "time_zone": "Europe/Rome"}).want(http.StatusCreated).into(&ag)
		ids[p.name] = ag.ID
	}
	w.super, w.ann, w.bob = a.login("super@team.test"), a.login("ann@team.test"), a.login("bob@team.test")
	w.admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "whatsapp", "name": "Sales"}).want(http.StatusCreated).into(&w.sales)
	w.admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "whatsapp", "name": "Support"}).want(http.StatusCreated).into(&w.support)
	w.admin.do("POST", "/api/v1/teams", map[string]any{"name": "Tier 1", "agent_ids": []int64{ids["bob"]}}).want(http.StatusCreated).into(&w.team)
	w.admin.do("PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", w.sales.ID), map[string]any{"agent_ids": []int64{ids["ann"]}}).want(http.StatusOK)
	w.admin.do("PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", w.support.ID), map[string]any{"team_ids": []int64{w.team.ID}}).want(http.StatusOK)
	w.admin.do("POST", "/api/v1/contacts", map[string]any{"name": "Carla Rossi", "phone": "+39 333 111 2222"}).want(http.StatusCreated).into(&w.carla)
	w.admin.do("POST", "/api/v1/contacts", map[string]any{"name": "Dino Bianchi", "phone": "+39 333 999 8888"}).want(http.StatusCreated).into(&w.dino)
	w.salesConv, w.salesMsg = w.start(w.ann, w.sales, w.carla, "Hello from sales")
	w.supportConv, w.supportMsg = w.start(w.bob, w.support, w.dino, "Zanzibar refund confidential")
	return w
}

// start opens a conversation through the API.
func (w *world) start(c *client, i switchboard.Inbox, ct switchboard.Contact, text string) (switchboard.Conversation, switchboard.Message) {
	w.a.t.Helper()
	var out struct {
		Conversation switchboard.Conversation `json:"conversation"`
		Message      switchboard.Message      `json:"message"`
	}
	c.do("POST", "/api/v1/conversations", map[string]any{"inbox_id": i.ID, "contact_id": ct.ID, "text": text}).
		want(http.StatusCreated).into(&out)
	return out.Conversation, out.Message
}
