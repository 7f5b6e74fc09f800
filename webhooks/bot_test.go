package webhooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/webhooks"
)

// TestBotSenderRetries: a bot that answers 503 has its delivery retried (signed, with the same
// delivery id) until the webhooks' retry window ends, then never again; a delivery whose
// conversation's bot was paused meanwhile is dropped without a request.
func TestBotSenderRetries(t *testing.T) {
	withStore(t, func(t *testing.T, db *sqlstore.DB) {
		var mu sync.Mutex
		var secret string
		var ids []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if err := switchboard.VerifyWebhookSignature(secret, r.Header.Get(switchboard.WebhookSignatureHeader), body, time.Now(), 48*time.Hour); err != nil {
				t.Errorf("bad signature: %v", err)
			}
			ids = append(ids, r.Header.Get(switchboard.WebhookDeliveryHeader))
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		t.Cleanup(srv.Close)
		name := "Bots"
		inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		on, url := true, srv.URL
		_, s, err := db.SetInboxBot(sys, inbox.ID, &switchboard.InboxBotInput{Enabled: &on, URL: &url})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		secret = s
		mu.Unlock()
		m, _, _, err := db.Receive(switchboard.NewContextWithInbox(sys, inbox.ID), &switchboard.InboundMessage{InboxID: inbox.ID, From: "+393330000001", ProviderID: "m-1", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		js, err := db.ClaimJobs(sys, "node-a", 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var job *switchboard.Job
		for _, j := range js {
			if j.Kind == switchboard.JobDeliverBot {
				job = j
			}
		}
		if job == nil {
			t.Fatalf("no bot delivery among %d jobs", len(js))
		}
		now := job.CreatedAt.Add(time.Minute)
		b := &webhooks.BotSender{Store: db, Sender: &webhooks.Sender{Client: loopback.Client(10 * time.Second), Now: func() time.Time { return now }}}

		err = b.Handle(sys, job)
		if err == nil || jobs.IsFinal(err) {
			t.Fatalf("a 503 within the window: %v, want a retry", err)
		}
		job.Attempt++
		now = job.CreatedAt.Add(switchboard.WebhookRetryFor + time.Minute)
		if err := b.Handle(sys, job); !jobs.IsFinal(err) {
			t.Fatalf("a 503 after the window: %v, want the end", err)
		}
		mu.Lock()
		if len(ids) != 2 || ids[0] != ids[1] || ids[0] == "" {
			t.Errorf("delivery ids = %q, want the same twice", ids)
		}
		mu.Unlock()

		// Paused: the same delivery is dropped before any request.
		if _, err := db.ControlBot(sys, m.ConversationID, switchboard.BotPause); err != nil {
			t.Fatal(err)
		}
		now = job.CreatedAt.Add(time.Minute)
		if err := b.Handle(sys, job); err != nil {
			t.Fatalf("paused: %v", err)
		}
		mu.Lock()
		if len(ids) != 2 {
			t.Errorf("a paused bot received %d requests", len(ids)-2)
		}
		mu.Unlock()
	})
}
