package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestBadInput sends every kind of wrong call and checks each gets a clear error in the one
// JSON format and changes nothing.
func TestBadInput(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin := w.admin
		conv := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)
		cases := []struct {
			name         string
			method, path string
			body         any
			status       int
			code         string
			fields       []string // fields the error must name
			header       http.Header
		}{
			{"malformed JSON", "POST", "/api/v1/teams", raw(`{"name": "x"`), 400, switchboard.EINVALID, nil, nil},
			{"syntax error", "POST", "/api/v1/teams", raw(`{"name": x}`), 400, switchboard.EINVALID, nil, nil},
			{"unknown field", "POST", "/api/v1/teams", raw(`{"name": "x", "colour": "red"}`), 400, switchboard.EINVALID, []string{"colour"}, nil},
			{"nested unknown field", "POST", "/api/v1/contacts", raw(`{"identities": [{"kind": "phone", "number": "1"}]}`), 400, switchboard.EINVALID, []string{"number"}, nil},
			{"trailing data", "POST", "/api/v1/teams", raw(`{"name": "x"} {"name": "y"}`), 400, switchboard.EINVALID, nil, nil},
			{"trailing garbage", "POST", "/api/v1/teams", raw(`{"name": "x"}garbage`), 400, switchboard.EINVALID, nil, nil},
			{"empty body", "POST", "/api/v1/teams", nil, 400, switchboard.EINVALID, nil, nil},
			{"blank body", "POST", "/api/v1/teams", raw("  \n "), 400, switchboard.EINVALID, nil, nil},
			{"array body", "POST", "/api/v1/teams", raw(`[{"name": "x"}]`), 400, switchboard.EINVALID, nil, nil},
			{"null body", "POST", "/api/v1/teams", raw(`null`), 400, switchboard.EINVALID, nil, nil},
			{"wrong type", "POST", "/api/v1/teams", raw(`{"name": 42}`), 400, switchboard.EINVALID, []string{"name"}, nil},
			{"wrong nested type", "PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", w.sales.ID), raw(`{"agent_ids": ["ann"]}`), 400, switchboard.EINVALID, []string{"agent_ids"}, nil},
			{"missing field", "POST", "/api/v1/teams", raw(`{}`), 400, switchboard.EINVALID, []string{"name"}, nil},
			{"missing fields", "POST", "/api/v1/agents", raw(`{}`), 400, switchboard.EINVALID, []string{"name", "email", "password"}, nil},
			{"invalid values", "POST", "/api/v1/labels", map[string]string{"name": "a,b", "color": "red"}, 400, switchboard.EINVALID, []string{"name", "color"}, nil},
			{"invalid inbox kind", "POST", "/api/v1/inboxes", map[string]any{"kind": "pigeon", "name": "Coop"}, 400, switchboard.EINVALID, []string{"kind"}, nil},
			{"empty message", "POST", conv + "/messages", map[string]any{"text": "  "}, 400, switchboard.EINVALID, []string{"text"}, nil},
			{"idempotency keys differ", "POST", conv + "/messages", map[string]any{"text": "hi", "idempotency_key": "a"}, 400, switchboard.EINVALID, []string{"idempotency_key"}, http.Header{"Idempotency-Key": {"b"}}},
			{"snooze without time", "POST", conv + "/snooze", raw(`{}`), 400, switchboard.EINVALID, []string{"preset"}, nil},
			{"snooze unknown preset", "POST", conv + "/snooze", map[string]string{"preset": "someday"}, 400, switchboard.EINVALID, []string{"preset"}, nil},
			{"snooze in the past", "POST", conv + "/snooze", map[string]string{"until": "2001-01-01T00:00:00Z"}, 400, switchboard.EINVALID, []string{"until"}, nil},
			{"snooze bad time", "POST", conv + "/snooze", map[string]string{"until": "tomorrow-ish"}, 400, switchboard.EINVALID, nil, nil},
			{"no labels", "POST", conv + "/labels", map[string]any{"labels": []string{}}, 400, switchboard.EINVALID, []string{"labels"}, nil},
			{"identities on update", "PATCH", fmt.Sprintf("/api/v1/contacts/%d", w.carla.ID), map[string]any{"identities": []any{}}, 400, switchboard.EINVALID, []string{"identities"}, nil},
			{"bad identity", "POST", fmt.Sprintf("/api/v1/contacts/%d/identities", w.carla.ID), map[string]string{"kind": "phone", "external_id": "call me"}, 400, switchboard.EINVALID, nil, nil},

			{"unknown query parameter", "GET", "/api/v1/conversations?statuss=open", nil, 400, switchboard.EINVALID, []string{"statuss"}, nil},
			{"bad query values", "GET", "/api/v1/conversations?inbox_id=x&flagged=maybe&since=yesterday&limit=lots", nil, 400, switchboard.EINVALID, []string{"inbox_id", "flagged", "since", "limit"}, nil},
			{"repeated single query", "GET", "/api/v1/conversations?limit=1&limit=2", nil, 400, switchboard.EINVALID, []string{"limit"}, nil},
			{"filter out of range", "GET", "/api/v1/conversations?view=theirs&status=closed&limit=1000", nil, 400, switchboard.EINVALID, []string{"view", "status", "limit"}, nil},
			{"bad cursor", "GET", "/api/v1/conversations?cursor=!!!", nil, 400, switchboard.EINVALID, []string{"cursor"}, nil},
			{"search without words", "GET", "/api/v1/search?q=", nil, 400, switchboard.EINVALID, []string{"q"}, nil},
			{"render without conversation", "GET", "/api/v1/canned-responses/1/render", nil, 400, switchboard.EINVALID, []string{"conversation_id"}, nil},
			{"events negative after", "GET", "/api/v1/events?after=-1", nil, 400, switchboard.EINVALID, []string{"after"}, nil},

			{"wrong method", "DELETE", "/api/v1/conversations", nil, 405, switchboard.EINVALID, nil, nil},
			{"wrong method on id", "PUT", conv, raw(`{}`), 405, switchboard.EINVALID, nil, nil},
			{"unknown path", "GET", "/api/v1/nothing-here", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"unknown version", "GET", "/api/v2/conversations", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"unknown id", "GET", "/api/v1/conversations/999999", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"non-numeric id", "GET", "/api/v1/conversations/abc", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"zero id", "GET", "/api/v1/agents/0", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"negative id", "GET", "/api/v1/teams/-1", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"signed id", "GET", "/api/v1/labels/+1", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"overflowing id", "GET", "/api/v1/contacts/99999999999999999999", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"non-numeric id on write", "PATCH", "/api/v1/conversations/1e3", map[string]bool{"flagged": true}, 404, switchboard.ENOTFOUND, nil, nil},
			{"unknown id on write", "DELETE", "/api/v1/labels/424242", nil, 404, switchboard.ENOTFOUND, nil, nil},
			{"non-numeric second id", "DELETE", fmt.Sprintf("/api/v1/contacts/%d/identities/x", w.carla.ID), nil, 404, switchboard.ENOTFOUND, nil, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := admin.on(t).doHeaders(tc.method, tc.path, tc.body, tc.header).wantError(tc.status, tc.code)
				for _, f := range tc.fields {
					if e.Error.Fields[f] == "" {
						t.Errorf("fields = %v, want %q named", e.Error.Fields, f)
					}
				}
			})
		}
		var teams struct {
			Items []switchboard.Team `json:"items"`
		}
		admin.do("GET", "/api/v1/teams", nil).want(http.StatusOK).into(&teams)
		if len(teams.Items) != 1 {
			t.Errorf("bad requests created teams: %+v", teams.Items)
		}

		t.Run("405 names the allowed methods", func(t *testing.T) {
			r := admin.on(t).do("DELETE", "/api/v1/conversations", nil)
			r.wantError(http.StatusMethodNotAllowed, switchboard.EINVALID)
			if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
				t.Errorf("Allow = %q", allow)
			}
		})
		t.Run("unauthenticated unknown path is still 404", func(t *testing.T) {
			w.a.client().do("GET", "/api/v1/nothing-here", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})
	})
}

