package httpapi_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// wireNotifications gives srv the store's notification services, as the binary does, and an
// unsubscribe link signer (package notify's in the binary) that accepts the links signedLinks
// makes and turns emails off in the store.
func wireNotifications(srv *httpapi.Server, db *sqlstore.DB) {
	srv.Notifications, srv.NotificationMail = db, db
	srv.Unsubscriber = &signedLinks{stop: db.StopNotificationEmail}
}

// signedLinks is an unsubscribe link signer for tests: the token of agent N is "signed-N".
type signedLinks struct {
	mu      sync.Mutex
	stop    func(ctx context.Context, agentID int64) error
	stopped []int64
}

func (u *signedLinks) Token(agentID int64) string { return fmt.Sprintf("signed-%d", agentID) }

func (u *signedLinks) UnsubscribeEmail(ctx context.Context, agentID int64, token string) error {
	if token != u.Token(agentID) {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "This unsubscribe link is not valid.")
	}
	u.mu.Lock()
	u.stopped = append(u.stopped, agentID)
	u.mu.Unlock()
	if u.stop == nil {
		return nil
	}
	return u.stop(switchboard.NewSystemContext(ctx), agentID)
}

func (u *signedLinks) calls() []int64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]int64(nil), u.stopped...)
}

// fakeNotifications keeps notification settings and browsers in memory, per acting agent, and
// records what the API asked of it: the handlers' tests need no store that keeps notifications.
type fakeNotifications struct {
	mu       sync.Mutex
	filters  []switchboard.NotificationFilter
	reads    []switchboard.NotificationRead
	settings map[int64]*switchboard.NotificationSettings
	subs     map[int64][]*switchboard.PushSubscription
	active   map[int64]bool
	mail     switchboard.NotificationMailSettings
	password string
	tested   []switchboard.NotificationMailSettings
	testErr  error
	nextID   int64
}

func newFakeNotifications() *fakeNotifications {
	return &fakeNotifications{settings: map[int64]*switchboard.NotificationSettings{}, subs: map[int64][]*switchboard.PushSubscription{},
		active: map[int64]bool{}}
}

func (f *fakeNotifications) me(ctx context.Context) (int64, error) {
	a := switchboard.AgentFromContext(ctx)
	if a == nil {
		return 0, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents have notifications.")
	}
	return a.ID, nil
}

func (f *fakeNotifications) Notifications(ctx context.Context, flt *switchboard.NotificationFilter) (*switchboard.NotificationPage, error) {
	id, err := f.me(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filters = append(f.filters, *flt)
	conv := int64(7)
	return &switchboard.NotificationPage{Items: []*switchboard.Notification{{ID: 1, AgentID: id, Trigger: switchboard.NotifyAssigned,
		EventID: 9, ConversationID: &conv, Title: "Assigned to you: <Carla>", Body: "Ada assigned you this conversation",
		InApp: true, CreatedAt: time.Unix(1_800_000_000, 0).UTC()}}, NextCursor: "", Unread: 1}, nil
}

func (f *fakeNotifications) MarkNotificationsRead(ctx context.Context, r *switchboard.NotificationRead) (int, error) {
	if _, err := f.me(ctx); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, *r)
	if r.All {
		return 0, nil
	}
	return 3, nil
}

