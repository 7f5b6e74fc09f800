package main

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/internal/secretbox"
)

// Config is everything the binary can be told. Every field has a default that runs with no
// set-up at all; environment variables SWITCHBOARD_* override them, and so does an optional file
// of KEY=value lines named by SWITCHBOARD_CONFIG (the environment wins over the file). Any
// variable may instead be read from a file named by the same variable with a _FILE suffix, which
// is how container secrets are usually mounted.
type Config struct {
	Listen        string // SWITCHBOARD_LISTEN, default 127.0.0.1:8080
	DataDir       string // SWITCHBOARD_DATA_DIR, default ./data
	DatabaseURL   string // SWITCHBOARD_DATABASE_URL, default <data dir>/switchboard.db (SQLite)
	SecretKey     string // SWITCHBOARD_SECRET_KEY: base64 of 32 bytes; default a key file in the data dir
	LogLevel      string // SWITCHBOARD_LOG_LEVEL: debug, info, warn, error
	SecureCookies bool   // SWITCHBOARD_SECURE_COOKIES: the cookie is Secure always, not only over HTTPS
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client (for the
	// sign-in throttle): SWITCHBOARD_TRUSTED_PROXIES, addresses or CIDR ranges separated by
	// commas, none by default.
	TrustedProxies []netip.Prefix
	// JobLease is how long a running job is held before another node (or this one, restarted)
	// may take it over: SWITCHBOARD_JOB_LEASE, default 5m.
	JobLease time.Duration
	// NodeName names this node in the leases of the jobs it runs, the same across its restarts,
	// so that a node started again takes back at once the jobs its earlier run was running:
	// SWITCHBOARD_NODE_NAME, default the host name and the port it listens on. Nodes must not
	// share one.
	NodeName string
	// AwayAfter is how long after an agent's last connection closes their presence turns from
	// online to away (then offline): SWITCHBOARD_AWAY_AFTER, default 2m.
	AwayAfter time.Duration
	// AnalysisDelay is how long after a customer's message the assistant analyses their turn (a
	// burst of messages is read as one): SWITCHBOARD_ANALYSIS_DELAY, default 3s; 0 at once.
	// TrainDelay is how long after a change of labels the label model is retrained:
	// SWITCHBOARD_TRAIN_DELAY, default 1m.
	AnalysisDelay, TrainDelay time.Duration
	// VisitorStreams bounds the web chat streams one visitor may hold open on a node:
	// SWITCHBOARD_VISITOR_STREAMS, default 10.
	VisitorStreams int
	// MaxUpload bounds one uploaded file, in bytes: SWITCHBOARD_MAX_UPLOAD_MB, default 25.
	MaxUpload int64
	// PayloadRetention is how long providers' raw webhooks are kept:
	// SWITCHBOARD_PAYLOAD_RETENTION, default 720h (30 days).
	PayloadRetention time.Duration
	// MailRescan is how often the list of email inboxes is read to start or stop their IMAP
	// syncs: SWITCHBOARD_MAIL_RESCAN, default 10s.
	MailRescan time.Duration
	// ReportsInterval is how often the reports look for new events once caught up (while there
	// is more, the next step follows a pause as long as the last one took):
	// SWITCHBOARD_REPORTS_INTERVAL, default 2s.
	ReportsInterval time.Duration
	// NotifyInterval is how often the notifications' follower looks for new events when no
	// signal woke it (the hub wakes it as events are published): SWITCHBOARD_NOTIFY_INTERVAL,
	// default 1s.
	NotifyInterval time.Duration
	// PushSubject is the contact push services are given with every push (VAPID's "sub", RFC
	// 8292), a mailto: or https: URL: SWITCHBOARD_PUSH_SUBJECT, default the public URL when it
	// is https, else mailto:notifications@<the public URL's host>.
	PushSubject string
	// SMTPListen, when set, is where Switchboard takes forwarded mail for its email inboxes over
	// SMTP: SWITCHBOARD_SMTP_LISTEN, off by default.
	SMTPListen string
	// PprofListen, when set, is a separate address serving Go's profiler (net/http/pprof) for
	// diagnosing a slow or hungry server: SWITCHBOARD_PPROF_LISTEN, off by default. Keep it on
	// loopback; it has no authentication.
	PprofListen string
	// Egress says which private hosts the addresses admins type in (outgoing webhooks, API
	// channel URLs, providers' API addresses) may reach: SWITCHBOARD_ALLOW_PRIVATE_HOSTS, host
	// names, addresses and ranges separated by commas; by default none, public addresses only.
	Egress *egress.Policy
	// PublicURL is where customers reach this server (the rating links of emailed surveys):
	// SWITCHBOARD_PUBLIC_URL, default http://<the address listened on>.
	PublicURL string
}

// loadConfig reads the configuration through getenv.
func loadConfig(getenv func(string) string) (*Config, error) {
	file := map[string]string{}
	if path := getenv("SWITCHBOARD_CONFIG"); path != "" {
		var err error
		if file, err = readEnvFile(path); err != nil {
			return nil, err
		}
	}
	get := func(key, def string) (string, error) {
		if v := getenv(key); v != "" {
			return v, nil
		}
		if p := getenv(key + "_FILE"); p != "" {
			b, err := os.ReadFile(p)
			if err != nil {
				return "", fmt.Errorf("read %s_FILE: %w", key, err)
			}
			return strings.TrimSpace(string(b)), nil
		}
		if v, ok := file[key]; ok {
			return v, nil
		}
		return def, nil
	}
	c := &Config{}
	var err error
	var analysisDelay, trainDelay, secure, lease, away, upload, retention, rescan, reportsEvery, notifyEvery, proxies, allowPrivate, visitorStreams string
	for _, f := range []struct {
		dst      *string
		key, def string
	}{
		{&c.Listen, "SWITCHBOARD_LISTEN", "127.0.0.1:8080"},
		{&c.DataDir, "SWITCHBOARD_DATA_DIR", "data"},
		{&c.DatabaseURL, "SWITCHBOARD_DATABASE_URL", ""},
		{&c.SecretKey, "SWITCHBOARD_SECRET_KEY", ""},
		{&c.LogLevel, "SWITCHBOARD_LOG_LEVEL", "info"},
		{&secure, "SWITCHBOARD_SECURE_COOKIES", "false"},
		{&proxies, "SWITCHBOARD_TRUSTED_PROXIES", ""},
		{&lease, "SWITCHBOARD_JOB_LEASE", "5m"},
		{&away, "SWITCHBOARD_AWAY_AFTER", "2m"},
		{&analysisDelay, "SWITCHBOARD_ANALYSIS_DELAY", "3s"},
		{&trainDelay, "SWITCHBOARD_TRAIN_DELAY", "1m"},
		{&visitorStreams, "SWITCHBOARD_VISITOR_STREAMS", "10"},
		{&upload, "SWITCHBOARD_MAX_UPLOAD_MB", "25"},
		{&retention, "SWITCHBOARD_PAYLOAD_RETENTION", "720h"},
		{&rescan, "SWITCHBOARD_MAIL_RESCAN", "10s"},
		{&reportsEvery, "SWITCHBOARD_REPORTS_INTERVAL", "2s"},
		{&notifyEvery, "SWITCHBOARD_NOTIFY_INTERVAL", "1s"},
		{&c.PushSubject, "SWITCHBOARD_PUSH_SUBJECT", ""},
		{&c.SMTPListen, "SWITCHBOARD_SMTP_LISTEN", ""},
		{&c.PprofListen, "SWITCHBOARD_PPROF_LISTEN", ""},
		{&c.NodeName, "SWITCHBOARD_NODE_NAME", ""},
		{&allowPrivate, "SWITCHBOARD_ALLOW_PRIVATE_HOSTS", ""},
		{&c.PublicURL, "SWITCHBOARD_PUBLIC_URL", ""},
	} {
		if *f.dst, err = get(f.key, f.def); err != nil {
			return nil, err
		}
	}
	c.SecureCookies = secure == "true" || secure == "1"
	if c.TrustedProxies, err = parsePrefixes(proxies); err != nil {
		return nil, fmt.Errorf("SWITCHBOARD_TRUSTED_PROXIES: %w", err)
	}
	if c.JobLease, err = time.ParseDuration(lease); err != nil || c.JobLease < time.Second {
		return nil, fmt.Errorf("SWITCHBOARD_JOB_LEASE: want a duration of at least 1s, like 5m")
	}
	if c.AwayAfter, err = time.ParseDuration(away); err != nil || c.AwayAfter < time.Second {
		return nil, fmt.Errorf("SWITCHBOARD_AWAY_AFTER: want a duration of at least 1s, like 2m")
	}
	if c.AnalysisDelay, err = time.ParseDuration(analysisDelay); err != nil || c.AnalysisDelay < 0 {
		return nil, fmt.Errorf("SWITCHBOARD_ANALYSIS_DELAY: want a duration, like 3s (0 analyses at once)")
	}
	if c.TrainDelay, err = time.ParseDuration(trainDelay); err != nil || c.TrainDelay < 0 {
		return nil, fmt.Errorf("SWITCHBOARD_TRAIN_DELAY: want a duration, like 1m (0 retrains at once)")
	}
	if c.VisitorStreams, err = strconv.Atoi(visitorStreams); err != nil || c.VisitorStreams < 1 {
		return nil, fmt.Errorf("SWITCHBOARD_VISITOR_STREAMS: want a whole number of at least 1, like 10")
	}
	if c.PayloadRetention, err = time.ParseDuration(retention); err != nil || c.PayloadRetention < time.Hour {
		return nil, fmt.Errorf("SWITCHBOARD_PAYLOAD_RETENTION: want a duration of at least 1h, like 720h")
	}
	if c.MailRescan, err = time.ParseDuration(rescan); err != nil || c.MailRescan < 100*time.Millisecond {
		return nil, fmt.Errorf("SWITCHBOARD_MAIL_RESCAN: want a duration of at least 100ms, like 10s")
	}
	if c.ReportsInterval, err = time.ParseDuration(reportsEvery); err != nil || c.ReportsInterval < 100*time.Millisecond {
		return nil, fmt.Errorf("SWITCHBOARD_REPORTS_INTERVAL: want a duration of at least 100ms, like 2s")
	}
	if c.NotifyInterval, err = time.ParseDuration(notifyEvery); err != nil || c.NotifyInterval < 100*time.Millisecond {
		return nil, fmt.Errorf("SWITCHBOARD_NOTIFY_INTERVAL: want a duration of at least 100ms, like 1s")
	}
	if c.PushSubject != "" && !strings.HasPrefix(c.PushSubject, "mailto:") && !strings.HasPrefix(c.PushSubject, "https://") {
		return nil, fmt.Errorf("SWITCHBOARD_PUSH_SUBJECT: want a mailto: or https: URL, like mailto:it@example.com")
	}
	mb, err := strconv.Atoi(upload)
	if err != nil || mb < 1 || mb > 2048 {
		return nil, fmt.Errorf("SWITCHBOARD_MAX_UPLOAD_MB: want a whole number of megabytes from 1 to 2048")
	}
	c.MaxUpload = int64(mb) << 20
	if c.Egress, err = egress.Parse(allowPrivate); err != nil {
		return nil, fmt.Errorf("SWITCHBOARD_ALLOW_PRIVATE_HOSTS: %w; want host names, addresses or ranges separated by commas, like crm.internal,10.0.0.0/8", err)
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "switchboard.db")
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	return c, nil
}

// pushSubject is the VAPID subject: the configured one, else the public URL when it is https
// (push services may write to whoever runs it), else a mailto: at the public URL's host.
func (c *Config) pushSubject() string {
	if c.PushSubject != "" {
		return c.PushSubject
	}
	if strings.HasPrefix(c.PublicURL, "https://") {
		return c.PublicURL
	}
	host := "localhost"
	if u, err := url.Parse(c.PublicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "mailto:notifications@" + host
}

// parsePrefixes reads a comma-separated list of addresses (one address each) and CIDR ranges.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if ip, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range like 10.0.0.0/8", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// readEnvFile parses KEY=value lines; blank lines and # comments are ignored.
func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("config file %s line %d: want KEY=value", path, n)
		}
		out[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	return out, sc.Err()
}

// secretKey returns the key that seals inbox secrets: SWITCHBOARD_SECRET_KEY if set, else the
// key file in the data directory, created on first run. Several nodes must share one key, so
// with PostgreSQL set SWITCHBOARD_SECRET_KEY (or _FILE) on every node.
func (c *Config) secretKey(log *slog.Logger) ([]byte, error) {
	if c.SecretKey != "" {
		k, err := base64.StdEncoding.DecodeString(c.SecretKey)
		if err != nil || len(k) != secretbox.KeySize {
			return nil, errors.New("SWITCHBOARD_SECRET_KEY must be the base64 of 32 bytes (try: openssl rand -base64 32)")
		}
		return k, nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		key := secretbox.NewKey()
		if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("write secret key: %w", err)
		}
		log.Info("created a new secret key; back it up with the database", "path", path)
		return key, nil
	} else if err != nil {
		return nil, fmt.Errorf("read secret key: %w", err)
	}
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != secretbox.KeySize {
		return nil, fmt.Errorf("secret key file %s is damaged: want the base64 of 32 bytes", path)
	}
	return k, nil
}
