package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// tableRouter is a NotificationRouter for the store's mechanics: for each event of a type in
// its table it returns the table's deliveries, for the event's inbox and conversation, titled
// by the event's type. It records what it was given.
type tableRouter struct {
	table map[switchboard.EventType][]switchboard.NotifyDelivery
	// all makes every type interesting (to see which events reach Route).
	all bool
	// panicAfter, when > 0, makes Route panic at that many calls: a step that dies half way.
	panicAfter int

	mu     sync.Mutex
	calls  int
	routed []*switchboard.Event
	facts  []*switchboard.NotifyFacts
}

func (r *tableRouter) Interesting(t switchboard.EventType) bool {
	_, ok := r.table[t]
	return ok || r.all
}

func (r *tableRouter) Route(e *switchboard.Event, f *switchboard.NotifyFacts) []switchboard.NotifyDelivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.panicAfter > 0 && r.calls >= r.panicAfter {
		panic("router died")
	}
	r.routed, r.facts = append(r.routed, e), append(r.facts, f)
	var out []switchboard.NotifyDelivery
	for _, d := range r.table[e.Type] {
		d.InboxID, d.ConversationID, d.Title, d.Body = e.InboxID, e.ConversationID, string(e.Type), fmt.Sprintf("event %d", e.ID)
		out = append(out, d)
	}
	return out
}

// lastFacts returns the facts of the last routed event.
func (r *tableRouter) lastFacts() *switchboard.NotifyFacts {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.facts[len(r.facts)-1]
}

