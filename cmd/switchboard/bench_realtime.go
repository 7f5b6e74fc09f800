package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// The ingest and realtime figures: webhooks as Meta sends them, and events as agents receive them.

// whatsappInbox creates a WhatsApp inbox that agent 4 belongs to, and the emulator that signs
// its webhooks.
func (b *benchRun) whatsappInbox(ctx context.Context) (*waemu.Server, error) {
	emu := waemu.New("106540352242922", "bench-token", "bench-app-secret")
	emu.Client = &http.Client{Transport: benchTransport, Timeout: time.Minute}
	var inbox struct{ ID int64 }
	if err := b.admin.do(ctx, "POST", "/api/v1/inboxes", nil, map[string]any{"kind": "whatsapp", "name": "WhatsApp",
		"settings": map[string]any{"phone_number_id": emu.PhoneNumberID},
		"secrets":  map[string]any{"access_token": "bench-token", "app_secret": emu.AppSecret}}, http.StatusCreated, &inbox); err != nil {
		return nil, err
	}
	if err := b.admin.do(ctx, "PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", inbox.ID), nil,
		map[string]any{"agent_ids": []int{1, 4}, "team_ids": []int{}}, http.StatusOK, nil); err != nil {
		return nil, err
	}
	emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", b.srv.base, inbox.ID)
	return emu, nil
}

// webhook builds customer message n's webhook, from one of 500 customers.
func webhook(emu *waemu.Server, n int, text string) []byte {
	return emu.Customer("Customer", fmt.Sprintf("55119%08d", n%500),
		map[string]any{"id": fmt.Sprintf("wamid.bench%09d", n), "type": "text", "text": map[string]any{"body": text}})
}

// ingest sends webhooks from --webhook-connections connections at once, each as fast as it is
// answered, as Meta delivers a busy number's webhooks.
func (b *benchRun) ingest(ctx context.Context) error {
	emu, err := b.whatsappInbox(ctx)
	if err != nil {
		return err
	}
	b.wa = emu
	if err := b.createRules(ctx); err != nil {
		return err
	}
	n := b.opts.webhooks
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = webhook(emu, i, "Where is my order? I paid the invoice last week.")
	}
	began := time.Now()
	if err := parallel(b.opts.webhookConns, n, func(i int) error {
		if status, err := emu.Deliver(bodies[i]); err != nil || status != http.StatusOK {
			return fmt.Errorf("webhook %d: status %d, %v", i, status, err)
		}
		return nil
	}); err != nil {
		return err
	}
	el := time.Since(began)
	rate := float64(n) / el.Seconds()
	b.add(benchRow{op: fmt.Sprintf("inbound WhatsApp webhooks, sustained (%d from %d connections)", n, b.opts.webhookConns), rate: perSecond(rate, "msg/s"),
		target: "≥ 2000 msg/s", met: yesNo(rate >= 2000)})
	b.progress("inbound webhooks: %.0f/s", rate)
	if b.opts.rules > 0 {
		return b.rulesDrained(ctx, began, n)
	}
	return nil
}

// webhookToFrame sends webhooks at a steady rate and times each from just before it is sent to
// its message.created event arriving on agent 4's WebSocket.
func (b *benchRun) webhookToFrame(ctx context.Context) error {
	if b.wa == nil {
		var err error
		if b.wa, err = b.whatsappInbox(ctx); err != nil {
			return err
		}
	}
	conn, err := b.dial(ctx, b.me.auth, http.DefaultTransport)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	total := b.opts.probeRate * 5
	sink := newProbeSink("latency probe ", total)
	sent := make([]atomic.Int64, total)
	var arrived atomic.Int64
	go func() {
		for {
			_, frame, err := conn.Read(ctx)
			if err != nil {
				return
			}
			if k := sink.number(frame); k >= 0 {
				sink.mark(k, time.Now())
				arrived.Add(1)
			}
		}
	}()
	bodies := make([][]byte, total)
	for i := range bodies {
		bodies[i] = webhook(b.wa, b.opts.webhooks+i, fmt.Sprintf("latency probe %d", i))
	}
	jobs := make(chan int, total)
	var failed atomic.Value
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				sent[i].Store(time.Now().UnixNano())
				if status, err := b.wa.Deliver(bodies[i]); err != nil || status != http.StatusOK {
					failed.CompareAndSwap(nil, fmt.Errorf("webhook %d: status %d, %v", i, status, err))
				}
			}
		}()
	}
	interval := time.Second / time.Duration(b.opts.probeRate)
	began := time.Now()
	for i := range total {
		time.Sleep(time.Until(began.Add(time.Duration(i) * interval)))
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	paced := time.Since(began)
	if err, _ := failed.Load().(error); err != nil {
		return err
	}
	for deadline := time.Now().Add(30 * time.Second); arrived.Load() < int64(total); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("webhook → WebSocket: %d of %d events arrived", arrived.Load(), total)
		}
	}
	s := make(sample, total)
	for i := range s {
		s[i] = time.Duration(sink.at[i].Load() - sent[i].Load())
	}
	b.add(benchRow{op: fmt.Sprintf("webhook → agent's WebSocket frame at %d msg/s", b.opts.probeRate), p50: ms(s.pct(0.5)), p99: ms(s.pct(0.99)),
		rate: perSecond(float64(total)/paced.Seconds(), "msg/s"), target: "p99 ≤ 50 ms", met: yesNo(s.pct(0.99) <= 50*time.Millisecond)})
	b.progress("webhook → frame: p50 %s, p99 %s", ms(s.pct(0.5)), ms(s.pct(0.99)))
	return nil
}

