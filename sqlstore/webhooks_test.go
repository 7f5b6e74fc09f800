package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// newWebhook creates a webhook as the system and returns it with its secret.
func newWebhook(t *testing.T, db *sqlstore.DB, in switchboard.WebhookInput) (*switchboard.Webhook, string) {
	t.Helper()
	w, secret, err := db.CreateWebhook(switchboard.NewSystemContext(context.Background()), &in)
	if err != nil {
		t.Fatalf("create webhook: %v", err)
	}
	return w, secret
}

// webhookEvents returns the data of the events of one type, oldest first.
func webhookEvents(t *testing.T, db *sqlstore.DB, typ switchboard.EventType) []string {
	t.Helper()
	evs, err := db.FindEvents(switchboard.NewSystemContext(context.Background()), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if e.Type == typ {
			out = append(out, string(e.Data))
		}
	}
	return out
}

func TestWebhookRoundTripAndSecret(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		hook, secret, err := db.CreateWebhook(s.admin, &switchboard.WebhookInput{URL: ptr(" https://hooks.example.com/in?k=Q7x "),
			Description: ptr(" CRM sync "), Events: &[]switchboard.EventType{"message.created", "contact.created", "message.created"}})
		if err != nil {
			t.Fatal(err)
		}
		want := &switchboard.Webhook{ID: hook.ID, URL: "https://hooks.example.com/in?k=Q7x", Description: "CRM sync",
			Events:  []switchboard.EventType{switchboard.EventContactCreated, switchboard.EventMessageCreated},
			Enabled: true, SecretPrefix: secret[:12], CreatedAt: clock.now, UpdatedAt: clock.now}
		if diff := cmp.Diff(want, hook); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		if !strings.HasPrefix(secret, "whsec_") || len(secret) < 40 {
			t.Errorf("secret %q: want whsec_ and at least 32 random bytes", secret)
		}
		got, err := db.FindWebhookByID(s.admin, hook.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(hook, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}

		t.Run("the secret is sealed at rest and bound to its webhook", func(t *testing.T) {
			raw := db.RawWebhookSecretForTest(hook.ID)
			if raw == "" || strings.Contains(raw, secret) || strings.Contains(raw, secret[6:]) {
				t.Errorf("stored secret %q reveals %q", raw, secret)
			}
			clear, err := db.WebhookSecret(s.sys, hook.ID)
			if err != nil || clear != secret {
				t.Errorf("WebhookSecret = %q, %v; want %q", clear, err, secret)
			}
			other, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://other.example.com")})
			db.SetRawWebhookSecretForTest(other.ID, raw)
			if _, err := db.WebhookSecret(s.sys, other.ID); err == nil {
				t.Error("a secret copied from another webhook opened")
			}
			if err := db.DeleteWebhook(s.sys, other.ID); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("rotation", func(t *testing.T) {
			clock.Add(time.Minute)
			rotated, next, err := db.RotateWebhookSecret(s.admin, hook.ID)
			if err != nil {
				t.Fatal(err)
			}
			if next == secret || !strings.HasPrefix(next, "whsec_") || rotated.SecretPrefix != next[:12] || !rotated.UpdatedAt.Equal(clock.now) {
				t.Errorf("rotated %+v with %q (old %q)", rotated, next, secret)
			}
			if clear, err := db.WebhookSecret(s.sys, hook.ID); err != nil || clear != next {
				t.Errorf("WebhookSecret after rotation = %q, %v; want %q", clear, err, next)
			}
			secret = next
		})

		t.Run("update", func(t *testing.T) {
			clock.Add(time.Minute)
			up, err := db.UpdateWebhook(s.admin, hook.ID, &switchboard.WebhookInput{Events: &[]switchboard.EventType{}, Enabled: ptr(false)})
			if err != nil {
				t.Fatal(err)
			}
			if len(up.Events) != 0 || up.Events == nil || up.Enabled || up.DisabledAt == nil || !up.DisabledAt.Equal(clock.now) ||
				up.DisabledReason == "" || up.URL != hook.URL || up.Description != "CRM sync" {
				t.Errorf("disabled, subscribed to everything: %+v", up)
			}
			read, err := db.FindWebhookByID(s.admin, hook.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(up, read); diff != "" {
				t.Errorf("read back (-updated +read):\n%s", diff)
			}
			up, err = db.UpdateWebhook(s.admin, hook.ID, &switchboard.WebhookInput{Enabled: ptr(true), URL: ptr("https://new.example.com:8443/hook")})
			if err != nil {
				t.Fatal(err)
			}
			if !up.Enabled || up.DisabledAt != nil || up.DisabledReason != "" || up.URL != "https://new.example.com:8443/hook" {
				t.Errorf("enabled again: %+v", up)
			}
			list, err := db.FindWebhooks(s.admin)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*switchboard.Webhook{up}, list); diff != "" {
				t.Errorf("FindWebhooks (-want +got):\n%s", diff)
			}
			if clear, _ := db.WebhookSecret(s.sys, hook.ID); clear != secret {
				t.Error("an update changed the secret")
			}
		})

		t.Run("events name the webhook, never its secret or URL", func(t *testing.T) {
			changed := webhookEvents(t, db, switchboard.EventWebhookChanged)
			// Created twice (one deleted again), rotated, updated twice.
			if len(changed) != 6 {
				t.Errorf("webhook.changed events = %d, want 6: %v", len(changed), changed)
			}
			for _, data := range changed {
				if strings.Contains(data, "whsec_") || strings.Contains(data, "example.com") || strings.Contains(data, "10.0.0.7") ||
					!strings.Contains(data, `"id":`) {
					t.Errorf("webhook.changed data %s", data)
				}
			}
		})

		t.Run("delete", func(t *testing.T) {
			if _, err := db.CreateWebhookDelivery(s.sys, hook.ID, ptr(int64(1)), switchboard.EventMessageCreated, time.Time{}); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteWebhook(s.admin, hook.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindWebhookByID(s.admin, hook.ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			wantCode(t, db.DeleteWebhook(s.admin, hook.ID), switchboard.ENOTFOUND)
			if n := db.CountRowsForTest("webhook_deliveries"); n != 0 {
				t.Errorf("%d deliveries outlived their webhook", n)
			}
			deleted := webhookEvents(t, db, switchboard.EventWebhookChanged)
			if last := deleted[len(deleted)-1]; !strings.Contains(last, `"deleted":true`) {
				t.Errorf("last webhook.changed = %s, want the deletion", last)
			}
		})
	})
}

func TestWebhookValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://example.com/hook")})
		for _, tt := range []struct {
			name   string
			create bool
			in     switchboard.WebhookInput
			field  string
		}{
			{"no url", true, switchboard.WebhookInput{Description: ptr("x")}, "url"},
			{"relative url", true, switchboard.WebhookInput{URL: ptr("/hooks/in")}, "url"},
			{"no host", true, switchboard.WebhookInput{URL: ptr("https:///in")}, "url"},
			{"ftp", true, switchboard.WebhookInput{URL: ptr("ftp://example.com/in")}, "url"},
			{"javascript", true, switchboard.WebhookInput{URL: ptr("javascript:alert(1)")}, "url"},
			{"too long", true, switchboard.WebhookInput{URL: ptr("https://example.com/" + strings.Repeat("a", 1981))}, "url"},
			{"unknown event", true, switchboard.WebhookInput{URL: ptr("https://example.com"), Events: &[]switchboard.EventType{"message.exploded"}}, "events"},
			{"long description", true, switchboard.WebhookInput{URL: ptr("https://example.com"), Description: ptr(strings.Repeat("d", 501))}, "description"},
			{"empty url on update", false, switchboard.WebhookInput{URL: ptr(" ")}, "url"},
			{"unknown event on update", false, switchboard.WebhookInput{Events: &[]switchboard.EventType{""}}, "events"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var err error
				if tt.create {
					_, _, err = db.CreateWebhook(s.admin, &tt.in)
				} else {
					_, err = db.UpdateWebhook(s.admin, hook.ID, &tt.in)
				}
				wantFieldErr(t, err, switchboard.EINVALID, tt.field)
			})
		}
		if n := db.CountRowsForTest("webhooks"); n != 1 {
			t.Errorf("invalid input wrote webhooks: %d", n)
		}
		// The longest URL allowed, and the test type, pass.
		long := "https://example.com/" + strings.Repeat("a", 1980)
		if _, _, err := db.CreateWebhook(s.admin, &switchboard.WebhookInput{URL: &long,
			Events: &[]switchboard.EventType{switchboard.EventWebhookTest, switchboard.EventWebhookDisabled}}); err != nil {
			t.Errorf("a %d-character URL: %v", len(long), err)
		}
	})
}

