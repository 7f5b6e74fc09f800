package automation

import (
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

func TestSLAPlan(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	h := &switchboard.BusinessHours{TimeZone: "Europe/Rome", Holidays: []switchboard.Holiday{{Date: "2026-12-25"}}}
	for d := time.Monday; d <= time.Friday; d++ {
		h.Week[d] = []switchboard.HoursInterval{{Start: "09:00", End: "18:00"}}
	}
	hours, err := h.Compile()
	if err != nil {
		t.Fatal(err)
	}
	closed, err := (&switchboard.BusinessHours{TimeZone: "Europe/Rome"}).Compile()
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, hh, mm int) time.Time { return time.Date(2026, 12, d, hh, mm, 0, 0, rome) }
	var zero time.Time
	for _, tc := range []struct {
		name         string
		p            switchboard.SLAPolicy
		target       switchboard.SLATarget
		start        time.Time
		hours        *switchboard.HoursSchedule
		due, warning time.Time
	}{
		{"business hours carry over the weekend", switchboard.SLAPolicy{FirstResponseMinutes: 60, BusinessHours: true},
			switchboard.SLAFirstResponse, at(11, 17, 30), hours, at(14, 9, 30), zero},
		{"the warning counts business hours too", switchboard.SLAPolicy{FirstResponseMinutes: 60, BusinessHours: true, WarnMinutes: 15},
			switchboard.SLAFirstResponse, at(11, 17, 30), hours, at(14, 9, 30), at(14, 9, 15)},
		{"a message while closed starts at the opening", switchboard.SLAPolicy{NextResponseMinutes: 30, BusinessHours: true},
			switchboard.SLANextResponse, at(12, 10, 0), hours, at(14, 9, 30), zero},
		{"holidays are closed", switchboard.SLAPolicy{ResolutionMinutes: 120, BusinessHours: true, WarnMinutes: 30},
			switchboard.SLAResolution, at(24, 17, 0), hours, at(28, 10, 0), at(28, 9, 30)},
		{"calendar time", switchboard.SLAPolicy{FirstResponseMinutes: 60, WarnMinutes: 10},
			switchboard.SLAFirstResponse, at(11, 17, 30), hours, at(11, 18, 30), at(11, 18, 20)},
		{"no schedule: calendar time", switchboard.SLAPolicy{FirstResponseMinutes: 60, BusinessHours: true},
			switchboard.SLAFirstResponse, at(12, 17, 30), nil, at(12, 18, 30), zero},
		{"a schedule that never opens: calendar time", switchboard.SLAPolicy{FirstResponseMinutes: 60, BusinessHours: true},
			switchboard.SLAFirstResponse, at(12, 17, 30), closed, at(12, 18, 30), zero},
		{"a warning as long as the target comes at the start", switchboard.SLAPolicy{FirstResponseMinutes: 30, BusinessHours: true, WarnMinutes: 30},
			switchboard.SLAFirstResponse, at(12, 10, 0), hours, at(14, 9, 30), at(12, 10, 0)},
		{"no target", switchboard.SLAPolicy{FirstResponseMinutes: 60},
			switchboard.SLAResolution, at(12, 10, 0), hours, zero, zero},
	} {
		t.Run(tc.name, func(t *testing.T) {
			due, warning := SLAPlanner{}.Plan(&tc.p, tc.target, tc.start, tc.hours)
			if !due.Equal(tc.due) || !warning.Equal(tc.warning) {
				t.Errorf("Plan = %v, %v; want %v, %v", due.In(rome), warning.In(rome), tc.due, tc.warning)
			}
		})
	}
}
