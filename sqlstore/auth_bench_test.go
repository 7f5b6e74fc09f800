package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkTokenAgent measures verifying a personal API token: one indexed lookup of its hash.
func BenchmarkTokenAgent(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, _ := e.Open(b, sqltest.Options{})
			ctx := context.Background()
			admin, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "A", Email: "a@x.test", Password: "long enough password"})
			if err != nil {
				b.Fatal(err)
			}
			secret, _, err := db.CreateAPIToken(switchboard.NewContextWithAgent(ctx, admin), "bench")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := db.TokenAgent(ctx, secret); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
