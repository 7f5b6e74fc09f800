package webhooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
	"github.com/switchboardhq/switchboard/webhooks"
)

var sys = switchboard.NewSystemContext(context.Background())

// loopback is the egress policy of these tests: their receivers listen on 127.0.0.1, which only
// an explicit allowance reaches.
var loopback = func() *egress.Policy {
	p, err := egress.Parse("127.0.0.1")
	if err != nil {
		panic(err)
	}
	return p
}()

// withStore runs fn on every engine with a store that lets webhooks be saved with the
// receivers' loopback addresses.
func withStore(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	sqltest.RunWith(t, sqltest.Options{Egress: loopback}, fn)
}

// request is what a receiver saw of one webhook request.
type request struct {
	delivery, event string
	body            []byte
	signatureErr    error
	at              time.Time
}

// receiver is a webhook endpoint that answers each request with the next of its scripted
// handlers (the last one repeats) and checks every signature with the webhook's secret.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	secret   string
	answers  []http.HandlerFunc
	got      []request
	arrivals chan request
}

func newReceiver(t *testing.T, answers ...http.HandlerFunc) *receiver {
	rc := &receiver{answers: answers, arrivals: make(chan request, 100)}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		req := request{delivery: r.Header.Get(switchboard.WebhookDeliveryHeader), event: r.Header.Get(switchboard.WebhookEventHeader),
			body: body, at: time.Now(),
			signatureErr: switchboard.VerifyWebhookSignature(rc.secret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), 0)}
		rc.got = append(rc.got, req)
		answer := rc.answers[min(len(rc.got), len(rc.answers))-1]
		rc.mu.Unlock()
		answer(w, r)
		rc.arrivals <- req
	}))
	t.Cleanup(rc.Close)
	return rc
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code); fmt.Fprintf(w, "answer %d", code) }
}

// count is how many requests the receiver got.
func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.got)
}

// next waits for the receiver's next request.
func (rc *receiver) next(t *testing.T) request {
	t.Helper()
	select {
	case r := <-rc.arrivals:
		return r
	case <-time.After(15 * time.Second):
		t.Fatal("no webhook request arrived")
		panic("unreachable")
	}
}

// subscribe creates a webhook for the receiver and gives the receiver its secret.
func (rc *receiver) subscribe(t *testing.T, db *sqlstore.DB, events ...switchboard.EventType) *switchboard.Webhook {
	t.Helper()
	url := rc.URL + "/hooks"
	w, secret, err := db.CreateWebhook(sys, &switchboard.WebhookInput{URL: &url, Events: &events})
	if err != nil {
		t.Fatal(err)
	}
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
	return w
}

