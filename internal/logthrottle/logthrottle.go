// Package logthrottle keeps a failing dependency from flooding the log: a slog.Handler that
// passes the first few warnings and errors of each message in a window and counts the rest,
// then reports how many it held back on the next line of that message it passes. While a disk
// is full or a database down, every request and every job logs the same failure; the log should
// say so a few times a minute, not fill the disk that is already full.
package logthrottle

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Options tune a Handler; zero values mean the defaults.
type Options struct {
	// Burst is how many records of one message pass in a window (default 10).
	Burst int
	// Window is how long a message's count lasts (default 10s).
	Window time.Duration
	// Level is the lowest level throttled (default slog.LevelWarn): lower records, such as the
	// access log's, always pass.
	Level slog.Level
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// maxKeys bounds the messages counted at once; beyond it the counts start afresh.
const maxKeys = 4096

// Handler wraps another slog.Handler.
type Handler struct {
	next slog.Handler
	o    Options
	s    *state // shared by the handlers WithAttrs and WithGroup derive
}

type state struct {
	mu     sync.Mutex
	counts map[key]*count
}

type key struct {
	level slog.Level
	msg   string
}

type count struct {
	start      time.Time
	passed     int
	suppressed int
}

// New wraps next.
func New(next slog.Handler, o Options) *Handler {
	if o.Burst <= 0 {
		o.Burst = 10
	}
	if o.Window <= 0 {
		o.Window = 10 * time.Second
	}
	if o.Level == 0 {
		o.Level = slog.LevelWarn
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Handler{next: next, o: o, s: &state{counts: map[key]*count{}}}
}

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler: it passes r unless its message has passed Burst times in the
// current window. The first record passed in a new window carries "suppressed", the number held
// back in the windows before.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < h.o.Level {
		return h.next.Handle(ctx, r)
	}
	now := h.o.Now()
	k := key{r.Level, r.Message}
	h.s.mu.Lock()
	c := h.s.counts[k]
	if c == nil {
		if len(h.s.counts) >= maxKeys {
			h.s.counts = map[key]*count{}
		}
		c = &count{start: now}
		h.s.counts[k] = c
	}
	if now.Sub(c.start) >= h.o.Window {
		c.start, c.passed = now, 0
	}
	if c.passed >= h.o.Burst {
		c.suppressed++
		h.s.mu.Unlock()
		return nil
	}
	c.passed++
	held := c.suppressed
	c.suppressed = 0
	h.s.mu.Unlock()
	if held > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", held))
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs implements slog.Handler; the derived handler shares the counts.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{next: h.next.WithAttrs(attrs), o: h.o, s: h.s}
}

// WithGroup implements slog.Handler; the derived handler shares the counts.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), o: h.o, s: h.s}
}
