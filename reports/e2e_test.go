package reports_test

// The end-to-end test of reports: a hand-computed scenario played through the real store (both
// engines), its events followed by the real folder, and every figure read back through
// reports.Service, as the admin and as an agent. The expected values are literals written from
// the scenario below with the arithmetic in comments (e2e_expect_test.go); durations are kept to
// two significant figures (reports.Round), and percentiles are the nearest rank:
// rank = ceil(q × count).
//
// The world: agents Ada (admin), Bruno and Carla (agents), all in Europe/Rome; team Support
// (Bruno, Carla); inbox Mail (email, hours Monday–Friday 09:00–17:00 Europe/Rome, holiday
// Friday 27 November 2026) and inbox Phone (WhatsApp, no hours: business time = calendar time,
// surveys on); labels billing and vip; SLA policy Fast (first response in 30 calendar minutes).
// Times are Rome's (CET, UTC+1).
//
//	A (Mail)   Thu 26 Nov 16:30 the customer writes; 16:40 Ada assigns Bruno + Support; 16:50
//	           labels billing, vip. Mon 30 09:45 Bruno answers (first response 3 d 17 h 15 min
//	           calendar, 30 min Thu + 45 min Mon = 75 min business: Fri is a holiday, Sat–Sun
//	           closed); 10:00 Ada transfers it to Carla + Support; 10:30 the customer writes;
//	           11:10 Carla answers (reply 40 min); 11:30 Carla resolves. Tue 1 Dec 09:00 the
//	           customer writes again: reopened; 09:20 Carla answers (reply 20 min); 10:00 Carla
//	           resolves (1 h since the reopening).
//	B (Phone)  Mon 30 12:00 the customer writes; 12:05 Ada resolves it, nobody replied; 12:06
//	           the survey goes, never answered.
//	C (Phone)  Mon 30 13:00 the customer writes, policy Fast applied (due 13:30); 13:05 label
//	           vip; 13:10 Bruno answers (met; he takes it by replying); 13:20 Bruno resolves;
//	           13:21 the survey goes; 13:25 the customer answers "4".
//	D (Phone)  Mon 30 14:00 the customer writes, policy Fast (due 14:30); 14:31 the timer
//	           breaches it; 15:00 Carla answers (late: not met) and takes it. It stays open.
//	E (Phone)  Mon 30 15:30 the customer writes; 15:40 Bruno answers. Its contact is erased at
//	           the end: E leaves every figure.
//	Bruno's presence: online Mon 30 22:00, away Tue 1 01:30, offline 02:00.
//	Carla: online from Tue 1 08:55 (still online: no presence fact yet).
//	F (Phone)  Tue 1 11:00 the customer writes; open, unassigned, waiting.
//	I (Phone)  imported (no events): Tue 24 Nov 10:00 the customer wrote, 10:30 Bruno
//	           answered, resolved (at its last message), assigned to Bruno.
//
// The report asked: Thu 26 Nov – Wed 2 Dec 2026 (7 days) with the previous 7 days (19–25 Nov).

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

var romeZone = func() *time.Location {
	l, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return l
}()

// at reads "2006-01-02 15:04" in Rome as a UTC instant.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, romeZone)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// e2eClock is the store's clock, moved by the test.
type e2eClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *e2eClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *e2eClock) set(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := at(s)
	if t.Before(c.now) {
		panic("the clock goes back to " + s)
	}
	c.now = t
}

