package switchboard

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A Rule is an admin's "when this happens, if these hold, do that": the rules engine (package
// automation) runs the enabled rules, in position order, for every event their trigger listens
// to. Each rule runs at most once per trigger (a row of its run log), its database actions
// commit with that row, and what it causes carries the chain of rules that led to it, so rules
// cannot loop (see MaxRuleChain).
type Rule struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Enabled  bool   `json:"enabled"`
	Position int    `json:"position"` // read-only; set with OrderRules
	// StopProcessing: when this rule matches an event, later rules do not run for it.
	StopProcessing bool         `json:"stop_processing"`
	When           RuleTrigger  `json:"when"`
	If             *RuleGroup   `json:"if"`
	Then           []RuleAction `json:"then"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
	LastRunAt      *time.Time   `json:"last_run_at"` // newest execution
	Runs           int          `json:"runs"`        // executions in the last 30 days
}

// RuleInput is what an admin sends to create or replace a rule. Enabled defaults to true.
type RuleInput struct {
	Name           string       `json:"name"`
	Enabled        *bool        `json:"enabled"`
	StopProcessing bool         `json:"stop_processing"`
	When           RuleTrigger  `json:"when"`
	If             *RuleGroup   `json:"if"`
	Then           []RuleAction `json:"then"`
}

// RuleTriggerEvent names what a rule waits for.
type RuleTriggerEvent string

// The triggers. The time triggers (RuleTrigger.Timed) fire when a message has gone unanswered
// for Minutes, or Minutes before a channel's window closes; the others on an event of the log.
const (
	TriggerMessageReceived     RuleTriggerEvent = "message_received"     // a customer's message
	TriggerConversationCreated RuleTriggerEvent = "conversation_created" // inbound or outbound
	TriggerLabelAdded          RuleTriggerEvent = "label_added"          // Label "" = any
	TriggerLabelRemoved        RuleTriggerEvent = "label_removed"        // Label "" = any
	TriggerStatusChanged       RuleTriggerEvent = "status_changed"       // Status "" = any
	TriggerAssigneeChanged     RuleTriggerEvent = "assignee_changed"     // agent or team
	TriggerWindowClosing       RuleTriggerEvent = "window_closing"       // Minutes before the window closes
	TriggerNoCustomerReply     RuleTriggerEvent = "no_customer_reply"    // an agent's reply unanswered for Minutes
	TriggerNoAgentReply        RuleTriggerEvent = "no_agent_reply"       // a customer's message unanswered for Minutes
	TriggerSLAWarning          RuleTriggerEvent = "sla_warning"          // event conversation.sla_warning
	TriggerSLABreached         RuleTriggerEvent = "sla_breached"         // event conversation.sla_breached
)

// RuleTrigger is a rule's "when".
type RuleTrigger struct {
	Event   RuleTriggerEvent `json:"event"`
	Label   string           `json:"label,omitempty"`
	Status  string           `json:"status,omitempty"`
	Minutes int              `json:"minutes,omitempty"`
}

// Timed reports whether the trigger is a timer started by a message rather than an event.
func (t RuleTrigger) Timed() bool {
	return t.Event == TriggerWindowClosing || t.Event == TriggerNoCustomerReply || t.Event == TriggerNoAgentReply
}

// EventType returns the type of the log's events the trigger listens to (for a time trigger,
// the message.created that starts its timer). The SLA events are declared by the SLA work; they
// are named here as strings.
func (t RuleTrigger) EventType() EventType {
	switch t.Event {
	case TriggerMessageReceived, TriggerWindowClosing, TriggerNoCustomerReply, TriggerNoAgentReply:
		return EventMessageCreated
	case TriggerConversationCreated:
		return EventConversationCreated
	case TriggerLabelAdded, TriggerLabelRemoved:
		return EventConversationLabels
	case TriggerStatusChanged:
		return EventConversationStatus
	case TriggerAssigneeChanged:
		return EventConversationAssigned
	case TriggerSLAWarning:
		return "conversation.sla_warning"
	case TriggerSLABreached:
		return "conversation.sla_breached"
	case TriggerAnalysed:
		return EventConversationAnalysed
	}
	return ""
}

// RuleGroup is a rule's "if": conditions and groups of conditions (one level deep), all or any
// of which must hold. An empty group holds.
type RuleGroup struct {
	Match      string          `json:"match"` // all (default) or any
	Conditions []RuleCondition `json:"conditions"`
	Groups     []RuleGroup     `json:"groups,omitempty"`
}

// RuleCondition compares one fact of a conversation with values: {"field": "labels", "op":
// "includes", "values": ["vip"]}.
type RuleCondition struct {
	Field  string   `json:"field"`
	Op     string   `json:"op"`
	Values []string `json:"values"`
}

// The condition operators.
const (
	OpIs          = "is"
	OpIsNot       = "is_not"
	OpContains    = "contains"
	OpNotContains = "not_contains"
	OpMatches     = "matches"
	OpIsSet       = "is_set"
	OpIsNotSet    = "is_not_set"
	OpIncludes    = "includes"
	OpExcludes    = "excludes"
)

// RuleAction is one step of a rule's "then". Which fields it uses depends on Type.
type RuleAction struct {
	Type        string   `json:"type"`
	AgentID     int64    `json:"agent_id,omitempty"`      // assign_agent
	TeamID      int64    `json:"team_id,omitempty"`       // assign_team
	Labels      []string `json:"labels,omitempty"`        // add_label, remove_label
	Priority    Priority `json:"priority,omitempty"`      // set_priority
	Minutes     int      `json:"minutes,omitempty"`       // snooze
	CannedID    int64    `json:"canned_id,omitempty"`     // send_canned
	Template    string   `json:"template,omitempty"`      // send_template
	Language    string   `json:"language,omitempty"`      // send_template
	Text        string   `json:"text,omitempty"`          // add_note, notify_agents
	AgentIDs    []int64  `json:"agent_ids,omitempty"`     // notify_agents
	WebhookID   int64    `json:"webhook_id,omitempty"`    // call_webhook
	SLAPolicyID int64    `json:"sla_policy_id,omitempty"` // apply_sla
}

// The action types. ActionStartBot runs the inbox's bot on the conversation (resumed, and given
// the newest customer message) unless it is active already; ActionPauseBot pauses it.
const (
	ActionAssignAgent  = "assign_agent"
	ActionAssignTeam   = "assign_team"
	ActionUnassign     = "unassign"
	ActionAddLabel     = "add_label"
	ActionRemoveLabel  = "remove_label"
	ActionSetPriority  = "set_priority"
	ActionSnooze       = "snooze"
	ActionResolve      = "resolve"
	ActionReopen       = "reopen"
	ActionSendCanned   = "send_canned"
	ActionSendTemplate = "send_template"
	ActionAddNote      = "add_note"
	ActionNotifyAgents = "notify_agents"
	ActionCallWebhook  = "call_webhook"
	ActionApplySLA     = "apply_sla"
	ActionStartBot     = "start_bot"
	ActionPauseBot     = "pause_bot"
)

// Limits of a rule.
const (
	MaxRuleName       = 100
	MaxRuleConditions = 20 // in all, groups included
	MaxRuleActions    = 10
	MaxRuleRegexp     = 200 // characters of a matches pattern
	MaxRuleText       = 4000
	// MaxRuleChain is how many rules may lead one to another: a rule whose run would be the
	// sixth link of a chain (or that is already in it) is stopped and logged loop_stopped.
	MaxRuleChain = 5
)

// ruleFieldOps lists the operators of each field (contact.attribute.<key> uses textOps).
var ruleFieldOps = map[string][]string{
	"channel": {OpIs, OpIsNot}, "inbox": {OpIs, OpIsNot}, "priority": {OpIs, OpIsNot}, "status": {OpIs, OpIsNot},
	"kind": {OpIs, OpIsNot}, "business_hours": {OpIs},
	"contact.name": textOps, "contact.email": textOps, "contact.phone": textOps, "contact.language": textOps,
	"contact.labels": {OpIncludes, OpExcludes}, "labels": {OpIncludes, OpExcludes},
	"message.text": {OpContains, OpNotContains, OpMatches, OpIsSet, OpIsNotSet},
	"assignee":     {OpIs, OpIsNot, OpIsSet, OpIsNotSet}, "team": {OpIs, OpIsNot, OpIsSet, OpIsNotSet},
	"sentiment": {OpIs, OpIsNot, OpIsSet, OpIsNotSet}, "urgency": {OpIs, OpIsNot, OpIsSet, OpIsNotSet},
	"language": {OpIs, OpIsNot, OpIsSet, OpIsNotSet},
}

var textOps = []string{OpIs, OpIsNot, OpContains, OpNotContains, OpMatches, OpIsSet, OpIsNotSet}

// RuleFieldOps returns the operators a condition field takes, or nil for an unknown field.
func RuleFieldOps(field string) []string {
	if key, ok := strings.CutPrefix(field, "contact.attribute."); ok && key != "" {
		return textOps
	}
	return ruleFieldOps[field]
}

// Validate checks a rule as sent: an EINVALID *Error names each problem by its path
// ("when.minutes", "if.groups.0.conditions.1.values", "then.1.agent_id"). Whether the ids it
// names exist is checked when the rule runs (an action on something deleted is skipped and
// logged).
func (in *RuleInput) Validate() error {
	var v Validator
	in.Name = strings.TrimSpace(in.Name)
	v.Length(in.Name, MaxRuleName, "name", fmt.Sprintf("Enter a name of at most %d characters.", MaxRuleName))
	in.When.validate(&v)
	if in.If != nil {
		n := 0
		in.If.validate(&v, "if", true, &n)
		v.Check(n <= MaxRuleConditions, "if", fmt.Sprintf("Use at most %d conditions in all.", MaxRuleConditions))
	}
	v.Check(len(in.Then) >= 1 && len(in.Then) <= MaxRuleActions, "then", fmt.Sprintf("Choose 1 to %d actions.", MaxRuleActions))
	for i := range in.Then {
		in.Then[i].validate(&v, fmt.Sprintf("then.%d", i))
	}
	return v.Err()
}

func (t *RuleTrigger) validate(v *Validator) {
	if t.EventType() == "" {
		v.Check(false, "when.event", "Choose what the rule waits for.")
		return
	}
	switch t.Event {
	case TriggerLabelAdded, TriggerLabelRemoved:
		v.MaxLength(t.Label, 100, "when.label")
	case TriggerStatusChanged:
		v.Check(t.Status == "" || ConversationStatus(t.Status).Valid(), "when.status", "Use open, pending, snoozed, resolved, or nothing for any.")
	case TriggerWindowClosing:
		v.Check(t.Minutes >= 1 && t.Minutes <= 1439, "when.minutes", "Use 1 to 1439 minutes before the window closes.")
	case TriggerNoCustomerReply, TriggerNoAgentReply:
		v.Check(t.Minutes >= 1 && t.Minutes <= 43200, "when.minutes", "Use 1 to 43200 minutes (30 days).")
	}
	if !t.Timed() {
		t.Minutes = 0
	}
}

func (g *RuleGroup) validate(v *Validator, path string, top bool, n *int) {
	g.Match = strings.ToLower(strings.TrimSpace(g.Match))
	if g.Match == "" {
		g.Match = "all"
	}
	v.Check(g.Match == "all" || g.Match == "any", path+".match", "Use all or any.")
	v.Check(top || len(g.Groups) == 0, path+".groups", "Groups go one level deep.")
	for i := range g.Conditions {
		*n++
		g.Conditions[i].validate(v, fmt.Sprintf("%s.conditions.%d", path, i))
	}
	for i := range g.Groups {
		g.Groups[i].validate(v, fmt.Sprintf("%s.groups.%d", path, i), false, n)
	}
}

func (c *RuleCondition) validate(v *Validator, path string) {
	ops := RuleFieldOps(c.Field)
	if ops == nil {
		v.Check(false, path+".field", "Choose a known field.")
		return
	}
	ok := false
	for _, o := range ops {
		ok = ok || o == c.Op
	}
	if !ok {
		v.Check(false, path+".op", "Use one of: "+strings.Join(ops, ", ")+".")
		return
	}
	if c.Op == OpIsSet || c.Op == OpIsNotSet {
		c.Values = nil
		return
	}
	if len(c.Values) == 0 || len(c.Values) > 50 {
		v.Check(false, path+".values", "Give 1 to 50 values.")
		return
	}
	for _, val := range c.Values {
		if len(val) > 500 {
			v.Check(false, path+".values", "Use values of at most 500 characters.")
			return
		}
	}
	switch {
	case c.Op == OpMatches:
		for _, p := range c.Values {
			if len(p) > MaxRuleRegexp {
				v.Check(false, path+".values", fmt.Sprintf("Use a pattern of at most %d characters.", MaxRuleRegexp))
				return
			}
			if _, err := regexp.Compile(p); err != nil {
				v.Check(false, path+".values", "Not a valid regular expression: "+err.Error())
				return
			}
		}
	case c.Field == "priority":
		for _, p := range c.Values {
			v.Check(Priority(p).Valid(), path+".values", "Use none, low, medium, high or urgent.")
		}
	case c.Field == "status":
		for _, s := range c.Values {
			v.Check(ConversationStatus(s).Valid(), path+".values", "Use open, pending, snoozed or resolved.")
		}
	case c.Field == "sentiment":
		for _, s := range c.Values {
			v.Check(Sentiment(s).Valid(), path+".values", "Use negative, neutral or positive.")
		}
	case c.Field == "urgency":
		for _, u := range c.Values {
			v.Check(Urgency(u).Valid(), path+".values", "Use low, normal or high.")
		}
	case c.Field == "language":
		for _, l := range c.Values {
			v.Check(len(l) == 2, path+".values", "Use two-letter codes, like es.")
		}
	case c.Field == "kind":
		for _, k := range c.Values {
			v.Check(k == "direct" || k == "comment", path+".values", "Use direct or comment.")
		}
	case c.Field == "business_hours":
		v.Check(len(c.Values) == 1 && (c.Values[0] == "open" || c.Values[0] == "closed"), path+".values", "Use open or closed.")
	case c.Field == "inbox" || c.Field == "assignee" || c.Field == "team":
		for _, s := range c.Values {
			var id int64
			_, err := fmt.Sscan(s, &id)
			v.Check(err == nil && id > 0 && fmt.Sprint(id) == s, path+".values", "Use ids.")
		}
	}
}

func (a *RuleAction) validate(v *Validator, path string) {
	need := func(ok bool, field, msg string) { v.Check(ok, path+"."+field, msg) }
	switch a.Type {
	case ActionAssignAgent:
		need(a.AgentID > 0, "agent_id", "Choose an agent.")
	case ActionAssignTeam:
		need(a.TeamID > 0, "team_id", "Choose a team.")
	case ActionUnassign, ActionResolve, ActionReopen:
	case ActionAddLabel, ActionRemoveLabel:
		need(len(a.Labels) >= 1 && len(a.Labels) <= 50, "labels", "Choose 1 to 50 labels.")
	case ActionSetPriority:
		need(a.Priority.Valid(), "priority", "Use none, low, medium, high or urgent.")
	case ActionSnooze:
		need(a.Minutes >= 1 && a.Minutes <= 525600, "minutes", "Use 1 to 525600 minutes (a year).")
	case ActionSendCanned:
		need(a.CannedID > 0, "canned_id", "Choose a canned response.")
	case ActionSendTemplate:
		need(a.Template != "", "template", "Choose a template.")
		need(a.Language != "", "language", "Choose the template's language.")
	case ActionAddNote:
		need(strings.TrimSpace(a.Text) != "" && len(a.Text) <= MaxRuleText, "text", fmt.Sprintf("Write a note of at most %d characters.", MaxRuleText))
	case ActionNotifyAgents:
		need(len(a.AgentIDs) >= 1 && len(a.AgentIDs) <= 20, "agent_ids", "Choose 1 to 20 agents.")
		need(strings.TrimSpace(a.Text) != "" && len(a.Text) <= MaxRuleText, "text", fmt.Sprintf("Write a message of at most %d characters.", MaxRuleText))
	case ActionCallWebhook:
		need(a.WebhookID > 0, "webhook_id", "Choose a webhook.")
	case ActionApplySLA:
		need(a.SLAPolicyID > 0, "sla_policy_id", "Choose an SLA policy.")
	case ActionStartBot, ActionPauseBot:
	default:
		need(false, "type", "Choose a known action.")
	}
}

// The outcomes of a rule run and of its actions.
const (
	RunApplied     = "applied"      // at least one action was done
	RunSkipped     = "skipped"      // every action was skipped (nothing to do, or not possible)
	RunLoopStopped = "loop_stopped" // the rule was already in the chain, or the chain was full
	RunFailed      = "failed"       // an action failed
	ActionDone     = "done"
	ActionSkipped  = "skipped"
	ActionFailed   = "failed"
)

// RuleRun is one entry of a rule's run log: one (rule, trigger) at most.
type RuleRun struct {
	ID             int64              `json:"id"`
	RuleID         int64              `json:"rule_id"`
	ConversationID int64              `json:"conversation_id"`
	TriggerEventID *int64             `json:"trigger_event_id"` // nil for a time trigger
	Outcome        string             `json:"outcome"`
	Actions        []RuleActionResult `json:"actions"`
	CreatedAt      time.Time          `json:"created_at"`
}

// RuleActionResult is what one action of a run did.
type RuleActionResult struct {
	Type    string `json:"type"`
	Outcome string `json:"outcome"` // done, skipped, failed
	Detail  string `json:"detail,omitempty"`
}

// RuleRunPage is a page of a rule's runs, newest first.
type RuleRunPage struct {
	Items      []*RuleRun `json:"items"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// RuleDryRunMatch is one recent trigger a rule would have matched.
