package channel

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// DecodeSettings reads an inbox's settings into a connector's typed configuration.
func DecodeSettings[T any](in *switchboard.Inbox) (*T, error) {
	var s T
	if len(in.Settings) > 0 {
		if err := json.Unmarshal(in.Settings, &s); err != nil {
			return nil, &switchboard.SendError{Code: "bad_settings", Reason: "The inbox's settings cannot be read.", Err: err}
		}
	}
	return &s, nil
}

// TransportError classifies a call to a provider that got no answer. One that never reached it
// (no connection) is safe to repeat; one whose answer was lost may have been carried out, and
// providers without idempotency keys would deliver it twice, so it fails as unconfirmed. A
// destination the egress policy refuses fails for good (see DestinationError).
func TransportError(ctx context.Context, provider string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if se, ok := DestinationError(err); ok {
		return se
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return &switchboard.SendError{Code: "provider_unavailable", Reason: provider + " could not be reached.", Retryable: true, Err: err}
	}
	return &switchboard.SendError{Code: switchboard.SendUnconfirmed, Err: err,
		Reason: provider + " did not answer, so the message may or may not have gone out. It is not sent again by itself: check with the customer before retrying."}
}

// DestinationError is the failure of a request the egress policy stopped: a destination on a
// private network it does not allow, or a redirect it does not follow. Trying again changes
// nothing, and the reason says which, never what answered there.
func DestinationError(err error) (*switchboard.SendError, bool) {
	reason, ok := egress.Reason(err)
	if !ok {
		return nil, false
	}
	return &switchboard.SendError{Code: "destination_refused", Reason: reason, Err: err}, true
}

// Origin is where an http or https URL sends requests, as Destination.URL compares places:
// scheme, host and port ("https://graph.facebook.com:443"); a different path is the same place.
// A URL that cannot be read is returned as it is.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Failure is what one of a provider's error codes means for a message: its product code (see
// switchboard.FailUnreachable and the others), and whether a later attempt may succeed and after
// how long. Each connector keeps a table of them, which serves a send the provider refused and a
// delivery report that says a message failed alike.
type Failure struct {
	Code  string
	Retry bool
	After time.Duration
}

// SendError is the failure with the provider's words (and code) as its reason.
func (f Failure) SendError(reason string) *switchboard.SendError {
	return &switchboard.SendError{Code: f.Code, Retryable: f.Retry, RetryAfter: f.After, Reason: reason}
}
