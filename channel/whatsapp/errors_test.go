package whatsapp

import (
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/channeltest"
)

// TestClassify: Meta's codes (shared/channels/whatsapp-cloud.md §2.1) map to the product's codes
// the same way for a refused send and for a failed status webhook; the reason keeps Meta's code
// and words.
func TestClassify(t *testing.T) {
	channeltest.CheckFailures(t, []channeltest.FailureCase{
		{Code: 190, HTTP: 401, Want: "invalid_token"},
		{Code: 0, HTTP: 401, Want: "invalid_token"},
		{Code: 10, HTTP: 403, Want: "permission_denied"},
		{Code: 250, HTTP: 403, Want: "permission_denied"},
		{Code: 4, HTTP: 429, Want: "rate_limited", Retry: true},
		{Code: 80007, HTTP: 400, Want: "rate_limited", Retry: true},
		{Code: 130429, HTTP: 400, Want: "rate_limited", Retry: true},
		{Code: 131056, HTTP: 400, Want: "rate_limited", Retry: true, After: 6 * time.Second},
		{Code: 131048, HTTP: 400, Want: "policy_limited"},
		{Code: 131049, HTTP: 400, Want: "policy_limited"},
		{Code: 130472, HTTP: 400, Want: "policy_limited"},
		{Code: 131000, HTTP: 500, Want: "provider_unavailable", Retry: true},
		{Code: 131057, HTTP: 400, Want: "provider_unavailable", Retry: true, After: time.Minute},
		{Code: 131008, HTTP: 400, Want: "invalid_request"},
		{Code: 131021, HTTP: 400, Want: "invalid_request"},
		{Code: 131026, HTTP: 400, Want: "undeliverable"},
		{Code: 131047, HTTP: 400, Want: "window_closed"},
		{Code: 131050, HTTP: 400, Want: "opted_out"},
		{Code: 131051, HTTP: 400, Want: "unsupported_message"},
		{Code: 131053, HTTP: 400, Want: "media_unsupported"},
		{Code: 368, HTTP: 403, Want: "account_restricted"},
		{Code: 131031, HTTP: 403, Want: "account_restricted"},
		{Code: 131042, HTTP: 400, Want: "account_restricted"},
		{Code: 132001, HTTP: 404, Want: "template_error"},
		{Code: 132015, HTTP: 400, Want: "template_error"},
		{Code: -1, HTTP: 502, Want: "provider_unavailable", Retry: true},
		{Code: 999999, HTTP: 400, Want: "provider_error"},
	}, func(code, httpStatus int) *switchboard.SendError {
		return classify(code, httpStatus, channeltest.Words, "")
	}, func(code int) *switchboard.StatusReport {
		r := statusOf(&Status{ID: "wamid.OUT", Status: "failed", Callback: "sb:9", Errors: []Error{{Code: code, Title: "t", Details: channeltest.Words}}})
		if r != nil && r.MessageID != 9 {
			t.Errorf("the report names message %d, want the callback's 9", r.MessageID)
		}
		return r
	})
}
