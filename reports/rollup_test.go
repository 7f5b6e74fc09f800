package reports

import (
	"errors"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

func TestDays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		at   time.Time
		loc  *time.Location
		want string
	}{
		{"epoch", time.Unix(0, 0), time.UTC, "1970-01-01"},
		{"before the epoch", time.Unix(-1, 0), time.UTC, "1969-12-31"},
		{"Rome is ahead of UTC", time.Date(1969, 12, 31, 23, 30, 0, 0, time.UTC), rome, "1970-01-01"},
		{"late evening in Rome", local("2026-05-04 23:30"), rome, "2026-05-04"},
		{"the same instant in UTC", local("2026-05-04 23:30"), time.UTC, "2026-05-04"},
		{"after midnight in Rome", local("2026-05-05 00:30"), rome, "2026-05-05"},
		{"the same instant in UTC is the day before", local("2026-05-05 00:30"), time.UTC, "2026-05-04"},
		{"the 23-hour day", local("2026-03-29 23:59"), rome, "2026-03-29"},
		{"the 25-hour day", local("2026-10-25 23:59"), rome, "2026-10-25"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := DayOf(tc.at, tc.loc)
			if got := DayDate(d); got != tc.want {
				t.Errorf("DayDate(DayOf(%v)) = %s, want %s", tc.at, got, tc.want)
			}
			if p, err := ParseDay(tc.want); err != nil || p != d {
				t.Errorf("ParseDay(%s) = %d, %v; want %d", tc.want, p, err, d)
			}
		})
	}
	if d, _ := ParseDay("2000-01-01"); d != 10957 {
		t.Errorf("ParseDay(2000-01-01) = %d, want 10957", d)
	}
	for _, bad := range []string{"", "2026-02-30", "2026-5-4", "04/05/2026"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q): no error", bad)
		}
	}
}

// rows rolls facts up and decodes the deltas by (slice, id, date).
func rows(t *testing.T, f *Folder, zone string, facts []switchboard.ReportFact, sign int, only []switchboard.ReportSlice) map[[3]string]*Day {
	t.Helper()
	deltas, err := f.Rollup(zone, facts, sign, scenarioLabels, only)
	if err != nil {
		t.Fatal(err)
	}
	out := map[[3]string]*Day{}
	for _, d := range deltas {
		if d.Zone != zone {
			t.Errorf("delta of zone %q, want %q", d.Zone, zone)
		}
		k := [3]string{string(d.Slice), d.SliceID, DayDate(d.Day)}
		if out[k] != nil {
			t.Errorf("two deltas for %v", k)
		}
		var day Day
		if err := day.Decode(d.Data); err != nil {
			t.Fatal(err)
		}
		out[k] = &day
	}
	return out
}

func scenarioLabels(conv int64) []string {
	if conv == 100 {
		return []string{"billing", "vip"}
	}
	return nil
}

// dayOf builds an expected day: counters, heat, and histogram entries (hist index, seconds).
type dayOf struct {
	counts map[Counter]int64
	heat   map[[2]int]int64
	hists  map[[2]int64]int64
}

func (w dayOf) day() *Day {
	var d Day
	for c, v := range w.counts {
		d.Counts[c] = v
	}
	for k, v := range w.heat {
		d.Heat[k[0]][k[1]] = v
	}
	for k, v := range w.hists {
		d.Add(int(k[0]), k[1], v)
	}
	return &d
}

