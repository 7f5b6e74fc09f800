package reports

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
)

// queryStore answers ReportRows from rows kept per zone, and records what it was asked.
type queryStore struct {
	rows     map[string][]switchboard.ReportRow // by zone
	notReady map[string]bool
	asked    []queryRowsCall
	live     *switchboard.ReportLive // nil: three open, no agents
	liveAsks int
}

type queryRowsCall struct {
	zone     string
	slice    switchboard.ReportSlice
	ids      []string
	from, to int
}

func (f *queryStore) FollowReports(context.Context, int) (int, error) { return 0, nil }
func (f *queryStore) ResetReports(context.Context) error              { return nil }
func (f *queryStore) ReportLive(context.Context) (*switchboard.ReportLive, error) {
	f.liveAsks++
	if f.live != nil {
		return f.live, nil
	}
	return &switchboard.ReportLive{Open: 3}, nil
}
func (f *queryStore) ReportZone(_ context.Context, zone string) (bool, error) {
	return !f.notReady[zone], nil
}
func (f *queryStore) ReportRows(_ context.Context, zone string, slice switchboard.ReportSlice, ids []string, from, to int) ([]switchboard.ReportRow, error) {
	f.asked = append(f.asked, queryRowsCall{zone, slice, ids, from, to})
	var out []switchboard.ReportRow
	for _, r := range f.rows[zone] {
		if r.Slice == slice && (ids == nil || slices.Contains(ids, r.SliceID)) && r.Day >= from && r.Day <= to {
			out = append(out, r)
		}
	}
	return out, nil
}

// queryNames names agents 7 and 8, inboxes 1 and 2, team 5.
type queryNames struct{}

func (queryNames) FindAgents(context.Context) ([]*switchboard.Agent, error) {
	return []*switchboard.Agent{{ID: 7, Name: "Ann"}, {ID: 8, Name: "bob"}}, nil
}
func (queryNames) FindInboxes(context.Context) ([]*switchboard.Inbox, error) {
	return []*switchboard.Inbox{{ID: 1, Name: "Support"}, {ID: 2, Name: "Sales"}}, nil
}
func (queryNames) FindTeams(context.Context) ([]*switchboard.Team, error) {
	return []*switchboard.Team{{ID: 5, Name: "Tier 1"}}, nil
}

// queryEncode is a row's encoding built by hand.
func queryEncode(t *testing.T, fill func(d *Day)) []byte {
	t.Helper()
	var d Day
	fill(&d)
	return d.Encode()
}

