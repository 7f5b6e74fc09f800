package email

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// The OAuth2 providers a mailbox can sign in with instead of a password (§1 of email.md).
const (
	AuthPassword  = ""          // username and password (or app password)
	AuthGoogle    = "google"    // Gmail and Google Workspace
	AuthMicrosoft = "microsoft" // Microsoft 365 and Outlook.com
)

// The OAuth secrets of an inbox: the app's client secret (typed by the admin) and the refresh
// token the consent gave (stored by Switchboard).
const (
	SecretClientSecret = "oauth_client_secret"
	SecretRefreshToken = "oauth_refresh_token"
)

// endpoints returns a provider's authorisation and token addresses and the scope to ask for;
// the settings may override the addresses (tests).
func (s *Settings) endpoints() (authURL, tokenURL, scope string, extra url.Values) {
	switch s.Auth {
	case AuthGoogle:
		authURL, tokenURL, scope = "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token", "https://mail.google.com/"
		extra = url.Values{"access_type": {"offline"}, "prompt": {"consent"}}
	case AuthMicrosoft:
		tenant := s.OAuthTenant
		if tenant == "" {
			tenant = "common"
		}
		base := "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/"
		authURL, tokenURL = base+"authorize", base+"token"
		scope = "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access"
		extra = url.Values{"prompt": {"consent"}}
	}
	if s.OAuthAuthURL != "" {
		authURL = s.OAuthAuthURL
	}
	if s.OAuthTokenURL != "" {
		tokenURL = s.OAuthTokenURL
	}
	return authURL, tokenURL, scope, extra
}

// OAuth signs mailboxes in with Google or Microsoft: the authorisation-code flow that gives a
// refresh token, and access tokens from it, kept until shortly before they expire.
type OAuth struct {
	// Client calls the token endpoints. It should check where it connects and follow no
	// redirect, since it posts the client secret (an egress.Policy's Client); nil means one of
	// the default policy, public addresses only.
	Client *http.Client

	mu     sync.Mutex
	tokens map[string]token // by refresh token
}

type token struct {
	access  string
	expires time.Time
}

// AuthorizeURL is where the admin's browser goes to give consent.
func (o *OAuth) AuthorizeURL(s *Settings, redirectURI, state string) (string, error) {
	authURL, _, scope, extra := s.endpoints()
	if authURL == "" || s.OAuthClientID == "" {
		return "", &switchboard.Error{Code: switchboard.EINVALID, Message: "Set the inbox's sign-in (google or microsoft) and its OAuth client id first.",
			Fields: map[string]string{"settings.oauth_client_id": "Enter the OAuth client id."}}
	}
	q := url.Values{"client_id": {s.OAuthClientID}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "scope": {scope},
		"state": {state}, "login_hint": {s.username()}}
	for k, v := range extra {
		q[k] = v
	}
	sep := "?"
	if strings.Contains(authURL, "?") {
		sep = "&"
	}
	return authURL + sep + q.Encode(), nil
}

// tokenAnswer is a token endpoint's answer.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
}

func (o *OAuth) call(ctx context.Context, s *Settings, clientSecret string, form url.Values) (*tokenAnswer, error) {
	_, tokenURL, scope, _ := s.endpoints()
	form.Set("client_id", s.OAuthClientID)
	form.Set("client_secret", clientSecret)
	if s.Auth == AuthMicrosoft {
		form.Set("scope", scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := o.Client
	if client == nil {
		client = (*egress.Policy)(nil).Client(30 * time.Second)
	}
	res, err := client.Do(req)
	if se, ok := channel.DestinationError(err); ok {
		return nil, se
	}
	if err != nil {
		return nil, &switchboard.SendError{Code: "provider_unavailable", Reason: "The sign-in provider could not be reached.", Retryable: true, Err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	var a tokenAnswer
	_ = json.Unmarshal(raw, &a)
	if res.StatusCode != http.StatusOK || a.AccessToken == "" {
		if a.Error == "invalid_grant" || a.Error == "unauthorized_client" || a.Error == "invalid_client" {
			return nil, &switchboard.SendError{Code: "invalid_token", Reason: "The mailbox's sign-in was revoked or expired: connect it again in Settings › Inboxes (" + a.Error + ")."}
		}
		return nil, &switchboard.SendError{Code: "provider_error", Retryable: res.StatusCode >= 500,
			Reason: fmt.Sprintf("The sign-in provider answered %d: %s %s", res.StatusCode, a.Error, a.Description)}
	}
	return &a, nil
}

// Exchange turns the code of a consent into tokens and returns the refresh token to keep.
func (o *OAuth) Exchange(ctx context.Context, s *Settings, clientSecret, code, redirectURI string) (string, error) {
	a, err := o.call(ctx, s, clientSecret, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI}})
	if err != nil {
		return "", err
	}
	if a.RefreshToken == "" {
		return "", errors.New("email: the sign-in gave no refresh token (ask for offline access)")
	}
	o.remember(a.RefreshToken, a)
	return a.RefreshToken, nil
}

func (o *OAuth) remember(refresh string, a *tokenAnswer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.tokens == nil {
		o.tokens = map[string]token{}
	}
	life := time.Duration(a.ExpiresIn) * time.Second
	if life <= 0 {
		life = time.Hour
	}
	o.tokens[refresh] = token{access: a.AccessToken, expires: time.Now().Add(life - time.Minute)}
}

// AccessToken returns a current access token for an inbox, refreshing it when needed.
func (o *OAuth) AccessToken(ctx context.Context, s *Settings, secrets map[string]string) (string, error) {
	refresh := secrets[SecretRefreshToken]
	if refresh == "" {
		return "", &switchboard.SendError{Code: "invalid_token", Reason: "The mailbox is not signed in yet: connect it in Settings › Inboxes › Connection."}
	}
	o.mu.Lock()
	t, ok := o.tokens[refresh]
	o.mu.Unlock()
	if ok && time.Now().Before(t.expires) {
		return t.access, nil
	}
	a, err := o.call(ctx, s, secrets[SecretClientSecret], url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	if err != nil {
		return "", err
	}
	o.remember(refresh, a)
	return a.AccessToken, nil
}

// forget drops a cached access token the server refused, so the next attempt refreshes it.
func (o *OAuth) forget(secrets map[string]string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.tokens, secrets[SecretRefreshToken])
}

// xoauth2 is the XOAUTH2 SASL client Gmail and Microsoft 365 take on IMAP and SMTP:
// "user=<user>\x01auth=Bearer <token>\x01\x01". A failure comes as a challenge with JSON, which
// is answered with an empty response before the server says no.
type xoauth2 struct{ user, token string }

func (x *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x *xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

var _ sasl.Client = (*xoauth2)(nil)