// followAll runs the follower until it is caught up and returns how many events it read.
func followAll(t testing.TB, w *world, r switchboard.NotificationRouter) int {
	t.Helper()
	total := 0
	for range 1000 {
		n, err := w.db.FollowNotifications(w.sys, r, 200)
		if err != nil {
			t.Fatalf("follow notifications: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	t.Fatal("the follower never caught up")
	return 0
}

// page returns an agent's bell.
func page(t testing.TB, w *world, ctx context.Context, f switchboard.NotificationFilter) *switchboard.NotificationPage {
	t.Helper()
	p, err := w.db.Notifications(ctx, &f)
	if err != nil {
		t.Fatalf("notifications: %v", err)
	}
	return p
}

// titles lists a page's items as "title/event".
func titles(p *switchboard.NotificationPage) []string {
	out := []string{}
	for _, n := range p.Items {
		out = append(out, n.Title+"/"+n.Body)
	}
	return out
}

// eventsOf returns the events an agent may read of a type.
func eventsOf(t testing.TB, w *world, ctx context.Context, typ switchboard.EventType) []*switchboard.Event {
	t.Helper()
	all, err := w.db.FindEvents(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(e *switchboard.Event) bool { return e.Type != typ })
}

// subscribe registers a browser for the agent of ctx.
func subscribe(t testing.TB, w *world, ctx context.Context, endpoint string) *switchboard.PushSubscription {
	t.Helper()
	in := &switchboard.PushSubscriptionInput{Endpoint: endpoint, UserAgent: "Firefox"}
	in.Keys.P256dh = "B" + strings.Repeat("A", 86) // 65 bytes
	in.Keys.Auth = strings.Repeat("A", 22)         // 16 bytes
	s, err := w.db.SubscribePush(ctx, in)
	if err != nil {
		t.Fatalf("subscribe push: %v", err)
	}
	return s
}

// mailOn turns the notification emails' account on.
func mailOn(t testing.TB, w *world) {
	t.Helper()
	if _, err := w.db.UpdateNotificationMail(w.adminCtx, &switchboard.NotificationMailSettings{Enabled: true, Host: "smtp.example.com",
		FromAddress: "bell@example.com", Username: "bell", Password: "s3cret"}); err != nil {
		t.Fatalf("mail settings: %v", err)
	}
}

func all(media string) switchboard.NotifyDelivery {
	d := switchboard.NotifyDelivery{Trigger: switchboard.NotifyUnassigned}
	d.InApp = strings.Contains(media, "app")
	d.Push = strings.Contains(media, "push")
	d.Email = strings.Contains(media, "email")
	if strings.Contains(media, "sound") {
		d.Sound = "chime"
	}
	return d
}

func to(agent *switchboard.Agent, d switchboard.NotifyDelivery) switchboard.NotifyDelivery {
	d.AgentID = agent.ID
	return d
}

func TestNotificationsFollowExactlyOnce(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mailOn(t, w)
		s1 := subscribe(t, w, w.annCtx, "https://push.example.com/ann-1")
		s2 := subscribe(t, w, w.annCtx, "https://push.example.com/ann-2")
		r := &tableRouter{all: true, table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {
				to(w.ann, all("app push email sound")),
				to(w.bob, all("app")),   // does not see inbox1: never kept
				to(w.admin, all("app")), // sees everything
				to(w.super, all("app")), // the actor: never told
			},
		}}
		if n, err := db.FollowNotifications(w.adminCtx, r, 10); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN || n != 0 {
			t.Fatalf("an admin's step = %d, %v; want EFORBIDDEN", n, err)
		}
		conv := w.start(t, w.superCtx, w.inbox1, w.carla, "hello")
		if n, err := db.FollowNotifications(w.sys, r, 1000); err != nil || n == 0 {
			t.Fatalf("the follower read %d events: %v", n, err)
		}
		ann := page(t, w, w.annCtx, switchboard.NotificationFilter{})
		if diff := cmp.Diff([]string{"conversation.created/event " + fmt.Sprint(ann.Items[0].EventID)}, titles(ann)); diff != "" || ann.Unread != 1 {
			t.Fatalf("ann's bell (unread %d): %s", ann.Unread, diff)
		}
		n := ann.Items[0]
		if n.ConversationID == nil || *n.ConversationID != conv.ID || n.InboxID == nil || *n.InboxID != w.inbox1.ID ||
			n.ActorID == nil || *n.ActorID != w.super.ID || n.Trigger != switchboard.NotifyUnassigned || !n.InApp || n.ReadAt != nil {
			t.Fatalf("ann's notification = %+v", n)
		}
		if p := page(t, w, w.bobCtx, switchboard.NotificationFilter{}); len(p.Items) != 0 || p.Unread != 0 {
			t.Fatalf("bob's bell = %v", titles(p))
		}
		if p := page(t, w, w.superCtx, switchboard.NotificationFilter{}); len(p.Items) != 0 {
			t.Fatalf("the actor's bell = %v", titles(p))
		}
		if got := db.CountRowsForTest("notifications"); got != 2 {
			t.Fatalf("%d notifications kept, want ann's and the admin's", got)
		}
		// The live event, to ann alone, with the sound.
		live := eventsOf(t, w, w.annCtx, switchboard.EventNotificationCreated)
		if len(live) != 1 {
			t.Fatalf("ann's live events = %d, want 1", len(live))
		}
		var data switchboard.Notification
		if err := json.Unmarshal(live[0].Data, &data); err != nil {
			t.Fatal(err)
		}
		if data.ID != n.ID || data.Sound != "chime" || !data.InApp || data.Title != n.Title {
			t.Fatalf("live event data = %+v", data)
		}
		if got := eventsOf(t, w, w.bobCtx, switchboard.EventNotificationCreated); len(got) != 0 {
			t.Fatalf("bob heard %d live notifications", len(got))
		}
		// One push job per browser, one email job.
		wantPush := []string{fmt.Sprintf("push:%d:%d", n.ID, s1.ID), fmt.Sprintf("push:%d:%d", n.ID, s2.ID)}
		if diff := cmp.Diff(wantPush, db.JobKeysForTest(switchboard.JobSendPush)); diff != "" {
			t.Fatalf("push jobs: %s", diff)
		}
		if diff := cmp.Diff([]string{fmt.Sprintf("notify_email:%d", w.ann.ID)}, db.JobKeysForTest(switchboard.JobSendNotificationEmail)); diff != "" {
			t.Fatalf("email jobs: %s", diff)
		}
		// Stepping again does nothing: the cursor is past the events and the follower's own.
		cursor := db.NotifyCursorForTest()
		commits := 0
		db.SetBeforeCommitForTest(func() { commits++ })
		if n := followAll(t, w, r); n != 0 {
			t.Fatalf("a step after catching up read %d events", n)
		}
		if db.NotifyCursorForTest() != cursor || db.CountRowsForTest("notifications") != 2 || len(db.JobKeysForTest(switchboard.JobSendPush)) != 2 {
			t.Fatal("a step after catching up changed something")
		}
		db.SetBeforeCommitForTest(nil)
		if commits != 0 {
			t.Fatalf("a step with nothing to do took the writer (%d commits)", commits)
		}
		// A second conversation: one more each; the email job waiting is not moved nor doubled.
		jobsBefore, err := db.FindJobs(w.adminCtx, switchboard.JobAvailable, 500)
		if err != nil {
			t.Fatal(err)
		}
		w.start(t, w.superCtx, w.inbox1, w.dino, "again")
		followAll(t, w, r)
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{}); got.Unread != 2 || len(got.Items) != 2 {
			t.Fatalf("ann's bell after a second conversation: %v", titles(got))
		}
		if got := db.JobKeysForTest(switchboard.JobSendNotificationEmail); len(got) != 1 {
			t.Fatalf("email jobs = %v, want one", got)
		}
		jobsAfter, err := db.FindJobs(w.adminCtx, switchboard.JobAvailable, 500)
		if err != nil {
			t.Fatal(err)
		}
		runAt := func(js []*switchboard.Job) (at []time.Time) {
			for _, j := range js {
				if j.Kind == switchboard.JobSendNotificationEmail {
					at = append(at, j.RunAt)
				}
			}
			return at
		}
		if diff := cmp.Diff(runAt(jobsBefore), runAt(jobsAfter)); diff != "" {
			t.Fatalf("the email job moved: %s", diff)
		}
		if got := len(db.JobKeysForTest(switchboard.JobSendPush)); got != 4 {
			t.Fatalf("%d push jobs, want 4", got)
		}
		for _, e := range r.routed {
			if strings.HasPrefix(string(e.Type), "notification.") {
				t.Fatalf("the router was given the follower's own event %s", e.Type)
			}
		}
	})
}

