package instagram

import (
	"testing"
	"time"
)

// TestRefreshAt: a long-lived token is renewed RefreshBefore it expires, never before it is a
// day old (Meta refuses younger ones), and not at all when it expires before it could be.
func TestRefreshAt(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		life time.Duration
		want time.Duration // from now; 0: no renewal
	}{
		{60 * 24 * time.Hour, 50 * 24 * time.Hour},
		{11 * 24 * time.Hour, 24 * time.Hour},
		{30 * time.Hour, 24 * time.Hour},
		{24 * time.Hour, 0},
		{time.Hour, 0},
	} {
		got := refreshAt(now, now.Add(c.life))
		switch {
		case c.want == 0 && got != nil:
			t.Errorf("a token of %v is renewed at %v, want never", c.life, got)
		case c.want != 0 && (got == nil || !got.Equal(now.Add(c.want))):
			t.Errorf("a token of %v is renewed at %v, want %v", c.life, got, now.Add(c.want))
		}
	}
}
