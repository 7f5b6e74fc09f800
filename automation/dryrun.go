package automation

import (
	"context"
	"encoding/json"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Dry runs look at the newest DryRunEvents triggering events of the last DryRunPeriod.
const (
	DryRunEvents = 200
	DryRunPeriod = 7 * 24 * time.Hour
	// dryRunScan bounds the events read to find them (message.created events that are not
	// customers' messages are read and passed over).
	dryRunScan = 2000
)

var _ switchboard.RuleDryRunner = (*Engine)(nil)

// DryRunRule tells which of the recent triggers an unsaved rule would have matched (admins),
// evaluated against the conversations as they are now; it changes nothing. For a time trigger
// the triggers are the messages that would have started its timer, one per conversation (the
// newest), counted when the timer would have fired by now and its trigger still holds.
func (e *Engine) DryRunRule(ctx context.Context, in *switchboard.RuleInput) (*switchboard.RuleDryRun, error) {
	actor, ok := switchboard.ActorFromContext(ctx)
	if !ok {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	if !actor.IsAdmin() {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can try rules.")
	}
	if in.Name == "" {
		in.Name = "Dry run" // a draft may not have its name yet
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &switchboard.Rule{Name: in.Name, When: in.When, If: in.If, Then: in.Then}
	m, err := e.matcher(r)
	if err != nil {
		return nil, err
	}
	sys := switchboard.NewSystemContext(ctx)
	now := time.Now()
	events, err := e.Store.RecentRuleEvents(sys, []switchboard.EventType{r.When.EventType()}, now.Add(-DryRunPeriod), dryRunScan)
	if err != nil {
		return nil, err
	}
	out := &switchboard.RuleDryRun{Items: []*switchboard.RuleDryRunMatch{}}
	seen := map[int64]bool{} // conversations, for time triggers
	for _, ev := range events {
		if out.Examined >= DryRunEvents {
			break
		}
		var d eventFacts
		if json.Unmarshal(ev.Data, &d) != nil {
			continue
		}
		var msgID int64
		if ev.Type == switchboard.EventMessageCreated {
			msgID = d.ID
		}
		if r.When.Timed() {
			if seen[*ev.ConversationID] || !timerStarts(r.When, &d) {
				continue
			}
			seen[*ev.ConversationID] = true
		} else if !Fires(r.When, ev.Type, &d) {
			continue
		}
		out.Examined++
		facts, err := e.Store.RuleFacts(sys, *ev.ConversationID, msgID)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if r.When.Timed() {
			if due, holds := timerDue(r.When, facts); !holds || facts.Now.Before(due) {
				continue
			}
		}
		if !m.Match(facts) {
			continue
		}
		out.Items = append(out.Items, &switchboard.RuleDryRunMatch{ConversationID: facts.Conversation.ID, ContactName: facts.Conversation.ContactName,
			Subject: facts.Conversation.Subject, EventID: ev.ID, Event: string(ev.Type), At: ev.CreatedAt})
	}
	return out, nil
}

// timerStarts reports whether a message.created event starts a time trigger's timer: a
// customer's message for no_agent_reply and window_closing, an agent's reply for
// no_customer_reply.
func timerStarts(t switchboard.RuleTrigger, d *eventFacts) bool {
	if t.Event == switchboard.TriggerNoCustomerReply {
		return d.Direction == switchboard.DirectionOutgoing && d.SenderType == switchboard.SenderAgent
	}
	return d.Direction == switchboard.DirectionIncoming && d.SenderType == switchboard.SenderContact
}
