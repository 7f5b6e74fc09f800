package notify_test

// The end-to-end test of notifications: every trigger made to happen through the real store as
// a user (or the system) would, the log followed by the real store step with the real router
// (notify.Router), on SQLite and PostgreSQL; then, per recipient, what was kept: the
// notification row, its live event, its push jobs, its email state and the email job.
//
// The world (Tuesday 8 December 2026, Europe/Rome): Admin (admin: sees every inbox, default
// settings); Bruno (agent, every medium on for every trigger, sound "bell", two browsers);
// Carla (agent, defaults but the bell off and a sound on for new unassigned conversations, and
// no push for customers' messages); Dario (agent of the inbox Sales only: he sees nothing of
// Support; every medium on); Elena (agent of Support, every medium on, a browser, deleted before
// anything happens). Bruno, Carla and Elena are members of Support. The mail account is on.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/notify"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

var rome = func() *time.Location {
	l, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return l
}()

// clock is the store's clock, moved by the test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		panic("the clock goes back")
	}
	c.now = t
}

// got is what one notification row became: one per recipient and event.
type got struct {
	Agent   string
	Trigger switchboard.NotificationTrigger
	InApp   bool
	Push    int    // send_push jobs naming it
	Email   bool   // email_state pending
	Live    int    // notification.created events addressed to its agent naming it
	Sound   string // the live event's sound
}

// e2e is the world, in one store.
type e2e struct {
	t   *testing.T
	db  *sqlstore.DB
	raw *sql.DB // reads what no API shows (rows kept only for a push, email states)
	clk *clock
	sys context.Context

	admin, bruno, carla, dario, elena *switchboard.Agent
	ctx                               map[string]context.Context
	names                             map[int64]string
	support, sales                    *switchboard.Inbox
	phone                             int // customers' numbers handed out

	markRow, markEvent int64 // what check has seen already
}

func (w *e2e) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// step runs the follower until it is caught up and returns how many events it read.
func (w *e2e) step() int {
	w.t.Helper()
	total := 0
	for range 1000 {
		n, err := w.db.FollowNotifications(w.sys, notify.Router{}, 200)
		w.must(err)
		if n == 0 {
			return total
		}
		total += n
	}
	w.t.Fatal("the follower never caught up")
	return 0
}

// customer writes from a new number (a new conversation) when from is "", and returns the
// conversation.
func (w *e2e) customer(inbox *switchboard.Inbox, from, text string) (string, int64) {
	w.t.Helper()
	if from == "" {
		w.phone++
		from = fmt.Sprintf("+39333100%04d", w.phone)
	}
	w.phone++
	_, c, _, err := w.db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ContactName: "Customer " + from[len(from)-4:],
		ProviderID: fmt.Sprintf("p-%d", w.phone), Text: text})
	w.must(err)
	return from, c.ID
}

func (w *e2e) assign(ctx context.Context, conv int64, agent *switchboard.Agent) {
	w.t.Helper()
	_, err := w.db.Assign(ctx, conv, switchboard.Assignment{AgentID: &agent.ID})
	w.must(err)
}

// settings saves an agent's settings through their own service, starting from the defaults.
func (w *e2e) settings(name string, change func(s *switchboard.NotificationSettings)) {
	w.t.Helper()
	s, err := w.db.NotificationSettings(w.ctx[name])
	w.must(err)
	change(s)
	_, err = w.db.UpdateNotificationSettings(w.ctx[name], s)
	w.must(err)
}

// everything turns every medium on for every trigger.
func everything(sound string) func(s *switchboard.NotificationSettings) {
	return func(s *switchboard.NotificationSettings) {
		for _, t := range switchboard.NotificationTriggers {
			s.Triggers[t] = switchboard.NotificationChoice{App: true, Push: true, Email: true, Sound: true}
		}
		s.Sound = sound
	}
}

