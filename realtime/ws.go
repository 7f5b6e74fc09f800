package realtime

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboardhq/switchboard"
)

// WebSocket close codes the client acts on (4000–4999 are for applications).
const (
	// CloseResume asks the client to reconnect with ?after=<last id it received>.
	CloseResume websocket.StatusCode = 4000
	// CloseSignIn asks the client to sign in again before reconnecting.
	CloseSignIn websocket.StatusCode = 4001
)

// Timing of a WebSocket session.
const (
	writeTimeout = 10 * time.Second
	pingEvery    = 30 * time.Second
)

// ServeWS upgrades the request to a WebSocket and streams the signed-in agent's events as JSON
// text frames, one event each. ?after=N resumes after event N (the client passes the id of the
// last event it handled); without it the stream starts with new events. The request's context
// must carry the agent: the API's authentication runs first. The browser's Origin must match the
// host, so another site cannot open a stream with the agent's cookie.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request) {
	after := int64(-1)
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			http.Error(w, `{"error":{"code":"invalid","message":"after must be an event id.","fields":{"after":"Use the id of the last event you received."}}}`, http.StatusBadRequest)
			return
		}
		after = n
	}
	sub, err := h.Subscribe(r.Context(), after)
	if err != nil {
		status := http.StatusServiceUnavailable
		if switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED {
			status = http.StatusUnauthorized
		}
		http.Error(w, `{"error":{"code":"`+switchboard.ErrorCode(err)+`","message":"Cannot open the event stream."}}`, status)
		return
	}
	// The server's read and write timeouts suit requests, not streams that stay open for hours:
	// clear them before the connection is taken over. Pings and per-write timeouts guard it.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		sub.Close()
		return // Accept has answered the client
	}
	// The stream runs in a goroutine of its own and the handler returns: the connection is the
	// WebSocket's now, and the request's goroutine, whose stack grew through the middleware,
	// is not kept for the hours a stream stays open. With thousands of agents connected that
	// is most of a connection's memory.
	go h.stream(context.WithoutCancel(r.Context()), c, sub)
}

// stream writes a subscription's events to an accepted WebSocket until either ends.
func (h *Hub) stream(ctx context.Context, c *websocket.Conn, sub *Subscription) {
	defer func() {
		// Outside the request now, so outside the API's panic recovery: one stream's bug ends
		// that stream, not the server.
		if p := recover(); p != nil {
			h.log.Error("event stream panicked", "agent_id", sub.agent.ID, "panic", p)
		}
	}()
	defer sub.Close()
	defer c.CloseNow()
	h.track(sub.agent, +1)
	defer h.track(sub.agent, -1)

	// The client sends nothing we act on; reading in the background answers pings and notices
	// the client going away. Pings go out from a timer rather than a goroutine of their own: an
	// idle connection then costs no stack for them.
	ctx = c.CloseRead(ctx)
	// The client going away ends the subscription, which wakes the loop below: it waits on the
	// subscription alone (see Subscription.next).
	stop := context.AfterFunc(ctx, sub.Close)
	defer stop()
	var ping *time.Timer
	ping = time.AfterFunc(pingEvery, func() {
		pctx, cancel := context.WithTimeout(ctx, writeTimeout)
		err := c.Ping(pctx)
		cancel()
		if err != nil {
			c.CloseNow()
			return
		}
		ping.Reset(pingEvery)
	})
	defer ping.Stop()
	// Events are written without a deadline each: arming and disarming a timer for every write
	// was a sixth of what fanning an event out to thousands of agents cost. A client that stops
	// reading still cannot hold its stream for long: its write keeps the connection's write lock,
	// so the next ping cannot take it within writeTimeout and closes the connection, which ends
	// the write.
	wctx := context.WithoutCancel(ctx)
	for {
		data, err := sub.NextJSON(wctx)
		if err != nil {
			switch {
			case ctx.Err() != nil: // the client went away
			case errors.Is(err, ErrSlowConsumer):
				c.Close(CloseResume, "slow consumer: reconnect with ?after=<last id>")
			case errors.Is(err, ErrAgentChanged):
				c.Close(CloseSignIn, "account changed: sign in again")
			case errors.Is(err, context.Canceled):
				c.Close(websocket.StatusGoingAway, "server shutting down: reconnect with ?after=<last id>")
			default:
				h.log.Error("event stream", "agent_id", sub.agent.ID, "err", err)
				c.Close(websocket.StatusInternalError, "internal error: reconnect with ?after=<last id>")
			}
			return
		}
		err = c.Write(wctx, websocket.MessageText, data)
		if err != nil {
			if ctx.Err() == nil {
				h.log.Debug("event stream write failed", "agent_id", sub.agent.ID, "err", err)
			}
			return
		}
	}
}
