package automation

// SLA timers: when each target of a conversation's policy is due and warns, and the job that
// fires them. The store calls the planner in the transaction that starts a target and enqueues
// the timers there; the job asks the store to mark the target, which it does once.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// SLAPlanner computes SLA due and warning times (switchboard.SLAPlanner).
type SLAPlanner struct{}

var _ switchboard.SLAPlanner = SLAPlanner{}

// Plan returns when a target started at start is due under p and when it warns:
//   - calendar time: start plus the target's minutes; the warning WarnMinutes before;
//   - business hours (with a schedule): the instant the target's minutes of opening hours have
//     passed since start, so a target started while closed begins counting at the next opening;
//     the warning when the target's minutes less WarnMinutes have passed, so it too falls
//     inside opening hours. A schedule that never opens counts calendar time.
//
// A target of 0 minutes has no times (both zero); a warning not shorter than the target comes
// at the start; WarnMinutes 0 gives no warning (zero).
func (SLAPlanner) Plan(p *switchboard.SLAPolicy, t switchboard.SLATarget, start time.Time, hours *switchboard.HoursSchedule) (due, warning time.Time) {
	minutes := p.Minutes(t)
	if minutes <= 0 {
		return time.Time{}, time.Time{}
	}
	d := time.Duration(minutes) * time.Minute
	warnAfter := time.Duration(max(0, minutes-p.WarnMinutes)) * time.Minute
	if p.BusinessHours && hours != nil {
		due = hours.AddBusiness(start, d)
		if !due.IsZero() {
			if p.WarnMinutes > 0 {
				warning = hours.AddBusiness(start, warnAfter)
				if warnAfter == 0 {
					warning = start // not the next opening: the target is as good as due now
				}
			}
			return due, warning
		}
	}
	due = start.Add(d)
	if p.WarnMinutes > 0 {
		warning = start.Add(warnAfter)
	}
	return due, warning
}

// SLATimers runs the JobSLATimer jobs.
type SLATimers struct {
	Store switchboard.SLAService
}

// Handle fires one timer: the store marks the target warned or breached if it is still unmet
// with the timer's due time, once, with its milestone and event. A timer that comes early (by
// another node's clock) runs again at its time.
func (s *SLATimers) Handle(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.SLATimerArgs
	if err := json.Unmarshal(j.Args, &a); err != nil {
		return jobs.Final(fmt.Errorf("sla timer arguments: %w", err))
	}
	err := s.Store.FireSLATimer(switchboard.NewSystemContext(ctx), a)
	var later *switchboard.NotDueError
	if errors.As(err, &later) {
		return jobs.RetryAfter(err, time.Until(later.At))
	}
	return err
}