// TestWebhookURLsOnPrivateNetworks: a webhook is not saved with an address on the server's own
// networks, however it is spelled, unless the operator's egress policy allows it.
func TestWebhookURLsOnPrivateNetworks(t *testing.T) {
	private := []string{"http://127.0.0.1:8080/hook", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/",
		"http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://localhost:9000/", "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.7:8080/hook", "https://192.168.1.20/", "http://0.0.0.0:8080/"}
	t.Run("by default", func(t *testing.T) {
		sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
			s := newStaff(t, db)
			hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://example.com/hook")})
			for _, u := range private {
				_, _, err := db.CreateWebhook(s.admin, &switchboard.WebhookInput{URL: ptr(u)})
				wantFieldErr(t, err, switchboard.EINVALID, "url")
				_, err = db.UpdateWebhook(s.admin, hook.ID, &switchboard.WebhookInput{URL: ptr(u)})
				wantFieldErr(t, err, switchboard.EINVALID, "url")
			}
			if n := db.CountRowsForTest("webhooks"); n != 1 {
				t.Errorf("%d webhooks, want only the public one", n)
			}
		})
	})
	allow, err := egress.Parse("10.0.0.0/8, crm.lan")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("allowed", func(t *testing.T) {
		sqltest.RunWith(t, sqltest.Options{Egress: allow}, func(t *testing.T, db *sqlstore.DB) {
			s := newStaff(t, db)
			for _, u := range []string{"http://10.0.0.7:8080/hook", "http://012.0.0.7/", "https://crm.lan/in"} {
				if _, _, err := db.CreateWebhook(s.admin, &switchboard.WebhookInput{URL: ptr(u)}); err != nil {
					t.Errorf("%s, allowed by the policy: %v", u, err)
				}
			}
			for _, u := range []string{"http://127.0.0.1/", "http://169.254.169.254/", "https://192.168.1.20/"} {
				_, _, err := db.CreateWebhook(s.admin, &switchboard.WebhookInput{URL: ptr(u)})
				wantFieldErr(t, err, switchboard.EINVALID, "url")
			}
		})
	})
}

