package twilio

import (
	"fmt"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
)

// failure is what a Twilio error code means for a message: its product code (see
// switchboard.FailUnreachable and the others), whether a later attempt may succeed and after how
// long.
type failure struct {
	code  string
	retry bool
	after time.Duration
}

// twilioCodes are Twilio's error codes (shared/channels/twilio.md §2.1; 30019, content too large
// for the carrier, from Twilio's error reference) by product code. The same table reads a send
// Twilio refused and a status callback whose ErrorCode says why a message failed. Read only.
var twilioCodes = map[int]failure{
	20429: {code: switchboard.FailRateLimited, retry: true},
	63018: {code: switchboard.FailRateLimited, retry: true},
	21611: {code: switchboard.FailRateLimited, retry: true, after: time.Minute}, // the sender's queue holds 10 hours of messages
	14107: {code: switchboard.FailRateLimited, retry: true, after: time.Minute}, // the loop guard between two numbers
	30001: {code: switchboard.FailRateLimited, retry: true, after: time.Minute}, // the queue overflowed

	20003: {code: switchboard.FailInvalidToken},
	21408: {code: switchboard.FailPermissionDenied}, // the account may not send to that region

	21211: {code: switchboard.FailUnknownNumber},
	30005: {code: switchboard.FailUnknownNumber},
	63024: {code: switchboard.FailUnknownNumber}, // not a WhatsApp recipient
	21614: {code: switchboard.FailLandline},
	30006: {code: switchboard.FailLandline},
	30003: {code: switchboard.FailUnreachable},
	30004: {code: switchboard.FailBlocked},
	30007: {code: switchboard.FailCarrierFiltered},
	21610: {code: switchboard.FailOptedOut},
	30019: {code: switchboard.FailMediaTooLarge},
	21617: {code: switchboard.FailInvalidRequest}, // the text is longer than 1600 characters
	63016: {code: switchboard.FailWindowClosed},

	30008: {code: switchboard.FailProviderUnavailable, retry: true}, // an unknown error: tried again a few times
}

// classify maps a Twilio error code to the product's code, saying whether to retry; code 0
// means the answer carried none, and the HTTP status decides. The reason keeps Twilio's code and
// words, the detail an agent or admin may need to look it up.
func classify(code, httpStatus int, message string) *switchboard.SendError {
	e := &switchboard.SendError{Code: switchboard.FailProvider}
	if f, ok := twilioCodes[code]; ok {
		e.Code, e.Retryable, e.RetryAfter = f.code, f.retry, f.after
	} else if httpStatus == http.StatusTooManyRequests {
		e.Code, e.Retryable = switchboard.FailRateLimited, true
	} else if httpStatus >= 500 {
		e.Code, e.Retryable = switchboard.FailProviderUnavailable, true
	}
	if e.Code == switchboard.FailWindowClosed {
		message = "The customer last wrote more than 24 hours ago: send a template. " + message
	}
	if message == "" {
		message = http.StatusText(httpStatus)
	}
	if code != 0 {
		e.Reason = fmt.Sprintf("Twilio error %d: %s", code, message)
	} else {
		e.Reason = fmt.Sprintf("Twilio answered %d: %s", httpStatus, message)
	}
	return e
}
