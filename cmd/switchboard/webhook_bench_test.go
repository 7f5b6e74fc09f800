package main

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkInboundWebhooks measures sustained inbound WhatsApp webhooks per second through the
// real HTTP path: signature check, parsing, and one committed transaction per webhook (contact,
// conversation, message, events, raw payload) before the 200, from parallel connections as
// Meta opens them. Run it with
//
//	go test -run '^$' -bench InboundWebhooks -benchtime 3000x ./cmd/switchboard
func BenchmarkInboundWebhooks(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			_, url := e.Open(b, sqltest.Options{})
			a := start(b, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": b.TempDir(),
				"SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_LOG_LEVEL": "warn"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := waemu.New("106540352242922", "tok", "test_app_secret")
			emu.Client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": emu.PhoneNumberID},
				"secrets": obj{"access_token": "tok", "app_secret": emu.AppSecret}}, 201, &inbox)
			emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
			bodies := make([][]byte, b.N)
			for i := range bodies {
				bodies[i] = emu.Customer("Customer", fmt.Sprintf("55119%08d", i%500),
					obj{"id": fmt.Sprintf("wamid.B%08d", i), "type": "text", "text": obj{"body": "Where is my order?"}})
			}
			var next atomic.Int64
			b.SetParallelism(4) // 4 × GOMAXPROCS connections
			b.ResetTimer()
			began := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1) - 1
					if status, err := emu.Deliver(bodies[i]); err != nil || status != http.StatusOK {
						b.Errorf("webhook %d: %d %v", i, status, err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "webhooks/s")
		})
	}
}
