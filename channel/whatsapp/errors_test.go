package whatsapp

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// TestClassify: Meta's codes (shared/channels/whatsapp-cloud.md §2.1) map to the product's codes
// the same way for a refused send and for a failed status webhook; the reason keeps Meta's code
// and words.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		code, http int
		want       string
		retry      bool
		after      time.Duration
	}{
		{190, 401, "invalid_token", false, 0},
		{0, 401, "invalid_token", false, 0},
		{10, 403, "permission_denied", false, 0},
		{250, 403, "permission_denied", false, 0},
		{4, 429, "rate_limited", true, 0},
		{80007, 400, "rate_limited", true, 0},
		{130429, 400, "rate_limited", true, 0},
		{131056, 400, "rate_limited", true, 6 * time.Second},
		{131048, 400, "policy_limited", false, 0},
		{131049, 400, "policy_limited", false, 0},
		{130472, 400, "policy_limited", false, 0},
		{131000, 500, "provider_unavailable", true, 0},
		{131057, 400, "provider_unavailable", true, time.Minute},
		{131008, 400, "invalid_request", false, 0},
		{131021, 400, "invalid_request", false, 0},
		{131026, 400, "undeliverable", false, 0},
		{131047, 400, "window_closed", false, 0},
		{131050, 400, "opted_out", false, 0},
		{131051, 400, "unsupported_message", false, 0},
		{131053, 400, "media_unsupported", false, 0},
		{368, 403, "account_restricted", false, 0},
		{131031, 403, "account_restricted", false, 0},
		{131042, 400, "account_restricted", false, 0},
		{132001, 404, "template_error", false, 0},
		{132015, 400, "template_error", false, 0},
		{-1, 502, "provider_unavailable", true, 0},
		{999999, 400, "provider_error", false, 0},
	} {
		e := classify(c.code, c.http, "Meta's details", "")
		if e.Code != c.want || e.Retryable != c.retry || e.RetryAfter != c.after {
			t.Errorf("classify(%d, %d) = %s retry %v after %v; want %s %v %v", c.code, c.http, e.Code, e.Retryable, e.RetryAfter, c.want, c.retry, c.after)
		}
		if !strings.Contains(e.Reason, "Meta's details") || (c.code > 0 && !strings.Contains(e.Reason, strconv.Itoa(c.code))) {
			t.Errorf("classify(%d) reason %q does not keep Meta's code and words", c.code, e.Reason)
		}
		if c.code < 0 {
			continue
		}
		// A failed status naming the same code fails the message with the same product code.
		r := statusOf(&Status{ID: "wamid.OUT", Status: "failed", Callback: "sb:9", Errors: []Error{{Code: c.code, Title: "t", Details: "Meta's details"}}})
		if r == nil || r.Status != switchboard.MessageFailed || r.ErrorCode != c.want || r.MessageID != 9 || !strings.Contains(r.ErrorReason, strconv.Itoa(c.code)) {
			t.Errorf("failed status with code %d = %+v, want %s", c.code, r, c.want)
		}
	}
}
