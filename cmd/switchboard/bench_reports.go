package main

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"time"
)

// The reports figures of the benchmark. The seeded data set has no events (it is written
// straight into the tables), so its facts come from the history backfill, as for any history
// older than the reports: `switchboard reports rebuild` runs on the seeded database before the
// server starts, and its rate is a row of the table. Then the dashboard's calls are measured as a
// supervisor would make them: the data set spans 2026-01-01 onwards (a conversation every 25 s).

// rebuildReports records the seeded history's facts and rollups and adds the row of its rate.
func (b *benchRun) rebuildReports(ctx context.Context, dbURL, dataDir string) error {
	b.progress("recording reports from the seeded history")
	began := time.Now()
	cmd := exec.CommandContext(ctx, b.exe, "reports", "rebuild")
	cmd.Env = benchEnv(dbURL, dataDir, "")
	cmd.Stdout, cmd.Stderr = b.log, b.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("reports rebuild: %w", err)
	}
	took := time.Since(began)
	b.add(benchRow{op: "reports: record the facts of the seeded history (switchboard reports rebuild)",
		p50: took.Round(100 * time.Millisecond).String(), rate: perSecond(float64(b.opts.conversations)/took.Seconds(), "conv/s")})
	return nil
}

// reportCalls measures the dashboard's API calls: BENCHMARK.md asks p99 ≤ 20 ms at 100k and
// ≤ 50 ms at 1M.
func (b *benchRun) reportCalls(ctx context.Context) error {
	limit := 20 * time.Millisecond
	if b.large() {
		limit = 50 * time.Millisecond
	}
	// The data set's days: conversation i is created at 2026-01-01 + 25 s × i.
	span := time.Duration(b.opts.conversations) * 25 * time.Second
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	last := first.Add(span)
	month := last.AddDate(0, 0, -29)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	whole := "from=" + day(first) + "&to=" + day(last)
	recent := "from=" + day(month) + "&to=" + day(last)
	calls := []struct {
		name string
		c    *benchClient
		path string
	}{
		{"overview, last 30 days, with the previous period", b.admin, "/api/v1/reports/overview?compare=1&zone=UTC&" + recent},
		{"overview, whole data set (" + day(first) + " – " + day(last) + ")", b.admin, "/api/v1/reports/overview?zone=Europe/Rome&" + whole},
		{"overview of one inbox, last 30 days", b.admin, "/api/v1/reports/overview?zone=UTC&slice=inbox&id=1&" + recent},
		{"breakdown by agent, last 30 days, with the previous period", b.admin, "/api/v1/reports/breakdown?by=agent&compare=1&zone=UTC&" + recent},
		{"breakdown by label, whole data set", b.admin, "/api/v1/reports/breakdown?by=label&zone=UTC&" + whole},
		{"agent activity, last 30 days", b.admin, "/api/v1/reports/activity?zone=UTC&" + recent},
		{"live view", b.admin, "/api/v1/reports/live"},
		{"an agent's own overview, last 30 days", b.me, "/api/v1/reports/overview?compare=1&zone=UTC&" + recent},
		{"days table as CSV, whole data set", b.admin, "/api/v1/reports/overview?format=csv&table=days&zone=UTC&" + whole},
	}
	n := max(b.opts.requests/2, 50)
	for _, call := range calls {
		s, el, err := measure(n, func(int) error {
			return call.c.do(ctx, "GET", call.path, nil, nil, http.StatusOK, nil)
		})
		if err != nil {
			return fmt.Errorf("reports %s: %w", call.name, err)
		}
		b.latency("reports: "+call.name, s, el, limit)
	}
	return nil
}
