// Package sqlstore implements Switchboard's services on database/sql, with embedded SQLite
// (modernc.org/sqlite, no cgo) as the zero-configuration default and PostgreSQL (pgx) for larger
// teams and several nodes. The SQL is written once, in the dialect both accept; the few real
// differences (placeholders, full-text search, id ordering of events) live in dialect.go.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"golang.org/x/crypto/bcrypt"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/internal/filestore"
	"github.com/switchboardhq/switchboard/internal/htmlsafe"
	"github.com/switchboardhq/switchboard/internal/secretbox"
)

// Config says where the data lives.
type Config struct {
	// URL is "postgres://…" (or "postgresql://…") for PostgreSQL; anything else is a SQLite file
	// path, optionally prefixed "sqlite:". The directory is created if needed.
	URL string
	// SecretKey seals inbox secrets; 32 bytes.
	SecretKey []byte
	// Now is the clock; nil means time.Now. Tests pass a fake.
	Now func() time.Time
	// MaxConns caps the PostgreSQL pool (default 20); tests use a few per store.
	MaxConns int
	// PasswordCost is the bcrypt work factor for passwords (default 11). Tests lower it.
	PasswordCost int
	// PasswordHashers bounds how many passwords are hashed or checked at once (default half the
	// processors, at least one); more wait for a turn (see withHasher).
	PasswordHashers int
	// Files keeps attachment files; nil refuses uploads.
	Files *filestore.Dir
	// Channels knows each channel kind's rules (the connectors do): what files it accepts, how
	// its inbox settings are checked when saved, its customer-service window. Nil allows
	// switchboard.MaxAttachments files of switchboard.DefaultMaxUpload bytes, any settings
	// object and no window on every channel.
	Channels switchboard.ChannelRules
	// Egress says which private destinations (loopback, office networks) outgoing webhooks may
	// be saved with; nil allows public addresses only. The senders check every connection
	// again: this check is the early, friendly refusal.
	Egress *egress.Policy
	// SLA computes SLA targets' due and warning times (package automation's SLAPlanner); nil
	// refuses to apply SLA policies.
	SLA switchboard.SLAPlanner
	// Reports folds events into report facts and rollups (package reports' Folder); nil turns
	// reports off: FollowReports does nothing and the store's changes record nothing for them.
	Reports switchboard.ReportFolder
	// AnalysisDelay is how long after a customer's message its turn is analysed (a burst of
	// messages is read as one turn); TrainDelay how long after a change of labels the label
	// model is retrained. Zero (tests) runs them at once.
	AnalysisDelay, TrainDelay time.Duration
}

