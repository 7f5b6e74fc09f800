package messenger

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// OAuthFacebook is the sign-in of a Page inbox: Facebook Login, which gives the Page's token.
const OAuthFacebook = "facebook"

// FacebookScopes are the permissions Facebook Login asks for: the Page's messages, comments and
// webhooks, and those of the Instagram account linked to it.
var FacebookScopes = []string{"pages_show_list", "pages_messaging", "pages_manage_metadata", "pages_read_engagement",
	"pages_manage_engagement", "instagram_basic", "instagram_manage_messages", "instagram_manage_comments"}

// PagePermissions are those a Messenger inbox needs; the health names those missing.
var PagePermissions = FacebookScopes[:5]

// PageFields are the webhook fields a Messenger Page is subscribed to as it is connected.
var PageFields = []string{"messages", "messaging_postbacks", "message_echoes", "message_reactions", "message_reads",
	"message_deliveries", "message_edits", "feed"}

// LoginURL is the address of one of Meta's sign-in pages or token endpoints, on host
// (www.facebook.com, www.instagram.com, api.instagram.com): on the settings' api_base_url
// instead when it is set, since an emulator serves them all.
func LoginURL(g channel.MetaGraph, host, path string) string {
	if g.APIBaseURL != "" {
		return strings.TrimSuffix(g.APIBaseURL, "/") + path
	}
	return "https://" + host + path
}

