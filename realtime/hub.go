// Package realtime delivers the event log to agents as it grows: a hub reads new events in id
// order (woken by the store's change signal, which on PostgreSQL spans nodes) and fans each one
// out to the subscriptions allowed to see it; WebSocket sessions sit on top.
//
// A subscription never misses an event and never sees one twice: it starts by reading the log
// from the client's last id up to the hub's position at the moment it registered, then takes
// live events after that position. A subscriber too slow to keep up is ended, never skipped, and
// resumes from its last id.
package realtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Store is what the hub needs of the store.
type Store interface {
	switchboard.EventService
	switchboard.PresenceService
	// Changes is signalled when new events may be in the log.
	Changes() <-chan struct{}
}

// Options tune a hub; zero values mean the defaults.
type Options struct {
	// Buffer is how many live events a subscription may have waiting before it is ended as slow
	// (default 256; the client resumes from its last id, so a small buffer loses nothing, and it
	// is memory every connection holds).
	Buffer int
	// Poll is how often the hub reads the log even without a change signal, a safety net for a
	// lost notification (default 2s).
	Poll time.Duration
	// Node names this process in presence records (default: host name and a random suffix, new
	// at every start, so a restarted node's old connection counts are never mistaken for live).
	Node string
	// AwayAfter is how long after an agent's last connection closes they turn away (default 2m).
	AwayAfter time.Duration
	// Heartbeat is how often this node proves it is alive and sweeps presence (default 15s).
	Heartbeat time.Duration
	// VisitorStreams bounds the web chat streams one visitor may hold open on this node (as
	// many tabs of the site), so that one visitor cannot hold the server's memory: a stream past
	// it ends their oldest (default 10).
	VisitorStreams int
}

// Hub fans out the event log. Create it with NewHub and run Run.
type Hub struct {
	store  Store
	log    *slog.Logger
	buffer int
	poll   time.Duration
	node   string
	away   time.Duration
	beat   time.Duration

	// sessions counts each agent's open streams on this node; unreported are the agents whose
	// count changed since it was last reported (see report). The reporter starts with the first
	// stream and lives as long as the hub: streams still close, and are reported, after Run
	// has returned.
	reportMu   sync.Mutex
	sessions   map[int64]int
	unreported map[int64]struct{}
	reportWake chan struct{}
	reporting  sync.Once

	mu    sync.Mutex
	head  int64 // id of the newest event published
	ready chan struct{}
	// published is signalled (without blocking) after the hub published new events, for the
	// followers of the log that want to act at once (notifications; see Published).
	published chan struct{}
	subs      map[*Subscription]struct{}

	// Visitor streams (visitors.go), by inbox; nil until AttachVisitors. visitorStreams bounds
	// those of one visitor.
	visitors       map[int64]map[*visitorSub]struct{}
	visitorStreams int
	visitorSeq     atomic.Int64
	visitorMsgs    VisitorMessages
}

