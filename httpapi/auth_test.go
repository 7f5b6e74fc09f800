package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestSetup(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		anon := a.client()
		var state struct {
			NeedsSetup bool `json:"needs_setup"`
		}
		anon.do("GET", "/api/v1/setup", nil).want(http.StatusOK).into(&state)
		if !state.NeedsSetup {
			t.Fatal("needs_setup = false on an empty store")
		}

		// A bad form names every problem.
		e := anon.do("POST", "/api/v1/setup", map[string]string{"name": "", "email": "nope", "password": "short"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, f := range []string{"name", "email", "password"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("fields.%s missing in %+v", f, e.Error.Fields)
			}
		}
		// Setup must not be able to pick a role: the first agent is an admin.
		anon.do("POST", "/api/v1/setup", map[string]string{"name": "X", "email": "x@team.test", "password": password,
			"role": "agent"}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		admin := a.setup()
		if admin.agent.Role != switchboard.RoleAdmin || admin.agent.TimeZone != "Europe/Rome" {
			t.Fatalf("first agent = %+v, want an admin in Europe/Rome", admin.agent)
		}
		// Setup signed the admin in.
		var me switchboard.Agent
		admin.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK).into(&me)
		if me.ID != admin.agent.ID {
			t.Fatalf("me = %+v, want %+v", me, admin.agent)
		}
		anon.do("GET", "/api/v1/setup", nil).want(http.StatusOK).into(&state)
		if state.NeedsSetup {
			t.Fatal("needs_setup = true after setup")
		}
		anon.do("POST", "/api/v1/setup", map[string]string{"name": "Eve", "email": "eve@evil.test", "password": password}).
			wantError(http.StatusConflict, switchboard.ECONFLICT)
		// Eve could not sign in: she was never created.
		a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "eve@evil.test", "password": password}).
			wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
	})
}

func TestLoginLogout(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		a.setup()

		anon := a.client()
		anon.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		for name, body := range map[string]map[string]string{
			"wrong password": {"email": "ada@team.test", "password": "not the password"},
			"unknown email":  {"email": "nobody@team.test", "password": password},
		} {
			t.Run(name, func(t *testing.T) {
				r := a.client().on(t).do("POST", "/api/v1/auth/login", body)
				e := r.wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
				if e.Error.Message != "Wrong email or password." {
					t.Errorf("message %q", e.Error.Message)
				}
				if len(r.header.Values("Set-Cookie")) != 0 {
					t.Errorf("a failed login set a cookie: %v", r.header.Values("Set-Cookie"))
				}
			})
		}
		e := a.client().do("POST", "/api/v1/auth/login", map[string]string{}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["email"] == "" || e.Error.Fields["password"] == "" {
			t.Errorf("fields = %v, want email and password", e.Error.Fields)
		}

		c := a.client()
		r := c.do("POST", "/api/v1/auth/login", map[string]string{"email": " ADA@team.test ", "password": password}).want(http.StatusOK)
		var ag switchboard.Agent
		r.into(&ag)
		if ag.Email != "ada@team.test" {
			t.Fatalf("login answered %+v", ag)
		}
		cookie := r.header.Get("Set-Cookie")
		for _, want := range []string{"sb_session=", "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age="} {
			if !strings.Contains(cookie, want) {
				t.Errorf("Set-Cookie %q lacks %q", cookie, want)
			}
		}
		if strings.Contains(cookie, "Secure") {
			t.Errorf("Set-Cookie %q is Secure without SecureCookies", cookie)
		}
		if strings.Contains(string(r.body), "password") {
			t.Errorf("login answer mentions a password: %s", r.body)
		}
		c.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK)

		r = c.do("POST", "/api/v1/auth/logout", nil).want(http.StatusNoContent)
		if sc := r.header.Get("Set-Cookie"); !strings.Contains(sc, "sb_session=;") || !strings.Contains(sc, "Max-Age=0") {
			t.Errorf("logout Set-Cookie %q does not clear the cookie", sc)
		}
		c.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		// Logging out twice is harmless.
		c.do("POST", "/api/v1/auth/logout", nil).want(http.StatusNoContent)
	})
}