// dial opens the event stream with the given credentials over connections of the transport.
func (b *benchRun) dial(ctx context.Context, auth http.Header, transport http.RoundTripper) (*websocket.Conn, error) {
	conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(b.srv.base, "http")+"/api/v1/ws",
		&websocket.DialOptions{HTTPHeader: auth, HTTPClient: &http.Client{Transport: transport, Timeout: time.Minute}})
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("websocket: %w (status %d)", err, res.StatusCode)
		}
		return nil, fmt.Errorf("websocket: %w", err)
	}
	conn.SetReadLimit(1 << 20)
	return conn, nil
}

// fanoutProbes is how many events are fanned out to every connection of the load figure, the
// first fanoutWarmup of them unmeasured. Arrivals are timed on every fanoutSample-th connection:
// the server writes each event to all of them, but the bench reads the others only afterwards
// (the frames wait in their sockets, held outside the bench's poller: see heldTransport), so
// that its own reading of thousands of sockets does not compete with the server for the
// machine's two cores while the clock runs. Every connection is then checked to have received
// every probe.
const (
	fanoutProbes = 12
	fanoutWarmup = 2
	fanoutSample = 10
)

// websockets holds many agent connections on the node, measures the server's memory per
// connection, and times events fanned out to all of them.
func (b *benchRun) websockets(ctx context.Context) error {
	n := b.opts.wsConns
	tok, _, err := b.me.withToken(ctx)
	if err != nil {
		return err
	}
	before := b.srv.rss()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conns := make([]*websocket.Conn, n)
	sink := newProbeSink("fan-out probe ", fanoutProbes)
	timed := func(i int) bool { return i%fanoutSample == 0 }
	arrivals := make([][]int64, fanoutProbes)
	for k := range arrivals {
		arrivals[k] = make([]int64, n)
	}
	var dropped atomic.Int64
	// read reads conn i's frames until ctx ends, or (all false) until it has seen every probe.
	read := func(ctx context.Context, i int, all bool) bool {
		seen := 0
		for seen < fanoutProbes || all {
			_, frame, err := conns[i].Read(ctx)
			if err != nil {
				if ctx.Err() == nil {
					dropped.Add(1)
				}
				return false
			}
			if k := sink.number(frame); k >= 0 {
				seen++
				if all {
					arrivals[k][i] = time.Now().UnixNano()
					sink.mark(k, time.Now())
				}
			}
		}
		return true
	}
	began := time.Now()
	err = parallel(32, n, func(i int) error {
		transport := heldTransport
		if timed(i) {
			transport = http.DefaultTransport
		}
		conn, err := b.dial(ctx, tok.auth, transport)
		if err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
		conns[i] = conn
		if timed(i) {
			go read(ctx, i, true)
		}
		return nil
	})
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.CloseNow()
			}
		}
	}()
	if err != nil {
		return err
	}
	connected := time.Since(began)
	time.Sleep(3 * time.Second)
	after := b.srv.rss()
	perConn := float64(after-before) / float64(n)
	b.progress("%d WebSocket connections in %s; server %s → %s", n, connected.Round(time.Millisecond), mib(before), mib(after))

	// The bench's own garbage collector would scan its side of the 10,000 connections in the
	// middle of a fan-out, on the cores the server is fanning out on: collect now, and not again
	// until the probes are over.
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	sampled := int32((n + fanoutSample - 1) / fanoutSample)
	var s sample
	for k := range fanoutProbes {
		t0 := time.Now()
		if err := b.admin.do(ctx, "POST", "/api/v1/conversations/1/messages", nil,
			map[string]any{"note": true, "text": fmt.Sprintf("fan-out probe %d", k)}, http.StatusCreated, nil); err != nil {
			return err
		}
		for deadline := time.Now().Add(30 * time.Second); sink.count[k].Load() < sampled; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				return fmt.Errorf("fan-out probe %d reached %d of %d timed connections (%d dropped)", k, sink.count[k].Load(), sampled, dropped.Load())
			}
		}
		if k < fanoutWarmup {
			continue // a warm-up: each session's first write grows its buffers
		}
		for i, at := range arrivals[k] {
			if timed(i) {
				s = append(s, time.Duration(at-t0.UnixNano()))
			}
		}
	}
	// Every other connection must have had every probe too, and has had it in its socket for a
	// while: a read that waits is a probe missed.
	var missing atomic.Int64
	check, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	_ = parallel(32, n, func(i int) error {
		if !timed(i) && !read(check, i, false) {
			missing.Add(1)
		}
		return nil
	})
	if d, m := dropped.Load(), missing.Load(); d > 0 || m > 0 {
		return fmt.Errorf("of %d WebSocket connections, %d dropped and %d missed probes", n, d, m)
	}
	held := n >= 10000
	b.addSmall(benchRow{op: fmt.Sprintf("WebSocket: %d agent connections held, memory per connection", n),
		p50: fmt.Sprintf("%.1f KiB", perConn/1024), target: "10000 at ≤ 40 KiB each", met: yesNo(held && perConn <= 40*1024)})
	b.addSmall(benchRow{op: fmt.Sprintf("WebSocket: an event fanned out to all %d (timed on every %dth)", n, fanoutSample), p50: ms(s.pct(0.5)), p99: ms(s.pct(0.99)),
		target: "p99 ≤ 100 ms", met: yesNo(s.pct(0.99) <= 100*time.Millisecond)})
	b.progress("fan-out to %d: p50 %s, p99 %s", n, ms(s.pct(0.5)), ms(s.pct(0.99)))
	return nil
}
