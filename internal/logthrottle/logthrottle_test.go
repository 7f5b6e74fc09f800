package logthrottle

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestRepeatedLinesAreCountedNotWritten(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(1000, 0)
	log := slog.New(New(slog.NewJSONHandler(&out, nil), Options{Burst: 3, Window: 10 * time.Second, Now: func() time.Time { return now }}))
	for i := 0; i < 1000; i++ {
		log.Error("claim jobs", "err", "database or disk is full", "i", i)
		log.Info("request", "i", i) // below the throttled level: all pass
	}
	log.Warn("another message") // its own count
	now = now.Add(10 * time.Second)
	log.Error("claim jobs", "err", "database or disk is full")

	var claims, requests, others int
	var suppressed []int
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		switch rec["msg"] {
		case "claim jobs":
			claims++
			if n, ok := rec["suppressed"].(float64); ok {
				suppressed = append(suppressed, int(n))
			}
		case "request":
			requests++
		default:
			others++
		}
	}
	if claims != 4 || requests != 1000 || others != 1 {
		t.Errorf("lines: %d claim (want 3 then 1), %d request (want 1000), %d other (want 1)", claims, requests, others)
	}
	if len(suppressed) != 1 || suppressed[0] != 997 {
		t.Errorf("suppressed counts = %v, want [997] on the first line of the next window", suppressed)
	}
}

func TestDerivedHandlersShareCounts(t *testing.T) {
	var out bytes.Buffer
	h := New(slog.NewJSONHandler(&out, nil), Options{Burst: 2, Now: func() time.Time { return time.Unix(0, 0) }})
	a, b := slog.New(h).With("component", "a"), slog.New(h).WithGroup("g")
	for i := 0; i < 5; i++ {
		a.Error("store down")
		b.Error("store down")
	}
	if n := strings.Count(out.String(), "store down"); n != 2 {
		t.Errorf("%d lines written, want 2:\n%s", n, out.String())
	}
}
