package instagram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/messenger"
)

// OAuthInstagram is the sign-in of an inbox on Instagram Login's host.
const OAuthInstagram = "instagram"

// Scopes are the permissions Instagram Login asks for.
var Scopes = []string{"instagram_business_basic", "instagram_business_manage_messages", "instagram_business_manage_comments"}

// Fields are the webhook fields an Instagram Login account is subscribed to as it is connected.
var Fields = []string{"messages", "messaging_postbacks", "message_reactions", "messaging_seen", "comments", "live_comments"}

// PagePermissions are those a Page-linked account's inbox needs of Facebook Login.
var PagePermissions = []string{"pages_show_list", "pages_manage_metadata", "instagram_basic", "instagram_manage_messages", "instagram_manage_comments"}

// RefreshBefore is how long before a long-lived token expires (60 days after it was issued or
// refreshed) Switchboard renews it; Meta renews only tokens at least a day old.
const RefreshBefore = 10 * 24 * time.Hour

var (
	_ channel.Authorizer     = (*Connector)(nil)
	_ channel.TokenRefresher = (*Connector)(nil)
)

// OAuthProvider is Instagram Login on its host, Facebook Login for a Page-linked account.
func (c *Connector) OAuthProvider(raw json.RawMessage) string {
	var s Settings
	if json.Unmarshal(raw, &s) == nil && s.Host == HostFacebook {
		return messenger.OAuthFacebook
	}
	return OAuthInstagram
}

// AuthorizeURL is Instagram Login's consent page (www.instagram.com/oauth/authorize), or
// Facebook Login's for a Page-linked account, for the app whose id and secret the inbox has.
func (c *Connector) AuthorizeURL(in *switchboard.Inbox, secrets map[string]string, redirectURI, state string) (string, error) {
	s, err := settingsOf(in)
	if err != nil {
		return "", err
	}
	if s.Host == HostFacebook {
		return messenger.FacebookLoginURL(s.MetaGraph, s.AppID, secrets[SecretAppSecret], redirectURI, state)
	}
	var v switchboard.Validator
	v.Check(s.AppID != "", "settings.app_id", "Enter the Instagram app's id before connecting with Instagram.")
	v.Check(secrets[SecretAppSecret] != "", "secrets.app_secret", "Enter the Instagram app's secret before connecting with Instagram.")
	if err := v.Err(); err != nil {
		return "", err
	}
	q := url.Values{"client_id": {s.AppID}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "state": {state},
		"scope": {strings.Join(Scopes, ",")}}
	return messenger.LoginURL(s.MetaGraph, "www.instagram.com", "/oauth/authorize") + "?" + q.Encode(), nil
}

// Authorize trades a consent's code for the token to keep and subscribes the webhook fields. On
// Instagram Login's host: the code for a short-lived token (POST api.instagram.com/oauth/
// access_token), that for a long-lived one (60 days), which must be the inbox's account's and is
// renewed RefreshBefore it expires. For a Page-linked account: the Page's token, whose Page
// must be linked to the inbox's account.
func (c *Connector) Authorize(ctx context.Context, in *switchboard.Inbox, secrets map[string]string, code, redirectURI string) (*switchboard.IssuedToken, error) {
	s, err := settingsOf(in)
	if err != nil {
		return nil, err
	}
	appSecret := secrets[SecretAppSecret]
	if s.Host == HostFacebook {
		p, err := c.PageByConsent(ctx, s.MetaGraph, s.AppID, appSecret, s.PageID, code, redirectURI)
		if err != nil {
			return nil, err
		}
		if p.Instagram == nil || p.Instagram.ID != s.AccountID {
			linked := "no Instagram account"
			if p.Instagram != nil {
				linked = "Instagram account " + p.Instagram.ID
			}
			return nil, switchboard.Errorf(switchboard.EINVALID, "Page %s has %s linked, not this inbox's account %s: link the account to the Page in Meta Business Suite, or fix the inbox's account id.", s.PageID, linked, s.AccountID)
		}
		if err := c.Subscribe(ctx, s.MetaGraph, "Facebook", s.PageID, p.AccessToken, messenger.PageFields); err != nil {
			return nil, err
		}
		return &switchboard.IssuedToken{Secret: SecretAccessToken, Value: p.AccessToken}, nil
	}
	type grant struct {
		AccessToken string  `json:"access_token"`
		Permissions *string `json:"permissions"` // comma-separated, when the answer says
	}
	var short struct {
		Data []grant `json:"data"`
		grant
	}
	form := url.Values{"client_id": {s.AppID}, "client_secret": {appSecret}, "grant_type": {"authorization_code"},
		"redirect_uri": {redirectURI}, "code": {strings.TrimSuffix(code, "#_")}}
	if err := c.TokenCall(ctx, "Instagram", http.MethodPost, messenger.LoginURL(s.MetaGraph, "api.instagram.com", "/oauth/access_token"), form, &short); err != nil {
		return nil, err
	}
	if len(short.Data) > 0 { // Business Login answers in a data list
		short.grant = short.Data[0]
	}
	if short.AccessToken == "" {
		return nil, &switchboard.SendError{Code: "bad_answer", Reason: "Instagram's answer to the sign-in carries no token."}
	}
	q := url.Values{"grant_type": {"ig_exchange_token"}, "client_secret": {appSecret}, "access_token": {short.AccessToken}}
	t, err := c.longLived(ctx, s, "/access_token?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if err := c.checkAccount(ctx, s, t.Value); err != nil {
		return nil, err
	}
	if err := c.Subscribe(ctx, s.graph(), "Instagram", "me", t.Value, Fields); err != nil {
		return nil, err
	}
	if short.Permissions != nil { // only the consent says: the health keeps it
		t.MissingPermissions = messenger.Missing(Scopes, strings.Split(*short.Permissions, ","))
	}
	return t, nil
}

