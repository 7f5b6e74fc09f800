package channel

import (
	"context"
	"errors"

	"github.com/switchboardhq/switchboard"
)

// OAuthFlow is the authorisation-code flow that connects an inbox whose connector is an
// Authorizer (a Google or Microsoft mailbox, a Messenger or Instagram inbox): the consent's state
// names the inbox and is signed by the store, and the token the code is traded for is kept as
// the inbox's sealed secret.
type OAuthFlow struct {
	Store interface {
		FindInboxByID(ctx context.Context, id int64) (*switchboard.Inbox, error)
		InboxSecrets(ctx context.Context, id int64) (map[string]string, error)
		KeepIssuedToken(ctx context.Context, inboxID int64, t *switchboard.IssuedToken) error
		OAuthState(inboxID int64) string
		CheckOAuthState(state string) (int64, error)
	}
	Channels *Registry
}

var _ switchboard.OAuthService = (*OAuthFlow)(nil)

// inbox loads an inbox an admin connects, with its secrets and its connector's flow.
func (f *OAuthFlow) inbox(ctx context.Context, inboxID int64) (*switchboard.Inbox, map[string]string, Authorizer, error) {
	if a, _ := switchboard.ActorFromContext(ctx); a.Agent == nil || a.Agent.Role != switchboard.RoleAdmin {
		return nil, nil, nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins connect inboxes.")
	}
	in, err := f.Store.FindInboxByID(ctx, inboxID)
	if err != nil {
		return nil, nil, nil, err
	}
	auth, ok := f.Channels.Authorizer(in)
	if !ok {
		return nil, nil, nil, switchboard.Errorf(switchboard.EINVALID, "This inbox does not connect with OAuth: a mailbox signs in with Google or Microsoft, a Messenger or Instagram inbox with Meta.")
	}
	secrets, err := f.Store.InboxSecrets(switchboard.NewSystemContext(ctx), inboxID)
	if err != nil {
		return nil, nil, nil, err
	}
	return in, secrets, auth, nil
}

// StartOAuth returns the consent address for an inbox.
func (f *OAuthFlow) StartOAuth(ctx context.Context, inboxID int64, redirectURI string) (string, error) {
	in, secrets, auth, err := f.inbox(ctx, inboxID)
	if err != nil {
		return "", err
	}
	return auth.AuthorizeURL(in, secrets, redirectURI, f.Store.OAuthState(inboxID))
}

// FinishOAuth checks the state of a consent that came back, trades its code for a token and
// keeps it; a refused or forged answer writes nothing.
func (f *OAuthFlow) FinishOAuth(ctx context.Context, state, code, redirectURI string) (int64, error) {
	id, err := f.Store.CheckOAuthState(state)
	if err != nil {
		return 0, err
	}
	in, secrets, auth, err := f.inbox(ctx, id)
	if err != nil {
		return 0, err
	}
	if code == "" {
		return 0, switchboard.Errorf(switchboard.EINVALID, "The sign-in answer carries no code: start again.")
	}
	t, err := auth.Authorize(ctx, in, secrets, code, redirectURI)
	if err != nil {
		var se *switchboard.SendError
		if errors.As(err, &se) {
			return 0, switchboard.Errorf(switchboard.EUNAVAILABLE, "%s", se.Reason)
		}
		if switchboard.ErrorCode(err) != switchboard.EINTERNAL {
			return 0, err
		}
		return 0, switchboard.Errorf(switchboard.EUNAVAILABLE, "The sign-in could not be completed: %v", err)
	}
	return id, f.Store.KeepIssuedToken(ctx, id, t)
}
