package switchboard

import (
	"testing"
	"time"
)

// officeHours is Monday to Friday 09:00–12:30 and 14:00–18:00 in Rome, closed on Christmas.
func officeHours(t *testing.T) *HoursSchedule {
	t.Helper()
	day := []HoursInterval{{"09:00", "12:30"}, {"14:00", "18:00"}}
	h := &BusinessHours{TimeZone: "Europe/Rome", Holidays: []Holiday{{Date: "2026-12-25", Name: "Christmas"}}}
	for d := time.Monday; d <= time.Friday; d++ {
		h.Week[d] = day
	}
	s, err := h.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func at(t *testing.T, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestIsOpen(t *testing.T) {
	s := officeHours(t)
	for _, c := range []struct {
		when string
		open bool
	}{
		{"2026-12-07 08:59", false}, // Monday
		{"2026-12-07 09:00", true},
		{"2026-12-07 12:29", true},
		{"2026-12-07 12:30", false}, // lunch: the end is excluded
		{"2026-12-07 14:00", true},
		{"2026-12-07 18:00", false},
		{"2026-12-12 10:00", false}, // Saturday
		{"2026-12-25 10:00", false}, // Christmas, a Friday
		{"2026-12-24 10:00", true},
	} {
		if got := s.IsOpen(at(t, "Europe/Rome", c.when)); got != c.open {
			t.Errorf("IsOpen(%s) = %v, want %v", c.when, got, c.open)
		}
	}
	// The same instant seen from another zone: 08:30 in London is 09:30 in Rome.
	if !s.IsOpen(at(t, "Europe/London", "2026-12-07 08:30")) {
		t.Error("an instant given in another zone is judged in the schedule's zone")
	}
}

func TestNextOpen(t *testing.T) {
	s := officeHours(t)
	for _, c := range []struct{ when, next string }{
		{"2026-12-07 10:00", "2026-12-07 10:00"}, // open: now
		{"2026-12-07 07:00", "2026-12-07 09:00"},
		{"2026-12-07 12:30", "2026-12-07 14:00"},
		{"2026-12-11 18:00", "2026-12-14 09:00"}, // Friday evening → Monday
		{"2026-12-24 19:00", "2026-12-28 09:00"}, // over Christmas and the weekend
	} {
		got, ok := s.NextOpen(at(t, "Europe/Rome", c.when))
		if want := at(t, "Europe/Rome", c.next); !ok || !got.Equal(want) {
			t.Errorf("NextOpen(%s) = %v %v, want %v", c.when, got, ok, want)
		}
	}
	closed, _ := (&BusinessHours{TimeZone: "UTC"}).Compile()
	if _, ok := closed.NextOpen(time.Now()); ok {
		t.Error("a schedule with no hours never opens")
	}
	// Open only on Mondays, and every Monday of the year ahead is a holiday: never opens.
	h := &BusinessHours{TimeZone: "UTC"}
	h.Week[time.Monday] = []HoursInterval{{"09:00", "10:00"}}
	for d := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 0, 7) {
		h.Holidays = append(h.Holidays, Holiday{Date: d.Format(time.DateOnly)})
	}
	if s, err := h.Compile(); err != nil {
		t.Fatal(err)
	} else if next, ok := s.NextOpen(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Errorf("every Monday is a holiday, yet it opens %v", next)
	}
}

func TestBusinessDuration(t *testing.T) {
	s := officeHours(t)
	for _, c := range []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-12-07 08:00", "2026-12-07 10:00", time.Hour},
		{"2026-12-07 12:00", "2026-12-07 15:00", 90 * time.Minute},                   // lunch does not count
		{"2026-12-07 00:00", "2026-12-08 00:00", 7*time.Hour + 30*time.Minute},       // one day
		{"2026-12-11 17:00", "2026-12-14 10:00", 2 * time.Hour},                      // over a weekend
		{"2026-12-07 00:00", "2026-12-14 00:00", 5 * (7*time.Hour + 30*time.Minute)}, // a week
		{"2026-12-24 00:00", "2026-12-26 00:00", 7*time.Hour + 30*time.Minute},       // Christmas does not count
		{"2026-12-07 10:00", "2026-12-07 09:00", 0},
	} {
		if got := s.BusinessDuration(at(t, "Europe/Rome", c.from), at(t, "Europe/Rome", c.to)); got != c.want {
			t.Errorf("BusinessDuration(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// TestDaylightSaving: intervals keep their wall-clock bounds on the days the clocks change.
func TestDaylightSaving(t *testing.T) {
	h := &BusinessHours{TimeZone: "Europe/Rome"}
	for d := range h.Week {
		h.Week[d] = []HoursInterval{{"01:00", "04:00"}, {"09:00", "17:00"}}
	}
	s, err := h.Compile()
	if err != nil {
		t.Fatal(err)
	}
	// 29 March 2026: 02:00 becomes 03:00, so 01:00–04:00 lasts two real hours.
	spring := at(t, "Europe/Rome", "2026-03-29 00:00")
	if got := s.BusinessDuration(spring, spring.Add(24*time.Hour)); got != 2*time.Hour+8*time.Hour {
		t.Errorf("spring forward: %v of business time, want 10h", got)
	}
	// 25 October 2026: 03:00 goes back to 02:00, so 01:00–04:00 lasts four real hours.
	autumn := at(t, "Europe/Rome", "2026-10-25 00:00")
	if got := s.BusinessDuration(autumn, autumn.Add(25*time.Hour)); got != 4*time.Hour+8*time.Hour {
		t.Errorf("fall back: %v of business time, want 12h", got)
	}
	// The repeated hour is open both times.
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC) // 02:30 CEST
	if !s.IsOpen(first) || !s.IsOpen(first.Add(time.Hour)) {
		t.Error("02:30 is open both times it happens")
	}
	// Opening at 09:00 means 09:00 local on either side of the change.
	next, _ := s.NextOpen(at(t, "Europe/Rome", "2026-10-25 05:00"))
	if next.In(s.Location()).Hour() != 9 {
		t.Errorf("after fall back the inbox opens at %v", next.In(s.Location()))
	}
	// New York: an interval starting inside the skipped hour opens when the clock reaches 03:00.
	ny := &BusinessHours{TimeZone: "America/New_York"}
	ny.Week[time.Sunday] = []HoursInterval{{"02:30", "05:00"}}
	nys, err := ny.Compile()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := nys.NextOpen(at(t, "America/New_York", "2026-03-08 00:00"))
	if want := at(t, "America/New_York", "2026-03-08 03:30"); !got.Equal(want) {
		t.Errorf("NextOpen into the skipped hour = %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	h := &BusinessHours{TimeZone: "Mars/Olympus", Holidays: []Holiday{{Date: "2026-02-30"}, {Date: "2026-12-25"}, {Date: "2026-12-25"}}}
	h.Week[time.Monday] = []HoursInterval{{"09:00", "12:00"}, {"11:00", "13:00"}}
	h.Week[time.Tuesday] = []HoursInterval{{"9:00", "24:00"}}
	h.Week[time.Wednesday] = []HoursInterval{{"10:00", "09:00"}}
	h.Week[time.Thursday] = []HoursInterval{{"24:00", "24:00"}}
	_, err := h.Compile()
	fields := ErrorFields(err)
	for _, f := range []string{"hours.time_zone", "hours.week.monday.1.start", "hours.week.tuesday.0.start",
		"hours.week.wednesday.0.end", "hours.week.thursday.0.start", "hours.holidays.0.date", "hours.holidays.2.date"} {
		if fields[f] == "" {
			t.Errorf("no error for %s; got %v", f, fields)
		}
	}
	if len(fields) != 7 {
		t.Errorf("fields = %v", fields)
	}
	ok := &BusinessHours{TimeZone: "Asia/Tokyo"}
	ok.Week[time.Saturday] = []HoursInterval{{"00:00", "12:00"}, {"12:00", "24:00"}}
	if _, err := ok.Compile(); err != nil {
		t.Errorf("a whole day in two touching intervals: %v", err)
	}
}

func TestAddBusiness(t *testing.T) {
	s := officeHours(t)
	for _, c := range []struct {
		from string
		d    time.Duration
		want string
	}{
		{"2026-12-07 10:00", 30 * time.Minute, "2026-12-07 10:30"},
		{"2026-12-07 12:00", time.Hour, "2026-12-07 14:30"},        // over lunch
		{"2026-12-11 17:30", time.Hour, "2026-12-14 09:30"},        // over the weekend
		{"2026-12-24 17:00", 2 * time.Hour, "2026-12-28 10:00"},    // over Christmas
		{"2026-12-07 07:00", 0, "2026-12-07 09:00"},                // closed: the opening
		{"2026-12-07 12:00", 30 * time.Minute, "2026-12-07 12:30"}, // exactly to closing
	} {
		got := s.AddBusiness(at(t, "Europe/Rome", c.from), c.d)
		if want := at(t, "Europe/Rome", c.want); !got.Equal(want) {
			t.Errorf("AddBusiness(%s, %v) = %v, want %v", c.from, c.d, got, want)
		}
		if c.d > 0 {
			if back := s.BusinessDuration(at(t, "Europe/Rome", c.from), got); back != c.d {
				t.Errorf("BusinessDuration back from AddBusiness(%s, %v) = %v", c.from, c.d, back)
			}
		}
	}
}
