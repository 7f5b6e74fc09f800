package meta

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard/channel/messenger"
)

// The sign-ins, as Meta serves them on four hosts; the emulator serves them all on its own
// address:
//
//   - Facebook Login: the consent dialog GET /{ver}/dialog/oauth (www.facebook.com), which
//     consents at once and redirects back with code and state; GET /{ver}/oauth/access_token
//     trading the code for a short-lived user token, and that (grant_type=fb_exchange_token) for
//     a long-lived one; GET /{ver}/me/accounts listing the Page with its token (the one the API
//     takes) and its linked Instagram account; GET /{ver}/debug_token for the permissions.
//   - Instagram Login: the consent GET /oauth/authorize (www.instagram.com); POST
//     /oauth/access_token (api.instagram.com, a form) giving a short-lived token; GET
//     /access_token?grant_type=ig_exchange_token and GET
//     /refresh_access_token?grant_type=ig_refresh_token (graph.instagram.com) giving long-lived
//     tokens of TokenTTL, which the API takes until they expire (a refresh needs a token a day
//     old).
//   - Webhook subscriptions: GET and POST /{ver}/{page-id or me}/subscribed_apps.

// LongLivedTTL is how long a long-lived token lasts (60 days).
const LongLivedTTL = 60 * 24 * time.Hour

// oauthState is what the sign-ins remember.
type oauthState struct {
	mu       sync.Mutex
	codes    map[string]*consent        // authorisation code → its consent, until used
	users    map[string]*consent        // Facebook user token → its consent
	longs    map[string]*issued         // Instagram long-lived token → when it was issued and expires
	subs     map[string][]string        // node (page id, or the account) → fields subscribed
	declined []string                   // permissions the consent leaves unticked
	deny     bool                       // the consent is refused
	granted  map[string]map[string]bool // token → permissions, for debug_token
}

type consent struct {
	redirectURI string
	scopes      []string
	long        bool // a Facebook user token: long-lived
	used        bool
}

type issued struct{ at, expires time.Time }

func (s *Server) auth() *oauthState {
	s.oauth.mu.Lock()
	if s.oauth.codes == nil {
		s.oauth.codes, s.oauth.users, s.oauth.longs = map[string]*consent{}, map[string]*consent{}, map[string]*issued{}
		s.oauth.subs, s.oauth.granted = map[string][]string{}, map[string]map[string]bool{}
	}
	s.oauth.mu.Unlock()
	return &s.oauth
}

// DeclinePermissions makes the next consents leave these permissions unticked.
func (s *Server) DeclinePermissions(perms ...string) {
	a := s.auth()
	a.mu.Lock()
	a.declined = perms
	a.mu.Unlock()
}

// DenyConsent makes the next consents refused (error=access_denied back to the redirect URI).
func (s *Server) DenyConsent(deny bool) {
	a := s.auth()
	a.mu.Lock()
	a.deny = deny
	a.mu.Unlock()
}

// Subscribed returns the webhook fields a node (the page's id, or "me" for the Instagram
// account) has the app subscribed to.
func (s *Server) Subscribed(node string) []string {
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.subs[s.node(node)]...)
}

// Subscribe sets the fields a node has the app subscribed to, as the app's dashboard would.
func (s *Server) Subscribe(node string, fields ...string) {
	a := s.auth()
	a.mu.Lock()
	a.subs[s.node(node)] = fields
	a.mu.Unlock()
}

// node is the subscription's owner: "me" is the page (or the account).
func (s *Server) node(n string) string {
	if n == "me" {
		return s.PageID
	}
	return n
}

// accepts says whether the API takes a token: the page's (or account's), or a long-lived
// Instagram token issued and not expired.
func (s *Server) accepts(token string) bool {
	if token == s.Token {
		return true
	}
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.longs[token]
	return ok && s.now().Before(t.expires)
}

// serveOAuth answers the sign-ins' endpoints; false for any other request.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request, parts []string) bool {
	q := r.URL.Query()
	ver := len(parts) > 0 && strings.HasPrefix(parts[0], "v")
	switch {
	case ver && len(parts) == 3 && parts[1] == "dialog" && parts[2] == "oauth" && r.Method == http.MethodGet:
		s.dialog(w, r, strings.Split(q.Get("scope"), ","))
	case len(parts) == 2 && parts[0] == "oauth" && parts[1] == "authorize" && r.Method == http.MethodGet:
		s.dialog(w, r, strings.Split(q.Get("scope"), ","))
	case ver && len(parts) == 3 && parts[1] == "oauth" && parts[2] == "access_token" && r.Method == http.MethodGet:
		s.facebookToken(w, q)
	case len(parts) == 2 && parts[0] == "oauth" && parts[1] == "access_token" && r.Method == http.MethodPost:
		s.instagramCode(w, r)
	case len(parts) == 1 && (parts[0] == "access_token" || parts[0] == "refresh_access_token") && r.Method == http.MethodGet:
		s.instagramLong(w, q, parts[0] == "refresh_access_token")
	case ver && len(parts) == 2 && parts[1] == "debug_token" && r.Method == http.MethodGet:
		s.debugToken(w, r)
	case ver && len(parts) == 3 && parts[1] == "me" && parts[2] == "accounts" && r.Method == http.MethodGet:
		s.accounts(w, r)
	case ver && len(parts) == 3 && (parts[1] == s.PageID || parts[1] == "me") && parts[2] == "subscribed_apps":
		s.subscribedApps(w, r, parts[1])
	default:
		return false
	}
	return true
}