// world is the scenario as written into one store.
type world struct {
	t                 *testing.T
	db                *sqlstore.DB
	clk               *e2eClock
	sys               context.Context
	ada, bruno, carla *switchboard.Agent
	adaCtx, brunoCtx  context.Context
	carlaCtx          context.Context
	team              *switchboard.Team
	mail, phone       *switchboard.Inbox
	a, b, c, d, e, f  int64 // conversations
	eContact          int64
	svc               *reports.Service
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// receive records a customer's message at the clock's time and returns its conversation.
func (w *world) receive(in *switchboard.InboundMessage) *switchboard.Conversation {
	w.t.Helper()
	if in.Text == "" {
		in.Text = "hello"
	}
	_, c, _, err := w.db.Receive(w.sys, in)
	w.must(err)
	return c
}

func (w *world) reply(ctx context.Context, conv int64) {
	w.t.Helper()
	_, _, err := w.db.CreateMessage(ctx, conv, &switchboard.MessageCreate{Text: "on it"})
	w.must(err)
}

func (w *world) status(ctx context.Context, conv int64, s switchboard.ConversationStatus) {
	w.t.Helper()
	_, err := w.db.SetStatus(ctx, conv, s)
	w.must(err)
}

// follow steps the follower until it is caught up.
func (w *world) follow() { follow(w.t, w) }

func follow(t *testing.T, w *world) {
	t.Helper()
	for range 1000 {
		n, err := w.db.FollowReports(w.sys, 500)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the follower never caught up")
}

// build writes the scenario, moving the clock forward as it goes.
func build(t *testing.T, db *sqlstore.DB, clk *e2eClock) *world {
	w := &world{t: t, db: db, clk: clk, sys: switchboard.NewSystemContext(context.Background())}
	w.svc = reports.NewService(db, db)
	w.svc.Now = clk.Now // the running presence counts up to the scenario's now, not the machine's
	clk.set("2026-11-25 10:00")
	mk := func(name string, role switchboard.Role) (*switchboard.Agent, context.Context) {
		a, err := db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: name, Email: name + "@team.test", Role: role,
			Password: "correct horse battery", TimeZone: "Europe/Rome"})
		w.must(err)
		return a, switchboard.NewContextWithAgent(context.Background(), a)
	}
	w.ada, w.adaCtx = mk("Ada", switchboard.RoleAdmin)
	w.bruno, w.brunoCtx = mk("Bruno", switchboard.RoleAgent)
	w.carla, w.carlaCtx = mk("Carla", switchboard.RoleAgent)
	var err error
	w.team, err = db.CreateTeam(w.sys, &switchboard.TeamInput{Name: ptr("Support"), AgentIDs: &[]int64{w.bruno.ID, w.carla.ID}})
	w.must(err)
	w.mail, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Mail")})
	w.must(err)
	w.phone, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Phone")})
	w.must(err)
	for _, in := range []int64{w.mail.ID, w.phone.ID} {
		_, err = db.SetInboxMembers(w.sys, in, &switchboard.InboxMembers{TeamIDs: []int64{w.team.ID}})
		w.must(err)
	}
	hours := &switchboard.BusinessHours{TimeZone: "Europe/Rome", Holidays: []switchboard.Holiday{{Date: "2026-11-27", Name: "Bridge day"}}}
	for d := time.Monday; d <= time.Friday; d++ {
		hours.Week[d] = []switchboard.HoursInterval{{Start: "09:00", End: "17:00"}}
	}
	_, err = db.SetInboxAutomation(w.adaCtx, w.mail.ID, &switchboard.Automation{Hours: hours})
	w.must(err)
	_, err = db.SetCSATSettings(w.adaCtx, &switchboard.CSATSettings{InboxID: w.phone.ID, Enabled: true, Scale: switchboard.CSATFive})
	w.must(err)
	for _, l := range []string{"billing", "vip"} {
		_, err = db.CreateLabel(w.adaCtx, &switchboard.LabelInput{Name: ptr(l)})
		w.must(err)
	}
	fast, err := db.CreateSLAPolicy(w.adaCtx, &switchboard.SLAPolicy{Name: "Fast", FirstResponseMinutes: 30})
	w.must(err)
	assign := func(conv int64, agent *switchboard.Agent) {
		_, err := db.Assign(w.adaCtx, conv, switchboard.Assignment{AgentID: &agent.ID, TeamID: &w.team.ID})
		w.must(err)
	}

	// A, Thursday before the bridge holiday.
	clk.set("2026-11-26 16:30")
	w.a = w.receive(&switchboard.InboundMessage{InboxID: w.mail.ID, From: "anna@shop.test", ContactName: "Anna", ProviderID: "<a1@shop.test>",
		Subject: "Order", Threaded: true}).ID
	clk.set("2026-11-26 16:40")
	assign(w.a, w.bruno)
	clk.set("2026-11-26 16:50")
	_, err = db.AddLabels(w.adaCtx, w.a, []string{"billing", "vip"})
	w.must(err)

	// Monday.
	clk.set("2026-11-30 09:45")
	w.reply(w.brunoCtx, w.a)
	clk.set("2026-11-30 10:00")
	assign(w.a, w.carla)
	clk.set("2026-11-30 10:30")
	w.receive(&switchboard.InboundMessage{InboxID: w.mail.ID, From: "anna@shop.test", ProviderID: "<a2@shop.test>", Subject: "Re: Order",
		Threaded: true, References: []string{"<a1@shop.test>"}})
	clk.set("2026-11-30 11:10")
	w.reply(w.carlaCtx, w.a)
	clk.set("2026-11-30 11:30")
	w.status(w.carlaCtx, w.a, switchboard.StatusResolved)

	clk.set("2026-11-30 12:00")
	w.b = w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000002", ContactName: "Beppe", ProviderID: "b1"}).ID
	clk.set("2026-11-30 12:05")
	w.status(w.adaCtx, w.b, switchboard.StatusResolved)
	clk.set("2026-11-30 12:06")
	w.must(db.SendCSATSurvey(w.sys, w.b, &switchboard.CSATSurvey{Form: switchboard.SurveyText, Text: "Rate us 1-5"}))

	clk.set("2026-11-30 13:00")
	w.c = w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000003", ContactName: "Ciro", ProviderID: "c1"}).ID
	_, err = db.ApplySLA(w.adaCtx, w.c, &fast.ID)
	w.must(err)
	clk.set("2026-11-30 13:05")
	_, err = db.AddLabels(w.adaCtx, w.c, []string{"vip"})
	w.must(err)
	clk.set("2026-11-30 13:10")
	w.reply(w.brunoCtx, w.c)
	clk.set("2026-11-30 13:20")
	w.status(w.brunoCtx, w.c, switchboard.StatusResolved)
	clk.set("2026-11-30 13:21")
	w.must(db.SendCSATSurvey(w.sys, w.c, &switchboard.CSATSurvey{Form: switchboard.SurveyText, Text: "Rate us 1-5"}))
	clk.set("2026-11-30 13:25")
	if got := w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000003", ProviderID: "c2", Text: "4"}); got.ID != w.c {
		t.Fatalf("the survey's answer went to conversation %d, not C (%d)", got.ID, w.c)
	}

	clk.set("2026-11-30 14:00")
	w.d = w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000004", ContactName: "Dora", ProviderID: "d1"}).ID
	_, err = db.ApplySLA(w.adaCtx, w.d, &fast.ID)
	w.must(err)
	clk.set("2026-11-30 14:31")
	w.must(db.FireSLATimer(w.sys, switchboard.SLATimerArgs{ConversationID: w.d, Target: switchboard.SLAFirstResponse,
		Stage: switchboard.SLAStageBreach, DueAt: at("2026-11-30 14:30")}))
	clk.set("2026-11-30 15:00")
	w.reply(w.carlaCtx, w.d)

	clk.set("2026-11-30 15:30")
	e := w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000005", ContactName: "Elio", ProviderID: "e1"})
	w.e, w.eContact = e.ID, e.ContactID
	clk.set("2026-11-30 15:40")
	w.reply(w.brunoCtx, w.e)

	// Bruno's evening across midnight.
	clk.set("2026-11-30 22:00")
	w.must(db.ReportSessions(w.sys, "n1", w.bruno.ID, 1))
	clk.set("2026-12-01 01:30")
	_, err = db.SetPresenceChoice(w.brunoCtx, switchboard.PresenceAway)
	w.must(err)
	clk.set("2026-12-01 02:00")
	_, err = db.SetPresenceChoice(w.brunoCtx, switchboard.PresenceOffline)
	w.must(err)

	// Tuesday.
	clk.set("2026-12-01 08:55")
	w.must(db.ReportSessions(w.sys, "n1", w.carla.ID, 1))
	clk.set("2026-12-01 09:00")
	if got := w.receive(&switchboard.InboundMessage{InboxID: w.mail.ID, From: "anna@shop.test", ProviderID: "<a3@shop.test>", Subject: "Re: Order",
		Threaded: true, References: []string{"<a2@shop.test>"}}); got.ID != w.a || got.Status != switchboard.StatusOpen {
		t.Fatalf("the customer's new mail went to conversation %d (%s), want A (%d) reopened", got.ID, got.Status, w.a)
	}
	clk.set("2026-12-01 09:20")
	w.reply(w.carlaCtx, w.a)
	clk.set("2026-12-01 10:00")
	w.status(w.carlaCtx, w.a, switchboard.StatusResolved)
	clk.set("2026-12-01 11:00")
	w.f = w.receive(&switchboard.InboundMessage{InboxID: w.phone.ID, From: "+393330000006", ContactName: "Fabio", ProviderID: "f1"}).ID

	clk.set("2026-12-01 11:30")
	res, err := db.ImportConversations(w.adaCtx, w.phone.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{{
		ExternalID: "old-1", Contact: switchboard.ImportContact{Name: "Ivo", Phone: "+393330000007"}, Status: switchboard.StatusResolved,
		AssigneeID: &w.bruno.ID,
		Messages: []switchboard.ImportMessage{
			{Direction: switchboard.ImportIncoming, Text: "is my order late?", CreatedAt: at("2026-11-24 10:00"), ExternalID: "i1"},
			{Direction: switchboard.ImportOutgoing, Text: "it ships today", CreatedAt: at("2026-11-24 10:30"), ExternalID: "i2", AgentID: &w.bruno.ID},
		},
	}}})
	w.must(err)
	if res.Imported != 1 {
		t.Fatalf("imported %d conversations", res.Imported)
	}
	clk.set("2026-12-01 12:00")
	return w
}

