package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/jobs"
)

// PushTTL is how long a push service keeps a push for a browser that is offline (a day: a
// notification older than that is news in the bell, not on the lock screen).
const PushTTL = 86400

// PushPayload is what the service worker (/sw.js) receives, decrypted, for one notification.
type PushPayload struct {
	ID      int64                           `json:"id"`
	Title   string                          `json:"title"`
	Body    string                          `json:"body"`
	URL     string                          `json:"url"`
	Tag     string                          `json:"tag"`
	Trigger switchboard.NotificationTrigger `json:"trigger"`
}

// Pusher sends one notification to one browser through its push service (the JobSendPush
// handler): RFC 8291 encryption and RFC 8292 VAPID by webpush-go, with the server's keys.
type Pusher struct {
	Store switchboard.NotificationStore
	// Client reaches the push services (the egress policy's client); nil: http.DefaultClient.
	Client *http.Client
	// Subject is the VAPID contact a push service may write to: "mailto:…" or an https URL.
	Subject string
	// Log hears of what cannot change the push's outcome (nil: discarded).
	Log *slog.Logger
}

// Send sends a JobSendPush job's push. The push service's answer decides: accepted (200, 201,
// 202) is recorded; 404 and 410 forget the subscription; 429 and 5xx retry (after the service's
// Retry-After when it gives one); another 4xx fails for good.
func (p *Pusher) Send(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.SendPushArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("send push: arguments: %w", err))
	}
	d, err := p.Store.PushDelivery(ctx, args)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // the subscription, the notification or the agent's access is gone
	}
	if err != nil {
		return fmt.Errorf("send push %d: %w", args.NotificationID, err)
	}
	if d == nil || d.Notification == nil || d.Subscription == nil {
		return nil
	}
	keys, err := p.Store.VAPIDKeys(ctx)
	if err != nil {
		return fmt.Errorf("send push %d: keys: %w", args.NotificationID, err)
	}
	payload, err := json.Marshal(payloadOf(d.Notification))
	if err != nil {
		return jobs.Final(err)
	}
	client := p.Client
	if client == nil {
		client = http.DefaultClient
	}
	sub := &webpush.Subscription{Endpoint: d.Subscription.Endpoint, Keys: webpush.Keys{P256dh: d.P256dh, Auth: d.Auth}}
	resp, err := webpush.SendNotificationWithContext(ctx, payload, sub, &webpush.Options{
		HTTPClient: client, Subscriber: vapidSubscriber(p.Subject), TTL: PushTTL, Urgency: urgency(d.Notification.Trigger),
		VAPIDPublicKey: keys.Public, VAPIDPrivateKey: keys.Private,
	})
	if err != nil {
		err = fmt.Errorf("send push %d: %w", args.NotificationID, err)
		if refused(err) || (ctx.Err() == nil && !isNetwork(err)) {
			return jobs.Final(err) // a destination the egress policy forbids, or bad keys: no retry fixes them
		}
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	answer := fmt.Errorf("send push %d: the push service answered %d: %s", args.NotificationID, resp.StatusCode, strings.TrimSpace(string(body)))
	switch s := resp.StatusCode; {
	case s == http.StatusOK || s == http.StatusCreated || s == http.StatusAccepted:
		// The push is out: failing to note when (the database down) must not send it again.
		if err := p.Store.PushSent(ctx, d.Subscription.ID); err != nil && p.Log != nil {
			p.Log.Warn("record a push sent", "subscription_id", d.Subscription.ID, "err", err)
		}
		return nil
	case s == http.StatusNotFound || s == http.StatusGone:
		return p.Store.PushGone(ctx, d.Subscription.ID)
	case s == http.StatusTooManyRequests || s >= 500:
		if wait, ok := backoff.RetryAfter(resp.Header, time.Now()); ok {
			return jobs.RetryAfter(answer, wait)
		}
		return answer
	default:
		return jobs.Final(answer)
	}
}

// payloadOf is the push's JSON: the notification's words and the conversation to open.
func payloadOf(n *switchboard.Notification) *PushPayload {
	link := "/inbox"
	if n.ConversationID != nil {
		link += "/" + strconv.FormatInt(*n.ConversationID, 10)
	}
	return &PushPayload{ID: n.ID, Title: n.Title, Body: n.Body, URL: link, Tag: "notification-" + strconv.FormatInt(n.ID, 10), Trigger: n.Trigger}
}

// urgency is "high" for what is the agent's to act on now, else "normal".
func urgency(t switchboard.NotificationTrigger) webpush.Urgency {
	switch t {
	case switchboard.NotifyAssigned, switchboard.NotifyMention, switchboard.NotifySLABreached:
		return webpush.UrgencyHigh
	}
	return webpush.UrgencyNormal
}

// vapidSubscriber is the subject as webpush-go wants it: it adds "mailto:" to anything not
// starting with "https:", so a "mailto:" subject goes without its scheme.
func vapidSubscriber(subject string) string {
	if s, ok := strings.CutPrefix(subject, "mailto:"); ok {
		return s
	}
	if subject == "" {
		return "notifications@switchboard.invalid"
	}
	return subject
}

// refused reports whether the egress policy refused the destination (a push service or SMTP
// server on a private address not allowed).
func refused(err error) bool {
	var r *egress.RefusedError
	return errors.As(err, &r)
}

// isNetwork reports whether a send failed on the way (the push service unreachable, the
// connection broken), which may pass.
func isNetwork(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}
