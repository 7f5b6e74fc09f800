package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboardhq/switchboard/internal/benchdata"
)

// The operations of BENCHMARK.md, each measured from a client of the real server.

// benchTransport is shared by every client of a run so connections are kept alive and reused,
// as a browser and a script would.
var benchTransport = &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}

// benchClient sends requests as one signed-in agent (a session cookie) or with a token.
type benchClient struct {
	base string
	auth http.Header
	http *http.Client
}

func (s *benchServer) client(auth http.Header) *benchClient {
	return &benchClient{base: s.base, auth: auth, http: &http.Client{Transport: benchTransport, Timeout: time.Minute}}
}

// login signs in benchmark agent a and returns its client.
func (s *benchServer) login(ctx context.Context, a int) (*benchClient, error) {
	c := s.client(http.Header{})
	res, err := c.send(ctx, "POST", "/api/v1/auth/login", nil, map[string]string{"email": benchdata.AgentEmail(a), "password": benchdata.Password})
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if err := expect(res, http.StatusOK, nil); err != nil {
		return nil, fmt.Errorf("login as %s: %w", benchdata.AgentEmail(a), err)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "sb_session" {
			c.auth.Set("Cookie", ck.Name+"="+ck.Value)
			return c, nil
		}
	}
	return nil, fmt.Errorf("login as %s set no session cookie", benchdata.AgentEmail(a))
}

// withToken returns a client that authenticates as c's agent with a new personal API token.
func (c *benchClient) withToken(ctx context.Context) (*benchClient, string, error) {
	var tok struct{ Secret string }
	if err := c.do(ctx, "POST", "/api/v1/auth/tokens", nil, map[string]string{"name": "bench"}, http.StatusCreated, &tok); err != nil {
		return nil, "", err
	}
	return &benchClient{base: c.base, auth: http.Header{"Authorization": {"Bearer " + tok.Secret}}, http: c.http}, tok.Secret, nil
}

