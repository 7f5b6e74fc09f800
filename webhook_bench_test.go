package switchboard_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// BenchmarkWebhookSignature measures the Switchboard-Signature of outgoing webhooks:
// SignWebhook, which the sender computes on every delivery attempt, and
// VerifyWebhookSignature, which receivers run (HMAC-SHA256 of "<unix seconds>.<body>" keyed by
// the webhook's secret). The body is a message.created payload as the store builds it, its
// message's text grown until the body is about 2 KiB. Before timing, a body changed by one byte
// must fail verification. Run it with
//
//	go test -run '^$' -bench WebhookSignature -benchmem .
func BenchmarkWebhookSignature(b *testing.B) {
	const secret = "whsec_0123456789abcdef0123456789abcdef"
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	id := func(v int64) *int64 { return &v }
	msg := &switchboard.Message{ID: 500012, ConversationID: 100002, InboxID: 3, Direction: switchboard.DirectionIncoming,
		Kind: switchboard.KindText, SenderType: switchboard.SenderContact, SenderID: id(50001), SenderName: "Customer 00042",
		Text:       "Hello, about order ORD-150000: the parcel has not arrived and the tracking page shows no update.",
		ProviderID: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMDg5QTk4RTcwOTY5NjFFQTQ0AA==", CreatedAt: at, UpdatedAt: at}
	var body []byte
	for len(body) < 2048 {
		data, err := json.Marshal(msg)
		if err != nil {
			b.Fatal(err)
		}
		body, err = json.Marshal(switchboard.WebhookPayload{ID: "dlv_01JNQ8ZK6W3V2T7Y5R4X9M1B0C", Type: "message.created",
			EventID: id(912345), InboxID: id(3), ConversationID: id(100002), Data: data, CreatedAt: at})
		if err != nil {
			b.Fatal(err)
		}
		msg.Text += " Still nothing today."
	}
	header := switchboard.SignWebhook(secret, at, body)
	forged := []byte(strings.Replace(string(body), "ORD-150000", "ORD-150001", 1))
	if err := switchboard.VerifyWebhookSignature(secret, header, forged, at, 0); err == nil {
		b.Fatal("a changed body passed verification")
	}
	b.Run("sign", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if switchboard.SignWebhook(secret, at, body) != header {
				b.Fatal("the signature changed")
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if err := switchboard.VerifyWebhookSignature(secret, header, body, at, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
