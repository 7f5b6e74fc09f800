package backoff

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestDelayGrowsWithinBounds(t *testing.T) {
	p := Policy{Base: time.Second, Max: time.Minute}
	for n, ceil := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 7: time.Minute, 30: time.Minute} {
		for range 100 {
			d := p.Delay(n)
			if d < ceil/2 || d > ceil {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, ceil/2, ceil)
			}
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-5", 0, false},
	} {
		h := http.Header{}
		if tt.v != "" {
			h.Set("Retry-After", tt.v)
		}
		got, ok := RetryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRetryable(t *testing.T) {
	for status, want := range map[int]bool{200: false, 400: false, 401: false, 404: false, 408: true, 425: true, 429: true, 500: true, 502: true, 503: true} {
		if got := Retryable(status); got != want {
			t.Errorf("Retryable(%d) = %v, want %v", status, got, want)
		}
	}
}

// TestRetryDo: attempts until success within the bound, the server's wait honoured, a wait
// beyond MaxWait and a failure not worth retrying returned at once, a cancelled wait reported
// with both errors.
func TestRetryDo(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	var waits []time.Duration
	r := Retry{Attempts: 4, Backoff: Policy{Base: time.Second, Max: 4 * time.Second}, MaxWait: 10 * time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	calls := 0
	err := r.Do(ctx, func(n int) (bool, time.Duration, error) {
		calls++
		if n != calls {
			t.Errorf("attempt %d on call %d", n, calls)
		}
		if n == 1 {
			return true, 7 * time.Second, boom // the server's Retry-After
		}
		if n < 3 {
			return true, 0, boom
		}
		return false, 0, nil
	})
	if err != nil || calls != 3 || len(waits) != 2 || waits[0] != 7*time.Second || waits[1] < time.Second || waits[1] > 2*time.Second {
		t.Fatalf("err %v after %d calls, waits %v", err, calls, waits)
	}

	// Attempts run out: the last error.
	calls, waits = 0, nil
	if err := r.Do(ctx, func(int) (bool, time.Duration, error) { calls++; return true, 0, boom }); err != boom || calls != 4 || len(waits) != 3 {
		t.Errorf("exhausted: %v after %d calls, %d waits", err, calls, len(waits))
	}
	// Not worth retrying: at once.
	calls, waits = 0, nil
	if err := r.Do(ctx, func(int) (bool, time.Duration, error) { calls++; return false, 0, boom }); err != boom || calls != 1 || len(waits) != 0 {
		t.Errorf("final: %v after %d calls", err, calls)
	}
	// A server asking for longer than MaxWait: not waited for; TooLong makes the error.
	calls, waits = 0, nil
	if err := r.Do(ctx, func(int) (bool, time.Duration, error) { calls++; return true, time.Minute, boom }); err != boom || calls != 1 || len(waits) != 0 {
		t.Errorf("too long: %v after %d calls, waits %v", err, calls, waits)
	}
	limited := errors.New("rate limited")
	r.TooLong = func(err error, d time.Duration) error {
		if err != boom || d != time.Minute {
			t.Errorf("TooLong(%v, %v)", err, d)
		}
		return limited
	}
	if err := r.Do(ctx, func(int) (bool, time.Duration, error) { return true, time.Minute, boom }); err != limited {
		t.Errorf("too long with TooLong: %v", err)
	}
	// The context ends while waiting: both errors.
	cctx, cancel := context.WithCancel(ctx)
	r.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	err = r.Do(cctx, func(int) (bool, time.Duration, error) { return true, 0, boom })
	var in *Interrupted
	if !errors.As(err, &in) || !errors.Is(err, boom) || !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted: %v", err)
	}
	// The zero value: three attempts.
	calls = 0
	if err := (Retry{Sleep: func(context.Context, time.Duration) error { return nil }}).Do(ctx, func(int) (bool, time.Duration, error) { calls++; return true, 0, boom }); err != boom || calls != DefaultAttempts {
		t.Errorf("zero value: %v after %d calls", err, calls)
	}
}

func TestSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep = %v", err)
	}
	if err := Sleep(context.Background(), time.Microsecond); err != nil {
		t.Errorf("Sleep = %v", err)
	}
}
