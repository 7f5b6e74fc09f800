package email

import (
	"context"
	"errors"

	"github.com/switchboardhq/switchboard"
)

// Flow is the authorisation-code flow that connects an email inbox to Google or Microsoft.
type Flow struct {
	Store interface {
		FindInboxByID(ctx context.Context, id int64) (*switchboard.Inbox, error)
		InboxSecrets(ctx context.Context, id int64) (map[string]string, error)
		UpdateInbox(ctx context.Context, id int64, in *switchboard.InboxInput) (*switchboard.Inbox, error)
		OAuthState(inboxID int64) string
		CheckOAuthState(state string) (int64, error)
	}
	OAuth *OAuth
}

var _ switchboard.OAuthService = (*Flow)(nil)

func (f *Flow) settings(ctx context.Context, inboxID int64) (*switchboard.Inbox, *Settings, error) {
	if a, _ := switchboard.ActorFromContext(ctx); a.Agent == nil || a.Agent.Role != switchboard.RoleAdmin {
		return nil, nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins connect mailboxes.")
	}
	in, err := f.Store.FindInboxByID(ctx, inboxID)
	if err != nil {
		return nil, nil, err
	}
	if in.Kind != switchboard.ChannelEmail {
		return nil, nil, switchboard.Errorf(switchboard.EINVALID, "Only email inboxes sign in with OAuth.")
	}
	s, err := settingsOf(in)
	if err != nil {
		return nil, nil, err
	}
	return in, s, nil
}

// StartOAuth returns the consent address for an inbox.
func (f *Flow) StartOAuth(ctx context.Context, inboxID int64, redirectURI string) (string, error) {
	_, s, err := f.settings(ctx, inboxID)
	if err != nil {
		return "", err
	}
	return f.OAuth.AuthorizeURL(s, redirectURI, f.Store.OAuthState(inboxID))
}

// FinishOAuth keeps the refresh token a consent gave.
func (f *Flow) FinishOAuth(ctx context.Context, state, code, redirectURI string) (int64, error) {
	id, err := f.Store.CheckOAuthState(state)
	if err != nil {
		return 0, err
	}
	_, s, err := f.settings(ctx, id)
	if err != nil {
		return 0, err
	}
	secrets, err := f.Store.InboxSecrets(switchboard.NewSystemContext(ctx), id)
	if err != nil {
		return 0, err
	}
	refresh, err := f.OAuth.Exchange(ctx, s, secrets[SecretClientSecret], code, redirectURI)
	if err != nil {
		var se *switchboard.SendError
		if errors.As(err, &se) {
			return 0, switchboard.Errorf(switchboard.EUNAVAILABLE, "%s", se.Reason)
		}
		return 0, switchboard.Errorf(switchboard.EUNAVAILABLE, "The sign-in could not be completed: %v", err)
	}
	_, err = f.Store.UpdateInbox(ctx, id, &switchboard.InboxInput{Secrets: map[string]string{SecretRefreshToken: refresh}})
	return id, err
}