func queryDay(t *testing.T, s string) int {
	t.Helper()
	n, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func queryRow(t *testing.T, slice switchboard.ReportSlice, id, date string, fill func(d *Day)) switchboard.ReportRow {
	return switchboard.ReportRow{Slice: slice, SliceID: id, Day: queryDay(t, date), Data: queryEncode(t, fill)}
}

func queryAdmin() context.Context {
	return switchboard.NewContextWithAgent(context.Background(), &switchboard.Agent{ID: 1, Role: switchboard.RoleAdmin, TimeZone: "UTC"})
}

func queryAgent(zone string) context.Context {
	return switchboard.NewContextWithAgent(context.Background(), &switchboard.Agent{ID: 7, Role: switchboard.RoleAgent, TimeZone: zone})
}

// scenario is a workspace's rows in UTC: the period asked is Monday 2 to Wednesday 4 March
// 2026, the previous period 27 February to 1 March.
func queryScenario(t *testing.T) *queryStore {
	all := switchboard.SliceAll
	return &queryStore{rows: map[string][]switchboard.ReportRow{"UTC": {
		// Long before: 5 opened, 2 resolved (backlog +3).
		queryRow(t, all, "", "2026-02-20", func(d *Day) { d.Counts[COpened], d.Counts[CResolved] = 5, 2 }),
		// The previous period: 2 opened, 1 resolved, one first response of a minute.
		queryRow(t, all, "", "2026-02-28", func(d *Day) {
			d.Counts[COpened], d.Counts[CResolved] = 2, 1
			d.Add(HFirstResponseCal, 60, 1)
		}),
		// Monday: 4 opened at 9:00 (6 customer messages then), 1 reopened, 2 resolved; first
		// responses of 30 s, 1, 1.5 and 2 min (business: the same); 4 surveys, 2 rated 4 and 5.
		queryRow(t, all, "", "2026-03-02", func(d *Day) {
			d.Counts[COpened], d.Counts[CReopened], d.Counts[CResolved] = 4, 1, 2
			d.Counts[CMessagesIn], d.Heat[HeatOpened][9], d.Heat[HeatMessages][9] = 6, 4, 6
			for _, s := range []int64{30, 60, 90, 120} {
				d.Add(HFirstResponseCal, s, 1)
				d.Add(HFirstResponseBiz, s, 1)
			}
			d.Counts[CCSATSent], d.Counts[CCSATRated], d.Counts[CCSATSum] = 4, 2, 9
		}),
		// Wednesday: 1 opened at 23:00, 3 resolved (one without a reply) after 1, 2 and 3 hours;
		// a first response of 1000 s (business 0: outside hours).
		queryRow(t, all, "", "2026-03-04", func(d *Day) {
			d.Counts[COpened], d.Counts[CResolved], d.Counts[CResolvedNoReply] = 1, 3, 1
			d.Heat[HeatOpened][23] = 1
			d.Add(HFirstResponseCal, 1000, 1)
			d.Add(HFirstResponseBiz, 0, 1)
			for _, s := range []int64{3600, 7200, 10800} {
				d.Add(HResolutionCal, s, 1)
			}
		}),
		// After the period: not counted, not in the backlog.
		queryRow(t, all, "", "2026-03-05", func(d *Day) { d.Counts[COpened] = 50 }),
		// Inboxes: Support (1) now and before; Sales (2) now; a deleted inbox (3) before only.
		queryRow(t, switchboard.SliceInbox, "1", "2026-03-02", func(d *Day) { d.Counts[COpened] = 3 }),
		queryRow(t, switchboard.SliceInbox, "1", "2026-03-04", func(d *Day) { d.Counts[COpened] = 1 }),
		queryRow(t, switchboard.SliceInbox, "1", "2026-02-28", func(d *Day) { d.Counts[COpened] = 2 }),
		queryRow(t, switchboard.SliceInbox, "2", "2026-03-02", func(d *Day) { d.Counts[COpened] = 1 }),
		queryRow(t, switchboard.SliceInbox, "3", "2026-03-01", func(d *Day) { d.Counts[COpened] = 1 }),
		// Agents: Ann (7) online an hour and replying on Monday, resolving on Wednesday; Bob (8)
		// with only a customer's message on his conversation (no activity of his).
		queryRow(t, switchboard.SliceAgent, "7", "2026-03-02", func(d *Day) {
			d.Counts[COnline], d.Counts[CAway], d.Counts[CMessagesOut], d.Counts[CHandled] = 3600, 600, 2, 1
		}),
		queryRow(t, switchboard.SliceAgent, "7", "2026-03-04", func(d *Day) { d.Counts[CResolved] = 1 }),
		queryRow(t, switchboard.SliceAgent, "8", "2026-03-02", func(d *Day) { d.Counts[CMessagesIn] = 1 }),
		queryRow(t, switchboard.SliceAgent, "8", "2026-03-03", func(d *Day) { d.Counts[COnline] = 60 }),
	}}}
}

func TestQueryOverview(t *testing.T) {
	st := queryScenario(t)
	svc := NewService(st, queryNames{})
	got, err := svc.Overview(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04", Compare: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Zone != "UTC" || got.Preparing != "" || got.Slice != switchboard.SliceAll || got.PreviousFrom != "2026-02-27" || got.PreviousTo != "2026-03-01" {
		t.Errorf("overview head = %+v", got)
	}
	f := got.Figures
	want := switchboard.ReportFigures{Opened: 5, Reopened: 1, Resolved: 5, ResolvedNoReply: 1, MessagesIn: 6,
		ResolutionRate: 0.8333,
		// Cal 30, 60, 90, 120, 1000: the median is the 3rd, the 90th percentile the 5th.
		FirstResponse: switchboard.ReportDuration{Calendar: switchboard.ReportStat{Count: 5, Median: 90, P90: 1000},
			Business: switchboard.ReportStat{Count: 5, Median: 60, P90: 120}},
		// 3 h is kept as 11000 s: two significant figures.
		Resolution: switchboard.ReportDuration{Calendar: switchboard.ReportStat{Count: 3, Median: 7200, P90: 11000}},
		CSATSent:   4, CSATRated: 2, CSATScore: 4.5, CSATResponse: 0.5}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	if got.Previous == nil || got.Previous.Opened != 2 || got.Previous.Resolved != 1 || got.Previous.FirstResponse.Calendar.Median != 60 {
		t.Errorf("previous = %+v", got.Previous)
	}
	// Backlog: 3 before the previous period, 4 at its end; then +3, 0, −2.
	var days []string
	var backlog []int64
	for _, d := range got.Days {
		days, backlog = append(days, d.Day), append(backlog, d.Backlog)
	}
	if diff := cmp.Diff([]string{"2026-03-02", "2026-03-03", "2026-03-04"}, days); diff != "" {
		t.Errorf("days (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{7, 7, 5}, backlog); diff != "" {
		t.Errorf("backlog (-want +got):\n%s", diff)
	}
	if got.Days[1].Opened != 0 || got.Days[2].Resolved != 3 {
		t.Errorf("days' figures = %+v", got.Days)
	}
	// Monday 9:00 and Wednesday 23:00.
	if got.HeatOpened[0][9] != 4 || got.HeatOpened[2][23] != 1 || got.HeatMessages[0][9] != 6 {
		t.Errorf("heat = %v", got.HeatOpened)
	}
	var sum int64
	for _, wd := range got.HeatOpened {
		for _, n := range wd {
			sum += n
		}
	}
	if sum != 5 {
		t.Errorf("heat holds %d openings, want 5", sum)
	}
	// Without compare there is no previous period.
	got, err = svc.Overview(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02"})
	if err != nil || got.Previous != nil || got.PreviousFrom != "" || len(got.Days) != 1 || got.Days[0].Backlog != 7 {
		t.Errorf("one day: %+v, %v", got, err)
	}
}

func TestQueryOverviewAgent(t *testing.T) {
	st := queryScenario(t)
	svc := NewService(st, queryNames{})
	q := func(slice switchboard.ReportSlice, id string) *switchboard.ReportQuery {
		return &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04", Slice: slice, ID: id}
	}
	for _, tc := range []struct {
		name string
		q    *switchboard.ReportQuery
	}{{"default", q("", "")}, {"all", q(switchboard.SliceAll, "")}, {"agent", q(switchboard.SliceAgent, "")}, {"own", q(switchboard.SliceAgent, "7")}} {
		t.Run(tc.name, func(t *testing.T) {
			st.asked = nil
			got, err := svc.Overview(queryAgent("UTC"), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Slice != switchboard.SliceAgent || got.ID != "7" || got.Figures.MessagesOut != 2 || got.Figures.Resolved != 1 {
				t.Errorf("overview = %+v", got)
			}
			if len(st.asked) != 1 || st.asked[0].slice != switchboard.SliceAgent || !slices.Equal(st.asked[0].ids, []string{"7"}) {
				t.Errorf("asked %+v", st.asked)
			}
		})
	}
	for _, tc := range []struct {
		name string
		q    *switchboard.ReportQuery
	}{{"another agent", q(switchboard.SliceAgent, "8")}, {"an inbox", q(switchboard.SliceInbox, "1")}, {"a label", q(switchboard.SliceLabel, "vip")}} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := svc.Overview(queryAgent("UTC"), tc.q); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
				t.Errorf("err = %v, want forbidden", err)
			}
		})
	}
	if _, err := svc.Overview(context.Background(), q("", "")); switchboard.ErrorCode(err) != switchboard.EUNAUTHORIZED {
		t.Errorf("no actor: %v", err)
	}
}

