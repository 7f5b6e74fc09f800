package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// handClock is a clock a test moves by hand.
type handClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *handClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *handClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// countingAuth counts the sign-ins that reach the store, each of which runs a bcrypt.
type countingAuth struct {
	switchboard.AuthService
	logins atomic.Int64
}

func (c *countingAuth) Login(ctx context.Context, email, password, userAgent string) (string, *switchboard.Session, *switchboard.Agent, error) {
	c.logins.Add(1)
	return c.AuthService.Login(ctx, email, password, userAgent)
}

// throttled is a server with a hand clock and counted sign-ins, called from any address.
type throttled struct {
	t     *testing.T
	h     http.Handler
	clock *handClock
	auth  *countingAuth
}

func newThrottled(t *testing.T, db *sqlstore.DB, proxies ...netip.Prefix) *throttled {
	srv := newServer(db, &syncBuffer{})
	srv.TrustedProxies = proxies
	th := &throttled{t: t, clock: &handClock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}, auth: &countingAuth{AuthService: db}}
	srv.Now, srv.Auth = th.clock.Now, th.auth
	th.h = srv.Handler()
	rec := th.do("192.0.2.1:4000", "POST", "/api/v1/setup", map[string]string{"name": "Ada", "email": "ada@team.test", "password": password}, nil)
	if rec.Code != http.StatusCreated {
		t.Fatalf("setup: %d %s", rec.Code, rec.Body)
	}
	return th
}

// do sends a request through the real router as if from addr.
func (th *throttled) do(addr, method, path string, body any, cookies []*http.Cookie) *httptest.ResponseRecorder {
	th.t.Helper()
	return th.doVia(addr, "", method, path, body, cookies)
}

// doVia is do with an X-Forwarded-For header (none when "").
func (th *throttled) doVia(addr, forwarded, method, path string, body any, cookies []*http.Cookie) *httptest.ResponseRecorder {
	th.t.Helper()
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, strings.NewReader(string(b)))
	req.RemoteAddr = addr
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	req.Header.Set("Content-Type", "application/json")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	th.h.ServeHTTP(rec, req)
	return rec
}

// login signs in from addr and answers the status, and Retry-After's seconds for a 429.
func (th *throttled) login(addr, email, pw string) (status, retryAfter int) {
	th.t.Helper()
	return th.loginVia(addr, "", email, pw)
}

// loginVia is login with an X-Forwarded-For header.
func (th *throttled) loginVia(addr, forwarded, email, pw string) (status, retryAfter int) {
	th.t.Helper()
	rec := th.doVia(addr, forwarded, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": pw}, nil)
	if rec.Code == http.StatusTooManyRequests {
		var e apiError
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != switchboard.ERATELIMITED ||
			!strings.HasPrefix(e.Error.Message, "Too many failed attempts; try again in ") {
			th.t.Fatalf("429 body %s", rec.Body)
		}
		s, err := strconv.Atoi(rec.Header().Get("Retry-After"))
		if err != nil || s < 1 {
			th.t.Fatalf("429 with Retry-After %q", rec.Header().Get("Retry-After"))
		}
		return rec.Code, s
	}
	return rec.Code, 0
}

// want fails unless a sign-in from addr answers status (and, for 429, Retry-After retry).
func (th *throttled) want(addr, email, pw string, status, retry int) {
	th.t.Helper()
	th.wantVia(addr, "", email, pw, status, retry)
}

// wantVia is want with an X-Forwarded-For header.
func (th *throttled) wantVia(addr, forwarded, email, pw string, status, retry int) {
	th.t.Helper()
	if got, r := th.loginVia(addr, forwarded, email, pw); got != status || r != retry {
		th.t.Fatalf("login %s from %s (forwarded for %q): %d Retry-After %d, want %d Retry-After %d", email, addr, forwarded, got, r, status, retry)
	}
}

func TestLoginThrottle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		th := newThrottled(t, db)
		const a, b = "198.51.100.7:50000", "203.0.113.9:50000"
		for range 5 {
			th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		}
		// Five failures from one address for one account: the next waits a second, even with the
		// right password, and is refused without a bcrypt.
		before := th.auth.logins.Load()
		th.want(a, " ADA@team.test", password, http.StatusTooManyRequests, 1)
		if n := th.auth.logins.Load() - before; n != 0 {
			t.Fatalf("a throttled attempt reached the store %d times", n)
		}
		// The account's owner elsewhere is not locked out.
		th.want(b, "ada@team.test", password, http.StatusOK, 0)

		// The delay doubles with each further failure.
		th.clock.Add(time.Second)
		th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		th.want(a, "ada@team.test", "wrong password", http.StatusTooManyRequests, 2)
		th.clock.Add(2 * time.Second)
		th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		th.want(a, "ada@team.test", "wrong password", http.StatusTooManyRequests, 4)
		// ... up to 15 minutes.
		for range 20 {
			th.clock.Add(15 * time.Minute)
			th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		}
		th.want(a, "ada@team.test", "wrong password", http.StatusTooManyRequests, 900)

		// A success clears the count: five failures are let through again.
		th.clock.Add(15 * time.Minute)
		th.want(a, "ada@team.test", password, http.StatusOK, 0)
		for range 5 {
			th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		}
		th.want(a, "ada@team.test", "wrong password", http.StatusTooManyRequests, 1)
		// Failures are forgotten an hour after the last.
		th.clock.Add(time.Hour + time.Second)
		for range 5 {
			th.want(a, "ada@team.test", "wrong password", http.StatusUnauthorized, 0)
		}
	})
}