func TestSessionCookieRevoked(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		a.setup()
		c := a.login("ada@team.test")
		// A replayed cookie of an ended session is refused and cleared.
		u := a.url + "/api/v1/auth/me"
		req, _ := http.NewRequest("GET", u, nil)
		cookies := c.hc.Jar.Cookies(req.URL)
		c.do("POST", "/api/v1/auth/logout", nil).want(http.StatusNoContent)
		stale := a.client()
		stale.hc.Jar.SetCookies(req.URL, cookies)
		r := stale.do("GET", "/api/v1/auth/me", nil)
		r.wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		if sc := r.header.Get("Set-Cookie"); !strings.Contains(sc, "Max-Age=0") {
			t.Errorf("a refused cookie was not cleared: %q", sc)
		}
		if r.header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
	})
}

func TestSecureCookies(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, &syncBuffer{})
		srv.SecureCookies = true
		a := newAPI(t, db, srv)
		// The jar would not send a Secure cookie over http, so look at the header only.
		r := a.client().do("POST", "/api/v1/setup", map[string]string{"name": "Ada", "email": "ada@team.test", "password": password})
		r.want(http.StatusCreated)
		if sc := r.header.Get("Set-Cookie"); !strings.Contains(sc, "; Secure") {
			t.Errorf("Set-Cookie %q is not Secure", sc)
		}
	})
}

// Without SecureCookies the cookie is Secure when the browser used HTTPS: to Switchboard itself,
// or to a proxy in front of it that says so.
func TestSecureCookiesBehindHTTPS(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		a.setup()
		login := map[string]string{"email": "ada@team.test", "password": password}
		for _, c := range []struct {
			name   string
			header http.Header
			secure bool
		}{
			{"plain HTTP", nil, false},
			{"proxy says https", http.Header{"X-Forwarded-Proto": {"https"}}, true},
			{"chained proxies", http.Header{"X-Forwarded-Proto": {"HTTPS, http"}}, true},
			{"proxy says http", http.Header{"X-Forwarded-Proto": {"http"}}, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				cl := a.client().on(t)
				r := cl.doHeaders("POST", "/api/v1/auth/login", login, c.header).want(http.StatusOK)
				if sc := r.header.Get("Set-Cookie"); strings.Contains(sc, "; Secure") != c.secure {
					t.Errorf("Set-Cookie %q, want Secure %v", sc, c.secure)
				}
				r = cl.doHeaders("POST", "/api/v1/auth/logout", nil, c.header).want(http.StatusNoContent)
				if sc := r.header.Get("Set-Cookie"); strings.Contains(sc, "; Secure") != c.secure {
					t.Errorf("logout Set-Cookie %q, want Secure %v", sc, c.secure)
				}
			})
		}
		// Served over TLS itself.
		ts := httptest.NewTLSServer(newServer(db, &syncBuffer{}).Handler())
		defer ts.Close()
		res, err := ts.Client().Post(ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"ada@team.test","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if sc := res.Header.Get("Set-Cookie"); res.StatusCode != http.StatusOK || !strings.Contains(sc, "; Secure") {
			t.Errorf("over TLS: %d, Set-Cookie %q", res.StatusCode, sc)
		}
	})
}

func TestProfile(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var me switchboard.Agent
		w.ann.do("PATCH", "/api/v1/auth/me", map[string]string{"name": "Ann Bell", "time_zone": "America/New_York", "language": "it"}).
			want(http.StatusOK).into(&me)
		if me.Name != "Ann Bell" || me.TimeZone != "America/New_York" || me.Language != "it" || me.Role != switchboard.RoleAgent {
			t.Fatalf("profile = %+v", me)
		}
		// The role is not part of one's profile.
		e := w.ann.do("PATCH", "/api/v1/auth/me", map[string]string{"role": "admin"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["role"] == "" {
			t.Errorf("fields = %v, want role", e.Error.Fields)
		}
		w.ann.do("PATCH", fmt.Sprintf("/api/v1/agents/%d", w.ann.agent.ID), map[string]string{"role": "admin"}).
			wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.ann.do("PATCH", "/api/v1/auth/me", map[string]string{"time_zone": "Mars/Olympus"}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		// Agents change their own password, with their current one, and not others'.
		w.ann.do("PUT", fmt.Sprintf("/api/v1/agents/%d/password", w.ann.agent.ID), map[string]string{"password": "a brand new secret"}).
			wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.ann.do("PUT", "/api/v1/auth/me/password", map[string]string{"current_password": password, "password": "a brand new secret"}).
			want(http.StatusNoContent)
		w.a.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "ann@team.test", "password": "a brand new secret"}).
			want(http.StatusOK)
		w.ann.do("PUT", fmt.Sprintf("/api/v1/agents/%d/password", w.bob.agent.ID), map[string]string{"password": "a brand new secret"}).
			wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.ann.do("PUT", "/api/v1/auth/me/password", map[string]string{"current_password": "a brand new secret", "password": "short"}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
	})
}

