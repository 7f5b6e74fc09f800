package reports_test

import (
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

var noFigures switchboard.ReportFigures

// checkAdmin reads everything as Ada, in her zone (Europe/Rome).
func checkAdmin(t *testing.T, w *world) {
	ov, err := w.svc.Overview(w.adaCtx, q(""))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Zone != "Europe/Rome" || ov.Preparing != "" || ov.From != period0 || ov.To != period1 || ov.Slice != switchboard.SliceAll ||
		ov.PreviousFrom != prev0 || ov.PreviousTo != prev1 {
		t.Errorf("overview of zone %q (preparing %q) %s–%s slice %s, previous %s–%s", ov.Zone, ov.Preparing, ov.From, ov.To, ov.Slice,
			ov.PreviousFrom, ov.PreviousTo)
	}
	diff(t, "figures", ov.Figures, wantAll)
	if ov.Previous == nil {
		t.Fatal("no previous period")
	}
	diff(t, "previous period (the import)", *ov.Previous, wantImported)
	diff(t, "days", daysOf(ov), wantDays)
	for _, d := range ov.Days {
		diff(t, "figures of "+d.Day, d.ReportFigures, wantDayFigures[d.Day])
	}
	// Each day's figures add up to the period's.
	var in, out int64
	for _, d := range ov.Days {
		in, out = in+d.MessagesIn, out+d.MessagesOut
	}
	if in != wantAll.MessagesIn || out != wantAll.MessagesOut {
		t.Errorf("days sum to %d in, %d out", in, out)
	}
	ho, hm := wantHeat()
	diff(t, "heat of conversations opened", ov.HeatOpened, ho)
	diff(t, "heat of messages", ov.HeatMessages, hm)

	bruno, carla := id(w.bruno.ID), id(w.carla.ID)
	for _, c := range []struct {
		by   switchboard.ReportSlice
		want []row
	}{
		{switchboard.SliceAgent, []row{{bruno, "Bruno", wantBruno, wantImported}, {carla, "Carla", wantCarla, noFigures}}},
		{switchboard.SliceInbox, []row{{id(w.mail.ID), "Mail", wantMail, noFigures}, {id(w.phone.ID), "Phone", wantPhone, wantImported}}},
		{switchboard.SliceChannel, []row{{"email", "email", wantMail, noFigures}, {"whatsapp", "whatsapp", wantPhone, wantImported}}},
		{switchboard.SliceTeam, []row{{id(w.team.ID), "Support", wantTeam, noFigures}}},
		{switchboard.SliceLabel, []row{{"billing", "billing", wantMail, noFigures}, {"vip", "vip", wantVIP, noFigures}}},
	} {
		b, err := w.svc.Breakdown(w.adaCtx, q(""), c.by)
		if err != nil {
			t.Fatalf("breakdown by %s: %v", c.by, err)
		}
		diff(t, "breakdown by "+string(c.by), rowsOf(b), c.want)
	}

	// One slice's overview: the same figures as its breakdown row, and its own backlog.
	ov, err = w.svc.Overview(w.adaCtx, &switchboard.ReportQuery{From: period0, To: period1, Slice: switchboard.SliceLabel, ID: "vip"})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "overview of label vip", ov.Figures, wantVIP)
	// vip: Thu +1 (A); Mon +1 (C) −2 (A, C resolved); Tue +1 −1 (A reopened and resolved).
	var backlog []int64
	for _, d := range ov.Days {
		backlog = append(backlog, d.Backlog)
	}
	diff(t, "backlog of label vip", backlog, []int64{1, 1, 1, 1, 0, 0, 0})

	act, err := w.svc.Activity(w.adaCtx, q(""))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "activity in Rome", activityOf(act), []activity{
		{"Bruno", "2026-11-30", 7200, 0, 2, 2, 1},    // online 22:00–24:00; A and C handled and replied, C resolved
		{"Bruno", "2026-12-01", 5400, 1800, 0, 0, 0}, // online 00:00–01:30, away 01:30–02:00
		{"Carla", "2026-11-30", 0, 0, 2, 2, 1},       // A and D; A resolved
		{"Carla", "2026-12-01", 11100, 0, 1, 1, 1},   // A again after the reopening; online since 08:55, still at 12:00
	})
}

