package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// lockedClock is a fake clock two nodes' goroutines may read at once.
type lockedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *lockedClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *lockedClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// TestAutoReplies: a new conversation gets the welcome once and, in hours, the acknowledgement;
// a customer writing out of hours gets exactly one out-of-hours reply per closed period, even
// with eight of their messages arriving at once on two nodes, and with every webhook replayed;
// none in hours; an opted-out customer none at all.
func TestAutoReplies(t *testing.T) {
	t.Parallel()
	rome, _ := time.LoadLocation("Europe/Rome")
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock := &lockedClock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, rome)} // a Monday
			db, url := e.Open(t, sqltest.Options{Now: clock.Now})
			w := newWorld(t, db)
			other, err := sqlstore.Open(t.Context(), sqlstore.Config{URL: url, SecretKey: sqltest.Key, Now: clock.Now, MaxConns: 4})
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			nodes := []*sqlstore.DB{db, other}

			cfg := &switchboard.Automation{Hours: &switchboard.BusinessHours{TimeZone: "Europe/Rome"},
				Welcome: "Welcome!", OutOfHours: "We are closed, back at {{opens_at}}.",
				Acknowledge: "Thanks, expect an answer by {{reply_time}}.", ReplyMinutes: 60}
			for d := time.Monday; d <= time.Friday; d++ {
				cfg.Hours.Week[d] = []switchboard.HoursInterval{{Start: "09:00", End: "18:00"}}
			}
			if _, err := db.SetInboxAutomation(w.annCtx, w.inbox1.ID, cfg); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
				t.Errorf("an agent sets auto-replies: %v", err)
			}
			if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, cfg); err != nil {
				t.Fatal(err)
			}
			bad := *cfg
			bad.Hours = &switchboard.BusinessHours{TimeZone: "Nowhere"}
			if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, &bad); switchboard.ErrorFields(err)["hours.time_zone"] == "" {
				t.Errorf("an unknown time zone: %v", err)
			}
			if got, err := db.InboxAutomation(w.adminCtx, w.inbox1.ID); err != nil || got.Hours == nil || got.Hours.TimeZone != "Europe/Rome" {
				t.Errorf("after a refused change: %+v, %v", got, err)
			}

			const from = "+393330004400"
			n := 0
			receive := func(node *sqlstore.DB, provider string) *switchboard.Message {
				m, _, _, err := node.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ProviderID: provider, Text: "hi"})
				if err != nil {
					t.Errorf("receive %s: %v", provider, err)
				}
				return m
			}
			automatic := func(convID int64) []string {
				t.Helper()
				thread, err := db.FindMessages(w.annCtx, convID, switchboard.MessageFilter{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, m := range thread.Items {
					if m.Content != nil && m.Content.Automatic {
						if m.SenderName != "Auto-reply" || m.Content.AutoReply == "" || m.Status != switchboard.MessagePending {
							t.Errorf("automatic message %+v", m)
						}
						out = append(out, m.Text)
					}
				}
				return out
			}
			want := func(step string, convID int64, texts ...string) {
				t.Helper()
				if got := automatic(convID); fmt.Sprint(got) != fmt.Sprint(texts) {
					t.Errorf("%s: automatic replies %q, want %q", step, got, texts)
				}
			}

			// Monday 10:00, in hours: the welcome and the acknowledgement, once.
			n++
			first := receive(db, fmt.Sprint("m", n))
			conv := first.ConversationID
			inHours := []string{"Welcome!", "Thanks, expect an answer by 11:00."}
			want("a new conversation in hours", conv, inHours...)
			clock.Set(time.Date(2026, 12, 7, 10, 5, 0, 0, rome))
			n++
			receive(db, fmt.Sprint("m", n))
			want("another message in hours", conv, inHours...)

			// Monday 20:00, closed: eight messages at once on two nodes, then all replayed.
			clock.Set(time.Date(2026, 12, 7, 20, 0, 0, 0, rome))
			closedMonday := append(inHours, "We are closed, back at 2026-12-08 09:00.")
			for _, round := range []string{"race", "replay"} {
				var wg sync.WaitGroup
				for i := range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						receive(nodes[i%2], fmt.Sprint("night", i))
					}()
				}
				wg.Wait()
				want("out of hours, "+round, conv, closedMonday...)
			}
			// Later the same night: the same closed period.
			clock.Set(time.Date(2026, 12, 8, 2, 0, 0, 0, rome))
			n++
			receive(other, fmt.Sprint("m", n))
			want("later the same night", conv, closedMonday...)
			// Tuesday in hours: nothing; Tuesday night: the next period's reply.
			clock.Set(time.Date(2026, 12, 8, 11, 0, 0, 0, rome))
			n++
			receive(db, fmt.Sprint("m", n))
			want("Tuesday in hours", conv, closedMonday...)
			clock.Set(time.Date(2026, 12, 8, 19, 0, 0, 0, rome))
			n++
			receive(db, fmt.Sprint("m", n))
			want("Tuesday night", conv, append(closedMonday, "We are closed, back at 2026-12-09 09:00.")...)

			// Resolved, the customer writes again on Saturday: a new conversation, welcomed again,
			// and told the inbox is closed until Monday; no acknowledgement out of hours.
			if _, err := db.SetStatus(w.annCtx, conv, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
			clock.Set(time.Date(2026, 12, 12, 15, 0, 0, 0, rome))
			n++
			again := receive(db, fmt.Sprint("m", n))
			if again.ConversationID == conv {
				t.Fatal("a message after resolution started no new conversation")
			}
			want("a new conversation on Saturday", again.ConversationID, "Welcome!", "We are closed, back at 2026-12-14 09:00.")

			// Turned off: nothing more.
			if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, &switchboard.Automation{}); err != nil {
				t.Fatal(err)
			}
			clock.Set(time.Date(2026, 12, 13, 15, 0, 0, 0, rome))
			n++
			receive(db, fmt.Sprint("m", n))
			want("turned off", again.ConversationID, "Welcome!", "We are closed, back at 2026-12-14 09:00.")
		})
	}
}