// TestE2EReports plays the scenario on every engine and checks every figure (see
// e2e_expect_test.go), before and after the erasure, in Rome and in UTC, as the admin and as
// Bruno, and after a rebuild from the tables.
func TestE2EReports(t *testing.T) {
	t.Parallel()
	for _, eng := range sqltest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			clk := &e2eClock{}
			db, _ := eng.Open(t, sqltest.Options{Now: clk.Now, Reports: reports.NewFolder(), SLA: automation.SLAPlanner{}})
			w := build(t, db, clk)
			w.follow()

			// Before the erasure E counts: six conversations opened in the period.
			ov, err := w.svc.Overview(w.adaCtx, &switchboard.ReportQuery{From: "2026-11-26", To: "2026-12-02"})
			w.must(err)
			if ov.Figures.Opened != 6 || ov.Figures.MessagesOut != 6 {
				t.Fatalf("before the erasure: opened %d, messages out %d; want 6 and 6 (A, B, C, D, E, F; E's reply)", ov.Figures.Opened, ov.Figures.MessagesOut)
			}
			// E is open with Bruno (he took it by replying): live counts it until it is erased.
			live, err := w.svc.Live(w.adaCtx)
			w.must(err)
			if live.Open != 3 || live.Unassigned != 1 || live.Agents[1].Name != "Bruno" || live.Agents[1].Open != 1 {
				t.Fatalf("live before the erasure: open %d, unassigned %d, agents %+v; want 3 (D, E, F), 1 (F), Bruno 1 (E)",
					live.Open, live.Unassigned, live.Agents[1])
			}
			w.must(db.DeleteContact(w.adaCtx, w.eContact))
			w.follow()

			// Subtests in order, not in parallel: the rebuild comes last.
			t.Run("admin", func(t *testing.T) { checkAdmin(t, w) })
			t.Run("utc", func(t *testing.T) { checkUTC(t, w) })
			t.Run("bruno", func(t *testing.T) { checkBruno(t, w) })
			t.Run("live", func(t *testing.T) { checkLive(t, w) })
			t.Run("rebuild", func(t *testing.T) { checkRebuild(t, w) })
		})
	}
}
