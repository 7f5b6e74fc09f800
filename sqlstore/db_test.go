package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// The server warns at start when PostgreSQL's autovacuum is off (as on the benchmark's machine):
// AutovacuumOff says what the server's own setting is, and SQLite has none to miss.
func TestAutovacuumOff(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, u := e.Open(t, sqltest.Options{})
			off, err := db.AutovacuumOff(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := false
			if e.Name == "postgres" {
				conn, err := sql.Open("pgx", u)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var setting string
				if err := conn.QueryRow("SHOW autovacuum").Scan(&setting); err != nil {
					t.Fatal(err)
				}
				want = setting == "off"
			}
			if off != want {
				t.Errorf("AutovacuumOff = %v; want %v", off, want)
			}
		})
	}
}
