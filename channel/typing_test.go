package channel

import (
	"testing"
	"time"
)

// TestTypingThrottle: typing_on goes out once per TypingEvery while an agent types, again once
// that passed; typing_off only while a typing_on may still show, and never twice.
func TestTypingThrottle(t *testing.T) {
	var ty Typing
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		after time.Duration
		conv  int64
		on    bool
		want  bool
	}{
		{0, 1, true, true},
		{time.Second, 1, true, false},
		{TypingEvery - time.Millisecond, 1, true, false},
		{0, 2, true, true}, // another conversation has its own
		{TypingEvery, 1, true, true},
		{TypingEvery + time.Second, 1, false, true},
		{TypingEvery + 2*time.Second, 1, false, false},
		{TypingEvery + 3*time.Second, 1, true, true},                 // typing again after a pause
		{TypingEvery + 3*time.Second + TypingLasts, 1, false, false}, // it no longer shows: nothing to hide
	} {
		if got := ty.claim(c.conv, c.on, t0.Add(c.after)); got != c.want {
			t.Errorf("at +%v conversation %d on=%v: claimed %v, want %v", c.after, c.conv, c.on, got, c.want)
		}
	}
}