// bearer is a request's token: the Authorization header's, else the access_token parameter.
func bearer(r *http.Request) string {
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return b
	}
	return r.URL.Query().Get("access_token")
}

// dialog is the consent page of either login: the admin consents at once (unless DenyConsent),
// granting what was asked but the declined permissions, and is sent back to the redirect URI.
func (s *Server) dialog(w http.ResponseWriter, r *http.Request, scopes []string) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("client_id") != s.AppID || err != nil || back.Scheme == "" || back.Host == "" {
		http.Error(w, "Invalid App ID or redirect_uri: the app's id must be the app's, and the redirect URI one of its valid OAuth redirect URIs.", http.StatusBadRequest)
		return
	}
	a := s.auth()
	a.mu.Lock()
	deny := a.deny
	var granted []string
	for _, p := range scopes {
		if p != "" && !slices.Contains(a.declined, p) {
			granted = append(granted, p)
		}
	}
	a.mu.Unlock()
	v := back.Query()
	v.Set("state", q.Get("state"))
	if deny {
		v.Set("error", "access_denied")
		v.Set("error_reason", "user_denied")
		v.Set("error_description", "Permissions error")
	} else {
		code := s.id("code")
		a.mu.Lock()
		a.codes[code] = &consent{redirectURI: q.Get("redirect_uri"), scopes: granted}
		a.mu.Unlock()
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	if parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); parts[0] == "oauth" && !deny {
		back.Fragment = "_" // Instagram appends #_ to the redirect
	}
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// useCode takes a consent's code once, for the redirect URI it was given for.
func (s *Server) useCode(code, redirectURI string) (*consent, string) {
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.codes[code]
	switch {
	case !ok:
		return nil, "Invalid verification code format."
	case c.used:
		return nil, "This authorization code has been used."
	case c.redirectURI != redirectURI:
		return nil, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"
	}
	c.used = true
	return c, ""
}

// facebookToken is GET /{ver}/oauth/access_token: a code for a short-lived user token, or
// (grant_type=fb_exchange_token) a short-lived token for a long-lived one.
func (s *Server) facebookToken(w http.ResponseWriter, q url.Values) {
	if q.Get("client_id") != s.AppID || q.Get("client_secret") != s.AppSecret {
		GraphError(w, http.StatusBadRequest, 1, 0, "Error validating client secret.")
		return
	}
	a := s.auth()
	if q.Get("grant_type") == "fb_exchange_token" {
		a.mu.Lock()
		c, ok := a.users[q.Get("fb_exchange_token")]
		a.mu.Unlock()
		if !ok {
			GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token - Cannot parse access token")
			return
		}
		long := s.id("EAAlong")
		a.mu.Lock()
		a.users[long] = &consent{scopes: c.scopes, long: true}
		a.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"access_token": long, "token_type": "bearer", "expires_in": int(LongLivedTTL / time.Second)})
		return
	}
	c, why := s.useCode(q.Get("code"), q.Get("redirect_uri"))
	if c == nil {
		GraphError(w, http.StatusBadRequest, 100, 36009, why)
		return
	}
	short := s.id("EAAshort")
	a.mu.Lock()
	a.users[short] = &consent{scopes: c.scopes}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": short, "token_type": "bearer", "expires_in": 3600})
}

// accounts is GET /{ver}/me/accounts with a user token: the Page, with the page token the API
// takes (a long-lived user token's does not expire), and its linked Instagram account.
func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	a := s.auth()
	a.mu.Lock()
	c, ok := a.users[bearer(r)]
	if ok && c.long {
		a.granted[s.Token] = map[string]bool{}
		for _, p := range c.scopes {
			a.granted[s.Token][p] = true
		}
	}
	a.mu.Unlock()
	if !ok {
		GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token - Cannot parse access token")
		return
	}
	if !slices.Contains(c.scopes, "pages_show_list") {
		writeJSON(w, http.StatusOK, map[string]any{"data": []any{}})
		return
	}
	page := map[string]any{"id": s.PageID, "name": "Emulated Page", "access_token": s.Token, "category": "Shopping & retail",
		"tasks": []string{"ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"}}
	if s.Instagram {
		page["instagram_business_account"] = map[string]any{"id": s.AccountID}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{page}, "paging": map[string]any{"cursors": map[string]any{"before": "QVFI", "after": "QVFI"}}})
}

