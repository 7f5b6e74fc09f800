package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestAssignmentSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		s, err := db.AssignmentSettings(w.adminCtx, w.inbox1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Strategy != switchboard.AssignOff || !s.SelfAssignOnReply || s.Capacity != 0 || s.OfflineReturnMinutes != 0 {
			t.Errorf("default settings = %+v", s)
		}
		_, err = db.AssignmentSettings(w.annCtx, w.inbox1.ID)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.SetAssignmentSettings(w.annCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: switchboard.AssignBalanced})
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: "lottery", Capacity: -1,
			AgentCapacity: map[int64]int{w.ann.ID: -2}, OfflineReturnMinutes: -5})
		var e *switchboard.Error
		if wantCode(t, err, switchboard.EINVALID); !asError(err, &e) || len(e.Fields) != 4 {
			t.Errorf("errors = %v", err)
		}
		_, err = db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, AgentCapacity: map[int64]int{999999: 1}})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: 999999})
		wantCode(t, err, switchboard.ENOTFOUND)
		s, err = db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: switchboard.AssignRoundRobin,
			Capacity: 3, AgentCapacity: map[int64]int{w.ann.ID: 5}, OfflineReturnMinutes: 15})
		if err != nil {
			t.Fatal(err)
		}
		if s.Strategy != switchboard.AssignRoundRobin || s.Capacity != 3 || s.AgentCapacity[w.ann.ID] != 5 || s.OfflineReturnMinutes != 15 || s.SelfAssignOnReply {
			t.Errorf("settings = %+v", s)
		}

		// Self-assignment by replying is a setting: off here, the reply leaves it unassigned.
		m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000001", ProviderID: "sa-1", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, m.ConversationID, &switchboard.MessageCreate{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		conv, err := db.FindConversationByID(w.annCtx, m.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.AssigneeID != nil {
			t.Errorf("assignee after a reply with self-assignment off = %d", *conv.AssigneeID)
		}
	})
}

func asError(err error, e **switchboard.Error) bool {
	x, ok := err.(*switchboard.Error)
	*e = x
	return ok
}

// assignWorld is an inbox with auto-assignment and three member agents (Bob through a team).
type assignWorld struct {
	*world
	carl *switchboard.Agent
	n    int
	// tick, when set, moves a test's clock on before jobs are claimed (the store keeps its
	// times increasing, so what it queues under a stopped clock is due a moment later).
	tick func()
}

func newAssignWorld(t *testing.T, db *sqlstore.DB, settings func(w *assignWorld) switchboard.AssignmentSettings) *assignWorld {
	w := &assignWorld{world: newWorld(t, db)}
	var err error
	if w.carl, err = db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: "carl", Email: "carl@team.test", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if _, err = db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID, w.carl.ID}, TeamIDs: []int64{w.team.ID}}); err != nil {
		t.Fatal(err)
	}
	s := settings(w)
	s.InboxID = w.inbox1.ID
	if _, err := db.SetAssignmentSettings(w.adminCtx, &s); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *assignWorld) online(t *testing.T, a *switchboard.Agent, n int) {
	t.Helper()
	if err := w.db.ReportSessions(w.sys, "node-a", a.ID, n); err != nil {
		t.Fatal(err)
	}
}

// arrive receives n first messages from new customers, at once.
func (w *assignWorld) arrive(t *testing.T, n int) {
	t.Helper()
	start := w.n
	w.n += n
	ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
	receiveAtOnce(t, w.db, ch, n, func(i int) *switchboard.InboundBatch {
		from := fmt.Sprintf("+39333%07d", start+i)
		return &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: []byte("{}"),
			Messages: []*switchboard.InboundMessage{{From: from, ProviderID: "aa-" + from, Text: "hello"}}}
	})
}

