package whatsapp

import (
	"fmt"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// graphCodes are Meta's error codes (shared/channels/whatsapp-cloud.md §2.1; 131053, the media
// upload error, from Meta's error code reference) with what each means for a message. The same
// table reads a send Meta refused and a status webhook that says a message failed. Read only.
var graphCodes = map[int]channel.Failure{
	0:   {Code: switchboard.FailInvalidToken},
	190: {Code: switchboard.FailInvalidToken},
	3:   {Code: switchboard.FailPermissionDenied},
	10:  {Code: switchboard.FailPermissionDenied},

	4:      {Code: switchboard.FailRateLimited, Retry: true},
	80007:  {Code: switchboard.FailRateLimited, Retry: true},
	130429: {Code: switchboard.FailRateLimited, Retry: true},
	131056: {Code: switchboard.FailRateLimited, Retry: true, After: 6 * time.Second}, // the pair limit: one message every 6 s to a customer

	131048: {Code: switchboard.FailPolicyLimited}, // too many messages marked as spam
	131049: {Code: switchboard.FailPolicyLimited}, // Meta held a marketing message back
	130472: {Code: switchboard.FailPolicyLimited}, // the customer is in one of Meta's experiments

	1:      {Code: switchboard.FailProviderUnavailable, Retry: true},
	2:      {Code: switchboard.FailProviderUnavailable, Retry: true},
	131000: {Code: switchboard.FailProviderUnavailable, Retry: true},
	131016: {Code: switchboard.FailProviderUnavailable, Retry: true},
	131057: {Code: switchboard.FailProviderUnavailable, Retry: true, After: time.Minute}, // the number is being upgraded

	100:    {Code: switchboard.FailInvalidRequest},
	131008: {Code: switchboard.FailInvalidRequest},
	131009: {Code: switchboard.FailInvalidRequest},
	131021: {Code: switchboard.FailInvalidRequest}, // the recipient is the business's own number

	131026: {Code: switchboard.FailUndeliverable}, // not on WhatsApp, an old app, terms not accepted
	131047: {Code: switchboard.FailWindowClosed},
	131050: {Code: switchboard.FailOptedOut},
	131051: {Code: switchboard.FailUnsupportedMessage},
	131053: {Code: switchboard.FailMediaUnsupported},

	131031: {Code: switchboard.FailAccountRestricted}, // locked
	368:    {Code: switchboard.FailAccountRestricted}, // blocked for a policy violation
	131042: {Code: switchboard.FailAccountRestricted}, // a payment problem

	132000: {Code: switchboard.FailTemplate},
	132001: {Code: switchboard.FailTemplate},
	132005: {Code: switchboard.FailTemplate},
	132007: {Code: switchboard.FailTemplate},
	132012: {Code: switchboard.FailTemplate},
	132015: {Code: switchboard.FailTemplate},
	132016: {Code: switchboard.FailTemplate},
}

// advice is what Switchboard says before Meta's words for the codes where it knows better what
// to do.
var advice = map[string]string{
	switchboard.FailInvalidToken: "WhatsApp refused the access token: reconnect the inbox.",
	switchboard.FailWindowClosed: "The customer last wrote more than 24 hours ago: send a template.",
}

// classify maps a Graph API error code to the product's code, saying whether a later attempt may
// succeed; code -1 means the answer carried none, and the HTTP status decides. The reason keeps
// Meta's code and words, the detail an agent or admin may need to look it up.
func classify(code, httpStatus int, details, message string) *switchboard.SendError {
	reason := firstOf(details, message, http.StatusText(httpStatus))
	f, ok := graphCodes[code]
	switch {
	case ok:
	case code >= 200 && code <= 299:
		f = channel.Failure{Code: switchboard.FailPermissionDenied}
	case backoff.Retryable(httpStatus):
		f = channel.Failure{Code: switchboard.FailProviderUnavailable, Retry: true}
	default:
		f = channel.Failure{Code: switchboard.FailProvider}
	}
	if a := advice[f.Code]; a != "" {
		reason = a + " " + reason
	}
	if code >= 0 {
		return f.SendError(fmt.Sprintf("WhatsApp error %d: %s", code, reason))
	}
	return f.SendError(fmt.Sprintf("WhatsApp answered %d: %s", httpStatus, reason))
}
