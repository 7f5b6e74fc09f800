package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/realtime"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// Shape of one commit-to-frame run.
const (
	// probeEvents is how many writes are measured per run, whatever b.N is.
	probeEvents = 10000
	// warmupEvents are written and awaited first, unmeasured, so connection pools, prepared
	// plans and the hub's first reads do not count against the distribution.
	warmupEvents = 100
	// frameDeadline is how long one write may wait for its frame before the run fails: far
	// beyond any latency worth measuring, and short of hanging the benchmark.
	frameDeadline = 10 * time.Second
)

// BenchmarkCommitToFrame measures how long a committed change takes to reach a connected agent
// as a WebSocket frame, which is what an agent feels as "live". Each run makes probeEvents real
// domain writes (the admin adds a note to a Sales conversation through the store, so no outbound
// delivery job is queued) and Ann, a member of Sales, receives them over a real WebSocket from
// the real hub behind the real API and its token authentication.
//
// Pacing is back-to-back and sequential: one writer issues a write, waits for its frame, then
// issues the next. Nothing queues behind anything else, so the figures are pure latency, not
// throughput under load. Each write is stamped just after the store call returns, which is after
// commit but not at it: the hub is woken by the store's in-process signal right after commit and,
// on PostgreSQL, also by the LISTEN connection as soon as the server commits, so a frame can beat
// the stamp and count as negative. The summary says how often that happened and how long the
// store call took, which bounds how far before the stamp the commit was. A reader goroutine
// stamps each frame as soon as the client has read it, before decoding it; the frame is matched
// to its write by the note's unique text.
//
// It reports p50, p90, p99 and max in µs per engine (PostgreSQL when
// SWITCHBOARD_TEST_POSTGRES_URL is set) and logs a one-line summary. One run is one round of
// probeEvents, so use -benchtime 1x:
//
//	SWITCHBOARD_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test -run '^$' -bench CommitToFrame -benchtime 1x ./realtime/
//
// It never judges the timings; it fails only when a frame is missing or wrong.
func BenchmarkCommitToFrame(b *testing.B) {
	for _, engine := range sqltest.Engines(b) {
		b.Run(engine.Name, func(b *testing.B) {
			db, _ := engine.Open(b, sqltest.Options{})
			lb := newLatencyBench(b, db)
			// Ann's stream also carries events that are not notes (her own presence, for one);
			// each write skips whatever is not its frame.
			lb.round(warmupEvents, "warm-up")
			var all, writes []time.Duration
			rounds := 0
			for b.Loop() {
				l, w := lb.round(probeEvents, fmt.Sprintf("probe %d", rounds))
				all, writes = append(all, l...), append(writes, w...)
				rounds++
			}
			s, w := summarize(all), summarize(writes)
			b.ReportMetric(us(s.p50), "p50-µs")
			b.ReportMetric(us(s.p90), "p90-µs")
			b.ReportMetric(us(s.p99), "p99-µs")
			b.ReportMetric(us(s.max), "max-µs")
			b.Logf("%s: %d events commit→frame p50=%v p90=%v p99=%v max=%v (min=%v, %d frames before the store call returned; the call took p50=%v p99=%v)",
				engine.Name, len(all), s.p50, s.p90, s.p99, s.max, s.min, s.early, w.p50, w.p99)
		})
	}
}

// latencyBench is a running API and hub over one store, with the admin writing into a Sales
// conversation and Ann, a Sales agent, connected to the event stream.
type latencyBench struct {
	b        *testing.B
	db       *sqlstore.DB
	adminCtx context.Context
	conv     *switchboard.Conversation
	frames   <-chan frame
}

// frame is one WebSocket message as the client received it.
type frame struct {
	at   time.Time
	data []byte
	err  error
}

