package channel

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"time"

	"github.com/switchboardhq/switchboard"
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
// providers without idempotency keys would deliver it twice, so it fails as unconfirmed.
func TransportError(ctx context.Context, provider string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return &switchboard.SendError{Code: "provider_unavailable", Reason: provider + " could not be reached.", Retryable: true, Err: err}
	}
	return &switchboard.SendError{Code: switchboard.SendUnconfirmed, Err: err,
		Reason: provider + " did not answer, so the message may or may not have gone out. It is not sent again by itself: check with the customer before retrying."}
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
