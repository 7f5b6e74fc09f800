package switchboard

// Business hours: an inbox's weekly schedule, time zone and holidays, and the pure functions
// everything that depends on them uses (automatic replies here, SLA timers and reports later).
// They are domain values rather than part of package automation because the store applies them
// inside the transaction that takes a customer's message (see Automation.Replies), so each
// automatic reply is written once, with the message, or not at all.

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// HoursInterval is one stretch of opening hours within a day, in the schedule's time zone: Start and
// End are "HH:MM" wall-clock times, End after Start ("24:00" ends at midnight).
type HoursInterval struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Holiday is a date (YYYY-MM-DD, in the schedule's time zone) on which the inbox stays closed all
// day, whatever the weekly schedule says; Name is optional ("Christmas").
type Holiday struct {
	Date string `json:"date"`
	Name string `json:"name,omitempty"`
}

// BusinessHours is an inbox's weekly schedule. Week lists each weekday's opening intervals,
// Sunday first (as time.Weekday counts); a day with none is closed.
type BusinessHours struct {
	TimeZone string             `json:"time_zone"`
	Week     [7][]HoursInterval `json:"week"`
	Holidays []Holiday          `json:"holidays"`
}

// Limits on a schedule, so one inbox's hours cannot make a message's path slow.
const (
	MaxIntervalsPerDay = 6
	MaxHolidays        = 366
	MaxHolidayName     = 100
)

var dayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// Validate checks the schedule into v, naming fields under prefix ("hours"): a known time zone,
// well-formed, ordered and non-overlapping intervals, valid distinct holiday dates.
func (h *BusinessHours) Validate(v *Validator, prefix string) {
	_, err := loadZone(h.TimeZone)
	v.Check(err == nil, prefix+".time_zone", "Choose a time zone, such as Europe/Rome.")
	for d, day := range h.Week {
		field := prefix + ".week." + dayNames[d]
		v.Check(len(day) <= MaxIntervalsPerDay, field, fmt.Sprintf("Use at most %d intervals a day.", MaxIntervalsPerDay))
		prevEnd := -1
		for i, iv := range day {
			f := fmt.Sprintf("%s.%d", field, i)
			s, okS := parseClock(iv.Start, false)
			e, okE := parseClock(iv.End, true)
			v.Check(okS, f+".start", "Enter a time such as 09:00.")
			v.Check(okE, f+".end", "Enter a time such as 17:30 (24:00 for midnight).")
			if okS && okE {
				v.Check(e > s, f+".end", "The end must come after the start.")
				v.Check(s >= prevEnd, f+".start", "Intervals must be in order and must not overlap.")
				prevEnd = e
			}
		}
	}
	v.Check(len(h.Holidays) <= MaxHolidays, prefix+".holidays", fmt.Sprintf("Use at most %d holidays.", MaxHolidays))
	seen := map[string]bool{}
	for i, hd := range h.Holidays {
		f := fmt.Sprintf("%s.holidays.%d", prefix, i)
		_, err := time.Parse(time.DateOnly, hd.Date)
		v.Check(err == nil, f+".date", "Enter a date as YYYY-MM-DD.")
		v.Check(!seen[hd.Date], f+".date", "This date is already a holiday.")
		seen[hd.Date] = true
		v.MaxLength(hd.Name, MaxHolidayName, f+".name")
	}
}

// loadZone loads an IANA time zone; "" and "Local" are refused (the server's zone is nobody's).
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("no time zone")
	}
	return time.LoadLocation(name)
}

// parseClock reads "HH:MM" as minutes after midnight; "24:00" only when end is set.
func parseClock(s string, end bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	hh, err1 := strconv.Atoi(s[:2])
	mm, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 {
		return 0, false
	}
	if hh == 24 && mm == 0 && end {
		return 24 * 60, true
	}
	if hh > 23 {
		return 0, false
	}
	return hh*60 + mm, true
}

// HoursSchedule is a validated BusinessHours ready to answer questions about instants.
type HoursSchedule struct {
	loc      *time.Location
	week     [7][][2]int // minutes after midnight, [start, end)
	holidays map[string]bool
	open     bool // whether any day has hours at all
}

// Compile checks h and prepares it; the error is an EINVALID *Error naming fields
// under "hours".
func (h *BusinessHours) Compile() (*HoursSchedule, error) {
	var v Validator
	h.Validate(&v, "hours")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s := &HoursSchedule{holidays: map[string]bool{}}
	s.loc, _ = loadZone(h.TimeZone)
	for d, day := range h.Week {
		for _, iv := range day {
			a, _ := parseClock(iv.Start, false)
			b, _ := parseClock(iv.End, true)
			s.week[d] = append(s.week[d], [2]int{a, b})
			s.open = true
		}
		sort.Slice(s.week[d], func(i, j int) bool { return s.week[d][i][0] < s.week[d][j][0] })
	}
	for _, hd := range h.Holidays {
		s.holidays[hd.Date] = true
	}
	return s, nil
}

