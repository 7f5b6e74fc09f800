package notify

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	webpushgo "github.com/SherClockHolmes/webpush-go"
	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/emulator/webpush"
	"github.com/switchboardhq/switchboard/internal/egress"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// pushRig is a push service (the emulator) with one browser subscribed, and a store holding one
// notification to push to it.
type pushRig struct {
	svc    *webpush.Server
	srv    *httptest.Server
	store  *fakeStore
	pusher *Pusher
	sub    switchboard.PushSubscriptionInput
}

func newPushRig(t *testing.T, trigger switchboard.NotificationTrigger) *pushRig {
	t.Helper()
	svc := webpush.New()
	srv := httptest.NewServer(svc)
	t.Cleanup(srv.Close)
	sub, err := svc.Subscribe(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	priv, pub, err := webpushgo.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	n := &switchboard.Notification{ID: 7, AgentID: 2, Trigger: trigger, ConversationID: ptr(int64(100)),
		Title: "Assegnata a te: Zoë", Body: "Ada ti ha assegnato questa conversazione", InApp: true}
	store := &fakeStore{keys: &switchboard.VAPIDKeys{Private: priv, Public: pub}, pushes: map[int64]*switchboard.PushDelivery{
		3: {Subscription: &switchboard.PushSubscription{ID: 3, Endpoint: sub.Endpoint}, P256dh: sub.Keys.P256dh, Auth: sub.Keys.Auth,
			Notification: n, AgentLanguage: "it"},
	}}
	return &pushRig{svc: svc, srv: srv, store: store, sub: sub,
		pusher: &Pusher{Store: store, Client: srv.Client(), Subject: "mailto:ops@example.com"}}
}

func pushJob(attempt int) *switchboard.Job {
	args, _ := json.Marshal(switchboard.SendPushArgs{NotificationID: 7, SubscriptionID: 3})
	return &switchboard.Job{ID: 1, Kind: switchboard.JobSendPush, Args: args, Attempt: attempt, MaxAttempts: 8}
}

func TestPushEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		trigger switchboard.NotificationTrigger
		urgency string
	}{{switchboard.NotifyAssigned, "high"}, {switchboard.NotifyMention, "high"}, {switchboard.NotifySLABreached, "high"},
		{switchboard.NotifyMessage, "normal"}, {switchboard.NotifyUnassigned, "normal"}} {
		t.Run(string(tc.trigger), func(t *testing.T) {
			rig := newPushRig(t, tc.trigger)
			if err := rig.pusher.Send(context.Background(), pushJob(1)); err != nil {
				t.Fatal(err)
			}
			got := rig.svc.Received()
			if len(got) != 1 {
				t.Fatalf("%d pushes received, want 1", len(got))
			}
			var payload map[string]any
			if err := json.Unmarshal(got[0].Payload, &payload); err != nil {
				t.Fatalf("payload %q: %v", got[0].Payload, err)
			}
			want := map[string]any{"id": float64(7), "title": "Assegnata a te: Zoë", "body": "Ada ti ha assegnato questa conversazione",
				"url": "/inbox/100", "tag": "notification-7", "trigger": string(tc.trigger)}
			if diff := cmp.Diff(want, payload); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			if got[0].TTL != 86400 || got[0].Urgency != tc.urgency || got[0].Subject != "mailto:ops@example.com" || got[0].Endpoint != rig.sub.Endpoint {
				t.Errorf("push TTL %d urgency %q subject %q endpoint %q", got[0].TTL, got[0].Urgency, got[0].Subject, got[0].Endpoint)
			}
			if diff := cmp.Diff([]int64{3}, rig.store.sent); diff != "" {
				t.Errorf("PushSent (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPushSubjects(t *testing.T) {
	for subject, want := range map[string]string{
		"mailto:ops@example.com":      "mailto:ops@example.com",
		"https://switchboard.example": "https://switchboard.example",
		"":                            "mailto:notifications@switchboard.invalid",
	} {
		rig := newPushRig(t, switchboard.NotifyAssigned)
		rig.pusher.Subject = subject
		if err := rig.pusher.Send(context.Background(), pushJob(1)); err != nil {
			t.Fatal(err)
		}
		if got := rig.svc.Received(); len(got) != 1 || got[0].Subject != want {
			t.Errorf("subject %q: the push service read %+v, want sub %q", subject, got, want)
		}
	}
}

func TestPushAnswers(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		setup   func(r *pushRig)
		attempt int
		want    string // done, retry or failed
		at      time.Time
		gone    bool
	}{
		{"accepted", func(r *pushRig) {}, 1, "done", time.Time{}, false},
		{"gone", func(r *pushRig) { r.svc.Expire(r.sub.Endpoint) }, 1, "done", time.Time{}, true},
		{"rate limited with Retry-After", func(r *pushRig) { r.svc.FailNext(429, "120") }, 1, "retry", now.Add(120 * time.Second), false},
		{"unavailable with an HTTP date", func(r *pushRig) { r.svc.FailNext(503, now.Add(time.Hour).Format(http.TimeFormat)) }, 1, "retry", time.Time{}, false},
		{"server error", func(r *pushRig) { r.svc.FailNext(500, "") }, 1, "retry", time.Time{}, false},
		{"server error, last attempt", func(r *pushRig) { r.svc.FailNext(502, "") }, 8, "failed", time.Time{}, false},
		{"bad request", func(r *pushRig) { r.svc.FailNext(400, "") }, 1, "failed", time.Time{}, false},
		{"payload too large", func(r *pushRig) { r.svc.FailNext(413, "") }, 1, "failed", time.Time{}, false},
		{"a private address the egress policy refuses", func(r *pushRig) { r.pusher.Client = (*egress.Policy)(nil).Client(10 * time.Second) }, 1, "failed", time.Time{}, false},
		{"push service down", func(r *pushRig) { r.srv.Close() }, 1, "retry", time.Time{}, false},
		{"subscription forgotten meanwhile", func(r *pushRig) { delete(r.store.pushes, 3) }, 1, "done", time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newPushRig(t, switchboard.NotifyAssigned)
			tc.setup(rig)
			got := runJob(t, rig.pusher.Send, pushJob(tc.attempt))
			if got.State != tc.want {
				t.Fatalf("recorded %s (%s), want %s", got.State, got.Err, tc.want)
			}
			if !tc.at.IsZero() && !got.At.Equal(tc.at) {
				t.Errorf("retry at %v, want %v (the push service's Retry-After)", got.At, tc.at)
			}
			if tc.want != "done" && !strings.Contains(got.Err, "push service answered") && !strings.Contains(got.Err, "send push 7") {
				t.Errorf("error %q does not tell the push service's answer", got.Err)
			}
			if strings.Contains(tc.name, "egress") && !strings.Contains(got.Err, "not allowed") {
				t.Errorf("error %q does not tell the policy refused the address", got.Err)
			}
			if gone := len(rig.store.gone) == 1; gone != tc.gone {
				t.Errorf("PushGone called: %v, want %v", gone, tc.gone)
			}
			accepted := tc.name == "accepted"
			if n := len(rig.svc.Received()); (n == 1) != accepted {
				t.Errorf("%d pushes accepted", n)
			}
		})
	}
}
