package email

import (
	"context"
	"encoding/json"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

var _ channel.Authorizer = (*Connector)(nil)

// OAuthProvider is the mailbox's sign-in, google or microsoft, "" for a password.
func (c *Connector) OAuthProvider(raw json.RawMessage) string {
	var s Settings
	if json.Unmarshal(raw, &s) != nil || c.OAuth == nil {
		return ""
	}
	return s.Auth
}

// AuthorizeURL returns the consent address of Google or Microsoft for a mailbox.
func (c *Connector) AuthorizeURL(in *switchboard.Inbox, _ map[string]string, redirectURI, state string) (string, error) {
	s, err := settingsOf(in)
	if err != nil {
		return "", err
	}
	return c.OAuth.AuthorizeURL(s, redirectURI, state)
}

// Authorize trades a consent's code for the refresh token to keep.
func (c *Connector) Authorize(ctx context.Context, in *switchboard.Inbox, secrets map[string]string, code, redirectURI string) (*switchboard.IssuedToken, error) {
	s, err := settingsOf(in)
	if err != nil {
		return nil, err
	}
	refresh, err := c.OAuth.Exchange(ctx, s, secrets[SecretClientSecret], code, redirectURI)
	if err != nil {
		return nil, err
	}
	return &switchboard.IssuedToken{Secret: SecretRefreshToken, Value: refresh}, nil
}
