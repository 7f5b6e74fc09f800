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
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/realtime"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// env is a running API with a hub, plus a small organisation: Ann works the Sales inbox, Bob
// the Support inbox, the admin everything.
type env struct {
	t                *testing.T
	db               *sqlstore.DB
	hub              *realtime.Hub
	url              string
	sys              context.Context
	admin, ann, bob  *switchboard.Agent
	sales, support   *switchboard.Inbox
	salesC, supportC *switchboard.Conversation
	tokens           map[int64]string
	adminCtx, bobCtx context.Context
	annCtx           context.Context
}

func ptr[T any](v T) *T { return &v }

func newEnv(t *testing.T, db *sqlstore.DB, o realtime.Options) *env {
	t.Helper()
	return newEnvWithHubStore(t, db, db, o)
}

// newEnvWithHubStore is newEnv with a hub that uses store (db, or something wrapped around it).
func newEnvWithHubStore(t *testing.T, db *sqlstore.DB, store realtime.Store, o realtime.Options) *env {
	t.Helper()
	e := &env{t: t, db: db, sys: switchboard.NewSystemContext(context.Background()), tokens: map[int64]string{}}
	log := slog.New(slog.DiscardHandler)
	e.hub = realtime.NewHub(store, log, o)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go e.hub.Run(ctx)
	api := &httpapi.Server{Agents: db, Auth: db, Teams: db, Inboxes: db, Labels: db, Canned: db, Contacts: db,
		Conversations: db, Messages: db, Search: db, Events: db, Inbound: db, Presence: db, Webhooks: db, Stream: http.HandlerFunc(e.hub.ServeWS), Logger: log}
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	e.url = srv.URL

	mk := func(name string, role switchboard.Role) (*switchboard.Agent, context.Context) {
		a, err := db.CreateAgent(e.sys, &switchboard.AgentCreate{Name: name, Email: name + "@x.test", Role: role, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		actx := switchboard.NewContextWithAgent(context.Background(), a)
		secret, _, err := db.CreateAPIToken(actx, "ws")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[a.ID] = secret
		return a, actx
	}
	e.admin, e.adminCtx = mk("admin", switchboard.RoleAdmin)
	e.ann, e.annCtx = mk("ann", switchboard.RoleAgent)
	e.bob, e.bobCtx = mk("bob", switchboard.RoleAgent)
	var err error
	if e.sales, err = db.CreateInbox(e.sys, &switchboard.InboxInput{Kind: switchboard.ChannelAPI, Name: ptr("Sales")}); err != nil {
		t.Fatal(err)
	}
	if e.support, err = db.CreateInbox(e.sys, &switchboard.InboxInput{Kind: switchboard.ChannelAPI, Name: ptr("Support")}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		inbox *switchboard.Inbox
		agent *switchboard.Agent
	}{{e.sales, e.ann}, {e.support, e.bob}} {
		if _, err := db.SetInboxMembers(e.sys, m.inbox.ID, &switchboard.InboxMembers{AgentIDs: []int64{m.agent.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	_, e.salesC, _, err = db.Receive(e.sys, &switchboard.InboundMessage{InboxID: e.sales.ID, From: "cust-1", Text: "hello sales"})
	if err != nil {
		t.Fatal(err)
	}
	_, e.supportC, _, err = db.Receive(e.sys, &switchboard.InboundMessage{InboxID: e.support.ID, From: "cust-2", Text: "hello support"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// dial opens the event stream as an agent.
func (e *env) dial(a *switchboard.Agent, query string) *websocket.Conn {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	u := strings.Replace(e.url, "http://", "ws://", 1) + "/api/v1/ws" + query
	c, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + e.tokens[a.ID]}}})
	if err != nil {
		e.t.Fatalf("dial %s: %v", u, err)
	}
	e.t.Cleanup(func() { c.CloseNow() })
	return c
}

// read returns the next event, failing after the deadline.
func read(t *testing.T, c *websocket.Conn, within time.Duration) *switchboard.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var ev switchboard.Event
	if err := wsjson.Read(ctx, c, &ev); err != nil {
		t.Fatalf("read event: %v", err)
	}
	return &ev
}

// until reads events until one satisfies ok, returning everything read.
func until(t *testing.T, c *websocket.Conn, ok func(*switchboard.Event) bool) []*switchboard.Event {
	t.Helper()
	var seen []*switchboard.Event
	for {
		ev := read(t, c, 10*time.Second)
		seen = append(seen, ev)
		if ok(ev) {
			return seen
		}
	}
}

func (e *env) reply(ctx context.Context, conv *switchboard.Conversation, text string) *switchboard.Message {
	e.t.Helper()
	m, _, err := e.db.CreateMessage(ctx, conv.ID, &switchboard.MessageCreate{Text: text})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func isMessage(text string) func(*switchboard.Event) bool {
	return func(ev *switchboard.Event) bool {
		return ev.Type == switchboard.EventMessageCreated && strings.Contains(string(ev.Data), `"text":"`+text+`"`)
	}
}

func TestStreamDeliversLiveEventsToTheRightAgents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{})
		ann := e.dial(e.ann, "")
		bob := e.dial(e.bob, "")

		// The admin answers in Sales: Ann sees it at once; Bob, outside Sales, never does.
		start := time.Now()
		e.reply(e.adminCtx, e.salesC, "on my way")
		until(t, ann, isMessage("on my way"))
		t.Logf("reply to frame: %v", time.Since(start))

		// Bob's next event is his own inbox's, not anything of Sales.
		e.reply(e.adminCtx, e.supportC, "support reply")
		for _, ev := range until(t, bob, isMessage("support reply")) {
			if ev.InboxID != nil && *ev.InboxID == e.sales.ID {
				t.Errorf("bob received %s of the Sales inbox", ev.Type)
			}
		}

		// Read state is private: Ann marking Sales read reaches Ann only.
		if err := db.MarkRead(e.annCtx, e.salesC.ID); err != nil {
			t.Fatal(err)
		}
		until(t, ann, func(ev *switchboard.Event) bool { return ev.Type == switchboard.EventConversationRead })

		// Joining an inbox widens the stream without reconnecting.
		if _, err := db.SetInboxMembers(e.sys, e.sales.ID, &switchboard.InboxMembers{AgentIDs: []int64{e.ann.ID, e.bob.ID}}); err != nil {
			t.Fatal(err)
		}
		e.reply(e.adminCtx, e.salesC, "now bob sees sales")
		for _, ev := range until(t, bob, isMessage("now bob sees sales")) {
			if ev.Type == switchboard.EventConversationRead {
				t.Errorf("bob received ann's read state")
			}
		}
	})
}

// inboxChanged matches the inbox.changed events about one inbox, whatever they carry.
func inboxChanged(inboxID int64) func(*switchboard.Event) bool {
	return func(ev *switchboard.Event) bool {
		var d struct{ ID int64 }
		return ev.Type == switchboard.EventInboxChanged && json.Unmarshal(ev.Data, &d) == nil && d.ID == inboxID
	}
}

// noInboxChange fails the test for every inbox.changed event among seen.
func noInboxChange(t *testing.T, who string, seen []*switchboard.Event) {
	t.Helper()
	for _, ev := range seen {
		if ev.Type == switchboard.EventInboxChanged {
			t.Errorf("%s received inbox.changed: %s", who, ev.Data)
		}
	}
}

// An inbox's membership changes reach those who see the inbox (its members, new ones included,
// and admins) and the agents it leaves, who hear of it without its members so that their lists
// drop it, live and on resuming; agents of other inboxes hear nothing of them, nor of its
// deletion.
func TestInboxChangesReachOnlyWhoSeesTheInbox(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{})
		cy, err := db.CreateAgent(e.sys, &switchboard.AgentCreate{Name: "cy", Email: "cy@x.test", Role: switchboard.RoleAgent, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		if e.tokens[cy.ID], _, err = db.CreateAPIToken(switchboard.NewContextWithAgent(context.Background(), cy), "ws"); err != nil {
			t.Fatal(err)
		}
		ann, bob, admin := e.dial(e.ann, ""), e.dial(e.bob, ""), e.dial(e.admin, "")
		setMembers := func(inbox *switchboard.Inbox, agents ...int64) {
			t.Helper()
			if _, err := db.SetInboxMembers(e.adminCtx, inbox.ID, &switchboard.InboxMembers{AgentIDs: agents}); err != nil {
				t.Fatal(err)
			}
		}
		// Ann, of Sales only, sees a message of Sales after each change of Support, and no change
		// before it.
		annSeesNothing := func(text string) {
			t.Helper()
			e.reply(e.adminCtx, e.salesC, text)
			noInboxChange(t, "ann, of another inbox,", until(t, ann, isMessage(text)))
		}

		// Cy joins Support: Bob and the admin hear of it, with the members.
		setMembers(e.support, e.bob.ID, cy.ID)
		for who, c := range map[string]*websocket.Conn{"bob": bob, "admin": admin} {
			seen := until(t, c, inboxChanged(e.support.ID))
			if ev := seen[len(seen)-1]; !strings.Contains(string(ev.Data), `"members"`) {
				t.Errorf("%s got %s, want the members", who, ev.Data)
			}
		}
		annSeesNothing("after cy joined support")

		// Bob leaves Support: he hears of it, without the members who stay.
		setMembers(e.support, cy.ID)
		seen := until(t, bob, inboxChanged(e.support.ID))
		if ev := seen[len(seen)-1]; strings.Contains(string(ev.Data), `"members"`) || ev.AgentID == nil || *ev.AgentID != e.bob.ID {
			t.Errorf("bob, removed, got %s for agent %v", ev.Data, ev.AgentID)
		}
		until(t, admin, inboxChanged(e.support.ID))
		annSeesNothing("after bob left support")
		// Resuming, Bob finds it too, and Ann still nothing of Support.
		for _, c := range []struct {
			ctx  context.Context
			want bool
		}{{e.bobCtx, true}, {e.annCtx, false}} {
			evs, err := db.FindEvents(c.ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.ContainsFunc(evs, inboxChanged(e.support.ID)); got != c.want {
				t.Errorf("resuming, Support's changes found: %v, want %v", got, c.want)
			}
		}

		// Support is deleted: Cy, its last member, and the admin hear of it; Ann and Bob do not.
		cyConn := e.dial(cy, "")
		if err := db.DeleteInbox(e.adminCtx, e.support.ID); err != nil {
			t.Fatal(err)
		}
		until(t, cyConn, inboxChanged(e.support.ID))
		until(t, admin, inboxChanged(e.support.ID))
		annSeesNothing("after support was deleted")
		// Bob sees nothing of Sales, so what he hears next is his joining it.
		setMembers(e.sales, e.ann.ID, e.bob.ID)
		for _, ev := range until(t, bob, inboxChanged(e.sales.ID)) {
			if inboxChanged(e.support.ID)(ev) {
				t.Errorf("bob, no longer of Support, heard of its deletion: %s", ev.Data)
			}
		}
	})
}

func TestStreamResumesWithoutGapOrRepeat(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{})
		c := e.dial(e.ann, "?after=0")
		// From after=0 the whole visible history arrives first, in order.
		until(t, c, isMessage("hello sales"))

		// Cut off mid-stream: events keep committing while Ann is away.
		for i := range 3 {
			e.reply(e.adminCtx, e.salesC, fmt.Sprintf("before cut %d", i))
		}
		until(t, c, isMessage("before cut 2"))
		c.CloseNow()
		var want []string
		for i := range 5 {
			text := fmt.Sprintf("while away %d", i)
			e.reply(e.adminCtx, e.salesC, text)
			want = append(want, text)
		}
		all, err := db.FindEvents(e.annCtx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Resume after the last event received before the cut.
		var resumeAfter int64
		for _, ev := range all {
			if isMessage("before cut 2")(ev) {
				resumeAfter = ev.ID
			}
		}
		var wantIDs []int64
		for _, ev := range all {
			if ev.ID > resumeAfter {
				wantIDs = append(wantIDs, ev.ID)
			}
		}
		c2 := e.dial(e.ann, fmt.Sprintf("?after=%d", resumeAfter))
		e.reply(e.adminCtx, e.salesC, "after reconnect")
		var gotIDs []int64
		var texts []string
		for _, ev := range until(t, c2, isMessage("after reconnect")) {
			gotIDs = append(gotIDs, ev.ID)
			for _, w := range want {
				if isMessage(w)(ev) {
					texts = append(texts, w)
				}
			}
		}
		if !slices.Equal(texts, want) {
			t.Errorf("missed while away: got %v, want %v", texts, want)
		}
		for i := 1; i < len(gotIDs); i++ {
			if gotIDs[i] <= gotIDs[i-1] {
				t.Errorf("ids out of order or repeated: %v", gotIDs)
				break
			}
		}
		if len(gotIDs) < len(wantIDs) || !slices.Equal(gotIDs[:len(wantIDs)], wantIDs) {
			t.Errorf("after resume got ids %v, want %v then live ones", gotIDs, wantIDs)
		}
	})
}

