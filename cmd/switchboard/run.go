package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/switchboardhq/switchboard/contacts"
	"github.com/switchboardhq/switchboard/crm"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/internal/filestore"
	"github.com/switchboardhq/switchboard/internal/imageproxy"
	"github.com/switchboardhq/switchboard/internal/logthrottle"
	"github.com/switchboardhq/switchboard/realtime"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/web"
)

// Version is the release, set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// Main is the program: its streams and environment are fields so tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Started, if set, receives the address the server listens on once it accepts connections.
	Started chan<- string
	// Client, if set, makes the calls out to providers and integrations and fetches the files
	// they link (tests give one that trusts their TLS servers); else one with a 30-second timeout.
	Client *http.Client

	registryOnce sync.Once
	registry     *channel.Registry
	// webchat is the web chat's connector, told of the realtime hub once there is one.
	webchat webchat.Connector
	// visitorConnected reports whether a web chat visitor has a widget open (the hub's).
	visitorConnected func(inboxID, visitorID int64) bool
	client           *http.Client // Client or the default, for connectors and the channel worker
	files            *filestore.Dir
	oauthOnce        sync.Once
	// assistantSvc is the AI assistance, made once (see assistant).
	assistantSvc  *assistant.Service
	assistantOnce sync.Once
	rulesOnce     sync.Once
	rules         *automation.Engine
	oauthClient   *email.OAuth
	logOnce       sync.Once
	log           *slog.Logger
	// opened, set by tests, is handed the store once it is open (to inject faults into it).
	opened func(*sqlstore.DB)
	// egress is the configuration's policy for outgoing requests, set before the channels are.
	egress *egress.Policy
	// secret is the installation's secret key, read once by open (it seals the store's secrets
	// and signs the notification emails' unsubscribe links).
	secret []byte
}

const usage = `Usage: switchboard [command]

Commands:
  serve                 run the server (the default)
  demo                  run a demo workspace (in ./data-demo) whose WhatsApp, Messenger, Instagram, SMS and website
                        chat inboxes are simulated: customers write, answer replies and react; no provider needed
  migrate               apply database migrations and exit
  user create           create an agent: --email, --name, --role admin|supervisor|agent,
                        --password or --password-stdin; the first agent may be an admin
  user password         reset an agent's password (any agent's, an admin's too), ending their
                        sessions and API tokens: --email, --password or --password-stdin
  seed                  fill an empty database with the benchmark data set (see BENCHMARK.md):
                        --conversations N (default 100000); agents agent01…agent20@bench.test,
                        password "bench password"
  reports rebuild       forget the reports' facts and figures and record them again from the conversations'
                        tables and the event log, printing progress (docs/reports.md)
  bench                 run the benchmark of BENCHMARK.md against server processes it starts, on
                        fresh databases, and print each figure beside its target: --engines
                        sqlite,postgres --conversations 100000 --postgres URL (see
                        docs/performance.md for every flag)
  version               print the version

Configuration comes from SWITCHBOARD_* environment variables; see the README.
`