func TestRollupScenario(t *testing.T) {
	t.Parallel()
	f := NewFolder()
	all := append(scenarioFacts(), presenceFacts()...)
	got := rows(t, f, "Europe/Rome", all, 1, nil)
	const fr = 3*day + 17*hr + 15*mn
	for _, tc := range []struct {
		key  [3]string
		want dayOf
	}{
		{[3]string{"all", "", "2026-04-30"}, dayOf{
			counts: map[Counter]int64{COpened: 1, CMessagesIn: 1, CAssigned: 1, CTransferIn: 1, CTransferOut: 1},
			heat:   map[[2]int]int64{{HeatOpened, 16}: 1, {HeatMessages, 16}: 1},
		}},
		{[3]string{"all", "", "2026-05-04"}, dayOf{
			counts: map[Counter]int64{CSLABreached: 1, CMessagesOut: 2, CHandled: 2, CMessagesIn: 1, CAssigned: 1, CResolved: 1,
				CSLAMet: 1, CCSATSent: 1, CCSATRated: 1, CCSATSum: 4, COnline: 2 * hr, CTransferIn: 1, CTransferOut: 1},
			heat: map[[2]int]int64{{HeatMessages, 10}: 1},
			hists: map[[2]int64]int64{
				{HFirstResponseCal, fr}: 1, {HFirstResponseBiz, 75 * mn}: 1,
				{HReplyCal, fr}: 1, {HReplyBiz, 75 * mn}: 1, {HReplyCal, hr}: 1, {HReplyBiz, hr}: 1,
				{HResolutionCal, 3*day + 19*hr}: 1, {HResolutionBiz, 3 * hr}: 1,
			},
		}},
		// Agent A: the first response, the breach, the conversation handed on to B, and the
		// evening's first two hours online.
		{[3]string{"agent", "10", "2026-05-04"}, dayOf{
			counts: map[Counter]int64{CSLABreached: 1, CMessagesOut: 1, CHandled: 1, CMessagesIn: 1, COnline: 2 * hr, CTransferOut: 1},
			heat:   map[[2]int]int64{{HeatMessages, 10}: 1},
			hists:  map[[2]int64]int64{{HFirstResponseCal, fr}: 1, {HFirstResponseBiz, 75 * mn}: 1, {HReplyCal, fr}: 1, {HReplyBiz, 75 * mn}: 1},
		}},
		// After local midnight: 1 h 30 min online, 30 min away.
		{[3]string{"agent", "10", "2026-05-05"}, dayOf{counts: map[Counter]int64{COnline: hr + 30*mn, CAway: 30 * mn}}},
		// Agent B takes it over, resolves (as the assignee then) and is rated.
		{[3]string{"agent", "11", "2026-05-04"}, dayOf{
			counts: map[Counter]int64{CAssigned: 1, CTransferIn: 1, CMessagesOut: 1, CHandled: 1, CResolved: 1, CSLAMet: 1, CCSATSent: 1, CCSATRated: 1, CCSATSum: 4},
			hists:  map[[2]int64]int64{{HReplyCal, hr}: 1, {HReplyBiz, hr}: 1, {HResolutionCal, 3*day + 19*hr}: 1, {HResolutionBiz, 3 * hr}: 1},
		}},
		// The reopening: resolution counted from it.
		{[3]string{"label", "vip", "2026-05-05"}, dayOf{
			counts: map[Counter]int64{CReopened: 1, CMessagesIn: 1, CMessagesOut: 1, CHandled: 1, CResolved: 1},
			heat:   map[[2]int]int64{{HeatMessages, 10}: 1},
			hists:  map[[2]int64]int64{{HReplyCal, 20 * mn}: 1, {HReplyBiz, 20 * mn}: 1, {HResolutionCal, 2 * hr}: 1, {HResolutionBiz, 2 * hr}: 1},
		}},
		// Conversation 200 resolved without a reply, and 100's Tuesday.
		{[3]string{"inbox", "1", "2026-05-05"}, dayOf{
			counts: map[Counter]int64{COpened: 1, CReopened: 1, CMessagesIn: 2, CMessagesOut: 1, CHandled: 1, CResolved: 2, CResolvedNoReply: 1},
			heat:   map[[2]int]int64{{HeatOpened, 11}: 1, {HeatMessages, 10}: 1, {HeatMessages, 11}: 1},
			hists: map[[2]int64]int64{{HReplyCal, 20 * mn}: 1, {HReplyBiz, 20 * mn}: 1, {HResolutionCal, 2 * hr}: 1, {HResolutionBiz, 2 * hr}: 1,
				{HResolutionCal, 10 * mn}: 1, {HResolutionBiz, 10 * mn}: 1},
		}},
		{[3]string{"channel", "telegram", "2026-05-05"}, dayOf{
			counts: map[Counter]int64{COpened: 1, CMessagesIn: 1, CMessagesOut: 1, CResolved: 1},
			heat:   map[[2]int]int64{{HeatOpened, 14}: 1, {HeatMessages, 14}: 1},
			hists: map[[2]int64]int64{{HFirstResponseCal, 5 * mn}: 1, {HFirstResponseBiz, 5 * mn}: 1, {HReplyCal, 5 * mn}: 1, {HReplyBiz, 5 * mn}: 1,
				{HResolutionCal, 10 * mn}: 1, {HResolutionBiz, 10 * mn}: 1},
		}},
		{[3]string{"agent", "10", "2026-04-30"}, dayOf{counts: map[Counter]int64{CAssigned: 1, CTransferIn: 1}}},
		{[3]string{"team", "5", "2026-04-30"}, dayOf{counts: map[Counter]int64{CAssigned: 1, CTransferIn: 1}}},
		// Handed from A to B within the team: out and in of the same team.
		{[3]string{"team", "5", "2026-05-04"}, dayOf{counts: map[Counter]int64{CAssigned: 1, CTransferIn: 1, CTransferOut: 1,
			CSLABreached: 1, CMessagesOut: 2, CHandled: 2, CMessagesIn: 1, CResolved: 1, CSLAMet: 1, CCSATSent: 1, CCSATRated: 1, CCSATSum: 4},
			heat: map[[2]int]int64{{HeatMessages, 10}: 1},
			hists: map[[2]int64]int64{
				{HFirstResponseCal, fr}: 1, {HFirstResponseBiz, 75 * mn}: 1,
				{HReplyCal, fr}: 1, {HReplyBiz, 75 * mn}: 1, {HReplyCal, hr}: 1, {HReplyBiz, hr}: 1,
				{HResolutionCal, 3*day + 19*hr}: 1, {HResolutionBiz, 3 * hr}: 1,
			}}},
	} {
		if d := got[tc.key]; d == nil || !sameDay(d, tc.want.day()) {
			t.Errorf("%v =\n %+v\nwant\n %+v", tc.key, d, tc.want.day())
		}
	}
	for k := range got {
		if k[0] == "label" && k[1] != "vip" && k[1] != "billing" || k[0] == "agent" && k[1] != "10" && k[1] != "11" {
			t.Errorf("unexpected row %v", k)
		}
	}

	// In UTC, A's whole evening is Monday's (20:00–24:00 UTC).
	utc := rows(t, f, "UTC", presenceFacts(), 1, nil)
	if d := utc[[3]string{"agent", "10", "2026-05-04"}]; d == nil || d.Counts[COnline] != 3*hr+30*mn || d.Counts[CAway] != 30*mn {
		t.Errorf("UTC Monday of agent 10 = %+v", d)
	}
	if len(utc) != 2 { // all and agent 10, Monday
		t.Errorf("UTC rows = %v, want 2", len(utc))
	}
}