// run starts a job runner with the sender until the test ends.
func run(t *testing.T, db *sqlstore.DB, s *webhooks.Sender) {
	t.Helper()
	s.Store = db
	if s.Backoff.Base == 0 {
		s.Backoff = backoff.Policy{Base: 10 * time.Millisecond, Max: 40 * time.Millisecond}
	}
	if s.Client == nil {
		s.Client = loopback.Client(5 * time.Second)
	}
	r := jobs.New(db, slog.New(slog.DiscardHandler), jobs.Options{Poll: 20 * time.Millisecond})
	r.Handle(switchboard.JobDeliverWebhook, s.Handle)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// newContact makes a change that emits contact.created.
func newContact(t *testing.T, db *sqlstore.DB, name string) *switchboard.Contact {
	t.Helper()
	c, err := db.CreateContact(sys, &switchboard.ContactInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// settled waits until the webhook's newest delivery is no longer pending and returns it.
func settled(t *testing.T, db *sqlstore.DB, webhookID int64) *switchboard.WebhookDelivery {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		page, err := db.FindWebhookDeliveries(sys, webhookID, "", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) == 1 && page.Items[0].State != switchboard.WebhookPending {
			return page.Items[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delivery did not settle: %+v", page.Items)
		}
		// The outcome is recorded in the store just after the receiver answers; poll it briefly.
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFailingReceiverGetsTheDeliveryOnceSigned(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		rc := newReceiver(t, status(503), status(500), status(502), status(429), status(504), status(204))
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		run(t, db, &webhooks.Sender{})
		contact := newContact(t, db, "Dora")

		var reqs []request
		for range 6 {
			reqs = append(reqs, rc.next(t))
		}
		d := settled(t, db, hook.ID)
		if d.State != switchboard.WebhookSucceeded || d.Attempts != 6 || d.ResponseStatus != 204 || d.NextAttemptAt != nil {
			t.Errorf("delivery = %+v, want succeeded at the sixth attempt", d)
		}
		for i, r := range reqs {
			if r.delivery != d.DeliveryID || r.event != string(switchboard.EventContactCreated) {
				t.Errorf("attempt %d: delivery %q event %q, want %q contact.created", i+1, r.delivery, r.event, d.DeliveryID)
			}
			if r.signatureErr != nil {
				t.Errorf("attempt %d: signature: %v", i+1, r.signatureErr)
			}
			if string(r.body) != string(reqs[0].body) {
				t.Errorf("attempt %d sent another body:\n%s\nthan the first:\n%s", i+1, r.body, reqs[0].body)
			}
		}
		var p switchboard.WebhookPayload
		if err := json.Unmarshal(reqs[0].body, &p); err != nil {
			t.Fatal(err)
		}
		var data struct{ ID int64 }
		_ = json.Unmarshal(p.Data, &data)
		if p.ID != d.DeliveryID || p.Type != switchboard.EventContactCreated || p.EventID == nil || *p.EventID != *d.EventID || data.ID != contact.ID {
			t.Errorf("payload %s does not describe contact %d's creation", reqs[0].body, contact.ID)
		}
		// Once delivered, nothing more is sent: the job is complete.
		if failed, _ := db.FindJobs(sys, switchboard.JobAvailable, 10); len(failed) != 0 {
			t.Errorf("jobs still queued after the success: %+v", failed)
		}
		select {
		case r := <-rc.arrivals:
			t.Errorf("a seventh request arrived: %+v", r)
		default:
		}
	})
}

func TestRefusalsFailAtOnceAndRetriesStopAfterTheWindow(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		t.Run("a 4xx answer is final", func(t *testing.T) {
			rc := newReceiver(t, status(410))
			hook := rc.subscribe(t, db, switchboard.EventContactCreated)
			run(t, db, &webhooks.Sender{})
			newContact(t, db, "Gone")
			rc.next(t)
			d := settled(t, db, hook.ID)
			// The receiver is on a private address (allowed for the test): what it answered is
			// not kept, only its status.
			if d.State != switchboard.WebhookFailed || d.Attempts != 1 || d.ResponseStatus != 410 || d.ResponseBody != "" || d.Error == "" {
				t.Errorf("delivery = %+v, want failed after one attempt with the status and not the answer", d)
			}
			if w, _ := db.FindWebhookByID(sys, hook.ID); w.FailureStreak != 1 {
				t.Errorf("failure streak %d, want 1", w.FailureStreak)
			}
			db.DeleteWebhook(sys, hook.ID)
		})
		t.Run("retries end when the window has passed", func(t *testing.T) {
			// Each attempt takes 40 minutes on the sender's clock: the second ends past the
			// hour's window, however long the machine takes between them.
			var passed atomic.Int64
			clock := func() time.Time { return time.Now().Add(time.Duration(passed.Load())) }
			rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
				passed.Add(int64(40 * time.Minute))
				status(503)(w, r)
			})
			hook := rc.subscribe(t, db, switchboard.EventContactCreated)
			run(t, db, &webhooks.Sender{RetryFor: time.Hour, Now: clock})
			newContact(t, db, "Down")
			d := settled(t, db, hook.ID)
			if d.State != switchboard.WebhookFailed || d.Attempts != 2 || d.ResponseStatus != 503 {
				t.Errorf("delivery = %+v, want failed after two attempts, the second past the window", d)
			}
			db.DeleteWebhook(sys, hook.ID)
		})
		t.Run("a receiver that does not answer in time is retried", func(t *testing.T) {
			release := make(chan struct{})
			defer close(release)
			hang := func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}
			rc := newReceiver(t, hang, status(200))
			hook := rc.subscribe(t, db, switchboard.EventContactCreated)
			run(t, db, &webhooks.Sender{Client: loopback.Client(100 * time.Millisecond)})
			newContact(t, db, "Slow")
			first, second := rc.next(t), rc.next(t)
			d := settled(t, db, hook.ID)
			if d.State != switchboard.WebhookSucceeded || d.Attempts != 2 || first.delivery != second.delivery {
				t.Errorf("delivery = %+v (ids %s, %s), want succeeded on the second attempt", d, first.delivery, second.delivery)
			}
			db.DeleteWebhook(sys, hook.ID)
		})
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		limited := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
		rc := newReceiver(t, limited, status(200))
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		run(t, db, &webhooks.Sender{})
		newContact(t, db, "Busy")
		first, second := rc.next(t), rc.next(t)
		if gap := second.at.Sub(first.at); gap < time.Second {
			t.Errorf("retried after %v, before the receiver's Retry-After of 1s (the backoff is 10-40ms)", gap)
		}
		if d := settled(t, db, hook.ID); d.State != switchboard.WebhookSucceeded {
			t.Errorf("delivery = %+v", d)
		}
	})
}