// Location is the schedule's time zone.
func (s *HoursSchedule) Location() *time.Location { return s.loc }

// dayIntervals returns the opening intervals of the local calendar day (y, m, d) as instants.
// Wall-clock times are placed by time.Date, so on a day the clocks change an interval keeps its
// wall-clock bounds (an hour shorter or longer in real time); a bound that does not exist that
// day moves forward (see wall).
func (s *HoursSchedule) dayIntervals(y int, m time.Month, d int, out [][2]time.Time) [][2]time.Time {
	day := time.Date(y, m, d, 12, 0, 0, 0, s.loc)
	if s.holidays[day.Format(time.DateOnly)] {
		return out
	}
	for _, iv := range s.week[day.Weekday()] {
		out = append(out, [2]time.Time{s.wall(y, m, d, iv[0]), s.wall(y, m, d, iv[1])})
	}
	return out
}

// wall returns the instant the local clock shows min minutes after midnight on (y, m, d). A time
// the clocks skip that day comes out moved forward by the gap (02:30 becomes 03:30 when 02:00
// jumps to 03:00): time.Date would move it back, opening an inbox before its hour.
func (s *HoursSchedule) wall(y int, m time.Month, d, min int) time.Time {
	t := time.Date(y, m, d, min/60, min%60, 0, 0, s.loc)
	if min < 24*60 {
		if got := t.Hour()*60 + t.Minute(); got < min {
			t = t.Add(time.Duration(min-got) * time.Minute)
		}
	}
	return t
}

// searchDays bounds how far NextOpen looks ahead: a year and a week, past any set of holidays.
const searchDays = 366 + 7

// IsOpen reports whether t falls inside the opening hours.
func (s *HoursSchedule) IsOpen(t time.Time) bool {
	l := t.In(s.loc)
	var buf [MaxIntervalsPerDay][2]time.Time
	// An interval of the previous day cannot reach into this one (intervals end by midnight), so
	// the local day is enough.
	for _, iv := range s.dayIntervals(l.Year(), l.Month(), l.Day(), buf[:0]) {
		if !t.Before(iv[0]) && t.Before(iv[1]) {
			return true
		}
	}
	return false
}

// NextOpen returns t when the inbox is open at t, otherwise the instant it next opens; false
// when it never opens within a year (no hours at all, or only holidays).
func (s *HoursSchedule) NextOpen(t time.Time) (time.Time, bool) {
	if !s.open {
		return time.Time{}, false
	}
	l := t.In(s.loc)
	var buf [MaxIntervalsPerDay][2]time.Time
	for i := 0; i < searchDays; i++ {
		for _, iv := range s.dayIntervals(l.Year(), l.Month(), l.Day()+i, buf[:0]) {
			if !t.Before(iv[0]) && t.Before(iv[1]) {
				return t, true
			}
			if iv[0].After(t) {
				return iv[0], true
			}
		}
	}
	return time.Time{}, false
}

// BusinessDuration is how much of the time from a to b falls inside opening hours (0 when b is
// not after a). SLA timers count with it.
func (s *HoursSchedule) BusinessDuration(a, b time.Time) time.Duration {
	if !b.After(a) || !s.open {
		return 0
	}
	var total time.Duration
	la := a.In(s.loc)
	end := b.In(s.loc)
	var buf [MaxIntervalsPerDay][2]time.Time
	for i := 0; ; i++ {
		day := time.Date(la.Year(), la.Month(), la.Day()+i, 0, 0, 0, 0, s.loc)
		if day.After(end) {
			return total
		}
		for _, iv := range s.dayIntervals(day.Year(), day.Month(), day.Day(), buf[:0]) {
			from, to := iv[0], iv[1]
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
}

// AddBusiness returns the instant at which d of opening hours will have passed since t (with d 0,
// t when open, else the next opening); the zero time when that is not within a year or so.
func (s *HoursSchedule) AddBusiness(t time.Time, d time.Duration) time.Time {
	if !s.open {
		return time.Time{}
	}
	l := t.In(s.loc)
	var buf [MaxIntervalsPerDay][2]time.Time
	for i := 0; i < searchDays+int(d/(24*time.Hour)); i++ {
		for _, iv := range s.dayIntervals(l.Year(), l.Month(), l.Day()+i, buf[:0]) {
			if !iv[1].After(t) {
				continue
			}
			from := iv[0]
			if from.Before(t) {
				from = t
			}
			left := iv[1].Sub(from)
			if d <= left {
				return from.Add(d)
			}
			d -= left
		}
	}
	return time.Time{}
}