func TestQueryZones(t *testing.T) {
	st := queryScenario(t)
	st.rows["Europe/Rome"] = []switchboard.ReportRow{queryRow(t, switchboard.SliceAll, "", "2026-03-02", func(d *Day) { d.Counts[COpened] = 9 })}
	st.notReady = map[string]bool{"Asia/Tokyo": true}
	svc := NewService(st, queryNames{})
	ctx := switchboard.NewContextWithAgent(context.Background(), &switchboard.Agent{ID: 2, Role: switchboard.RoleSupervisor, TimeZone: "Europe/Rome"})
	// The agent's own zone by default.
	got, err := svc.Overview(ctx, &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02"})
	if err != nil || got.Zone != "Europe/Rome" || got.Preparing != "" || got.Figures.Opened != 9 {
		t.Errorf("own zone: %+v, %v", got, err)
	}
	// A zone being built answers in UTC, saying so.
	got, err = svc.Overview(ctx, &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Zone: "Asia/Tokyo"})
	if err != nil || got.Zone != "UTC" || got.Preparing != "Asia/Tokyo" || got.Figures.Opened != 4 {
		t.Errorf("preparing: %+v, %v", got, err)
	}
	if last := st.asked[len(st.asked)-1]; last.zone != "UTC" {
		t.Errorf("read %s's rows, want UTC's", last.zone)
	}
}

