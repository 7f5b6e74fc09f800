package realtime

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Visitor streams: what a website visitor's widget reads, as Server-Sent Events over one
// long-lived response. SSE rather than a WebSocket because the visitor sends nothing on the
// stream (their messages, typing and reads are plain POSTs), because a response needs no
// second goroutine to read the connection nor a WebSocket's buffers, and because the widget's
// client is a fetch() reading lines — smaller than a WebSocket client with its reconnection.
//
// A visitor's stream carries only the public events of their own conversations: the team's
// replies (as switchboard.WidgetMessage: agent name and avatar, never notes), delivery and
// read statuses, conversation status changes, and the ephemeral signals agents' actions raise
// (read receipts, typing). Each event from the log carries its id; reconnecting with ?after=<id>
// replays what was missed from the log, up to maxVisitorReplay events back, after which the
// stream says "reset" and the widget reloads the thread.

// VisitorMessages looks a visitor's message up as the widget shows it (webchat.Service).
type VisitorMessages interface {
	Message(ctx context.Context, v *switchboard.Visitor, messageID int64) (*switchboard.WidgetMessage, error)
	Conversations(ctx context.Context, v *switchboard.Visitor) ([]*switchboard.VisitorConversation, error)
}

// maxVisitorReplay bounds the log read to resume a visitor's stream.
const maxVisitorReplay = 5000

// visitorBuffer is how many events a visitor's stream may have waiting; a visitor has few
// conversations, and a slow one is ended and resumes.
const visitorBuffer = 32

// keepAliveEvery is how often an idle visitor stream writes a comment, so proxies keep it open.
const keepAliveEvery = 25 * time.Second

type visitorSub struct {
	v     *switchboard.Visitor
	seq   int64          // the order streams opened in, for boundVisitor
	convs map[int64]bool // guarded by the hub's lock
	live  chan visitorItem
	ended bool
}

// visitorItem is an event from the log or a signal.
type visitorItem struct {
	event  *switchboard.Event
	signal *switchboard.VisitorSignal
}

// AttachVisitors lets the hub feed visitor streams, whose messages msgs looks up.
func (h *Hub) AttachVisitors(msgs VisitorMessages) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.visitorMsgs = msgs
	h.visitors = map[int64]map[*visitorSub]struct{}{}
}

// publishVisitors queues an event for the visitor streams it concerns; called with h.mu held.
func (h *Hub) publishVisitors(e *switchboard.Event) {
	if e.InboxID == nil || len(h.visitors[*e.InboxID]) == 0 {
		return
	}
	for s := range h.visitors[*e.InboxID] {
		if !s.wants(e) {
			continue
		}
		h.queueVisitor(s, visitorItem{event: e})
	}
}

func (h *Hub) queueVisitor(s *visitorSub, it visitorItem) {
	if s.ended {
		return
	}
	select {
	case s.live <- it:
	default:
		s.ended = true
		close(s.live)
		delete(h.visitors[s.v.InboxID], s)
	}
}

// wants reports whether an event is about the visitor's conversations, learning of new ones.
func (s *visitorSub) wants(e *switchboard.Event) bool {
	if e.ConversationID == nil {
		return false
	}
	if e.Type == switchboard.EventConversationCreated || e.Type == switchboard.EventConversationUpdated {
		var c struct {
			ContactID int64 `json:"contact_id"`
		}
		if json.Unmarshal(e.Data, &c) == nil && c.ContactID == s.v.ContactID {
			s.convs[*e.ConversationID] = true
		}
		return false
	}
	if !s.convs[*e.ConversationID] {
		return false
	}
	switch e.Type {
	case switchboard.EventMessageCreated, switchboard.EventMessageUpdated, switchboard.EventConversationStatus:
		return true
	}
	return false
}

// Signal passes an ephemeral signal to the open streams of a visitor or, with the signal's
// conversation set, to every stream following that conversation.
func (h *Hub) Signal(inboxID, visitorID int64, sig *switchboard.VisitorSignal) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.visitors[inboxID] {
		if (visitorID != 0 && s.v.ID == visitorID) || (sig.ConversationID != 0 && s.convs[sig.ConversationID]) {
			h.queueVisitor(s, visitorItem{signal: sig})
		}
	}
}

// VisitorConnected reports whether a visitor has a stream open on this node (a widget open).
func (h *Hub) VisitorConnected(inboxID, visitorID int64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.visitors[inboxID] {
		if s.v.ID == visitorID {
			return true
		}
	}
	return false
}