func (f *fakeNotifications) NotificationSettings(ctx context.Context) (*switchboard.NotificationSettings, error) {
	id, err := f.me(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.settings[id]; s != nil {
		return s, nil
	}
	return switchboard.DefaultNotificationSettings(), nil
}

func (f *fakeNotifications) UpdateNotificationSettings(ctx context.Context, s *switchboard.NotificationSettings) (*switchboard.NotificationSettings, error) {
	id, err := f.me(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings[id] = s
	return s, nil
}

func (f *fakeNotifications) SubscribePush(ctx context.Context, in *switchboard.PushSubscriptionInput) (*switchboard.PushSubscription, error) {
	id, err := f.me(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	s := &switchboard.PushSubscription{ID: f.nextID, Endpoint: in.Endpoint, UserAgent: in.UserAgent, CreatedAt: time.Unix(1_800_000_000, 0).UTC()}
	f.subs[id] = append(f.subs[id], s)
	return s, nil
}

func (f *fakeNotifications) PushSubscriptions(ctx context.Context) ([]*switchboard.PushSubscription, error) {
	id, err := f.me(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subs[id], nil
}

func (f *fakeNotifications) UnsubscribePush(ctx context.Context, subID int64) error {
	id, err := f.me(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.subs[id] {
		if s.ID == subID {
			f.subs[id] = append(f.subs[id][:i], f.subs[id][i+1:]...)
			return nil
		}
	}
	return switchboard.Errorf(switchboard.ENOTFOUND, "Subscription not found.")
}

func (f *fakeNotifications) SetActive(ctx context.Context, active bool) error {
	id, err := f.me(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.active[id] = active
	return nil
}

func (f *fakeNotifications) VAPIDPublicKey(ctx context.Context) (string, error) {
	return "BPublicKey", nil
}

func (f *fakeNotifications) NotificationMail(ctx context.Context) (*switchboard.NotificationMailSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.mail
	m.Password = f.password // a careless store: the API must not pass it on
	return &m, nil
}

func (f *fakeNotifications) UpdateNotificationMail(ctx context.Context, m *switchboard.NotificationMailSettings) (*switchboard.NotificationMailSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m.Password != "" {
		f.password = m.Password
	}
	f.mail = *m
	f.mail.Password, f.mail.HasPassword = "", f.password != ""
	out := *m
	return &out, nil
}

func (f *fakeNotifications) TestNotificationMail(ctx context.Context, m *switchboard.NotificationMailSettings) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tested = append(f.tested, *m)
	return f.testErr
}

// notificationsAPI starts a server whose notification services are fakes, with the world's
// admin and Ann signed in there.
func notificationsAPI(t *testing.T, db *sqlstore.DB) (a *api, f *fakeNotifications, links *signedLinks, admin, ann *client) {
	t.Helper()
	srv := newServer(db, &syncBuffer{})
	f, links = newFakeNotifications(), &signedLinks{}
	srv.Notifications, srv.NotificationMail, srv.NotificationMailTester, srv.Unsubscriber = f, f, f, links
	a = newAPI(t, db, srv)
	return a, f, links, a.login("ada@team.test"), a.login("ann@team.test")
}

// browserKeys returns the keys a browser's PushManager.subscribe() makes, base64url.
func browserKeys(t *testing.T) (p256dh, auth string) {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}

func subscription(t *testing.T, endpoint string) map[string]any {
	p256dh, auth := browserKeys(t)
	return map[string]any{"endpoint": endpoint, "keys": map[string]string{"p256dh": p256dh, "auth": auth}}
}

// TestNotificationsAPI checks what the API makes of requests about the bell, the settings, the
// browsers and the activity before the service sees them, and what it answers.
func TestNotificationsAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		a, f, _, _, ann := notificationsAPI(t, db)

		// The bell: the query reaches the service as a filter; a bad one is refused first.
		var page switchboard.NotificationPage
		ann.do("GET", "/api/v1/notifications", nil).want(http.StatusOK).into(&page)
		ann.do("GET", "/api/v1/notifications?unread=1&limit=5&cursor=abc", nil).want(http.StatusOK)
		if len(page.Items) != 1 || page.Items[0].Title != "Assigned to you: <Carla>" || page.Unread != 1 {
			t.Errorf("page = %+v", page)
		}
		for _, q := range []string{"limit=0x", "limit=101", "unread=maybe", "after=3"} {
			ann.do("GET", "/api/v1/notifications?"+q, nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		}
		want := []switchboard.NotificationFilter{{Limit: 30}, {Unread: true, Cursor: "abc", Limit: 5}}
		if diff := cmp.Diff(want, f.filters); diff != "" {
			t.Errorf("filters (-want +got):\n%s", diff)
		}

		// Marking read answers the unread count; a request naming nothing is refused.
		var unread struct{ Unread int }
		ann.do("POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{4, 5}}).want(http.StatusOK).into(&unread)
		if unread.Unread != 3 {
			t.Errorf("unread after marking two = %d", unread.Unread)
		}
		ann.do("POST", "/api/v1/notifications/read", map[string]any{"all": true}).want(http.StatusOK).into(&unread)
		if unread.Unread != 0 {
			t.Errorf("unread after all = %d", unread.Unread)
		}
		ann.do("POST", "/api/v1/notifications/read", map[string]any{}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		ann.do("POST", "/api/v1/notifications/read", map[string]any{"ids": make([]int64, 501)}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		ann.do("POST", "/api/v1/notifications/read", map[string]any{"everything": true}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		// The body is bounded well below the server's megabyte.
		big := `{"ids":[` + strings.Repeat("1,", 20<<10) + `1]}`
		ann.do("POST", "/api/v1/notifications/read", raw(big)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
		if len(f.reads) != 2 {
			t.Errorf("the service was asked %d times, want 2: %+v", len(f.reads), f.reads)
		}

		// Settings: defaults; a change leaves out triggers (they read as their defaults); bad
		// ones are refused field by field.
		var s switchboard.NotificationSettings
		ann.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if diff := cmp.Diff(switchboard.DefaultNotificationSettings(), &s); diff != "" {
			t.Errorf("defaults (-want +got):\n%s", diff)
		}
		ann.do("PUT", "/api/v1/notifications/settings", map[string]any{"volume": 40, "push_while_active": true,
			"triggers":    map[string]any{"message": map[string]bool{"app": true, "sound": true}},
			"quiet_hours": map[string]string{"from": "22:00", "to": "07:00"}}).want(http.StatusOK).into(&s)
		wantS := switchboard.DefaultNotificationSettings()
		wantS.Volume, wantS.PushWhileActive = 40, true
		wantS.Triggers[switchboard.NotifyMessage] = switchboard.NotificationChoice{App: true, Sound: true}
		wantS.QuietHours = &switchboard.QuietHours{From: "22:00", To: "07:00"}
		if diff := cmp.Diff(wantS, &s); diff != "" {
			t.Errorf("after a change (-want +got):\n%s", diff)
		}
		e := ann.do("PUT", "/api/v1/notifications/settings", map[string]any{"sound": "siren", "volume": 101,
			"triggers":    map[string]any{"birthday": map[string]bool{"app": true}},
			"quiet_hours": map[string]string{"from": "25:00", "to": "7"}}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, field := range []string{"sound", "volume", "triggers", "quiet_hours.from", "quiet_hours.to"} {
			if e.Error.Fields[field] == "" {
				t.Errorf("no message for %s: %v", field, e.Error.Fields)
			}
		}
		ann.do("PUT", "/api/v1/notifications/settings", map[string]any{"triggers": map[string]any{"message": map[string]any{"fax": true}}}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		ann.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if diff := cmp.Diff(wantS, &s); diff != "" {
			t.Errorf("refused changes changed the settings (-want +got):\n%s", diff)
		}

		// Browsers: the key and the list; a subscription is checked, named by its browser.
		var push struct {
			PublicKey     string                          `json:"public_key"`
			Subscriptions []*switchboard.PushSubscription `json:"subscriptions"`
		}
		ann.do("GET", "/api/v1/notifications/push", nil).want(http.StatusOK).into(&push)
		if push.PublicKey != "BPublicKey" || push.Subscriptions == nil || len(push.Subscriptions) != 0 {
			t.Errorf("push before = %+v", push)
		}
		var sub switchboard.PushSubscription
		ann.doHeaders("POST", "/api/v1/notifications/push", subscription(t, "https://push.example.com/send/abc"),
			http.Header{"User-Agent": {"Firefox on Linux"}}).want(http.StatusCreated).into(&sub)
		if sub.ID == 0 || sub.UserAgent != "Firefox on Linux" || sub.Endpoint != "https://push.example.com/send/abc" {
			t.Errorf("subscription = %+v", sub)
		}
		named := subscription(t, "https://push.example.com/send/def")
		named["user_agent"] = "Chrome on Android"
		ann.do("POST", "/api/v1/notifications/push", named).want(http.StatusCreated)
		ann.do("GET", "/api/v1/notifications/push", nil).want(http.StatusOK).into(&push)
		if len(push.Subscriptions) != 2 || push.Subscriptions[1].UserAgent != "Chrome on Android" {
			t.Errorf("push after = %+v", push.Subscriptions)
		}
		for name, body := range map[string]any{
			"no endpoint":  map[string]any{"keys": subscription(t, "")["keys"]},
			"ftp endpoint": subscription(t, "ftp://push.example.com/x"),
			"short key":    map[string]any{"endpoint": "https://push.example.com/x", "keys": map[string]string{"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
			"no keys":      map[string]any{"endpoint": "https://push.example.com/x"},
		} {
			t.Run(name, func(t *testing.T) {
				ann.on(t).do("POST", "/api/v1/notifications/push", body).wantError(http.StatusBadRequest, switchboard.EINVALID)
			})
		}
		ann.do("DELETE", fmt.Sprintf("/api/v1/notifications/push/%d", sub.ID), nil).want(http.StatusNoContent)
		ann.do("DELETE", fmt.Sprintf("/api/v1/notifications/push/%d", sub.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		ann.do("DELETE", "/api/v1/notifications/push/abc", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		// Activity: true or false, said.
		ann.do("POST", "/api/v1/notifications/active", map[string]bool{"active": true}).want(http.StatusNoContent)
		if !f.active[ann.agent.ID] {
			t.Errorf("Ann is not active")
		}
		ann.do("POST", "/api/v1/notifications/active", raw(`{"active":false}`)).want(http.StatusNoContent)
		if f.active[ann.agent.ID] {
			t.Errorf("Ann is still active")
		}
		ann.do("POST", "/api/v1/notifications/active", map[string]any{}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		ann.do("POST", "/api/v1/notifications/active", map[string]any{"active": "yes"}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		// Nobody signed in reaches any of it.
		anon := a.client()
		anon.do("GET", "/api/v1/notifications", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		anon.do("POST", "/api/v1/notifications/active", map[string]bool{"active": true}).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		_ = w
	})
}

// TestNotificationMailAPI checks the SMTP account of notification emails: admins only, the
// password never answered, and a test whose failure says what the SMTP server said.
func TestNotificationMailAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		newWorld(t, db)
		_, f, _, admin, ann := notificationsAPI(t, db)

		account := map[string]any{"enabled": true, "host": "smtp.example.com", "port": 587, "security": "starttls",
			"username": "bot@example.com", "password": "hunter2 hunter2", "from_address": "bot@example.com", "from_name": "Switchboard"}
		var m switchboard.NotificationMailSettings
		admin.do("PUT", "/api/v1/notification-mail", account).want(http.StatusOK).into(&m)
		if m.Password != "" || m.DelayMinutes != 5 || m.Host != "smtp.example.com" {
			t.Errorf("saved = %+v", m)
		}
		admin.do("GET", "/api/v1/notification-mail", nil).want(http.StatusOK).into(&m)
		if m.Password != "" || !m.HasPassword || m.FromName != "Switchboard" {
			t.Errorf("read = %+v", m)
		}
		e := admin.do("PUT", "/api/v1/notification-mail", map[string]any{"enabled": true, "security": "ssl", "delay_minutes": 61}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, field := range []string{"host", "from_address", "security", "delay_minutes"} {
			if e.Error.Fields[field] == "" {
				t.Errorf("no message for %s: %v", field, e.Error.Fields)
			}
		}
		// A disabled account may be half filled in.
		admin.do("PUT", "/api/v1/notification-mail", map[string]any{"enabled": false, "host": "smtp.example.com"}).want(http.StatusOK)

		// The test: the form's settings, sent; refused before anything is sent when incomplete,
		// enabled or not.
		admin.do("POST", "/api/v1/notification-mail/test", account).want(http.StatusNoContent)
		admin.do("POST", "/api/v1/notification-mail/test", map[string]any{"enabled": false, "host": ""}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		if len(f.tested) != 1 || f.tested[0].Password != "hunter2 hunter2" || f.tested[0].Host != "smtp.example.com" {
			t.Errorf("tested = %+v", f.tested)
		}
		f.testErr = switchboard.Errorf(switchboard.EINVALID, "The SMTP server answered 535: 5.7.8 Username and Password not accepted")
		e = admin.do("POST", "/api/v1/notification-mail/test", account).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Message != "The SMTP server answered 535: 5.7.8 Username and Password not accepted" {
			t.Errorf("message = %q", e.Error.Message)
		}
		// A failure of ours is not the admin's to read.
		f.testErr = errors.New("open notification mail password: cipher: message authentication failed")
		e = admin.do("POST", "/api/v1/notification-mail/test", account).wantError(http.StatusInternalServerError, switchboard.EINTERNAL)
		if strings.Contains(e.Error.Message, "cipher") {
			t.Errorf("message = %q", e.Error.Message)
		}
		f.testErr = switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can do this.")
		admin.do("POST", "/api/v1/notification-mail/test", account).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)

		// Agents do not reach the account.
		ann.do("GET", "/api/v1/notification-mail", nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		ann.do("PUT", "/api/v1/notification-mail", account).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		ann.do("POST", "/api/v1/notification-mail/test", account).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		if len(f.tested) != 4 {
			t.Errorf("the tester was called %d times, want 4", len(f.tested))
		}
	})
}

// page is an answer of the unsubscribe link, read by a client without session nor JSON.
type page struct {
	status int
	header http.Header
	body   string
}

// unsubscribeCall calls the unsubscribe link as a mail client or a browser does.
func unsubscribeCall(t *testing.T, a *api, method, query, contentType string, body io.Reader, h http.Header) page {
	t.Helper()
	req, err := http.NewRequest(method, a.url+"/api/v1/notifications/unsubscribe"+query, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: res.StatusCode, header: res.Header, body: string(b)}
}

// TestUnsubscribeLink checks the link of notification emails: a page that asks before anything
// changes, one-click unsubscribe from anywhere without a session, and wrong links refused with
// pages.
func TestUnsubscribeLink(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		a, _, links, _, _ := notificationsAPI(t, db)
		ann := w.ann.agent.ID
		good := fmt.Sprintf("?agent=%d&token=signed-%d", ann, ann)
		selfContained := func(t *testing.T, p page) {
			t.Helper()
			if ct := p.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if !strings.HasPrefix(p.body, "<!doctype html>") || strings.Contains(p.body, "src=") || strings.Contains(p.body, "href=") ||
				strings.Contains(p.body, "http") {
				t.Errorf("the page is not self-contained:\n%s", p.body)
			}
			if csp := p.header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if p.header.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("the token may leak by Referer: %v", p.header)
			}
		}

		// The link asks first: a link scanner fetching it changes nothing.
		p := unsubscribeCall(t, a, "GET", good, "", nil, nil)
		if p.status != http.StatusOK || !strings.Contains(p.body, `<form method="post">`) {
			t.Fatalf("GET: %d\n%s", p.status, p.body)
		}
		selfContained(t, p)
		if got := links.calls(); len(got) != 0 {
			t.Errorf("GET unsubscribed %v", got)
		}

		// Wrong links: 403 for a token, 400 for the agent; pages, and nothing changes.
		for name, c := range map[string]struct {
			query  string
			status int
		}{
			"another agent's token": {fmt.Sprintf("?agent=%d&token=signed-%d", ann, w.bob.agent.ID), http.StatusForbidden},
			"no token":              {fmt.Sprintf("?agent=%d", ann), http.StatusForbidden},
			"a token of markup":     {fmt.Sprintf("?agent=%d&token=%s", ann, "%3Cscript%3Ealert(1)%3C%2Fscript%3E"), http.StatusForbidden},
			"two tokens":            {good + "&token=x", http.StatusForbidden},
			"no agent":              {"?token=signed-1", http.StatusBadRequest},
			"agent zero":            {"?agent=0&token=signed-0", http.StatusBadRequest},
			"agent of letters":      {"?agent=ann&token=signed-1", http.StatusBadRequest},
		} {
			t.Run(name, func(t *testing.T) {
				for _, method := range []string{"GET", "POST"} {
					p := unsubscribeCall(t, a, method, c.query, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"), nil)
					if p.status != c.status || strings.Contains(p.body, "<form") || strings.Contains(p.body, "<script") {
						t.Errorf("%s: %d\n%s", method, p.status, p.body)
					}
					selfContained(t, p)
				}
			})
		}
		if got := links.calls(); len(got) != 0 {
			t.Errorf("wrong links unsubscribed %v", got)
		}
		// A query parameter it does not know is refused as by every route.
		if p := unsubscribeCall(t, a, "GET", good+"&utm_source=x", "", nil, nil); p.status != http.StatusBadRequest {
			t.Errorf("unknown parameter: %d", p.status)
		}

		// The page's button (an empty form, from the page itself), a mail client's one-click
		// (a form or multipart, from anywhere), and an empty body all unsubscribe, without a session.
		var multi bytes.Buffer
		mw := multipart.NewWriter(&multi)
		_ = mw.WriteField("List-Unsubscribe", "One-Click")
		_ = mw.Close()
		for name, c := range map[string]struct {
			contentType string
			body        string
			header      http.Header
		}{
			"the page's button": {"application/x-www-form-urlencoded", "", http.Header{"Origin": {a.url}, "Sec-Fetch-Site": {"same-origin"}}},
			"one-click form": {"application/x-www-form-urlencoded", "List-Unsubscribe=One-Click",
				http.Header{"Origin": {"https://mail.example.com"}, "Sec-Fetch-Site": {"cross-site"}}},
			"one-click multipart": {mw.FormDataContentType(), multi.String(), nil},
			"empty body":          {"", "", nil},
		} {
			t.Run(name, func(t *testing.T) {
				before := len(links.calls())
				p := unsubscribeCall(t, a, "POST", good, c.contentType, strings.NewReader(c.body), c.header)
				if p.status != http.StatusOK || !strings.Contains(p.body, "Notification emails are off") || strings.Contains(p.body, "<form") {
					t.Errorf("POST: %d\n%s", p.status, p.body)
				}
				selfContained(t, p)
				if got := links.calls(); len(got) != before+1 || got[before] != ann {
					t.Errorf("unsubscribed %v, want Ann once more", got)
				}
			})
		}
		// Over the small body limit, refused.
		if p := unsubscribeCall(t, a, "POST", good, "text/plain", strings.NewReader(strings.Repeat("x", 64<<10)), nil); p.status != http.StatusRequestEntityTooLarge {
			t.Errorf("a large body: %d", p.status)
		}
	})
}

// TestNotificationsOnStore runs the API on the store as the binary wires it: settings that
// follow the account, browsers, the bell, and the unsubscribe link turning every email off.
func TestNotificationsOnStore(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)

		// Settings belong to the account: another session of Ann reads what one saved, Bob
		// does not.
		var s switchboard.NotificationSettings
		w.ann.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if diff := cmp.Diff(switchboard.DefaultNotificationSettings(), &s); diff != "" {
			t.Errorf("defaults (-want +got):\n%s", diff)
		}
		w.ann.do("PUT", "/api/v1/notifications/settings", map[string]any{"sound": "pop", "volume": 35,
			"triggers": map[string]any{"unassigned": map[string]bool{"app": true, "sound": true}}}).want(http.StatusOK)
		want := switchboard.DefaultNotificationSettings()
		want.Sound, want.Volume = "pop", 35
		want.Triggers[switchboard.NotifyUnassigned] = switchboard.NotificationChoice{App: true, Sound: true}
		w.a.login("ann@team.test").do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if diff := cmp.Diff(want, &s); diff != "" {
			t.Errorf("another session (-want +got):\n%s", diff)
		}
		w.bob.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if diff := cmp.Diff(switchboard.DefaultNotificationSettings(), &s); diff != "" {
			t.Errorf("Bob's (-want +got):\n%s", diff)
		}

		// Browsers: one per endpoint, each agent's own.
		var push struct {
			PublicKey     string                          `json:"public_key"`
			Subscriptions []*switchboard.PushSubscription `json:"subscriptions"`
		}
		w.ann.do("GET", "/api/v1/notifications/push", nil).want(http.StatusOK).into(&push)
		if k, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(push.PublicKey, "=")); err != nil || len(k) != 65 {
			t.Errorf("public key %q: %d bytes, %v", push.PublicKey, len(k), err)
		}
		var sub switchboard.PushSubscription
		w.ann.do("POST", "/api/v1/notifications/push", subscription(t, "https://push.example.com/ann")).want(http.StatusCreated).into(&sub)
		w.ann.do("POST", "/api/v1/notifications/push", subscription(t, "https://push.example.com/ann")).want(http.StatusCreated)
		w.ann.do("GET", "/api/v1/notifications/push", nil).want(http.StatusOK).into(&push)
		if len(push.Subscriptions) != 1 || push.Subscriptions[0].ID != sub.ID {
			t.Errorf("Ann's browsers after subscribing twice: %+v", push.Subscriptions)
		}
		w.bob.do("DELETE", fmt.Sprintf("/api/v1/notifications/push/%d", sub.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.ann.do("DELETE", fmt.Sprintf("/api/v1/notifications/push/%d", sub.ID), nil).want(http.StatusNoContent)
		w.ann.do("POST", "/api/v1/notifications/active", map[string]bool{"active": true}).want(http.StatusNoContent)

		// The bell, empty: nothing of the past is notified.
		var page switchboard.NotificationPage
		w.ann.do("GET", "/api/v1/notifications", nil).want(http.StatusOK).into(&page)
		if len(page.Items) != 0 || page.Unread != 0 {
			t.Errorf("Ann's bell = %+v", page)
		}
		var unread struct{ Unread int }
		w.ann.do("POST", "/api/v1/notifications/read", map[string]bool{"all": true}).want(http.StatusOK).into(&unread)

		// The mail account: the password never comes back.
		var m switchboard.NotificationMailSettings
		w.admin.do("PUT", "/api/v1/notification-mail", map[string]any{"enabled": true, "host": "smtp.example.com",
			"username": "bot", "password": "kept secret", "from_address": "bot@example.com"}).want(http.StatusOK).into(&m)
		w.admin.do("GET", "/api/v1/notification-mail", nil).want(http.StatusOK).into(&m)
		if m.Password != "" || !m.HasPassword || m.Security != "starttls" || m.DelayMinutes != 5 {
			t.Errorf("the account = %+v", m)
		}

		// The unsubscribe link turns every trigger's email off, and only Ann's.
		ann := w.ann.agent.ID
		p := unsubscribeCall(t, w.a, "POST", fmt.Sprintf("?agent=%d&token=signed-%d", ann, ann), "application/x-www-form-urlencoded",
			strings.NewReader("List-Unsubscribe=One-Click"), nil)
		if p.status != http.StatusOK {
			t.Fatalf("unsubscribe: %d\n%s", p.status, p.body)
		}
		w.ann.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		for tr, c := range s.Triggers {
			if c.Email {
				t.Errorf("Ann still gets emails for %s", tr)
			}
		}
		if !s.Triggers[switchboard.NotifyUnassigned].Sound || s.Sound != "pop" {
			t.Errorf("unsubscribing changed more than emails: %+v", s)
		}
		w.bob.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&s)
		if !s.Triggers[switchboard.NotifyMention].Email {
			t.Errorf("Bob's emails went off too")
		}
	})
}
