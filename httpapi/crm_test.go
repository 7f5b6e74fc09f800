package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/crm"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

const crmSecret = "crm-test-secret-0123456789"

// fakeCRM is the company's CRM as a local server: it checks each lookup's signature, keeps
// what it was sent, and answers what the test says.
type fakeCRM struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	calls    []switchboard.CRMLookupRequest
	headers  []http.Header
	answer   string
	status   int
	hang     bool // answer nothing until the caller gives up
	badSigns int
}

func newFakeCRM(t *testing.T) *fakeCRM {
	f := &fakeCRM{t: t, status: 200}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		if err := switchboard.VerifyWebhookSignature(crmSecret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), time.Hour); err != nil {
			f.badSigns++
		}
		var req switchboard.CRMLookupRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("lookup body %s: %v", body, err)
		}
		f.calls, f.headers = append(f.calls, req), append(f.headers, r.Header.Clone())
		answer, status, hang := f.answer, f.status, f.hang
		f.mu.Unlock()
		if hang {
			<-r.Context().Done()
			return
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeCRM) set(status int, answer string, hang bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.answer, f.hang = status, answer, hang
}

func (f *fakeCRM) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// crmClock is a clock the test moves forward, past the per-contact rate limit.
type crmClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *crmClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *crmClock) advance(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}

// crmAPI starts a second server on db whose CRM lookups go through policy (nil: public
// addresses only), and signs in the world's admin and Ann there.
func crmAPI(t *testing.T, db *sqlstore.DB, policy *egress.Policy, clock *crmClock) (admin, ann *client) {
	t.Helper()
	log := &syncBuffer{}
	srv := newServer(db, log)
	// The lookup's timeout: long enough for a local answer on a loaded machine, short enough that
	// the case of a CRM that never answers waits little.
	srv.CRM = &crm.Service{Settings: db, Contacts: db, Client: policy.Client(5 * time.Second), Timeout: 2 * time.Second, Now: clock.now}
	a := newAPI(t, db, srv)
	return a.login("ada@team.test"), a.login("ann@team.test")
}

