package twilio

import (
	"fmt"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// twilioCodes are Twilio's error codes (shared/channels/twilio.md §2.1; 30019, content too large
// for the carrier, from Twilio's error reference) with what each means for a message. The same
// table reads a send Twilio refused and a status callback whose ErrorCode says why a message
// failed. Read only.
var twilioCodes = map[int]channel.Failure{
	20429: {Code: switchboard.FailRateLimited, Retry: true},
	63018: {Code: switchboard.FailRateLimited, Retry: true},
	21611: {Code: switchboard.FailRateLimited, Retry: true, After: time.Minute}, // the sender's queue holds 10 hours of messages
	14107: {Code: switchboard.FailRateLimited, Retry: true, After: time.Minute}, // the loop guard between two numbers
	30001: {Code: switchboard.FailRateLimited, Retry: true, After: time.Minute}, // the queue overflowed

	20003: {Code: switchboard.FailInvalidToken},
	21408: {Code: switchboard.FailPermissionDenied}, // the account may not send to that region

	21211: {Code: switchboard.FailUnknownNumber},
	30005: {Code: switchboard.FailUnknownNumber},
	63024: {Code: switchboard.FailUnknownNumber}, // not a WhatsApp recipient
	21614: {Code: switchboard.FailLandline},
	30006: {Code: switchboard.FailLandline},
	30003: {Code: switchboard.FailUnreachable},
	30004: {Code: switchboard.FailBlocked},
	30007: {Code: switchboard.FailCarrierFiltered},
	21610: {Code: switchboard.FailOptedOut},
	30019: {Code: switchboard.FailMediaTooLarge},
	21617: {Code: switchboard.FailInvalidRequest}, // the text is longer than 1600 characters
	63016: {Code: switchboard.FailWindowClosed},

	30008: {Code: switchboard.FailProviderUnavailable, Retry: true}, // an unknown error: tried again a few times
}

// classify maps a Twilio error code to the product's code, saying whether to retry; code 0
// means the answer carried none, and the HTTP status decides. The reason keeps Twilio's code and
// words, the detail an agent or admin may need to look it up.
func classify(code, httpStatus int, message string) *switchboard.SendError {
	f, ok := twilioCodes[code]
	switch {
	case ok:
	case httpStatus == http.StatusTooManyRequests:
		f = channel.Failure{Code: switchboard.FailRateLimited, Retry: true}
	case httpStatus >= 500:
		f = channel.Failure{Code: switchboard.FailProviderUnavailable, Retry: true}
	default:
		f = channel.Failure{Code: switchboard.FailProvider}
	}
	if f.Code == switchboard.FailWindowClosed {
		message = "The customer last wrote more than 24 hours ago: send a template. " + message
	}
	if message == "" {
		message = http.StatusText(httpStatus)
	}
	if code != 0 {
		return f.SendError(fmt.Sprintf("Twilio error %d: %s", code, message))
	}
	return f.SendError(fmt.Sprintf("Twilio answered %d: %s", httpStatus, message))
}