// Run runs the command named by args.
func (m *Main) Run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return m.serve(ctx)
	case "demo":
		return m.demo(ctx)
	case "migrate":
		db, _, err := m.open(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintf(m.Stdout, "%s database is up to date\n", db.Engine())
		return nil
	case "user":
		return m.user(ctx, args)
	case "seed":
		return m.seed(ctx, args)
	case "reports":
		if len(args) != 1 || args[0] != "rebuild" {
			fmt.Fprint(m.Stderr, usage)
			return errReportsUsage
		}
		db, _, err := m.open(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		return rebuildReports(ctx, db, m.Stdout)
	case "bench":
		return m.bench(ctx, args)
	case "version":
		fmt.Fprintln(m.Stdout, "switchboard", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	fmt.Fprint(m.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// open loads the configuration, opens the store and migrates it.
func (m *Main) open(ctx context.Context) (*sqlstore.DB, *Config, error) {
	cfg, err := loadConfig(m.Getenv)
	if err != nil {
		return nil, nil, err
	}
	log := m.logger(cfg)
	key, err := cfg.secretKey(log)
	if err != nil {
		return nil, nil, err
	}
	files, err := filestore.New(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, nil, err
	}
	m.files = files
	m.egress = cfg.Egress
	m.secret = key
	db, err := sqlstore.Open(ctx, sqlstore.Config{URL: cfg.DatabaseURL, SecretKey: key, Files: files,
		Channels: m.channels(), Egress: cfg.Egress, SLA: automation.SLAPlanner{}, Reports: reports.NewFolder(),
		AnalysisDelay: cfg.AnalysisDelay, TrainDelay: cfg.TrainDelay})
	if err != nil {
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	if m.opened != nil {
		m.opened(db)
	}
	return db, cfg, nil
}

// logger is the process's log: JSON on standard error, with repeated warnings and errors
// throttled (a full disk or a database outage would otherwise log every request's failure).
func (m *Main) logger(cfg *Config) *slog.Logger {
	m.logOnce.Do(func() {
		var level slog.Level
		if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
			level = slog.LevelInfo
		}
		m.log = slog.New(logthrottle.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level}), logthrottle.Options{}))
	})
	return m.log
}

func (m *Main) serve(ctx context.Context) error {
	db, cfg, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := m.logger(cfg)

	hub := realtime.NewHub(db, log, realtime.Options{AwayAfter: cfg.AwayAfter, VisitorStreams: cfg.VisitorStreams})
	merges := &contacts.Service{Contacts: db, Store: db}
	widget := &webchat.Service{Store: db, Agents: hub, Linker: merges}
	hub.AttachVisitors(widget)
	m.webchat.Signals, m.webchat.Inboxes, m.webchat.Followups = hub, db, db
	m.visitorConnected = hub.VisitorConnected
	go func() {
		if err := hub.Run(ctx); err != nil {
			log.Error("realtime hub stopped", "err", err)
		}
	}()
	go db.Listen(ctx, log)
	go maintain(ctx, db, log, cfg.PayloadRetention)
	// The reports' follower stops before the store closes, whichever way serve returns.
	followCtx, stopFollowing := context.WithCancel(ctx)
	followDone := make(chan struct{})
	go func() {
		defer close(followDone)
		(&reportFollower{Store: db, Log: log, Every: cfg.ReportsInterval}).Run(followCtx)
	}()
	notifyDone := make(chan struct{})
	go func() {
		defer close(notifyDone)
		followNotifications(followCtx, db, log, cfg.NotifyInterval, hub.Published())
	}()
	defer func() { stopFollowing(); <-followDone; <-notifyDone }()
	notices := m.newNotifier(db, cfg, log)
	go (&email.Supervisor{Store: db, Log: log, Every: cfg.MailRescan, OAuth: m.oauth()}).Run(ctx)
	if cfg.SMTPListen != "" {
		sln, err := net.Listen("tcp", cfg.SMTPListen)
		if err != nil {
			return fmt.Errorf("listen for SMTP: %w", err)
		}
		log.Info("taking mail over SMTP", "addr", sln.Addr().String())
		go func() {
			if err := (&email.Listener{Store: db, Log: log}).Serve(ctx, sln); err != nil {
				log.Error("SMTP listener stopped", "err", err)
			}
		}()
	}
	api := &httpapi.Server{
		Agents: db, Auth: db, Teams: db, Inboxes: db, Hours: db, Assignment: db, TeamAssignment: db, SLA: db, Bots: db, CSAT: db, Labels: db, Canned: db, Contacts: db, Audit: db, ContactImports: db, Merges: merges,
		ContactNotes: db, Conversations: db, Messages: db, Scheduled: db, Search: db, Events: db, Inbound: db, Presence: db, Webhooks: db, Rules: db, RuleDryRun: m.ruleEngine(db), Jobs: db, Imports: db, ContactAttributes: db,
		CRMSettings: db, CRM: &crm.Service{Settings: db, Contacts: db, Client: cfg.Egress.Client(crm.DefaultTimeout)},
		Assistant: db, AssistantTester: m.assistant(db, log, cfg), Reports: reports.NewService(db, db),
		Notifications: db, NotificationMail: db, NotificationMailTester: notices.mailer, Unsubscriber: notices.unsubscribe,
		Translate: m.translations(db, log, cfg), Translations: db, Copilot: m.copilot(db, log, cfg), ApertiumPairs: apertiumPairs,
		Attachments: db, Channels: m.channels(), MaxUploadBytes: cfg.MaxUpload,
		ProviderWebhooks: m.channelWorker(db, log), Comments: m.channelWorker(db, log), Templates: db, ChannelHealth: db,
		Typing: &channel.Typing{Store: db, Channels: m.channels(), Log: log},
		OAuth:  &channel.OAuthFlow{Store: db, Channels: m.channels()},
		Images: &imageproxy.Fetcher{Client: m.outbound()},
		Stream: http.HandlerFunc(hub.ServeWS), Widget: widget, WidgetStream: hub, Visitors: db,
		Logger: log, Version: Version, Ready: db.Ready, Unavailable: sqlstore.Unavailable, TrustedProxies: cfg.TrustedProxies, SecureCookies: cfg.SecureCookies,
	}
	apiHandler := api.Handler()
	mux := http.NewServeMux()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/", web.Handler())

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + ln.Addr().String()
	}
	runner := m.jobRunner(db, log, cfg, nodeName(cfg, ln.Addr()))
	notices.handle(runner, cfg)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		_ = runner.Run(ctx)
	}()
	if cfg.PprofListen != "" {
		if err := servePprof(ctx, cfg.PprofListen, log); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	addr := ln.Addr().String()
	log.Info("switchboard started", "version", Version, "addr", "http://"+addr, "database", db.Engine())
	if off, err := db.AutovacuumOff(ctx); err == nil && off {
		log.Warn("PostgreSQL's autovacuum is off: its statistics go stale and dead rows stay as the tables grow, and queries slow down; turn it on (autovacuum = on in postgresql.conf)")
	}
	if setup, err := db.NeedsSetup(ctx); err == nil && setup {
		log.Info("no agent exists yet: create the first admin with POST /api/v1/setup or `switchboard user create --role admin`")
	}
	if m.Started != nil {
		m.Started <- addr
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// The jobs under way record how they ended before the store closes: a job left marked
	// running would wait out its lease (SWITCHBOARD_JOB_LEASE) before another node or the next
	// start took it, and its message with it.
	select {
	case <-jobsDone:
	case <-shutdown.Done():
		log.Warn("jobs still running at shutdown; they are taken up again when their leases run out")
	}
	return nil
}

// nodeName is the node's name in job leases: SWITCHBOARD_NODE_NAME, or the host name and the
// port it listens on, which stay the same when it restarts and differ between nodes on a host.
func nodeName(cfg *Config, addr net.Addr) string {
	if cfg.NodeName != "" {
		return cfg.NodeName
	}
	host, _ := os.Hostname()
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return fmt.Sprintf("%s:%d", host, tcp.Port)
	}
	return host
}

