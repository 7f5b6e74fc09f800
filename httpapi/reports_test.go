package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// followReports records the reports until done says the figures are there, as the server's
// follower would. A step also answers 0 when another store holds the reports' lock (on
// PostgreSQL the tests' schemas share one database, and its advisory locks), so "caught up" is
// judged by what the figures show, with a deadline.
func followReports(t *testing.T, db *sqlstore.DB, done func() bool) {
	t.Helper()
	ctx := switchboard.NewSystemContext(t.Context())
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		n, err := db.FollowReports(ctx, 500)
		if err != nil {
			t.Fatalf("follow reports: %v", err)
		}
		if n == 0 && done() {
			return
		}
	}
	t.Fatal("the reports never caught up")
}

// csvOf reads a CSV answer, checking it is one.
func csvOf(t *testing.T, r *resp) [][]string {
	t.Helper()
	r.want(http.StatusOK)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("%s: Content-Type %q", r.req, ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, `.csv"`) {
		t.Fatalf("%s: Content-Disposition %q", r.req, cd)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v\n%s", r.req, err, r.body)
	}
	return rows
}

// column returns the value of a named column in row i (from 1) of a CSV table.
func column(t *testing.T, rows [][]string, i int, name string) string {
	t.Helper()
	for j, h := range rows[0] {
		if h == name {
			return rows[i][j]
		}
	}
	t.Fatalf("no column %s in %v", name, rows[0])
	return ""
}