func TestTestDeliveriesAndSubscriptions(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		rc := newReceiver(t, status(200))
		hook := rc.subscribe(t, db, switchboard.EventMessageCreated)
		run(t, db, &webhooks.Sender{})
		// A contact.created event is not what the webhook subscribed to; the test delivery
		// arrives, and nothing else does.
		newContact(t, db, "Ignored")
		if _, err := db.CreateWebhookDelivery(sys, hook.ID, nil, switchboard.EventWebhookTest, time.Time{}); err != nil {
			t.Fatal(err)
		}
		r := rc.next(t)
		var p switchboard.WebhookPayload
		if err := json.Unmarshal(r.body, &p); err != nil || p.Type != switchboard.EventWebhookTest || p.EventID != nil || r.signatureErr != nil {
			t.Errorf("test request %s (signature %v), want a signed webhook.test", r.body, r.signatureErr)
		}
		if d := settled(t, db, hook.ID); d.State != switchboard.WebhookSucceeded || d.EventType != switchboard.EventWebhookTest {
			t.Errorf("delivery = %+v", d)
		}
		page, _ := db.FindWebhookDeliveries(sys, hook.ID, "", 10)
		if len(page.Items) != 1 {
			t.Errorf("deliveries %+v, want only the test", page.Items)
		}
	})
}

func TestDisabledWebhookStopsRetrying(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		rc := newReceiver(t, status(503))
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		// Retries are a second apart, so the webhook is disabled between the attempts.
		run(t, db, &webhooks.Sender{Backoff: backoff.Policy{Base: 2 * time.Second, Max: 2 * time.Second}})
		newContact(t, db, "Later")
		rc.next(t)
		off := false
		if _, err := db.UpdateWebhook(sys, hook.ID, &switchboard.WebhookInput{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		d := settled(t, db, hook.ID)
		if d.State != switchboard.WebhookFailed || d.Attempts != 2 || d.ResponseStatus != 0 || d.Error == "" {
			t.Errorf("delivery = %+v, want failed without a second request", d)
		}
		select {
		case r := <-rc.arrivals:
			t.Errorf("a disabled webhook got a request: %+v", r)
		default:
		}
	})
}

