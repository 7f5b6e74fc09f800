package automation_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestMatcher(t *testing.T) {
	agent := int64(3)
	facts := &switchboard.RuleFacts{
		Conversation: &switchboard.Conversation{ID: 1, InboxID: 4, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusOpen,
			Priority: switchboard.PriorityHigh, Labels: []string{"VIP", "billing"}, AssigneeID: &agent, Kind: switchboard.ConversationMessages},
		Contact: &switchboard.Contact{Name: "Dora Rossi", Email: "", Phone: "+39 333", Language: "it", Labels: []string{"gold"},
			Attributes: json.RawMessage(`{"plan":"Enterprise","seats":40,"none":null}`)},
		Message:           &switchboard.Message{Text: "Where is my REFUND? Order #12345"},
		BusinessHoursOpen: false,
	}
	cond := func(field, op string, values ...string) switchboard.RuleCondition {
		return switchboard.RuleCondition{Field: field, Op: op, Values: values}
	}
	for _, tc := range []struct {
		name string
		c    switchboard.RuleCondition
		want bool
	}{
		{"channel is", cond("channel", "is", "sms", "whatsapp"), true},
		{"channel is not", cond("channel", "is_not", "whatsapp"), false},
		{"inbox is", cond("inbox", "is", "4"), true},
		{"contains ignores case", cond("message.text", "contains", "refund"), true},
		{"contains any of", cond("message.text", "contains", "invoice", "order"), true},
		{"not contains", cond("message.text", "not_contains", "refund"), false},
		{"matches", cond("message.text", "matches", `#\d{5}\b`), true},
		{"matches is case-sensitive unless asked", cond("message.text", "matches", `refund`), false},
		{"matches (?i)", cond("message.text", "matches", `(?i)refund`), true},
		{"message set", cond("message.text", "is_set"), true},
		{"email not set", cond("contact.email", "is_not_set"), true},
		{"name is ignores case", cond("contact.name", "is", "dora rossi"), true},
		{"name is exact", cond("contact.name", "is", "Dora"), false},
		{"language", cond("contact.language", "is_not", "en"), true},
		{"attribute string", cond("contact.attribute.plan", "is", "enterprise"), true},
		{"attribute number", cond("contact.attribute.seats", "is", "40"), true},
		{"attribute null is not set", cond("contact.attribute.none", "is_set"), false},
		{"attribute missing", cond("contact.attribute.other", "is_not_set"), true},
		{"contact labels", cond("contact.labels", "includes", "GOLD"), true},
		{"labels includes any", cond("labels", "includes", "spam", "vip"), true},
		{"labels excludes", cond("labels", "excludes", "spam"), true},
		{"labels excludes one it has", cond("labels", "excludes", "spam", "billing"), false},
		{"priority", cond("priority", "is", "high"), true},
		{"status", cond("status", "is_not", "open"), false},
		{"business hours closed", cond("business_hours", "is", "closed"), true},
		{"assignee is", cond("assignee", "is", "3"), true},
		{"assignee set", cond("assignee", "is_set"), true},
		{"team not set", cond("team", "is_not_set"), true},
		{"kind direct", cond("kind", "is", "direct"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := automation.Compile(&switchboard.RuleGroup{Match: "all", Conditions: []switchboard.RuleCondition{tc.c}})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Match(facts); got != tc.want {
				t.Errorf("%+v: %v, want %v", tc.c, got, tc.want)
			}
		})
	}
	yes, no := cond("labels", "includes", "vip"), cond("labels", "includes", "spam")
	for _, tc := range []struct {
		name string
		g    *switchboard.RuleGroup
		want bool
	}{
		{"nil matches", nil, true},
		{"empty matches", &switchboard.RuleGroup{}, true},
		{"all", &switchboard.RuleGroup{Match: "all", Conditions: []switchboard.RuleCondition{yes, no}}, false},
		{"any", &switchboard.RuleGroup{Match: "any", Conditions: []switchboard.RuleCondition{no, yes}}, true},
		{"all with an any group", &switchboard.RuleGroup{Match: "all", Conditions: []switchboard.RuleCondition{yes},
			Groups: []switchboard.RuleGroup{{Match: "any", Conditions: []switchboard.RuleCondition{no, yes}}}}, true},
		{"all with a failing group", &switchboard.RuleGroup{Match: "all", Conditions: []switchboard.RuleCondition{yes},
			Groups: []switchboard.RuleGroup{{Match: "all", Conditions: []switchboard.RuleCondition{no, yes}}}}, false},
		{"any through a group", &switchboard.RuleGroup{Match: "any", Conditions: []switchboard.RuleCondition{no},
			Groups: []switchboard.RuleGroup{{Match: "all", Conditions: []switchboard.RuleCondition{yes}}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := automation.Compile(tc.g)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Match(facts); got != tc.want {
				t.Errorf("%v, want %v", got, tc.want)
			}
		})
	}
}

// clock is a test clock moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// pump runs the due jobs of the rules engine until none is left (others are completed unrun).
func pump(t *testing.T, db *sqlstore.DB, e *automation.Engine) {
	t.Helper()
	sys := switchboard.NewSystemContext(context.Background())
	for range 100 {
		jobs, err := db.ClaimJobs(sys, "test", 50, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) == 0 {
			return
		}
		for _, j := range jobs {
			switch j.Kind {
			case switchboard.JobRunRules:
				err = e.RunRules(context.Background(), j)
			case switchboard.JobRuleTimer:
				err = e.RunTimer(context.Background(), j)
			}
			if err != nil {
				t.Fatalf("%s: %v", j.Kind, err)
			}
			if err := db.CompleteJob(sys, j.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Fatal("the jobs never ran out")
}

type setup struct {
	db    *sqlstore.DB
	sys   context.Context
	admin context.Context
	inbox *switchboard.Inbox
}

func newSetup(t *testing.T, db *sqlstore.DB) *setup {
	t.Helper()
	s := &setup{db: db, sys: switchboard.NewSystemContext(context.Background())}
	a, err := db.CreateAgent(s.sys, &switchboard.AgentCreate{Name: "Ada", Email: "ada@team.test", Role: switchboard.RoleAdmin, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	s.admin = switchboard.NewContextWithAgent(context.Background(), a)
	name := "CRM"
	if s.inbox, err = db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelAPI, Name: &name}); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *setup) receive(t *testing.T, from, id, text string) *switchboard.Conversation {
	t.Helper()
	_, conv, _, err := s.db.Receive(s.sys, &switchboard.InboundMessage{InboxID: s.inbox.ID, From: from, ContactName: "Dora " + from, ProviderID: id, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return conv
}

func (s *setup) runs(t *testing.T, ruleID int64) []*switchboard.RuleRun {
	t.Helper()
	page, err := s.db.FindRuleRuns(s.admin, ruleID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// TestNoAgentReplyTimer: a customer's message unanswered for the rule's minutes fires the rule
// once, when its time comes (the clock is the test's); one an agent answered does not.
func TestNoAgentReplyTimer(t *testing.T) {
	c := &clock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: c.Now}, func(t *testing.T, db *sqlstore.DB) {
		s := newSetup(t, db)
		e := &automation.Engine{Store: db}
		r, err := db.CreateRule(s.admin, &switchboard.RuleInput{Name: "Nudge", When: switchboard.RuleTrigger{Event: switchboard.TriggerNoAgentReply, Minutes: 30},
			If:   &switchboard.RuleGroup{Conditions: []switchboard.RuleCondition{{Field: "message.text", Op: "contains", Values: []string{"refund"}}}},
			Then: []switchboard.RuleAction{{Type: switchboard.ActionSetPriority, Priority: switchboard.PriorityUrgent}}})
		if err != nil {
			t.Fatal(err)
		}
		waiting := s.receive(t, "c-1", "in-1", "Where is my refund?")
		answered := s.receive(t, "c-2", "in-2", "Where is my refund?")
		if _, _, err := db.CreateMessage(s.admin, answered.ID, &switchboard.MessageCreate{Text: "On its way"}); err != nil {
			t.Fatal(err)
		}
		other := s.receive(t, "c-3", "in-3", "Hello")
		pump(t, db, e)
		if runs := s.runs(t, r.ID); len(runs) != 0 {
			t.Fatalf("runs before the time: %+v", runs)
		}
		c.Add(29 * time.Minute)
		pump(t, db, e)
		if runs := s.runs(t, r.ID); len(runs) != 0 {
			t.Fatalf("runs a minute early: %+v", runs)
		}
		c.Add(2 * time.Minute)
		pump(t, db, e)
		runs := s.runs(t, r.ID)
		if len(runs) != 1 || runs[0].ConversationID != waiting.ID || runs[0].Outcome != switchboard.RunApplied {
			t.Fatalf("runs = %+v, want one on the waiting conversation", runs)
		}
		for conv, want := range map[int64]switchboard.Priority{waiting.ID: switchboard.PriorityUrgent, answered.ID: switchboard.PriorityNone, other.ID: switchboard.PriorityNone} {
			got, err := db.FindConversationByID(s.admin, conv)
			if err != nil {
				t.Fatal(err)
			}
			if got.Priority != want && !(want == switchboard.PriorityNone && got.Priority == "") {
				t.Errorf("conversation %d priority %q, want %q", conv, got.Priority, want)
			}
		}
		c.Add(time.Hour)
		pump(t, db, e)
		if runs := s.runs(t, r.ID); len(runs) != 1 {
			t.Errorf("%d runs after another hour, want still 1", len(runs))
		}
	})
}

// TestDryRun: a dry run reports the recent triggers a draft rule would have matched, evaluated
// against the conversations as they are now, and changes nothing.
func TestDryRun(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newSetup(t, db)
		e := &automation.Engine{Store: db}
		if _, err := db.CreateLabel(s.admin, &switchboard.LabelInput{Name: ptr("vip")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateLabel(s.admin, &switchboard.LabelInput{Name: ptr("billing")}); err != nil {
			t.Fatal(err)
		}
		a := s.receive(t, "c-1", "in-1", "Refund please")
		b := s.receive(t, "c-2", "in-2", "Hello")
		for _, conv := range []int64{a.ID, b.ID} {
			if _, err := db.AddLabels(s.admin, conv, []string{"vip"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.AddLabels(s.admin, b.ID, []string{"billing"}); err != nil {
			t.Fatal(err)
		}
		draft := &switchboard.RuleInput{Name: "Draft", When: switchboard.RuleTrigger{Event: switchboard.TriggerLabelAdded, Label: "vip"},
			If:   &switchboard.RuleGroup{Conditions: []switchboard.RuleCondition{{Field: "message.text", Op: "contains", Values: []string{"refund"}}}},
			Then: []switchboard.RuleAction{{Type: switchboard.ActionResolve}}}
		out, err := e.DryRunRule(s.admin, draft)
		if err != nil {
			t.Fatal(err)
		}
		if out.Examined != 2 || len(out.Items) != 1 || out.Items[0].ConversationID != a.ID || out.Items[0].ContactName != "Dora c-1" {
			t.Errorf("dry run = %d examined, %+v", out.Examined, out.Items)
		}
		msgs := &switchboard.RuleInput{Name: "Messages", When: switchboard.RuleTrigger{Event: switchboard.TriggerMessageReceived},
			Then: []switchboard.RuleAction{{Type: switchboard.ActionResolve}}}
		if out, err = e.DryRunRule(s.admin, msgs); err != nil || out.Examined != 2 || len(out.Items) != 2 {
			t.Errorf("messages dry run = %+v, %v", out, err)
		}
		got, err := db.FindConversationByID(s.admin, a.ID)
		if err != nil || got.Status != switchboard.StatusOpen {
			t.Errorf("after dry runs: %+v, %v", got, err)
		}
		draft.Then = nil
		_, err = e.DryRunRule(s.admin, draft)
		if switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("invalid draft: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestRulesInOrder: rules run in position order on a customer's message; one with
// stop_processing that matches keeps the later ones from running for that message.
func TestRulesInOrder(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newSetup(t, db)
		e := &automation.Engine{Store: db}
		mk := func(name string, stop bool, cond []switchboard.RuleCondition, then switchboard.RuleAction) *switchboard.Rule {
			r, err := db.CreateRule(s.admin, &switchboard.RuleInput{Name: name, StopProcessing: stop, When: switchboard.RuleTrigger{Event: switchboard.TriggerMessageReceived},
				If: &switchboard.RuleGroup{Conditions: cond}, Then: []switchboard.RuleAction{then}})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		note := mk("Note everything", false, nil, switchboard.RuleAction{Type: switchboard.ActionAddNote, Text: "seen"})
		refund := mk("Refunds first", true, []switchboard.RuleCondition{{Field: "message.text", Op: "contains", Values: []string{"refund"}}},
			switchboard.RuleAction{Type: switchboard.ActionSetPriority, Priority: switchboard.PriorityHigh})
		if _, err := db.OrderRules(s.admin, []int64{refund.ID, note.ID}); err != nil {
			t.Fatal(err)
		}
		a := s.receive(t, "c-1", "in-1", "My REFUND please")
		b := s.receive(t, "c-2", "in-2", "Hello")
		pump(t, db, e)
		if runs := s.runs(t, refund.ID); len(runs) != 1 || runs[0].ConversationID != a.ID {
			t.Errorf("refund rule runs %+v, want one on the refund conversation", runs)
		}
		if runs := s.runs(t, note.ID); len(runs) != 1 || runs[0].ConversationID != b.ID {
			t.Errorf("note rule runs %+v, want one on the other conversation only", runs)
		}
	})
}

// TestTriggers: conversation_created, status_changed (with and without a status) and
// assignee_changed each fire on their event, once.
func TestTriggers(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newSetup(t, db)
		e := &automation.Engine{Store: db}
		note := []switchboard.RuleAction{{Type: switchboard.ActionAddNote, Text: "noted"}}
		rule := func(name string, when switchboard.RuleTrigger) int64 {
			r, err := db.CreateRule(s.admin, &switchboard.RuleInput{Name: name, When: when, Then: note})
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		created := rule("Created", switchboard.RuleTrigger{Event: switchboard.TriggerConversationCreated})
		resolved := rule("Resolved", switchboard.RuleTrigger{Event: switchboard.TriggerStatusChanged, Status: "resolved"})
		anyStatus := rule("Any status", switchboard.RuleTrigger{Event: switchboard.TriggerStatusChanged})
		assigned := rule("Assigned", switchboard.RuleTrigger{Event: switchboard.TriggerAssigneeChanged})
		conv := s.receive(t, "c-1", "in-1", "Hello")
		s.receive(t, "c-1", "in-2", "Still me") // the same conversation: nothing is created
		if _, err := db.SetStatus(s.admin, conv.ID, switchboard.StatusPending); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(s.admin, conv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		team, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("Tier 1")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Assign(s.admin, conv.ID, switchboard.Assignment{TeamID: &team.ID}); err != nil {
			t.Fatal(err)
		}
		pump(t, db, e)
		for id, want := range map[int64]int{created: 1, resolved: 1, anyStatus: 2, assigned: 1} {
			if runs := s.runs(t, id); len(runs) != want {
				t.Errorf("rule %d: %d runs, want %d", id, len(runs), want)
			}
		}
	})
}

// windowed gives every channel a 24-hour customer-service window.
type windowed struct{}

func (windowed) MediaLimits(switchboard.ChannelKind) switchboard.MediaLimits {
	return switchboard.MediaLimits{}
}
func (windowed) ValidateSettings(switchboard.ChannelKind, json.RawMessage) error { return nil }
func (windowed) Capabilities(switchboard.ChannelKind) switchboard.ChannelCapabilities {
	return switchboard.ChannelCapabilities{Window: 24 * time.Hour}
}
func (windowed) Destinations(switchboard.ChannelKind, json.RawMessage) []switchboard.Destination {
	return nil
}
func (windowed) SettingsWarnings(switchboard.ChannelKind, json.RawMessage) []string { return nil }
func (windowed) ExtendedWindow(*switchboard.Inbox) time.Duration                    { return 0 }
func (windowed) ChecksCredentials(switchboard.ChannelKind) bool                     { return false }
func (windowed) FetchesProfiles(switchboard.ChannelKind) bool                       { return false }
func (windowed) OAuthProvider(switchboard.ChannelKind, json.RawMessage) string      { return "" }

// TestWindowAndCustomerTimers: window_closing fires N minutes before the window of the newest
// customer message closes, not for an older message; no_customer_reply fires when an agent's
// reply went unanswered, not when the customer answered.
func TestWindowAndCustomerTimers(t *testing.T) {
	c := &clock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: c.Now, Channels: windowed{}}, func(t *testing.T, db *sqlstore.DB) {
		s := newSetup(t, db)
		e := &automation.Engine{Store: db}
		mk := func(name string, when switchboard.RuleTrigger) int64 {
			r, err := db.CreateRule(s.admin, &switchboard.RuleInput{Name: name, When: when,
				Then: []switchboard.RuleAction{{Type: switchboard.ActionAddNote, Text: name}}})
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		closing := mk("Window closing", switchboard.RuleTrigger{Event: switchboard.TriggerWindowClosing, Minutes: 60})
		silent := mk("Customer silent", switchboard.RuleTrigger{Event: switchboard.TriggerNoCustomerReply, Minutes: 120})
		quiet := s.receive(t, "c-1", "in-1", "Hello")
		talky := s.receive(t, "c-2", "in-2", "Hello")
		for _, conv := range []int64{quiet.ID, talky.ID} {
			if _, _, err := db.CreateMessage(s.admin, conv, &switchboard.MessageCreate{Text: "How can we help?"}); err != nil {
				t.Fatal(err)
			}
		}
		c.Add(time.Hour)
		s.receive(t, "c-2", "in-3", "About my order") // answers the agent, and moves the window
		c.Add(90 * time.Minute)
		pump(t, db, e)
		if runs := s.runs(t, silent); len(runs) != 1 || runs[0].ConversationID != quiet.ID {
			t.Errorf("no_customer_reply runs %+v, want one on the quiet conversation", runs)
		}
		if runs := s.runs(t, closing); len(runs) != 0 {
			t.Errorf("window_closing ran early: %+v", runs)
		}
		c.Add(20*time.Hour + 35*time.Minute) // 23h05 after the first messages: their windows close within the hour
		pump(t, db, e)
		if runs := s.runs(t, closing); len(runs) != 1 || runs[0].ConversationID != quiet.ID {
			t.Errorf("window_closing runs %+v, want one on the quiet conversation", runs)
		}
		c.Add(time.Hour) // the talky conversation's window, moved by its later message
		pump(t, db, e)
		if runs := s.runs(t, closing); len(runs) != 2 || runs[0].ConversationID != talky.ID {
			t.Errorf("window_closing runs %+v, want the talky conversation's too", runs)
		}
	})
}
