package reports

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Names finds the agents, inboxes and teams a breakdown or an activity table names by id. The
// store implements it with the methods the rest of the API lists them with, so a report names
// exactly what the asking agent may see elsewhere.
type Names interface {
	FindAgents(ctx context.Context) ([]*switchboard.Agent, error)
	FindInboxes(ctx context.Context) ([]*switchboard.Inbox, error)
	FindTeams(ctx context.Context) ([]*switchboard.Team, error)
}

// Service answers the dashboard from the rollup rows only: every figure of a period is the sum
// of its days' rows, so a query costs the same at a thousand conversations as at a million.
type Service struct {
	Store switchboard.ReportStore
	Names Names
	// Now is the clock (nil: time.Now). Time online and away includes each agent's presence
	// still running up to now, so the answers depend on it; tests set it.
	Now func() time.Time
}

var _ switchboard.ReportService = (*Service)(nil)

// NewService returns the service over a store (usually the same *sqlstore.DB as both).
func NewService(store switchboard.ReportStore, names Names) *Service {
	return &Service{Store: store, Names: names, Now: time.Now}
}

// period is a validated query: its days as day numbers in the zone the rows are read in, and
// the slice and ids to read.
type period struct {
	zone, preparing string
	from, to        int // day numbers, inclusive
	slice           switchboard.ReportSlice
	id              string
}

// days is the period's length.
func (p *period) days() int { return p.to - p.from + 1 }

// prevFrom is the first day of the previous period of the same length.
func (p *period) prevFrom() int { return p.from - p.days() }

// ids is the filter of ReportRows: nil for every id of the slice, else the one asked.
func (p *period) ids() []string {
	if p.slice == switchboard.SliceAll {
		return []string{""}
	}
	return []string{p.id}
}

