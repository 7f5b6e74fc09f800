package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"

	"github.com/switchboardhq/switchboard"
)

// Unsubscribe makes and checks the links that turn an agent's notification emails off without
// a session (the footer of every email, and its List-Unsubscribe header): the link carries the
// agent and an HMAC of it under a key only the server has.
type Unsubscribe struct {
	Key   []byte
	Store switchboard.NotificationStore
}

var _ switchboard.NotificationUnsubscriber = (*Unsubscribe)(nil)

// Token is the agent's unsubscribe token: HMAC-SHA256 of "notify-unsubscribe:<id>", base64url.
func (u *Unsubscribe) Token(agentID int64) string {
	m := hmac.New(sha256.New, u.Key)
	m.Write([]byte("notify-unsubscribe:" + strconv.FormatInt(agentID, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// URL is the agent's unsubscribe link under the server's public URL base.
func (u *Unsubscribe) URL(base string, agentID int64) string {
	q := url.Values{"agent": {strconv.FormatInt(agentID, 10)}, "token": {u.Token(agentID)}}
	return base + "/api/v1/notifications/unsubscribe?" + q.Encode()
}

// UnsubscribeEmail turns every trigger's email off for the agent when token is theirs;
// otherwise EFORBIDDEN.
func (u *Unsubscribe) UnsubscribeEmail(ctx context.Context, agentID int64, token string) error {
	if len(u.Key) == 0 || agentID <= 0 || !hmac.Equal([]byte(token), []byte(u.Token(agentID))) {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "This unsubscribe link is not valid.")
	}
	return u.Store.StopNotificationEmail(switchboard.NewSystemContext(ctx), agentID)
}