func TestWebhookPermissions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		// Subscribed to one type, so the webhook.changed events of this test are not delivered to it.
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://example.com/hook"), Events: &[]switchboard.EventType{switchboard.EventMessageCreated}})
		d, err := db.CreateWebhookDelivery(s.sys, hook.ID, nil, switchboard.EventWebhookTest, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		calls := map[string]func(ctx context.Context) error{
			"CreateWebhook": func(ctx context.Context) error {
				_, _, err := db.CreateWebhook(ctx, &switchboard.WebhookInput{URL: ptr("https://evil.example.com")})
				return err
			},
			"FindWebhooks":    func(ctx context.Context) error { _, err := db.FindWebhooks(ctx); return err },
			"FindWebhookByID": func(ctx context.Context) error { _, err := db.FindWebhookByID(ctx, hook.ID); return err },
			"UpdateWebhook": func(ctx context.Context) error {
				_, err := db.UpdateWebhook(ctx, hook.ID, &switchboard.WebhookInput{Enabled: ptr(false)})
				return err
			},
			"DeleteWebhook": func(ctx context.Context) error { return db.DeleteWebhook(ctx, hook.ID) },
			"RotateWebhookSecret": func(ctx context.Context) error {
				_, _, err := db.RotateWebhookSecret(ctx, hook.ID)
				return err
			},
			"FindWebhookDeliveries": func(ctx context.Context) error {
				_, err := db.FindWebhookDeliveries(ctx, hook.ID, "", 0)
				return err
			},
			"FindWebhookDeliveryByID": func(ctx context.Context) error { _, err := db.FindWebhookDeliveryByID(ctx, d.ID); return err },
			"CreateWebhookDelivery (test)": func(ctx context.Context) error {
				_, err := db.CreateWebhookDelivery(ctx, hook.ID, nil, switchboard.EventWebhookTest, time.Time{})
				return err
			},
		}
		system := map[string]func(ctx context.Context) error{
			"WebhookSecret": func(ctx context.Context) error { _, err := db.WebhookSecret(ctx, hook.ID); return err },
			"WebhooksFor": func(ctx context.Context) error {
				_, err := db.WebhooksFor(ctx, switchboard.EventMessageCreated)
				return err
			},
			"CreateWebhookDelivery (event)": func(ctx context.Context) error {
				_, err := db.CreateWebhookDelivery(ctx, hook.ID, ptr(int64(7)), switchboard.EventMessageCreated, time.Time{})
				return err
			},
			"RecordWebhookAttempt": func(ctx context.Context) error {
				_, err := db.RecordWebhookAttempt(ctx, d.ID, switchboard.WebhookAttempt{Status: 200, Succeeded: true})
				return err
			},
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) {
				wantCode(t, call(context.Background()), switchboard.EUNAUTHORIZED)
				wantCode(t, call(s.super), switchboard.EFORBIDDEN)
				wantCode(t, call(s.ann), switchboard.EFORBIDDEN)
			})
		}
		for name, call := range system {
			t.Run(name, func(t *testing.T) {
				wantCode(t, call(context.Background()), switchboard.EUNAUTHORIZED)
				wantCode(t, call(s.ann), switchboard.EFORBIDDEN)
				wantCode(t, call(s.admin), switchboard.EFORBIDDEN) // admins manage webhooks, only the sender reads secrets
			})
		}
		if n := db.CountRowsForTest("webhook_deliveries"); n != 1 {
			t.Errorf("refused calls created deliveries: %d", n)
		}
		if got, err := db.FindWebhookByID(s.admin, hook.ID); err != nil || !got.Enabled {
			t.Errorf("refused calls changed the webhook: %+v, %v", got, err)
		}
		// Unknown ids are ENOTFOUND for those who may ask.
		_, err = db.FindWebhookByID(s.admin, 9999)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindWebhookDeliveries(s.admin, 9999, "", 0)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindWebhookDeliveryByID(s.admin, 9999)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.WebhookSecret(s.sys, 9999)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = db.RotateWebhookSecret(s.admin, 9999)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.UpdateWebhook(s.admin, 9999, &switchboard.WebhookInput{})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.CreateWebhookDelivery(s.sys, 9999, nil, switchboard.EventWebhookTest, time.Time{})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.RecordWebhookAttempt(s.sys, 9999, switchboard.WebhookAttempt{Final: true})
		wantCode(t, err, switchboard.ENOTFOUND)
	})
}

