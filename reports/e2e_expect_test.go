package reports_test

// The figures of the end-to-end scenario (e2e_test.go), computed by hand.
//
// Durations, in seconds, before rounding to two significant figures (reports.Round):
//   A first response Thu 26 16:30 → Mon 30 09:45: 3 d 17 h 15 min = 3×86400 + 17×3600 + 15×60
//     = 321300 s calendar → kept as 320000; business 30 min (Thu 16:30–17:00) + 0 (Fri holiday,
//     Sat, Sun) + 45 min (Mon 09:00–09:45) = 75 min = 4500 s.
//   A's first reply is the same wait (the customer's first message): 320000 / 4500.
//   A reply Mon 10:30 → 11:10 = 2400 s (open hours: business 2400).
//   A resolution Thu 16:30 → Mon 11:30 = 3 d 19 h = 327600 s → 330000; business 30 min + 2 h 30
//     min = 3 h = 10800 s → 11000.
//   A reopened Tue 09:00; reply 09:00 → 09:20 = 1200 s; resolution 09:00 → 10:00 = 3600 s (both).
//   B resolution 12:00 → 12:05 = 300 s (Phone has no hours: business = calendar).
//   C first response and reply 13:00 → 13:10 = 600 s; resolution 13:00 → 13:20 = 1200 s.
//   D first response and reply 14:00 → 15:00 = 3600 s.
//   I (imported, 24 Nov) first response, reply and resolution 10:00 → 10:30 = 1800 s.
// Nearest rank: rank = ceil(q × count): 3 values → median the 2nd, p90 the 3rd; 4 → 2nd, 4th;
// 5 → 3rd, 5th; 2 → 1st, 2nd; 1 → 1st, 1st.

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
)

func st(n, med, p90 int64) switchboard.ReportStat {
	return switchboard.ReportStat{Count: n, Median: med, P90: p90}
}

func dur(cal, biz switchboard.ReportStat) switchboard.ReportDuration {
	return switchboard.ReportDuration{Calendar: cal, Business: biz}
}

// same is a duration whose business time is its calendar time.
func same(s switchboard.ReportStat) switchboard.ReportDuration { return dur(s, s) }

const (
	period0, period1 = "2026-11-26", "2026-12-02"
	prev0, prev1     = "2026-11-19", "2026-11-25"
)

// The workspace in the period (E erased).
var wantAll = switchboard.ReportFigures{
	Opened:          5,      // A Thu; B, C, D Mon; F Tue
	Reopened:        1,      // A Tue
	Resolved:        4,      // A Mon, B, C, A Tue
	ResolvedNoReply: 1,      // B
	MessagesIn:      8,      // A ×3, B, C ×2 (the survey's answer counts), D, F
	MessagesOut:     5,      // A: Bruno, Carla, Carla; C: Bruno; D: Carla
	Assigned:        4,      // A → Bruno, A → Carla, C → Bruno (by replying), D → Carla (by replying)
	Handled:         5,      // A: Bruno, Carla, Carla again after the reopening; C: Bruno; D: Carla
	ResolutionRate:  0.6667, // 4 ÷ (5 + 1)
	// {600, 3600, 320000} and business {600, 3600, 4500}
	FirstResponse: dur(st(3, 3600, 320000), st(3, 3600, 4500)),
	// {600, 1200, 2400, 3600, 320000}, business {600, 1200, 2400, 3600, 4500}
	Reply: dur(st(5, 2400, 320000), st(5, 2400, 4500)),
	// {300, 1200, 3600, 330000}, business {300, 1200, 3600, 11000}
	Resolution:  dur(st(4, 1200, 330000), st(4, 1200, 11000)),
	SLAMet:      1, // C
	SLABreached: 1, // D (met late: not met)
	CSATSent:    2, // B, C
	CSATRated:   1, // C: 4
	CSATScore:   4, CSATResponse: 0.5,
	// Bruno Mon 22:00 → Tue 01:30 = 3 h 30 min = 12600; Carla online since Tue 08:55 and
	// still at the scenario's now (Tue 12:00): 3 h 05 min = 11100, counted as it runs.
	Online: 23700,
	Away:   1800, // Bruno Tue 01:30 → 02:00
}

// The imported conversation, alone in the previous period: Phone's, Bruno's, WhatsApp's.
var wantImported = switchboard.ReportFigures{
	Opened: 1, Resolved: 1, MessagesIn: 1, MessagesOut: 1, Handled: 1, ResolutionRate: 1,
	FirstResponse: same(st(1, 1800, 1800)), Reply: same(st(1, 1800, 1800)), Resolution: same(st(1, 1800, 1800)),
}

