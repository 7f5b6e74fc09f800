package twilio

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/channeltest"
)

// TestClassify: Twilio's codes (shared/channels/twilio.md §2.1) map to the product's codes the
// same way for a refused send and for a status callback reporting a failure; the reason keeps
// Twilio's code and words.
func TestClassify(t *testing.T) {
	channeltest.CheckFailures(t, []channeltest.FailureCase{
		{Code: 30003, Want: "unreachable"},
		{Code: 21211, HTTP: 400, Want: "unknown_number"},
		{Code: 30005, Want: "unknown_number"},
		{Code: 63024, HTTP: 400, Want: "unknown_number"},
		{Code: 21614, HTTP: 400, Want: "landline"},
		{Code: 30006, Want: "landline"},
		{Code: 30007, Want: "carrier_filtered"},
		{Code: 30004, Want: "blocked"},
		{Code: 21610, HTTP: 400, Want: "opted_out"},
		{Code: 63016, HTTP: 400, Want: "window_closed"},
		{Code: 20429, HTTP: 429, Want: "rate_limited", Retry: true},
		{Code: 63018, Want: "rate_limited", Retry: true},
		{Code: 21611, HTTP: 400, Want: "rate_limited", Retry: true, After: time.Minute},
		{Code: 14107, HTTP: 400, Want: "rate_limited", Retry: true, After: time.Minute},
		{Code: 30001, Want: "rate_limited", Retry: true, After: time.Minute},
		{Code: 30019, Want: "media_too_large"},
		{Code: 20003, HTTP: 401, Want: "invalid_token"},
		{Code: 21408, HTTP: 400, Want: "permission_denied"},
		{Code: 21617, HTTP: 400, Want: "invalid_request"},
		{Code: 30008, Want: "provider_unavailable", Retry: true},
		{Code: 0, HTTP: 503, Want: "provider_unavailable", Retry: true},
		{Code: 0, HTTP: 429, Want: "rate_limited", Retry: true},
		{Code: 99999, HTTP: 400, Want: "provider_error"},
	}, func(code, httpStatus int) *switchboard.SendError {
		return classify(code, httpStatus, channeltest.Words)
	}, func(code int) *switchboard.StatusReport {
		r := statusOf(url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"undelivered"}, "ErrorCode": {strconv.Itoa(code)},
			"ErrorMessage": {channeltest.Words}}, "7")
		if r != nil && r.MessageID != 7 {
			t.Errorf("the report names message %d, want the callback's 7", r.MessageID)
		}
		return r
	})
}