func TestWebhooksFor(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		all, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://all.example.com")})
		msgs, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://msgs.example.com"),
			Events: &[]switchboard.EventType{switchboard.EventMessageCreated, switchboard.EventMessageUpdated}})
		contacts, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://contacts.example.com"),
			Events: &[]switchboard.EventType{switchboard.EventContactCreated}})
		newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://off.example.com"), Enabled: ptr(false),
			Events: &[]switchboard.EventType{switchboard.EventMessageCreated}})
		for _, tt := range []struct {
			typ  switchboard.EventType
			want []int64
		}{
			{switchboard.EventMessageCreated, []int64{all.ID, msgs.ID}},
			{switchboard.EventMessageUpdated, []int64{all.ID, msgs.ID}},
			{switchboard.EventContactCreated, []int64{all.ID, contacts.ID}},
			{switchboard.EventWebhookDisabled, []int64{all.ID}},
		} {
			hooks, err := db.WebhooksFor(sys, tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range hooks {
				got = append(got, h.ID)
				if !h.Enabled {
					t.Errorf("WebhooksFor(%s) returned disabled webhook %d", tt.typ, h.ID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("WebhooksFor(%s) (-want +got):\n%s", tt.typ, diff)
			}
		}
	})
}

func TestWebhookDeliveriesAndAttempts(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://example.com/hook")})
		other, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://other.example.com/hook")})
		later := clock.now.Add(2 * time.Second)
		d, err := db.CreateWebhookDelivery(s.sys, hook.ID, ptr(int64(42)), switchboard.EventMessageCreated, later)
		if err != nil {
			t.Fatal(err)
		}
		want := &switchboard.WebhookDelivery{ID: d.ID, WebhookID: hook.ID, EventID: ptr(int64(42)), EventType: switchboard.EventMessageCreated,
			DeliveryID: d.DeliveryID, State: switchboard.WebhookPending, NextAttemptAt: &later, CreatedAt: clock.now, UpdatedAt: clock.now}
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		if !strings.HasPrefix(d.DeliveryID, "whd_") || len(d.DeliveryID) != 36 {
			t.Errorf("delivery id %q", d.DeliveryID)
		}
		read, err := db.FindWebhookDeliveryByID(s.sys, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d, read); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}

		t.Run("an event is delivered to a webhook once", func(t *testing.T) {
			again, err := db.CreateWebhookDelivery(s.sys, hook.ID, ptr(int64(42)), switchboard.EventMessageCreated, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(d, again); diff != "" {
				t.Errorf("second dispatch of event 42 (-first +second):\n%s", diff)
			}
			_, created, err := db.CreateWebhookDeliveryInTxForTest(s.sys, hook.ID, ptr(int64(42)), switchboard.EventMessageCreated, time.Time{}, false)
			if err != nil || created {
				t.Errorf("in a transaction: created %v, %v; want the existing delivery", created, err)
			}
			o, err := db.CreateWebhookDelivery(s.sys, other.ID, ptr(int64(42)), switchboard.EventMessageCreated, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if o.ID == d.ID || o.DeliveryID == d.DeliveryID || !o.NextAttemptAt.Equal(clock.now) {
				t.Errorf("the other webhook's delivery of the same event: %+v", o)
			}
		})

		t.Run("inside the caller's transaction", func(t *testing.T) {
			before := db.CountRowsForTest("webhook_deliveries")
			rolled, created, err := db.CreateWebhookDeliveryInTxForTest(s.sys, hook.ID, ptr(int64(43)), switchboard.EventMessageCreated, time.Time{}, true)
			if err != nil || !created || rolled.ID == 0 {
				t.Fatalf("created %+v %v, %v", rolled, created, err)
			}
			if n := db.CountRowsForTest("webhook_deliveries"); n != before {
				t.Errorf("a rolled-back delivery stayed: %d rows, want %d", n, before)
			}
			kept, created, err := db.CreateWebhookDeliveryInTxForTest(s.sys, hook.ID, ptr(int64(43)), switchboard.EventMessageCreated, time.Time{}, false)
			if err != nil || !created {
				t.Fatalf("created %+v %v, %v", kept, created, err)
			}
			if got, err := db.FindWebhookDeliveryByID(s.sys, kept.ID); err != nil || got.DeliveryID != kept.DeliveryID {
				t.Errorf("committed delivery = %+v, %v", got, err)
			}
		})

		t.Run("admins create test deliveries only", func(t *testing.T) {
			test, err := db.CreateWebhookDelivery(s.admin, hook.ID, nil, switchboard.EventWebhookTest, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if test.EventID != nil || test.EventType != switchboard.EventWebhookTest || test.State != switchboard.WebhookPending {
				t.Errorf("test delivery %+v", test)
			}
			_, err = db.CreateWebhookDelivery(s.admin, hook.ID, ptr(int64(50)), switchboard.EventMessageCreated, time.Time{})
			wantCode(t, err, switchboard.EFORBIDDEN)
			_, err = db.CreateWebhookDelivery(s.admin, hook.ID, ptr(int64(50)), switchboard.EventWebhookTest, time.Time{})
			wantCode(t, err, switchboard.EFORBIDDEN)
		})

		t.Run("attempts", func(t *testing.T) {
			clock.Add(time.Minute)
			retryAt := clock.now.Add(30 * time.Second)
			body := strings.Repeat("é", 600) // 1200 bytes: kept up to a character boundary
			got, err := db.RecordWebhookAttempt(s.sys, d.ID, switchboard.WebhookAttempt{Status: 503, Body: body,
				Duration: 1500 * time.Millisecond, NextAttemptAt: &retryAt})
			if err != nil {
				t.Fatal(err)
			}
			if got.Attempts != 1 || got.State != switchboard.WebhookPending || got.ResponseStatus != 503 || got.DurationMS != 1500 ||
				got.NextAttemptAt == nil || !got.NextAttemptAt.Equal(retryAt) || !got.UpdatedAt.Equal(clock.now) ||
				got.ResponseBody != strings.Repeat("é", 512) {
				t.Errorf("after a retryable failure: %+v", got)
			}
			read, err := db.FindWebhookDeliveryByID(s.admin, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, read); diff != "" {
				t.Errorf("read back (-recorded +read):\n%s", diff)
			}
			if h, _ := db.FindWebhookByID(s.admin, hook.ID); h.FailureStreak != 0 {
				t.Errorf("a retryable failure counted in the streak: %d", h.FailureStreak)
			}

			clock.Add(time.Minute)
			got, err = db.RecordWebhookAttempt(s.sys, d.ID, switchboard.WebhookAttempt{Status: 0, Err: "dial tcp: connection refused\x00\xff",
				Duration: 20 * time.Millisecond, NextAttemptAt: &retryAt})
			if err != nil {
				t.Fatal(err)
			}
			if got.Attempts != 2 || got.ResponseStatus != 0 || got.ResponseBody != "" || got.Error != "dial tcp: connection refused\uFFFD\uFFFD" {
				t.Errorf("after a failure without an answer: %+v", got)
			}

			got, err = db.RecordWebhookAttempt(s.sys, d.ID, switchboard.WebhookAttempt{Status: 204, Succeeded: true, Duration: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if got.Attempts != 3 || got.State != switchboard.WebhookSucceeded || got.NextAttemptAt != nil || got.Error != "" || got.ResponseStatus != 204 {
				t.Errorf("after success: %+v", got)
			}
			_, err = db.RecordWebhookAttempt(s.sys, d.ID, switchboard.WebhookAttempt{Status: 200, Succeeded: true})
			wantCode(t, err, switchboard.ECONFLICT)
			_, err = db.RecordWebhookAttempt(s.sys, d.ID, switchboard.WebhookAttempt{Status: 1000})
			wantFieldErr(t, err, switchboard.EINVALID, "status")
			if read, _ := db.FindWebhookDeliveryByID(s.sys, d.ID); read.Attempts != 3 {
				t.Errorf("a refused attempt was counted: %+v", read)
			}
		})
	})
}

func TestWebhookDisabledAfterFailures(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://dead.example.com/hook")})
		event := int64(0)
		deliver := func(t *testing.T, a switchboard.WebhookAttempt) {
			t.Helper()
			event++
			d, err := db.CreateWebhookDelivery(s.sys, hook.ID, &event, switchboard.EventMessageCreated, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.RecordWebhookAttempt(s.sys, d.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		fail := switchboard.WebhookAttempt{Status: 500, Final: true}
		retry := switchboard.WebhookAttempt{Status: 429}
		streak := func(t *testing.T) *switchboard.Webhook {
			t.Helper()
			h, err := db.FindWebhookByID(s.admin, hook.ID)
			if err != nil {
				t.Fatal(err)
			}
			return h
		}

		for range switchboard.WebhookDisableAfter - 1 {
			deliver(t, fail)
		}
		deliver(t, retry) // not final: does not count
		if h := streak(t); h.FailureStreak != switchboard.WebhookDisableAfter-1 || !h.Enabled {
			t.Fatalf("after %d final failures: %+v", switchboard.WebhookDisableAfter-1, h)
		}
		deliver(t, switchboard.WebhookAttempt{Status: 200, Succeeded: true})
		if h := streak(t); h.FailureStreak != 0 || !h.Enabled {
			t.Fatalf("a success did not reset the streak: %+v", h)
		}
		if n := len(webhookEvents(t, db, switchboard.EventWebhookDisabled)); n != 0 {
			t.Fatalf("webhook.disabled emitted %d times before the streak ran out", n)
		}

		for range switchboard.WebhookDisableAfter {
			deliver(t, fail)
		}
		h := streak(t)
		if h.Enabled || h.FailureStreak != switchboard.WebhookDisableAfter || h.DisabledAt == nil ||
			!strings.Contains(h.DisabledReason, fmt.Sprint(switchboard.WebhookDisableAfter)) {
			t.Fatalf("after %d final failures in a row: %+v", switchboard.WebhookDisableAfter, h)
		}
		if hooks, _ := db.WebhooksFor(s.sys, switchboard.EventMessageCreated); len(hooks) != 0 {
			t.Errorf("a disabled webhook is still dispatched to: %+v", hooks)
		}
		// Deliveries already under way may still fail; the webhook is disabled once.
		deliver(t, fail)
		deliver(t, fail)
		disabled := webhookEvents(t, db, switchboard.EventWebhookDisabled)
		if len(disabled) != 1 {
			t.Fatalf("webhook.disabled emitted %d times, want once: %v", len(disabled), disabled)
		}
		if want := fmt.Sprintf(`"id":%d`, hook.ID); !strings.Contains(disabled[0], want) || strings.Contains(disabled[0], "dead.example.com") {
			t.Errorf("webhook.disabled data %s: want %s and no URL", disabled[0], want)
		}

		// An admin enables it again, with a clean slate.
		up, err := db.UpdateWebhook(s.admin, hook.ID, &switchboard.WebhookInput{Enabled: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if !up.Enabled || up.FailureStreak != 0 || up.DisabledAt != nil || up.DisabledReason != "" {
			t.Errorf("enabled again: %+v", up)
		}
		deliver(t, fail)
		if h := streak(t); !h.Enabled || h.FailureStreak != 1 {
			t.Errorf("one failure after enabling: %+v", h)
		}
	})
}

func TestWebhookDeliveryPaging(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		only := &[]switchboard.EventType{switchboard.EventMessageCreated} // so no webhook.changed is delivered to them
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://example.com/hook"), Events: only})
		other, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://other.example.com/hook"), Events: only})
		var want []int64 // newest first
		for i := range 7 {
			d, err := db.CreateWebhookDelivery(s.sys, hook.ID, ptr(int64(i+1)), switchboard.EventContactCreated, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			want = append([]int64{d.ID}, want...)
			if _, err := db.CreateWebhookDelivery(s.sys, other.ID, ptr(int64(i+1)), switchboard.EventContactCreated, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		cursor, pages := "", 0
		for {
			page, err := db.FindWebhookDeliveries(s.admin, hook.ID, cursor, 3)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, d := range page.Items {
				if d.WebhookID != hook.ID {
					t.Errorf("delivery %d of webhook %d listed", d.ID, d.WebhookID)
				}
				got = append(got, d.ID)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if diff := cmp.Diff(want, got); diff != "" || pages != 3 {
			t.Errorf("pages = %d, deliveries (-want +got):\n%s", pages, diff)
		}
		page, err := db.FindWebhookDeliveries(s.admin, hook.ID, "", 0)
		if err != nil || len(page.Items) != 7 || page.NextCursor != "" {
			t.Errorf("default page: %d items, cursor %q, %v", len(page.Items), page.NextCursor, err)
		}
		_, err = db.FindWebhookDeliveries(s.admin, hook.ID, "not a cursor", 3)
		wantFieldErr(t, err, switchboard.EINVALID, "cursor")
		_, err = db.FindWebhookDeliveries(s.admin, hook.ID, "", 101)
		wantFieldErr(t, err, switchboard.EINVALID, "limit")
		empty, err := db.FindWebhookDeliveries(s.admin, hook.ID, cursor, 3)
		if err != nil || empty.Items == nil {
			t.Errorf("a page past the end: %+v, %v", empty, err)
		}
	})
}

// TestWebhookDisabledOnceConcurrently records the final failures that cross the threshold from
// several goroutines at once: on PostgreSQL they race for real, and the webhook is still
// disabled exactly once.
func TestWebhookDisabledOnceConcurrently(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://dead.example.com/hook")})
		const racers = 6
		var ids []int64
		for i := range switchboard.WebhookDisableAfter - 2 + racers {
			d, err := db.CreateWebhookDelivery(sys, hook.ID, ptr(int64(i+1)), switchboard.EventMessageCreated, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		fail := switchboard.WebhookAttempt{Status: 502, Final: true}
		for _, id := range ids[:switchboard.WebhookDisableAfter-2] {
			if _, err := db.RecordWebhookAttempt(sys, id, fail); err != nil {
				t.Fatal(err)
			}
		}
		errs := make(chan error, racers)
		for _, id := range ids[switchboard.WebhookDisableAfter-2:] {
			go func() {
				_, err := db.RecordWebhookAttempt(sys, id, fail)
				errs <- err
			}()
		}
		for range racers {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		h, err := db.FindWebhookByID(sys, hook.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Enabled || h.FailureStreak != switchboard.WebhookDisableAfter-2+racers {
			t.Errorf("after the race: %+v", h)
		}
		if n := len(webhookEvents(t, db, switchboard.EventWebhookDisabled)); n != 1 {
			t.Errorf("webhook.disabled emitted %d times, want once", n)
		}
	})
}
