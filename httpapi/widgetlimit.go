package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Rate limits of the visitor API: how many of each action one visitor, and one client address
// (many visitors behind one office's address, or one script making visitors), may take in a
// window. Counts are per node and in memory, like the sign-in throttle's.
var widgetLimits = map[string]struct {
	perVisitor, perAddress int
	window                 time.Duration
}{
	"message":      {perVisitor: 30, perAddress: 120, window: time.Minute},
	"file":         {perVisitor: 10, perAddress: 40, window: time.Minute},
	"conversation": {perVisitor: 5, perAddress: 30, window: 10 * time.Minute},
	"identify":     {perVisitor: 10, perAddress: 60, window: time.Minute},
	"typing":       {perVisitor: 60, perAddress: 300, window: time.Minute},
	"session":      {perAddress: 30, window: time.Minute}, // new visitors
}

// maxWidgetCounters bounds the limiter's memory; past it, finished windows are swept.
const maxWidgetCounters = 50000

type widgetWindow struct {
	start time.Time
	count int
}

// widgetLimiter counts actions in fixed windows.
type widgetLimiter struct {
	mu   sync.Mutex
	seen map[string]*widgetWindow
}

// take counts one action against key, answering how long to wait when over max.
func (l *widgetLimiter) take(key string, max int, window time.Duration, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]*widgetWindow{}
	}
	if len(l.seen) >= maxWidgetCounters {
		for k, w := range l.seen {
			if now.Sub(w.start) >= time.Hour || len(l.seen) >= maxWidgetCounters {
				delete(l.seen, k)
			}
		}
	}
	w := l.seen[key]
	if w == nil || now.Sub(w.start) >= window {
		w = &widgetWindow{start: now}
		l.seen[key] = w
	}
	if w.count >= max {
		return w.start.Add(window).Sub(now)
	}
	w.count++
	return 0
}

// widgetLimit counts a visitor's action (visitorID 0: only the address) and answers 429
// rate_limited with Retry-After when one of its limits is reached.
func (s *Server) widgetLimit(w http.ResponseWriter, r *http.Request, action string, visitorID int64) error {
	lim := widgetLimits[action]
	now := s.now()
	wait := time.Duration(0)
	if visitorID != 0 && lim.perVisitor > 0 {
		wait = s.widgetCounts.take(fmt.Sprintf("%s:v:%d", action, visitorID), lim.perVisitor, lim.window, now)
	}
	if wait == 0 && lim.perAddress > 0 {
		wait = s.widgetCounts.take(action+":a:"+s.clientAddress(r), lim.perAddress, lim.window, now)
	}
	if wait <= 0 {
		return nil
	}
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return switchboard.Errorf(switchboard.ERATELIMITED, "Too many requests; try again in %s.", inWords(secs))
}