// TestNotificationsStepRollsBack: a step that dies half way keeps nothing, and the next keeps
// everything once.
func TestNotificationsStepRollsBack(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		table := map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, all("app")), to(w.admin, all("app sound"))},
		}
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		w.start(t, w.superCtx, w.inbox1, w.dino, "two")
		cursor := db.NotifyCursorForTest()
		func() {
			defer func() {
				if p := recover(); p == nil {
					t.Fatal("the dying router did not die")
				}
			}()
			_, _ = db.FollowNotifications(w.sys, &tableRouter{table: table, panicAfter: 2}, 200)
		}()
		if db.NotifyCursorForTest() != cursor || db.CountRowsForTest("notifications") != 0 ||
			len(eventsOf(t, w, w.adminCtx, switchboard.EventNotificationCreated)) != 0 {
			t.Fatal("a step that died kept something")
		}
		followAll(t, w, &tableRouter{table: table})
		if got := db.CountRowsForTest("notifications"); got != 4 {
			t.Fatalf("%d notifications, want 4", got)
		}
		if got := len(eventsOf(t, w, w.adminCtx, switchboard.EventNotificationCreated)); got != 2 {
			t.Fatalf("%d live events to the admin, want 2", got)
		}
		followAll(t, w, &tableRouter{table: table})
		if got := db.CountRowsForTest("notifications"); got != 4 {
			t.Fatalf("%d notifications after stepping again, want 4", got)
		}
	})
}

// TestNotificationsOneNodeSteps: while another node holds the step, a step does nothing.
func TestNotificationsOneNodeSteps(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		release, ok := db.HoldNotifyLockForTest()
		if !ok {
			t.Skip("SQLite has one writer: no lock")
		}
		r := bellRouter(w, "app")
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		cursor := db.NotifyCursorForTest()
		if n, err := db.FollowNotifications(w.sys, r, 200); err != nil || n != 0 {
			t.Fatalf("a step while another node holds it = %d, %v", n, err)
		}
		if db.NotifyCursorForTest() != cursor || db.CountRowsForTest("notifications") != 0 {
			t.Fatal("a step while another node holds it did something")
		}
		release()
		followAll(t, w, r)
		if got := db.CountRowsForTest("notifications"); got != 2 {
			t.Fatalf("%d notifications after the other node let go, want 2", got)
		}
	})
}