func TestRollupSignAndOnly(t *testing.T) {
	t.Parallel()
	f := NewFolder()
	all := append(scenarioFacts(), presenceFacts()...)
	for _, only := range [][]switchboard.ReportSlice{nil, {switchboard.SliceLabel}, {switchboard.SliceAgent, switchboard.SliceTeam}} {
		plus, err := f.Rollup("Europe/Rome", all, 1, scenarioLabels, only)
		if err != nil {
			t.Fatal(err)
		}
		minus, err := f.Rollup("Europe/Rome", all, -1, scenarioLabels, only)
		if err != nil {
			t.Fatal(err)
		}
		if len(plus) == 0 || len(plus) != len(minus) {
			t.Fatalf("only %v: %d deltas plus, %d minus", only, len(plus), len(minus))
		}
		for i := range plus {
			p, m := plus[i], minus[i]
			if p.Slice != m.Slice || p.SliceID != m.SliceID || p.Day != m.Day {
				t.Fatalf("only %v: delta %d names %v/%v/%v and %v/%v/%v", only, i, p.Slice, p.SliceID, p.Day, m.Slice, m.SliceID, m.Day)
			}
			if only != nil && !containsSlice(only, p.Slice) {
				t.Errorf("only %v: a delta of slice %s", only, p.Slice)
			}
			if sum, err := f.Merge(p.Data, m.Data); err != nil || sum != nil {
				t.Errorf("only %v: %s/%s/%s: +1 and -1 merge to %v, %v; want nil", only, p.Slice, p.SliceID, DayDate(p.Day), sum, err)
			}
		}
	}
	// No facts, no deltas.
	if none, err := f.Rollup("UTC", nil, 1, nil, nil); err != nil || len(none) != 0 {
		t.Errorf("rollup of nothing = %v, %v", none, err)
	}
	for _, bad := range []struct {
		zone    string
		sign    int
		unknown bool // the error is ErrUnknownZone (the store skips the zone)
	}{{"Nowhere/Atlantis", 1, true}, {"", 1, true}, {"Local", 1, true}, {"UTC", 0, false}, {"UTC", 2, false}} {
		_, err := f.Rollup(bad.zone, all, bad.sign, nil, nil)
		if err == nil {
			t.Errorf("Rollup(%q, sign %d): no error", bad.zone, bad.sign)
		} else if errors.Is(err, ErrUnknownZone) != bad.unknown {
			t.Errorf("Rollup(%q, sign %d) = %v: errors.Is(ErrUnknownZone) = %v, want %v", bad.zone, bad.sign, err, !bad.unknown, bad.unknown)
		}
	}
}

func containsSlice(s []switchboard.ReportSlice, v switchboard.ReportSlice) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestRollupPresenceDST splits presence at local midnights on the days the clocks change.
func TestRollupPresenceDST(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		from  string
		hours int64
		want  map[string]int64
	}{
		{"spring: Sunday has 23 hours", "2026-03-28 23:00", 25, map[string]int64{"2026-03-28": hr, "2026-03-29": 23 * hr, "2026-03-30": hr}},
		{"autumn: Sunday has 25 hours", "2026-10-24 12:00", 49, map[string]int64{"2026-10-24": 12 * hr, "2026-10-25": 25 * hr, "2026-10-26": 12 * hr}},
		{"within a day", "2026-05-04 10:00", 1, map[string]int64{"2026-05-04": hr}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			secs := tc.hours * hr
			fa := switchboard.ReportFact{Kind: switchboard.FactOnline, At: local(tc.from), AgentID: id(agentA), N: 1, Cal: &secs}
			got := rows(t, NewFolder(), "Europe/Rome", []switchboard.ReportFact{fa}, 1, []switchboard.ReportSlice{switchboard.SliceAgent})
			if len(got) != len(tc.want) {
				t.Errorf("%d rows, want %d", len(got), len(tc.want))
			}
			var total int64
			for date, want := range tc.want {
				d := got[[3]string{"agent", "10", date}]
				if d == nil || d.Counts[COnline] != want {
					t.Errorf("%s: %+v, want %d s online", date, d, want)
				} else {
					total += d.Counts[COnline]
				}
			}
			if total != secs {
				t.Errorf("total %d, want %d", total, secs)
			}
		})
	}
}
