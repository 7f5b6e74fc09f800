package realtime

import (
	"context"
	"time"

	"github.com/switchboardhq/switchboard"
)

// track counts an agent's open streams on this node. The new count is reported in the
// background (see report): the agent comes online at their first stream and the away countdown
// starts when their last one closes.
func (h *Hub) track(a *switchboard.Agent, delta int) {
	h.reportMu.Lock()
	h.sessions[a.ID] += delta
	h.unreported[a.ID] = struct{}{}
	h.reportMu.Unlock()
	h.reporting.Do(func() { go h.report() })
	select {
	case h.reportWake <- struct{}{}:
	default: // a report is already due and will take this count
	}
}

// report writes the counts that changed, each agent's latest, whenever track wakes it. Only the
// latest count matters, so a burst of connections (a node restarting with thousands of agents
// reconnecting) costs a few writes, not one each, and the writes are not in the way of the
// events those agents are waiting for.
func (h *Hub) report() {
	for range h.reportWake {
		h.reportMu.Lock()
		due := make(map[int64]int, len(h.unreported))
		for id := range h.unreported {
			due[id] = h.sessions[id]
			if h.sessions[id] == 0 {
				delete(h.sessions, id)
			}
		}
		clear(h.unreported)
		h.reportMu.Unlock()
		for id, n := range due {
			ctx, cancel := context.WithTimeout(switchboard.NewSystemContext(context.Background()), 10*time.Second)
			if err := h.store.ReportSessions(ctx, h.node, id, n); err != nil {
				h.log.Error("report presence", "agent_id", id, "err", err)
			}
			cancel()
		}
	}
}

// heartbeat keeps this node's connection counts alive and turns idle agents away.
func (h *Hub) heartbeat(ctx context.Context) {
	sys := switchboard.NewSystemContext(ctx)
	t := time.NewTicker(h.beat)
	defer t.Stop()
	for {
		if err := h.store.Heartbeat(sys, h.node, h.away); err != nil && ctx.Err() == nil {
			h.log.Error("presence heartbeat", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
