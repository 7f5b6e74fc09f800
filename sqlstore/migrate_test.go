package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		// sqltest already migrated once; a second run must find nothing to do and fail nothing.
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if err := db.Ping(context.Background()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
}
