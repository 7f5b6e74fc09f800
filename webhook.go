package switchboard

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Webhook is an admin's subscription of an HTTP endpoint to events: each event of a subscribed
// type is POSTed to URL as JSON, signed with the webhook's secret. The secret is shown once, when
// the webhook is created and each time it is rotated; afterwards only SecretPrefix tells which
// secret is current.
type Webhook struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Description string `json:"description"`
	// Events lists the subscribed types; empty means every type.
	Events  []EventType `json:"events"`
	Enabled bool        `json:"enabled"`
	// FailureStreak counts the deliveries in a row that failed for good; a success resets it,
	// and at WebhookDisableAfter the webhook is disabled.
	FailureStreak int `json:"failure_streak"`
	// DisabledAt and DisabledReason say when and why a disabled webhook was turned off, by an
	// admin or after too many failures; both are cleared when it is enabled again.
	DisabledAt     *time.Time `json:"disabled_at"`
	DisabledReason string     `json:"disabled_reason"`
	SecretPrefix   string     `json:"secret_prefix"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Subscribes reports whether the webhook wants events of type t, whether or not it is enabled.
func (w *Webhook) Subscribes(t EventType) bool {
	return len(w.Events) == 0 || slices.Contains(w.Events, t)
}

// WebhookDisableAfter is how many deliveries in a row may fail for good (after all their
// retries) before the webhook is disabled, so a dead endpoint stops costing work and an admin
// learns about it from a webhook.disabled event.
const WebhookDisableAfter = 20

// WebhookRetryFor is how long a delivery keeps being retried after timeouts, 429s and 5xx
// answers: an attempt that fails within this time of the delivery's creation is tried again, so a
// receiver that is down for a day still gets every event.
const WebhookRetryFor = 24 * time.Hour

// The limits of a webhook's fields.
const (
	MaxWebhookURLLength         = 2000
	MaxWebhookDescriptionLength = 500
)

// WebhookInput creates a webhook or changes it; nil fields are left alone on update. Events set
// to an empty list subscribes to every type.
type WebhookInput struct {
	URL         *string      `json:"url"`
	Description *string      `json:"description"`
	Events      *[]EventType `json:"events"`
	Enabled     *bool        `json:"enabled"`
}

// Validate normalises and checks the fields that are set; creating requires a URL. Events are
// de-duplicated and sorted, so equal subscriptions are stored alike.
func (in *WebhookInput) Validate(create bool) error {
	var v Validator
	if create {
		v.Required(in.URL != nil, "url", "Enter the URL to deliver events to.")
	}
	if in.URL != nil {
		*in.URL = strings.TrimSpace(*in.URL)
		v.Check(validWebhookURL(*in.URL), "url",
			fmt.Sprintf("Enter an absolute http:// or https:// URL of at most %d characters.", MaxWebhookURLLength))
	}
	if in.Description != nil {
		*in.Description = strings.TrimSpace(*in.Description)
		v.Check(len(*in.Description) <= MaxWebhookDescriptionLength, "description",
			fmt.Sprintf("Use at most %d characters.", MaxWebhookDescriptionLength))
	}
	if in.Events != nil {
		events := slices.Clone(*in.Events)
		for _, t := range events {
			v.Check(slices.Contains(EventTypes, t), "events", fmt.Sprintf("Unknown event type %q.", t))
		}
		slices.Sort(events)
		events = slices.Compact(events)
		if events == nil {
			events = []EventType{}
		}
		*in.Events = events
	}
	return v.Err()
}

// validWebhookURL reports whether s is an absolute http or https URL with a host.
func validWebhookURL(s string) bool {
	if s == "" || len(s) > MaxWebhookURLLength {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Hostname() != ""
}

// WebhookDeliveryState is where a delivery stands.
type WebhookDeliveryState string

// The delivery states. A pending delivery waits for its first or next attempt; succeeded and
// failed are final.
const (
	WebhookPending   WebhookDeliveryState = "pending"
	WebhookSucceeded WebhookDeliveryState = "succeeded"
	WebhookFailed    WebhookDeliveryState = "failed"
)

// MaxWebhookResponseBody is how much of a receiver's answer a delivery keeps, for the admin who
// debugs the endpoint.
const MaxWebhookResponseBody = 1 << 10

// WebhookDelivery is one event sent (or to be sent) to one webhook, with the outcome of its
// latest attempt. Retries of a delivery keep its DeliveryID, which receivers de-duplicate on.
type WebhookDelivery struct {
	ID        int64 `json:"id"`
	WebhookID int64 `json:"webhook_id"`
	// EventID is the event log entry delivered; nil for a test delivery.
	EventID    *int64               `json:"event_id"`
	EventType  EventType            `json:"event_type"`
	DeliveryID string               `json:"delivery_id"` // sent as the Switchboard-Delivery header
	Attempts   int                  `json:"attempts"`
	State      WebhookDeliveryState `json:"state"`
	// ResponseStatus, ResponseBody (its first KiB), Error and DurationMS describe the latest
	// attempt; a status of 0 means no HTTP answer came (see Error). ResponseBody is kept only
	// from receivers on public addresses: the answer of an internal service (one the egress
	// allow-list lets webhooks reach) is never shown.
	ResponseStatus int    `json:"response_status"`
	ResponseBody   string `json:"response_body"`
	Error          string `json:"error"`
	DurationMS     int64  `json:"duration_ms"`
	// NextAttemptAt is when a pending delivery is tried next; nil once it is final.
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// WebhookDeliveryPage is one page of a webhook's deliveries, newest first; NextCursor is "" on
// the last page.
type WebhookDeliveryPage struct {
	Items      []*WebhookDelivery `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

