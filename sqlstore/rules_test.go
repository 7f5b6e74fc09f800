package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func vipRule(name string) *switchboard.RuleInput {
	return &switchboard.RuleInput{Name: name, When: switchboard.RuleTrigger{Event: switchboard.TriggerLabelAdded, Label: "vip"},
		Then: []switchboard.RuleAction{{Type: switchboard.ActionAddNote, Text: "VIP"}}}
}

// TestRulesCRUD: admins create, change, order and delete rules; names are unique ignoring
// case; supervisors read; agents may not; every change is a rule.changed event.
func TestRulesCRUD(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		a, err := db.CreateRule(w.adminCtx, vipRule(" VIP to Ann "))
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "VIP to Ann" || !a.Enabled || a.Position != 1 || a.Runs != 0 || a.LastRunAt != nil {
			t.Errorf("created %+v", a)
		}
		b, err := db.CreateRule(w.adminCtx, vipRule("Second"))
		if err != nil {
			t.Fatal(err)
		}
		if b.Position != 2 {
			t.Errorf("second rule at %d, want 2 (appended)", b.Position)
		}
		_, err = db.CreateRule(w.adminCtx, vipRule("vip TO ann"))
		wantCode(t, err, switchboard.ECONFLICT)
		if f := switchboard.ErrorFields(err); f["name"] == "" {
			t.Errorf("conflict fields = %v", f)
		}
		_, err = db.CreateRule(w.annCtx, vipRule("Ann's"))
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.FindRules(w.annCtx)
		wantCode(t, err, switchboard.EFORBIDDEN)
		if list, err := db.FindRules(w.superCtx); err != nil || len(list) != 2 {
			t.Fatalf("supervisor lists %v, %v", list, err)
		}
		_, err = db.UpdateRule(w.superCtx, a.ID, vipRule("x"))
		wantCode(t, err, switchboard.EFORBIDDEN)

		bad := vipRule("Bad")
		bad.Then = append(bad.Then, switchboard.RuleAction{Type: switchboard.ActionAssignAgent}, switchboard.RuleAction{Type: switchboard.ActionApplySLA})
		bad.If = &switchboard.RuleGroup{Match: "all", Conditions: []switchboard.RuleCondition{{Field: "message.text", Op: "matches", Values: []string{"("}}}}
		_, err = db.CreateRule(w.adminCtx, bad)
		wantCode(t, err, switchboard.EINVALID)
		f := switchboard.ErrorFields(err)
		for _, k := range []string{"then.1.agent_id", "then.2.sla_policy_id", "if.conditions.0.values"} {
			if f[k] == "" {
				t.Errorf("no problem named %s in %v", k, f)
			}
		}

		off := false
		up := vipRule("VIP to Ann")
		up.Enabled, up.StopProcessing = &off, true
		got, err := db.UpdateRule(w.adminCtx, a.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if got.Enabled || !got.StopProcessing || got.Position != 1 {
			t.Errorf("updated %+v", got)
		}
		_, err = db.UpdateRule(w.adminCtx, a.ID, vipRule("second"))
		wantCode(t, err, switchboard.ECONFLICT)
		_, err = db.UpdateRule(w.adminCtx, 9999, vipRule("nine"))
		wantCode(t, err, switchboard.ENOTFOUND)

		ordered, err := db.OrderRules(w.adminCtx, []int64{b.ID, a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ordered) != 2 || ordered[0].ID != b.ID || ordered[0].Position != 1 || ordered[1].Position != 2 {
			t.Errorf("ordered %+v %+v", ordered[0], ordered[1])
		}
		for _, ids := range [][]int64{{b.ID}, {b.ID, b.ID}, {b.ID, 9999}} {
			_, err = db.OrderRules(w.adminCtx, ids)
			wantCode(t, err, switchboard.EINVALID)
		}
		if err := db.DeleteRule(w.adminCtx, a.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteRule(w.adminCtx, a.ID), switchboard.ENOTFOUND)
		if n := countEvents(t, db, switchboard.EventRuleChanged); n != 5 {
			t.Errorf("%d rule.changed events, want 5 (2 created, 1 updated, 1 ordered, 1 deleted)", n)
		}
	})
}

