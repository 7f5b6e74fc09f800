package whatsapp_test

import (
	"bytes"
	"testing"

	"github.com/switchboardhq/switchboard/channel/whatsapp"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// BenchmarkVerifySignature measures the X-Hub-Signature-256 check every Meta webhook passes
// before it is parsed: HMAC-SHA256 of the raw body keyed by the app secret, compared in constant
// time. The body is a customer's text message as the emulator builds it, its text grown until
// the body is about 2 KiB. Before timing, a body changed by one byte must fail the check. Run it
// with
//
//	go test -run '^$' -bench VerifySignature -benchmem ./channel/whatsapp/
func BenchmarkVerifySignature(b *testing.B) {
	const secret = "0123456789abcdef0123456789abcdef"
	emu := waemu.New("106540352242922", "token", secret)
	text := "Hello, about order ORD-150000: the parcel has not arrived and the tracking page shows no update."
	var body []byte
	for len(body) < 2048 {
		body = emu.Customer("Customer 00042", "5511987654321",
			map[string]any{"id": "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMDg5QTk4RTcwOTY5NjFFQTQ0AA==", "type": "text",
				"text": map[string]any{"body": text}})
		text += " Still nothing today."
	}
	header := whatsapp.Sign(secret, body)
	forged := bytes.Replace(body, []byte("ORD-150000"), []byte("ORD-150001"), 1)
	if err := whatsapp.VerifySignature(secret, header, forged); err == nil {
		b.Fatal("a changed body passed the signature check")
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := whatsapp.VerifySignature(secret, header, body); err != nil {
			b.Fatal(err)
		}
	}
}
