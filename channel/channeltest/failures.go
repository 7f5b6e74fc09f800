package channeltest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// FailureCase is one of a provider's error codes (and the HTTP status it came with, 0 for a
// delivery report) and what it must mean for a message.
type FailureCase struct {
	Code, HTTP int
	Want       string // the product code
	Retry      bool
	After      time.Duration
}

// Words is what a provider says along with its code in CheckFailures.
const Words = "the provider's words"

// CheckFailures checks a connector's table of error codes both ways it is read: send classifies
// a refused send, report a delivery report carrying the code (nil for cases with no code). Each
// case must get its product code and retry advice, and the reason must keep the provider's code
// and words, the detail someone may need to look it up.
func CheckFailures(t *testing.T, cases []FailureCase, send func(code, httpStatus int) *switchboard.SendError, report func(code int) *switchboard.StatusReport) {
	t.Helper()
	for _, c := range cases {
		e := send(c.Code, c.HTTP)
		if e.Code != c.Want || e.Retryable != c.Retry || e.RetryAfter != c.After {
			t.Errorf("code %d (HTTP %d) = %s retry %v after %v; want %s %v %v", c.Code, c.HTTP, e.Code, e.Retryable, e.RetryAfter, c.Want, c.Retry, c.After)
		}
		code := strconv.Itoa(c.Code)
		if !strings.Contains(e.Reason, Words) || (c.Code > 0 && !strings.Contains(e.Reason, code)) {
			t.Errorf("code %d: the reason %q does not keep the provider's code and words", c.Code, e.Reason)
		}
		if c.Code <= 0 {
			continue
		}
		if r := report(c.Code); r == nil || r.Status != switchboard.MessageFailed || r.ErrorCode != c.Want || !strings.Contains(r.ErrorReason, code) {
			t.Errorf("a delivery report with code %d = %+v, want failed with %s", c.Code, r, c.Want)
		}
	}
}