type RuleDryRunMatch struct {
	ConversationID int64     `json:"conversation_id"`
	ContactName    string    `json:"contact_name"`
	Subject        string    `json:"subject"`
	EventID        int64     `json:"event_id"`
	Event          string    `json:"event"`
	At             time.Time `json:"at"`
}

// RuleDryRun answers a dry run: the matches among the triggers examined.
type RuleDryRun struct {
	Items    []*RuleDryRunMatch `json:"items"`
	Examined int                `json:"examined"`
}

// The event types of rules.
const (
	// EventRuleExecuted is a rule's run that did something; data RuleExecutedData.
	EventRuleExecuted EventType = "rule.executed"
	// EventRuleChanged is a rule created, changed, reordered or deleted.
	EventRuleChanged EventType = "rule.changed"
)

// RuleExecutedData is the data of a rule.executed event.
type RuleExecutedData struct {
	RuleID         int64              `json:"rule_id"`
	RuleName       string             `json:"rule_name"`
	RunID          int64              `json:"run_id"`
	ConversationID int64              `json:"conversation_id"`
	Trigger        RuleTriggerRef     `json:"trigger"`
	Actions        []RuleActionResult `json:"actions"`
}

// RuleTriggerRef names what triggered a run: an event of the log, or a timer (EventID nil).
type RuleTriggerRef struct {
	EventID *int64 `json:"event_id"`
	Type    string `json:"type"`
}