func TestSlowSubscriberIsEndedNotSkipped(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{Buffer: 4})
		sub, err := e.hub.Subscribe(e.annCtx, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		for i := range 12 {
			e.reply(e.adminCtx, e.salesC, fmt.Sprintf("flood %d", i))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var lastID int64
		var n int
		for {
			ev, err := sub.Next(ctx)
			if err != nil {
				if err != realtime.ErrSlowConsumer {
					t.Fatalf("Next: %v, want ErrSlowConsumer", err)
				}
				break
			}
			if ev.ID <= lastID {
				t.Fatalf("event %d after %d", ev.ID, lastID)
			}
			lastID = ev.ID
			n++
		}
		// The hub publishes after each commit, on PostgreSQL through LISTEN/NOTIFY, so the reader
		// may take an event or two while the flood is still arriving; what matters is that the
		// stream ended long before the flood's end instead of skipping what did not fit.
		if n >= 12 {
			t.Errorf("read %d events of the flood through a 4-event buffer before the end", n)
		}
		// Resuming from the last id delivered finds every remaining event, in order. The hub may
		// still be publishing the flood, so the resumed stream can fall behind again; like a
		// client, resume again from the last id, which always makes progress since the replay
		// comes from the log.
		for seen := false; !seen; {
			sub2, err := e.hub.Subscribe(e.annCtx, lastID)
			if err != nil {
				t.Fatal(err)
			}
			for !seen {
				ev, err := sub2.Next(ctx)
				if err == realtime.ErrSlowConsumer {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				if ev.ID <= lastID {
					t.Fatalf("resumed stream repeated event %d after %d", ev.ID, lastID)
				}
				lastID = ev.ID
				seen = isMessage("flood 11")(ev)
			}
			sub2.Close()
		}
	})
}