// TestRuleRunOnce: a rule's plan applies once per trigger key; its actions commit with the
// run, credit the rule, and its webhook gets one delivery of rule.executed. An event a rule
// listens to queues one run_rules job carrying the chain of the rule that caused it.
func TestRuleRunOnce(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello")
		if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("vip")}); err != nil {
			t.Fatal(err)
		}
		hook, _, err := db.CreateWebhook(w.adminCtx, &switchboard.WebhookInput{URL: ptr("https://hooks.example.com/rules"), Events: &[]switchboard.EventType{switchboard.EventWebhookTest}})
		if err != nil {
			t.Fatal(err)
		}
		in := vipRule("VIP")
		in.Then = []switchboard.RuleAction{{Type: switchboard.ActionAssignTeam, TeamID: w.team.ID}, {Type: switchboard.ActionAddNote, Text: "A VIP"},
			{Type: switchboard.ActionAssignAgent, AgentID: w.bob.ID}, {Type: switchboard.ActionCallWebhook, WebhookID: hook.ID}}
		r, err := db.CreateRule(w.adminCtx, in)
		if err != nil {
			t.Fatal(err)
		}
		before := countJobs(t, db, switchboard.JobRunRules)
		if _, err := db.AddLabels(w.annCtx, conv.ID, []string{"vip"}); err != nil {
			t.Fatal(err)
		}
		if n := countJobs(t, db, switchboard.JobRunRules) - before; n != 1 {
			t.Fatalf("%d run_rules jobs queued for the label, want 1", n)
		}
		plan := &switchboard.RulePlan{Rule: r, ConversationID: conv.ID, TriggerKey: "event:1", TriggerType: "conversation.labels_changed"}
		run, err := db.ApplyRule(w.sys, plan)
		if err != nil {
			t.Fatal(err)
		}
		if run == nil || run.Outcome != switchboard.RunApplied || len(run.Actions) != 4 {
			t.Fatalf("run = %+v", run)
		}
		if a := run.Actions[2]; a.Outcome != switchboard.ActionSkipped || a.Detail == "" {
			t.Errorf("assigning Bob, not in the inbox: %+v", a)
		}
		again, err := db.ApplyRule(w.sys, plan)
		if err != nil || again != nil {
			t.Fatalf("second apply = %+v, %v; want nothing", again, err)
		}
		got, err := db.FindConversationByID(w.adminCtx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AssigneeID == nil || *got.AssigneeID != w.ann.ID || got.TeamID == nil || *got.TeamID != w.team.ID {
			t.Errorf("assignee = %v, team = %v", got.AssigneeID, got.TeamID)
		}
		msgs, err := db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		notes, credited := 0, 0
		for _, m := range msgs.Items {
			if m.Kind == switchboard.KindNote && m.Text == "A VIP" {
				notes++
			}
			if m.Activity != nil && m.Activity.Automation != nil && m.Activity.Automation.Kind == "rule" && m.Activity.Automation.ID == r.ID {
				credited++
			}
		}
		if notes != 1 || credited != 1 {
			t.Errorf("%d notes, %d milestones crediting the rule; want 1 and 1", notes, credited)
		}
		d, err := db.FindWebhookDeliveries(w.adminCtx, hook.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != 1 || d.Items[0].EventType != switchboard.EventRuleExecuted {
			t.Errorf("deliveries = %+v", d.Items)
		}
		// The assignment the rule made is an event a rule listens to: its job carries the chain.
		jobs, err := db.FindJobs(w.sys, switchboard.JobAvailable, 100)
		if err != nil {
			t.Fatal(err)
		}
		chained := 0
		for _, j := range jobs {
			var a switchboard.RunRulesArgs
			if j.Kind == switchboard.JobRunRules && json.Unmarshal(j.Args, &a) == nil && fmt.Sprint(a.Chain) == fmt.Sprint([]int64{r.ID}) {
				chained++
			}
		}
		if chained != 0 {
			t.Errorf("%d jobs carry the chain, want 0: no rule listens to assignments", chained)
		}
		page, err := db.FindRuleRuns(w.superCtx, r.ID, "", 10)
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != run.ID {
			t.Fatalf("runs = %+v, %v", page, err)
		}
		list, err := db.FindRules(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if list[0].Runs != 1 || list[0].LastRunAt == nil {
			t.Errorf("rule after its run: %+v", list[0])
		}
		loop, err := db.ApplyRule(w.sys, &switchboard.RulePlan{Rule: r, ConversationID: conv.ID, TriggerKey: "event:2", LoopStopped: true})
		if err != nil || loop == nil || loop.Outcome != switchboard.RunLoopStopped {
			t.Errorf("loop stopped run = %+v, %v", loop, err)
		}
	})
}