// debugToken is GET /{ver}/debug_token with the app's token (app_id|app_secret): whether the
// page token is valid and the permissions its consent granted (all of Facebook Login's for a
// token given without one, but those DeclinePermissions names).
func (s *Server) debugToken(w http.ResponseWriter, r *http.Request) {
	if bearer(r) != s.AppID+"|"+s.AppSecret {
		GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token signature.")
		return
	}
	in := r.URL.Query().Get("input_token")
	if !s.accepts(in) {
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"is_valid": false, "scopes": []string{},
			"error": map[string]any{"code": 190, "message": "Invalid OAuth access token."}}})
		return
	}
	a := s.auth()
	a.mu.Lock()
	var scopes []string
	if g, ok := a.granted[in]; ok {
		for _, p := range messenger.FacebookScopes {
			if g[p] {
				scopes = append(scopes, p)
			}
		}
	} else {
		for _, p := range messenger.FacebookScopes {
			if !slices.Contains(a.declined, p) {
				scopes = append(scopes, p)
			}
		}
	}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"app_id": s.AppID, "type": "PAGE", "application": "Switchboard",
		"is_valid": true, "expires_at": 0, "data_access_expires_at": s.now().Add(90 * 24 * time.Hour).Unix(), "scopes": scopes, "profile_id": s.PageID}})
}

// instagramCode is POST /oauth/access_token (api.instagram.com): a code for a short-lived
// Instagram token, in Business Login's answer (a data list with the permissions granted).
func (s *Server) instagramCode(w http.ResponseWriter, r *http.Request) {
	fail := func(msg string) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error_type": "OAuthException", "code": 400, "error_message": msg})
	}
	if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "authorization_code" {
		fail("Invalid grant_type: authorization_code is expected")
		return
	}
	if r.PostForm.Get("client_id") != s.AppID || r.PostForm.Get("client_secret") != s.AppSecret {
		fail("Invalid platform app")
		return
	}
	c, why := s.useCode(r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"))
	if c == nil {
		fail(why)
		return
	}
	short := s.id("IGshort")
	a := s.auth()
	a.mu.Lock()
	a.users[short] = c
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{map[string]any{"access_token": short, "user_id": s.AccountID,
		"permissions": strings.Join(c.scopes, ",")}}})
}

// instagramLong is GET /access_token (grant_type=ig_exchange_token, with the app secret and a
// short-lived token) and GET /refresh_access_token (grant_type=ig_refresh_token, with a
// long-lived token at least a day old): a long-lived token of LongLivedTTL.
func (s *Server) instagramLong(w http.ResponseWriter, q url.Values, refresh bool) {
	a := s.auth()
	tok := q.Get("access_token")
	now := s.now()
	a.mu.Lock()
	if refresh {
		t, ok := a.longs[tok]
		switch {
		case q.Get("grant_type") != "ig_refresh_token":
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: grant_type must be ig_refresh_token")
			return
		case !ok || !now.Before(t.expires):
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 190, 0, "Error validating access token: the session has expired or is not a long-lived token")
			return
		case now.Sub(t.at) < 24*time.Hour:
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: the token must be at least 24 hours old to be refreshed")
			return
		}
	} else {
		_, ok := a.users[tok]
		switch {
		case q.Get("grant_type") != "ig_exchange_token":
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: grant_type must be ig_exchange_token")
			return
		case q.Get("client_secret") != s.AppSecret:
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 1, 0, "Error validating client secret.")
			return
		case !ok:
			a.mu.Unlock()
			GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token - Cannot parse access token")
			return
		}
	}
	a.mu.Unlock()
	long := s.id("IGAA")
	a.mu.Lock()
	a.longs[long] = &issued{at: now, expires: now.Add(LongLivedTTL)}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": long, "token_type": "bearer", "expires_in": int(LongLivedTTL / time.Second)})
}

// subscribedFields are the webhook fields the emulator lets an app subscribe to.
var subscribedFields = []string{"messages", "messaging_postbacks", "message_echoes", "message_reactions", "message_reads",
	"message_deliveries", "message_edits", "messaging_seen", "messaging_referrals", "messaging_optins", "feed", "comments", "live_comments"}

// subscribedApps is GET and POST /{ver}/{page-id or me}/subscribed_apps with the page's (or
// account's) token: the app's subscription, and subscribing it to fields (replacing them).
func (s *Server) subscribedApps(w http.ResponseWriter, r *http.Request, node string) {
	if !s.accepts(bearer(r)) {
		GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token - Cannot parse access token")
		return
	}
	a := s.auth()
	key := s.node(node)
	switch r.Method {
	case http.MethodGet:
		a.mu.Lock()
		fields, ok := a.subs[key]
		a.mu.Unlock()
		data := []any{}
		if ok {
			data = append(data, map[string]any{"id": s.AppID, "name": "Switchboard", "subscribed_fields": fields})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data})
	case http.MethodPost:
		fields := strings.Split(r.URL.Query().Get("subscribed_fields"), ",")
		for _, f := range fields {
			if !slices.Contains(subscribedFields, f) {
				GraphError(w, http.StatusBadRequest, 100, 0, "(#100) Param subscribed_fields must be one of {"+strings.Join(subscribedFields, ", ")+"} - got \""+f+"\"")
				return
			}
		}
		a.mu.Lock()
		a.subs[key] = fields
		a.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"success": true})
	default:
		GraphError(w, http.StatusBadRequest, 100, 33, "Unsupported request - method type or path")
	}
}
