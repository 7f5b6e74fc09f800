package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestMailServerChangeAsksForThePassword: through the API, pointing a mailbox at another server
// without its password again is a field error on the password; a server without TLS needs
// allow_insecure, and the inbox's health then warns of it.
func TestMailServerChangeAsksForThePassword(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Channels: channel.NewRegistry(&email.Connector{})}, func(t *testing.T, db *sqlstore.DB) {
		admin := newWorld(t, db).admin
		settings := map[string]any{"address": "help@shop.test", "imap_host": "imap.shop.test", "smtp_host": "smtp.shop.test"}
		var inbox switchboard.Inbox
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "email", "name": "Help desk", "settings": settings,
			"secrets": map[string]string{"password": "s3cr3t"}}).want(http.StatusCreated).into(&inbox)
		path := fmt.Sprintf("/api/v1/inboxes/%d", inbox.ID)

		settings["imap_host"] = "imap.elsewhere.example"
		e := admin.do("PATCH", path, map[string]any{"settings": settings}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if !strings.Contains(e.Error.Fields["secrets.password"], "imap_host") {
			t.Errorf("fields %v, want the password asked for again because of imap_host", e.Error.Fields)
		}
		admin.do("PATCH", path, map[string]any{"settings": settings, "secrets": map[string]string{"password": "s3cr3t"}}).want(http.StatusOK)

		settings["smtp_security"] = "none"
		e = admin.do("PATCH", path, map[string]any{"settings": settings, "secrets": map[string]string{"password": "s3cr3t"}}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		if e.Error.Fields["settings.smtp_security"] == "" {
			t.Errorf("fields %v, want smtp_security refused without allow_insecure", e.Error.Fields)
		}
		settings["allow_insecure"] = true
		admin.do("PATCH", path, map[string]any{"settings": settings, "secrets": map[string]string{"password": "s3cr3t"}}).want(http.StatusOK)
		var health switchboard.InboxHealth
		admin.do("GET", path+"/health", nil).want(http.StatusOK).into(&health)
		if len(health.Warnings) != 1 || !strings.HasPrefix(health.Warnings[0], "SMTP") {
			t.Errorf("health warnings %q, want one about SMTP", health.Warnings)
		}
	})
}