// RuleService keeps the rules (admins; supervisors may read).
type RuleService interface {
	FindRules(ctx context.Context) ([]*Rule, error)
	FindRuleByID(ctx context.Context, id int64) (*Rule, error)
	// CreateRule appends a rule last; a name taken (case-insensitively) is ECONFLICT "name".
	CreateRule(ctx context.Context, in *RuleInput) (*Rule, error)
	// UpdateRule replaces a rule's name, enabled, stop_processing, when, if and then.
	UpdateRule(ctx context.Context, id int64, in *RuleInput) (*Rule, error)
	DeleteRule(ctx context.Context, id int64) error
	// OrderRules sets the positions: ids names every rule exactly once, first to last.
	OrderRules(ctx context.Context, ids []int64) ([]*Rule, error)
	// FindRuleRuns lists a rule's runs, newest first.
	FindRuleRuns(ctx context.Context, ruleID int64, cursor string, limit int) (*RuleRunPage, error)
}

// RuleDryRunner tells which recent triggers an unsaved rule would have matched (admins).
type RuleDryRunner interface {
	DryRunRule(ctx context.Context, in *RuleInput) (*RuleDryRun, error)
}

// The jobs of the rules engine.
const (
	// JobRunRules runs the enabled rules listening to one event.
	JobRunRules = "run_rules"
	// JobRuleTimer fires one rule's time trigger for one message.
	JobRuleTimer = "rule_timer"
)

