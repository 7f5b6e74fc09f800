// Package sqltest gives tests a fresh, migrated store on every engine: SQLite always, and
// PostgreSQL when SWITCHBOARD_TEST_POSTGRES_URL is set (a new schema per test, dropped after).
// Under CI (CI=true) a missing PostgreSQL URL fails the test instead of skipping the engine, so a
// green run always means both engines passed.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/internal/filestore"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// PostgresEnv names the variable holding the PostgreSQL URL for tests.
const PostgresEnv = "SWITCHBOARD_TEST_POSTGRES_URL"

// Options adjust the store a test gets.
type Options struct {
	Now func() time.Time
	// Channels gives the channel kinds' rules (media limits, windows); nil has none.
	Channels switchboard.ChannelRules
	// Egress allows private destinations for webhooks; nil allows public ones only.
	Egress *egress.Policy
	// SLA computes SLA timers (automation.SLAPlanner); nil refuses to apply SLA policies.
	SLA switchboard.SLAPlanner
	// Reports folds events for reports (reports.Folder, or a test's fake); nil turns them off.
	Reports switchboard.ReportFolder
}

// Engine is one database engine tests run on.
type Engine struct {
	Name string
	// Open returns a fresh migrated store (and its URL) that is closed and removed when t ends.
	Open func(t testing.TB, o Options) (*sqlstore.DB, string)
}

// Engines returns the engines to test on.
func Engines(t testing.TB) []Engine {
	engines := []Engine{{Name: "sqlite", Open: openSQLite}}
	if os.Getenv(PostgresEnv) != "" {
		engines = append(engines, Engine{Name: "postgres", Open: openPostgres})
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set under CI: the PostgreSQL tests must run", PostgresEnv)
	}
	return engines
}

// Run runs fn as a subtest on every engine with a fresh store. The test runs in parallel with
// other tests: each has its own database.
func Run(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	RunWith(t, Options{}, fn)
}

// RunWith is Run with options.
func RunWith(t *testing.T, o Options, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Parallel()
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, _ := e.Open(t, o)
			fn(t, db)
		})
	}
}

// Key is a fixed secret key for tests.
var Key = []byte("0123456789abcdef0123456789abcdef")

func openSQLite(t testing.TB, o Options) (*sqlstore.DB, string) {
	t.Helper()
	u := filepath.Join(t.TempDir(), "switchboard.db")
	return open(t, u, o), u
}

func openPostgres(t testing.TB, o Options) (*sqlstore.DB, string) {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "sbtest_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return open(t, pu.String(), o), pu.String()
}

func open(t testing.TB, u string, o Options) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	files, err := filestore.New(t.TempDir())
	if err != nil {
		t.Fatalf("file store: %v", err)
	}
	db, err := sqlstore.Open(ctx, sqlstore.Config{URL: u, SecretKey: Key, Now: o.Now, MaxConns: 4, PasswordCost: bcrypt.MinCost,
		Files: files, Channels: o.Channels, Egress: o.Egress, SLA: o.SLA, Reports: o.Reports})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