// WebhookAttempt is the outcome of one HTTP attempt of a delivery, as the sender reports it.
type WebhookAttempt struct {
	Status   int    // the HTTP status; 0 when no answer came
	Body     string // the answer's body; the store keeps its first MaxWebhookResponseBody bytes
	Err      string // why the attempt failed without an answer (timeout, refused), or ""
	Duration time.Duration
	// Succeeded ends the delivery successfully. Otherwise Final says the sender gives up (the
	// answer was not retryable, or the retries ran out) and NextAttemptAt says when a delivery
	// that is not final is tried again.
	Succeeded     bool
	Final         bool
	NextAttemptAt *time.Time
}

// WebhookService manages outgoing webhooks and records their deliveries.
//
// Admins manage webhooks and read deliveries; other agents are EFORBIDDEN, and a context without
// an actor is EUNAUTHORIZED. The methods marked "system only" are for the dispatcher that turns
// events into deliveries and the worker that sends them.
type WebhookService interface {
	// CreateWebhook adds a webhook, enabled unless in.Enabled says otherwise, and returns its
	// signing secret, which is never shown again.
	CreateWebhook(ctx context.Context, in *WebhookInput) (*Webhook, string, error)
	FindWebhooks(ctx context.Context) ([]*Webhook, error)
	FindWebhookByID(ctx context.Context, id int64) (*Webhook, error)
	// UpdateWebhook changes the fields that are set. Enabling a webhook clears its failure
	// streak and why it was disabled; disabling it records when.
	UpdateWebhook(ctx context.Context, id int64, in *WebhookInput) (*Webhook, error)
	// DeleteWebhook removes a webhook with its deliveries.
	DeleteWebhook(ctx context.Context, id int64) error
	// RotateWebhookSecret replaces the signing secret at once and returns the new one.
	RotateWebhookSecret(ctx context.Context, id int64) (*Webhook, string, error)
	// FindWebhookDeliveries returns a page of a webhook's deliveries, newest first. cursor is the
	// NextCursor of the previous page ("" for the first); limit is 1 to MaxPageSize, 0 for
	// DefaultPageSize.
	FindWebhookDeliveries(ctx context.Context, webhookID int64, cursor string, limit int) (*WebhookDeliveryPage, error)
	// FindWebhookDeliveryByID returns one delivery (admins and the system).
	FindWebhookDeliveryByID(ctx context.Context, id int64) (*WebhookDelivery, error)

	// WebhookSecret returns a webhook's signing secret in clear (system only).
	WebhookSecret(ctx context.Context, id int64) (string, error)
	// WebhooksFor returns the enabled webhooks subscribed to events of type t, by id (system
	// only).
	WebhooksFor(ctx context.Context, t EventType) ([]*Webhook, error)
	// CreateWebhookDelivery records a pending delivery of an event (or, with eventID nil, a
	// test) to a webhook, due at at (zero means now), with a fresh DeliveryID, and the job that
	// sends it. Events are dispatched to the webhooks subscribed to them in the transaction that
	// writes them; this method is for tests and the API's test button. A second call for
	// the same webhook and event returns the first delivery, so dispatching an event twice sends
	// it once. The system may create any delivery; an admin only test deliveries (eventType
	// EventWebhookTest, eventID nil). Disabled webhooks get deliveries too, so an admin can test
	// one before enabling it again.
	CreateWebhookDelivery(ctx context.Context, webhookID int64, eventID *int64, eventType EventType, at time.Time) (*WebhookDelivery, error)
	// WebhookOutboundFor loads what an attempt of a delivery sends (system only).
	WebhookOutboundFor(ctx context.Context, deliveryID int64) (*WebhookOutbound, error)
	// RecordWebhookAttempt records the outcome of one attempt of a pending delivery and, in the
	// same transaction, the webhook's failure streak: reset by a success, one more for a final
	// failure. The final failure that brings the streak to WebhookDisableAfter disables the
	// webhook and emits EventWebhookDisabled. A delivery that is already final answers
	// ECONFLICT: the attempt was recorded before, and the sender should stop (system only).
	RecordWebhookAttempt(ctx context.Context, deliveryID int64, a WebhookAttempt) (*WebhookDelivery, error)
}

