package switchboard

// Delivery failure codes: what a provider's refusal of a message means, the same whichever
// provider refused it. A failed message's error_code is one of them (a SendError's Code), and
// its error_reason keeps the provider's own words with its code ("Twilio error 30003: …"), for
// whoever must look it up. The agent interface shows, for each code, why in the agent's language
// and what to do about it; a code it does not know shows the reason as it is. Each connector
// maps its provider's codes onto these (channel/whatsapp, channel/twilio: errors.go), and the
// same mapping serves a send the provider refused and a delivery report that says it failed.
const (
	// The recipient's phone is off or out of coverage.
	FailUnreachable = "unreachable"
	// The number does not exist, or is not in service.
	FailUnknownNumber = "unknown_number"
	// The number is a landline: it cannot receive text messages.
	FailLandline = "landline"
	// The recipient's carrier filtered the message (as spam, or from an unregistered sender).
	FailCarrierFiltered = "carrier_filtered"
	// The recipient, or the carrier on their behalf, blocks messages from this sender.
	FailBlocked = "blocked"
	// The recipient unsubscribed (replied STOP, or opted out of marketing).
	FailOptedOut = EOPTEDOUT
	// Free text outside the customer-service window; only a template may go out.
	FailWindowClosed = EWINDOWCLOSED
	// Too many messages too fast, for the account, the number or this recipient; retried.
	FailRateLimited = ERATELIMITED
	// The provider held the message back to protect the recipient (too many messages marked as
	// spam, marketing limits).
	FailPolicyLimited = "policy_limited"
	// A file is larger than the provider or the recipient's carrier takes.
	FailMediaTooLarge = "media_too_large"
	// A file's type or content is one the provider does not take.
	FailMediaUnsupported = "media_unsupported"
	// The recipient cannot receive this channel's messages (not registered on it, an outdated
	// app).
	FailUndeliverable = "undeliverable"
	// The provider refused the inbox's credentials.
	FailInvalidToken = "invalid_token"
	// The credentials lack a permission the send needs (or the account may not send to that
	// country).
	FailPermissionDenied = "permission_denied"
	// The business account is restricted, locked or has a payment problem.
	FailAccountRestricted = "account_restricted"
	// The provider is down or overloaded; retried.
	FailProviderUnavailable = "provider_unavailable"
	// The template is unknown, not approved, paused, or its parameters do not fit.
	FailTemplate = "template_error"
	// The provider refused the request as malformed (a bug, or text too long).
	FailInvalidRequest = "invalid_request"
	// The provider does not take this kind of message.
	FailUnsupportedMessage = "unsupported_message"
	// A refusal no product code describes: its reason says what the provider said.
	FailProvider = "provider_error"
)
