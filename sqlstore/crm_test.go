package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestCRMSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		s, err := db.FindCRMSettings(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if s.LinkTemplate != "" || s.LookupURL != "" || s.SecretSet {
			t.Errorf("default settings = %+v", s)
		}
		if _, err := db.FindCRMSettings(w.annCtx); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("agent reads settings: %v", err)
		}
		if _, err := db.SetCRMSettings(w.annCtx, &switchboard.CRMSettingsInput{LinkLabel: ptr("x")}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("agent changes settings: %v", err)
		}
		if _, _, err := db.CRMConfig(w.adminCtx); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("admin reads the secret: %v", err)
		}

		// A lookup URL needs a secret; nothing is saved from a refused change.
		_, err = db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{LinkTemplate: ptr("https://crm.example.com/c/{email}"),
			LookupURL: ptr("https://crm.example.com/lookup")})
		if e := (*switchboard.Error)(nil); !asError(err, &e) || e.Fields["secret"] == "" {
			t.Fatalf("lookup without a secret: %v", err)
		}
		if s, _ := db.FindCRMSettings(w.adminCtx); s.LinkTemplate != "" {
			t.Errorf("refused change was saved: %+v", s)
		}
		_, err = db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{LinkTemplate: ptr("javascript:alert(1)//{email}")})
		if switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("javascript template: %v", err)
		}

		s, err = db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{LinkTemplate: ptr(" https://crm.example.com/c/{email} "),
			LinkLabel: ptr("Open in Acme"), LookupURL: ptr("https://crm.example.com/lookup"), Secret: ptr("0123456789abcdef-secret")})
		if err != nil {
			t.Fatal(err)
		}
		if s.LinkTemplate != "https://crm.example.com/c/{email}" || !s.SecretSet || s.LinkLabel != "Open in Acme" {
			t.Errorf("saved = %+v", s)
		}
		cfg, secret, err := db.CRMConfig(w.sys)
		if err != nil || secret != "0123456789abcdef-secret" || cfg.LookupURL != "https://crm.example.com/lookup" {
			t.Fatalf("config = %+v %q %v", cfg, secret, err)
		}

		// Outcomes are recorded for the admin, and cleared by the next save.
		if err := db.RecordCRMLookup(w.sys, strings.Repeat("é", 400)); err != nil {
			t.Fatal(err)
		}
		s, _ = db.FindCRMSettings(w.adminCtx)
		if s.LastErrorAt == nil || len(s.LastError) > 500 || !strings.HasPrefix(s.LastError, "é") {
			t.Errorf("after an error = %+v", s)
		}
		if err := db.RecordCRMLookup(w.sys, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordCRMLookup(w.adminCtx, "x"); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("admin records an outcome: %v", err)
		}
		s, _ = db.FindCRMSettings(w.adminCtx)
		if s.LastSuccessAt == nil {
			t.Errorf("after a success = %+v", s)
		}

		// Fields left out stay; removing the secret needs the lookup off.
		s, err = db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{LinkLabel: ptr("")})
		if err != nil || !s.SecretSet || s.LookupURL == "" || s.LastError != "" || s.LastSuccessAt != nil {
			t.Fatalf("label only = %+v %v", s, err)
		}
		if _, err := db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{Secret: ptr("")}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("secret removed under a lookup: %v", err)
		}
		s, err = db.SetCRMSettings(w.adminCtx, &switchboard.CRMSettingsInput{Secret: ptr(""), LookupURL: ptr("")})
		if err != nil || s.SecretSet || s.LookupURL != "" {
			t.Fatalf("lookup off = %+v %v", s, err)
		}
		if _, secret, _ := db.CRMConfig(w.sys); secret != "" {
			t.Errorf("secret kept: %q", secret)
		}
	})
}