func (c *benchClient) send(ctx context.Context, method, path string, header http.Header, body any) (*http.Response, error) {
	var r io.Reader
	if raw, ok := body.(json.RawMessage); ok {
		r = bytes.NewReader(raw)
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return nil, err
	}
	for k, v := range c.auth {
		req.Header[k] = v
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

// do sends a request and checks the status; the JSON answer goes into out, or is read and dropped.
func (c *benchClient) do(ctx context.Context, method, path string, header http.Header, body any, want int, out any) error {
	res, err := c.send(ctx, method, path, header, body)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if err := expect(res, want, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

func (c *benchClient) get(ctx context.Context, path string) error {
	return c.do(ctx, "GET", path, nil, nil, http.StatusOK, nil)
}

func expect(res *http.Response, want int, out any) error {
	if res.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("status %d, want %d: %s", res.StatusCode, want, bytes.TrimSpace(b))
	}
	if out == nil {
		_, err := io.Copy(io.Discard, res.Body)
		return err
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// sample is a set of measured latencies.
type sample []time.Duration

func (s sample) pct(p float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	t := slices.Clone(s)
	slices.Sort(t)
	return t[min(len(t)-1, int(p*float64(len(t))))]
}

// measure runs op n times one after the other (i = 0..n-1), after a few unmeasured warm-up runs
// (i = n, n+1, …).
func measure(n int, op func(i int) error) (sample, time.Duration, error) {
	for i := range min(n/10, 50) {
		if err := op(n + i); err != nil {
			return nil, 0, err
		}
	}
	s := make(sample, 0, n)
	began := time.Now()
	for i := range n {
		t := time.Now()
		if err := op(i); err != nil {
			return nil, 0, err
		}
		s = append(s, time.Since(t))
	}
	return s, time.Since(began), nil
}

// concurrently runs op from clients goroutines for d and returns every latency.
func concurrently(clients int, d time.Duration, op func(worker, i int) error) (sample, time.Duration, error) {
	var (
		mu    sync.Mutex
		all   sample
		first error
		wg    sync.WaitGroup
	)
	began := time.Now()
	end := began.Add(d)
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine sample
			for i := 0; time.Now().Before(end); i++ {
				t := time.Now()
				if err := op(w, i); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, time.Since(began), first
}

// parallel runs fn(i) for i = 0..n-1 from workers goroutines and returns the first error; the
// others stop taking work once one fails.
func parallel(workers, n int, fn func(i int) error) error {
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n) && failed.Load() == nil; i = next.Add(1) - 1 {
				if err := fn(int(i)); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	err, _ := failed.Load().(error)
	return err
}

// latency adds a row for a latency distribution whose p99 should be at most limit (0: no target).
func (b *benchRun) latency(op string, s sample, elapsed time.Duration, limit time.Duration) {
	r := benchRow{op: op, p50: ms(s.pct(0.50)), p99: ms(s.pct(0.99)), rate: perSecond(float64(len(s))/elapsed.Seconds(), "req/s")}
	if limit > 0 {
		r.target = "p99 ≤ " + ms(limit)
		r.met = yesNo(s.pct(0.99) <= limit)
	}
	b.add(r)
	b.progress("%s: p50 %s, p99 %s, %s", op, r.p50, r.p99, r.rate)
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 1:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// listView is one list of the benchmark: a query and how deep its page is.
type listView struct {
	name  string
	query string
	page  int // 1 for the first page
}

func (b *benchRun) listViews() []listView {
	return []listView{
		{"Mine, open, newest first", "view=mine&status=open", 1},
		{"Mine, open", "view=mine&status=open", 100},
		{"Unassigned, open", "view=unassigned&status=open", 1},
		{"All, open", "view=all&status=open", 1},
		{"All, no status filter", "view=all", 1},
		{"All, open", "view=all&status=open", 200},
	}
}

// pagePath walks the view's cursors to its page and returns the path that fetches it; the page
// number is lowered to the last page when the view has fewer.
func (b *benchRun) pagePath(ctx context.Context, v *listView) (string, error) {
	path := "/api/v1/conversations?limit=25&" + v.query
	for p := 1; p < v.page; p++ {
		var page struct {
			Items      []json.RawMessage
			NextCursor string `json:"next_cursor"`
		}
		if err := b.me.do(ctx, "GET", path, nil, nil, http.StatusOK, &page); err != nil {
			return "", err
		}
		if page.NextCursor == "" {
			v.page = p
			break
		}
		path = "/api/v1/conversations?limit=25&" + v.query + "&cursor=" + url.QueryEscape(page.NextCursor)
	}
	var page struct{ Items []json.RawMessage }
	if err := b.me.do(ctx, "GET", path, nil, nil, http.StatusOK, &page); err != nil {
		return "", err
	}
	if len(page.Items) == 0 {
		return "", fmt.Errorf("list %s page %d is empty", v.query, v.page)
	}
	return path, nil
}

func (b *benchRun) lists(ctx context.Context) error {
	limit := 5 * time.Millisecond
	if b.large() {
		limit = 10 * time.Millisecond
	}
	for _, v := range b.listViews() {
		path, err := b.pagePath(ctx, &v)
		if err != nil {
			return err
		}
		s, el, err := measure(b.opts.requests, func(int) error { return b.me.get(ctx, path) })
		if err != nil {
			return err
		}
		name := "list " + v.name + ", first page"
		if v.page > 1 {
			name = fmt.Sprintf("list %s, page %d", v.name, v.page)
		}
		b.latency(name, s, el, limit)
	}
	return nil
}

// searchQueries are the searches of the benchmark, with whether each must find something.
func (b *benchRun) searchQueries() []struct {
	q    string
	hits bool
} {
	return []struct {
		q    string
		hits bool
	}{
		{"refund", true},
		{benchdata.OrderToken(b.opts.conversations / 2), true},
		{"invoice payment", true},
		{"xylophonequartz", false},
	}
}

func (b *benchRun) searches(ctx context.Context) error {
	limit := 20 * time.Millisecond
	if b.large() {
		limit = 50 * time.Millisecond
	}
	for _, sq := range b.searchQueries() {
		path := "/api/v1/search?q=" + url.QueryEscape(sq.q)
		var res struct{ Messages []json.RawMessage }
		if err := b.me.do(ctx, "GET", path, nil, nil, http.StatusOK, &res); err != nil {
			return err
		}
		if (len(res.Messages) > 0) != sq.hits {
			return fmt.Errorf("search %q found %d messages", sq.q, len(res.Messages))
		}
		s, el, err := measure(b.opts.requests/2, func(int) error { return b.me.get(ctx, path) })
		if err != nil {
			return err
		}
		b.latency(fmt.Sprintf("search %q", sq.q), s, el, limit)
	}
	return nil
}

// openAndReply opens conversations (the conversation, then its messages) and replies to them.
// The replies are delivered, in the background, to an outbound URL served by the bench.
func (b *benchRun) openAndReply(ctx context.Context) error {
	sink := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = sink.Serve(l) }()
	defer sink.Close()
	if err := b.admin.do(ctx, "PATCH", "/api/v1/inboxes/1", nil, map[string]any{"settings": map[string]any{"outbound_url": "http://" + l.Addr().String() + "/replies"}},
		http.StatusOK, nil); err != nil {
		return err
	}
	n := b.opts.conversations
	conv := func(i int) int { return (i*7919)%n + 1 }
	s, el, err := measure(b.opts.requests, func(i int) error {
		id := conv(i)
		if err := b.me.get(ctx, fmt.Sprintf("/api/v1/conversations/%d", id)); err != nil {
			return err
		}
		return b.me.get(ctx, fmt.Sprintf("/api/v1/conversations/%d/messages", id))
	})
	if err != nil {
		return err
	}
	b.latency("open a conversation (it, then its messages)", s, el, 3*time.Millisecond)
	s, el, err = measure(b.opts.requests/2, func(i int) error {
		return b.me.do(ctx, "POST", fmt.Sprintf("/api/v1/conversations/%d/messages", conv(i)),
			http.Header{"Idempotency-Key": {fmt.Sprintf("bench-reply-%d", i)}},
			map[string]string{"text": "Thanks for waiting: the refund is on its way."}, http.StatusCreated, nil)
	})
	if err != nil {
		return err
	}
	b.latency("send a reply (durably queued)", s, el, 10*time.Millisecond)
	return nil
}

// tokenAuth times the same cheap request (the health probe, which runs the whole middleware
// chain) with a personal API token and without: a token is checked on every route, public ones
// too, so the difference is what authenticating a request costs.
func (b *benchRun) tokenAuth(ctx context.Context) error {
	tok, _, err := b.me.withToken(ctx)
	if err != nil {
		return err
	}
	anon := b.srv.client(http.Header{})
	// Interleaved, so that whatever else the machine does falls on both alike.
	var none, with sample
	_, el, err := measure(b.opts.requests*2, func(i int) error {
		c, s := anon, &none
		if i%2 == 1 {
			c, s = tok, &with
		}
		t := time.Now()
		err := c.get(ctx, "/healthz")
		if i < b.opts.requests*2 {
			*s = append(*s, time.Since(t))
		}
		return err
	})
	if err != nil {
		return err
	}
	b.latency("GET /healthz, no credentials", none, el/2, 0)
	b.latency("GET /healthz with a personal API token", with, el/2, 0)
	over := max(0, with.pct(0.5)-none.pct(0.5))
	b.add(benchRow{op: "API token authentication overhead (p50 difference)", p50: ms(over), target: "≤ 0.10 ms",
		met: yesNo(over <= 100*time.Microsecond)})
	return nil
}

// concurrent runs the lists, then the searches, from several clients at once.
func (b *benchRun) concurrent(ctx context.Context) error {
	views := b.listViews()
	paths := make([]string, len(views))
	for i := range views {
		p, err := b.pagePath(ctx, &views[i])
		if err != nil {
			return err
		}
		paths[i] = p
	}
	s, el, err := concurrently(b.opts.clients, b.opts.duration, func(w, i int) error {
		return b.me.get(ctx, paths[(w+i)%len(paths)])
	})
	if err != nil {
		return err
	}
	want := 1500.0
	if b.large() {
		want = 1000
	}
	rate := float64(len(s)) / el.Seconds()
	b.add(benchRow{op: fmt.Sprintf("lists under %d clients (the six above in turn)", b.opts.clients), p50: ms(s.pct(0.5)), p99: ms(s.pct(0.99)),
		rate: perSecond(rate, "req/s"), target: fmt.Sprintf("≥ %.0f req/s", want), met: yesNo(rate >= want)})
	b.progress("lists under %d clients: %.0f req/s, p99 %s", b.opts.clients, rate, ms(s.pct(0.99)))
	qs := b.searchQueries()
	s, el, err = concurrently(b.opts.clients, b.opts.duration, func(w, i int) error {
		return b.me.get(ctx, "/api/v1/search?q="+url.QueryEscape(qs[(w+i)%len(qs)].q))
	})
	if err != nil {
		return err
	}
	b.latency(fmt.Sprintf("search under %d clients (the four above in turn)", b.opts.clients), s, el, 0)
	return nil
}

// probeSink counts arrivals of numbered probes over one or more WebSocket connections.
type probeSink struct {
	marker []byte
	at     []atomic.Int64 // arrival, unix ns, of probe i (first arrival when several connections)
	count  []atomic.Int32 // arrivals of probe i
}

func newProbeSink(marker string, n int) *probeSink {
	return &probeSink{marker: []byte(marker), at: make([]atomic.Int64, n), count: make([]atomic.Int32, n)}
}

// number returns the number of the probe a frame holds, or -1 when it holds none.
func (p *probeSink) number(frame []byte) int {
	i := bytes.Index(frame, p.marker)
	if i < 0 {
		return -1
	}
	n := 0
	for _, c := range frame[i+len(p.marker):] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	if n >= len(p.at) {
		return -1
	}
	return n
}

// mark records an arrival of probe k.
func (p *probeSink) mark(k int, now time.Time) {
	p.at[k].CompareAndSwap(0, now.UnixNano())
	p.count[k].Add(1)
}
