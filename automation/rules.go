package automation

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// Engine runs the rules (the JobRunRules and JobRuleTimer jobs) and their dry runs. The store
// persists and loads; the engine decides which rules fire and hands the store a plan to apply.
type Engine struct {
	Store switchboard.RuleStore

	mu sync.Mutex
	// compiled holds each rule's compiled "if", by id, for the version it was compiled from.
	compiled map[int64]compiledRule
}

type compiledRule struct {
	updated time.Time
	m       *Matcher
}

// matcher returns the compiled "if" of a rule, compiling it once per version.
func (e *Engine) matcher(r *switchboard.Rule) (*Matcher, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.compiled[r.ID]; ok && c.updated.Equal(r.UpdatedAt) && r.ID != 0 {
		return c.m, nil
	}
	m, err := Compile(r.If)
	if err != nil {
		return nil, err
	}
	if r.ID != 0 {
		if e.compiled == nil {
			e.compiled = map[int64]compiledRule{}
		}
		e.compiled[r.ID] = compiledRule{updated: r.UpdatedAt, m: m}
	}
	return m, nil
}

// eventFacts is what a trigger reads of an event's data.
type eventFacts struct {
	ID         int64                  `json:"id"` // a message's
	Direction  switchboard.Direction  `json:"direction"`
	SenderType switchboard.SenderType `json:"sender_type"`
	Added      []string               `json:"added"`
	Removed    []string               `json:"removed"`
	Status     string                 `json:"status"`
}

// Fires reports whether a trigger listens to an event (whose data d holds).
func Fires(t switchboard.RuleTrigger, typ switchboard.EventType, d *eventFacts) bool {
	if t.Timed() || t.EventType() != typ {
		return false
	}
	has := func(names []string) bool {
		if t.Label == "" {
			return len(names) > 0
		}
		return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, t.Label) })
	}
	switch t.Event {
	case switchboard.TriggerMessageReceived:
		return d.Direction == switchboard.DirectionIncoming && d.SenderType == switchboard.SenderContact
	case switchboard.TriggerLabelAdded:
		return has(d.Added)
	case switchboard.TriggerLabelRemoved:
		return has(d.Removed)
	case switchboard.TriggerStatusChanged:
		return t.Status == "" || t.Status == d.Status
	}
	return true
}

// RunRules runs one JobRunRules job: for each of its events in turn (see runEvent). A retry after
// a failure or a crash runs them all again, and each rule already applied to an event is found in
// the run log and not applied twice.
func (e *Engine) RunRules(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.RunRulesArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("run-rules arguments: %w", err))
	}
	sys := switchboard.NewSystemContext(ctx)
	for _, id := range args.EventIDs {
		if err := e.runEvent(sys, id, args.Chain); err != nil {
			return err
		}
	}
	return nil
}

// runEvent runs the enabled rules whose trigger fires on one event, in position order, each evaluated against the conversation as it is after the rules before it.
// A rule that matches is applied once (the store's run log); with stop_processing the rules
// after it do not run for the event. A matching rule already in the event's chain, or whose run
// would make the chain longer than MaxRuleChain, is logged loop_stopped and does nothing.
func (e *Engine) runEvent(sys context.Context, eventID int64, chain []int64) error {
	ev, err := e.Store.RuleEvent(sys, eventID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if ev.ConversationID == nil {
		return nil
	}
	var d eventFacts
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil // not an event a rule reads (the dispatcher read it already)
	}
	rules, err := e.Store.EnabledRules(sys)
	if err != nil {
		return err
	}
	var msgID int64
	if ev.Type == switchboard.EventMessageCreated {
		msgID = d.ID
	}
	var facts *switchboard.RuleFacts
	for _, r := range rules {
		if !Fires(r.When, ev.Type, &d) {
			continue
		}
		if facts == nil {
			facts, err = e.Store.RuleFacts(sys, *ev.ConversationID, msgID)
			if code := switchboard.ErrorCode(err); code == switchboard.ENOTFOUND {
				return nil // the conversation or message is gone
			} else if err != nil {
				return err
			}
		}
		m, err := e.matcher(r)
		if err != nil {
			return err
		}
		if !m.Match(facts) {
			continue
		}
		plan := &switchboard.RulePlan{Rule: r, ConversationID: *ev.ConversationID, TriggerKey: fmt.Sprintf("event:%d", ev.ID),
			TriggerEventID: &ev.ID, TriggerType: string(ev.Type), Chain: chain,
			LoopStopped: slices.Contains(chain, r.ID) || len(chain) >= switchboard.MaxRuleChain}
		if _, err := e.Store.ApplyRule(sys, plan); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		facts = nil // the rule may have changed the conversation
		if r.StopProcessing {
			break
		}
	}
	return nil
}

// timerDue returns when a rule's timer for a message is due, and whether the trigger still
// holds: no newer message answered it (no_agent_reply, no_customer_reply), or it is still the
// newest customer message and the window is still open (window_closing).
func timerDue(t switchboard.RuleTrigger, f *switchboard.RuleFacts) (time.Time, bool) {
	m, after := f.Message, time.Duration(t.Minutes)*time.Minute
	if m == nil {
		return time.Time{}, false
	}
	customer := switchboard.CustomerMessage(m)
	switch t.Event {
	case switchboard.TriggerNoAgentReply:
		return m.CreatedAt.Add(after), customer && f.NewestAgentMessageID < m.ID
	case switchboard.TriggerNoCustomerReply:
		agent := m.Direction == switchboard.DirectionOutgoing && m.SenderType == switchboard.SenderAgent
		return m.CreatedAt.Add(after), agent && f.NewestCustomerMessageID < m.ID
	case switchboard.TriggerWindowClosing:
		closes := f.Conversation.WindowClosesAt
		if closes == nil || !customer || f.NewestCustomerMessageID != m.ID {
			return time.Time{}, false
		}
		return closes.Add(-after), f.Now.Before(*closes)
	}
	return time.Time{}, false
}

// RunTimer runs one JobRuleTimer job: if the rule is still enabled with its time trigger, and
// the trigger still holds for the message (see timerDue), the rule's conditions are evaluated
// and the rule applied once for that message. A job that runs early (another node's clock)
// runs again when due.
func (e *Engine) RunTimer(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.RuleTimerArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("rule-timer arguments: %w", err))
	}
	sys := switchboard.NewSystemContext(ctx)
	rules, err := e.Store.EnabledRules(sys)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rules, func(r *switchboard.Rule) bool { return r.ID == args.RuleID })
	if i < 0 || !rules[i].When.Timed() {
		return nil // deleted, disabled or changed since
	}
	r := rules[i]
	facts, err := e.Store.RuleFacts(sys, 0, args.MessageID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	due, holds := timerDue(r.When, facts)
	if !holds {
		return nil
	}
	if facts.Now.Before(due) {
		return jobs.RetryAfter(fmt.Errorf("rule %d timer not due until %s", r.ID, due.Format(time.RFC3339)), due.Sub(facts.Now))
	}
	m, err := e.matcher(r)
	if err != nil {
		return err
	}
	if !m.Match(facts) {
		return nil
	}
	plan := &switchboard.RulePlan{Rule: r, ConversationID: facts.Conversation.ID, TriggerKey: fmt.Sprintf("timer:%d", args.MessageID),
		TriggerType: string(r.When.Event)}
	_, err = e.Store.ApplyRule(sys, plan)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	}
	return err
}