func TestLoginThrottleAccountAndAddress(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		th := newThrottled(t, db)
		// Ada signed in from home before the attack.
		const home = "192.0.2.1:4000"
		th.want(home, "ada@team.test", password, http.StatusOK, 0)

		// Guesses spread over many addresses, one each (IPv4 and IPv6 networks).
		for i := range 20 {
			addr := fmt.Sprintf("198.51.100.%d:1000", i)
			if i%2 == 1 {
				addr = fmt.Sprintf("[2001:db8:%x::1]:1000", i)
			}
			th.want(addr, "ada@team.test", "guess "+strconv.Itoa(i), http.StatusUnauthorized, 0)
		}
		// The account is now locked for addresses it did not sign in from ...
		th.want("203.0.113.200:1000", "ada@team.test", password, http.StatusTooManyRequests, 1)
		// ... but Ada at home still signs in, and her success clears the account's count.
		th.want(home, "ada@team.test", password, http.StatusOK, 0)
		th.want("203.0.113.200:1000", "ada@team.test", password, http.StatusOK, 0)

		// One address trying many accounts is slowed after 30 failures, whatever the account.
		// The addresses of one IPv6 /64 network count as one.
		for i := range 30 {
			th.want(fmt.Sprintf("[2001:db8:1:2::%x]:1000", i), fmt.Sprintf("user%d@team.test", i), "guess", http.StatusUnauthorized, 0)
		}
		th.want("[2001:db8:1:2:ffff::1]:1000", "ada@team.test", password, http.StatusTooManyRequests, 1)
		th.want("[2001:db8:1:3::1]:1000", "ada@team.test", password, http.StatusOK, 0)
	})
}

// Behind a trusted proxy each client is counted by the address the proxy names; a client that
// names itself in X-Forwarded-For, not through a trusted proxy, is counted by its connection.
func TestLoginThrottleBehindProxy(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		th := newThrottled(t, db, netip.MustParsePrefix("10.0.0.0/8"))
		via := func(client string) string { return client } // X-Forwarded-For as the proxy writes it
		for i := range 5 {
			th.wantVia("10.1.2.3:5000", via("203.0.113.9"), "ada@team.test", "guess "+strconv.Itoa(i), http.StatusUnauthorized, 0)
		}
		th.wantVia("10.1.2.3:5000", via("203.0.113.9"), "ada@team.test", password, http.StatusTooManyRequests, 1)
		// Another client through the same proxy is not the one that guessed.
		th.wantVia("10.1.2.3:5000", via("198.51.100.20"), "ada@team.test", password, http.StatusOK, 0)
		// What the client wrote itself stands left of what the proxies added, and is not read.
		th.wantVia("10.9.9.9:5000", "192.0.2.55, 203.0.113.9, 10.1.2.3", "ada@team.test", "guess", http.StatusTooManyRequests, 1)

		// Not through a trusted proxy: the header changes nothing.
		for i := range 5 {
			th.wantVia("198.51.100.7:1000", fmt.Sprintf("192.0.2.%d", i), "bob@team.test", "guess", http.StatusUnauthorized, 0)
		}
		th.wantVia("198.51.100.7:1000", "192.0.2.200", "bob@team.test", "guess", http.StatusTooManyRequests, 1)
	})
}

func TestChangePasswordThrottled(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		th := newThrottled(t, db)
		const addr = "192.0.2.1:4000"
		rec := th.do(addr, "POST", "/api/v1/auth/login", map[string]string{"email": "ada@team.test", "password": password}, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("login: %d", rec.Code)
		}
		session := rec.Result().Cookies()
		change := func(current string) *httptest.ResponseRecorder {
			return th.do(addr, "PUT", "/api/v1/auth/me/password", map[string]string{"current_password": current, "password": "a brand new secret"}, session)
		}
		// A stolen session cannot guess its way to the password: wrong current passwords count
		// as failed sign-ins.
		for range 5 {
			if rec := change("a guess at it"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "current_password") {
				t.Fatalf("a wrong current password: %d %s", rec.Code, rec.Body)
			}
		}
		if rec := change(password); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
			t.Fatalf("the sixth attempt: %d Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		th.want(addr, "ada@team.test", password, http.StatusTooManyRequests, 1)
		th.clock.Add(time.Second)
		if rec := change(password); rec.Code != http.StatusNoContent {
			t.Fatalf("change with the current password: %d %s", rec.Code, rec.Body)
		}
	})
}

// The store's refusal to wait for a bcrypt is not a failure of the password, and says when to
// come back.
func TestLoginBusy(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, &syncBuffer{})
		busy := &busyAuth{AuthService: db}
		srv.Auth = busy
		a := newAPI(t, db, srv)
		a.setup()
		busy.busy.Store(true)
		for range 10 {
			r := a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@team.test", "password": "wrong password"})
			r.wantError(http.StatusServiceUnavailable, switchboard.EUNAVAILABLE)
			if r.header.Get("Retry-After") == "" {
				t.Fatal("503 without Retry-After")
			}
		}
		busy.busy.Store(false)
		a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@team.test", "password": password}).want(http.StatusOK)
	})
}

// busyAuth answers sign-ins as the store does when no password hasher is free, while busy.
type busyAuth struct {
	switchboard.AuthService
	busy atomic.Bool
}

func (b *busyAuth) Login(ctx context.Context, email, password, userAgent string) (string, *switchboard.Session, *switchboard.Agent, error) {
	if b.busy.Load() {
		return "", nil, nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "Too many sign-ins at once; try again in a few seconds.")
	}
	return b.AuthService.Login(ctx, email, password, userAgent)
}
