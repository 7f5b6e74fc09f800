package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// createdWebhook is the answer of POST /webhooks and of rotate-secret.
type createdWebhook struct {
	Webhook switchboard.Webhook `json:"webhook"`
	Secret  string              `json:"secret"`
}

func TestWebhooks(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		admin := a.setup()

		var created createdWebhook
		admin.do("POST", "/api/v1/webhooks", map[string]any{"url": "https://crm.example.com/hooks/sb?key=k3y",
			"description": "CRM", "events": []string{"message.created", "contact.created"}}).want(http.StatusCreated).into(&created)
		hook, secret := created.Webhook, created.Secret
		if !strings.HasPrefix(secret, "whsec_") || hook.SecretPrefix == "" || !strings.HasPrefix(secret, hook.SecretPrefix) ||
			!hook.Enabled || len(hook.Events) != 2 || hook.Description != "CRM" {
			t.Fatalf("created %+v with secret %q", hook, secret)
		}
		path := fmt.Sprintf("/api/v1/webhooks/%d", hook.ID)

		t.Run("the secret is shown once", func(t *testing.T) {
			admin := admin.on(t)
			for _, p := range []string{"/api/v1/webhooks", path} {
				if r := admin.do("GET", p, nil).want(http.StatusOK); strings.Contains(string(r.body), secret) {
					t.Errorf("GET %s shows the secret: %s", p, r.body)
				}
			}
			var list struct {
				Items []switchboard.Webhook `json:"items"`
			}
			admin.do("GET", "/api/v1/webhooks", nil).want(http.StatusOK).into(&list)
			if len(list.Items) != 1 || list.Items[0].ID != hook.ID {
				t.Errorf("list = %+v", list.Items)
			}
		})

		t.Run("validation", func(t *testing.T) {
			admin := admin.on(t)
			for _, tt := range []struct {
				body  any
				field string
			}{
				{map[string]any{}, "url"},
				{map[string]any{"url": "crm.example.com/hooks"}, "url"},
				{map[string]any{"url": "https://crm.example.com", "events": []string{"message.sent"}}, "events"},
				{map[string]any{"url": "https://crm.example.com", "secret": "mine"}, "secret"},
				{map[string]any{"url": "https://crm.example.com", "enabled": "yes"}, "enabled"},
			} {
				e := admin.do("POST", "/api/v1/webhooks", tt.body).wantError(http.StatusBadRequest, switchboard.EINVALID)
				if e.Error.Fields[tt.field] == "" {
					t.Errorf("POST %v: fields %v, want %s named", tt.body, e.Error.Fields, tt.field)
				}
			}
			admin.do("PATCH", path, map[string]any{"url": "ftp://crm.example.com"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		})

		t.Run("update and rotate", func(t *testing.T) {
			admin := admin.on(t)
			var up switchboard.Webhook
			admin.do("PATCH", path, map[string]any{"events": []string{}, "enabled": false}).want(http.StatusOK).into(&up)
			if up.Enabled || up.DisabledAt == nil || len(up.Events) != 0 || up.URL != hook.URL {
				t.Errorf("patched %+v", up)
			}
			admin.do("PATCH", path, map[string]any{"enabled": true}).want(http.StatusOK).into(&up)
			if !up.Enabled || up.DisabledAt != nil {
				t.Errorf("enabled again %+v", up)
			}
			var rotated createdWebhook
			admin.do("POST", path+"/rotate-secret", nil).want(http.StatusOK).into(&rotated)
			if rotated.Secret == secret || !strings.HasPrefix(rotated.Secret, rotated.Webhook.SecretPrefix) || rotated.Webhook.ID != hook.ID {
				t.Errorf("rotated %+v (old secret %q)", rotated, secret)
			}
			if sys, err := db.WebhookSecret(switchboard.NewSystemContext(context.Background()), hook.ID); err != nil || sys != rotated.Secret {
				t.Errorf("stored secret = %q, %v; want the rotated one", sys, err)
			}
		})

		t.Run("test deliveries and their list", func(t *testing.T) {
			admin := admin.on(t)
			var ids []int64
			for range 3 {
				var d switchboard.WebhookDelivery
				admin.do("POST", path+"/test", nil).want(http.StatusAccepted).into(&d)
				if d.WebhookID != hook.ID || d.EventType != switchboard.EventWebhookTest || d.EventID != nil ||
					d.State != switchboard.WebhookPending || !strings.HasPrefix(d.DeliveryID, "whd_") {
					t.Errorf("test delivery %+v", d)
				}
				ids = append([]int64{d.ID}, ids...)
			}
			var got []int64
			cursor := ""
			for {
				var page switchboard.WebhookDeliveryPage
				admin.do("GET", path+"/deliveries?limit=2&cursor="+cursor, nil).want(http.StatusOK).into(&page)
				for _, d := range page.Items {
					if d.EventType == switchboard.EventWebhookTest { // earlier subtests' events were delivered too
						got = append(got, d.ID)
					}
				}
				if page.NextCursor == "" {
					break
				}
				cursor = page.NextCursor
			}
			if fmt.Sprint(got) != fmt.Sprint(ids) {
				t.Errorf("deliveries %v, want newest first %v", got, ids)
			}
			admin.do("GET", path+"/deliveries?limit=500", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			admin.do("GET", path+"/deliveries?limit=ten", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			admin.do("GET", path+"/deliveries?cursor=nope", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			admin.do("GET", path+"/deliveries?state=failed", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		})

		t.Run("the event log names webhooks without their URL or secret", func(t *testing.T) {
			admin.on(t).do("POST", "/api/v1/agents", map[string]string{"name": "Ann", "email": "ann@team.test", "password": password}).
				want(http.StatusCreated)
			ann := a.login("ann@team.test").on(t)
			r := ann.do("GET", "/api/v1/events", nil).want(http.StatusOK)
			if !strings.Contains(string(r.body), string(switchboard.EventWebhookChanged)) {
				t.Errorf("no webhook.changed event: %s", r.body)
			}
			if strings.Contains(string(r.body), "crm.example.com") || strings.Contains(string(r.body), "whsec_") {
				t.Errorf("the event log shows a webhook's URL or secret to an agent: %s", r.body)
			}
		})

		t.Run("delete", func(t *testing.T) {
			admin := admin.on(t)
			admin.do("DELETE", path, nil).want(http.StatusNoContent)
			admin.do("GET", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("DELETE", path, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("POST", path+"/test", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("GET", path+"/deliveries", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("POST", path+"/rotate-secret", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			admin.do("GET", "/api/v1/webhooks/abc", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})
	})
}