// Missing lists what want has that have does not, in want's order (empty, not nil, when none).
func Missing(want, have []string) []string {
	out := []string{}
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// FacebookLoginURL is Facebook Login's consent page for a Page inbox's app.
func FacebookLoginURL(g channel.MetaGraph, appID, appSecret, redirectURI, state string) (string, error) {
	var v switchboard.Validator
	v.Check(appID != "", "settings.app_id", "Enter the Meta app's id before connecting with Facebook.")
	v.Check(appSecret != "", "secrets.app_secret", "Enter the Meta app's secret before connecting with Facebook.")
	if err := v.Err(); err != nil {
		return "", err
	}
	q := url.Values{"client_id": {appID}, "redirect_uri": {redirectURI}, "state": {state}, "response_type": {"code"},
		"scope": {strings.Join(FacebookScopes, ",")}}
	ver := g.APIVersion
	if ver == "" {
		ver = channel.DefaultGraphVersion
	}
	return LoginURL(g, "www.facebook.com", "/"+ver+"/dialog/oauth") + "?" + q.Encode(), nil
}

// TokenClient is the client the token endpoints are called with: they get the app secret, so
// it follows no redirect.
func (c *Connector) tokenClient() *http.Client {
	if c.TokenClient != nil {
		return c.TokenClient
	}
	return (*egress.Policy)(nil).Client(30 * time.Second)
}

// TokenCall calls one of Meta's token endpoints (no bearer token: the app's id and secret are in
// the query or the form) and decodes the answer into out. Refusals come in the Graph API's
// envelope, or api.instagram.com's ({error_type, code, error_message}).
func (c *Connector) TokenCall(ctx context.Context, provider, method, u string, form url.Values, out any) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return &switchboard.SendError{Code: "bad_settings", Reason: "The sign-in address is not valid.", Err: err}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.tokenClient().Do(req)
	if err != nil {
		return channel.TransportError(ctx, provider, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return channel.TransportError(ctx, provider, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		var ig struct {
			Type    string `json:"error_type"`
			Message string `json:"error_message"`
		}
		if json.Unmarshal(raw, &ig) == nil && ig.Message != "" {
			return &switchboard.SendError{Code: switchboard.FailInvalidRequest, Reason: fmt.Sprintf("%s refused the sign-in (%s): %s", provider, ig.Type, ig.Message)}
		}
		return apiError(provider, res, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &switchboard.SendError{Code: "bad_answer", Reason: provider + "'s answer is not the expected JSON.", Err: err}
	}
	return nil
}

// Page is a Facebook Page as /me/accounts lists it, with the token to act as it and the
// Instagram account linked to it.
type Page struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	AccessToken string `json:"access_token"`
	Instagram   *struct {
		ID string `json:"id"`
	} `json:"instagram_business_account"`
}

// PageByConsent trades a Facebook Login code for the Page's token: the code for a short-lived
// user token, that for a long-lived one (60 days), whose Page tokens do not expire; then the
// Page pageID among those the admin manages (GET /me/accounts).
func (c *Connector) PageByConsent(ctx context.Context, g channel.MetaGraph, appID, appSecret, pageID, code, redirectURI string) (*Page, error) {
	var short, long struct {
		AccessToken string `json:"access_token"`
	}
	q := url.Values{"client_id": {appID}, "client_secret": {appSecret}, "redirect_uri": {redirectURI}, "code": {code}}
	if err := c.TokenCall(ctx, "Facebook", http.MethodGet, g.URL("oauth/access_token?"+q.Encode()), nil, &short); err != nil {
		return nil, err
	}
	q = url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {appID}, "client_secret": {appSecret}, "fb_exchange_token": {short.AccessToken}}
	if err := c.TokenCall(ctx, "Facebook", http.MethodGet, g.URL("oauth/access_token?"+q.Encode()), nil, &long); err != nil {
		return nil, err
	}
	next := g.URL("me/accounts?fields=id,name,access_token,instagram_business_account&limit=100")
	for range 20 { // 2000 Pages at most
		var list struct {
			Data   []*Page `json:"data"`
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := channel.GraphCall(ctx, c.client(), "Facebook", http.MethodGet, next, long.AccessToken, "", nil, &list, APIError("Facebook")); err != nil {
			return nil, err
		}
		for _, p := range list.Data {
			if p.ID == pageID && p.AccessToken != "" {
				return p, nil
			}
		}
		if list.Paging.Next == "" || !sameOrigin(list.Paging.Next, g.Base()) {
			break
		}
		next = list.Paging.Next
	}
	return nil, switchboard.Errorf(switchboard.EINVALID, "The Facebook account that signed in manages no Page %s (or did not let the app use it): sign in as one of the Page's admins and tick the Page.", pageID)
}

// sameOrigin reports whether a paging link stays on the Graph API the settings name, where the
// token may go.
func sameOrigin(link, base string) bool {
	return channel.Origin(link) == channel.Origin(base)
}

// Subscribe subscribes the app to a node's webhook fields (POST /{node}/subscribed_apps): a
// Page, or Instagram Login's account ("me").
func (c *Connector) Subscribe(ctx context.Context, g channel.MetaGraph, provider, node, token string, fields []string) error {
	var ok struct {
		Success bool `json:"success"`
	}
	q := url.Values{"subscribed_fields": {strings.Join(fields, ",")}}
	if err := channel.GraphCall(ctx, c.client(), provider, http.MethodPost, g.URL(node+"/subscribed_apps?"+q.Encode()), token, "", nil, &ok, APIError(provider)); err != nil {
		return err
	}
	if !ok.Success {
		return &switchboard.SendError{Code: "bad_answer", Reason: provider + " did not confirm the webhook subscription."}
	}
	return nil
}

// Subscribed lists the webhook fields a node has the app subscribed to (GET
// /{node}/subscribed_apps): the fields of the entry of the app appID, or of every entry when the
// answer names no app (Instagram Login's).
func (c *Connector) Subscribed(ctx context.Context, g channel.MetaGraph, provider, node, appID, token string) ([]string, error) {
	var list struct {
		Data []struct {
			ID     string   `json:"id"`
			Fields []string `json:"subscribed_fields"`
		} `json:"data"`
	}
	if err := channel.GraphCall(ctx, c.client(), provider, http.MethodGet, g.URL(node+"/subscribed_apps"), token, "", nil, &list, APIError(provider)); err != nil {
		return nil, err
	}
	var fields []string
	for _, a := range list.Data {
		if a.ID == "" || appID == "" || a.ID == appID {
			fields = append(fields, a.Fields...)
		}
	}
	return fields, nil
}

// Scopes asks what a Facebook token may do (GET /debug_token, with the app's token
// "app_id|app_secret": a Page token's /me is the Page, which has no permissions edge): the
// permissions granted, or an error when the token is no longer valid.
func (c *Connector) Scopes(ctx context.Context, g channel.MetaGraph, appID, appSecret, token string) ([]string, error) {
	var d struct {
		Data struct {
			IsValid bool     `json:"is_valid"`
			Scopes  []string `json:"scopes"`
			Error   struct {
				Message string `json:"message"`
			} `json:"error"`
		} `json:"data"`
	}
	if err := channel.GraphCall(ctx, c.client(), "Facebook", http.MethodGet, g.URL("debug_token?input_token="+url.QueryEscape(token)),
		appID+"|"+appSecret, "", nil, &d, APIError("Facebook")); err != nil {
		return nil, err
	}
	if !d.Data.IsValid {
		return nil, &switchboard.SendError{Code: switchboard.FailInvalidToken, Reason: "Meta says the access token is no longer valid: connect the inbox again. " + d.Data.Error.Message}
	}
	return d.Data.Scopes, nil
}

// PageReport is what a Page's connection lacks: the permissions its token was not granted (when
// the app's id and secret are there to ask), and the webhook fields the Page is not subscribed to.
func (c *Connector) PageReport(ctx context.Context, g channel.MetaGraph, appID, appSecret, pageID, token string, perms, fields []string) (*switchboard.ConnectionReport, error) {
	r := &switchboard.ConnectionReport{}
	if appID != "" && appSecret != "" {
		scopes, err := c.Scopes(ctx, g, appID, appSecret, token)
		if err != nil {
			return nil, err
		}
		r.MissingPermissions = Missing(perms, scopes)
	}
	have, err := c.Subscribed(ctx, g, "Facebook", pageID, appID, token)
	if err != nil {
		return nil, err
	}
	r.UnsubscribedFields = Missing(fields, have)
	return r, nil
}

var _ channel.Authorizer = (*Connector)(nil)

// OAuthProvider is Facebook Login for every Messenger inbox.
func (c *Connector) OAuthProvider(json.RawMessage) string { return OAuthFacebook }

// AuthorizeURL is Facebook Login's consent page, for the app whose id and secret the inbox has.
func (c *Connector) AuthorizeURL(in *switchboard.Inbox, secrets map[string]string, redirectURI, state string) (string, error) {
	s, err := settingsOf(in)
	if err != nil {
		return "", err
	}
	return FacebookLoginURL(s.MetaGraph, s.AppID, secrets[SecretAppSecret], redirectURI, state)
}

// Authorize trades a consent's code for the Page's token (which does not expire) and subscribes
// the Page to the webhook fields Switchboard reads.
func (c *Connector) Authorize(ctx context.Context, in *switchboard.Inbox, secrets map[string]string, code, redirectURI string) (*switchboard.IssuedToken, error) {
	s, err := settingsOf(in)
	if err != nil {
		return nil, err
	}
	p, err := c.PageByConsent(ctx, s.MetaGraph, s.AppID, secrets[SecretAppSecret], s.PageID, code, redirectURI)
	if err != nil {
		return nil, err
	}
	if err := c.Subscribe(ctx, s.MetaGraph, "Facebook", s.PageID, p.AccessToken, PageFields); err != nil {
		return nil, err
	}
	return &switchboard.IssuedToken{Secret: SecretAccessToken, Value: p.AccessToken}, nil
}