func TestCRMLinkAndLookup(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		fake := newFakeCRM(t)
		local, err := egress.Parse("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		clock := &crmClock{at: time.Now()}
		admin, ann := crmAPI(t, db, local, clock)
		carla := fmt.Sprintf("/api/v1/contacts/%d", w.carla.ID)
		lookup := carla + "/external/lookup"

		// Nothing is set up: no link, no lookup.
		var panel switchboard.CRMPanel
		ann.do("GET", carla+"/external", nil).want(200).into(&panel)
		if panel.Link != nil || panel.Lookup {
			t.Errorf("panel before set-up = %+v", panel)
		}
		ann.do("GET", lookup, nil).wantError(400, switchboard.EINVALID)

		// Bad settings are refused field by field, and nothing is saved.
		for name, c := range map[string]struct {
			body  map[string]string
			field string
		}{
			"javascript template": {map[string]string{"link_template": "javascript:alert(document.cookie)//{email}"}, "link_template"},
			"placeholder in host": {map[string]string{"link_template": "https://{name}.crm.example.com/"}, "link_template"},
			"unknown placeholder": {map[string]string{"link_template": "https://crm.example.com/{password}"}, "link_template"},
			"ftp lookup":          {map[string]string{"lookup_url": "ftp://crm.example.com/", "secret": crmSecret}, "lookup_url"},
			"lookup, no secret":   {map[string]string{"lookup_url": "https://crm.example.com/lookup"}, "secret"},
			"short secret":        {map[string]string{"lookup_url": "https://crm.example.com/lookup", "secret": "short"}, "secret"},
		} {
			e := admin.do("PUT", "/api/v1/settings/crm", c.body).wantError(400, switchboard.EINVALID)
			if e.Error.Fields[c.field] == "" {
				t.Errorf("%s: fields %v, want %s", name, e.Error.Fields, c.field)
			}
		}
		var s switchboard.CRMSettings
		admin.do("GET", "/api/v1/settings/crm", nil).want(200).into(&s)
		if s.LinkTemplate != "" || s.LookupURL != "" {
			t.Fatalf("refused settings saved: %+v", s)
		}

		r := admin.do("PUT", "/api/v1/settings/crm", map[string]string{"link_template": "https://crm.example.com/c/{phone}?name={name}",
			"link_label": "Open in Acme", "lookup_url": fake.srv.URL + "/lookup", "secret": crmSecret}).want(200)
		r.into(&s)
		if !s.SecretSet || s.LookupURL != fake.srv.URL+"/lookup" {
			t.Errorf("saved = %+v", s)
		}

		// The link, escaped where each value stands.
		ann.do("GET", carla+"/external", nil).want(200).into(&panel)
		want := "https://crm.example.com/c/" + w.carla.Phone + "?name=Carla+Rossi"
		if panel.Link == nil || panel.Link.URL != want || panel.Link.Label != "Open in Acme" || !panel.Lookup {
			t.Errorf("panel = %+v, want link %s", panel.Link, want)
		}
		if fake.count() != 0 {
			t.Errorf("the panel's link called the CRM")
		}

		// A lookup: signed, with the contact, and kept.
		fake.set(200, `{"fields":[{"label":"Plan","value":"Gold"},{"label":"Invoices","value":"2 open","url":"https://crm.example.com/i/7"}],"url":"https://crm.example.com/c/7"}`, false)
		var res switchboard.CRMLookupResult
		ann.do("GET", lookup, nil).want(200).into(fresh(&res))
		if res.Error != "" || len(res.Fields) != 2 || res.Fields[1].URL != "https://crm.example.com/i/7" || res.URL != "https://crm.example.com/c/7" || res.Cached {
			t.Fatalf("lookup = %+v", res)
		}
		fake.mu.Lock()
		if fake.badSigns != 0 || len(fake.calls) != 1 {
			t.Errorf("calls %d, bad signatures %d", len(fake.calls), fake.badSigns)
		}
		got := fake.calls[0].Contact
		if got.ID != w.carla.ID || got.Name != "Carla Rossi" || got.Phone != w.carla.Phone || got.Identities == nil || string(got.Attributes) != "{}" {
			t.Errorf("sent contact = %+v", got)
		}
		if h := fake.headers[0]; h.Get(switchboard.WebhookEventHeader) != crm.EventLookup || h.Get("Content-Type") != "application/json" {
			t.Errorf("headers = %v", h)
		}
		fake.mu.Unlock()

		// Reopening the panel answers what was kept; asking again at once is rate-limited.
		ann.do("GET", lookup, nil).want(200).into(fresh(&res))
		if !res.Cached || len(res.Fields) != 2 {
			t.Errorf("second lookup = %+v", res)
		}
		ann.do("GET", lookup+"?refresh=true", nil).want(200).into(fresh(&res))
		if !res.Cached || fake.count() != 1 {
			t.Errorf("refresh within the rate limit = %+v, %d calls", res, fake.count())
		}
		clock.advance(20 * time.Second)
		ann.do("GET", lookup+"?refresh=true", nil).want(200).into(fresh(&res))
		if res.Cached || fake.count() != 2 {
			t.Errorf("refresh after the rate limit = %+v, %d calls", res, fake.count())
		}

		// Answers that are not what the format says show nothing, and say why to the admin.
		for name, c := range map[string]struct {
			status int
			body   string
			hang   bool
			want   string
		}{
			"not JSON":     {200, "<html>Login</html>", false, "not a JSON object"},
			"number value": {200, `{"fields":[{"label":"Seats","value":12}]}`, false, "must be a string"},
			"too big":      {200, `{"fields":[],"x":"` + strings.Repeat("a", switchboard.MaxCRMAnswerBytes) + `"}`, false, "larger than"},
			"bad url":      {200, `{"fields":[{"label":"a","value":"b","url":"javascript:alert(1)"}]}`, false, "http or https"},
			"error status": {500, `{"fields":[]}`, false, "answered 500"},
			"timeout":      {200, "", true, "did not answer in time"},
		} {
			t.Run(name, func(t *testing.T) {
				fake.set(c.status, c.body, c.hang)
				clock.advance(20 * time.Second)
				ann.on(t).do("GET", lookup+"?refresh=true", nil).want(200).into(fresh(&res))
				if !strings.Contains(res.Error, c.want) || len(res.Fields) != 0 || res.URL != "" {
					t.Errorf("result = %+v, want error with %q", res, c.want)
				}
				admin.on(t).do("GET", "/api/v1/settings/crm", nil).want(200).into(&s)
				if s.LastError != res.Error || s.LastErrorAt == nil {
					t.Errorf("recorded %q at %v, want %q", s.LastError, s.LastErrorAt, res.Error)
				}
			})
		}

		// A failure is not kept past the rate limit: the next look asks again.
		fake.set(200, `{"fields":[{"label":"Plan","value":"Silver"}]}`, false)
		clock.advance(20 * time.Second)
		ann.do("GET", lookup, nil).want(200).into(fresh(&res))
		if res.Error != "" || len(res.Fields) != 1 || res.Fields[0].Value != "Silver" {
			t.Errorf("after failures = %+v", res)
		}

		// The admin's test runs now, whatever is kept.
		n := fake.count()
		admin.do("POST", "/api/v1/settings/crm/test", map[string]int64{"contact_id": w.dino.ID}).want(200).into(fresh(&res))
		if res.Cached || fake.count() != n+1 || len(res.Fields) != 1 {
			t.Errorf("test = %+v, %d calls", res, fake.count()-n)
		}
		admin.do("POST", "/api/v1/settings/crm/test", map[string]int64{"contact_id": 999999}).wantError(404, switchboard.ENOTFOUND)
		admin.do("POST", "/api/v1/settings/crm/test", map[string]int64{}).wantError(400, switchboard.EINVALID)

		// Ann cannot look up a contact she cannot see, and the CRM is not called.
		n = fake.count()
		ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d/external/lookup", w.dino.ID), nil).wantError(404, switchboard.ENOTFOUND)
		if fake.count() != n {
			t.Errorf("a lookup of a contact Ann cannot see reached the CRM")
		}

		// Saving the settings forgets what was kept.
		admin.do("PUT", "/api/v1/settings/crm", map[string]string{"link_label": ""}).want(200)
		ann.do("GET", lookup, nil).want(200).into(fresh(&res))
		if res.Cached || fake.count() != n+1 {
			t.Errorf("after saving = %+v", res)
		}

		// The secret is never answered by the API, nor sent anywhere but the lookup.
		for _, c := range []*client{admin, ann} {
			for _, p := range []string{"/api/v1/settings/crm", carla + "/external", lookup, carla, "/api/v1/events?limit=100"} {
				if r := c.do("GET", p, nil); strings.Contains(string(r.body), crmSecret) {
					t.Errorf("GET %s shows the secret: %s", p, r.body)
				}
			}
		}
	})
}

func TestCRMLookupRefusesPrivateAddresses(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		fake := newFakeCRM(t)
		admin, ann := crmAPI(t, db, nil, &crmClock{at: time.Now()})
		admin.do("PUT", "/api/v1/settings/crm", map[string]string{"lookup_url": fake.srv.URL, "secret": crmSecret}).want(200)
		var res switchboard.CRMLookupResult
		ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d/external/lookup", w.carla.ID), nil).want(200).into(fresh(&res))
		if !strings.Contains(res.Error, "not allowed") || len(res.Fields) != 0 {
			t.Errorf("lookup of a private address = %+v", res)
		}
		if fake.count() != 0 {
			t.Errorf("the private address was reached")
		}
	})
}

// fresh empties v before an answer is decoded into it, so fields the answer leaves out read as
// empty rather than as the previous answer's.
func fresh[T any](v *T) *T {
	var zero T
	*v = zero
	return v
}
