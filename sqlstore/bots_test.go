package sqlstore_test

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// botJobs claims the queued jobs, returns the bot deliveries among them and runs the automatic
// assignment ones, as the runner would.
func botJobs(t *testing.T, w *world) []switchboard.DeliverBotArgs {
	t.Helper()
	var out []switchboard.DeliverBotArgs
	for {
		js, err := w.db.ClaimJobs(w.sys, "node-a", 100, 60e9)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 0 {
			return out
		}
		for _, j := range js {
			switch j.Kind {
			case switchboard.JobDeliverBot:
				var a switchboard.DeliverBotArgs
				if err := json.Unmarshal(j.Args, &a); err != nil {
					t.Fatal(err)
				}
				out = append(out, a)
			case switchboard.JobAutoAssign:
				if err := (&automation.Assigner{Store: w.db}).Handle(context.Background(), j); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestInboxBotSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		b, err := db.FindInboxBot(w.adminCtx, w.inbox1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Enabled || b.URL != "" || b.SecretPrefix != "" {
			t.Errorf("default bot = %+v", b)
		}
		_, err = db.FindInboxBot(w.annCtx, w.inbox1.ID)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, _, err = db.SetInboxBot(w.annCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(true), URL: ptr("https://bot.example.com")})
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.FindInboxBot(w.adminCtx, 999999)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(true)})
		wantCode(t, err, switchboard.EINVALID)
		_, _, err = db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{URL: ptr("ftp://bot.example.com")})
		wantCode(t, err, switchboard.EINVALID)
		_, _, err = db.RotateInboxBotSecret(w.adminCtx, w.inbox1.ID)
		wantCode(t, err, switchboard.ENOTFOUND)

		b, secret, err := db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(true), URL: ptr(" https://bot.example.com/in "), Name: ptr("Helper")})
		if err != nil {
			t.Fatal(err)
		}
		if !b.Enabled || b.URL != "https://bot.example.com/in" || b.Name != "Helper" || !strings.HasPrefix(secret, b.SecretPrefix) || len(secret) < 30 {
			t.Errorf("bot = %+v, secret %q", b, secret)
		}
		b2, again, err := db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Name: ptr("Helpy")})
		if err != nil || again != "" || b2.Name != "Helpy" || b2.SecretPrefix != b.SecretPrefix || !b2.Enabled {
			t.Errorf("second save = %+v, %q, %v: the secret is shown once and kept", b2, again, err)
		}
		b3, rotated, err := db.RotateInboxBotSecret(w.adminCtx, w.inbox1.ID)
		if err != nil || rotated == "" || rotated == secret || !strings.HasPrefix(rotated, b3.SecretPrefix) {
			t.Errorf("rotate = %+v, %q, %v", b3, rotated, err)
		}
	})
}