// checkUTC reads in UTC: Bruno's evening (21:00–00:30 UTC) puts 3 h online on Monday and 30 min
// on Tuesday, and A's opening moves to 15:00 in the heat map; the period's totals stay. Then in
// a zone prepared on demand, Asia/Tokyo.
func checkUTC(t *testing.T, w *world) {
	ov, err := w.svc.Overview(w.adaCtx, q("UTC"))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Zone != "UTC" {
		t.Errorf("zone %q", ov.Zone)
	}
	diff(t, "figures in UTC", ov.Figures, wantAll)
	if ov.HeatOpened[3][15] != 1 || ov.HeatOpened[3][16] != 0 {
		t.Errorf("A opened at Thu 15 UTC: heat %d at 15, %d at 16", ov.HeatOpened[3][15], ov.HeatOpened[3][16])
	}
	online := map[string]int64{}
	for _, d := range ov.Days {
		online[d.Day] = d.Online
	}
	diff(t, "online by UTC day", online, map[string]int64{"2026-11-26": 0, "2026-11-27": 0, "2026-11-28": 0, "2026-11-29": 0,
		"2026-11-30": 10800, "2026-12-01": 1800 + 11100, "2026-12-02": 0})
	// A zone nobody used yet is answered in UTC while it is prepared from the facts, then in its
	// own days: in Tokyo (UTC+9) A opened on Friday 27 at 00:30, and Bruno's evening is all
	// Tuesday morning (06:00–10:00).
	ov, err = w.svc.Overview(w.adaCtx, q("Asia/Tokyo"))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Zone != "UTC" || ov.Preparing != "Asia/Tokyo" {
		t.Errorf("a new zone answered in %q, preparing %q", ov.Zone, ov.Preparing)
	}
	follow(t, w)
	ov, err = w.svc.Overview(w.adaCtx, q("Asia/Tokyo"))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Zone != "Asia/Tokyo" || ov.Preparing != "" {
		t.Errorf("Tokyo answered in %q, preparing %q", ov.Zone, ov.Preparing)
	}
	diff(t, "figures in Tokyo", ov.Figures, wantAll)
	tokyo := map[string][3]int64{} // opened, backlog, online
	for _, d := range ov.Days {
		tokyo[d.Day] = [3]int64{d.Opened, d.Backlog, d.Online}
	}
	diff(t, "days in Tokyo", tokyo, map[string][3]int64{"2026-11-26": {0, 0, 0}, "2026-11-27": {1, 1, 0}, "2026-11-28": {0, 1, 0},
		"2026-11-29": {0, 1, 0}, "2026-11-30": {3, 1, 0}, "2026-12-01": {1, 2, 12600 + 11100}, "2026-12-02": {0, 2, 0}})
	if ov.HeatOpened[4][0] != 1 {
		t.Errorf("A opened on Friday at 00 in Tokyo: heat %d", ov.HeatOpened[4][0])
	}

	act, err := w.svc.Activity(w.adaCtx, q("UTC"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "activity in UTC", activityOf(act), []activity{
		{"Bruno", "2026-11-30", 10800, 0, 2, 2, 1},
		{"Bruno", "2026-12-01", 1800, 1800, 0, 0, 0},
		{"Carla", "2026-11-30", 0, 0, 2, 2, 1},
		{"Carla", "2026-12-01", 11100, 0, 1, 1, 1},
	})
}

// checkBruno reads as Bruno, an agent: his own figures only.
func checkBruno(t *testing.T, w *world) {
	ov, err := w.svc.Overview(w.brunoCtx, q(""))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Slice != switchboard.SliceAgent || ov.ID != id(w.bruno.ID) || ov.Zone != "Europe/Rome" {
		t.Errorf("Bruno's overview is of %s %s in %s", ov.Slice, ov.ID, ov.Zone)
	}
	diff(t, "Bruno's figures", ov.Figures, wantBruno)
	if ov.Previous == nil {
		t.Fatal("no previous period")
	}
	diff(t, "Bruno's previous period", *ov.Previous, wantImported)
	// An agent's backlog counts what came to him and what left: the import (+1 −1) before the
	// period; A handed to him Thu (+1); Mon A handed on to Carla (−1), C taken by replying (+1)
	// and resolved (−1).
	var backlog []int64
	for _, d := range ov.Days {
		backlog = append(backlog, d.Backlog)
	}
	diff(t, "Bruno's backlog", backlog, []int64{1, 1, 1, 1, 0, 0, 0})

	_, err = w.svc.Overview(w.brunoCtx, &switchboard.ReportQuery{From: period0, To: period1, Slice: switchboard.SliceAgent, ID: id(w.carla.ID)})
	wantCode(t, "Bruno asks for Carla's figures", err, switchboard.EFORBIDDEN)
	_, err = w.svc.Overview(w.brunoCtx, &switchboard.ReportQuery{From: period0, To: period1, Slice: switchboard.SliceInbox, ID: id(w.phone.ID)})
	wantCode(t, "Bruno asks for an inbox", err, switchboard.EFORBIDDEN)
	_, err = w.svc.Breakdown(w.brunoCtx, q(""), switchboard.SliceInbox)
	wantCode(t, "Bruno's breakdown by inbox", err, switchboard.EFORBIDDEN)
	_, err = w.db.ReportRows(w.brunoCtx, "Europe/Rome", switchboard.SliceAgent, []string{id(w.carla.ID)}, 0, 1<<30)
	wantCode(t, "Bruno reads Carla's rows from the store", err, switchboard.EFORBIDDEN)

	b, err := w.svc.Breakdown(w.brunoCtx, q(""), switchboard.SliceAgent)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Bruno's breakdown", rowsOf(b), []row{{id(w.bruno.ID), "Bruno", wantBruno, wantImported}})
	act, err := w.svc.Activity(w.brunoCtx, q(""))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Bruno's activity", activityOf(act), []activity{
		{"Bruno", "2026-11-30", 7200, 0, 2, 2, 1},
		{"Bruno", "2026-12-01", 5400, 1800, 0, 0, 0},
	})
	live, err := w.svc.Live(w.brunoCtx)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Bruno's live view", liveOf(live), liveView{Open: 0, Unassigned: 0, Waiting: nil,
		Agents: []liveAgent{{"Bruno", switchboard.PresenceOffline, at("2026-12-01 02:00"), 0}}})
}