// TestAutoRepliesOptedOut: a customer who opted out (before, or with this very message) gets no
// automatic reply; once back in, they do.
func TestAutoRepliesOptedOut(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	clock := &fakeClock{}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: kindRules{switchboard.ChannelSMS: {OptOut: true}}}, func(t *testing.T, db *sqlstore.DB) {
		clock.now = time.Date(2026, 12, 7, 21, 0, 0, 0, rome) // Monday night, on each engine
		w := newWorld(t, db)
		sms, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelSMS, Name: ptr("Texts")})
		if err != nil {
			t.Fatal(err)
		}
		cfg := &switchboard.Automation{Hours: &switchboard.BusinessHours{TimeZone: "Europe/Rome"}, Welcome: "Welcome!", OutOfHours: "Closed."}
		cfg.Hours.Week[time.Monday] = []switchboard.HoursInterval{{Start: "09:00", End: "18:00"}}
		if _, err := db.SetInboxAutomation(w.adminCtx, sms.ID, cfg); err != nil {
			t.Fatal(err)
		}
		count := 0
		receive := func(provider, text string, c switchboard.Consent) int {
			t.Helper()
			clock.Add(time.Minute)
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: sms.ID, From: "+393330009900", ProviderID: provider, Text: text, Consent: c})
			if err != nil {
				t.Fatal(err)
			}
			thread, err := db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range thread.Items {
				if m.Content != nil && m.Content.Automatic {
					n++
				}
			}
			return n
		}
		if count = receive("s1", "STOP", switchboard.ConsentOptOut); count != 0 {
			t.Errorf("opting out with the first message: %d automatic replies", count)
		}
		if count = receive("s2", "hello?", ""); count != 0 {
			t.Errorf("opted out: %d automatic replies", count)
		}
		// Back in: the out-of-hours reply of this period was never sent, so it goes now.
		if count = receive("s3", "START", switchboard.ConsentOptIn); count != 1 {
			t.Errorf("opted back in: %d automatic replies, want the out-of-hours one", count)
		}
	})
}