// RunRulesArgs are the arguments of a JobRunRules job: the events of one transaction that rules
// listen to, oldest first, and the chain of rules whose actions caused them (empty for a
// person's or a channel's change). One job per transaction and chain, not per event: a burst of
// webhooks committed together costs one job to claim and complete.
type RunRulesArgs struct {
	EventIDs []int64 `json:"event_ids"`
	Chain    []int64 `json:"chain,omitempty"`
}

// RuleTimerArgs are the arguments of a JobRuleTimer job: the rule, and the message that started
// its timer.
type RuleTimerArgs struct {
	RuleID    int64 `json:"rule_id"`
	MessageID int64 `json:"message_id"`
}

// CustomerMessage reports whether m is a customer's own message: incoming, from the contact
// (not an echo of what the business sent from elsewhere, not a bot's, not a milestone).
func CustomerMessage(m *Message) bool {
	return m.Direction == DirectionIncoming && m.SenderType == SenderContact
}

// RuleFacts are what a rule's conditions are evaluated against: a conversation as it is now.
type RuleFacts struct {
	Conversation *Conversation
	Contact      *Contact
	// Message is the triggering message (a message trigger's, or a timer's), else the newest
	// customer message; nil when there is none.
	Message *Message
	// BusinessHoursOpen is false when the inbox has business hours and is outside them.
	BusinessHoursOpen bool
	// NewestCustomerMessageID and NewestAgentMessageID are the conversation's newest customer
	// message and newest outgoing message of an agent (0 for none): a timer fires only while
	// nothing newer answered its message.
	NewestCustomerMessageID int64
	NewestAgentMessageID    int64
	Now                     time.Time
}

