package realtime

import (
	"context"
	"time"

	"github.com/switchboardhq/switchboard"
)

// track counts an agent's open streams on this node and reports the new count, which makes the
// agent online at their first stream and starts the away countdown when their last one closes.
func (h *Hub) track(a *switchboard.Agent, delta int) {
	h.reportMu.Lock()
	defer h.reportMu.Unlock()
	h.sessions[a.ID] += delta
	n := h.sessions[a.ID]
	if n == 0 {
		delete(h.sessions, a.ID)
	}
	ctx, cancel := context.WithTimeout(switchboard.NewSystemContext(context.Background()), 10*time.Second)
	defer cancel()
	if err := h.store.ReportSessions(ctx, h.node, a.ID, n); err != nil {
		h.log.Error("report presence", "agent_id", a.ID, "err", err)
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