// TestReportsAPI checks the reports' endpoints through the real router and store: the two
// conversations the world starts (Ann's in Sales, Bob's in Support), Ann's resolved.
func TestReportsAPI(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: reports.NewFolder()}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.ann.do("POST", fmt.Sprintf("/api/v1/conversations/%d/resolve", w.salesConv.ID), nil).want(http.StatusOK)
		// Three UTC days around now, whatever the hour the test runs.
		now := time.Now().UTC()
		from, to := now.AddDate(0, 0, -1).Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly)
		period := "from=" + from + "&to=" + to + "&zone=UTC"
		// The resolution is the last event: once it counts, everything before it does.
		followReports(t, db, func() bool {
			var o switchboard.ReportOverview
			w.admin.do("GET", "/api/v1/reports/overview?"+period, nil).want(http.StatusOK).into(&o)
			return o.Figures.Resolved > 0
		})

		t.Run("overview", func(t *testing.T) {
			var o switchboard.ReportOverview
			w.admin.do("GET", "/api/v1/reports/overview?"+period+"&compare=1", nil).want(http.StatusOK).into(&o)
			f := o.Figures
			if o.Zone != "UTC" || o.Slice != switchboard.SliceAll || len(o.Days) != 3 || f.Opened != 2 || f.Resolved != 1 || f.MessagesOut != 2 {
				t.Errorf("overview %+v", o)
			}
			if o.Previous == nil || o.Previous.Opened != 0 || o.PreviousTo != now.AddDate(0, 0, -2).Format(time.DateOnly) {
				t.Errorf("previous %+v to %s", o.Previous, o.PreviousTo)
			}
			if last := o.Days[2]; last.Backlog != 1 {
				t.Errorf("backlog at the end %d, want 1 (Bob's conversation)", last.Backlog)
			}
			// One inbox's figures.
			w.super.do("GET", fmt.Sprintf("/api/v1/reports/overview?%s&slice=inbox&id=%d", period, w.sales.ID), nil).want(http.StatusOK).into(&o)
			if o.Slice != switchboard.SliceInbox || o.Figures.Opened != 1 || o.Figures.Resolved != 1 || o.Figures.ResolutionRate != 1 {
				t.Errorf("Sales: %+v", o.Figures)
			}
		})

		t.Run("overview CSV", func(t *testing.T) {
			days := csvOf(t, w.admin.do("GET", "/api/v1/reports/overview?"+period+"&format=csv", nil))
			if len(days) != 4 || days[0][0] != "day" || days[0][1] != "backlog" || days[1][0] != from ||
				column(t, days, 3, "backlog") != "1" || column(t, days, 1, "first_response_p90_seconds") != "0" {
				t.Errorf("days table %v", days)
			}
			var opened int
			for i := 1; i < len(days); i++ {
				var n int
				fmt.Sscan(column(t, days, i, "opened"), &n)
				opened += n
			}
			if opened != 2 {
				t.Errorf("days open %d, want 2", opened)
			}
			heat := csvOf(t, w.admin.do("GET", "/api/v1/reports/overview?"+period+"&format=csv&table=heat", nil))
			if len(heat) != 15 || len(heat[0]) != 26 || heat[0][2] != "hour_0" || heat[1][0] != "opened" || heat[1][1] != "monday" || heat[8][0] != "messages_in" {
				t.Errorf("heat table %v", heat)
			}
			openings := 0
			for _, row := range heat[1:8] { // the opened series, Monday to Sunday
				for _, cell := range row[2:] {
					n, _ := strconv.Atoi(cell)
					openings += n
				}
			}
			if openings != 2 {
				t.Errorf("the heat map holds %d openings, want 2", openings)
			}
			summary := csvOf(t, w.admin.do("GET", "/api/v1/reports/overview?"+period+"&format=csv&table=summary&compare=true", nil))
			if strings.Join(summary[0], ",") != "figure,value,previous" || strings.Join(summary[1], ",") != "opened,2,0" {
				t.Errorf("summary table %v", summary[:2])
			}
		})

		t.Run("breakdown", func(t *testing.T) {
			var b switchboard.ReportBreakdown
			w.admin.do("GET", "/api/v1/reports/breakdown?by=inbox&compare=1&"+period, nil).want(http.StatusOK).into(&b)
			if b.By != switchboard.SliceInbox || len(b.Rows) != 2 || b.Rows[0].Name != "Sales" || b.Rows[1].Name != "Support" ||
				b.Rows[0].Figures.Resolved != 1 || b.Rows[0].Previous == nil {
				t.Errorf("breakdown %+v", b)
			}
			rows := csvOf(t, w.admin.do("GET", "/api/v1/reports/breakdown?by=agent&compare=1&format=csv&"+period, nil))
			if rows[0][0] != "id" || rows[0][1] != "name" || rows[0][len(rows[0])-1] != "previous_away_seconds" || len(rows) != 3 {
				t.Errorf("breakdown CSV %v", rows)
			}
			for i := 1; i < len(rows); i++ {
				if name := column(t, rows, i, "name"); name != "ann" && name != "bob" || column(t, rows, i, "messages_out") != "1" {
					t.Errorf("breakdown CSV row %v", rows[i])
				}
			}
		})

		t.Run("activity", func(t *testing.T) {
			var a switchboard.ReportActivity
			w.admin.do("GET", "/api/v1/reports/activity?"+period, nil).want(http.StatusOK).into(&a)
			replies := map[string]int64{}
			for _, r := range a.Rows {
				replies[r.Name] += r.Replies
			}
			if replies["ann"] != 1 || replies["bob"] != 1 {
				t.Errorf("activity %+v", a.Rows)
			}
			rows := csvOf(t, w.admin.do("GET", "/api/v1/reports/activity?format=csv&"+period, nil))
			if strings.Join(rows[0], ",") != "agent_id,name,day,online_seconds,away_seconds,handled,replies,resolved" || len(rows) != len(a.Rows)+1 {
				t.Errorf("activity CSV %v", rows)
			}
		})

		t.Run("live", func(t *testing.T) {
			var l switchboard.ReportLive
			w.admin.do("GET", "/api/v1/reports/live", nil).want(http.StatusOK).into(&l)
			if l.Open != 1 || l.Agents == nil || l.Waiting == nil {
				t.Errorf("live %+v", l)
			}
			agents := csvOf(t, w.admin.do("GET", "/api/v1/reports/live?format=csv", nil))
			waiting := csvOf(t, w.admin.do("GET", "/api/v1/reports/live?format=csv&table=waiting", nil))
			if strings.Join(agents[0], ",") != "agent_id,name,presence,since,open" || len(agents) != len(l.Agents)+1 ||
				strings.Join(waiting[0], ",") != "conversation_id,inbox_id,contact_name,assignee_id,waiting_since" {
				t.Errorf("live CSV %v %v", agents, waiting)
			}
		})

		t.Run("an agent's own figures", func(t *testing.T) {
			own := fmt.Sprint(w.ann.agent.ID)
			var o switchboard.ReportOverview
			w.ann.do("GET", "/api/v1/reports/overview?"+period, nil).want(http.StatusOK).into(&o)
			if o.Slice != switchboard.SliceAgent || o.ID != own || o.Figures.MessagesOut != 1 || o.Figures.Resolved != 1 {
				t.Errorf("Ann's overview %+v", o)
			}
			// Her own zone (Europe/Rome) when none is given.
			w.ann.do("GET", "/api/v1/reports/overview?from="+from+"&to="+to, nil).want(http.StatusOK).into(&o)
			if o.Zone != "Europe/Rome" && o.Preparing != "Europe/Rome" {
				t.Errorf("Ann's zone %q (preparing %q)", o.Zone, o.Preparing)
			}
			var b switchboard.ReportBreakdown
			w.ann.do("GET", "/api/v1/reports/breakdown?by=agent&"+period, nil).want(http.StatusOK).into(&b)
			if len(b.Rows) != 1 || b.Rows[0].ID != own {
				t.Errorf("Ann's breakdown %+v", b.Rows)
			}
			var a switchboard.ReportActivity
			w.ann.do("GET", "/api/v1/reports/activity?"+period, nil).want(http.StatusOK).into(&a)
			for _, r := range a.Rows {
				if r.AgentID != w.ann.agent.ID {
					t.Errorf("Ann sees %+v", r)
				}
			}
			var l switchboard.ReportLive
			w.ann.do("GET", "/api/v1/reports/live", nil).want(http.StatusOK).into(&l)
			for _, r := range l.Agents {
				if r.AgentID != w.ann.agent.ID {
					t.Errorf("Ann sees %+v live", r)
				}
			}
			for _, path := range []string{
				fmt.Sprintf("/api/v1/reports/overview?%s&slice=agent&id=%d", period, w.bob.agent.ID),
				fmt.Sprintf("/api/v1/reports/overview?%s&slice=inbox&id=%d", period, w.sales.ID),
				"/api/v1/reports/breakdown?by=inbox&" + period,
				fmt.Sprintf("/api/v1/reports/overview?%s&slice=agent&id=%d&format=csv", period, w.bob.agent.ID),
			} {
				w.ann.do("GET", path, nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
			}
			// A script with Ann's token gets the same.
			var created struct {
				Secret string `json:"secret"`
			}
			w.ann.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "reports"}).want(http.StatusCreated).into(&created)
			w.a.withToken(created.Secret).do("GET", "/api/v1/reports/overview?"+period, nil).want(http.StatusOK).into(&o)
			if o.ID != own || o.Figures.MessagesOut != 1 {
				t.Errorf("Ann's overview by token %+v", o)
			}
		})

		t.Run("invalid", func(t *testing.T) {
			for _, tc := range []struct{ query, field string }{
				{"from=yesterday&to=" + to, "from"},
				{"to=" + to, "from"},
				{"from=" + to + "&to=" + from, "to"},
				{"from=2020-01-01&to=" + to, "to"},
				{period + "&slice=planet", "slice"},
				{period + "&slice=inbox", "id"},
				{"from=" + from + "&to=" + to + "&zone=Mars/Olympus", "zone"},
				{period + "&format=xml", "format"},
				{period + "&format=csv&table=nope", "table"},
				{period + "&compare=maybe", "compare"},
				{period + "&sort=name", "sort"},
			} {
				e := w.admin.on(t).do("GET", "/api/v1/reports/overview?"+tc.query, nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
				if e.Error.Fields[tc.field] == "" {
					t.Errorf("%s: fields %v, want %s", tc.query, e.Error.Fields, tc.field)
				}
			}
			for _, tc := range []struct{ query, field string }{{period, "by"}, {"by=all&" + period, "by"}, {"by=planet&" + period, "by"}} {
				e := w.admin.on(t).do("GET", "/api/v1/reports/breakdown?"+tc.query, nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
				if e.Error.Fields[tc.field] == "" {
					t.Errorf("breakdown %s: fields %v, want %s", tc.query, e.Error.Fields, tc.field)
				}
			}
			w.admin.do("GET", "/api/v1/reports/activity?from=x&to=y", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			w.admin.do("GET", "/api/v1/reports/live?table=days&format=csv", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		})
	})
}