func TestFailureStreakDisablesTheWebhook(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		rc := newReceiver(t, status(404))
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		watcher := newReceiver(t, status(200))
		watch := watcher.subscribe(t, db, switchboard.EventWebhookDisabled)
		run(t, db, &webhooks.Sender{})
		for i := range switchboard.WebhookDisableAfter {
			newContact(t, db, fmt.Sprintf("Contact %d", i))
		}
		r := watcher.next(t)
		var p switchboard.WebhookPayload
		if err := json.Unmarshal(r.body, &p); err != nil || p.Type != switchboard.EventWebhookDisabled {
			t.Fatalf("the watcher got %s, want webhook.disabled", r.body)
		}
		var data struct {
			ID            int64
			FailureStreak int `json:"failure_streak"`
		}
		_ = json.Unmarshal(p.Data, &data)
		if data.ID != hook.ID || data.FailureStreak != switchboard.WebhookDisableAfter {
			t.Errorf("webhook.disabled data %s, want webhook %d after %d failures", p.Data, hook.ID, switchboard.WebhookDisableAfter)
		}
		w, err := db.FindWebhookByID(sys, hook.ID)
		if err != nil || w.Enabled || w.DisabledAt == nil || w.DisabledReason == "" {
			t.Errorf("webhook = %+v, %v; want disabled with a reason", w, err)
		}
		// Changes after the disabling are not delivered to it.
		newContact(t, db, "After")
		if _, err := db.CreateWebhookDelivery(sys, watch.ID, nil, switchboard.EventWebhookTest, time.Time{}); err != nil {
			t.Fatal(err)
		}
		watcher.next(t) // the test delivery, sent after the contact's commit
		page, _ := db.FindWebhookDeliveries(sys, hook.ID, "", 100)
		if len(page.Items) != switchboard.WebhookDisableAfter {
			t.Errorf("%d deliveries, want %d: none after the webhook was disabled", len(page.Items), switchboard.WebhookDisableAfter)
		}
	})
}

// TestPrivateReceiverIsRefusedAsItConnects: with the default policy a receiver on loopback gets
// nothing, although its webhook was saved (while the operator allowed it), and the delivery
// fails at once saying why, without retries.
func TestPrivateReceiverIsRefusedAsItConnects(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		rc := newReceiver(t, status(200))
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		run(t, db, &webhooks.Sender{Client: (*egress.Policy)(nil).Client(5 * time.Second)})
		newContact(t, db, "Internal")
		d := settled(t, db, hook.ID)
		if d.State != switchboard.WebhookFailed || d.Attempts != 1 || d.ResponseStatus != 0 || d.ResponseBody != "" ||
			d.Error != "The destination address is not allowed (loopback)." {
			t.Errorf("delivery = %+v, want failed at once as refused", d)
		}
		if n := rc.count(); n != 0 {
			t.Errorf("the loopback receiver got %d requests", n)
		}
		// The job fails for good just after the delivery records it, with the same reason.
		deadline := time.Now().Add(15 * time.Second)
		for {
			failed, err := db.FindJobs(sys, switchboard.JobFailed, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(failed) == 1 {
				if failed[0].LastError != d.Error {
					t.Errorf("the job failed with %q, want %q", failed[0].LastError, d.Error)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("failed jobs %+v, want the delivery's", failed)
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

// TestRedirectIsNotFollowed: a receiver answering with a redirect fails the delivery; the signed
// event never reaches where the redirect pointed.
func TestRedirectIsNotFollowed(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		target := newReceiver(t, status(200))
		rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/hooks", http.StatusTemporaryRedirect)
		})
		hook := rc.subscribe(t, db, switchboard.EventContactCreated)
		run(t, db, &webhooks.Sender{})
		newContact(t, db, "Moved")
		rc.next(t)
		d := settled(t, db, hook.ID)
		if d.State != switchboard.WebhookFailed || d.Attempts != 1 || !strings.Contains(d.Error, "redirect") {
			t.Errorf("delivery = %+v, want failed at once because of the redirect", d)
		}
		if n := target.count(); n != 0 {
			t.Errorf("the redirect's target got %d requests", n)
		}
	})
}