func TestQueryInvalid(t *testing.T) {
	svc := NewService(queryScenario(t), queryNames{})
	for _, tc := range []struct {
		name  string
		q     switchboard.ReportQuery
		field string
	}{
		{"no from", switchboard.ReportQuery{To: "2026-03-02"}, "from"},
		{"bad to", switchboard.ReportQuery{From: "2026-03-02", To: "2026-3-4"}, "to"},
		{"to before from", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-01"}, "to"},
		{"too long", switchboard.ReportQuery{From: "2024-01-01", To: "2026-01-01"}, "to"},
		{"unknown slice", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Slice: "planet"}, "slice"},
		{"no id", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Slice: switchboard.SliceInbox}, "id"},
		{"bad id", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Slice: switchboard.SliceTeam, ID: "x"}, "id"},
		{"unknown zone", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Zone: "Mars/Olympus"}, "zone"},
		{"local zone", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02", Zone: "Local"}, "zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Overview(queryAdmin(), &tc.q)
			if switchboard.ErrorCode(err) != switchboard.EINVALID || switchboard.ErrorFields(err)[tc.field] == "" {
				t.Errorf("err = %v (fields %v), want invalid %s", err, switchboard.ErrorFields(err), tc.field)
			}
		})
	}
	// 731 days is the most.
	if _, err := svc.Overview(queryAdmin(), &switchboard.ReportQuery{From: "2024-01-01", To: "2025-12-31"}); err != nil {
		t.Errorf("731 days: %v", err)
	}
	if _, err := svc.Breakdown(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02"}, switchboard.SliceAll); switchboard.ErrorFields(err)["by"] == "" {
		t.Errorf("breakdown by all: %v", err)
	}
}

