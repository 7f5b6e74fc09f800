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
		heard := make(chan bool, 8)
		b.SetHeardForTest(func(fromOthers bool) { heard <- fromOthers })
		go b.Listen(ctx, slog.New(slog.DiscardHandler))
		// Listen signals once when it starts listening; after that, only commits do.
		select {
		case <-b.Changes():
		case <-time.After(10 * time.Second):
			t.Fatal("listener did not start")
		}
		// b hears its own commit announced too, and knows it for its own: the commit signalled
		// as it committed.
		if _, err := b.CreateFirstAdmin(context.Background(), &switchboard.AgentCreate{Name: "B", Email: "b@x.test", Password: "long enough password"}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-b.Changes():
		default:
			t.Fatal("node b's commit did not signal")
		}
		select {
		case fromOthers := <-heard:
			if fromOthers {
				t.Error("node b took its own commit's announcement for another node's")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("node b did not hear its own commit announced")
		}
		sys := switchboard.NewSystemContext(context.Background())
		if _, err := a.CreateAgent(sys, &switchboard.AgentCreate{Name: "A", Email: "a@x.test", Role: switchboard.RoleAgent, Password: "long enough password"}); err != nil {
			t.Fatal(err)
		}
		select {
		case fromOthers := <-heard:
			if !fromOthers {
				t.Error("node b took node a's announcement for its own")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("node b did not hear node a's commit announced")
		}
		select {
		case <-b.Changes():
		case <-time.After(10 * time.Second):
			t.Fatal("node b was not told of node a's commit")
		}
	}
}
