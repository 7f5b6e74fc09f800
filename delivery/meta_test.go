package delivery_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/delivery"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/emulator/meta/metatest"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestMetaRateLimits: a reply Meta refuses for its rate limits (code 613, then the app's code 4)
// and then for a passing outage (code 2) is retried, each time when the delivery policy says:
// after Meta's pause for a rate limit, after the policy's backoff for the outage. Until then the
// message says why and when, and nothing reaches the customer; then it is delivered once. On
// Messenger and on Instagram, whose reasons name Instagram. Clocks are the test's.
func TestMetaRateLimits(t *testing.T) {
	for _, kind := range []switchboard.ChannelKind{switchboard.ChannelMessenger, switchboard.ChannelInstagram} {
		t.Run(string(kind), func(t *testing.T) {
			// The time the store, the job runner, the deliverer and the emulator share.
			clk := metatest.NewClock(time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC))
			m := messenger.Connector{Client: &http.Client{Timeout: 10 * time.Second}, Now: clk.Now}
			reg := channel.NewRegistry(&m, &instagram.Connector{Connector: m})
			reg.Egress, _ = egress.Parse("127.0.0.1")
			policy := backoff.Policy{Base: 8 * time.Second, Max: time.Minute}

			sqltest.RunWith(t, sqltest.Options{Now: clk.Now, Channels: reg, Egress: reg.Egress}, func(t *testing.T, db *sqlstore.DB) {
				var emu *meta.Server
				var settings map[string]any
				if kind == switchboard.ChannelMessenger {
					emu = meta.New("108000111222333", "EAA-token", "secret")
					settings = map[string]any{"page_id": emu.PageID}
				} else {
					emu = meta.NewInstagram("17841400000000001", "", "IGAA-token", "secret")
					settings = map[string]any{"account_id": emu.AccountID}
				}
				srv := httptest.NewServer(emu)
				defer srv.Close()
				emu.BaseURL, emu.Now, emu.NoEcho = srv.URL, clk.Now, true
				settings["api_base_url"] = srv.URL
				ctx, stop := context.WithCancel(context.Background())
				defer stop()
				sys := switchboard.NewSystemContext(ctx)
				raw, _ := json.Marshal(settings)
				inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: kind, Name: ptr("Shop"), Settings: raw,
					Secrets: map[string]string{messenger.SecretAccessToken: emu.Token}})
				if err != nil {
					t.Fatal(err)
				}
				ada, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: "Ada", Email: "ada@example.com", Role: switchboard.RoleAdmin,
					Password: "a long password", TimeZone: "UTC"})
				if err != nil {
					t.Fatal(err)
				}
				adaCtx := switchboard.NewContextWithAgent(ctx, ada)
				const psid = "7300000000000001"
				emu.Text(psid, "m_1", "where is my order?", clk.Now()) // the customer writes: the emulator opens its window
				if _, err := db.ReceiveBatch(switchboard.NewContextWithInbox(ctx, inbox.ID), &switchboard.InboundBatch{InboxID: inbox.ID,
					Messages: []*switchboard.InboundMessage{{From: psid, ProviderID: "m_1", Text: "where is my order?", SentAt: clk.Now()}}}); err != nil {
					t.Fatal(err)
				}
				page, err := db.FindConversations(adaCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
				if err != nil || len(page.Items) != 1 {
					t.Fatalf("conversations: %v %v", page, err)
				}

				emu.Inject(meta.RateLimited, meta.AppRateLimited, meta.Unavailable)
				reply, _, err := db.CreateMessage(adaCtx, page.Items[0].ID, &switchboard.MessageCreate{Text: "It left today."})
				if err != nil {
					t.Fatal(err)
				}
				log := slog.New(slog.DiscardHandler)
				runner := jobs.New(db, log, jobs.Options{Workers: 1, Poll: 10 * time.Millisecond, Now: clk.Now})
				d := &delivery.Deliverer{Store: db, Channels: reg, Log: log, Backoff: policy, Now: clk.Now}
				runner.Handle(switchboard.JobDeliverMessage, d.Handle)
				done := make(chan error, 1)
				go func() { done <- runner.Run(ctx) }()
				defer func() { stop(); <-done }()

				// waitFor waits until the reply satisfies ok, or fails after a generous while.
				waitFor := func(what string, ok func(*switchboard.Message) bool) *switchboard.Message {
					t.Helper()
					for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
						m, err := db.FindMessageByID(adaCtx, reply.ID)
						if err == nil && ok(m) {
							return m
						}
						if time.Now().After(deadline) {
							t.Fatalf("%s: the reply is %+v (retry %+v), %v", what, m, m.Retry, err)
						}
					}
				}
				texts := func() int {
					n := 0
					for _, s := range emu.Sent() {
						if s.Text() == "It left today." {
							n++
						}
					}
					return n
				}
				product := map[switchboard.ChannelKind]string{switchboard.ChannelMessenger: "Messenger", switchboard.ChannelInstagram: "Instagram"}[kind]
				for i, c := range []struct {
					code, reason string
					min, max     time.Duration
				}{
					{switchboard.FailRateLimited, product + " error 613:", 10 * time.Second, 10 * time.Second}, // Meta's API limit: its pause
					{switchboard.FailRateLimited, product + " error 4:", 30 * time.Second, 30 * time.Second},   // the app's limit: longer
					// An outage: the policy's backoff after a third attempt (its ceiling 4 × Base, jittered
					// down to half of it at most).
					{switchboard.FailProviderUnavailable, product + " error 2:", 2 * policy.Base, 4 * policy.Base},
				} {
					attempt := i + 1
					at := clk.Now()
					m := waitFor(fmt.Sprint("attempt ", attempt), func(m *switchboard.Message) bool { return m.Retry != nil && m.Retry.Attempts == attempt })
					if m.Status != switchboard.MessagePending || m.Retry.Code != c.code || !strings.HasPrefix(m.Retry.Reason, c.reason) {
						t.Errorf("attempt %d: %s, retry %+v; want %s %q", attempt, m.Status, m.Retry, c.code, c.reason)
					}
					if wait := m.Retry.NextAttemptAt.Sub(at); wait < c.min || wait > c.max {
						t.Errorf("attempt %d: next in %v, want %v to %v", attempt, wait, c.min, c.max)
					}
					if other := map[string]string{"Messenger": "Instagram", "Instagram": "Messenger"}[product]; strings.Contains(m.Retry.Reason, other) {
						t.Errorf("attempt %d: the reason names %s: %q", attempt, other, m.Retry.Reason)
					}
					if n := texts(); n != 0 {
						t.Fatalf("attempt %d: the customer got the reply %d times while it was refused", attempt, n)
					}
					// The job is put back for then (the runner records that after the message
					// says it): only then is the clock moved, to the moment it is due.
					var job *switchboard.Job
					for deadline := time.Now().Add(20 * time.Second); job == nil; time.Sleep(10 * time.Millisecond) {
						js, err := db.FindJobs(adaCtx, switchboard.JobAvailable, 10)
						for _, j := range js {
							if j.Kind == switchboard.JobDeliverMessage && j.Attempt == attempt {
								job = j
							}
						}
						if job == nil && (err != nil || time.Now().After(deadline)) {
							t.Fatalf("attempt %d: the delivery job was not put back: %v", attempt, err)
						}
					}
					if !job.RunAt.Equal(m.Retry.NextAttemptAt) {
						t.Errorf("attempt %d: the job runs again at %v, the message says %v", attempt, job.RunAt, m.Retry.NextAttemptAt)
					}
					clk.Add(job.RunAt.Sub(clk.Now())) // the next attempt is due
				}
				m := waitFor("delivered", func(m *switchboard.Message) bool { return m.Status != switchboard.MessagePending })
				if m.Status != switchboard.MessageAccepted || m.ProviderID == "" || m.Retry != nil {
					t.Errorf("after the refusals: %s %q, retry %+v", m.Status, m.ProviderID, m.Retry)
				}
				if n := texts(); n != 1 {
					t.Errorf("the customer got the reply %d times, want once", n)
				}
			})
		})
	}
}

func ptr[T any](v T) *T { return &v }