// TestAgentsOnlineOutOfHours: the web chat's "online" is an agent of the inbox online and, when
// the inbox has business hours, the inbox open.
func TestAgentsOnlineOutOfHours(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	clock := &fakeClock{}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		clock.now = time.Date(2026, 12, 7, 10, 0, 0, 0, rome) // Monday morning, on each engine
		w := newWorld(t, db)
		if err := db.ReportSessions(w.sys, "node-a", w.ann.ID, 1); err != nil {
			t.Fatal(err)
		}
		online := func(step string, want bool) {
			t.Helper()
			if got, err := db.AgentsOnline(w.sys, w.inbox1.ID); err != nil || got != want {
				t.Errorf("%s: online %v (%v), want %v", step, got, err, want)
			}
		}
		online("no business hours", true)
		cfg := &switchboard.Automation{Hours: &switchboard.BusinessHours{TimeZone: "Europe/Rome"}}
		cfg.Hours.Week[time.Monday] = []switchboard.HoursInterval{{Start: "09:00", End: "18:00"}}
		if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, cfg); err != nil {
			t.Fatal(err)
		}
		online("in hours", true)
		clock.Add(9 * time.Hour)
		online("out of hours", false)
	})
}

// TestAutoRepliesLateMessage: on a channel with a window, a message delivered after its own
// window closed gets no automatic reply (it could only be a template); a late one still inside
// it does.
// TestAutoRepliesLateMessage: a customer's message delivered after its window closed still gets
// its welcome, as the template the inbox chose for it; without one the welcome is not sent, is
// marked failed and a milestone credits the auto-reply with why. Choosing a template is checked.
func TestAutoRepliesLateMessage(t *testing.T) {
	clock := &fakeClock{}
	caps := kindRules{switchboard.ChannelWhatsApp: {Window: 24 * time.Hour, Templates: true}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: caps}, func(t *testing.T, db *sqlstore.DB) {
		clock.now = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
		w := newWorld(t, db)
		body := json.RawMessage(`[{"type":"BODY","text":"Thanks for writing: we answer soon."}]`)
		if err := db.ReplaceTemplates(w.sys, w.inbox1.ID, []*switchboard.Template{
			{Name: "thanks", Language: "en", Status: "approved", Components: body},
			{Name: "order", Language: "en", Status: "approved", Components: json.RawMessage(`[{"type":"BODY","text":"Order {{1}}"}]`)},
			{Name: "draft", Language: "en", Status: "pending", Components: body}}); err != nil {
			t.Fatal(err)
		}
		cfg := &switchboard.Automation{Welcome: "Welcome!"}
		if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, cfg); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"order", "draft", "nope"} {
			c := *cfg
			c.Templates = map[string]*switchboard.AutoReplyTemplate{switchboard.AutoReplyWelcome: {Name: bad, Language: "en"}}
			if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, &c); switchboard.ErrorFields(err)["templates.welcome"] == "" {
				t.Errorf("template %s chosen: %v", bad, err)
			}
		}
		late := func(from string, age time.Duration) *switchboard.Message {
			t.Helper()
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ProviderID: "late" + from,
				Text: "hi", SentAt: clock.now.Add(-age)})
			if err != nil {
				t.Fatal(err)
			}
			thread, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range thread.Items {
				if m.Content != nil && m.Content.AutoReply == switchboard.AutoReplyWelcome {
					return m
				}
			}
			t.Fatalf("no welcome in %+v", thread.Items)
			return nil
		}
		find := func(id int64) *switchboard.Message {
			m, err := db.FindMessageByID(w.sys, id)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}

		// No template chosen: not sent, failed, with a milestone crediting the auto-reply.
		m := late("+393330001001", 25*time.Hour)
		if refused, err := db.LateAutoReply(w.sys, m.ID); err != nil || refused == nil || refused.Code != switchboard.EWINDOWCLOSED {
			t.Fatalf("late reply without a template: %v, %v", refused, err)
		}
		if m = find(m.ID); m.Status != switchboard.MessageFailed || m.ErrorCode != switchboard.EWINDOWCLOSED || !strings.Contains(m.ErrorReason, "no template is chosen") {
			t.Errorf("refused reply = %s %s %q", m.Status, m.ErrorCode, m.ErrorReason)
		}
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "Auto-reply: not sent. The customer's window had closed before the welcome message could go out, and no template is chosen for it."); n != 1 {
			t.Errorf("%d milestones of the refusal; want 1", n)
		}

		// With a template chosen, the reply becomes it.
		cfg.Templates = map[string]*switchboard.AutoReplyTemplate{switchboard.AutoReplyWelcome: {Name: "thanks", Language: "en"}}
		if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, cfg); err != nil {
			t.Fatal(err)
		}
		if got, err := db.InboxAutomation(w.adminCtx, w.inbox1.ID); err != nil || got.Templates[switchboard.AutoReplyWelcome].Name != "thanks" {
			t.Errorf("templates read back: %+v, %v", got, err)
		}
		m = late("+393330001002", 25*time.Hour)
		if refused, err := db.LateAutoReply(w.sys, m.ID); err != nil || refused != nil {
			t.Fatalf("late reply with a template: %v, %v", refused, err)
		}
		if m = find(m.ID); m.Kind != switchboard.KindTemplate || m.Text != "Thanks for writing: we answer soon." || m.Status != switchboard.MessagePending ||
			m.Content.Template == nil || m.Content.Template.Name != "thanks" || !m.Content.Automatic || m.Content.AutoReply != switchboard.AutoReplyWelcome {
			t.Errorf("late reply = %+v %+v", m, m.Content)
		}
	})
}

