package sqlstore_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestChangesCrossNodes shows that a commit on one node signals another node's Changes on
// PostgreSQL, where several nodes share a database.
func TestChangesCrossNodes(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		if e.Name != "postgres" {
			continue
		}
		a, url := e.Open(t, sqltest.Options{})
		b, err := sqlstore.Open(context.Background(), sqlstore.Config{URL: url, SecretKey: sqltest.Key, MaxConns: 2})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go b.Listen(ctx, slog.New(slog.DiscardHandler))
		// Listen signals once when it starts listening; after that, only commits do.
		select {
		case <-b.Changes():
		case <-time.After(10 * time.Second):
			t.Fatal("listener did not start")
		}
		if _, err := a.CreateFirstAdmin(context.Background(), &switchboard.AgentCreate{Name: "A", Email: "a@x.test", Password: "long enough password"}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-b.Changes():
		case <-time.After(10 * time.Second):
			t.Fatal("node b was not told of node a's commit")
		}
	}
}