// countJobs counts the available jobs of a kind.
func countJobs(t *testing.T, db *sqlstore.DB, kind string) int {
	t.Helper()
	jobs, err := db.FindJobs(switchboard.NewSystemContext(t.Context()), switchboard.JobAvailable, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, j := range jobs {
		if j.Kind == kind {
			n++
		}
	}
	return n
}

// TestRuleSLAAndBotActions: a rule applies an SLA policy and pauses the inbox's bot in its run,
// crediting itself; another starts the bot again; each does nothing when it is so already.
func TestRuleSLAAndBotActions(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{SLA: automation.SLAPlanner{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		gold, err := db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Gold", FirstResponseMinutes: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SetInboxBot(w.adminCtx, w.inbox1.ID, &switchboard.InboxBotInput{Enabled: ptr(true), URL: ptr("https://bot.example.com"), Name: ptr("Helper")}); err != nil {
			t.Fatal(err)
		}
		m, _, _, err := db.Receive(switchboard.NewContextWithInbox(w.sys, w.inbox1.ID),
			&switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000077", ProviderID: "r-1", Text: "Urgent!"})
		if err != nil {
			t.Fatal(err)
		}
		rule := func(name string, actions ...switchboard.RuleAction) *switchboard.Rule {
			t.Helper()
			in := vipRule(name)
			in.Then = actions
			r, err := db.CreateRule(w.adminCtx, in)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		apply := func(r *switchboard.Rule, key string) *switchboard.RuleRun {
			t.Helper()
			run, err := db.ApplyRule(w.sys, &switchboard.RulePlan{Rule: r, ConversationID: m.ConversationID, TriggerKey: key, TriggerType: "conversation.labels_changed"})
			if err != nil || run == nil {
				t.Fatalf("apply %s: %+v, %v", r.Name, run, err)
			}
			return run
		}
		state := func() (*switchboard.Conversation, switchboard.BotState) {
			t.Helper()
			c, err := db.FindConversationByID(w.adminCtx, m.ConversationID)
			if err != nil || c.Bot == nil {
				t.Fatalf("conversation %+v, %v", c, err)
			}
			return c, c.Bot.State
		}
		if _, s := state(); s != switchboard.BotActive {
			t.Fatalf("a customer's new conversation starts with the bot %q, want active", s)
		}
		pause := rule("Gold and people", switchboard.RuleAction{Type: switchboard.ActionApplySLA, SLAPolicyID: gold.ID}, switchboard.RuleAction{Type: switchboard.ActionPauseBot})
		if run := apply(pause, "event:1"); run.Outcome != switchboard.RunApplied || run.Actions[0].Outcome != switchboard.ActionDone || run.Actions[1].Outcome != switchboard.ActionDone {
			t.Fatalf("run = %+v", run)
		}
		c, s := state()
		if s != switchboard.BotPaused || c.SLA == nil || c.SLA.PolicyID != gold.ID {
			t.Fatalf("bot %q, sla %+v; want paused under Gold", s, c.SLA)
		}
		if run := apply(pause, "event:2"); run.Outcome != switchboard.RunSkipped {
			t.Errorf("applying again: %+v, want skipped (Gold already, bot paused already)", run)
		}
		start := rule("Bot again", switchboard.RuleAction{Type: switchboard.ActionStartBot})
		before := countJobs(t, db, switchboard.JobDeliverBot)
		if run := apply(start, "event:3"); run.Outcome != switchboard.RunApplied {
			t.Fatalf("start run = %+v", run)
		}
		if _, s := state(); s != switchboard.BotActive {
			t.Errorf("bot %q after start_bot, want active", s)
		}
		if n := countJobs(t, db, switchboard.JobDeliverBot) - before; n != 1 {
			t.Errorf("%d bot deliveries queued by start_bot, want 1 (the newest customer message)", n)
		}
		msgs, err := db.FindMessages(w.adminCtx, m.ConversationID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		credited := map[string]int{}
		for _, x := range msgs.Items {
			if x.Activity != nil && x.Activity.Automation != nil && x.Activity.Automation.Kind == switchboard.AutomationRule {
				credited[x.Activity.Action]++
			}
		}
		if credited["sla_applied"] != 1 || credited["bot_pause"] != 1 || credited["bot_run"] != 1 {
			t.Errorf("milestones crediting rules: %v", credited)
		}
	})
}