// RulePlan is what the engine decided one rule does for one trigger; the store applies it in
// one transaction with the run's row.
type RulePlan struct {
	Rule           *Rule
	ConversationID int64
	// TriggerKey names the trigger, "event:<id>" or "timer:<message id>": a rule runs once per
	// key.
	TriggerKey     string
	TriggerEventID *int64
	TriggerType    string  // the event type, or the time trigger's name
	Chain          []int64 // the rules that led here, this one not included
	// LoopStopped logs the run as loop_stopped and does nothing else.
	LoopStopped bool
}

// RuleStore is what the rules engine reads and writes (system only).
type RuleStore interface {
	// EnabledRules returns the enabled rules in position order, as remembered for a moment.
	EnabledRules(ctx context.Context) ([]*Rule, error)
	// RuleEvent returns one event of the log.
	RuleEvent(ctx context.Context, id int64) (*Event, error)
	// RuleFacts loads a conversation's facts; messageID, when not 0, names the triggering
	// message (ENOTFOUND when it is gone).
	RuleFacts(ctx context.Context, conversationID, messageID int64) (*RuleFacts, error)
	// ApplyRule records the run and does its actions, in one transaction; it returns nil when
	// the rule already ran for that trigger.
	ApplyRule(ctx context.Context, p *RulePlan) (*RuleRun, error)
	// RecentRuleEvents returns the newest events of the given types since a time, newest
	// first, at most limit (for dry runs).
	RecentRuleEvents(ctx context.Context, types []EventType, since time.Time, limit int) ([]*Event, error)
}