func TestCSRF(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		admin := a.setup()
		body := map[string]string{"name": "Urgent"}
		cases := []struct {
			name   string
			header http.Header
			want   int
		}{
			{"cross-site fetch", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
			{"same-site other origin", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
			{"foreign Origin", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
			{"same-origin fetch", http.Header{"Sec-Fetch-Site": {"same-origin"}}, http.StatusCreated},
			{"own Origin", http.Header{"Origin": {a.url}}, http.StatusCreated},
			{"no browser headers", nil, http.StatusCreated},
		}
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				body["name"] = fmt.Sprintf("Urgent %d", i)
				r := admin.on(t).doHeaders("POST", "/api/v1/labels", body, tc.header)
				if tc.want == http.StatusForbidden {
					r.wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
				} else {
					r.want(tc.want)
				}
			})
		}
		// Reading is never refused: it changes nothing.
		admin.doHeaders("GET", "/api/v1/labels", nil, http.Header{"Sec-Fetch-Site": {"cross-site"}}).want(http.StatusOK)
		// A forged login (signing the victim into the attacker's account) is refused too.
		a.client().doHeaders("POST", "/api/v1/auth/login", map[string]string{"email": "ada@team.test", "password": password},
			http.Header{"Origin": {"https://evil.example"}}).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)

		// An API token is not sent by browsers on their own, so it is not subject to CSRF checks.
		var tok struct {
			Secret string `json:"secret"`
		}
		admin.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "script"}).want(http.StatusCreated).into(&tok)
		a.withToken(tok.Secret).doHeaders("POST", "/api/v1/labels", map[string]string{"name": "From script"},
			http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://elsewhere.example"}}).want(http.StatusCreated)
	})
}

func TestAPITokens(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var created struct {
			Token  switchboard.APIToken `json:"token"`
			Secret string               `json:"secret"`
		}
		w.ann.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "my script"}).want(http.StatusCreated).into(&created)
		if created.Secret == "" || created.Token.ID == 0 || created.Token.Name != "my script" ||
			!strings.HasPrefix(created.Secret, created.Token.Prefix) {
			t.Fatalf("created %+v", created)
		}
		w.ann.do("POST", "/api/v1/auth/tokens", map[string]string{"name": ""}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		bot := w.a.withToken(created.Secret)
		var me switchboard.Agent
		bot.do("GET", "/api/v1/auth/me", nil).want(http.StatusOK).into(&me)
		if me.ID != w.ann.agent.ID {
			t.Fatalf("token acts as %+v, want ann", me)
		}
		// The token has Ann's visibility, no more.
		bot.do("GET", fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID), nil).want(http.StatusOK)
		bot.do("GET", fmt.Sprintf("/api/v1/conversations/%d", w.supportConv.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		var list struct {
			Items []switchboard.APIToken `json:"items"`
		}
		w.ann.do("GET", "/api/v1/auth/tokens", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].ID != created.Token.ID {
			t.Fatalf("tokens = %+v", list.Items)
		}
		if strings.Contains(string(w.ann.do("GET", "/api/v1/auth/tokens", nil).body), created.Secret) {
			t.Fatal("the token list shows the secret")
		}
		// Another agent's token cannot be seen or deleted.
		w.bob.do("GET", "/api/v1/auth/tokens", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 0 {
			t.Fatalf("bob sees %+v", list.Items)
		}
		w.bob.do("DELETE", fmt.Sprintf("/api/v1/auth/tokens/%d", created.Token.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		w.ann.do("DELETE", fmt.Sprintf("/api/v1/auth/tokens/%d", created.Token.ID), nil).want(http.StatusNoContent)
		bot.do("GET", "/api/v1/auth/me", nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)

		for name, h := range map[string]string{
			"unknown token": "Bearer sbp_nope",
			"empty bearer":  "Bearer ",
			"basic auth":    "Basic YWRhOnB3",
		} {
			t.Run(name, func(t *testing.T) {
				w.a.client().on(t).doHeaders("GET", "/api/v1/auth/me", nil, http.Header{"Authorization": {h}}).
					wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
			})
		}
	})
}
