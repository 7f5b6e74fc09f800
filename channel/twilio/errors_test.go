package twilio

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// TestClassify: Twilio's codes (shared/channels/twilio.md §2.1) map to the product's codes the
// same way for a refused send and for a status callback reporting a failure; the reason keeps
// Twilio's code and words.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		code, http int
		want       string
		retry      bool
		after      time.Duration
	}{
		{30003, 0, "unreachable", false, 0},
		{21211, 400, "unknown_number", false, 0},
		{30005, 0, "unknown_number", false, 0},
		{63024, 400, "unknown_number", false, 0},
		{21614, 400, "landline", false, 0},
		{30006, 0, "landline", false, 0},
		{30007, 0, "carrier_filtered", false, 0},
		{30004, 0, "blocked", false, 0},
		{21610, 400, "opted_out", false, 0},
		{63016, 400, "window_closed", false, 0},
		{20429, 429, "rate_limited", true, 0},
		{63018, 0, "rate_limited", true, 0},
		{21611, 400, "rate_limited", true, time.Minute},
		{14107, 400, "rate_limited", true, time.Minute},
		{30001, 0, "rate_limited", true, time.Minute},
		{30019, 0, "media_too_large", false, 0},
		{20003, 401, "invalid_token", false, 0},
		{21408, 400, "permission_denied", false, 0},
		{21617, 400, "invalid_request", false, 0},
		{30008, 0, "provider_unavailable", true, 0},
		{0, 503, "provider_unavailable", true, 0},
		{0, 429, "rate_limited", true, 0},
		{99999, 400, "provider_error", false, 0},
	} {
		e := classify(c.code, c.http, "Twilio's words")
		if e.Code != c.want || e.Retryable != c.retry || e.RetryAfter != c.after {
			t.Errorf("classify(%d, %d) = %s retry %v after %v; want %s %v %v", c.code, c.http, e.Code, e.Retryable, e.RetryAfter, c.want, c.retry, c.after)
		}
		if c.code != 0 && !strings.Contains(e.Reason, "Twilio error") || !strings.Contains(e.Reason, "Twilio's words") {
			t.Errorf("classify(%d) reason %q does not keep Twilio's code and words", c.code, e.Reason)
		}
		if c.code == 0 {
			continue
		}
		// A status callback with the same ErrorCode fails the message with the same code.
		r := statusOf(url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"undelivered"}, "ErrorCode": {strconv.Itoa(c.code)},
			"ErrorMessage": {"Twilio's words"}}, "7")
		if r == nil || r.Status != switchboard.MessageFailed || r.ErrorCode != c.want || r.MessageID != 7 || !strings.Contains(r.ErrorReason, strconv.Itoa(c.code)) {
			t.Errorf("status callback with ErrorCode %d = %+v, want %s", c.code, r, c.want)
		}
	}
}