// subscribe registers n browsers of an agent.
func (w *e2e) subscribe(name string, n int) {
	w.t.Helper()
	for i := range n {
		in := &switchboard.PushSubscriptionInput{Endpoint: fmt.Sprintf("https://push.example.com/%s/%d", name, i), UserAgent: "Firefox"}
		in.Keys.P256dh = "B" + strings.Repeat("A", 86) // 65 bytes
		in.Keys.Auth = strings.Repeat("A", 22)         // 16 bytes
		_, err := w.db.SubscribePush(w.ctx[name], in)
		w.must(err)
	}
}

// check compares what the steps since the last check kept with want (any order), then checks
// the email jobs (exactly one per agent with emails pending, none for others) and that the bell
// of each recipient lists exactly its in-app notifications.
func (w *e2e) check(label string, want ...got) {
	w.t.Helper()
	type row struct {
		id, agent int64
		g         *got
	}
	rs, err := w.raw.QueryContext(context.Background(), fmt.Sprintf(
		"SELECT id, agent_id, trigger, in_app, email_state FROM notifications WHERE id > %d ORDER BY id", w.markRow))
	w.must(err)
	var rows []row
	byID := map[int64]*got{}
	for rs.Next() {
		var r row
		var email string
		r.g = &got{}
		w.must(rs.Scan(&r.id, &r.agent, &r.g.Trigger, &r.g.InApp, &email))
		r.g.Agent, r.g.Email = w.names[r.agent], email == "pending"
		if r.g.Agent == "" {
			r.g.Agent = fmt.Sprint("agent ", r.agent)
		}
		rows = append(rows, r)
		byID[r.id] = r.g
	}
	w.must(rs.Err())
	rs.Close()

	jobs, err := w.db.FindJobs(w.ctx["Admin"], switchboard.JobAvailable, 500)
	w.must(err)
	emailJobs := map[string]int{}
	for _, j := range jobs {
		switch j.Kind {
		case switchboard.JobSendPush:
			var a switchboard.SendPushArgs
			w.must(json.Unmarshal(j.Args, &a))
			if g := byID[a.NotificationID]; g != nil {
				g.Push++
			}
		case switchboard.JobSendNotificationEmail:
			var a switchboard.SendNotificationEmailArgs
			w.must(json.Unmarshal(j.Args, &a))
			emailJobs[w.names[a.AgentID]]++
		}
	}

	for after := w.markEvent; ; {
		events, err := w.db.FindEvents(w.sys, after, 500)
		w.must(err)
		if len(events) == 0 {
			break
		}
		for _, e := range events {
			after, w.markEvent = e.ID, e.ID
			if e.Type != switchboard.EventNotificationCreated {
				continue
			}
			var n switchboard.Notification
			w.must(json.Unmarshal(e.Data, &n))
			g := byID[n.ID]
			if g == nil || e.AgentID == nil || *e.AgentID != n.AgentID || w.names[n.AgentID] != g.Agent {
				w.t.Errorf("%s: notification.created %d for agent %v, of notification %d of agent %d: not one of this step's, or not addressed to its agent",
					label, e.ID, e.AgentID, n.ID, n.AgentID)
				continue
			}
			g.Live++
			g.Sound = n.Sound
		}
	}

	var have []got
	for _, r := range rows {
		have = append(have, *r.g)
		w.markRow = r.id
	}
	order := func(a, b got) int {
		return strings.Compare(a.Agent+"/"+string(a.Trigger), b.Agent+"/"+string(b.Trigger))
	}
	slices.SortStableFunc(have, order)
	want = slices.Clone(want)
	slices.SortStableFunc(want, order)
	if diff := cmp.Diff(want, have); diff != "" {
		w.t.Errorf("%s: deliveries (-want +got):\n%s", label, diff)
	}

	// Email: one job per agent with notifications waiting for an email, whatever their number.
	pending := map[string]int{}
	rs, err = w.raw.QueryContext(context.Background(), "SELECT agent_id, COUNT(*) FROM notifications WHERE email_state = 'pending' GROUP BY agent_id")
	w.must(err)
	for rs.Next() {
		var agent int64
		var n int
		w.must(rs.Scan(&agent, &n))
		pending[w.names[agent]] = n
	}
	w.must(rs.Err())
	rs.Close()
	for name := range w.ctx {
		if want := min(pending[name], 1); emailJobs[name] != want {
			w.t.Errorf("%s: %s has %d notifications waiting for an email and %d email jobs, want %d", label, name, pending[name], emailJobs[name], want)
		}
	}

	// The bell: each new notification is listed for its agent exactly when in app.
	for _, r := range rows {
		ctx := w.ctx[r.g.Agent]
		if ctx == nil {
			continue
		}
		p, err := w.db.Notifications(ctx, &switchboard.NotificationFilter{Limit: 100})
		w.must(err)
		listed := slices.ContainsFunc(p.Items, func(n *switchboard.Notification) bool { return n.ID == r.id })
		if listed != r.g.InApp {
			w.t.Errorf("%s: %s's bell lists notification %d (%s): %v, want %v", label, r.g.Agent, r.id, r.g.Trigger, listed, r.g.InApp)
		}
	}
}