// WebhookPayload is the JSON body of every webhook request. The body of a delivery is the same
// on every attempt; only the signature's timestamp changes.
type WebhookPayload struct {
	// ID is the delivery's id, also sent as the Switchboard-Delivery header.
	ID   string    `json:"id"`
	Type EventType `json:"type"`
	// EventID is the event log entry (nil for a test), the order in which changes happened.
	EventID        *int64          `json:"event_id"`
	InboxID        *int64          `json:"inbox_id,omitempty"`
	ConversationID *int64          `json:"conversation_id,omitempty"`
	AgentID        *int64          `json:"agent_id,omitempty"`
	ActorID        *int64          `json:"actor_id,omitempty"`
	Data           json.RawMessage `json:"data"`
	// CreatedAt is when the change happened, not when this attempt was made.
	CreatedAt time.Time `json:"created_at"`
}

// WebhookOutbound is what one attempt of a delivery needs: where to send it, the secret to sign
// it with, and the body.
type WebhookOutbound struct {
	Delivery *WebhookDelivery
	Webhook  *Webhook
	Secret   string
	Body     []byte // a marshalled WebhookPayload
}

// The headers of a webhook request.
const (
	// WebhookSignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256>"; see SignWebhook.
	WebhookSignatureHeader = "Switchboard-Signature"
	// WebhookDeliveryHeader carries the delivery's id, the same on every retry: receivers
	// de-duplicate on it.
	WebhookDeliveryHeader = "Switchboard-Delivery"
	// WebhookEventHeader carries the event type.
	WebhookEventHeader = "Switchboard-Event"
)

// DefaultWebhookTolerance is how far a signature's timestamp may be from the receiver's clock
// when VerifyWebhookSignature is given no tolerance.
const DefaultWebhookTolerance = 5 * time.Minute

// maxSignatureHeader bounds the header a receiver parses, so a hostile sender cannot make it
// split megabytes.
const maxSignatureHeader = 4096

// SignWebhook returns the Switchboard-Signature header value for body sent at timestamp:
// "t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "<unix seconds>.<body>" keyed by secret>".
// Signing the timestamp with the body lets a receiver refuse a replayed request.
func SignWebhook(secret string, timestamp time.Time, body []byte) string {
	ts := strconv.FormatInt(timestamp.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(webhookMAC(secret, ts, body))
}

func webhookMAC(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// The errors of VerifyWebhookSignature, for receivers to tell apart with errors.Is.
var (
	ErrWebhookSignatureMalformed = errors.New("switchboard: malformed webhook signature header")
	ErrWebhookSignatureStale     = errors.New("switchboard: webhook signature timestamp outside the tolerance")
	ErrWebhookSignatureMismatch  = errors.New("switchboard: webhook signature does not match")
)

// VerifyWebhookSignature checks a Switchboard-Signature header against the raw body a receiver
// got: the timestamp must be within tolerance of now (in either direction; zero or less means
// DefaultWebhookTolerance) and one of the v1 signatures must match, compared in constant time.
// Several v1 values are accepted so a sender may sign with two secrets while one replaces the
// other. Unknown keys are ignored, so later signature versions do not break receivers.
func VerifyWebhookSignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	if len(header) > maxSignatureHeader {
		return ErrWebhookSignatureMalformed
	}
	var ts string
	var sigs [][]byte
	for part := range strings.SplitSeq(header, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return ErrWebhookSignatureMalformed
		}
		switch k {
		case "t":
			if ts != "" {
				return ErrWebhookSignatureMalformed
			}
			ts = val
		case "v1":
			sig, err := hex.DecodeString(val)
			if err != nil || len(sig) != sha256.Size {
				return ErrWebhookSignatureMalformed
			}
			sigs = append(sigs, sig)
		}
	}
	if ts == "" || len(sigs) == 0 {
		return ErrWebhookSignatureMalformed
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || ts != strconv.FormatInt(unix, 10) {
		return ErrWebhookSignatureMalformed
	}
	// Bounds in seconds: a duration holds at most ~292 years, so neither sum overflows, whatever
	// timestamp the header claims.
	tol := int64(tolerance / time.Second)
	if unix < now.Unix()-tol || unix > now.Unix()+tol {
		return ErrWebhookSignatureStale
	}
	want := webhookMAC(secret, ts, body)
	for _, sig := range sigs {
		if hmac.Equal(sig, want) {
			return nil
		}
	}
	return ErrWebhookSignatureMismatch
}
