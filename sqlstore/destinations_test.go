package sqlstore_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/apichannel"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// connectors are the real channels, with their rules about where secrets go.
func connectors() *channel.Registry {
	return channel.NewRegistry(&whatsapp.Connector{}, &email.Connector{}, &apichannel.Connector{})
}

// TestMovingASecretRequiresEnteringItAgain: secrets are write-only, so an update that changes
// where one is sent (an API address, a mail server) must carry it again; otherwise whoever
// changes settings could have it sent to a host of theirs. Settings that move nothing need no
// secret, and a secret Switchboard obtained itself (an OAuth refresh token) is forgotten instead.
func TestMovingASecretRequiresEnteringItAgain(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Channels: connectors()}, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		create := func(kind switchboard.ChannelKind, settings string, secrets map[string]string) *switchboard.Inbox {
			t.Helper()
			in, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: kind, Name: ptr(string(kind)), Settings: json.RawMessage(settings), Secrets: secrets})
			if err != nil {
				t.Fatalf("create %s inbox: %v", kind, err)
			}
			return in
		}
		update := func(in *switchboard.Inbox, settings string, secrets map[string]string) (*switchboard.Inbox, error) {
			return db.UpdateInbox(s.admin, in.ID, &switchboard.InboxInput{Settings: json.RawMessage(settings), Secrets: secrets})
		}
		secretOf := func(in *switchboard.Inbox, name string) string {
			t.Helper()
			secrets, err := db.InboxSecrets(s.sys, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			return secrets[name]
		}

		t.Run("a provider's API address", func(t *testing.T) {
			wa := create(switchboard.ChannelWhatsApp, `{"phone_number_id":"123"}`, map[string]string{"access_token": "EAAG-real", "app_secret": "app"})
			_, err := update(wa, `{"phone_number_id":"123","api_base_url":"https://graph.attacker.example"}`, nil)
			wantFieldErr(t, err, switchboard.EINVALID, "secrets.access_token")
			if msg := switchboard.ErrorFields(err)["secrets.access_token"]; !strings.Contains(msg, "api_base_url") {
				t.Errorf("the field error %q does not say which change moved it", msg)
			}
			if got := string(mustFind(t, db, s, wa.ID).Settings); strings.Contains(got, "attacker") {
				t.Errorf("a refused update changed the settings: %s", got)
			}
			// The same place written otherwise, or another version of the API, moves nothing.
			for _, same := range []string{`{"phone_number_id":"123","api_base_url":"https://GRAPH.facebook.com:443/"}`, `{"phone_number_id":"123","api_version":"v24.0"}`} {
				if _, err := update(wa, same, nil); err != nil {
					t.Errorf("%s: %v", same, err)
				}
			}
			// Entering the token again (or removing it) lets the address change.
			if _, err := update(wa, `{"phone_number_id":"123","api_base_url":"https://graph.example"}`, map[string]string{"access_token": "EAAG-new"}); err != nil {
				t.Fatal(err)
			}
			if got := secretOf(wa, "access_token"); got != "EAAG-new" {
				t.Errorf("access token %q, want the one entered with the move", got)
			}
			if _, err := update(wa, `{"phone_number_id":"123"}`, map[string]string{"access_token": ""}); err != nil {
				t.Errorf("moving back while removing the token: %v", err)
			}
		})

		t.Run("the API channel's outbound URL", func(t *testing.T) {
			api := create(switchboard.ChannelAPI, `{"outbound_url":"https://crm.example.com/hook"}`, map[string]string{"signing_secret": "whsec"})
			_, err := update(api, `{"outbound_url":"https://elsewhere.example/hook"}`, nil)
			wantFieldErr(t, err, switchboard.EINVALID, "secrets.signing_secret")
			if _, err := update(api, `{"outbound_url":"https://crm.example.com/v2/hook"}`, nil); err != nil {
				t.Errorf("another path on the same host: %v", err)
			}
			// Loopback, in any spelling, is refused as it is saved.
			for _, u := range []string{"http://127.0.0.1:8080/", "http://2130706433/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/"} {
				_, err := update(api, `{"outbound_url":"`+u+`"}`, map[string]string{"signing_secret": "whsec"})
				wantFieldErr(t, err, switchboard.EINVALID, "settings.outbound_url")
			}
		})

		t.Run("a mail server", func(t *testing.T) {
			const base = `"address":"support@shop.test","imap_host":"imap.shop.test","smtp_host":"smtp.shop.test"`
			mail := create(switchboard.ChannelEmail, `{`+base+`}`, map[string]string{"password": "hunter2"})
			for _, settings := range []string{
				`{"address":"support@shop.test","imap_host":"imap.attacker.example","smtp_host":"smtp.shop.test"}`,
				`{` + base + `,"smtp_port":2525}`,
			} {
				_, err := update(mail, settings, nil)
				wantFieldErr(t, err, switchboard.EINVALID, "secrets.password")
			}
			if _, err := update(mail, `{`+base+`,"folder":"Support","smtp_port":587,"imap_port":993}`, nil); err != nil {
				t.Errorf("a folder and the default ports: %v", err)
			}
			// Security none sends the password in clear: only with allow_insecure, and with the
			// password entered again (the place changed), and health warns of it.
			_, err := update(mail, `{`+base+`,"imap_security":"none"}`, map[string]string{"password": "hunter2"})
			wantFieldErr(t, err, switchboard.EINVALID, "settings.imap_security")
			_, err = update(mail, `{`+base+`,"imap_security":"none","allow_insecure":true}`, nil)
			wantFieldErr(t, err, switchboard.EINVALID, "secrets.password")
			if _, err := update(mail, `{`+base+`,"imap_security":"none","allow_insecure":true}`, map[string]string{"password": "hunter2"}); err != nil {
				t.Fatal(err)
			}
			h, err := db.FindInboxHealth(s.admin, mail.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Warnings) != 1 || !strings.Contains(h.Warnings[0], "IMAP") || !strings.Contains(h.Warnings[0], "without encryption") {
				t.Errorf("health warnings %q, want one about IMAP in clear", h.Warnings)
			}
			if h, _ := db.FindInboxHealth(s.admin, create(switchboard.ChannelEmail, `{`+base+`}`, nil).ID); h == nil || len(h.Warnings) != 0 {
				t.Errorf("a mailbox over TLS has warnings: %+v", h)
			}
		})

		t.Run("an OAuth mailbox", func(t *testing.T) {
			const base = `"address":"support@shop.test","auth":"google","oauth_client_id":"cid","smtp_host":"smtp.gmail.com"`
			mail := create(switchboard.ChannelEmail, `{`+base+`,"imap_host":"imap.gmail.com"}`, map[string]string{"oauth_client_secret": "cs"})
			if _, err := db.UpdateInbox(s.admin, mail.ID, &switchboard.InboxInput{Secrets: map[string]string{"oauth_refresh_token": "rt"}}); err != nil {
				t.Fatal(err)
			}
			// Its access tokens would go to the new server: the refresh token is forgotten, and
			// the mailbox must be connected again.
			up, err := update(mail, `{`+base+`,"imap_host":"imap.attacker.example"}`, nil)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(up.SecretNames, "oauth_refresh_token") || !slices.Contains(up.SecretNames, "oauth_client_secret") {
				t.Errorf("secrets after the move: %v, want the refresh token forgotten", up.SecretNames)
			}
			if got := secretOf(mail, "oauth_refresh_token"); got != "" {
				t.Errorf("the refresh token is still stored: %q", got)
			}
			_, err = update(mail, `{`+base+`,"imap_host":"imap.attacker.example","oauth_token_url":"https://token.attacker.example/token"}`, nil)
			wantFieldErr(t, err, switchboard.EINVALID, "secrets.oauth_client_secret")
		})
	})
}

func mustFind(t *testing.T, db *sqlstore.DB, s *staff, id int64) *switchboard.Inbox {
	t.Helper()
	in, err := db.FindInboxByID(s.admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return in
}
