package sqlstore

import (
	"context"

	"github.com/switchboardhq/switchboard"
)

// RecordedOwnersForTest looks up, in one write transaction as the inbound path does, the
// contact each new address was recorded for (0 for none): what identity linking adds to a new
// sender's first message.
func (db *DB) RecordedOwnersForTest(ctx context.Context, kind switchboard.IdentityKind, addrs []string) ([]int64, error) {
	out := make([]int64, len(addrs))
	err := db.update(ctx, func(tx *Tx) error {
		for i, a := range addrs {
			id, _, err := tx.recordedOwner(kind, a)
			if err != nil {
				return err
			}
			out[i] = id
		}
		return nil
	})
	return out, err
}