func TestPresenceFollowsConnections(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{AwayAfter: 50 * time.Millisecond, Heartbeat: 20 * time.Millisecond})
		watcher := e.dial(e.admin, "")
		isPresence := func(id int64, p switchboard.Presence) func(*switchboard.Event) bool {
			return func(ev *switchboard.Event) bool {
				return ev.Type == switchboard.EventAgentPresence &&
					strings.Contains(string(ev.Data), fmt.Sprintf(`"id":%d,`, id)) && strings.Contains(string(ev.Data), `"presence":"`+string(p)+`"`)
			}
		}
		ann := e.dial(e.ann, "")
		until(t, watcher, isPresence(e.ann.ID, switchboard.PresenceOnline))
		ann.Close(websocket.StatusNormalClosure, "bye")
		until(t, watcher, isPresence(e.ann.ID, switchboard.PresenceAway))
	})
}

// slowReports is the store with slow presence reports, which it records.
type slowReports struct {
	*sqlstore.DB
	mu      sync.Mutex
	reports []int // the counts reported, in order
}

func (s *slowReports) ReportSessions(ctx context.Context, node string, agentID int64, count int) error {
	time.Sleep(20 * time.Millisecond)
	s.mu.Lock()
	s.reports = append(s.reports, count)
	s.mu.Unlock()
	return s.DB.ReportSessions(ctx, node, agentID, count)
}