// checkLive reads the team now (Tue 1 Dec 12:00): D open with Carla, F open, unassigned and
// waiting since 11:00; A, B, C resolved; E erased.
func checkLive(t *testing.T, w *world) {
	live, err := w.svc.Live(w.adaCtx)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "live view", liveOf(live), liveView{Open: 2, Unassigned: 1,
		Waiting: []waiting{{w.f, w.phone.ID, "Fabio", nil, at("2026-12-01 11:00")}},
		Agents: []liveAgent{
			{"Ada", switchboard.PresenceOffline, time.Time{}, 0},
			{"Bruno", switchboard.PresenceOffline, at("2026-12-01 02:00"), 0},
			{"Carla", switchboard.PresenceOnline, at("2026-12-01 08:55"), 1},
		}})
	if !live.At.Equal(at("2026-12-01 12:00")) {
		t.Errorf("live at %v", live.At)
	}
}

// checkRebuild forgets every fact and records them again from the tables: the figures equal the
// live ones, presence excepted (the tables keep no history of presence: after a rebuild, online
// and away time start again from the next presence change).
func checkRebuild(t *testing.T, w *world) {
	snap := func() ([]any, liveView) {
		var out []any
		ov, err := w.svc.Overview(w.adaCtx, q(""))
		if err != nil {
			t.Fatal(err)
		}
		noPresence(&ov.Figures)
		noPresence(ov.Previous)
		for i := range ov.Days {
			noPresence(&ov.Days[i].ReportFigures)
		}
		out = append(out, ov)
		for _, by := range switchboard.ReportSlices[1:] {
			b, err := w.svc.Breakdown(w.adaCtx, q(""), by)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range b.Rows {
				noPresence(&r.Figures)
				noPresence(r.Previous)
			}
			out = append(out, rowsOf(b))
		}
		live, err := w.svc.Live(w.adaCtx)
		if err != nil {
			t.Fatal(err)
		}
		lv := liveOf(live)
		for i := range lv.Agents {
			lv.Agents[i].Since = time.Time{}
		}
		return out, lv
	}
	before, liveBefore := snap()
	wantCode(t, "Bruno rebuilds", w.db.ResetReports(w.brunoCtx), switchboard.EFORBIDDEN)
	if err := w.db.ResetReports(w.adaCtx); err != nil {
		t.Fatal(err)
	}
	follow(t, w)
	after, liveAfter := snap()
	diff(t, "rebuilt figures", after, before)
	diff(t, "rebuilt live view", liveAfter, liveBefore)
	// And the rebuilt figures are still the hand-computed ones (presence aside).
	ov, err := w.svc.Overview(w.adaCtx, q(""))
	if err != nil {
		t.Fatal(err)
	}
	want := wantAll
	noPresence(&want)
	noPresence(&ov.Figures)
	diff(t, "rebuilt figures against the hand-computed ones", ov.Figures, want)
}

func noPresence(f *switchboard.ReportFigures) {
	if f != nil {
		f.Online, f.Away = 0, 0
	}
}

type activity struct {
	Name                                     string
	Day                                      string
	Online, Away, Handled, Replies, Resolved int64
}

func activityOf(a *switchboard.ReportActivity) []activity {
	var out []activity
	for _, r := range a.Rows {
		out = append(out, activity{r.Name, r.Day, r.Online, r.Away, r.Handled, r.Replies, r.Resolved})
	}
	return out
}

type waiting struct {
	Conversation, Inbox int64
	Contact             string
	Assignee            *int64
	Since               time.Time
}

type liveAgent struct {
	Name     string
	Presence switchboard.Presence
	Since    time.Time
	Open     int
}

type liveView struct {
	Open, Unassigned int
	Waiting          []waiting
	Agents           []liveAgent
}

func liveOf(l *switchboard.ReportLive) liveView {
	v := liveView{Open: l.Open, Unassigned: l.Unassigned}
	for _, x := range l.Waiting {
		v.Waiting = append(v.Waiting, waiting{x.ConversationID, x.InboxID, x.ContactName, x.AssigneeID, x.WaitingSince.UTC()})
	}
	for _, a := range l.Agents {
		var since time.Time
		if a.Since != nil {
			since = a.Since.UTC()
		}
		v.Agents = append(v.Agents, liveAgent{a.Name, a.Presence, since, a.Open})
	}
	return v
}