// counts are the totals a repeated step must leave alone.
func (w *e2e) counts() string {
	w.t.Helper()
	var rows, pending int
	w.must(w.raw.QueryRowContext(context.Background(), "SELECT COUNT(*), COALESCE(SUM(CASE WHEN email_state = 'pending' THEN 1 ELSE 0 END), 0) FROM notifications").Scan(&rows, &pending))
	jobs, err := w.db.FindJobs(w.ctx["Admin"], switchboard.JobAvailable, 500)
	w.must(err)
	kinds := map[string]int{}
	for _, j := range jobs {
		kinds[j.Kind]++
	}
	var live int
	for after := int64(0); ; {
		events, err := w.db.FindEvents(w.sys, after, 500)
		w.must(err)
		if len(events) == 0 {
			break
		}
		for _, e := range events {
			after = e.ID
			if e.Type == switchboard.EventNotificationCreated {
				live++
			}
		}
	}
	return fmt.Sprintf("rows %d, pending %d, push jobs %d, email jobs %d, live events %d",
		rows, pending, kinds[switchboard.JobSendPush], kinds[switchboard.JobSendNotificationEmail], live)
}

// rawDB opens a read connection of the test's own to the store's database.
func rawDB(t *testing.T, engine, u string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", u
	if engine == "sqlite" {
		driver, dsn = "sqlite", "file:"+url.PathEscape(u)+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func build(t *testing.T, e sqltest.Engine) *e2e {
	clk := &clock{now: time.Date(2026, 12, 8, 9, 0, 0, 0, rome)}
	db, u := e.Open(t, sqltest.Options{Now: clk.Now, SLA: automation.SLAPlanner{}})
	w := &e2e{t: t, db: db, raw: rawDB(t, e.Name, u), clk: clk, sys: switchboard.NewSystemContext(context.Background()),
		ctx: map[string]context.Context{}, names: map[int64]string{}}
	mk := func(name string, role switchboard.Role) *switchboard.Agent {
		a, err := db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: name, Email: strings.ToLower(name) + "@team.test", Role: role,
			Password: "correct horse battery", TimeZone: "Europe/Rome", Language: "en"})
		w.must(err)
		w.ctx[name], w.names[a.ID] = switchboard.NewContextWithAgent(context.Background(), a), name
		return a
	}
	w.admin = mk("Admin", switchboard.RoleAdmin)
	w.bruno = mk("Bruno", switchboard.RoleAgent)
	w.carla = mk("Carla", switchboard.RoleAgent)
	w.dario = mk("Dario", switchboard.RoleAgent)
	w.elena = mk("Elena", switchboard.RoleAgent)
	var err error
	w.support, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Support")})
	w.must(err)
	w.sales, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Sales")})
	w.must(err)
	_, err = db.SetInboxMembers(w.sys, w.support.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.bruno.ID, w.carla.ID, w.elena.ID}})
	w.must(err)
	_, err = db.SetInboxMembers(w.sys, w.sales.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.dario.ID}})
	w.must(err)
	_, err = db.UpdateNotificationMail(w.ctx["Admin"], &switchboard.NotificationMailSettings{Enabled: true, Host: "smtp.example.com",
		FromAddress: "bell@example.com", Username: "bell", Password: "s3cret"})
	w.must(err)

	w.settings("Bruno", everything("bell"))
	w.settings("Dario", everything("pop"))
	w.settings("Elena", everything("ping"))
	w.settings("Carla", func(s *switchboard.NotificationSettings) {
		s.Triggers[switchboard.NotifyUnassigned] = switchboard.NotificationChoice{Sound: true}
		c := s.Triggers[switchboard.NotifyMessage]
		c.Push = false
		s.Triggers[switchboard.NotifyMessage] = c
	})
	w.subscribe("Admin", 1)
	w.subscribe("Bruno", 2)
	w.subscribe("Carla", 1)
	w.subscribe("Dario", 1)
	w.subscribe("Elena", 1)
	w.must(db.DeleteAgent(w.ctx["Admin"], w.elena.ID))
	delete(w.ctx, "Elena") // her rows would still show by name
	return w
}