// TestNotificationsLiveAndMedia: the live event only for the bell or a sound; pushes only to
// agents with a browser; emails only with the account on.
func TestNotificationsLiveAndMedia(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, all("push email")), to(w.admin, all("sound"))},
		}}
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		followAll(t, w, r)
		if got := eventsOf(t, w, w.annCtx, switchboard.EventNotificationCreated); len(got) != 0 {
			t.Fatalf("ann heard a push-only notification live")
		}
		live := eventsOf(t, w, w.adminCtx, switchboard.EventNotificationCreated)
		if len(live) != 1 {
			t.Fatalf("the admin's live events = %d, want 1 (a sound)", len(live))
		}
		var n switchboard.Notification
		if err := json.Unmarshal(live[0].Data, &n); err != nil || n.InApp || n.Sound != "chime" {
			t.Fatalf("live data = %+v, %v", n, err)
		}
		// Neither kind is listed in a bell.
		if p := page(t, w, w.annCtx, switchboard.NotificationFilter{}); len(p.Items) != 0 || p.Unread != 0 {
			t.Fatalf("ann's bell lists %v", titles(p))
		}
		if len(db.JobKeysForTest(switchboard.JobSendPush)) != 0 || len(db.JobKeysForTest(switchboard.JobSendNotificationEmail)) != 0 {
			t.Fatal("a push or an email was queued without a browser or an account")
		}
		if got := db.CountRowsForTest("notifications"); got != 2 {
			t.Fatalf("%d notifications kept, want 2", got)
		}
		// The facts say so too.
		f := r.lastFacts()
		if a := f.Agents[w.ann.ID]; a == nil || a.Push || a.Mail || a.Active || a.Email != "ann@team.test" || a.Location.String() != "Europe/Rome" ||
			!a.Scope.Has(w.inbox1.ID) || a.Scope.Has(w.inbox2.ID) {
			t.Fatalf("ann's facts = %+v", a)
		}
		if a := f.Agents[w.bob.ID]; a == nil || !a.Scope.Has(w.inbox2.ID) || a.Scope.Has(w.inbox1.ID) {
			t.Fatalf("bob's facts (a team's inbox) = %+v", a)
		}
		if a := f.Agents[w.super.ID]; a == nil || !a.Scope.All {
			t.Fatalf("the supervisor's facts = %+v", a)
		}
	})
}

// TestNotificationsFacts: the conversations and messages the events name, as they are now.
func TestNotificationsFacts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		m, _, err := db.CreateMessage(w.superCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: "look @ann",
			Mentions: []int64{w.ann.ID}})
		if err != nil {
			t.Fatal(err)
		}
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{switchboard.EventMessageCreated: nil}}
		followAll(t, w, r)
		f := r.lastFacts()
		c := f.Conversations[conv.ID]
		if c == nil || c.InboxID != w.inbox1.ID || c.ContactName != "Carla Rossi" || c.Status != conv.Status {
			t.Fatalf("conversation facts = %+v", c)
		}
		got := f.Messages[m.ID]
		if got == nil || !got.Note || got.Text != "look @ann" || got.SenderID == nil || *got.SenderID != w.super.ID ||
			!slices.Equal(got.Mentions, []int64{w.ann.ID}) || got.ConversationID != conv.ID {
			t.Fatalf("message facts = %+v", got)
		}
		if f.Agents[w.ann.ID] == nil || f.Now.IsZero() {
			t.Fatalf("facts without agents or time: %+v", f)
		}
	})
}

// TestNotificationsStepBounded: a step ends once it kept its share of deliveries, after the
// event that passed it, and the next step takes up from there: nothing lost, nothing twice.
func TestNotificationsStepBounded(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		db.SetNotifyStepCapForTest(2)
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, all("app")), to(w.admin, all("app"))},
		}}
		for i := range 3 {
			c, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr(fmt.Sprintf("Bounded %d", i)), Phone: ptr(fmt.Sprintf("+39 333 444 %04d", i))})
			if err != nil {
				t.Fatal(err)
			}
			w.start(t, w.superCtx, w.inbox1, c, "hello")
		}
		if n, err := db.FollowNotifications(w.sys, r, 200); err != nil || n == 0 {
			t.Fatalf("first step read %d: %v", n, err)
		}
		if got := db.CountRowsForTest("notifications"); got != 2 {
			t.Fatalf("the first step kept %d notifications, want 2 (one event's)", got)
		}
		followAll(t, w, r)
		if got := db.CountRowsForTest("notifications"); got != 6 {
			t.Fatalf("%d notifications after catching up, want 6", got)
		}
		if p := page(t, w, w.annCtx, switchboard.NotificationFilter{}); len(p.Items) != 3 {
			t.Fatalf("ann's bell = %v, want three", titles(p))
		}
	})
}
