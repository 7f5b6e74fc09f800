package sqlstore

import (
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// OAuthState is the state parameter of an inbox's OAuth consent: the inbox id, an expiry and a
// MAC, so the answer that comes back can only be for the consent Switchboard asked for.
func (db *DB) OAuthState(inboxID int64) string {
	exp := db.now().Add(15 * time.Minute).Unix()
	return fmt.Sprintf("%d.%d.%s", inboxID, exp, hex.EncodeToString(db.box.MAC(fmt.Appendf(nil, "oauth:%d:%d", inboxID, exp)))[:32])
}

// CheckOAuthState returns the inbox of a state made by OAuthState that has not expired.
func (db *DB) CheckOAuthState(state string) (int64, error) {
	var id, exp int64
	var mac string
	if n, _ := fmt.Sscanf(strings.ReplaceAll(state, ".", " "), "%d %d %s", &id, &exp, &mac); n != 3 || db.now().Unix() > exp ||
		!hmac.Equal([]byte(mac), []byte(hex.EncodeToString(db.box.MAC(fmt.Appendf(nil, "oauth:%d:%d", id, exp)))[:32])) {
		return 0, switchboard.Errorf(switchboard.EINVALID, "This sign-in answer is not for a consent Switchboard asked for, or it came too late: start again.")
	}
	return id, nil
}
