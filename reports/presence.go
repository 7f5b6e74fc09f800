package reports

// Presence still running: a presence fact is recorded when the presence ends (its length is
// known then), so an agent online since 08:00 and still online has no fact for today yet. The
// answers that show time online and away add that open interval from the live view.

import (
	"context"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
)

// now is the service's clock.
func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// dayStart is the instant a day number's local date begins in loc.
func dayStart(day int, loc *time.Location) time.Time {
	t := time.Unix(int64(day)*secondsPerDay, 0).UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// openPresence returns, by agent and day number, the seconds online (COnline) and away (CAway)
// of each agent's present presence, for days first to p.to of p's zone and up to now, from when
// the presence began (the live view's Since). A presence the reports never saw begin (Since nil:
// recorded a moment from now, or older than the reports) adds nothing rather than a guess that
// could count a whole period online. keep chooses the agents (the live view already holds only the asking
// agent's own row for an agent). Nothing when the days begin after now.
func (s *Service) openPresence(ctx context.Context, p *period, first int, keep func(agentID int64) bool) (map[[2]int64]*Day, error) {
	loc, err := loadZone(p.zone)
	if err != nil {
		return nil, err
	}
	start, end, now := dayStart(first, loc), dayStart(p.to+1, loc), s.now()
	if now.Before(end) {
		end = now
	}
	if !start.Before(end) {
		return nil, nil
	}
	live, err := s.Store.ReportLive(ctx)
	if err != nil {
		return nil, err
	}
	out := map[[2]int64]*Day{}
	for _, a := range live.Agents {
		var kind switchboard.ReportFactKind
		var counter Counter
		switch a.Presence {
		case switchboard.PresenceOnline:
			kind, counter = switchboard.FactOnline, COnline
		case switchboard.PresenceAway:
			kind, counter = switchboard.FactAway, CAway
		default:
			continue
		}
		if keep != nil && !keep(a.AgentID) {
			continue
		}
		if a.Since == nil {
			continue
		}
		from := start
		if a.Since.After(from) {
			from = *a.Since
		}
		secs := int64(end.Sub(from) / time.Second)
		if secs <= 0 {
			continue
		}
		// Split at local midnights as the rollup splits a presence fact.
		for _, pc := range pieces(&switchboard.ReportFact{Kind: kind, At: from, Cal: &secs}, loc) {
			k := [2]int64{a.AgentID, int64(pc.day)}
			d := out[k]
			if d == nil {
				d = &Day{}
				out[k] = d
			}
			d.Counts[counter] += pc.seconds
		}
	}
	return out, nil
}

// isAgent chooses the agent whose slice id is id.
func isAgent(id string) func(agentID int64) bool {
	return func(agentID int64) bool { return strconv.FormatInt(agentID, 10) == id }
}
