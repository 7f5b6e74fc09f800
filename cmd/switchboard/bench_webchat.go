package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// visitorStreams measures what an open web chat visitor stream (Server-Sent Events) costs the
// server: n streams of one visitor held open (as n tabs would), the server's resident memory
// before and after, divided by n; then an agent's reply must reach a sample of them.
func (b *benchRun) visitorStreams(ctx context.Context) error {
	n := b.opts.visitorConns
	const origin = "https://bench.example.com"
	var inbox struct{ ID int64 }
	if err := b.admin.do(ctx, "POST", "/api/v1/inboxes", nil, map[string]any{"kind": "webchat", "name": "Bench chat",
		"settings": map[string]any{"allowed_origins": []string{origin}}}, http.StatusCreated, &inbox); err != nil {
		return err
	}
	visitor := b.srv.client(http.Header{"Origin": {origin}})
	base := fmt.Sprintf("/api/v1/widget/%d", inbox.ID)
	var s struct{ Token string }
	if err := visitor.do(ctx, "POST", base+"/session", nil, map[string]string{}, http.StatusOK, &s); err != nil {
		return err
	}
	auth := http.Header{"Origin": {origin}, "Authorization": {"Visitor " + s.Token}}
	var m struct {
		ConversationID int64 `json:"conversation_id"`
	}
	if err := visitor.do(ctx, "POST", base+"/conversations", auth, map[string]string{"text": "bench"}, http.StatusCreated, &m); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	before := b.srv.rss()
	const sampleEvery = 100
	streams := make([]*http.Response, n)
	began := time.Now()
	err := parallel(32, n, func(i int) error {
		transport := heldTransport
		if i%sampleEvery == 0 {
			transport = http.DefaultTransport
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", b.srv.base+base+"/stream", nil)
		req.Header = auth.Clone()
		res, err := (&http.Client{Transport: transport}).Do(req)
		if err != nil {
			return fmt.Errorf("stream %d: %w", i, err)
		}
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
			return fmt.Errorf("stream %d: status %d", i, res.StatusCode)
		}
		streams[i] = res
		return nil
	})
	defer func() {
		for _, r := range streams {
			if r != nil {
				r.Body.Close()
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
	b.progress("%d visitor streams in %s; server %s → %s", n, connected.Round(time.Millisecond), mib(before), mib(after))

	// An agent's reply reaches the sampled streams.
	got := make(chan int, n)
	for i := 0; i < n; i += sampleEvery {
		go func(r *http.Response) {
			sc := bufio.NewScanner(r.Body)
			for sc.Scan() {
				if strings.Contains(sc.Text(), "bench reply") {
					got <- 1
					return
				}
			}
		}(streams[i])
	}
	if err := b.admin.do(ctx, "POST", fmt.Sprintf("/api/v1/conversations/%d/messages", m.ConversationID), nil,
		map[string]any{"text": "bench reply"}, http.StatusCreated, nil); err != nil {
		return err
	}
	want := (n + sampleEvery - 1) / sampleEvery
	deadline := time.After(30 * time.Second)
	for k := 0; k < want; k++ {
		select {
		case <-got:
		case <-deadline:
			return fmt.Errorf("the reply reached %d of %d sampled visitor streams", k, want)
		}
	}
	b.addSmall(benchRow{op: fmt.Sprintf("Web chat: %d visitor streams (SSE) held, memory per connection", n),
		p50: fmt.Sprintf("%.1f KiB", perConn/1024), target: "(BENCHMARK.md sets none)"})
	return nil
}