// runJobs runs the queued auto-assign jobs the way the runner would.
func (w *assignWorld) runJobs(t *testing.T) {
	t.Helper()
	for {
		if w.tick != nil {
			w.tick()
		}
		js, err := w.db.ClaimJobs(w.sys, "node-a", 100, 60e9)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 0 {
			return
		}
		a := &automation.Assigner{Store: w.db, Teams: w.db}
		for _, j := range js {
			switch j.Kind {
			case switchboard.JobAutoAssign:
				if err := a.Handle(context.Background(), j); err != nil {
					t.Fatal(err)
				}
			case switchboard.JobAutoAssignTeam:
				if err := a.HandleTeam(context.Background(), j); err != nil {
					t.Fatal(err)
				}
			case switchboard.JobReturnToQueue:
				if err := a.Return(context.Background(), j); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func (w *assignWorld) want(t *testing.T, want map[int64]int) {
	t.Helper()
	got := w.db.AssignedForTest(w.inbox1.ID)
	for id, n := range want {
		if got[id] != n {
			t.Errorf("assigned %v; want %v (0: waiting; ann %d, bob %d, carl %d)", got, want, w.ann.ID, w.bob.ID, w.carl.ID)
			return
		}
	}
}

func TestAutoAssign(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newAssignWorld(t, db, func(w *assignWorld) switchboard.AssignmentSettings {
			return switchboard.AssignmentSettings{Strategy: switchboard.AssignBalanced, Capacity: 2,
				AgentCapacity: map[int64]int{w.bob.ID: 1}, SelfAssignOnReply: true}
		})
		// Nobody online: the conversations wait.
		w.arrive(t, 6)
		w.runJobs(t)
		w.want(t, map[int64]int{0: 6})

		// Ann and Bob come online: each up to their capacity, the rest wait; Carl is offline.
		w.online(t, w.ann, 1)
		w.online(t, w.bob, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 1, w.carl.ID: 0, 0: 3})

		// The milestone names the automatic assignment.
		convs, err := db.FindConversations(w.annCtx, switchboard.ConversationFilter{View: switchboard.ViewMine})
		if err != nil {
			t.Fatal(err)
		}
		if len(convs.Items) != 2 {
			t.Fatalf("ann has %d conversations", len(convs.Items))
		}
		msgs, err := db.FindMessages(w.annCtx, convs.Items[0].ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range msgs.Items {
			found = found || (m.Kind == switchboard.KindActivity && strings.Contains(m.Text, "Assigned to ann by automatic assignment"))
		}
		if !found {
			t.Error("no milestone of the automatic assignment")
		}

		// Resolving frees a place: the oldest waiting goes to Ann.
		if _, err := db.SetStatus(w.annCtx, convs.Items[0].ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 1, 0: 2})

		// Carl comes online and takes the rest.
		w.online(t, w.carl, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 1, w.carl.ID: 2, 0: 0})

		// Everyone is full: a new arrival waits.
		w.arrive(t, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{0: 1})

		// A conversation handed back by a bot waits too, and frees its agent's place: Bob takes
		// the oldest waiting one.
		bobs, err := db.FindConversations(w.bobCtx, switchboard.ConversationFilter{View: switchboard.ViewMine})
		if err != nil || len(bobs.Items) != 1 {
			t.Fatalf("bob's conversations: %v, %v", bobs, err)
		}
		if _, err := db.HandOff(w.sys, bobs.Items[0].ID, &switchboard.HandOff{Reason: "needs a person"}); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.bob.ID: 1, 0: 1})
	})
}

// TestAutoAssignConcurrent gives 200 conversations arriving at once, with assignment runs going
// on side by side (as on several nodes), and checks nobody goes above capacity.
func TestAutoAssignConcurrent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newAssignWorld(t, db, func(w *assignWorld) switchboard.AssignmentSettings {
			return switchboard.AssignmentSettings{Strategy: switchboard.AssignRoundRobin, Capacity: 60, AgentCapacity: map[int64]int{w.bob.ID: 50}}
		})
		w.online(t, w.ann, 1)
		w.online(t, w.bob, 1)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := db.AutoAssign(w.sys, w.inbox1.ID, automation.Pick); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		w.arrive(t, 200)
		close(stop)
		wg.Wait()
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 60, w.bob.ID: 50, w.carl.ID: 0, 0: 90})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "%by automatic assignment"); n != 110 {
			t.Errorf("%d milestones of automatic assignment; want one per conversation given, 110", n)
		}
	})
}

func TestReturnToQueue(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newAssignWorld(t, db, func(w *assignWorld) switchboard.AssignmentSettings {
			return switchboard.AssignmentSettings{Strategy: switchboard.AssignBalanced, Capacity: 2, OfflineReturnMinutes: 10}
		})
		w.tick = func() { clock.Add(time.Millisecond) }
		w.online(t, w.ann, 1)
		w.online(t, w.bob, 1)
		w.arrive(t, 4)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 2, 0: 0})

		// Ann goes offline by hand; five minutes later she still holds hers.
		if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOffline); err != nil {
			t.Fatal(err)
		}
		clock.Add(5 * time.Minute)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 2, 0: 0})

		// Back and gone again: the countdown starts over.
		if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOnline); err != nil {
			t.Fatal(err)
		}
		w.online(t, w.ann, 1) // her node beats again
		if a, err := db.FindAgentByID(w.sys, w.ann.ID); err != nil || a.Presence != switchboard.PresenceOnline {
			t.Fatalf("ann is %v (%v), want online", a, err)
		}
		if _, err := db.SetPresenceChoice(w.annCtx, switchboard.PresenceOffline); err != nil {
			t.Fatal(err)
		}
		clock.Add(6 * time.Minute)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, 0: 0})

		// Ten minutes offline: hers return to the queue; Bob is full, so they wait for Carl.
		clock.Add(5 * time.Minute)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 0, w.bob.ID: 2, 0: 2})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "%Returned to the queue by automatic assignment: ann was offline for 10 minutes"); n != 2 {
			t.Errorf("%d milestones of the return; want 2", n)
		}
		w.online(t, w.carl, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 0, w.bob.ID: 2, w.carl.ID: 2, 0: 0})
	})
}