func TestConversationBot(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		// Sales (inbox1, Ann's) has a bot; Support (inbox2) has none.
		if _, _, err := db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(true), URL: ptr("https://bot.example.com"), Name: ptr("Helper")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: switchboard.AssignRoundRobin}); err != nil {
			t.Fatal(err)
		}
		if err := db.ReportSessions(w.sys, "node-a", w.ann.ID, 1); err != nil {
			t.Fatal(err)
		}
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		receive := func(id, text string) *switchboard.Message {
			t.Helper()
			m, _, _, err := db.Receive(ch, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000042", ProviderID: id, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		var conv int64
		botState := func() switchboard.BotState {
			t.Helper()
			c, err := db.FindConversationByID(w.annCtx, conv)
			if err != nil {
				t.Fatal(err)
			}
			if c.Bot == nil {
				return ""
			}
			return c.Bot.State
		}
		first := receive("b-1", "Where is my parcel?")
		second := receive("b-2", "Order 881")
		conv = first.ConversationID
		jobs := botJobs(t, w)
		want := []switchboard.DeliverBotArgs{{ConversationID: conv, MessageID: first.ID, Event: switchboard.BotEventConversationCreated},
			{ConversationID: conv, MessageID: second.ID, Event: switchboard.BotEventMessageCreated}}
		slices.SortFunc(jobs, func(a, b switchboard.DeliverBotArgs) int { return cmp.Compare(a.MessageID, b.MessageID) })
		if len(jobs) != 2 || jobs[0] != want[0] || jobs[1] != want[1] {
			t.Errorf("bot deliveries = %+v, want %+v", jobs, want)
		}
		c, err := db.FindConversationByID(w.annCtx, conv)
		if err != nil {
			t.Fatal(err)
		}
		if c.Bot == nil || c.Bot.State != switchboard.BotActive || c.AssigneeID != nil {
			t.Errorf("conversation bot = %+v, assignee %v: active, and assignment waits for the bot", c.Bot, c.AssigneeID)
		}
		d, err := db.BotDeliveryFor(w.sys, jobs[1])
		if err != nil {
			t.Fatal(err)
		}
		if d.State != switchboard.BotActive || d.Secret == "" || d.Payload.Message.ID != second.ID || d.Payload.Contact.Phone != "+393330000042" || d.Payload.Conversation.ID != conv {
			t.Errorf("delivery = %+v, payload %+v", d, d.Payload)
		}
		_, err = db.BotDeliveryFor(w.annCtx, jobs[1])
		wantCode(t, err, switchboard.EFORBIDDEN)

		// Ann pauses it: nothing more is queued, and what was queued finds it paused.
		receive("b-3", "hello?")
		c, err = db.ControlBot(w.annCtx, conv, switchboard.BotPause)
		if err != nil || c.Bot.State != switchboard.BotPaused {
			t.Fatalf("pause = %+v, %v", c, err)
		}
		queued := botJobs(t, w)
		if len(queued) != 1 {
			t.Fatalf("queued before the pause = %+v", queued)
		}
		if d, err := db.BotDeliveryFor(w.sys, queued[0]); err != nil || d.State != switchboard.BotPaused {
			t.Errorf("queued delivery state = %+v, %v", d, err)
		}
		// Paused, the conversation waits for people: the assignment gives it to Ann (online).
		if c, err = db.FindConversationByID(w.annCtx, conv); err != nil || c.AssigneeID == nil || *c.AssigneeID != w.ann.ID {
			t.Errorf("after the pause: assignee %v, %v", c.AssigneeID, err)
		}
		receive("b-4", "anyone?")
		receive("b-5", "please")
		if jobs := botJobs(t, w); len(jobs) != 0 {
			t.Errorf("deliveries while paused = %+v", jobs)
		}
		if c, err = db.ControlBot(w.annCtx, conv, switchboard.BotPause); err != nil || c.Bot.State != switchboard.BotPaused {
			t.Errorf("pause again = %+v, %v", c, err)
		}
		_, err = db.ControlBot(w.bobCtx, conv, switchboard.BotResume)
		wantCode(t, err, switchboard.ENOTFOUND) // Bob cannot see Sales
		_, err = db.ControlBot(w.annCtx, conv, "dance")
		wantCode(t, err, switchboard.EINVALID)

		// Run now: active again, and the newest customer message goes to the bot.
		newest := receive("b-6", "last one")
		if c, err = db.ControlBot(w.annCtx, conv, switchboard.BotRun); err != nil || c.Bot.State != switchboard.BotActive {
			t.Fatalf("run = %+v, %v", c, err)
		}
		jobs = botJobs(t, w)
		if len(jobs) != 1 || jobs[0] != (switchboard.DeliverBotArgs{ConversationID: conv, MessageID: newest.ID, Event: switchboard.BotEventRun}) {
			t.Errorf("run deliveries = %+v", jobs)
		}

		// The bot answers with the inbox's token: a bot reply, queued for the channel.
		reply, created, err := db.CreateMessage(ch, conv, &switchboard.MessageCreate{Text: "It ships today.", IdempotencyKey: "r-1"})
		if err != nil || !created {
			t.Fatal(err)
		}
		if reply.SenderType != switchboard.SenderBot || reply.SenderName != "Helper" || reply.Direction != switchboard.DirectionOutgoing || reply.Status != switchboard.MessagePending {
			t.Errorf("bot reply = %+v", reply)
		}
		if again, created, err := db.CreateMessage(ch, conv, &switchboard.MessageCreate{Text: "It ships today.", IdempotencyKey: "r-1"}); err != nil || created || again.ID != reply.ID {
			t.Errorf("repeated bot reply = %+v, %v, %v", again, created, err)
		}
		_, _, err = db.CreateMessage(ch, conv, &switchboard.MessageCreate{Text: "psst", Note: true})
		wantCode(t, err, switchboard.EINVALID)
		other := switchboard.NewContextWithInbox(w.sys, w.inbox2.ID)
		_, _, err = db.CreateMessage(other, conv, &switchboard.MessageCreate{Text: "not mine"})
		wantCode(t, err, switchboard.ENOTFOUND)
		if _, err := db.Assign(w.adminCtx, conv, switchboard.Assignment{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(ch, conv, &switchboard.MessageCreate{Text: "Anything else?"}); err != nil {
			t.Fatal(err)
		}
		if c, err = db.FindConversationByID(w.annCtx, conv); err != nil || c.AssigneeID != nil {
			t.Errorf("after the bot's reply: assignee %v, %v (a bot takes no conversation)", c.AssigneeID, err)
		}

		// The hand-off: handed_off, a milestone, and the assignment gives it to Ann (online).
		if c, err = db.HandOff(ch, conv, &switchboard.HandOff{Reason: "needs a person"}); err != nil || c.Bot.State != switchboard.BotHandedOff {
			t.Fatalf("hand-off = %+v, %v", c, err)
		}
		if jobs := botJobs(t, w); len(jobs) != 0 {
			t.Errorf("deliveries after the hand-off = %+v", jobs)
		}
		if s := botState(); s != switchboard.BotHandedOff {
			t.Errorf("state = %q", s)
		}
		if c, err = db.FindConversationByID(w.annCtx, conv); err != nil || c.AssigneeID == nil || *c.AssigneeID != w.ann.ID {
			t.Errorf("after the hand-off: assignee %v, %v", c.AssigneeID, err)
		}
		receive("b-7", "thanks")
		if jobs := botJobs(t, w); len(jobs) != 0 {
			t.Errorf("deliveries to a bot that handed off = %+v", jobs)
		}
		page, err := db.FindMessages(w.annCtx, conv, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var milestones []string
		for _, m := range page.Items {
			if m.Activity != nil && strings.HasPrefix(m.Activity.Action, "bot_") || m.Activity != nil && m.Activity.Action == "handed_off" {
				milestones = append(milestones, m.Activity.Action+" by "+m.SenderName)
			}
		}
		if got := strings.Join(milestones, ", "); got != "bot_pause by ann, bot_run by ann, handed_off by " {
			t.Errorf("milestones = %q", got)
		}

		// An automation (a rule's pause_bot) is credited as such.
		rule := switchboard.NewAutomationContext(context.Background(), &switchboard.AutomationActor{Kind: switchboard.AutomationRule, ID: 7, Name: "VIP"})
		if c, err = db.ControlBot(rule, conv, switchboard.BotPause); err != nil || c.Bot.State != switchboard.BotPaused {
			t.Fatalf("rule pause = %+v, %v", c, err)
		}

		// No bot in Support: the conversation says so, and controlling it is refused.
		sup, _, _, err := db.Receive(switchboard.NewContextWithInbox(w.sys, w.inbox2.ID), &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "+393330000043", ProviderID: "s-1", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		if c, err := db.FindConversationByID(w.adminCtx, sup.ConversationID); err != nil || c.Bot != nil {
			t.Errorf("conversation without a bot: %+v, %v", c, err)
		}
		_, err = db.ControlBot(w.adminCtx, sup.ConversationID, switchboard.BotRun)
		wantCode(t, err, switchboard.EINVALID)
		if jobs := botJobs(t, w); len(jobs) != 0 {
			t.Errorf("deliveries of an inbox without a bot = %+v", jobs)
		}

		// Turned off: conversations no longer show a bot, and nothing is delivered.
		if _, _, err := db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if s := botState(); s != "" {
			t.Errorf("state with the bot off = %q", s)
		}
	})
}