// newLatencyBench wires the store, hub, API and Ann's client the way cmd/switchboard does
// (including the PostgreSQL listener, a no-op on SQLite). It is newEnv's smaller cousin for a
// *testing.B, which newEnv cannot take.
func newLatencyBench(b *testing.B, db *sqlstore.DB) *latencyBench {
	b.Helper()
	ctx := b.Context()
	sys := switchboard.NewSystemContext(ctx)
	log := slog.New(slog.DiscardHandler)
	hub := realtime.NewHub(db, log, realtime.Options{})
	go func() {
		if err := hub.Run(ctx); err != nil {
			b.Errorf("run hub: %v", err)
		}
	}()
	go db.Listen(ctx, log)
	api := &httpapi.Server{Agents: db, Auth: db, Teams: db, Inboxes: db, Labels: db, Canned: db, Contacts: db,
		Conversations: db, Messages: db, Search: db, Events: db, Inbound: db, Presence: db, Webhooks: db,
		Stream: http.HandlerFunc(hub.ServeWS), Logger: log}
	srv := httptest.NewServer(api.Handler())
	b.Cleanup(srv.Close)

	admin, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: "admin", Email: "admin@x.test", Role: switchboard.RoleAdmin, Password: "long enough password"})
	if err != nil {
		b.Fatalf("create admin: %v", err)
	}
	ann, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: "ann", Email: "ann@x.test", Role: switchboard.RoleAgent, Password: "long enough password"})
	if err != nil {
		b.Fatalf("create ann: %v", err)
	}
	token, _, err := db.CreateAPIToken(switchboard.NewContextWithAgent(ctx, ann), "ws")
	if err != nil {
		b.Fatalf("create ann's token: %v", err)
	}
	sales, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelAPI, Name: ptr("Sales")})
	if err != nil {
		b.Fatalf("create inbox: %v", err)
	}
	if _, err := db.SetInboxMembers(sys, sales.ID, &switchboard.InboxMembers{AgentIDs: []int64{ann.ID}}); err != nil {
		b.Fatalf("set inbox members: %v", err)
	}
	_, conv, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: sales.ID, From: "cust-1", Text: "hello sales"})
	if err != nil {
		b.Fatalf("receive: %v", err)
	}

	dctx, cancel := context.WithTimeout(ctx, frameDeadline)
	defer cancel()
	u := strings.Replace(srv.URL, "http://", "ws://", 1) + "/api/v1/ws"
	c, _, err := websocket.Dial(dctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + token}}})
	if err != nil {
		b.Fatalf("dial %s: %v", u, err)
	}
	b.Cleanup(func() { c.CloseNow() })
	c.SetReadLimit(-1)
	frames := make(chan frame, 64)
	go func() {
		for {
			_, data, err := c.Read(ctx)
			select {
			case frames <- frame{at: time.Now(), data: data, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return &latencyBench{b: b, db: db, adminCtx: switchboard.NewContextWithAgent(ctx, admin), conv: conv, frames: frames}
}

// round writes n notes one after another, each after the previous one's frame arrived, and
// returns each one's latency from the store call's return to its frame's arrival, and how long
// each store call took.
func (lb *latencyBench) round(n int, label string) (latency, write []time.Duration) {
	lb.b.Helper()
	latency, write = make([]time.Duration, 0, n), make([]time.Duration, 0, n)
	for i := range n {
		text := fmt.Sprintf("latency %s %d", label, i)
		start := time.Now()
		if _, _, err := lb.db.CreateMessage(lb.adminCtx, lb.conv.ID, &switchboard.MessageCreate{Note: true, Text: text}); err != nil {
			lb.b.Fatalf("create note %q: %v", text, err)
		}
		committed := time.Now()
		latency = append(latency, lb.awaitFrame(text).Sub(committed))
		write = append(write, committed.Sub(start))
	}
	return latency, write
}

// awaitFrame returns when the frame of the note with text arrived, skipping Ann's other events
// and failing on a note out of turn, a broken stream or the deadline.
func (lb *latencyBench) awaitFrame(text string) time.Time {
	lb.b.Helper()
	deadline := time.NewTimer(frameDeadline)
	defer deadline.Stop()
	for {
		select {
		case f := <-lb.frames:
			if f.err != nil {
				lb.b.Fatalf("read frame awaiting %q: %v", text, f.err)
			}
			var ev switchboard.Event
			if err := json.Unmarshal(f.data, &ev); err != nil {
				lb.b.Fatalf("decode frame %s: %v", f.data, err)
			}
			if isMessage(text)(&ev) {
				return f.at
			}
			if ev.Type == switchboard.EventMessageCreated {
				lb.b.Fatalf("awaiting %q, got message event %d: %s", text, ev.ID, ev.Data)
			}
		case <-deadline.C:
			lb.b.Fatalf("no frame for %q within %v", text, frameDeadline)
		}
	}
}

// latencies summarizes a distribution; percentiles are nearest-rank.
type latencies struct {
	min, p50, p90, p99, max time.Duration
	early                   int // frames stamped before their write's stamp
}

func summarize(d []time.Duration) latencies {
	if len(d) == 0 {
		return latencies{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := func(p int) time.Duration {
		i := (p*len(s)+99)/100 - 1 // ceil(p% of n), 1-based, to an index
		return s[max(i, 0)]
	}
	var early int
	for _, v := range s {
		if v < 0 {
			early++
		}
	}
	return latencies{min: s[0], p50: rank(50), p90: rank(90), p99: rank(99), max: s[len(s)-1], early: early}
}

// us converts a duration to microseconds for ReportMetric.
func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
