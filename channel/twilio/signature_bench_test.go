package twilio_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard/channel/twilio"
	twemu "github.com/switchboardhq/switchboard/emulator/twilio"
)

// BenchmarkVerifySignature measures the X-Twilio-Signature check every Twilio webhook passes:
// HMAC-SHA1 over the configured URL followed by the sorted form parameters, compared in
// constant time, from the form as ReadWebhook has parsed it. The form is an incoming WhatsApp
// message as the emulator builds it plus the profile fields Twilio adds, its Body grown until
// the encoded form is about 2 KiB. Three cases: the signature matches the URL as configured
// ("match"); Twilio signed the URL with the default port that a proxy dropped, so the second
// URL variant matches ("port-variant"); and a forged signature, which computes every variant
// ("forged"). Each case is checked for its answer. Run it with
//
//	go test -run '^$' -bench VerifySignature -benchmem ./channel/twilio/
func BenchmarkVerifySignature(b *testing.B) {
	const token, hook = "twilio-auth-token-0123456789abcd", "https://inbox.example.com/api/v1/inboxes/7/webhook"
	emu := twemu.New("AC00000000000000000000000000000001", token)
	text := "Hello, about order ORD-150000: the parcel has not arrived and the tracking page shows no update."
	form := url.Values{}
	for len(form.Encode()) < 2048 {
		form = emu.Incoming("whatsapp:+5511987654321", "whatsapp:+15550001111", text)
		form.Set("ProfileName", "Customer 00042")
		form.Set("WaId", "5511987654321")
		form.Set("MessageType", "text")
		text += " Still nothing today."
	}
	withPort := strings.Replace(hook, "example.com/", "example.com:443/", 1)
	for _, c := range []struct {
		name, signature string
		ok              bool
	}{
		{"match", twilio.Sign(token, hook, form), true},
		{"port-variant", twilio.Sign(token, withPort, form), true},
		{"forged", twilio.Sign("another-token", hook, form), false},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(form.Encode())))
			for b.Loop() {
				if err := twilio.VerifySignature(token, hook, form, c.signature); (err == nil) != c.ok {
					b.Fatalf("VerifySignature: %v, want ok=%v", err, c.ok)
				}
			}
		})
	}
}