func TestQueryBreakdown(t *testing.T) {
	st := queryScenario(t)
	svc := NewService(st, queryNames{})
	got, err := svc.Breakdown(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04", Compare: true}, switchboard.SliceInbox)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		ID, Name        string
		Opened, Earlier int64
	}
	var lines []line
	for _, r := range got.Rows {
		lines = append(lines, line{r.ID, r.Name, r.Figures.Opened, r.Previous.Opened})
	}
	// By name; the deleted inbox has none and comes first.
	want := []line{{"3", "", 0, 1}, {"2", "Sales", 1, 0}, {"1", "Support", 4, 2}}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// An agent breaks down by agent only, and sees their own row.
	got, err = svc.Breakdown(queryAgent("UTC"), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04"}, switchboard.SliceAgent)
	if err != nil || len(got.Rows) != 1 || got.Rows[0].Name != "Ann" || got.Rows[0].Previous != nil {
		t.Errorf("agent's breakdown: %+v, %v", got, err)
	}
	if _, err := svc.Breakdown(queryAgent("UTC"), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04"}, switchboard.SliceInbox); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
		t.Errorf("agent by inbox: %v", err)
	}
}

func TestQueryActivity(t *testing.T) {
	st := queryScenario(t)
	svc := NewService(st, queryNames{})
	got, err := svc.Activity(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04"})
	if err != nil {
		t.Fatal(err)
	}
	want := []*switchboard.ReportActivityRow{
		{AgentID: 7, Name: "Ann", Day: "2026-03-02", Online: 3600, Away: 600, Handled: 1, Replies: 2},
		{AgentID: 7, Name: "Ann", Day: "2026-03-04", Resolved: 1},
		{AgentID: 8, Name: "bob", Day: "2026-03-03", Online: 60},
	}
	if diff := cmp.Diff(want, got.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	got, err = svc.Activity(queryAgent("UTC"), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04"})
	if err != nil || len(got.Rows) != 2 || got.Rows[0].AgentID != 7 {
		t.Errorf("agent's activity: %+v, %v", got, err)
	}
	live, err := svc.Live(queryAgent("UTC"))
	if err != nil || live.Open != 3 {
		t.Errorf("live: %+v, %v", live, err)
	}
}

func TestQueryDayNumbers(t *testing.T) {
	for _, tc := range []struct {
		date    string
		day, wd int
	}{{"1970-01-01", 0, 3}, {"1969-12-29", -3, 0}, {"2026-03-02", 20514, 0}, {"2026-03-08", 20520, 6}} {
		n, err := ParseDay(tc.date)
		if err != nil || n != tc.day || DayDate(n) != tc.date || weekday(n) != tc.wd {
			t.Errorf("%s: day %d (%v), back %s, weekday %d; want %d, %d", tc.date, n, err, DayDate(n), weekday(n), tc.day, tc.wd)
		}
	}
}

// TestQueryBacklogFollowsAssignment folds a day of assignments, rolls it up and reads each
// slice's backlog: a conversation counts in the backlog of whoever has it, so the agent who
// resolves a conversation opened unassigned (or by a colleague) ends with none left, never
// with a negative backlog.
func TestQueryBacklogFollowsAssignment(t *testing.T) {
	t.Parallel()
	const ann, bob, inbox = int64(7), int64(8), int64(1)
	day1 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day2 := day1.Add(24 * time.Hour)
	conv := func(cid int64, agent *int64) *switchboard.Conversation {
		return &switchboard.Conversation{ID: cid, InboxID: inbox, Channel: switchboard.ChannelEmail, Status: switchboard.StatusOpen, AssigneeID: agent, CreatedAt: day1}
	}
	events := []*switchboard.Event{
		// 1: opened unassigned, given to Ann, resolved by her the next day.
		ev(switchboard.EventConversationCreated, 1, inbox, day1, conv(1, nil)),
		ev(switchboard.EventConversationAssigned, 1, inbox, day1.Add(time.Hour), map[string]any{"id": 1, "assignee_id": ann}),
		ev(switchboard.EventConversationStatus, 1, inbox, day2, map[string]any{"id": 1, "status": "resolved", "previous_status": "open"}),
		// 2: opened by Bob, handed to Ann the next day, still open.
		ev(switchboard.EventConversationCreated, 2, inbox, day1, conv(2, id(bob))),
		ev(switchboard.EventConversationAssigned, 2, inbox, day2.Add(time.Hour), map[string]any{"id": 2, "assignee_id": ann}),
	}
	f := NewFolder()
	facts, err := f.Fold(events, &switchboard.ReportStates{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	deltas, err := f.Rollup("UTC", facts, 1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := &queryStore{rows: map[string][]switchboard.ReportRow{}}
	for _, d := range deltas {
		st.rows["UTC"] = append(st.rows["UTC"], switchboard.ReportRow{Slice: d.Slice, SliceID: d.SliceID, Day: d.Day, Data: d.Data})
	}
	svc := NewService(st, queryNames{})
	for _, tc := range []struct {
		name        string
		slice       switchboard.ReportSlice
		id          string
		backlog     []int64
		transferred int64
		rate        float64
	}{
		// Ann: conversation 1 came on Monday; on Tuesday she resolved it and got 2. One of the
		// two that came to her is resolved.
		{"Ann", switchboard.SliceAgent, "7", []int64{1, 1}, 2, 0.5},
		// Bob: opened 2 on Monday, handed it on Tuesday. Nothing came to him on balance.
		{"Bob", switchboard.SliceAgent, "8", []int64{1, 0}, -1, 0},
		// The workspace: transfers cancel.
		{"all", switchboard.SliceAll, "", []int64{2, 1}, 0, 0.5},
		{"inbox", switchboard.SliceInbox, "1", []int64{2, 1}, 0, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.Overview(queryAdmin(), &switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-03", Slice: tc.slice, ID: tc.id})
			if err != nil {
				t.Fatal(err)
			}
			var backlog []int64
			for _, d := range got.Days {
				backlog = append(backlog, d.Backlog)
			}
			if d := cmp.Diff(tc.backlog, backlog); d != "" {
				t.Errorf("backlog (-want +got):\n%s", d)
			}
			if got.Figures.Transferred != tc.transferred || got.Figures.ResolutionRate != tc.rate {
				t.Errorf("transferred %d, resolution rate %v; want %d, %v", got.Figures.Transferred, got.Figures.ResolutionRate, tc.transferred, tc.rate)
			}
		})
	}
}

// TestQueryPresenceRunning: time online and away includes each agent's presence still running,
// from when it began (or, never seen beginning, the period's start) up to now, split at the
// zone's midnights, within the period only.
func TestQueryPresenceRunning(t *testing.T) {
	t.Parallel()
	const h = int64(3600)
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC) // Wednesday 10:00 UTC, 11:00 in Rome
	annSince := time.Date(2026, 3, 3, 20, 0, 0, 0, time.UTC)
	live := &switchboard.ReportLive{Agents: []*switchboard.ReportLiveAgent{
		{AgentID: 7, Name: "Ann", Presence: switchboard.PresenceOnline, Since: &annSince},
		{AgentID: 8, Name: "bob", Presence: switchboard.PresenceAway}, // never seen changing
		{AgentID: 9, Name: "Cy", Presence: switchboard.PresenceOffline},
	}}
	service := func() (*Service, *queryStore) {
		st := queryScenario(t)
		st.live = live
		svc := NewService(st, queryNames{})
		svc.Now = func() time.Time { return now }
		return svc, st
	}
	type line struct {
		Agent        int64
		Day          string
		Online, Away int64
	}
	lines := func(a *switchboard.ReportActivity) []line {
		var out []line
		for _, r := range a.Rows {
			out = append(out, line{r.AgentID, r.Day, r.Online, r.Away})
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		q        switchboard.ReportQuery
		want     []line
		liveAsks int
	}{
		{
			// Ann: 20:00–24:00 Tuesday and 00:00–10:00 Wednesday on top of her rows; Bob, away
			// since a time the reports never saw, gets no guess on top of his minute online.
			name: "UTC, the period up to today",
			ctx:  queryAdmin(),
			q:    switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04"},
			want: []line{
				{7, "2026-03-02", 3600, 600}, {7, "2026-03-03", 4 * h, 0}, {7, "2026-03-04", 10 * h, 0},
				{8, "2026-03-03", 60, 0},
			},
			liveAsks: 1,
		},
		{
			name: "Rome: split at Rome's midnight",
			ctx:  queryAdmin(),
			q:    switchboard.ReportQuery{From: "2026-03-03", To: "2026-03-05", Zone: "Europe/Rome"},
			want: []line{
				{7, "2026-03-03", 3 * h, 0}, {7, "2026-03-04", 11 * h, 0},
			},
			liveAsks: 1,
		},
		{
			name:     "a period that ended before Ann went online",
			ctx:      queryAdmin(),
			q:        switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-02"},
			want:     []line{{7, "2026-03-02", 3600, 600}},
			liveAsks: 1,
		},
		{
			name:     "a period after now asks nothing live",
			ctx:      queryAdmin(),
			q:        switchboard.ReportQuery{From: "2026-03-05", To: "2026-03-06"},
			liveAsks: 0,
		},
		{
			name:     "an agent: their own",
			ctx:      queryAgent("UTC"),
			q:        switchboard.ReportQuery{From: "2026-03-04", To: "2026-03-04"},
			want:     []line{{7, "2026-03-04", 10 * h, 0}},
			liveAsks: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, st := service()
			got, err := svc.Activity(tc.ctx, &tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, lines(got)); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
			if st.liveAsks != tc.liveAsks {
				t.Errorf("asked the live view %d times, want %d", st.liveAsks, tc.liveAsks)
			}
		})
	}

	// The overview of Ann, and of the workspace, count the same; with compare, the previous
	// period too (nothing: Bob's presence has no known start).
	svc, _ := service()
	for _, tc := range []struct {
		name                   string
		q                      switchboard.ReportQuery
		online, away, prevAway int64
		days                   []int64 // online by day
	}{
		{"Ann", switchboard.ReportQuery{From: "2026-03-02", To: "2026-03-04", Slice: switchboard.SliceAgent, ID: "7"}, 3600 + 14*h, 600, 0, []int64{3600, 4 * h, 10 * h}},
		{"all", switchboard.ReportQuery{From: "2026-03-03", To: "2026-03-04", Compare: true}, 14 * h, 0, 0, []int64{4 * h, 10 * h}},
	} {
		t.Run("overview "+tc.name, func(t *testing.T) {
			got, err := svc.Overview(queryAdmin(), &tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var days []int64
			for _, d := range got.Days {
				days = append(days, d.Online)
			}
			prevAway := int64(0)
			if got.Previous != nil {
				prevAway = got.Previous.Away
			}
			if got.Figures.Online != tc.online || got.Figures.Away != tc.away || prevAway != tc.prevAway || !slices.Equal(days, tc.days) {
				t.Errorf("online %d, away %d, previous away %d, days %v; want %d, %d, %d, %v",
					got.Figures.Online, got.Figures.Away, prevAway, days, tc.online, tc.away, tc.prevAway, tc.days)
			}
		})
	}
}