// DB is an open store. It is safe for concurrent use.
type DB struct {
	write   *sql.DB // SQLite: one connection, so writers queue in Go rather than on SQLITE_BUSY
	read    *sql.DB // SQLite: a pool of readers; PostgreSQL: the same pool as write
	dialect dialect
	box     *secretbox.Box
	now     func() time.Time
	url     string
	// changes is signalled after every commit that wrote events (and, on PostgreSQL, when another
	// node's commit is announced); see Changes.
	changes chan struct{}
	// announcer names this process in its announcements of commits (see Listen), so that it
	// does not read the log once more for commits it signalled already.
	announcer string
	files     *filestore.Dir
	channels  switchboard.ChannelRules
	egress    *egress.Policy
	sla       switchboard.SLAPlanner
	reports   switchboard.ReportFolder
	// notifyStepCap, when positive, replaces maxStepDeliveries (tests).
	notifyStepCap int
	// reportTurn alternates the follower's steps between the history backfill and the live
	// events while a backfill runs (see FollowReports).
	reportTurn atomic.Uint64
	// jobsChanged is signalled after a commit that enqueued jobs; see JobsChanged.
	jobsChanged chan struct{}
	html        *htmlsafe.Policy
	cost        int // bcrypt work factor
	// dummyHash is compared against when a sign-in names an unknown email, so a wrong email and
	// a wrong password take the same time. Made on first use.
	dummyHash func() []byte
	// hashers holds a token for every bcrypt computation running (see withHasher); passwordWait
	// is how long one waits for a turn.
	hashers      chan struct{}
	passwordWait time.Duration

	rebound sync.Map // query text with ? → PostgreSQL's $n form
	// stmts caches prepared statements by pool and query (SQLite); see stmt.
	stmts     sync.Map
	stmtCount atomic.Int64
	// webhookNoted is when this process last recorded a webhook per inbox; see noteWebhook.
	webhookNoted sync.Map
	// writes queue the calls of update for the goroutines that commit them in groups (see
	// startCommitters).
	writes     []chan *write
	writesOnce sync.Once
	// commits counts commits; the checkpointer (SQLite) skips its turn when nothing was
	// committed since the last.
	commits atomic.Int64
	// textPages counts the pages written to SQLite's full-text index since it was last merged
	// (see mergeText).
	textPages atomic.Int64
	// configGen counts the configuration changes committed on this node (see
	// Tx.configChanged); what is remembered of an older count is not used (see remembered).
	configGen atomic.Int64
	// verifiedSecrets remembers verified API tokens and sessions by hash.
	verifiedSecrets remembered[string, *verifiedSecret]
	// channelInboxes remembers inboxes with their secrets, for channels (see ChannelInbox).
	channelInboxes remembered[int64, *channelInbox]
	// agentScopes remembers the inboxes each agent belongs to (see actorScope).
	agentScopes remembered[int64, agentScope]
	// liveWebhooks remembers the enabled webhooks (see dispatchWebhooks).
	liveWebhooks remembered[struct{}, []*Webhook]
	// liveRules remembers the enabled rules (see dispatchRules).
	liveRules remembered[struct{}, *ruleSet]
	// liveAssistant remembers whether analysis is on (see dispatchAnalysis).
	liveAssistant remembered[struct{}, assistantSwitch]
	// analysisDelay and trainDelay are Config's AnalysisDelay and TrainDelay.
	analysisDelay, trainDelay time.Duration
	// beforeCommit, set by tests only, runs between a transaction's last statement and its
	// commit: where a slow commit would let later ones overtake it.
	beforeCommit func()
	// contactBounds replace contactSetBound and contactWalkBound when set (tests).
	contactBounds *[2]int
	// heard, set by tests only, is told of every announcement Listen hears: whether it came from
	// another process (and so signalled Changes).
	heard func(fromOthers bool)
	// writesFailing is set while writes fail as Unavailable (see noteWrite and Ready).
	writesFailing atomic.Bool
	// readOnly, set by InjectFault on PostgreSQL, makes every write transaction read only.
	readOnly atomic.Bool
	// checkpoints is SQLite's connection for checkpointing the log; see checkpointLoop.
	checkpoints                      *sql.DB
	walPath                          string       // SQLite's log file
	walLimit                         atomic.Int64 // see walLimit; tests lower it
	stopCheckpoints, checkpointsDone chan struct{}
}

// Open connects to the database named by cfg.URL. It does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	box, err := secretbox.New(cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	db := &DB{box: box, now: cfg.Now, url: cfg.URL, changes: make(chan struct{}, 1), jobsChanged: make(chan struct{}, 1), html: htmlsafe.New(),
		files: cfg.Files, channels: cfg.Channels, egress: cfg.Egress, sla: cfg.SLA, reports: cfg.Reports, announcer: rand.Text(),
		analysisDelay: cfg.AnalysisDelay, trainDelay: cfg.TrainDelay}
	db.walLimit.Store(walLimit)
	if db.now == nil {
		db.now = time.Now
	}
	db.initRemembered()
	if db.cost = cfg.PasswordCost; db.cost == 0 {
		db.cost = bcryptCost
	}
	hashers := cfg.PasswordHashers
	if hashers <= 0 {
		hashers = defaultHashers()
	}
	db.hashers, db.passwordWait = make(chan struct{}, hashers), passwordWait
	db.dummyHash = sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("switchboard-dummy-password"), db.cost)
		return h
	})
	if IsPostgresURL(cfg.URL) {
		db.dialect = dialectPostgres
		pool, err := sql.Open("pgx", cfg.URL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		n := cfg.MaxConns
		if n <= 0 {
			n = 20
		}
		pool.SetMaxOpenConns(n)
		pool.SetMaxIdleConns(n)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = pool, pool
	} else {
		db.dialect = dialectSQLite
		path := strings.TrimPrefix(cfg.URL, "sqlite:")
		if path == "" {
			return nil, errors.New("open sqlite: empty path")
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("open sqlite: %w", err)
			}
		}
		// WAL lets readers run while the single writer commits; FULL synchronous makes a commit
		// survive power loss, not only a crash, because a committed message may already have
		// been acknowledged to a provider.
		base := "file:" + url.PathEscape(path) + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)" +
			"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
		// The writer does not checkpoint: copying the log into the database (and syncing it)
		// would stall whichever commit crossed the threshold, an agent's reply or a webhook, by
		// tens of milliseconds. A connection of its own does it in the background instead.
		// journal_size_limit: once a checkpoint has copied the whole log, the next write starts
		// it again from the top and cuts the file down to this size, so a burst's log does not
		// keep its disk space for good (see checkpointLoop for a log that never gets there).
		db.walPath = path + "-wal"
		if db.write, err = sql.Open("sqlite", base+"&_txlock=immediate&_pragma=wal_autocheckpoint(0)"+
			fmt.Sprintf("&_pragma=journal_size_limit(%d)", walKeep)); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxIdleTime(0)
		if db.checkpoints, err = sql.Open("sqlite", base); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db.checkpoints.SetMaxOpenConns(1)
		if db.read, err = sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=cache_size(-8000)"); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		n := max(4, 2*runtime.GOMAXPROCS(0))
		db.read.SetMaxOpenConns(n)
		db.read.SetMaxIdleConns(n)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.checkpoints != nil {
		db.stopCheckpoints = make(chan struct{})
		db.checkpointsDone = make(chan struct{})
		go db.checkpointLoop()
	}
	return db, nil
}

