package switchboard_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
)

// TestMediaLimitsAccepts: types by family, by codec where a channel names one, and the size
// limits of the first per-type rule that matches.
func TestMediaLimitsAccepts(t *testing.T) {
	l := switchboard.MediaLimits{MaxBytes: 16 << 20, MaxCount: 1,
		Types:   []string{"image/*", "audio/mp4", "audio/ogg; codecs=opus", "application/pdf"},
		PerType: []switchboard.TypeLimit{{Type: "image/*", MaxBytes: 5 << 20}}}
	for _, c := range []struct {
		ct   string
		size int64
		want bool
	}{
		{"audio/ogg; codecs=opus", 1 << 20, true},
		{"audio/ogg; codecs=OPUS", 1 << 20, true},
		{"audio/ogg; codecs=vorbis", 1 << 20, false},
		{"audio/ogg", 1 << 20, false}, // a codec nobody read is not Opus
		{"audio/mp4", 1 << 20, true},
		{"audio/mpeg", 1 << 20, false},
		{"image/png", 4 << 20, true},
		{"image/png", 6 << 20, false},
		{"application/pdf", 15 << 20, true},
		{"application/pdf", 17 << 20, false},
		{"text/html", 10, false},
	} {
		if got := l.Accepts(c.ct, c.size); got != c.want {
			t.Errorf("Accepts(%q, %d) = %v, want %v", c.ct, c.size, got, c.want)
		}
	}
	if (switchboard.MediaLimits{MaxBytes: 10}).Accepts("image/png", 1) {
		t.Error("limits with no count accepted a file")
	}
}