// maintain does the store's housekeeping, at start and hourly: it removes providers' raw webhooks
// older than the retention and notifications older than theirs, and refreshes the query
// planner's statistics as the store grows.
func maintain(ctx context.Context, db *sqlstore.DB, log *slog.Logger, keep time.Duration) {
	for {
		n, err := db.PruneProviderPayloads(ctx, time.Now().Add(-keep))
		if err != nil && ctx.Err() == nil {
			log.Warn("prune provider payloads", "err", err)
		} else if n > 0 {
			log.Info("pruned provider payloads", "count", n)
		}
		sys := switchboard.NewSystemContext(ctx)
		if n, err := db.PruneNotifications(sys, time.Now().Add(-switchboard.NotificationRetention)); err != nil && ctx.Err() == nil {
			log.Warn("prune notifications", "err", err)
		} else if n > 0 {
			log.Info("pruned notifications", "count", n)
		}
		if err := db.AnalyzeIfGrown(ctx); err != nil && ctx.Err() == nil {
			log.Warn("refresh planner statistics", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// home explains where things are until the web UI is built into the binary.
func (m *Main) seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	n := fs.Int("conversations", 100000, "conversations to generate (even, at least 20)")
	contacts := fs.Int("contacts", 0, "contacts without conversations to add to the address book afterwards (see SeedContacts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, _, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	last := time.Now()
	err = db.SeedBenchmark(ctx, *n, func(done int) {
		if time.Since(last) > 5*time.Second {
			fmt.Fprintf(m.Stdout, "%d of %d conversations (%.0f/s)\n", done, *n, float64(done)/time.Since(start).Seconds())
			last = time.Now()
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "seeded %d conversations, %d messages into %s in %s\n", *n, *n*5, db.Engine(), time.Since(start).Round(time.Millisecond))
	// The seeded rows have no events: the reports take them as history older than themselves,
	// recorded by the server's follower (or at once by `switchboard reports rebuild`).
	if err := db.ResetReports(switchboard.NewSystemContext(ctx)); err != nil {
		return err
	}
	if *contacts > 0 {
		start = time.Now()
		if err := db.SeedContacts(switchboard.NewSystemContext(ctx), *contacts, 0); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "seeded %d contacts into %s in %s\n", *contacts, db.Engine(), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "password") {
		fmt.Fprint(m.Stderr, usage)
		return errors.New("user: want create or password")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	email := fs.String("email", "", "the agent's email")
	name := fs.String("name", "", "the agent's name (create)")
	role := fs.String("role", "agent", "admin, supervisor or agent (create)")
	tz := fs.String("time-zone", "UTC", "IANA time zone (create)")
	password := fs.String("password", "", "the password (visible to other local users; prefer --password-stdin)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *fromStdin {
		line, err := bufio.NewReader(m.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	db, _, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := switchboard.NewSystemContext(ctx)
	if args[0] == "create" {
		a, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: *name, Email: *email, Role: switchboard.Role(*role), TimeZone: *tz, Password: *password})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(m.Stdout, "created %s %s <%s> (id %d)\n", a.Role, a.Name, a.Email, a.ID)
		return nil
	}
	a, err := db.FindAgentByEmail(sys, *email)
	if err != nil {
		return describe(err)
	}
	if err := db.SetPassword(sys, a.ID, *password); err != nil {
		return describe(err)
	}
	fmt.Fprintf(m.Stdout, "password of %s changed\n", a.Email)
	return nil
}

// describe turns a domain error into one line naming the problem fields.
func describe(err error) error {
	fields := switchboard.ErrorFields(err)
	if len(fields) == 0 || switchboard.ErrorCode(err) == switchboard.EINTERNAL {
		if switchboard.ErrorCode(err) == switchboard.EINTERNAL {
			return err
		}
		return errors.New(switchboard.ErrorMessage(err))
	}
	parts := []string{switchboard.ErrorMessage(err)}
	for k, v := range fields {
		parts = append(parts, "--"+strings.ReplaceAll(k, "_", "-")+": "+v)
	}
	return errors.New(strings.Join(parts, " "))
}

// servePprof serves Go's profiler on its own address until ctx ends.
func servePprof(ctx context.Context, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("pprof listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	go func() { _ = srv.Serve(ln) }()
	log.Warn("the profiler is served without authentication", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return nil
}