// checkpointEvery is how often the SQLite log is copied into the database when it has grown.
const checkpointEvery = time.Second

// walKeep is the size SQLite's log file is cut down to when it starts again from the top, and
// walLimit the size beyond which the checkpointer empties it however busy the store is.
const (
	walKeep  = 16 << 20
	walLimit = 64 << 20
)

// checkpointLoop checkpoints the SQLite log in the background until Close: passively, so that
// it never waits for, or makes wait, a reader or the writer. Under steady load a passive
// checkpoint may never find a moment with no reader in the log, and the log never starts
// again from the top: it grew to hundreds of megabytes beside a database a tenth of that size,
// until shutdown. Once it passes walLimit, a TRUNCATE checkpoint waits for the readers of the
// moment to finish (writers wait meanwhile, a few milliseconds) and empties it.
func (db *DB) checkpointLoop() {
	defer close(db.checkpointsDone)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	var done int64
	for {
		select {
		case <-db.stopCheckpoints:
			return
		case <-t.C:
		}
		if n := db.commits.Load(); n != done {
			if _, err := db.checkpoints.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err == nil {
				done = n
			}
		}
		if fi, err := os.Stat(db.walPath); err == nil && fi.Size() > db.walLimit.Load() {
			_, _ = db.checkpoints.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		}
	}
}

// Analyze refreshes the statistics the query planner chooses indexes by: how many rows an inbox,
// a status or an agent holds. Without them SQLite takes every equality for a selective one and
// may read a whole big inbox to sort it instead of walking the index that is already in order.
//
// On SQLite it reads every index (sampling with analysis_limit made an inbox of 100,000
// conversations look like one of 1,001, and brought the slow plan back), and it keeps the
// per-index statistics but not the per-value samples of sqlite_stat4: with those, a statement
// is compiled again whenever a bound value changes, which on the write path cost a quarter of a
// webhook's time, and the views' indexes need no per-value plans.
func (db *DB) Analyze(ctx context.Context) error {
	steps := []string{"ANALYZE"}
	if db.dialect.name == "sqlite" {
		steps = []string{"ANALYZE",
			// sqlite_stat4 exists where SQLite is built with SQLITE_ENABLE_STAT4, as this one is.
			"DELETE FROM sqlite_stat4 WHERE EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4')",
			"ANALYZE sqlite_schema"}
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer conn.Close()
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("analyze: %s: %w", q, err)
		}
	}
	return nil
}

