package whatsapp

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// failure is what a Graph API error code means for a message: its product code (see
// switchboard.FailUnreachable and the others), whether a later attempt may succeed and after how
// long, and what to say before Meta's words when ours says more.
type failure struct {
	code   string
	retry  bool
	after  time.Duration
	reason string
}

// graphCodes are Meta's error codes (shared/channels/whatsapp-cloud.md §2.1; 131053, the media
// upload error, from Meta's error code reference) by product code. The same table reads a send
// Meta refused and a status webhook that says a message failed. Read only.
var graphCodes = map[int]failure{
	0:   {code: switchboard.FailInvalidToken, reason: "WhatsApp refused the access token: reconnect the inbox."},
	190: {code: switchboard.FailInvalidToken, reason: "WhatsApp refused the access token: reconnect the inbox."},
	3:   {code: switchboard.FailPermissionDenied},
	10:  {code: switchboard.FailPermissionDenied},

	4:      {code: switchboard.FailRateLimited, retry: true},
	80007:  {code: switchboard.FailRateLimited, retry: true},
	130429: {code: switchboard.FailRateLimited, retry: true},
	131056: {code: switchboard.FailRateLimited, retry: true, after: 6 * time.Second}, // the pair limit: one message every 6 s to a customer

	131048: {code: switchboard.FailPolicyLimited}, // too many messages marked as spam
	131049: {code: switchboard.FailPolicyLimited}, // Meta held a marketing message back
	130472: {code: switchboard.FailPolicyLimited}, // the customer is in one of Meta's experiments

	1:      {code: switchboard.FailProviderUnavailable, retry: true},
	2:      {code: switchboard.FailProviderUnavailable, retry: true},
	131000: {code: switchboard.FailProviderUnavailable, retry: true},
	131016: {code: switchboard.FailProviderUnavailable, retry: true},
	131057: {code: switchboard.FailProviderUnavailable, retry: true, after: time.Minute}, // the number is being upgraded

	100:    {code: switchboard.FailInvalidRequest},
	131008: {code: switchboard.FailInvalidRequest},
	131009: {code: switchboard.FailInvalidRequest},
	131021: {code: switchboard.FailInvalidRequest}, // the recipient is the business's own number

	131026: {code: switchboard.FailUndeliverable}, // not on WhatsApp, an old app, terms not accepted
	131047: {code: switchboard.FailWindowClosed, reason: "The customer last wrote more than 24 hours ago: send a template."},
	131050: {code: switchboard.FailOptedOut},
	131051: {code: switchboard.FailUnsupportedMessage},
	131053: {code: switchboard.FailMediaUnsupported},

	131031: {code: switchboard.FailAccountRestricted}, // locked
	368:    {code: switchboard.FailAccountRestricted}, // blocked for a policy violation
	131042: {code: switchboard.FailAccountRestricted}, // a payment problem

	132000: {code: switchboard.FailTemplate},
	132001: {code: switchboard.FailTemplate},
	132005: {code: switchboard.FailTemplate},
	132007: {code: switchboard.FailTemplate},
	132012: {code: switchboard.FailTemplate},
	132015: {code: switchboard.FailTemplate},
	132016: {code: switchboard.FailTemplate},
}

// classify maps a Graph API error code to the product's code, saying whether a later attempt may
// succeed; code -1 means the answer carried none, and the HTTP status decides. The reason keeps
// Meta's code and words, the detail an agent or admin may need to look it up.
func classify(code, httpStatus int, details, message string) *switchboard.SendError {
	reason := details
	if reason == "" {
		reason = message
	}
	e := &switchboard.SendError{Code: switchboard.FailProvider}
	switch f, ok := graphCodes[code]; {
	case ok:
		e.Code, e.Retryable, e.RetryAfter = f.code, f.retry, f.after
		if f.reason != "" {
			reason = strings.TrimSpace(f.reason + " " + reason)
		}
	case code >= 200 && code <= 299:
		e.Code = switchboard.FailPermissionDenied
	default:
		e.Retryable = backoff.Retryable(httpStatus)
		if e.Retryable {
			e.Code = switchboard.FailProviderUnavailable
		}
	}
	if reason == "" {
		reason = http.StatusText(httpStatus)
	}
	if code >= 0 {
		e.Reason = fmt.Sprintf("WhatsApp error %d: %s", code, reason)
	} else {
		e.Reason = fmt.Sprintf("WhatsApp answered %d: %s", httpStatus, reason)
	}
	return e
}