// NewHub returns a hub over store.
func NewHub(store Store, log *slog.Logger, o Options) *Hub {
	if o.Buffer <= 0 {
		o.Buffer = 256
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.Node == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		o.Node = host + "-" + hex.EncodeToString(b)
	}
	if o.AwayAfter <= 0 {
		o.AwayAfter = 2 * time.Minute
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.VisitorStreams <= 0 {
		o.VisitorStreams = 10
	}
	return &Hub{store: store, log: log, buffer: o.Buffer, poll: o.Poll, node: o.Node, away: o.AwayAfter, beat: o.Heartbeat, visitorStreams: o.VisitorStreams,
		sessions: map[int64]int{}, unreported: map[int64]struct{}{}, reportWake: make(chan struct{}, 1), ready: make(chan struct{}), published: make(chan struct{}, 1), subs: map[*Subscription]struct{}{}}
}

// Published is signalled after the hub published new events (one signal may stand for many):
// a follower of the log that must act within moments, such as the notifications', waits on it
// instead of polling often. The hub has one reader of the store's change signal; this shares
// it. One consumer only.
func (h *Hub) Published() <-chan struct{} { return h.published }

// Run publishes new events until ctx ends. Subscriptions wait until it has found the log's head.
func (h *Hub) Run(ctx context.Context) error {
	sys := switchboard.NewSystemContext(ctx)
	head, err := h.store.LastEventID(sys)
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.head = head
	h.mu.Unlock()
	close(h.ready)
	go h.heartbeat(ctx)
	tick := time.NewTicker(h.poll)
	defer tick.Stop()
	for {
		if err := h.tail(sys); err != nil && ctx.Err() == nil {
			h.log.Error("read event log", "err", err)
		}
		select {
		case <-ctx.Done():
			h.mu.Lock()
			for s := range h.subs {
				s.end(ctx.Err())
			}
			h.mu.Unlock()
			return nil
		case <-h.store.Changes():
		case <-tick.C:
		}
	}
}

// tail publishes every event after the head, reading the log until a page comes back short
// (on PostgreSQL each read briefly holds up the writers of the event log).
func (h *Hub) tail(sys context.Context) error {
	const page = 500
	for {
		h.mu.Lock()
		head := h.head
		h.mu.Unlock()
		events, err := h.store.FindEvents(sys, head, page)
		if err != nil {
			return err
		}
		for _, e := range events {
			h.publish(e)
		}
		if len(events) > 0 {
			select {
			case h.published <- struct{}{}:
			default: // a signal is already pending
			}
		}
		if len(events) < page {
			return nil
		}
	}
}

func (h *Hub) publish(e *switchboard.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.head = e.ID
	rescope := e.ChangesScope()
	changed := changedAgent(e)
	f := &frame{event: e} // encoded once, by the first session that writes it, for all of them
	h.publishVisitors(e)
	for s := range h.subs {
		if changed == s.agent.ID {
			// The agent's role or account changed: end the stream so the client signs in again
			// and resumes with what it may now see.
			s.end(ErrAgentChanged)
			delete(h.subs, s)
			continue
		}
		if rescope && !s.scope.All {
			s.refreshScope()
		}
		if !e.VisibleTo(s.agent.ID, s.scope) {
			continue
		}
		select {
		case s.live <- f:
		default:
			s.end(ErrSlowConsumer)
			delete(h.subs, s)
		}
	}
}

// frame is an event on its way to the sessions that may see it, with its JSON encoding, made
// once however many sessions write it: fanning an event out to thousands of agents costs one
// encoding, not thousands.
type frame struct {
	event *switchboard.Event
	once  sync.Once
	data  []byte
	err   error
}

// JSON returns the event's encoding.
func (f *frame) JSON() ([]byte, error) {
	f.once.Do(func() { f.data, f.err = json.Marshal(f.event) })
	return f.data, f.err
}

// changedAgent returns the id of the agent an agent.updated or agent.deleted event is about, or 0.
func changedAgent(e *switchboard.Event) int64 {
	if e.Type != switchboard.EventAgentUpdated && e.Type != switchboard.EventAgentDeleted {
		return 0
	}
	var v struct {
		ID int64 `json:"id"`
	}
	_ = json.Unmarshal(e.Data, &v)
	return v.ID
}

// ErrAgentChanged ends a subscription whose agent was changed or deleted.
var ErrAgentChanged = switchboard.Errorf(switchboard.EUNAUTHORIZED, "Your account changed; connect again.")

// ErrSlowConsumer ends a subscription whose reader fell too far behind.
var ErrSlowConsumer = switchboard.Errorf(switchboard.EUNAVAILABLE, "You fell behind the event stream; resume from your last event id.")

// Subscription is one agent's stream of events. Read it with Next.
type Subscription struct {
	hub   *Hub
	agent *switchboard.Agent
	ctx   context.Context // acts as the agent
	scope switchboard.InboxScope

	// Replay: events after cursor up to and including until come from the log.
	cursor, until int64
	page          []*switchboard.Event

	// live queues the events published to the subscription; end closes it.
	live chan *frame
	once sync.Once
	err  error
}

// Subscribe starts a stream for the agent of every event after afterID it may see; afterID < 0
// means only events from now on. ctx must carry the agent (switchboard.NewContextWithAgent).
func (h *Hub) Subscribe(ctx context.Context, afterID int64) (*Subscription, error) {
	agent := switchboard.AgentFromContext(ctx)
	if agent == nil {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	scope, err := h.store.InboxScope(ctx)
	if err != nil {
		return nil, err
	}
	s := &Subscription{hub: h, agent: agent, ctx: context.WithoutCancel(ctx), scope: scope,
		live: make(chan *frame, h.buffer)}
	h.mu.Lock()
	s.cursor, s.until = afterID, h.head
	if afterID < 0 || afterID > h.head {
		s.cursor = h.head
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s, nil
}

// Next returns the next event, waiting for one until ctx ends or the subscription does.
func (s *Subscription) Next(ctx context.Context) (*switchboard.Event, error) {
	f, err := s.next(ctx)
	if err != nil {
		return nil, err
	}
	return f.event, nil
}

// NextJSON is Next for a writer: it returns the next event's JSON encoding, shared with every
// other subscription the event went to.
func (s *Subscription) NextJSON(ctx context.Context) ([]byte, error) {
	f, err := s.next(ctx)
	if err != nil {
		return nil, err
	}
	return f.JSON()
}

func (s *Subscription) next(ctx context.Context) (*frame, error) {
	for s.cursor < s.until {
		if len(s.page) == 0 {
			page, err := s.hub.store.FindEvents(s.ctx, s.cursor, 500)
			if err != nil {
				return nil, err
			}
			for _, e := range page {
				if e.ID <= s.until {
					s.page = append(s.page, e)
				}
			}
			if len(s.page) == 0 {
				s.cursor = s.until // nothing more this agent may see before the live part
				break
			}
		}
		e := s.page[0]
		s.page = s.page[1:]
		s.cursor = e.ID
		return &frame{event: e}, nil
	}
	if ctx.Done() == nil {
		// The caller ends the subscription itself (Close) when it stops reading, so there is
		// one channel to wait on: a select over the queue and a context for every event was a
		// tenth of what fanning an event out to thousands of streams cost.
		f, ok := <-s.live
		return s.queued(f, ok)
	}
	select {
	case f, ok := <-s.live:
		return s.queued(f, ok)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// queued returns a frame taken from the queue, or once the queue is closed and drained, why
// the subscription ended.
func (s *Subscription) queued(f *frame, ok bool) (*frame, error) {
	if !ok {
		return nil, s.err
	}
	return f, nil
}

// Agent returns the subscriber.
func (s *Subscription) Agent() *switchboard.Agent { return s.agent }

// Close ends the subscription.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	delete(s.hub.subs, s)
	s.end(context.Canceled)
}

// end records why the subscription ended (the first reason wins) and closes its queue: the
// reader gets what was queued before the end, then the reason. It is called with the hub
// locked, so no event is being queued meanwhile.
func (s *Subscription) end(err error) {
	s.once.Do(func() {
		s.err = err
		close(s.live)
	})
}

// refreshScope recomputes what the subscriber may see after a membership change. It is called
// with the hub locked; a failure keeps the old scope and is logged.
func (s *Subscription) refreshScope() {
	scope, err := s.hub.store.InboxScope(s.ctx)
	if err != nil {
		s.hub.log.Error("refresh inbox scope", "agent_id", s.agent.ID, "err", err)
		return
	}
	s.scope = scope
}