// Bruno: A's assignment (Thu), first response, reply and handling of A (Mon 09:45); C's reply,
// handling, assignment, SLA met, resolution, survey, the customer's answer and rating; his
// presence.
var wantBruno = switchboard.ReportFigures{
	Resolved: 1, MessagesIn: 1, MessagesOut: 2, Assigned: 2, Handled: 2,
	// In: A (Thu 16:40) and C (by replying); out: A to Carla. Net 1, so 1 resolved ÷ (0 + 0 + 1).
	Transferred: 1, ResolutionRate: 1,
	FirstResponse: dur(st(2, 600, 320000), st(2, 600, 4500)), // {600, 320000}, {600, 4500}
	Reply:         dur(st(2, 600, 320000), st(2, 600, 4500)),
	Resolution:    same(st(1, 1200, 1200)),
	// C's first response target, met by the reply with which he took C (the store meets it
	// after the self-assignment, so the outcome is his).
	SLAMet:   1,
	CSATSent: 1, CSATRated: 1, CSATScore: 4, CSATResponse: 1,
	Online: 12600, Away: 1800,
}

// Carla: A from Mon 10:00 (assigned, the customer's message, reply, resolution, reopening, the
// customer's message, reply, resolution), D's first response, reply, handling and assignment.
var wantCarla = switchboard.ReportFigures{
	Reopened: 1, Resolved: 2, MessagesIn: 2, MessagesOut: 3, Assigned: 2, Handled: 3,
	// In: A from Bruno, D by replying; net 2, so 2 resolved ÷ (0 opened + 1 reopened + 2).
	Transferred: 2, ResolutionRate: 0.6667,
	FirstResponse: same(st(1, 3600, 3600)),
	Reply:         same(st(3, 2400, 3600)),                      // {1200, 2400, 3600}
	Resolution:    dur(st(2, 3600, 330000), st(2, 3600, 11000)), // {3600, 330000}, {3600, 11000}
}

// Mail is A; the labels billing (A) count A's whole history, labels added after it began.
var wantMail = switchboard.ReportFigures{
	Opened: 1, Reopened: 1, Resolved: 2, MessagesIn: 3, MessagesOut: 3, Assigned: 2, Handled: 3,
	ResolutionRate: 1, // 2 ÷ 2
	FirstResponse:  dur(st(1, 320000, 320000), st(1, 4500, 4500)),
	Reply:          dur(st(3, 2400, 320000), st(3, 2400, 4500)),  // {1200, 2400, 320000}, {1200, 2400, 4500}
	Resolution:     dur(st(2, 3600, 330000), st(2, 3600, 11000)), // {3600, 330000}, {3600, 11000}
}

// Phone is B, C, D, F.
var wantPhone = switchboard.ReportFigures{
	Opened: 4, Resolved: 2, ResolvedNoReply: 1, MessagesIn: 5, MessagesOut: 2, Assigned: 2, Handled: 2,
	ResolutionRate: 0.5,
	FirstResponse:  same(st(2, 600, 3600)), // {600, 3600}
	Reply:          same(st(2, 600, 3600)),
	Resolution:     same(st(2, 300, 1200)), // {300, 1200}
	SLAMet:         1, SLABreached: 1, CSATSent: 2, CSATRated: 1, CSATScore: 4, CSATResponse: 0.5,
}

// Support: A from its first assignment (Thu 16:40) on; A's opening (16:30) had no team, and C
// and D were taken by replying, without a team.
var wantTeam = switchboard.ReportFigures{
	Reopened: 1, Resolved: 2, MessagesIn: 2, MessagesOut: 3, Assigned: 2, Handled: 3,
	// In: A (Thu 16:40, to Support with Bruno); Bruno → Carla kept the team (out and in: 0).
	// Net 1, so 2 resolved ÷ (0 + 1 reopened + 1).
	Transferred: 1, ResolutionRate: 1,
	FirstResponse: dur(st(1, 320000, 320000), st(1, 4500, 4500)),
	Reply:         dur(st(3, 2400, 320000), st(3, 2400, 4500)),
	Resolution:    dur(st(2, 3600, 330000), st(2, 3600, 11000)),
}

// vip is A and C.
var wantVIP = switchboard.ReportFigures{
	Opened: 2, Reopened: 1, Resolved: 3, MessagesIn: 5, MessagesOut: 4, Assigned: 3, Handled: 4,
	ResolutionRate: 1,                                            // 3 ÷ 3
	FirstResponse:  dur(st(2, 600, 320000), st(2, 600, 4500)),    // {600, 320000}, {600, 4500}
	Reply:          dur(st(4, 1200, 320000), st(4, 1200, 4500)),  // {600, 1200, 2400, 320000}, {…, 4500}
	Resolution:     dur(st(3, 3600, 330000), st(3, 3600, 11000)), // {1200, 3600, 330000}, {1200, 3600, 11000}
	SLAMet:         1, CSATSent: 1, CSATRated: 1, CSATScore: 4, CSATResponse: 1,
}

