package httpapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestInstagramLoginConnectsAndRenews connects an Instagram inbox with Instagram Login through
// the emulator over HTTP: a forged or late consent answer is refused with nothing written; a good
// one keeps the long-lived token sealed, subscribes the webhook fields and shows the expiry and
// the renewal in the health; the renewal job swaps the token 50 days on; a pasted token stops
// the renewals; a token that expired before its renewal shows as refused.
func TestInstagramLoginConnectsAndRenews(t *testing.T) {
	clock := &handClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	loopback, err := egress.Parse("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ig := &instagram.Connector{Connector: messenger.Connector{Client: &http.Client{}, TokenClient: &http.Client{}, Now: clock.Now}}
	reg := channel.NewRegistry(ig)
	reg.Egress = loopback
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: reg, Egress: loopback}, func(t *testing.T, db *sqlstore.DB) {
		emu := meta.NewInstagram("17841400000000001", "", "IGpasted-token", "ig_app_secret")
		emu.Now = clock.Now
		es := httptest.NewServer(emu)
		t.Cleanup(es.Close)
		worker := &channel.Worker{Store: db, Channels: reg, Log: slog.New(slog.DiscardHandler)}
		srv := newServer(db, &syncBuffer{})
		srv.OAuth = &channel.OAuthFlow{Store: db, Channels: reg}
		srv.ProviderWebhooks = worker
		a := newAPI(t, db, srv)
		admin := a.setup()
		sys := switchboard.NewSystemContext(context.Background())

		var in switchboard.Inbox
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "instagram", "name": "IG", "settings": map[string]any{
			"account_id": emu.AccountID, "app_id": emu.AppID, "api_base_url": es.URL},
			"secrets": map[string]string{"app_secret": emu.AppSecret, "verify_token": "let-me-in"}}).want(http.StatusCreated).into(&in)
		path := fmt.Sprintf("/api/v1/inboxes/%d", in.ID)
		health := func() switchboard.InboxHealth {
			var h switchboard.InboxHealth
			admin.do("GET", path+"/health", nil).want(http.StatusOK).into(&h)
			return h
		}
		token := func() string {
			s, err := db.InboxSecrets(sys, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			return s["access_token"]
		}
		runDue := func() []string { return runDueJobs(t, db, worker, clock.Now) }
		if h := health(); h.OAuthProvider != "instagram" || h.TokenExpiresAt != nil || h.CredentialsOK != nil {
			t.Fatalf("health before connecting: %+v", h)
		}

		// The consent page is Instagram Login's, for the inbox's app, with the scopes to ask.
		var started struct{ URL string }
		admin.do("POST", path+"/oauth", nil).want(http.StatusOK).into(&started)
		consent, _ := neturl.Parse(started.URL)
		q := consent.Query()
		if consent.Path != "/oauth/authorize" || q.Get("client_id") != emu.AppID || q.Get("response_type") != "code" ||
			q.Get("scope") != strings.Join(instagram.Scopes, ",") || q.Get("redirect_uri") != a.url+"/api/v1/oauth/callback" || q.Get("state") == "" {
			t.Fatalf("consent URL %s", started.URL)
		}
		// Given consent, the browser comes back with a code; an answer 16 minutes late is refused.
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := noFollow.Get(started.URL)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		callback := res.Header.Get("Location")
		if !strings.HasPrefix(callback, a.url+"/api/v1/oauth/callback?") {
			t.Fatalf("the consent sent the browser to %q", callback)
		}
		back := func(u string) *neturl.URL {
			t.Helper()
			res, err := admin.hc.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.Request.URL
		}
		clock.Add(16 * time.Minute)
		if got := back(callback); got.Query().Get("oauth_error") == "" {
			t.Errorf("a late answer was taken: %s", got)
		}
		// A forged state, and a good state with another inbox's id, are refused.
		cb, _ := neturl.Parse(callback)
		forged := cb.Query()
		forged.Set("state", fmt.Sprintf("%d.%d.0123456789abcdef0123456789abcdef", in.ID, clock.Now().Add(time.Hour).Unix()))
		if got := back(a.url + "/api/v1/oauth/callback?" + forged.Encode()); !strings.Contains(got.Query().Get("oauth_error"), "not for a consent") {
			t.Errorf("a forged state: %s", got)
		}
		if token() != "" || len(emu.Subscribed("me")) != 0 {
			t.Fatalf("a refused answer wrote something: token %q, fields %v", token(), emu.Subscribed("me"))
		}

		// The good way round: consent (one permission left unticked) and back, the long-lived
		// token kept and the fields subscribed.
		emu.DeclinePermissions("instagram_business_manage_comments")
		admin.do("POST", path+"/oauth", nil).want(http.StatusOK).into(&started)
		connectedAt := clock.Now()
		if got := back(started.URL); got.Path != "/settings/inboxes" || got.Query().Get("connected") != fmt.Sprint(in.ID) {
			t.Fatalf("after consent the browser is at %s", got)
		}
		first := token()
		if !strings.HasPrefix(first, "IGAA") {
			t.Fatalf("the token kept is %q, want the long-lived one", first)
		}
		if got := emu.Subscribed("me"); !slices.Equal(got, instagram.Fields) {
			t.Errorf("subscribed fields %v, want %v", got, instagram.Fields)
		}
		var shown switchboard.Inbox
		admin.do("GET", path, nil).want(http.StatusOK).into(&shown)
		if !slices.Contains(shown.SecretNames, "access_token") || strings.Contains(fmt.Sprint(shown), first) {
			t.Errorf("the inbox shows %+v", shown)
		}
		h := health()
		if h.TokenExpiresAt == nil || !h.TokenExpiresAt.Equal(connectedAt.Add(meta.LongLivedTTL)) ||
			h.TokenRefreshAt == nil || !h.TokenRefreshAt.Equal(connectedAt.Add(meta.LongLivedTTL-instagram.RefreshBefore)) {
			t.Fatalf("token expiry %v, renewal %v", h.TokenExpiresAt, h.TokenRefreshAt)
		}
		if kinds := runDue(); !slices.Equal(kinds, []string{switchboard.JobCheckCredentials}) {
			t.Errorf("jobs run after connecting: %v", kinds)
		}
		if h := health(); h.CredentialsOK == nil || !*h.CredentialsOK || h.UnsubscribedFields == nil || len(h.UnsubscribedFields) != 0 ||
			!slices.Equal(h.MissingPermissions, []string{"instagram_business_manage_comments"}) {
			t.Errorf("health after the check: %+v", h)
		}
		// The webhook field unsubscribed in Meta's dashboard shows at the next check.
		emu.Subscribe("me", "messages", "comments")
		admin.do("PATCH", path, map[string]any{"name": "Instagram"}).want(http.StatusOK)
		runDue()
		if h := health(); !slices.Equal(h.UnsubscribedFields, []string{"messaging_postbacks", "message_reactions", "messaging_seen", "live_comments"}) {
			t.Errorf("unsubscribed fields %v", h.UnsubscribedFields)
		}

		// Fifty days on, the renewal job swaps the token for one of 60 more days.
		clock.Add(meta.LongLivedTTL - instagram.RefreshBefore)
		admin = a.login("ada@team.test") // the session ended meanwhile
		if kinds := runDue(); !slices.Contains(kinds, switchboard.JobRefreshToken) {
			t.Fatalf("jobs run at the renewal: %v", kinds)
		}
		second := token()
		h = health()
		if second == first || !strings.HasPrefix(second, "IGAA") || h.TokenExpiresAt == nil || !h.TokenExpiresAt.Equal(clock.Now().Add(meta.LongLivedTTL)) ||
			h.TokenRefreshAt == nil || !h.TokenRefreshAt.After(clock.Now()) || h.CredentialsOK == nil || !*h.CredentialsOK ||
			len(h.MissingPermissions) != 1 {
			t.Fatalf("after the renewal: token %q (was %q), health %+v", second, first, h)
		}

		// A pasted token is the admin's: no expiry known, no renewal.
		admin.do("PATCH", path, map[string]any{"secrets": map[string]string{"access_token": emu.Token}}).want(http.StatusOK)
		if h := health(); h.TokenExpiresAt != nil || h.TokenRefreshAt != nil || h.MissingPermissions != nil {
			t.Errorf("after pasting a token: expiry %v, renewal %v, permissions %v", h.TokenExpiresAt, h.TokenRefreshAt, h.MissingPermissions)
		}
		runDue()
		if h := health(); h.CredentialsOK == nil || !*h.CredentialsOK {
			t.Errorf("the pasted token: %+v", h)
		}

		// Connected again, then left past its expiry (the server was off): the renewal is refused
		// and the health says the token is.
		admin.do("POST", path+"/oauth", nil).want(http.StatusOK).into(&started)
		back(started.URL)
		runDue()
		clock.Add(meta.LongLivedTTL + time.Hour)
		admin = a.login("ada@team.test")
		runDue()
		if h := health(); h.CredentialsOK == nil || *h.CredentialsOK || !strings.Contains(h.LastError, "190") {
			t.Errorf("after the token expired: %+v", h)
		}
	})
}