// AnalyzeIfGrown runs Analyze on SQLite when the conversations have no statistics yet or have
// doubled since they were taken, so the cost (a read of every index, with writes waiting) is
// paid a few times in a store's life rather than every hour. PostgreSQL's autovacuum keeps its
// statistics itself.
func (db *DB) AnalyzeIfGrown(ctx context.Context) error {
	if db.dialect.name != "sqlite" {
		return nil
	}
	var rows, known int64
	if err := db.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM conversations").Scan(&rows); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	var stat string
	err := db.queryRow(ctx, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'conversations' LIMIT 1").Scan(&stat)
	if err != nil && !errors.Is(err, sql.ErrNoRows) && !strings.Contains(err.Error(), "no such table") {
		return fmt.Errorf("analyze: %w", err)
	}
	if f := strings.Fields(stat); len(f) > 0 {
		known, _ = strconv.ParseInt(f[0], 10, 64)
	}
	if rows < 1000 || (known > 0 && rows < 2*known) {
		return nil // small enough for any plan, or analysed at about this size
	}
	return db.Analyze(ctx)
}

// plannedEachRun returns a query's arguments with, on PostgreSQL, the option that has the query
// planned for its arguments at every run (pgx's QueryExecModeCacheDescribe: still one round
// trip) instead of by the plan PostgreSQL caches for a statement after its first few runs,
// which is made for any arguments and for the tables as they were then. For queries whose best
// plan depends on the argument or on a table that grows from empty; the rest keep the cached
// plan, which saves planning every time.
func (db *DB) plannedEachRun(args []any) []any {
	if db.dialect.name != "postgres" {
		return args
	}
	return append([]any{pgx.QueryExecModeCacheDescribe}, args...)
}

// AutovacuumOff reports whether the database is PostgreSQL with autovacuum switched off: its
// planner statistics then go stale as the tables grow, and nothing reclaims dead rows or empties
// the full-text index's pending list but the writers themselves. SQLite has no autovacuum to
// miss (the store refreshes its statistics itself: AnalyzeIfGrown).
func (db *DB) AutovacuumOff(ctx context.Context) (bool, error) {
	if db.dialect.name != "postgres" {
		return false, nil
	}
	var on bool
	if err := db.queryRow(ctx, "SELECT current_setting('autovacuum')::boolean").Scan(&on); err != nil {
		return false, fmt.Errorf("read autovacuum setting: %w", err)
	}
	return !on, nil
}

// IsPostgresURL reports whether u names a PostgreSQL database.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name }

// Ping checks that the database answers; readiness probes use it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.dialect.name, err)
	}
	if db.read != db.write {
		if err := db.read.PingContext(ctx); err != nil {
			return fmt.Errorf("ping %s readers: %w", db.dialect.name, err)
		}
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	var err error
	if db.checkpoints != nil {
		if db.stopCheckpoints != nil {
			close(db.stopCheckpoints)
			<-db.checkpointsDone
		}
		// Leave the log empty, so the database file alone holds everything.
		_, _ = db.checkpoints.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		err = db.checkpoints.Close()
	}
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// q rewrites a query written with ? placeholders into the dialect's form, once per query text.
func (db *DB) q(query string) string {
	if db.dialect.name != "postgres" {
		return query
	}
	if v, ok := db.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	db.rebound.Store(query, b.String())
	return b.String()
}

// queryRow runs a single-row read on the read pool.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := db.stmt(ctx, db.read, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, db.q(query), args...)
}

// query runs a read on the read pool.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := db.stmt(ctx, db.read, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, db.q(query), args...)
}

// maxCachedStatements bounds the statement cache: queries built with a varying number of
// placeholders (IN lists) would otherwise grow it without end.
const maxCachedStatements = 1000

type stmtKey struct {
	pool  *sql.DB
	query string
}

// stmt returns the query prepared on a pool, preparing it the first time, so SQLite parses and
// plans each statement once per connection instead of on every call (parsing was a third of a
// webhook's cost). PostgreSQL's driver caches prepared statements itself: it gets nil, as does
// a query once the cache is full.
func (db *DB) stmt(ctx context.Context, pool *sql.DB, query string) *sql.Stmt {
	if db.dialect.name == "postgres" {
		return nil
	}
	k := stmtKey{pool, query}
	if st, ok := db.stmts.Load(k); ok {
		return st.(*sql.Stmt)
	}
	if db.stmtCount.Load() >= maxCachedStatements {
		return nil
	}
	st, err := pool.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil // the plain call reports the error
	}
	if prev, loaded := db.stmts.LoadOrStore(k, st); loaded {
		st.Close()
		return prev.(*sql.Stmt)
	}
	db.stmtCount.Add(1)
	return st
}