// wantDays: each day's backlog at its end and its counts. Backlog before the period: the
// imported conversation opened and resolved (0). Thu +1 (A); Mon +3 −3 (B, C, D opened; A, B, C
// resolved); Tue +1 (F) +1 (A reopened) −1 (A resolved).
var wantDays = []dayCounts{
	{"2026-11-26", 1, 1, 0, 0, 1, 0},
	{"2026-11-27", 1, 0, 0, 0, 0, 0},
	{"2026-11-28", 1, 0, 0, 0, 0, 0},
	{"2026-11-29", 1, 0, 0, 0, 0, 0},
	{"2026-11-30", 1, 3, 0, 3, 5, 4}, // in: A, B, C, C's answer, D; out: A ×2, C, D
	{"2026-12-01", 2, 1, 1, 1, 2, 1}, // in: A, F; out: A
	{"2026-12-02", 2, 0, 0, 0, 0, 0},
}

// wantDayFigures are every figure of the days that have any (Rome), adding up to wantAll.
var wantDayFigures = map[string]switchboard.ReportFigures{
	"2026-11-26": {Opened: 1, MessagesIn: 1, Assigned: 1, ResolutionRate: 0}, // A; 0 resolved ÷ 1 opened
	"2026-11-30": {
		Opened: 3, Resolved: 3, ResolvedNoReply: 1, MessagesIn: 5, MessagesOut: 4, // B, C, D; A, B, C
		Assigned: 3, Handled: 4, // A → Carla, C → Bruno, D → Carla; A: Bruno and Carla, C, D
		ResolutionRate: 1, // 3 ÷ 3
		FirstResponse:  dur(st(3, 3600, 320000), st(3, 3600, 4500)),
		Reply:          dur(st(4, 2400, 320000), st(4, 2400, 4500)),  // {600, 2400, 3600, 320000}, {…, 4500}
		Resolution:     dur(st(3, 1200, 330000), st(3, 1200, 11000)), // {300, 1200, 330000}, {300, 1200, 11000}
		SLAMet:         1, SLABreached: 1, CSATSent: 2, CSATRated: 1, CSATScore: 4, CSATResponse: 0.5,
		Online: 7200, // Bruno 22:00–24:00
	},
	"2026-12-01": {
		Opened: 1, Reopened: 1, Resolved: 1, MessagesIn: 2, MessagesOut: 1, Handled: 1, // F; A
		ResolutionRate: 0.5, // 1 ÷ (1 + 1)
		Reply:          same(st(1, 1200, 1200)),
		Resolution:     same(st(1, 3600, 3600)),
		Online:         16500, Away: 1800, // Bruno 00:00–01:30 (5400), Carla 08:55–12:00 (11100); Bruno away 01:30–02:00
	},
}

type dayCounts struct {
	Day                                          string
	Backlog, Opened, Reopened, Resolved, In, Out int64
}

func daysOf(ov *switchboard.ReportOverview) []dayCounts {
	var out []dayCounts
	for _, d := range ov.Days {
		out = append(out, dayCounts{d.Day, d.Backlog, d.Opened, d.Reopened, d.Resolved, d.MessagesIn, d.MessagesOut})
	}
	return out
}

// heat cells by weekday (Monday 0) and local hour in Rome.
func wantHeat() (opened, messages [7][24]int64) {
	opened[3][16] = 1   // Thu 16:30 A
	opened[0][12] = 1   // Mon 12:00 B
	opened[0][13] = 1   // Mon 13:00 C
	opened[0][14] = 1   // Mon 14:00 D
	opened[1][11] = 1   // Tue 11:00 F
	messages[3][16] = 1 // A
	messages[0][10] = 1 // A 10:30
	messages[0][12] = 1 // B
	messages[0][13] = 2 // C 13:00 and its survey's answer 13:25
	messages[0][14] = 1 // D
	messages[1][9] = 1  // A 09:00
	messages[1][11] = 1 // F
	return
}

func diff(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if switchboard.ErrorCode(err) != code {
		t.Errorf("%s: error %v, want %s", what, err, code)
	}
}

// row is a breakdown row as expected: id, name, figures, previous.
type row struct {
	ID, Name string
	Figures  switchboard.ReportFigures
	Previous switchboard.ReportFigures
}

func rowsOf(b *switchboard.ReportBreakdown) []row {
	var out []row
	for _, r := range b.Rows {
		x := row{ID: r.ID, Name: r.Name, Figures: r.Figures}
		if r.Previous != nil {
			x.Previous = *r.Previous
		}
		out = append(out, x)
	}
	return out
}

func q(zone string) *switchboard.ReportQuery {
	return &switchboard.ReportQuery{From: period0, To: period1, Zone: zone, Compare: true}
}

func id(v int64) string { return strconv.FormatInt(v, 10) }
