// Package webhooks sends outgoing webhook deliveries. The store commits a delivery and its job
// with the event it carries; this package's job handler POSTs the event, signed, to the
// webhook's URL, records every attempt in the delivery log, and retries timeouts, 429s and 5xx
// answers with backoff (or when the receiver's Retry-After says) for at least
// switchboard.WebhookRetryFor. Every attempt carries the same Switchboard-Delivery id, so a
// receiver that saw an attempt whose answer was lost keeps the event once.
package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/jobs"
)

// UserAgent is sent with every webhook request.
const UserAgent = "Switchboard-Webhooks/1"

// maxRetryAfter caps how long a receiver's Retry-After may postpone the next attempt, so a
// misconfigured receiver cannot park a delivery beyond the retry window.
const maxRetryAfter = 6 * time.Hour

// Sender handles webhook delivery jobs. The zero values of its optional fields are the
// production defaults.
type Sender struct {
	Store switchboard.WebhookService
	Log   *slog.Logger
	// Client sends the requests. It must follow no redirect, since a receiver that moved must be
	// reconfigured by an admin rather than have signed events follow a Location header anywhere,
	// and check where it connects: an egress.Policy's Client. Nil means one of the default
	// policy (public addresses only) that gives up after 15 seconds.
	Client *http.Client
	// Backoff spaces the retries; zero means 10 seconds doubling to an hour, with jitter.
	Backoff backoff.Policy
	// RetryFor is how long after its creation a delivery is retried; zero means
	// switchboard.WebhookRetryFor.
	RetryFor time.Duration
	// Now reads the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Handle is the jobs.Handler of webhook delivery jobs: one attempt of one delivery.
func (s *Sender) Handle(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.DeliverWebhookArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.DeliveryID == 0 {
		return jobs.Final(fmt.Errorf("bad webhook delivery arguments %s", j.Args))
	}
	out, err := s.Store.WebhookOutboundFor(ctx, a.DeliveryID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // the webhook was deleted with its deliveries: nothing to send
	} else if err != nil {
		return err
	}
	d := out.Delivery
	if d.State != switchboard.WebhookPending {
		return nil // an earlier attempt finished it; its outcome is recorded
	}
	if !out.Webhook.Enabled && d.EventID != nil {
		// Turned off while this delivery waited: stop retrying. Tests still go to a disabled
		// webhook, so an admin can check it before enabling it again.
		return s.record(ctx, d, switchboard.WebhookAttempt{Err: "The webhook was disabled before this delivery was sent.", Final: true})
	}
	return s.record(ctx, d, s.send(ctx, out))
}

// record stores an attempt and tells the runner what follows: nothing after a success, a final
// failure, or a retry at the time the delivery log shows.
func (s *Sender) record(ctx context.Context, d *switchboard.WebhookDelivery, a switchboard.WebhookAttempt) error {
	_, err := s.Store.RecordWebhookAttempt(ctx, d.ID, a)
	switch {
	case switchboard.ErrorCode(err) == switchboard.ECONFLICT || switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return nil // finished by another attempt, or deleted meanwhile
	case err != nil:
		return fmt.Errorf("record webhook delivery %d attempt: %w", d.ID, err)
	case a.Succeeded:
		return nil
	case a.Final:
		s.log().Warn("webhook delivery failed", "delivery_id", d.DeliveryID, "webhook_id", d.WebhookID,
			"status", a.Status, "err", a.Err)
		return jobs.Final(errors.New(attemptSummary(a)))
	default:
		return jobs.RetryAfter(errors.New(attemptSummary(a)), max(0, a.NextAttemptAt.Sub(s.now())))
	}
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// send makes one HTTP attempt of a webhook delivery.
func (s *Sender) send(ctx context.Context, out *switchboard.WebhookOutbound) switchboard.WebhookAttempt {
	d := out.Delivery
	return s.Post(ctx, Request{URL: out.Webhook.URL, Secret: out.Secret, Body: out.Body, DeliveryID: d.DeliveryID,
		Event: string(d.EventType), CreatedAt: d.CreatedAt, Attempts: d.Attempts})
}

// Request is one signed POST of JSON: a webhook delivery's, or a bot delivery's (bot.go).
type Request struct {
	URL, Secret string
	Body        []byte
	// DeliveryID (the Switchboard-Delivery header) is the same on every attempt of a delivery,
	// so a receiver keeps it once; Event is the Switchboard-Event header.
	DeliveryID, Event string
	// CreatedAt is when the delivery was queued: it is retried until RetryFor after it.
	CreatedAt time.Time
	// Attempts counts the attempts made before this one, for the backoff.
	Attempts int
}

// Post makes one HTTP attempt of a delivery, signed with its secret, and describes its
// outcome, deciding whether it is final: 2xx succeeds; a refused destination, a redirect and
// answers other than 408, 425, 429 and 5xx fail for good; the rest are retried with backoff
// (or at the receiver's Retry-After) until RetryFor after the delivery was queued.
func (s *Sender) Post(ctx context.Context, d Request) switchboard.WebhookAttempt {
	// Whether the answer came from a public address: an internal service's answer (one the
	// allow-list let the webhook reach) is never kept in the delivery log.
	var public atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(c httptrace.GotConnInfo) {
		public.Store(egress.Public(c.Conn.RemoteAddr()))
	}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return switchboard.WebhookAttempt{Err: "The webhook's URL cannot be requested: " + err.Error(), Final: true}
	}
	start := s.now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(switchboard.WebhookSignatureHeader, switchboard.SignWebhook(d.Secret, start, d.Body))
	req.Header.Set(switchboard.WebhookDeliveryHeader, d.DeliveryID)
	req.Header.Set(switchboard.WebhookEventHeader, d.Event)
	client := s.Client
	if client == nil {
		client = (*egress.Policy)(nil).Client(15 * time.Second)
	}
	res, err := client.Do(req)
	var a switchboard.WebhookAttempt
	var retryAfter time.Duration
	if err != nil {
		a.Err = Describe(err)
	} else {
		body, _ := io.ReadAll(io.LimitReader(res.Body, switchboard.MaxWebhookResponseBody))
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		res.Body.Close()
		a.Status = res.StatusCode
		if public.Load() {
			a.Body = string(body)
		}
		retryAfter, _ = backoff.RetryAfter(res.Header, s.now())
	}
	a.Duration = s.now().Sub(start)
	if _, refused := egress.Reason(err); refused {
		// A destination the policy refuses, or a redirect (a.Err says which): trying again
		// changes nothing.
		a.Final = true
		return a
	}
	switch {
	case err == nil && res.StatusCode >= 200 && res.StatusCode < 300:
		a.Succeeded = true
		return a
	case err == nil && !backoff.Retryable(res.StatusCode):
		a.Final = true
		if a.Err == "" {
			a.Err = fmt.Sprintf("The receiver answered %d; only timeouts, 408, 425, 429 and 5xx answers are retried.", res.StatusCode)
		}
		return a
	}
	retryFor := s.RetryFor
	if retryFor <= 0 {
		retryFor = switchboard.WebhookRetryFor
	}
	if s.now().Sub(d.CreatedAt) >= retryFor {
		a.Final = true
		a.Err = joinText(a.Err, fmt.Sprintf("Gave up after %d attempts over %s.", d.Attempts+1, retryFor))
		return a
	}
	policy := s.Backoff
	if policy.Base <= 0 {
		policy = backoff.Policy{Base: 10 * time.Second, Max: time.Hour}
	}
	delay := policy.Delay(d.Attempts + 1)
	if retryAfter > 0 {
		delay = min(retryAfter, maxRetryAfter)
	}
	next := s.now().Add(delay)
	a.NextAttemptAt = &next
	return a
}

// Describe turns a transport error into a sentence for the delivery log (and the CRM lookup's
// last error): a refused destination, a timeout, or the failure as it came.
func Describe(err error) string {
	if reason, ok := egress.Reason(err); ok {
		return reason
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return "The receiver did not answer in time."
	}
	return "The receiver could not be reached: " + err.Error()
}

func joinText(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// attemptSummary is the job's error text for an attempt that did not succeed.
func attemptSummary(a switchboard.WebhookAttempt) string {
	if a.Status != 0 {
		return fmt.Sprintf("webhook answered %d", a.Status)
	}
	return a.Err
}