// TestInstagramPageLinkedConnects connects a Page-linked Instagram inbox with Facebook Login
// through the emulator: a Page whose linked account is not the inbox's is refused with nothing
// written; the right one keeps the Page's token (which does not expire: no renewal), subscribes
// the Page, and the check names the Instagram permission left unticked.
func TestInstagramPageLinkedConnects(t *testing.T) {
	loopback, err := egress.Parse("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	reg := channel.NewRegistry(&instagram.Connector{Connector: messenger.Connector{Client: &http.Client{}, TokenClient: &http.Client{}}})
	reg.Egress = loopback
	sqltest.RunWith(t, sqltest.Options{Channels: reg, Egress: loopback}, func(t *testing.T, db *sqlstore.DB) {
		emu := meta.NewInstagram("17841400000000002", "108000111222333", "EAAPage-linked", "page_app_secret")
		es := httptest.NewServer(emu)
		t.Cleanup(es.Close)
		worker := &channel.Worker{Store: db, Channels: reg, Log: slog.New(slog.DiscardHandler)}
		srv := newServer(db, &syncBuffer{})
		srv.OAuth = &channel.OAuthFlow{Store: db, Channels: reg}
		a := newAPI(t, db, srv)
		admin := a.setup()
		sys := switchboard.NewSystemContext(context.Background())
		settings := map[string]any{"account_id": "17841400000000999", "host": "facebook", "page_id": emu.PageID, "app_id": emu.AppID, "api_base_url": es.URL}
		var in switchboard.Inbox
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "instagram", "name": "IG", "settings": settings,
			"secrets": map[string]string{"app_secret": emu.AppSecret}}).want(http.StatusCreated).into(&in)
		path := fmt.Sprintf("/api/v1/inboxes/%d", in.ID)
		connect := func() *neturl.URL {
			t.Helper()
			var started struct{ URL string }
			admin.do("POST", path+"/oauth", nil).want(http.StatusOK).into(&started)
			if u, _ := neturl.Parse(started.URL); u.Path != "/v23.0/dialog/oauth" {
				t.Fatalf("consent URL %s, want Facebook Login's", started.URL)
			}
			res, err := admin.hc.Get(started.URL)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.Request.URL
		}
		var h switchboard.InboxHealth
		admin.do("GET", path+"/health", nil).want(http.StatusOK).into(&h)
		if h.OAuthProvider != "facebook" {
			t.Fatalf("oauth_provider %q", h.OAuthProvider)
		}
		if got := connect(); !strings.Contains(got.Query().Get("oauth_error"), "Instagram account 17841400000000002 linked") {
			t.Errorf("a Page linked to another account came back to %s", got)
		}
		if s, _ := db.InboxSecrets(sys, in.ID); s["access_token"] != "" || len(emu.Subscribed(emu.PageID)) != 0 {
			t.Fatalf("the refused connection wrote something: %v, fields %v", s, emu.Subscribed(emu.PageID))
		}

		settings["account_id"] = emu.AccountID
		admin.do("PATCH", path, map[string]any{"settings": settings}).want(http.StatusOK)
		emu.DeclinePermissions("instagram_manage_comments")
		if got := connect(); got.Query().Get("connected") != fmt.Sprint(in.ID) {
			t.Fatalf("after consent the browser is at %s", got)
		}
		if s, _ := db.InboxSecrets(sys, in.ID); s["access_token"] != emu.Token {
			t.Errorf("the token kept is %q, want the Page's", s["access_token"])
		}
		if got := emu.Subscribed(emu.PageID); !slices.Equal(got, messenger.PageFields) {
			t.Errorf("the Page is subscribed to %v", got)
		}
		runDueJobs(t, db, worker, time.Now)
		admin.do("GET", path+"/health", nil).want(http.StatusOK).into(&h)
		if h.CredentialsOK == nil || !*h.CredentialsOK || !slices.Equal(h.MissingPermissions, []string{"instagram_manage_comments"}) ||
			h.UnsubscribedFields == nil || len(h.UnsubscribedFields) != 0 || h.TokenExpiresAt != nil || h.TokenRefreshAt != nil {
			t.Errorf("health: %+v", h)
		}
	})
}

// runDueJobs runs the channel jobs due now as the runner would (credentials checks, token
// renewals; others are completed unrun), and returns the kinds it ran.
func runDueJobs(t *testing.T, db *sqlstore.DB, worker *channel.Worker, now func() time.Time) []string {
	t.Helper()
	sys := switchboard.NewSystemContext(context.Background())
	handlers := map[string]func(context.Context, *switchboard.Job) error{switchboard.JobCheckCredentials: worker.CheckCredentials,
		switchboard.JobRefreshToken: worker.RefreshToken}
	var kinds []string
	for {
		js, err := db.ClaimJobs(sys, "node", 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 0 {
			return kinds
		}
		for _, j := range js {
			kinds = append(kinds, j.Kind)
			var err error
			if h := handlers[j.Kind]; h != nil {
				err = h(sys, j)
			}
			switch {
			case err == nil:
				err = db.CompleteJob(sys, j.ID, "node")
			case jobs.IsFinal(err):
				err = db.FailJob(sys, j.ID, "node", err.Error())
			default:
				err = db.RetryJob(sys, j.ID, "node", now().Add(time.Hour), err.Error())
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