// VisitorConnections counts the open visitor streams of this node.
func (h *Hub) VisitorConnections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.visitors {
		n += len(m)
	}
	return n
}

// ServeVisitor streams a visitor's events as text/event-stream until the client goes away.
// The transport authenticated the visitor and checked the origin; ?after=N resumes after the
// log's event N.
//
// Over HTTP/1.1 the connection is taken from the server (hijacked) and written by a goroutine
// of its own, as the agents' WebSocket sessions are: the request's goroutine, whose stack grew
// through the middleware, and the server's read and write buffers are not kept for the hours a
// stream stays open — with thousands of visitors on a site that is most of a stream's memory.
// Events are written unbuffered, one write each; a client gone away is noticed at the next
// write (a keep-alive comment at least every keepAliveEvery). Over HTTP/2 the handler streams
// itself.
func (h *Hub) ServeVisitor(w http.ResponseWriter, r *http.Request, v *switchboard.Visitor) {
	after := int64(-1)
	if q := r.URL.Query().Get("after"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 0 {
			http.Error(w, `{"error":{"code":"invalid","message":"after must be an event id.","fields":{"after":"Use the id of the last event you received."}}}`, http.StatusBadRequest)
			return
		}
		after = n
	}
	ctx := r.Context()
	select {
	case <-h.ready:
	case <-ctx.Done():
		return
	}
	h.mu.Lock()
	msgs := h.visitorMsgs
	h.mu.Unlock()
	if msgs == nil {
		http.Error(w, `{"error":{"code":"unavailable","message":"Visitor streams are off."}}`, http.StatusServiceUnavailable)
		return
	}
	convs, err := msgs.Conversations(ctx, v)
	if err != nil {
		http.Error(w, `{"error":{"code":"unavailable","message":"Cannot open the stream."}}`, http.StatusServiceUnavailable)
		return
	}
	s := &visitorSub{v: v, convs: map[int64]bool{}, live: make(chan visitorItem, visitorBuffer), seq: h.visitorSeq.Add(1)}
	for _, c := range convs {
		s.convs[c.ID] = true
	}
	h.mu.Lock()
	h.boundVisitor(v)
	until := h.head
	cursor := after
	if after < 0 || after > until {
		cursor = until
	}
	if h.visitors[v.InboxID] == nil {
		h.visitors[v.InboxID] = map[*visitorSub]struct{}{}
	}
	h.visitors[v.InboxID][s] = struct{}{}
	h.mu.Unlock()

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w)
	if r.ProtoMajor == 1 {
		if conn, _, err := rc.Hijack(); err == nil {
			hd.Set("Connection", "close") // the body ends when the stream does
			var head bytes.Buffer
			head.WriteString("HTTP/1.1 200 OK\r\n")
			_ = hd.Write(&head)
			head.WriteString("\r\n")
			out := &connWriter{conn: conn}
			if _, err := out.Write(head.Bytes()); err != nil {
				h.endVisitor(s)
				conn.Close()
				return
			}
			go func() {
				defer conn.Close()
				// A context of its own: the request's would keep its whole chain of values (the
				// server's, the middleware's) alive for as long as the stream.
				h.streamVisitor(context.Background(), out, func() error { return nil }, nil, s, msgs, cursor, until)
			}()
			return
		}
	}
	_ = rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	h.streamVisitor(ctx, w, rc.Flush, ctx.Done(), s, msgs, cursor, until)
}

// connWriter writes to a hijacked connection, each write with a deadline, so a client that
// stopped reading cannot hold its stream's goroutine.
type connWriter struct{ conn net.Conn }

func (c *connWriter) Write(p []byte) (int, error) {
	_ = c.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.conn.Write(p)
}

// boundVisitor makes room for one more stream of a visitor, called with h.mu held: past
// h.visitorStreams, their oldest streams end. A stream whose tab was closed is noticed only at its
// next write, so refusing the new one would refuse a visitor whose old tabs are gone; a live tab
// whose stream ends reconnects. One visitor never holds more than the bound.
func (h *Hub) boundVisitor(v *switchboard.Visitor) {
	var mine []*visitorSub
	for s := range h.visitors[v.InboxID] {
		if s.v.ID == v.ID {
			mine = append(mine, s)
		}
	}
	if len(mine) < h.visitorStreams {
		return
	}
	slices.SortFunc(mine, func(a, b *visitorSub) int { return cmp.Compare(a.seq, b.seq) })
	for _, s := range mine[:len(mine)-h.visitorStreams+1] {
		delete(h.visitors[v.InboxID], s)
		if !s.ended {
			s.ended = true
			close(s.live)
		}
	}
}