// resolve validates q for an actor and chooses the zone: the query's, else the asking agent's,
// falling back to UTC (with Preparing) while the zone's rows are built. sliced says whether the
// query's own slice and id apply (the overview); the other answers choose their slice
// themselves and pass false.
func (s *Service) resolve(ctx context.Context, q *switchboard.ReportQuery, sliced bool) (*period, switchboard.Actor, error) {
	actor, ok := switchboard.ActorFromContext(ctx)
	if !ok {
		return nil, actor, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	if q == nil {
		q = &switchboard.ReportQuery{}
	}
	var v switchboard.Validator
	from, errFrom := ParseDay(q.From)
	v.Check(errFrom == nil, "from", "Give the first day as YYYY-MM-DD.")
	to, errTo := ParseDay(q.To)
	v.Check(errTo == nil, "to", "Give the last day as YYYY-MM-DD.")
	if errFrom == nil && errTo == nil {
		v.Check(from <= to, "to", "The last day must not come before the first.")
		v.Check(to-from < switchboard.MaxReportDays, "to", fmt.Sprintf("Ask for at most %d days.", switchboard.MaxReportDays))
	}
	if q.Zone != "" {
		v.Check(validZone(q.Zone), "zone", "Unknown time zone.")
	}
	p := &period{from: from, to: to, slice: cmp.Or(q.Slice, switchboard.SliceAll), id: q.ID}
	if sliced {
		known := slices.Contains(switchboard.ReportSlices, p.slice)
		v.Check(known, "slice", "Choose all, inbox, channel, agent, team or label.")
		switch {
		case !known:
		case p.slice == switchboard.SliceAll:
			p.id = ""
		case p.slice == switchboard.SliceAgent && p.id == "" && !actor.SeesAll():
			// an agent's own slice, chosen below
		case p.slice == switchboard.SliceAgent || p.slice == switchboard.SliceInbox || p.slice == switchboard.SliceTeam:
			n, err := strconv.ParseInt(p.id, 10, 64)
			v.Check(err == nil && n > 0, "id", "Choose one by its id.")
		default:
			v.Check(p.id != "", "id", "Choose one.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, actor, err
	}
	if sliced && !actor.SeesAll() {
		// An agent sees their own figures: the workspace's slice means theirs.
		own, ok := ownID(actor)
		if !ok {
			return nil, actor, forbidden()
		}
		if p.slice == switchboard.SliceAll || (p.slice == switchboard.SliceAgent && p.id == "") {
			p.slice, p.id = switchboard.SliceAgent, own
		}
		if p.slice != switchboard.SliceAgent || p.id != own {
			return nil, actor, forbidden()
		}
	}
	p.zone = q.Zone
	if p.zone == "" {
		p.zone = "UTC"
		if actor.Agent != nil && validZone(actor.Agent.TimeZone) {
			p.zone = actor.Agent.TimeZone
		}
	}
	if p.zone != "UTC" {
		ready, err := s.Store.ReportZone(ctx, p.zone)
		if err != nil {
			return nil, actor, err
		}
		if !ready {
			p.preparing, p.zone = p.zone, "UTC"
		}
	}
	return p, actor, nil
}

// ownID is the id of the asking agent as a slice id; false for an actor who is not an agent.
func ownID(actor switchboard.Actor) (string, bool) {
	if actor.Agent == nil {
		return "", false
	}
	return strconv.FormatInt(actor.Agent.ID, 10), true
}

// forbidden is the answer to an agent asking for figures other than their own.
func forbidden() error {
	return switchboard.Errorf(switchboard.EFORBIDDEN, "Agents see their own figures only.")
}

// validZone reports whether name is an IANA time zone (not the server's "Local").
func validZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// Overview answers the figures of one slice over a period: the totals, each day with the
// backlog at its end, the heat by weekday and hour, and with Compare the previous period.
func (s *Service) Overview(ctx context.Context, q *switchboard.ReportQuery) (*switchboard.ReportOverview, error) {
	p, _, err := s.resolve(ctx, q, true)
	if err != nil {
		return nil, err
	}
	// Every row up to the period's end: the backlog at a day's end sums all the days before.
	rows, err := s.Store.ReportRows(ctx, p.zone, p.slice, p.ids(), math.MinInt32, p.to)
	if err != nil {
		return nil, err
	}
	byDay := map[int]*Day{}
	for _, r := range rows {
		d := byDay[r.Day]
		if d == nil {
			d = &Day{}
			byDay[r.Day] = d
		}
		if err := d.Decode(r.Data); err != nil {
			return nil, fmt.Errorf("report row %s %s %d: %w", r.Slice, r.SliceID, r.Day, err)
		}
	}
	if p.slice == switchboard.SliceAll || p.slice == switchboard.SliceAgent {
		// Presence still running counts in the workspace's and its agent's time online.
		first := p.from
		if q.Compare {
			first = p.prevFrom()
		}
		var keep func(int64) bool
		if p.slice == switchboard.SliceAgent {
			keep = isAgent(p.id)
		}
		open, err := s.openPresence(ctx, p, first, keep)
		if err != nil {
			return nil, err
		}
		for k, od := range open {
			d := byDay[int(k[1])]
			if d == nil {
				d = &Day{}
				byDay[int(k[1])] = d
			}
			d.Merge(od)
		}
	}
	out := &switchboard.ReportOverview{Zone: p.zone, Preparing: p.preparing, From: DayDate(p.from), To: DayDate(p.to),
		Slice: p.slice, ID: p.id, Days: make([]switchboard.ReportDay, 0, p.days())}
	var backlog int64
	var total, prev Day
	for day, d := range byDay {
		if day < p.from {
			backlog += opensLeft(d)
		}
		if day >= p.prevFrom() && day < p.from {
			prev.Merge(d)
		}
	}
	for day := p.from; day <= p.to; day++ {
		d := byDay[day]
		if d == nil {
			d = &Day{}
		}
		backlog += opensLeft(d)
		total.Merge(d)
		wd := weekday(day)
		for h := range 24 {
			out.HeatOpened[wd][h] += d.Heat[HeatOpened][h]
			out.HeatMessages[wd][h] += d.Heat[HeatMessages][h]
		}
		out.Days = append(out.Days, switchboard.ReportDay{Day: DayDate(day), Backlog: backlog, ReportFigures: Figures(d)})
	}
	out.Figures = Figures(&total)
	if q.Compare {
		f := Figures(&prev)
		out.Previous, out.PreviousFrom, out.PreviousTo = &f, DayDate(p.prevFrom()), DayDate(p.from-1)
	}
	return out, nil
}

// opensLeft is how a day changes the backlog: conversations opened, reopened and transferred
// in, less those transferred out and resolved. The transfers matter for agents and teams only
// (in every other slice a transfer's in and out cancel): they carry the conversation from the
// assignee it opened with to the one who resolves it.
func opensLeft(d *Day) int64 {
	c := &d.Counts
	return c[COpened] + c[CReopened] + c[CTransferIn] - c[CTransferOut] - c[CResolved]
}

// Breakdown compares every id of a slice that has figures in the period (or, with Compare, the
// previous one), each named. An agent may break down by agent only, and sees their own row.
func (s *Service) Breakdown(ctx context.Context, q *switchboard.ReportQuery, by switchboard.ReportSlice) (*switchboard.ReportBreakdown, error) {
	p, actor, err := s.resolve(ctx, q, false)
	if err != nil {
		return nil, err
	}
	if by == switchboard.SliceAll || !slices.Contains(switchboard.ReportSlices, by) {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Some fields are invalid.",
			Fields: map[string]string{"by": "Choose inbox, channel, agent, team or label."}}
	}
	var ids []string
	if !actor.SeesAll() {
		own, ok := ownID(actor)
		if by != switchboard.SliceAgent || !ok {
			return nil, forbidden()
		}
		ids = []string{own}
	}
	first := p.from
	if q.Compare {
		first = p.prevFrom()
	}
	rows, err := s.Store.ReportRows(ctx, p.zone, by, ids, first, p.to)
	if err != nil {
		return nil, err
	}
	type sums struct{ cur, prev Day }
	byID := map[string]*sums{}
	for _, r := range rows {
		sm := byID[r.SliceID]
		if sm == nil {
			sm = &sums{}
			byID[r.SliceID] = sm
		}
		d := &sm.cur
		if r.Day < p.from {
			d = &sm.prev
		}
		if err := d.Decode(r.Data); err != nil {
			return nil, fmt.Errorf("report row %s %s %d: %w", r.Slice, r.SliceID, r.Day, err)
		}
	}
	names, err := s.names(ctx, by)
	if err != nil {
		return nil, err
	}
	out := &switchboard.ReportBreakdown{Zone: p.zone, Preparing: p.preparing, From: DayDate(p.from), To: DayDate(p.to),
		By: by, Rows: make([]*switchboard.ReportBreakdownRow, 0, len(byID))}
	for id, sm := range byID {
		row := &switchboard.ReportBreakdownRow{ID: id, Name: names(id), Figures: Figures(&sm.cur)}
		if q.Compare {
			f := Figures(&sm.prev)
			row.Previous = &f
		}
		out.Rows = append(out.Rows, row)
	}
	slices.SortFunc(out.Rows, func(a, b *switchboard.ReportBreakdownRow) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Activity answers each agent's days in the period that have any activity: time online and
// away, conversations handled, replies and resolutions. An agent sees their own days.
func (s *Service) Activity(ctx context.Context, q *switchboard.ReportQuery) (*switchboard.ReportActivity, error) {
	p, actor, err := s.resolve(ctx, q, false)
	if err != nil {
		return nil, err
	}
	var ids []string
	if !actor.SeesAll() {
		own, ok := ownID(actor)
		if !ok {
			return nil, forbidden()
		}
		ids = []string{own}
	}
	rows, err := s.Store.ReportRows(ctx, p.zone, switchboard.SliceAgent, ids, p.from, p.to)
	if err != nil {
		return nil, err
	}
	names, err := s.names(ctx, switchboard.SliceAgent)
	if err != nil {
		return nil, err
	}
	out := &switchboard.ReportActivity{Zone: p.zone, Preparing: p.preparing, From: DayDate(p.from), To: DayDate(p.to),
		Rows: []*switchboard.ReportActivityRow{}}
	byKey := map[[2]int64]*Day{}
	for _, r := range rows {
		id, err := strconv.ParseInt(r.SliceID, 10, 64)
		if err != nil {
			continue // not an agent's row
		}
		k := [2]int64{id, int64(r.Day)}
		d := byKey[k]
		if d == nil {
			d = &Day{}
			byKey[k] = d
		}
		if err := d.Decode(r.Data); err != nil {
			return nil, fmt.Errorf("report row %s %s %d: %w", r.Slice, r.SliceID, r.Day, err)
		}
	}
	// Presence still running (the live view answers an agent with their own row only, and
	// keep says so again).
	var keep func(int64) bool
	if ids != nil {
		keep = isAgent(ids[0])
	}
	open, err := s.openPresence(ctx, p, p.from, keep)
	if err != nil {
		return nil, err
	}
	for k, od := range open {
		d := byKey[k]
		if d == nil {
			d = &Day{}
			byKey[k] = d
		}
		d.Merge(od)
	}
	for k, d := range byKey {
		c := d.Counts
		row := &switchboard.ReportActivityRow{AgentID: k[0], Name: names(strconv.FormatInt(k[0], 10)), Day: DayDate(int(k[1])),
			Online: c[COnline], Away: c[CAway], Handled: c[CHandled], Replies: c[CMessagesOut], Resolved: c[CResolved]}
		if row.Online != 0 || row.Away != 0 || row.Handled != 0 || row.Replies != 0 || row.Resolved != 0 {
			out.Rows = append(out.Rows, row)
		}
	}
	slices.SortFunc(out.Rows, func(a, b *switchboard.ReportActivityRow) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.AgentID, b.AgentID), cmp.Compare(a.Day, b.Day))
	})
	return out, nil
}

// Live answers the team right now; the store limits an agent to their own row.
func (s *Service) Live(ctx context.Context) (*switchboard.ReportLive, error) {
	if _, ok := switchboard.ActorFromContext(ctx); !ok {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	return s.Store.ReportLive(ctx)
}

// names returns how a slice's ids are named: agents, inboxes and teams by their names (empty
// for one deleted since), channels and labels by themselves.
func (s *Service) names(ctx context.Context, slice switchboard.ReportSlice) (func(id string) string, error) {
	m := map[string]string{}
	switch slice {
	case switchboard.SliceAgent:
		agents, err := s.Names.FindAgents(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range agents {
			m[strconv.FormatInt(a.ID, 10)] = a.Name
		}
	case switchboard.SliceInbox:
		inboxes, err := s.Names.FindInboxes(ctx)
		if err != nil {
			return nil, err
		}
		for _, i := range inboxes {
			m[strconv.FormatInt(i.ID, 10)] = i.Name
		}
	case switchboard.SliceTeam:
		teams, err := s.Names.FindTeams(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range teams {
			m[strconv.FormatInt(t.ID, 10)] = t.Name
		}
	default:
		return func(id string) string { return id }, nil
	}
	return func(id string) string { return m[id] }, nil
}

// Figures turns a day's (or a period's summed) row into the API's figures: counts as they are,
// rates as fractions, durations as count, median and 90th percentile.
func Figures(d *Day) switchboard.ReportFigures {
	c := d.Counts
	f := switchboard.ReportFigures{
		Opened: c[COpened], Reopened: c[CReopened], Resolved: c[CResolved], ResolvedNoReply: c[CResolvedNoReply],
		MessagesIn: c[CMessagesIn], MessagesOut: c[CMessagesOut], Assigned: c[CAssigned], Handled: c[CHandled],
		FirstResponse: duration(d, HFirstResponseCal, HFirstResponseBiz),
		Reply:         duration(d, HReplyCal, HReplyBiz),
		Resolution:    duration(d, HResolutionCal, HResolutionBiz),
		SLAMet:        c[CSLAMet], SLABreached: c[CSLABreached], CSATSent: c[CCSATSent], CSATRated: c[CCSATRated],
		Online: c[COnline], Away: c[CAway],
	}
	f.Transferred = c[CTransferIn] - c[CTransferOut]
	f.ResolutionRate = ratio(f.Resolved, f.Opened+f.Reopened+max(f.Transferred, 0))
	f.CSATScore = ratio(c[CCSATSum], f.CSATRated)
	f.CSATResponse = ratio(f.CSATRated, f.CSATSent)
	return f
}

// ratio is a ÷ b to four decimals, 0 when b is not positive.
func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return math.Round(float64(a)/float64(b)*1e4) / 1e4
}

// duration reads a calendar and a business histogram.
func duration(d *Day, cal, biz int) switchboard.ReportDuration {
	return switchboard.ReportDuration{Calendar: stat(d.Hists[cal]), Business: stat(d.Hists[biz])}
}

// stat summarises a histogram.
func stat(h Hist) switchboard.ReportStat {
	med, n := h.Percentile(0.5)
	p90, _ := h.Percentile(0.9)
	return switchboard.ReportStat{Count: n, Median: med, P90: p90}
}

// weekday is a day number's weekday, Monday 0 (1970-01-01, day 0, was a Thursday).
func weekday(day int) int {
	return ((day+3)%7 + 7) % 7
}
