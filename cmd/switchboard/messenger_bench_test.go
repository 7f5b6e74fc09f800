package main

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkMessengerWebhooks measures sustained inbound Messenger webhooks per second through the
// real HTTP path, as BenchmarkInboundWebhooks does for WhatsApp: both signatures checked, the
// page envelope parsed, one committed transaction per webhook before the 200, from parallel
// connections. A burst of 500 customers' text messages. Run it with
//
//	go test -run '^$' -bench MessengerWebhooks -benchtime 3000x ./cmd/switchboard
func BenchmarkMessengerWebhooks(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			_, url := e.Open(b, sqltest.Options{})
			w := newMessenger(b, url, false)
			w.emu.Client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
			bodies := make([][]byte, b.N)
			for i := range bodies {
				bodies[i] = w.emu.Envelope(w.emu.Text(fmt.Sprintf("70010020%08d", i%500), fmt.Sprintf("m_B%08d", i), "Where is my order?", time.Time{}))
			}
			var next atomic.Int64
			b.SetParallelism(4) // 4 × GOMAXPROCS connections
			b.ResetTimer()
			began := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1) - 1
					if status, err := w.emu.Deliver(bodies[i]); err != nil || status != http.StatusOK {
						b.Errorf("webhook %d: %d %v", i, status, err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "webhooks/s")
		})
	}
}
