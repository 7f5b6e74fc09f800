package switchboard_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

func TestSignWebhook(t *testing.T) {
	t.Parallel()
	secret := "whsec_test-secret"
	at := time.Date(2025, 3, 1, 9, 30, 15, 999_000_000, time.UTC) // sub-second part is dropped
	body := []byte(`{"id":7,"type":"message.created"}`)

	// The vector, computed here from the definition rather than by the code under test.
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("1740821415." + string(body)))
	want := "t=1740821415,v1=" + hex.EncodeToString(m.Sum(nil))
	if got := switchboard.SignWebhook(secret, at, body); got != want {
		t.Errorf("SignWebhook = %q, want %q", got, want)
	}
	// A fixed vector, so a receiver in another language can check its implementation.
	if got := switchboard.SignWebhook("s3cret", time.Unix(1700000000, 0), []byte("{}")); got !=
		"t=1700000000,v1="+hexHMAC("s3cret", "1700000000.{}") {
		t.Errorf("SignWebhook(s3cret) = %q", got)
	}
	if a, b := switchboard.SignWebhook(secret, at, body), switchboard.SignWebhook(secret, at.In(time.FixedZone("X", 3600)), body); a != b {
		t.Errorf("the signature depends on the time zone: %q vs %q", a, b)
	}
}

func hexHMAC(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestVerifyWebhookSignature(t *testing.T) {
	t.Parallel()
	secret := "whsec_test-secret"
	now := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	body := []byte(`{"id":7,"type":"message.created"}`)
	valid := switchboard.SignWebhook(secret, now.Add(-time.Minute), body)
	ts := fmt.Sprint(now.Add(-time.Minute).Unix())
	sig := strings.TrimPrefix(valid, "t="+ts+",v1=")

	for _, tt := range []struct {
		name      string
		secret    string
		header    string
		body      []byte
		tolerance time.Duration
		want      error // nil: accepted
	}{
		{"valid", secret, valid, body, 0, nil},
		{"valid with spaces and an unknown version", secret, "t=" + ts + ", v0=abc, v1=" + sig, body, 0, nil},
		{"one of two signatures matches", secret, "t=" + ts + ",v1=" + hexHMAC("old", ts+"."+string(body)) + ",v1=" + sig, body, 0, nil},
		{"a little in the future", secret, switchboard.SignWebhook(secret, now.Add(time.Minute), body), body, 0, nil},
		{"altered body", secret, valid, []byte(`{"id":8,"type":"message.created"}`), 0, switchboard.ErrWebhookSignatureMismatch},
		{"body with a trailing newline", secret, valid, append(body, '\n'), 0, switchboard.ErrWebhookSignatureMismatch},
		{"wrong secret", "whsec_other", valid, body, 0, switchboard.ErrWebhookSignatureMismatch},
		{"altered timestamp", secret, "t=" + fmt.Sprint(now.Unix()) + ",v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMismatch},
		{"stale", secret, switchboard.SignWebhook(secret, now.Add(-6*time.Minute), body), body, 0, switchboard.ErrWebhookSignatureStale},
		{"stale for a tighter tolerance", secret, valid, body, 30 * time.Second, switchboard.ErrWebhookSignatureStale},
		{"fresh for a looser tolerance", secret, switchboard.SignWebhook(secret, now.Add(-time.Hour), body), body, 2 * time.Hour, nil},
		{"far future", secret, switchboard.SignWebhook(secret, now.Add(time.Hour), body), body, 0, switchboard.ErrWebhookSignatureStale},
		{"huge timestamp", secret, "t=9223372036854775807,v1=" + sig, body, 0, switchboard.ErrWebhookSignatureStale},
		{"hugely negative timestamp", secret, "t=-9223372036854775808,v1=" + sig, body, 0, switchboard.ErrWebhookSignatureStale},
		{"empty", secret, "", body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"no timestamp", secret, "v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"no signature", secret, "t=" + ts, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"timestamp not a number", secret, "t=yesterday,v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"timestamp with a sign", secret, "t=+" + ts + ",v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"two timestamps", secret, "t=" + ts + ",t=" + ts + ",v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"signature not hex", secret, "t=" + ts + ",v1=" + strings.Repeat("z", 64), body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"signature too short", secret, "t=" + ts + ",v1=" + sig[:62], body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"no equals sign", secret, "t" + ts + ",v1=" + sig, body, 0, switchboard.ErrWebhookSignatureMalformed},
		{"upper-case hex is the same bytes", secret, "t=" + ts + ",v1=" + strings.ToUpper(sig), body, 0, nil},
		{"huge header", secret, valid + strings.Repeat(",x=y", 2000), body, 0, switchboard.ErrWebhookSignatureMalformed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := switchboard.VerifyWebhookSignature(tt.secret, tt.header, tt.body, now, tt.tolerance)
			if tt.want == nil {
				if err != nil {
					t.Errorf("rejected: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestWebhookInputValidate(t *testing.T) {
	t.Parallel()
	ptr := func(s string) *string { return &s }
	events := []switchboard.EventType{"message.created", "webhook.test", "contact.created", "message.created"}
	orig := events
	in := switchboard.WebhookInput{URL: ptr("  HTTPS://Example.com:8443/in  "), Description: ptr(" CRM "), Events: &events}
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	if *in.URL != "HTTPS://Example.com:8443/in" || *in.Description != "CRM" {
		t.Errorf("normalised to %q, %q", *in.URL, *in.Description)
	}
	if got := fmt.Sprint(*in.Events); got != "[contact.created message.created webhook.test]" {
		t.Errorf("events = %s, want sorted without duplicates", got)
	}
	if orig[0] != "message.created" || len(orig) != 4 {
		t.Errorf("Validate sorted the caller's array in place: %v", orig)
	}
	none := []switchboard.EventType{}
	if err := (&switchboard.WebhookInput{Events: &none}).Validate(false); err != nil {
		t.Errorf("an empty list (every type) on update: %v", err)
	}
	for name, tt := range map[string]struct {
		in    switchboard.WebhookInput
		field string
	}{
		"no url":        {switchboard.WebhookInput{}, "url"},
		"mailto":        {switchboard.WebhookInput{URL: ptr("mailto:ops@example.com")}, "url"},
		"scheme only":   {switchboard.WebhookInput{URL: ptr("https://")}, "url"},
		"port only":     {switchboard.WebhookInput{URL: ptr("https://:443/in")}, "url"},
		"not a url":     {switchboard.WebhookInput{URL: ptr("https://exa mple.com/%zz")}, "url"},
		"unknown event": {switchboard.WebhookInput{URL: ptr("https://example.com"), Events: &[]switchboard.EventType{"message.*"}}, "events"},
	} {
		err := tt.in.Validate(true)
		if switchboard.ErrorCode(err) != switchboard.EINVALID || switchboard.ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: err = %v, want %s invalid", name, err, tt.field)
		}
	}
}

func TestWebhookSubscribes(t *testing.T) {
	t.Parallel()
	all := &switchboard.Webhook{}
	some := &switchboard.Webhook{Events: []switchboard.EventType{switchboard.EventMessageCreated}}
	if !all.Subscribes(switchboard.EventContactDeleted) || !some.Subscribes(switchboard.EventMessageCreated) ||
		some.Subscribes(switchboard.EventMessageUpdated) {
		t.Error("an empty list subscribes to everything, a list to its types only")
	}
}
