package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// The bench command: the benchmark of BENCHMARK.md, run against real server processes. For each
// engine it seeds the standard data set into a fresh database (through the store, by running
// `switchboard seed`), starts `switchboard serve` on it as a child process, so its resident
// memory is the server's alone, and runs every operation over HTTP and WebSocket as a client
// would; then it imports part of the data set into a second fresh database through the public API.
// It prints one table per engine: each figure beside its target.

// benchOptions are the bench command's flags.
type benchOptions struct {
	engines       []string
	conversations int
	postgresURL   string
	requests      int
	clients       int
	duration      time.Duration
	webhooks      int
	webhookConns  int
	probeRate     int
	wsConns       int
	visitorConns  int
	importN       int
	contacts      int // contacts added to the address book for its figures (0 skips them)
	csvRows       int // rows of the generated contacts CSV imported
	rules         int // enabled rules on message_received created before the ingest figure
	dir           string
	only          map[string]bool // operations to run; empty: all
	name          string          // of the databases: name and name_import
}

// runs reports whether the operation named is to run.
func (o benchOptions) runs(name string) bool { return len(o.only) == 0 || o.only[name] }

func (m *Main) bench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	var o benchOptions
	engines := fs.String("engines", "sqlite,postgres", "engines to measure, comma-separated: sqlite, postgres")
	fs.IntVar(&o.conversations, "conversations", 100000, "size of the data set (even, at least 1000)")
	fs.StringVar(&o.postgresURL, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"a PostgreSQL server to create the benchmark's databases on (see --name; dropped before and after the run)")
	fs.StringVar(&o.name, "name", "switchboard_bench", "the benchmark's databases: NAME and NAME_import (letters, digits and _)")
	fs.IntVar(&o.requests, "requests", 1000, "requests per single-client operation")
	fs.IntVar(&o.clients, "clients", 8, "clients of the concurrent operations")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "how long each concurrent operation runs")
	fs.IntVar(&o.webhooks, "webhooks", 10000, "inbound webhooks sent for the sustained ingest figure")
	fs.IntVar(&o.webhookConns, "webhook-connections", 16, "connections the sustained webhooks come from at once")
	fs.IntVar(&o.probeRate, "probe-rate", 500, "webhooks per second while measuring webhook → WebSocket latency")
	fs.IntVar(&o.wsConns, "ws-connections", 10000, "concurrent WebSocket connections of the load figure")
	fs.IntVar(&o.visitorConns, "visitor-connections", 5000, "concurrent web chat visitor streams of the memory figure")
	fs.IntVar(&o.importN, "import", 20000, "conversations imported through the public API (0 skips the import)")
	fs.IntVar(&o.contacts, "contacts", 0, "contacts added to the address book (straight into the tables) for the address-book search figures; 0 skips them (1000000 for BENCHMARK.md's figure)")
	fs.IntVar(&o.csvRows, "csv-rows", 100000, "rows of the generated contacts CSV imported twice (first import and unchanged re-import) with the address-book figures")
	fs.IntVar(&o.rules, "rules", 0, "enabled rules listening to customers' messages (conditions that rarely match) created before the ingest figure")
	fs.StringVar(&o.dir, "dir", "", "where SQLite databases go (default: a temporary directory, removed afterwards)")
	only := fs.String("only", "", "run only these operations, comma-separated: lists, search, open, auth, concurrent, ingest, realtime, reports, websockets, webchat, import, contacts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *only != "" {
		o.only = map[string]bool{}
		for _, name := range strings.Split(*only, ",") {
			o.only[strings.TrimSpace(name)] = true
		}
	}
	o.engines = strings.Split(*engines, ",")
	for _, e := range o.engines {
		if e != "sqlite" && e != "postgres" {
			return fmt.Errorf("bench: unknown engine %q", e)
		}
	}
	if !regexp.MustCompile(`^[a-z_][a-z0-9_]{0,50}$`).MatchString(o.name) {
		return errors.New("bench: --name must be lower-case letters, digits and _")
	}
	if o.conversations < 1000 || o.conversations%2 != 0 {
		return errors.New("bench: --conversations must be even and at least 1000")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if o.dir == "" {
		dir, err := os.MkdirTemp("", "switchboard-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.dir = dir
	}
	began := time.Now()
	for _, engine := range o.engines {
		b := &benchRun{opts: o, engine: engine, exe: exe, log: m.Stderr}
		if err := b.run(ctx); err != nil {
			return fmt.Errorf("bench %s: %w", engine, err)
		}
		b.print(m.Stdout)
	}
	fmt.Fprintf(m.Stdout, "bench finished in %s\n", time.Since(began).Round(time.Second))
	return nil
}

// benchRun measures one engine.
type benchRun struct {
	opts   benchOptions
	engine string
	exe    string
	log    io.Writer
	rows   []benchRow
	// created are the PostgreSQL databases made for the run, dropped at its end.
	created []string

	srv   *benchServer
	peak  int64 // highest resident set seen while under load, bytes
	admin *benchClient
	me    *benchClient
	wa    *waemu.Server // the WhatsApp emulator of the ingest figures
}

// benchRow is one line of the table: a latency distribution, a rate, or a single figure.
type benchRow struct {
	op       string
	p50, p99 string
	rate     string
	target   string
	met      string // "yes", "no", or "" when the operation has no target
}

func (b *benchRun) progress(format string, args ...any) {
	fmt.Fprintf(b.log, "[%s %s] %s\n", b.engine, time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// large tells which column of targets applies.
func (b *benchRun) large() bool { return b.opts.conversations >= 1000000 }

func (b *benchRun) run(ctx context.Context) error {
	defer b.dropDatabases(context.WithoutCancel(ctx))
	dbURL, err := b.freshDatabase(ctx, b.opts.name)
	if err != nil {
		return err
	}
	b.progress("seeding %d conversations", b.opts.conversations)
	began := time.Now()
	seedArgs := []string{"seed", "--conversations", strconv.Itoa(b.opts.conversations)}
	contacts := b.opts.contacts > 0 && b.opts.runs("contacts")
	if contacts {
		seedArgs = append(seedArgs, "--contacts", strconv.Itoa(b.opts.contacts))
	}
	seed := exec.CommandContext(ctx, b.exe, seedArgs...)
	seed.Env = benchEnv(dbURL, filepath.Join(b.opts.dir, b.engine+"-data"), "")
	seed.Stdout, seed.Stderr = b.log, b.log
	if err := seed.Run(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	seeded := time.Since(began)
	seededWhat := fmt.Sprintf("%d conversations", b.opts.conversations)
	if contacts {
		seededWhat += fmt.Sprintf(" and %d contacts", b.opts.contacts)
	}
	b.add(benchRow{op: "seed " + seededWhat + " through the store",
		rate: perSecond(float64(b.opts.conversations)/seeded.Seconds(), "conv/s"), p50: seeded.Round(100 * time.Millisecond).String()})
	if b.opts.runs("reports") {
		if err := b.rebuildReports(ctx, dbURL, filepath.Join(b.opts.dir, b.engine+"-data")); err != nil {
			return err
		}
	}

	b.srv, err = startBenchServer(ctx, b.exe, dbURL, filepath.Join(b.opts.dir, b.engine+"-data"))
	if err != nil {
		return err
	}
	defer b.srv.stop()
	if b.admin, err = b.srv.login(ctx, 1); err != nil {
		return err
	}
	if b.me, err = b.srv.login(ctx, 4); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let start-up work settle before the idle reading
	idle := b.srv.rss()
	stopSampling := b.sampleMemory()
	for _, step := range []struct {
		name string
		run  func(context.Context) error
	}{{"lists", b.lists}, {"search", b.searches}, {"open", b.openAndReply}, {"auth", b.tokenAuth},
		{"concurrent", b.concurrent}, {"ingest", b.ingest}, {"realtime", b.webhookToFrame}, {"reports", b.reportCalls}} {
		if !b.opts.runs(step.name) {
			continue
		}
		if err := step.run(ctx); err != nil {
			stopSampling()
			return err
		}
	}
	stopSampling()
	memTarget, memMet := "", ""
	if b.large() {
		memTarget = "(BENCHMARK.md sets none at 1M)"
	} else if b.engine == "sqlite" {
		memTarget = "≤ 30 MiB idle, ≤ 120 MiB under load (whole system)"
		memMet = yesNo(idle <= 30<<20 && b.peak <= 120<<20)
	} else {
		memTarget = "(server only; PostgreSQL's own memory is not counted)"
	}
	b.add(benchRow{op: "resident memory: idle / peak under the loads above", p50: mib(idle), p99: mib(b.peak), target: memTarget, met: memMet})
	if contacts {
		if err := b.addressBook(ctx); err != nil {
			return err
		}
	}
	if b.opts.runs("websockets") {
		if err := b.websockets(ctx); err != nil {
			return err
		}
	}
	if b.opts.runs("webchat") {
		if err := b.visitorStreams(ctx); err != nil {
			return err
		}
	}
	b.srv.stop()
	if b.opts.importN > 0 && b.opts.runs("import") {
		return b.importThroughAPI(ctx)
	}
	return nil
}

// add appends a row of the table.
func (b *benchRun) add(r benchRow) { b.rows = append(b.rows, r) }

// addSmall appends a row whose target BENCHMARK.md sets for 100k only: from 1M on it is shown
// without one.
func (b *benchRun) addSmall(r benchRow) {
	if b.large() {
		r.target, r.met = "(BENCHMARK.md sets none at 1M)", ""
	}
	b.add(r)
}

// print writes the table.
func (b *benchRun) print(w io.Writer) {
	column := "100k"
	if b.large() {
		column = "1M"
	}
	fmt.Fprintf(w, "\nSwitchboard %s, %s, %d conversations (targets: the %s column of BENCHMARK.md)\n\n", Version, b.engine, b.opts.conversations, column)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "operation\tp50\tp99\trate\ttarget\tmet")
	for _, r := range b.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.op, dash(r.p50), dash(r.p99), dash(r.rate), dash(r.target), r.met)
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func mib(bytes int64) string { return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20)) }

func perSecond(v float64, unit string) string { return fmt.Sprintf("%.0f %s", v, unit) }

// freshDatabase returns the URL of an empty database called name: a new SQLite file, or a
// PostgreSQL database dropped and created again on the --postgres server.
func (b *benchRun) freshDatabase(ctx context.Context, name string) (string, error) {
	if b.engine == "sqlite" {
		dir := filepath.Join(b.opts.dir, name)
		if err := os.RemoveAll(dir); err != nil {
			return "", err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		return filepath.Join(dir, "switchboard.db"), nil
	}
	if err := b.postgresAdmin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)", "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	b.created = append(b.created, name)
	u, err := url.Parse(b.opts.postgresURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// postgresAdmin runs statements on the --postgres server's own database.
func (b *benchRun) postgresAdmin(ctx context.Context, stmts ...string) error {
	admin, err := sql.Open("pgx", b.opts.postgresURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	for _, q := range stmts {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("postgres at --postgres: %w", err)
		}
	}
	return nil
}

// dropDatabases removes the PostgreSQL databases the run created, as the SQLite files go with
// their temporary directory.
func (b *benchRun) dropDatabases(ctx context.Context) {
	for _, name := range b.created {
		if err := b.postgresAdmin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			b.progress("could not drop database %s: %v", name, err)
		}
	}
}

// benchEnv is the environment of a child process: this one's, without its Switchboard settings
// but SWITCHBOARD_PPROF_LISTEN (to profile the server under the benchmark's load), plus the
// database, data directory and (when set) listen address given, loopback allowed, and no bound
// on one visitor's web chat streams.
func benchEnv(dbURL, dataDir, listen string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "SWITCHBOARD_") && !strings.HasPrefix(kv, "SWITCHBOARD_PPROF_LISTEN=")
	})
	// The replies go to a receiver the bench serves on loopback, which the server must be
	// allowed to reach.
	// The web chat's memory figure holds thousands of streams of one visitor (new visitors are
	// rate limited per address), past the bound a real visitor has.
	env = append(env, "SWITCHBOARD_DATABASE_URL="+dbURL, "SWITCHBOARD_DATA_DIR="+dataDir, "SWITCHBOARD_LOG_LEVEL=warn",
		"SWITCHBOARD_ALLOW_PRIVATE_HOSTS=127.0.0.1", "SWITCHBOARD_VISITOR_STREAMS=1000000")
	if listen != "" {
		env = append(env, "SWITCHBOARD_LISTEN="+listen)
	}
	return env
}

// benchServer is a `switchboard serve` child process.
type benchServer struct {
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
	once   sync.Once
}

func startBenchServer(ctx context.Context, exe, dbURL, dataDir string) (*benchServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	s := &benchServer{base: "http://" + addr, stderr: &lockedBuffer{}}
	s.cmd = exec.Command(exe, "serve")
	s.cmd.Env = benchEnv(dbURL, dataDir, addr)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, s.stderr
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("the server did not become ready: %v\n%s", err, s.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rss returns the server's resident set in bytes (0 where /proc cannot tell).
func (s *benchServer) rss() int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if kb, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
			return n << 10
		}
	}
	return 0
}

// stop ends the server as an operator would, and waits for it.
func (s *benchServer) stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	})
}

// sampleMemory records the server's highest resident set until the returned function is called.
func (b *benchRun) sampleMemory() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			b.peak = max(b.peak, b.srv.rss())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// lockedBuffer is a bytes.Buffer a child process and the bench may use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