// TestAutoReplyOrder: a message that calls for a welcome and an acknowledgement queues the
// welcome's delivery only; the acknowledgement's is queued when the welcome is sent (or fails).
func TestAutoReplyOrder(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, &switchboard.Automation{Welcome: "Welcome!", Acknowledge: "We answer soon."}); err != nil {
			t.Fatal(err)
		}
		deliveries := func() []int64 {
			t.Helper()
			clock.now = clock.now.Add(time.Second)
			js, err := db.ClaimJobs(w.sys, "node-a", 100, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, j := range js {
				if j.Kind == switchboard.JobDeliverMessage {
					var a switchboard.DeliverMessageArgs
					if err := json.Unmarshal(j.Args, &a); err != nil {
						t.Fatal(err)
					}
					out = append(out, a.MessageID)
				}
				if err := db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
					t.Fatal(err)
				}
			}
			return out
		}
		for _, outcome := range []string{"sent", "failed"} {
			from := map[string]string{"sent": "+393330002001", "failed": "+393330002002"}[outcome]
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ProviderID: "order" + from, Text: "hi"})
			if err != nil {
				t.Fatal(err)
			}
			thread, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var welcome, ack int64
			for _, m := range thread.Items {
				if m.Content != nil && m.Content.AutoReply == switchboard.AutoReplyWelcome {
					welcome = m.ID
				} else if m.Content != nil && m.Content.AutoReply == switchboard.AutoReplyAcknowledge {
					ack = m.ID
				}
			}
			if got := deliveries(); fmt.Sprint(got) != fmt.Sprint([]int64{welcome}) {
				t.Fatalf("%s: deliveries queued %v; want the welcome's only, %d", outcome, got, welcome)
			}
			if outcome == "sent" {
				_, err = db.RecordSent(w.sys, welcome, &switchboard.Sent{ProviderID: "p" + from})
			} else {
				_, err = db.SetMessageStatus(w.sys, welcome, switchboard.MessageFailed, "error", "down")
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := deliveries(); fmt.Sprint(got) != fmt.Sprint([]int64{ack}) {
				t.Errorf("%s: after the welcome, deliveries queued %v; want the acknowledgement's, %d", outcome, got, ack)
			}
		}
	})
}
