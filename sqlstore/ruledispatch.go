package sqlstore

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/switchboardhq/switchboard"
)

// ruleMessage is what dispatchRules reads of a message.created event.
type ruleMessage struct {
	ID             int64                  `json:"id"`
	ConversationID int64                  `json:"conversation_id"`
	InboxID        int64                  `json:"inbox_id"`
	Direction      switchboard.Direction  `json:"direction"`
	SenderType     switchboard.SenderType `json:"sender_type"`
	CreatedAt      time.Time              `json:"created_at"`
}

// dispatchRules gives the rules engine the transaction's events that an enabled rule listens to:
// one run_rules job per chain of rules whose actions caused them (a transaction of people's and
// channels' changes has one, empty), listing its events, committed with them; and, for rules with a time trigger, the timer a customer's or an agent's message
// starts (one live timer per rule and conversation: a newer message moves it). The rules are as
// remembered (see rememberFor), so an event no rule listens to costs a map lookup. Deciding
// whether a rule matches is the engine's (package automation), when the job runs.
func (tx *Tx) dispatchRules() error {
	set, err := tx.db.enabledRules(tx.ctx, tx.tx, tx.configChanged)
	if err != nil {
		return fmt.Errorf("dispatch events to rules: %w", err)
	}
	if len(set.rules) == 0 {
		return nil
	}
	var batches []switchboard.RunRulesArgs // by chain, in order of first appearance
	for _, e := range tx.events {
		if !set.listen[e.Type] || tx.copies[e] || e.ConversationID == nil {
			continue
		}
		if e.Type == switchboard.EventMessageCreated {
			var m ruleMessage
			if err := json.Unmarshal(e.Data, &m); err != nil {
				return fmt.Errorf("dispatch message %d to rules: %w", e.ID, err)
			}
			customer := m.Direction == switchboard.DirectionIncoming && m.SenderType == switchboard.SenderContact
			agent := m.Direction == switchboard.DirectionOutgoing && m.SenderType == switchboard.SenderAgent
			if set.timed && (customer || agent) {
				if err := tx.startRuleTimers(set, &m, customer); err != nil {
					return err
				}
			}
			if !customer || !set.received {
				continue
			}
		}
		chain := tx.chains[e]
		i := slices.IndexFunc(batches, func(b switchboard.RunRulesArgs) bool { return slices.Equal(b.Chain, chain) })
		if i < 0 {
			batches, i = append(batches, switchboard.RunRulesArgs{Chain: chain}), len(batches)
		}
		batches[i].EventIDs = append(batches[i].EventIDs, e.ID)
	}
	for _, b := range batches {
		if err := tx.enqueue(switchboard.JobRunRules, b, jobOptions{}); err != nil {
			return err
		}
	}
	return nil
}

// startRuleTimers starts (or moves) the timers of the rules a message starts: a customer's
// message those of no_agent_reply and window_closing, an agent's reply those of
// no_customer_reply.
func (tx *Tx) startRuleTimers(set *ruleSet, m *ruleMessage, customer bool) error {
	for _, r := range set.rules {
		var at time.Time
		switch r.When.Event {
		case switchboard.TriggerNoAgentReply:
			if !customer {
				continue
			}
			at = m.CreatedAt.Add(time.Duration(r.When.Minutes) * time.Minute)
		case switchboard.TriggerWindowClosing:
			if !customer {
				continue
			}
			c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, m.InboxID, tx.configChanged)
			if err != nil {
				return err
			}
			w := tx.db.capabilities(c.inbox.Kind).Window
			if w == 0 {
				continue
			}
			at = m.CreatedAt.Add(w - time.Duration(r.When.Minutes)*time.Minute)
		case switchboard.TriggerNoCustomerReply:
			if customer {
				continue
			}
			at = m.CreatedAt.Add(time.Duration(r.When.Minutes) * time.Minute)
		default:
			continue
		}
		key := fmt.Sprintf("ruletimer:%d:%d", r.ID, m.ConversationID)
		if err := tx.enqueue(switchboard.JobRuleTimer, switchboard.RuleTimerArgs{RuleID: r.ID, MessageID: m.ID}, jobOptions{runAt: at, uniqueKey: key}); err != nil {
			return err
		}
	}
	return nil
}