func TestBodyLimit(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, &syncBuffer{})
		srv.MaxBodyBytes = 4 << 10
		a := newAPI(t, db, srv)
		admin := a.setup()
		big := `{"name": "x", "description": "` + strings.Repeat("a", 8<<10) + `"}`
		e := admin.do("POST", "/api/v1/teams", raw(big)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
		if !strings.Contains(e.Error.Message, "4096") {
			t.Errorf("message %q does not state the limit", e.Error.Message)
		}

		// A body without a declared length is cut off as it is read.
		req, _ := http.NewRequest("POST", a.url+"/api/v1/teams", strings.NewReader(big))
		req.ContentLength = -1
		req.TransferEncoding = []string{"chunked"}
		res, err := admin.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked oversized body: status %d", res.StatusCode)
		}
		// Under the limit, all is well.
		admin.do("POST", "/api/v1/teams", map[string]string{"name": "Small"}).want(http.StatusCreated)
	})
}

func TestDefaultBodyLimit(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		admin := a.setup()
		big := `{"text": "` + strings.Repeat("a", 1<<20) + `"}`
		admin.do("POST", "/api/v1/conversations/1/messages", raw(big)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
	})
}

// failingLabels is a label service whose store is broken, or whose code has a bug: the only
// way to produce an internal error on purpose.
type failingLabels struct {
	switchboard.LabelService
	panics bool
}

func (f failingLabels) FindLabels(ctx context.Context) ([]*switchboard.Label, error) {
	if f.panics {
		panic("label index out of range: secret detail")
	}
	return nil, fmt.Errorf("find labels: %w", errors.New("pq: connection to 10.0.0.7 refused (password=hunter2)"))
}

func TestInternalErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		newAPI(t, db, nil).setup()
		for _, tc := range []struct {
			name   string
			panics bool
			secret string
		}{
			{"error", false, "hunter2"},
			{"panic", true, "secret detail"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				log := &syncBuffer{}
				srv := newServer(db, log)
				srv.Labels = failingLabels{LabelService: db, panics: tc.panics}
				a := newAPI(t, db, srv)
				admin := a.login("ada@team.test")
				r := admin.do("GET", "/api/v1/labels", nil)
				e := r.wantError(http.StatusInternalServerError, switchboard.EINTERNAL)
				if e.Error.Message != "Internal error." || len(e.Error.Fields) != 0 {
					t.Errorf("error body %s", r.body)
				}
				if strings.Contains(string(r.body), tc.secret) {
					t.Fatalf("the answer leaks the internal error: %s", r.body)
				}
				logs := log.String()
				if n := strings.Count(logs, `"msg":"internal error"`); n != 1 {
					t.Fatalf("internal error logged %d times:\n%s", n, logs)
				}
				var line string
				for l := range strings.SplitSeq(logs, "\n") {
					if strings.Contains(l, `"msg":"internal error"`) {
						line = l
					}
				}
				for _, want := range []string{tc.secret, `"request_id":"` + e.Error.RequestID + `"`, `"path":"/api/v1/labels"`, `"agent_id":`} {
					if !strings.Contains(line, want) {
						t.Errorf("log line lacks %s: %s", want, line)
					}
				}
				if tc.panics && !strings.Contains(line, `"stack":`) {
					t.Errorf("panic logged without a stack: %s", line)
				}
				if !strings.Contains(logs, `"msg":"http request"`) || !strings.Contains(logs, `"status":500`) {
					t.Errorf("access log lacks the 500:\n%s", logs)
				}
				// The server lives on.
				admin.do("GET", "/api/v1/teams", nil).want(http.StatusOK)
			})
		}
	})
}

func TestProbesAndRequestIDs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		log := &syncBuffer{}
		srv := newServer(db, log)
		ready := error(nil)
		srv.Ready = func(context.Context) error { return ready }
		a := newAPI(t, db, srv)
		c := a.client()
		var st struct {
			Status string `json:"status"`
		}
		c.do("GET", "/healthz", nil).want(http.StatusOK).into(&st)
		if st.Status != "ok" {
			t.Fatalf("healthz = %+v", st)
		}
		c.do("GET", "/readyz", nil).want(http.StatusOK)
		ready = errors.New("database is on fire")
		r := c.do("GET", "/readyz", nil)
		r.wantError(http.StatusServiceUnavailable, switchboard.EUNAVAILABLE)
		if strings.Contains(string(r.body), "fire") {
			t.Errorf("readyz leaks its cause: %s", r.body)
		}
		if !strings.Contains(log.String(), "database is on fire") {
			t.Error("the readiness failure was not logged")
		}

		// A proxy's request id is kept; a hostile one is replaced.
		r = c.doHeaders("GET", "/healthz", nil, http.Header{"X-Request-Id": {"edge-42.a"}})
		if got := r.header.Get("X-Request-Id"); got != "edge-42.a" {
			t.Errorf("X-Request-Id = %q, want the proxy's", got)
		}
		r = c.doHeaders("GET", "/healthz", nil, http.Header{"X-Request-Id": {"bad id with junk; " + strings.Repeat("x", 80)}})
		if got := r.header.Get("X-Request-Id"); got == "" || strings.Contains(got, "junk") {
			t.Errorf("X-Request-Id = %q, want a fresh one", got)
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q", cc)
		}
		if !strings.Contains(log.String(), `"request_id":"edge-42.a"`) {
			t.Error("the access log lacks the request id")
		}
	})
}

// A database that cannot take writes (here read only; a full disk and an outage answer alike)
// answers 503 with Retry-After and a message that says to come back, not a 500; readiness says
// so too, and both recover once writes do.
func TestDatabaseUnavailableIs503(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, &syncBuffer{})
		srv.Ready, srv.Unavailable = db.Ready, sqlstore.Unavailable
		a := newAPI(t, db, srv)
		admin := a.setup()
		if err := db.InjectFault(context.Background(), sqlstore.FaultReadOnly); err != nil {
			t.Fatal(err)
		}
		r := admin.do("POST", "/api/v1/labels", map[string]string{"name": "refund"})
		r.wantError(http.StatusServiceUnavailable, switchboard.EUNAVAILABLE)
		if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("503 with Retry-After %q", r.header.Get("Retry-After"))
		}
		if strings.Contains(string(r.body), "readonly") || strings.Contains(string(r.body), "read-only") {
			t.Errorf("the answer shows the database's error: %s", r.body)
		}
		admin.do("GET", "/readyz", nil).wantError(http.StatusServiceUnavailable, switchboard.EUNAVAILABLE)
		admin.do("GET", "/api/v1/labels", nil).want(http.StatusOK) // reads still answer
		if err := db.InjectFault(context.Background(), sqlstore.FaultNone); err != nil {
			t.Fatal(err)
		}
		admin.do("GET", "/readyz", nil).want(http.StatusOK)
		admin.do("POST", "/api/v1/labels", map[string]string{"name": "refund"}).want(http.StatusCreated)
	})
}
