package reports

// Rollup: facts become changes to one row per time zone, slice and local day. A row only ever
// adds (or, with sign -1, exactly subtracts) what its facts make, so the store can apply deltas
// in any order and a zone rebuilt from the facts equals the zone kept up to date.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
)

// secondsPerDay is the length of a day number's step (UTC days; see DayOf).
const secondsPerDay = 24 * 60 * 60

// DayOf returns the day number of t's local date in loc: days since 1970-01-01, counting the
// date, not elapsed time, so a day of 23 or 25 hours is one day all the same. Every rollup row
// and query names days this way.
func DayOf(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay))
}

// DayDate writes a day number as its date, YYYY-MM-DD (the API's and the CSV's form).
func DayDate(day int) string {
	return time.Unix(int64(day)*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

// ParseDay reads a date YYYY-MM-DD as its day number.
func ParseDay(s string) (int, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return int(floorDiv(t.Unix(), secondsPerDay)), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// ErrUnknownZone is wrapped by Rollup's error for a zone that does not load (a name the zone
// database of this machine does not know, or none): the store tells it apart with errors.Is
// from a failure of the step, and skips that zone (logging it) rather than failing the whole
// step, and every step after it, on one bad name.
var ErrUnknownZone = errors.New("reports: unknown time zone")

// location loads a zone once per Folder: loading reads the zone database, and every rollup
// call names its zone.
func (f *Folder) location(zone string) (*time.Location, error) {
	if l, ok := f.zones.Load(zone); ok {
		return l.(*time.Location), nil
	}
	l, err := loadZone(zone)
	if err != nil {
		return nil, err
	}
	f.zones.Store(zone, l)
	return l, nil
}

// loadZone loads an IANA zone by name; the server's "Local" is no zone of a report. Its error
// wraps ErrUnknownZone.
func loadZone(zone string) (*time.Location, error) {
	if zone == "" || zone == "Local" {
		return nil, fmt.Errorf("%w %q", ErrUnknownZone, zone)
	}
	l, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrUnknownZone, zone, err)
	}
	return l, nil
}

// rowKey names one rollup row of a zone.
type rowKey struct {
	slice switchboard.ReportSlice
	id    string
	day   int
}

// Rollup returns the deltas facts make to zone's rows (see switchboard.ReportFolder): one delta
// per row touched, in a stable order (slice, id, day), with none for a row the facts leave
// unchanged. sign is +1 to add the facts, -1 to take them away. labels gives a conversation's
// labels now (nil labels: no label rows); only, when not nil, limits the slices touched.
func (f *Folder) Rollup(zone string, facts []switchboard.ReportFact, sign int, labels func(conversationID int64) []string, only []switchboard.ReportSlice) ([]switchboard.ReportDelta, error) {
	if sign != 1 && sign != -1 {
		return nil, fmt.Errorf("reports: rollup sign %d, want 1 or -1", sign)
	}
	loc, err := f.location(zone)
	if err != nil {
		return nil, err
	}
	want := func(s switchboard.ReportSlice) bool { return only == nil || slices.Contains(only, s) }
	rows := map[rowKey]*Day{}
	labelsOf := map[int64][]string{}
	var keys []rowKey // reused per fact
	for i := range facts {
		fa := &facts[i]
		keys = keys[:0]
		if want(switchboard.SliceAll) {
			keys = append(keys, rowKey{slice: switchboard.SliceAll})
		}
		if fa.InboxID != 0 && want(switchboard.SliceInbox) {
			keys = append(keys, rowKey{slice: switchboard.SliceInbox, id: strconv.FormatInt(fa.InboxID, 10)})
		}
		if fa.Channel != "" && want(switchboard.SliceChannel) {
			keys = append(keys, rowKey{slice: switchboard.SliceChannel, id: string(fa.Channel)})
		}
		if fa.AgentID != nil && want(switchboard.SliceAgent) {
			keys = append(keys, rowKey{slice: switchboard.SliceAgent, id: strconv.FormatInt(*fa.AgentID, 10)})
		}
		if fa.TeamID != nil && want(switchboard.SliceTeam) {
			keys = append(keys, rowKey{slice: switchboard.SliceTeam, id: strconv.FormatInt(*fa.TeamID, 10)})
		}
		if fa.ConversationID != 0 && labels != nil && want(switchboard.SliceLabel) {
			ls, ok := labelsOf[fa.ConversationID]
			if !ok {
				ls = labels(fa.ConversationID)
				labelsOf[fa.ConversationID] = ls
			}
			for _, l := range ls {
				keys = append(keys, rowKey{slice: switchboard.SliceLabel, id: l})
			}
		}
		if len(keys) == 0 {
			continue
		}
		for _, p := range pieces(fa, loc) {
			for _, k := range keys {
				k.day = p.day
				d := rows[k]
				if d == nil {
					d = &Day{}
					rows[k] = d
				}
				add(d, fa, p, int64(sign))
			}
		}
	}
	out := make([]switchboard.ReportDelta, 0, len(rows))
	for k, d := range rows {
		if d.Empty() {
			continue
		}
		out = append(out, switchboard.ReportDelta{Zone: zone, Slice: k.slice, SliceID: k.id, Day: k.day, Data: d.Encode()})
	}
	slices.SortFunc(out, func(a, b switchboard.ReportDelta) int {
		return cmp.Or(cmp.Compare(a.Slice, b.Slice), cmp.Compare(a.SliceID, b.SliceID), cmp.Compare(a.Day, b.Day))
	})
	return out, nil
}

// piece is the part of a fact that falls in one local day: all of it, except for presence,
// whose seconds are split at local midnights.
type piece struct {
	day     int
	hour    int   // local hour of the fact's time
	seconds int64 // presence only
}

// pieces splits a fact into its local days.
func pieces(fa *switchboard.ReportFact, loc *time.Location) []piece {
	at := fa.At.In(loc)
	if fa.Kind != switchboard.FactOnline && fa.Kind != switchboard.FactAway {
		return []piece{{day: DayOf(at, loc), hour: at.Hour()}}
	}
	if fa.Cal == nil || *fa.Cal <= 0 {
		return nil
	}
	end := fa.At.Add(time.Duration(*fa.Cal) * time.Second)
	var out []piece
	for cur := fa.At; cur.Before(end); {
		l := cur.In(loc)
		next := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
		if !next.After(cur) { // a zone whose clocks jump at midnight; never loop
			next = cur.Add(24 * time.Hour)
		}
		if next.After(end) {
			next = end
		}
		out = append(out, piece{day: DayOf(cur, loc), hour: l.Hour(), seconds: int64(next.Sub(cur) / time.Second)})
		cur = next
	}
	return out
}

// counted are the facts that only count, one each, and their counters.
var counted = map[switchboard.ReportFactKind]Counter{
	switchboard.FactAssigned: CAssigned, switchboard.FactHandled: CHandled,
	switchboard.FactTransferIn: CTransferIn, switchboard.FactTransferOut: CTransferOut,
	switchboard.FactSLAMet: CSLAMet, switchboard.FactSLABreached: CSLABreached, switchboard.FactCSATSent: CCSATSent,
}

// add puts one fact's part of a day into d, times sign.
func add(d *Day, fa *switchboard.ReportFact, p piece, sign int64) {
	timed := func(cal, biz int) {
		if fa.Cal != nil {
			d.Add(cal, *fa.Cal, sign)
		}
		if fa.Biz != nil {
			d.Add(biz, *fa.Biz, sign)
		}
	}
	switch fa.Kind {
	case switchboard.FactOpened:
		d.Counts[COpened] += sign
		d.Heat[HeatOpened][p.hour] += sign
	case switchboard.FactReopened:
		d.Counts[CReopened] += sign
	case switchboard.FactResolved:
		d.Counts[CResolved] += sign
		if fa.N == 1 {
			d.Counts[CResolvedNoReply] += sign
		}
		timed(HResolutionCal, HResolutionBiz)
	case switchboard.FactMessageIn:
		n := max(fa.N, 1)
		d.Counts[CMessagesIn] += sign * n
		d.Heat[HeatMessages][p.hour] += sign * n
	case switchboard.FactMessageOut:
		d.Counts[CMessagesOut] += sign * max(fa.N, 1)
	case switchboard.FactFirstResponse:
		timed(HFirstResponseCal, HFirstResponseBiz)
	case switchboard.FactReply:
		timed(HReplyCal, HReplyBiz)
	case switchboard.FactAssigned, switchboard.FactHandled, switchboard.FactTransferIn, switchboard.FactTransferOut,
		switchboard.FactSLAMet, switchboard.FactSLABreached, switchboard.FactCSATSent:
		d.Counts[counted[fa.Kind]] += sign
	case switchboard.FactCSATRated:
		d.Counts[CCSATRated] += sign
		d.Counts[CCSATSum] += sign * fa.N
	case switchboard.FactOnline:
		d.Counts[COnline] += sign * p.seconds
	case switchboard.FactAway:
		d.Counts[CAway] += sign * p.seconds
	}
}