// RefreshToken renews an Instagram Login account's long-lived token (GET graph.instagram.com/
// refresh_access_token) for another 60 days. A Page's token does not expire: nothing to do.
func (c *Connector) RefreshToken(ctx context.Context, in *switchboard.Inbox, secrets map[string]string) (*switchboard.IssuedToken, error) {
	s, err := settingsOf(in)
	if err != nil || s.Host == HostFacebook {
		return nil, err
	}
	if secrets[SecretAccessToken] == "" {
		return nil, &switchboard.SendError{Code: switchboard.FailInvalidToken, Reason: "This Instagram inbox has no access token to renew: connect it again."}
	}
	q := url.Values{"grant_type": {"ig_refresh_token"}, "access_token": {secrets[SecretAccessToken]}}
	return c.longLived(ctx, s, "/refresh_access_token?"+q.Encode())
}

// longLived asks graph.instagram.com for a long-lived token (an exchange or a refresh: both
// answer access_token and expires_in) and says when to renew it.
func (c *Connector) longLived(ctx context.Context, s *Settings, pathQuery string) (*switchboard.IssuedToken, error) {
	var a struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := c.TokenCall(ctx, "Instagram", http.MethodGet, messenger.LoginURL(s.MetaGraph, "graph.instagram.com", pathQuery), nil, &a); err != nil {
		return nil, err
	}
	if a.AccessToken == "" || a.ExpiresIn <= 0 {
		return nil, &switchboard.SendError{Code: "bad_answer", Reason: "Instagram's answer carries no long-lived token."}
	}
	now := c.clock()
	exp := now.Add(time.Duration(a.ExpiresIn) * time.Second)
	return &switchboard.IssuedToken{Secret: SecretAccessToken, Value: a.AccessToken, ExpiresAt: &exp, RefreshAt: refreshAt(now, exp)}, nil
}

// refreshAt is RefreshBefore a token's expiry, but not before it is a day old; nil when it
// expires before it could be renewed.
func refreshAt(now, exp time.Time) *time.Time {
	at := exp.Add(-RefreshBefore)
	if earliest := now.Add(24 * time.Hour); at.Before(earliest) {
		at = earliest
	}
	if !at.Before(exp) {
		return nil
	}
	return &at
}

func (c *Connector) clock() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// checkAccount asks Instagram Login's host whose a token is (GET /me): the account's, which /me
// names as user_id (its id is app-scoped there).
func (c *Connector) checkAccount(ctx context.Context, s *Settings, token string) error {
	var me struct {
		ID       string `json:"id"`
		UserID   string `json:"user_id"`
		Username string `json:"username"`
	}
	if err := channel.GraphCall(ctx, c.client(), "Instagram", http.MethodGet, s.graph().URL("me?fields=user_id,username"), token, "", nil, &me, messenger.APIError("Instagram")); err != nil {
		return err
	}
	if me.UserID != s.AccountID && me.ID != s.AccountID {
		return &switchboard.SendError{Code: switchboard.FailInvalidToken, Reason: fmt.Sprintf("The access token is Instagram account %s's (@%s), not this inbox's account %s: sign in as the inbox's account, or paste its own token.", firstOf(me.UserID, me.ID), me.Username, s.AccountID)}
	}
	return nil
}