// TestEndToEnd makes every trigger happen through the store and follows it with the router.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := build(t, e)
			db, admin := w.db, w.ctx["Admin"]
			if n := w.step(); n == 0 {
				t.Error("the follower read none of the setting up's events")
			}
			w.check("setting up")

			// Bruno's media for a trigger: everything, on his two browsers.
			bruno := func(tr switchboard.NotificationTrigger) got {
				return got{Agent: "Bruno", Trigger: tr, InApp: true, Push: 2, Email: true, Live: 1, Sound: "bell"}
			}
			dflt := func(name string, tr switchboard.NotificationTrigger) got { // the default settings, one browser
				c := switchboard.DefaultNotificationSettings().Triggers[tr]
				g := got{Agent: name, Trigger: tr, InApp: c.App, Email: c.Email, Live: 1}
				if c.Push {
					g.Push = 1
				}
				return g
			}
			carlaUnassigned := got{Agent: "Carla", Trigger: switchboard.NotifyUnassigned, Live: 1, Sound: "chime"} // no bell: a sound alone

			// New unassigned conversations: everyone seeing the inbox; Dario only of Sales.
			fromA, a := w.customer(w.support, "", "My order is late")
			fromC, c := w.customer(w.support, "", "Wrong size")
			_, z := w.customer(w.sales, "", "A quote, please")
			w.step()
			w.check("unassigned",
				dflt("Admin", switchboard.NotifyUnassigned), dflt("Admin", switchboard.NotifyUnassigned), dflt("Admin", switchboard.NotifyUnassigned),
				bruno(switchboard.NotifyUnassigned), bruno(switchboard.NotifyUnassigned), carlaUnassigned, carlaUnassigned,
				got{Agent: "Dario", Trigger: switchboard.NotifyUnassigned, InApp: true, Push: 1, Email: true, Live: 1, Sound: "pop"})

			// Assigned by the admin: the assignee; the admin taking one himself is told nothing.
			w.assign(admin, a, w.bruno)
			w.assign(admin, c, w.carla)
			w.assign(admin, z, w.admin)
			w.step()
			w.check("assigned", bruno(switchboard.NotifyAssigned), dflt("Carla", switchboard.NotifyAssigned))
			// In his words, with the contact's and the admin's names from the store.
			p, err := db.Notifications(w.ctx["Bruno"], &switchboard.NotificationFilter{Limit: 1})
			w.must(err)
			var newest string
			if len(p.Items) == 1 && p.Items[0].ConversationID != nil {
				newest = fmt.Sprintf("%s/%s (conversation %d)", p.Items[0].Title, p.Items[0].Body, *p.Items[0].ConversationID)
			}
			if want := fmt.Sprintf("Assigned to you: Customer %s/Admin assigned you this conversation (conversation %d)", fromA[len(fromA)-4:], a); newest != want {
				t.Errorf("Bruno's newest notification = %q, want %q", newest, want)
			}

			// Customers write again: the assignee (Carla chose no push for messages).
			w.customer(w.support, fromA, "Any news?")
			w.customer(w.support, fromC, "Hello?")
			w.step()
			w.check("message", bruno(switchboard.NotifyMessage),
				got{Agent: "Carla", Trigger: switchboard.NotifyMessage, InApp: true, Live: 1})

			// Bruno's note mentions himself, Carla and the admin: not him.
			_, _, err = db.CreateMessage(w.ctx["Bruno"], c, &switchboard.MessageCreate{Note: true, Text: "@Carla @Admin have a look",
				Mentions: []int64{w.bruno.ID, w.carla.ID, w.admin.ID}})
			w.must(err)
			w.step()
			w.check("mention", dflt("Carla", switchboard.NotifyMention), dflt("Admin", switchboard.NotifyMention))

			// SLA: a policy on Carla's conversation, its warning then its breach, by the timers.
			fast, err := db.CreateSLAPolicy(admin, &switchboard.SLAPolicy{Name: "Fast", FirstResponseMinutes: 30, WarnMinutes: 10})
			w.must(err)
			conv, err := db.ApplySLA(admin, c, &fast.ID)
			w.must(err)
			if conv.SLA == nil || len(conv.SLA.Targets) != 1 || conv.SLA.Targets[0].WarningAt == nil {
				t.Fatalf("SLA applied: %+v", conv.SLA)
			}
			target := conv.SLA.Targets[0]
			w.clk.set(*target.WarningAt)
			w.must(db.FireSLATimer(w.sys, switchboard.SLATimerArgs{ConversationID: c, Target: target.Target, Stage: switchboard.SLAStageWarning, DueAt: target.DueAt}))
			w.step()
			w.check("sla warning", dflt("Carla", switchboard.NotifySLAWarning))
			w.clk.set(target.DueAt.Add(time.Minute))
			w.must(db.FireSLATimer(w.sys, switchboard.SLATimerArgs{ConversationID: c, Target: target.Target, Stage: switchboard.SLAStageBreach, DueAt: target.DueAt}))
			w.step()
			w.check("sla breached", dflt("Carla", switchboard.NotifySLABreached))

			// A bot's hand-off: unassigned, so everyone seeing the inbox.
			_, _, err = db.SetInboxBot(admin, w.support.ID, &switchboard.InboxBotInput{Enabled: ptr(true), URL: ptr("https://bot.example.com/in"), Name: ptr("Helper")})
			w.must(err)
			_, h := w.customer(w.support, "", "Hi bot")
			w.step()
			w.check("unassigned (bot)", dflt("Admin", switchboard.NotifyUnassigned), bruno(switchboard.NotifyUnassigned), carlaUnassigned)
			if _, err := db.HandOff(switchboard.NewContextWithInbox(w.sys, w.support.ID), h, &switchboard.HandOff{Reason: "needs a person"}); err != nil {
				t.Fatal(err)
			}
			_, _, err = db.SetInboxBot(admin, w.support.ID, &switchboard.InboxBotInput{Enabled: ptr(false)})
			w.must(err)
			w.step()
			w.check("handoff", dflt("Admin", switchboard.NotifyHandoff), bruno(switchboard.NotifyHandoff), dflt("Carla", switchboard.NotifyHandoff))

			// Bruno's reply could not be delivered (what delivery records): Bruno.
			m, _, err := db.CreateMessage(w.ctx["Bruno"], a, &switchboard.MessageCreate{Text: "It ships today."})
			w.must(err)
			_, err = db.SetMessageStatus(w.sys, m.ID, switchboard.MessageFailed, "131026", "Message undeliverable")
			w.must(err)
			w.step()
			w.check("failed", bruno(switchboard.NotifyFailed))

			// Bruno snoozes his conversation; it wakes up (the wake-up job's call): Bruno.
			_, err = db.Snooze(w.ctx["Bruno"], a, w.clk.Now().Add(time.Hour))
			w.must(err)
			w.step()
			w.check("snoozed")
			w.clk.set(w.clk.Now().Add(time.Hour + time.Minute))
			w.must(db.WakeConversation(w.sys, a))
			w.step()
			w.check("reopened", bruno(switchboard.NotifyReopened))

			// Snoozed again, the customer's message wakes it: one notification, of the message.
			_, err = db.Snooze(w.ctx["Bruno"], a, w.clk.Now().Add(time.Hour))
			w.must(err)
			w.step()
			w.check("snoozed again")
			w.customer(w.support, fromA, "Any news?")
			w.step()
			w.check("woken by the customer", bruno(switchboard.NotifyMessage))

			// Bruno's quiet hours (Rome's time now is inside them): the bell and the email,
			// no push nor sound.
			now := w.clk.Now().In(rome)
			w.settings("Bruno", func(s *switchboard.NotificationSettings) {
				s.QuietHours = &switchboard.QuietHours{From: now.Add(-time.Hour).Format("15:04"), To: now.Add(time.Hour).Format("15:04")}
			})
			w.customer(w.support, fromA, "Still waiting")
			w.step()
			w.check("quiet hours", got{Agent: "Bruno", Trigger: switchboard.NotifyMessage, InApp: true, Email: true, Live: 1})
			w.settings("Bruno", func(s *switchboard.NotificationSettings) { s.QuietHours = nil })

			// Bruno has Switchboard in front of him: no push, unless he wants them anyway.
			w.must(db.SetActive(w.ctx["Bruno"], true))
			w.customer(w.support, fromA, "Are you there?")
			w.step()
			w.check("active", got{Agent: "Bruno", Trigger: switchboard.NotifyMessage, InApp: true, Email: true, Live: 1, Sound: "bell"})
			w.settings("Bruno", func(s *switchboard.NotificationSettings) { s.PushWhileActive = true })
			w.customer(w.support, fromA, "Hello?")
			w.step()
			w.check("active, push while active", bruno(switchboard.NotifyMessage))
			w.must(db.SetActive(w.ctx["Bruno"], false))

			// Bruno turns push and email off for messages: the bell and the sound only.
			w.settings("Bruno", func(s *switchboard.NotificationSettings) {
				s.Triggers[switchboard.NotifyMessage] = switchboard.NotificationChoice{App: true, Sound: true}
			})
			w.customer(w.support, fromA, "One more thing")
			w.step()
			w.check("medium off", got{Agent: "Bruno", Trigger: switchboard.NotifyMessage, InApp: true, Live: 1, Sound: "bell"})

			// Carla leaves Support after the events but before the step: nothing for her.
			w.customer(w.support, "", "New here")
			w.customer(w.support, fromC, "Carla?")
			_, err = db.SetInboxMembers(w.sys, w.support.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.bruno.ID}})
			w.must(err)
			w.step()
			w.check("Carla removed", dflt("Admin", switchboard.NotifyUnassigned), bruno(switchboard.NotifyUnassigned))

			// Several of Bruno's notifications wait for one email.
			var pending int
			w.must(w.raw.QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM notifications WHERE agent_id = %d AND email_state = 'pending'", w.bruno.ID)).Scan(&pending))
			if pending < 5 {
				t.Errorf("Bruno has %d notifications waiting for an email, want several", pending)
			}

			// Caught up: another step reads nothing and keeps nothing more.
			before := w.counts()
			if n, err := db.FollowNotifications(w.sys, notify.Router{}, 200); err != nil || n != 0 {
				t.Errorf("a step when caught up = %d, %v; want 0", n, err)
			}
			if after := w.counts(); after != before {
				t.Errorf("a step when caught up changed %s into %s", before, after)
			}
			w.check("caught up")
		})
	}
}
