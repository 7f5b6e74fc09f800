package switchboard

import "strings"

// Consent is a customer's say, carried by a message of theirs, about receiving messages on a
// channel whose carriers honour opt-out keywords (SMS).
type Consent string

// The consents. An opt-out stops every send to the customer's address on such channels until
// they opt back in; the provider enforces it too (Twilio refuses with error 21610).
const (
	ConsentOptOut Consent = "opt_out"
	ConsentOptIn  Consent = "opt_in"
)

// KeywordConsent reads a customer's message as carriers read opt-out keywords: the whole
// message, in any case and without the spaces around it, is one of the stop words (an opt-out)
// or one of the start words (an opt-in). "Stop please" is neither. "" when it is no keyword.
func KeywordConsent(text string, stop, start []string) Consent {
	text = strings.TrimSpace(text)
	for _, w := range stop {
		if strings.EqualFold(text, w) {
			return ConsentOptOut
		}
	}
	for _, w := range start {
		if strings.EqualFold(text, w) {
			return ConsentOptIn
		}
	}
	return ""
}

// optedOut says why nothing goes to a customer who opted out.
const optedOut = "This customer opted out of messages on this channel: nothing can be sent to them here until they opt back in (by texting START)."

// OptedOutError is the refusal of a reply to a customer who opted out of messages on its
// channel, before anything is written.
func OptedOutError() error {
	return &Error{Code: EOPTEDOUT, Message: optedOut}
}

// ErrOptedOut is the failure of a send to a customer who opted out, found before the provider
// is called (a reply queued before they did). Final: only their opting back in changes it.
func ErrOptedOut() *SendError {
	return &SendError{Code: EOPTEDOUT, Reason: optedOut}
}
