package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestBenchCommand runs `switchboard bench` at a tiny size on every engine and checks that it
// completes and prints a table with every operation of the benchmark, each beside its target.
// The figures themselves are not judged: a benchmark prints them, a test never asserts a time.
func TestBenchCommand(t *testing.T) {
	bin := buildBinary(t)
	var engines []string
	for _, e := range sqltest.Engines(t) {
		engines = append(engines, e.Name)
	}
	args := []string{"bench", "--engines", strings.Join(engines, ","), "--conversations", "1000", "--requests", "20",
		"--duration", "200ms", "--webhooks", "200", "--probe-rate", "100", "--ws-connections", "200", "--import", "600",
		"--contacts", "2000", "--csv-rows", "300",
		"--dir", t.TempDir(), "--name", fmt.Sprintf("switchboard_benchtest_%d", os.Getpid())}
	if pg := os.Getenv(sqltest.PostgresEnv); pg != "" {
		u, err := url.Parse(pg)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/postgres" // the bench creates and drops its own databases on the server
		args = append(args, "--postgres", u.String())
	}
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, out, stderr.String())
	}
	tables := strings.Split(string(out), "\nSwitchboard ")
	if len(tables) != len(engines)+1 {
		t.Fatalf("want a table per engine (%v), got:\n%s", engines, out)
	}
	for i, engine := range engines {
		table := tables[i+1]
		if !strings.HasPrefix(table, "dev, "+engine+", 1000 conversations") {
			t.Errorf("table %d is not %s's:\n%s", i, engine, table)
		}
		for _, op := range []string{"seed 1000 conversations", "list Mine, open, newest first, first page", "list Mine, open, page",
			"list Unassigned, open", "list All, open, first page", "list All, no status filter", "list All, open, page",
			`search "refund"`, `search "ORD-100500"`, `search "invoice payment"`, `search "xylophonequartz"`,
			"open a conversation", "send a reply", "API token authentication overhead", "lists under 8 clients",
			"search under 8 clients", "inbound WhatsApp webhooks", "webhook → agent's WebSocket frame", "resident memory",
			"WebSocket: 200 agent connections held", "WebSocket: an event fanned out to all 200", "import 600 conversations",
			"address book at 2000 contacts, admin, common first name", "address book at 2000 contacts, agent, whole email",
			"address book at 2000 contacts, agent, phone digits without country code", "address book at 2000 contacts, admin, no hit",
			"contacts CSV import, 300 rows, first import", "contacts CSV import, 300 rows, the same file again",
			"reports: record the facts of the seeded history", "reports: overview, last 30 days", "reports: breakdown by agent",
			"reports: agent activity", "reports: live view", "reports: an agent's own overview", "reports: days table as CSV"} {
			line := ""
			for _, l := range strings.Split(table, "\n") {
				if strings.HasPrefix(l, op) {
					line = l
				}
			}
			switch {
			case line == "":
				t.Errorf("%s: no row for %q in\n%s", engine, op, table)
			case strings.Contains(line, "p99 ≤") || strings.Contains(line, "≥ "):
				if !strings.HasSuffix(line, "yes") && !strings.HasSuffix(line, "no") {
					t.Errorf("%s: %q has a target but no verdict", engine, line)
				}
			}
		}
	}
}