func (s *slowReports) last() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reports) == 0 {
		return -1, 0
	}
	return s.reports[len(s.reports)-1], len(s.reports)
}

// An agent's connections are reported as their latest count, not one write each: twenty
// connections opened at once, while the store takes its time over each report, come to a few
// reports that end at twenty, and the agent is online; when all close, the last report is zero.
func TestPresenceReportsTheLatestCount(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		store := &slowReports{DB: db}
		e := newEnvWithHubStore(t, db, store, realtime.Options{})
		const n = 20
		conns := make([]*websocket.Conn, n)
		var wg sync.WaitGroup
		for i := range conns {
			wg.Add(1)
			go func() { defer wg.Done(); conns[i] = e.dial(e.ann, "") }()
		}
		wg.Wait()
		waitFor := func(want int) int {
			t.Helper()
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if last, reports := store.last(); last == want {
					return reports
				} else if time.Now().After(deadline) {
					t.Fatalf("last reported count %d after %d reports, want %d", last, reports, want)
				}
			}
		}
		if reports := waitFor(n); reports >= n {
			t.Errorf("%d connections took %d reports", n, reports)
		}
		ann, err := db.FindAgentByID(e.sys, e.ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ann.Presence != switchboard.PresenceOnline {
			t.Errorf("with %d connections ann is %s", n, ann.Presence)
		}
		for _, c := range conns {
			c.Close(websocket.StatusNormalClosure, "")
		}
		waitFor(0)
	})
}

// TestPublishedSignalsNewEvents: a follower waiting on Published hears of a new event without
// polling, and a burst of events leaves one pending signal, not a blocked hub.
func TestPublishedSignalsNewEvents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db, realtime.Options{Poll: time.Hour})
		ann := e.dial(e.ann, "") // the hub has found the log's head once a stream is open
		// Drain a signal the set-up's own events may have left.
		select {
		case <-e.hub.Published():
		default:
		}
		for i := range 3 {
			e.reply(e.adminCtx, e.salesC, fmt.Sprintf("burst %d", i))
		}
		until(t, ann, isMessage("burst 2"))
		select {
		case <-e.hub.Published():
		case <-time.After(10 * time.Second):
			t.Fatal("no signal after the hub published new events")
		}
	})
}