// endVisitor unregisters a visitor's stream.
func (h *Hub) endVisitor(s *visitorSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.visitors[s.v.InboxID], s)
	if !s.ended {
		s.ended = true
		close(s.live)
	}
}

// streamVisitor writes the stream's opening, what the log holds after cursor, then live events
// until a write fails, done closes or the subscription ends.
func (h *Hub) streamVisitor(ctx context.Context, w io.Writer, flush func() error, done <-chan struct{}, s *visitorSub, msgs VisitorMessages, cursor, until int64) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("visitor stream panicked", "visitor_id", s.v.ID, "panic", p)
		}
	}()
	defer h.endVisitor(s)
	var buf bytes.Buffer
	send := func() bool {
		_, err := w.Write(buf.Bytes())
		buf.Reset()
		return err == nil && flush() == nil
	}
	fmt.Fprintf(&buf, "retry: 3000\nevent: ready\ndata: {\"head\":%d}\n\n", until)
	if cursor < until && !h.replayVisitor(ctx, &buf, s, msgs, cursor, until) {
		buf.WriteString("event: reset\ndata: {}\n\n")
	}
	if !send() {
		return
	}
	keep := time.NewTicker(keepAliveEvery)
	defer keep.Stop()
	for {
		select {
		case <-done:
			return
		case <-keep.C:
			buf.WriteString(": keep-alive\n\n")
		case it, ok := <-s.live:
			if !ok {
				return // too slow: the client resumes from its last id
			}
			if it.event != nil {
				h.writeVisitorEvent(ctx, &buf, s, msgs, it.event)
			} else {
				data, _ := json.Marshal(it.signal)
				fmt.Fprintf(&buf, "event: %s\ndata: %s\n\n", it.signal.Type, data)
			}
		}
		if buf.Len() > 0 && !send() {
			return
		}
	}
}

// replayVisitor writes the visitor's events of the log in (cursor, until]; false when there
// were more than maxVisitorReplay events to read.
func (h *Hub) replayVisitor(ctx context.Context, w io.Writer, s *visitorSub, msgs VisitorMessages, cursor, until int64) bool {
	sys := switchboard.NewSystemContext(ctx)
	if until-cursor > maxVisitorReplay {
		return false
	}
	for cursor < until {
		page, err := h.store.FindEvents(sys, cursor, 500)
		if err != nil || len(page) == 0 {
			return err == nil
		}
		for _, e := range page {
			if e.ID > until {
				return true
			}
			cursor = e.ID
			if e.InboxID != nil && *e.InboxID == s.v.InboxID && s.wants(e) {
				h.writeVisitorEvent(ctx, w, s, msgs, e)
			}
		}
	}
	return true
}

// writeVisitorEvent writes one event of the log in the widget's terms.
func (h *Hub) writeVisitorEvent(ctx context.Context, w io.Writer, s *visitorSub, msgs VisitorMessages, e *switchboard.Event) {
	var name string
	var data any
	switch e.Type {
	case switchboard.EventMessageCreated, switchboard.EventMessageUpdated:
		var m struct {
			ID        int64                 `json:"id"`
			Direction switchboard.Direction `json:"direction"`
		}
		if json.Unmarshal(e.Data, &m) != nil || m.Direction == switchboard.DirectionInternal {
			return
		}
		wm, err := msgs.Message(ctx, s.v, m.ID)
		if err != nil {
			return // not the visitor's to see (a note, a milestone) or gone
		}
		name, data = "message", wm
		if e.Type == switchboard.EventMessageUpdated {
			name = "status"
		}
	case switchboard.EventConversationStatus:
		var c struct {
			Status switchboard.ConversationStatus `json:"status"`
		}
		_ = json.Unmarshal(e.Data, &c)
		name, data = "conversation", map[string]any{"id": *e.ConversationID, "status": c.Status}
	default:
		return
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return
	}
	fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, name, raw)
}

// Announce fans an ephemeral event (id 0, never in the log: a visitor typing) out to the agents
// who may see it. A subscriber too slow to take it simply misses it: it is not worth ending a
// stream for.
func (h *Hub) Announce(e *switchboard.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := &frame{event: e}
	for s := range h.subs {
		if !e.VisibleTo(s.agent.ID, s.scope) {
			continue
		}
		select {
		case s.live <- f:
		default:
		}
	}
}
