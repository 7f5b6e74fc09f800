package twilio

import (
	"net/url"
	"testing"
)

func TestSignatureVector(t *testing.T) {
	// The test vector of shared/channels/twilio.md §1.1.
	params := url.Values{"From": {"+15550001111"}, "To": {"+15550002222"}, "Body": {"Hi"},
		"MessageSid": {"SM00000000000000000000000000000001"}, "AccountSid": {"AC00000000000000000000000000000001"}, "NumMedia": {"0"}}
	const u, want = "https://example.com/twilio/sms", "L1sLhxmj9NjDsnIYcTAOxx1vghY="
	if got := Sign("test_auth_token", u, params); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if err := VerifySignature("test_auth_token", u, params, want); err != nil {
		t.Errorf("the documented vector fails: %v", err)
	}
	// Twilio's libraries accept the URL with the default port added or dropped by a proxy.
	if err := VerifySignature("test_auth_token", "https://example.com:443/twilio/sms", params, want); err != nil {
		t.Errorf("with :443: %v", err)
	}
	altered := url.Values{}
	for k, v := range params {
		altered[k] = v
	}
	altered.Set("Body", "Hi!")
	for name, tc := range map[string]struct {
		token, url, sig string
		params          url.Values
	}{
		"altered body":  {"test_auth_token", u, want, altered},
		"other URL":     {"test_auth_token", "https://example.com/twilio/whatsapp", want, params},
		"other token":   {"another token", u, want, params},
		"no signature":  {"test_auth_token", u, "", params},
		"no token":      {"", u, want, params},
		"added a param": {"test_auth_token", u, want, url.Values{"From": {"+15550001111"}, "X": {"1"}}},
	} {
		if err := VerifySignature(tc.token, tc.url, tc.params, tc.sig); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzInbound(f *testing.F) {
	f.Add("MessageSid=SM1&From=whatsapp%3A%2B6285100000000&Body=Confirm&ButtonPayload=confirm_42&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm&MediaContentType0=image%2Fjpeg")
	f.Add("MessageSid=SM2&MessageStatus=undelivered&ErrorCode=30006")
	f.Add("Latitude=-23.5&Longitude=x&NumMedia=99")
	f.Fuzz(func(t *testing.T, body string) {
		p, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in := inboundOf(p)
		if in == nil || len(in.Attachments) > 11 {
			t.Fatalf("inbound %+v", in)
		}
		_ = statusOf(p, "")
	})
}
