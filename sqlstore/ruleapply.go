package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.RuleStore = (*DB)(nil)

const eventColumns = "id, type, inbox_id, conversation_id, agent_id, actor_id, data, created_at"

// RuleEvent returns one event of the log (system only).
func (db *DB) RuleEvent(ctx context.Context, id int64) (*switchboard.Event, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	events, err := readEvents(db.reader(ctx), "SELECT "+eventColumns+" FROM events WHERE id = ?", []any{id})
	if err != nil {
		return nil, fmt.Errorf("rule event %d: %w", id, err)
	}
	if len(events) == 0 {
		return nil, notFound("Event")
	}
	return events[0], nil
}

// RecentRuleEvents returns the newest events of some types since a time, newest first (system
// only; for dry runs).
func (db *DB) RecentRuleEvents(ctx context.Context, types []switchboard.EventType, since time.Time, limit int) ([]*switchboard.Event, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	if len(types) == 0 {
		return nil, nil
	}
	var w where
	vals := make([]any, len(types))
	for i, t := range types {
		vals[i] = string(t)
	}
	w.in("type", vals)
	w.add("created_at >= ?", micro(since))
	w.add("conversation_id IS NOT NULL")
	events, err := readEvents(db.reader(ctx), "SELECT "+eventColumns+" FROM events"+w.sql()+" ORDER BY id DESC"+limitSQL(limit), w.args)
	if err != nil {
		return nil, fmt.Errorf("recent rule events: %w", err)
	}
	return events, nil
}

// RuleFacts loads what a rule's conditions read of a conversation, as it is now (system only).
func (db *DB) RuleFacts(ctx context.Context, conversationID, messageID int64) (*switchboard.RuleFacts, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	f := &switchboard.RuleFacts{Now: db.now()}
	var err error
	if messageID != 0 {
		if f.Message, err = db.FindMessageByID(ctx, messageID); err != nil {
			return nil, err
		}
		conversationID = f.Message.ConversationID
	}
	if f.Conversation, err = db.FindConversationByID(ctx, conversationID); err != nil {
		return nil, err
	}
	if f.Contact, err = db.FindContactByID(ctx, f.Conversation.ContactID); err != nil {
		return nil, err
	}
	newest := func(cond string) (int64, error) {
		var id sql.NullInt64
		err := db.queryRow(ctx, "SELECT MAX(id) FROM messages WHERE conversation_id = ? AND "+cond, conversationID).Scan(&id)
		return id.Int64, err
	}
	if f.NewestCustomerMessageID, err = newest("direction = 'incoming' AND sender_type = 'contact'"); err != nil {
		return nil, fmt.Errorf("rule facts: %w", err)
	}
	if f.NewestAgentMessageID, err = newest("direction = 'outgoing' AND sender_type = 'agent'"); err != nil {
		return nil, fmt.Errorf("rule facts: %w", err)
	}
	if f.Message == nil && f.NewestCustomerMessageID != 0 {
		if f.Message, err = db.FindMessageByID(ctx, f.NewestCustomerMessageID); err != nil {
			return nil, err
		}
	}
	closed, err := db.inboxClosed(ctx, f.Conversation.InboxID)
	if err != nil {
		return nil, err
	}
	f.BusinessHoursOpen = !closed
	return f, nil
}

// ruleSender names a rule as the sender of what it writes in a thread.
func ruleSender(r *Rule) string { return "Rule “" + r.Name + "”" }

// ApplyRule records one run of a rule and does its actions in one transaction (system only),
// acting as the rule (switchboard.NewAutomationContext) with the chain that led to it plus the
// rule itself: milestones credit the rule, and the events its actions cause carry the chain.
// The run's row is claimed first by (rule, trigger key): a rule that already ran for the trigger
// (another node, a retry after a crash) finds it and does nothing, and nil is returned. An
// action that cannot be done (an agent not in the inbox, a label deleted, a closed window) is
// skipped and logged with why; an error of the database rolls everything back for the job to
// retry. Replies go through the delivery job, webhook calls through a delivery of the run's
// rule.executed event, both committed with the run.
func (db *DB) ApplyRule(ctx context.Context, p *switchboard.RulePlan) (*switchboard.RuleRun, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	r := p.Rule
	actx := switchboard.NewAutomationContext(ctx, &switchboard.AutomationActor{Kind: switchboard.AutomationRule, ID: r.ID, Name: r.Name,
		Chain: append(slices.Clone(p.Chain), r.ID)})
	var run *switchboard.RuleRun
	err := db.update(actx, func(tx *Tx) error {
		run = nil
		id, err := tx.insert(`INSERT INTO rule_runs (rule_id, trigger_key, conversation_id, trigger_event_id, outcome, actions, created_at)
			VALUES (?, ?, ?, ?, ?, '[]', ?) ON CONFLICT (rule_id, trigger_key) DO NOTHING`,
			r.ID, p.TriggerKey, p.ConversationID, p.TriggerEventID, switchboard.RunLoopStopped, micro(tx.now))
		if errors.Is(err, sql.ErrNoRows) {
			return nil // ran already
		} else if isForeignKeyViolation(err) {
			return notFound("Rule") // deleted meanwhile
		} else if err != nil {
			return fmt.Errorf("rule %d run: %w", r.ID, err)
		}
		run = &switchboard.RuleRun{ID: id, RuleID: r.ID, ConversationID: p.ConversationID, TriggerEventID: p.TriggerEventID,
			Outcome: switchboard.RunLoopStopped, Actions: []switchboard.RuleActionResult{}, CreatedAt: tx.now}
		if p.LoopStopped {
			return nil
		}
		var hooks []int64
		for _, a := range r.Then {
			res, err := tx.ruleAction(p, a, &hooks)
			if err != nil {
				return err
			}
			run.Actions = append(run.Actions, res)
		}
		run.Outcome = runOutcome(run.Actions)
		raw, err := json.Marshal(run.Actions)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE rule_runs SET outcome = ?, actions = ? WHERE id = ?", run.Outcome, string(raw), id); err != nil {
			return fmt.Errorf("rule %d run: %w", r.ID, err)
		}
		if _, err := tx.exec("UPDATE rules SET last_run_at = ? WHERE id = ?", micro(tx.now), r.ID); err != nil {
			return fmt.Errorf("rule %d run: %w", r.ID, err)
		}
		var inboxID *int64
		var inbox int64
		if err := tx.queryRow("SELECT inbox_id FROM conversations WHERE id = ?", p.ConversationID).Scan(&inbox); err == nil {
			inboxID = &inbox
		}
		tx.emit(switchboard.EventRuleExecuted, inboxID, &p.ConversationID, nil, switchboard.RuleExecutedData{RuleID: r.ID, RuleName: r.Name,
			RunID: id, ConversationID: p.ConversationID, Trigger: switchboard.RuleTriggerRef{EventID: p.TriggerEventID, Type: p.TriggerType},
			Actions: run.Actions})
		executed := tx.events[len(tx.events)-1]
		for _, h := range hooks {
			tx.afterEvents = append(tx.afterEvents, func() error {
				_, _, err := tx.createWebhookDelivery(h, &executed.ID, switchboard.EventRuleExecuted, tx.now)
				if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
					return nil // deleted since the action checked it
				}
				return err
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// runOutcome sums up a run's actions.
func runOutcome(actions []switchboard.RuleActionResult) string {
	out := switchboard.RunSkipped
	for _, a := range actions {
		switch a.Outcome {
		case switchboard.ActionFailed:
			return switchboard.RunFailed
		case switchboard.ActionDone:
			out = switchboard.RunApplied
		}
	}
	return out
}

// ruleAction does one action of a rule on the conversation, as it is after the actions before
// it. A problem with a code (the agent is not in the inbox, the label is gone, the window is
// closed) skips the action and says why; other errors are the database's and returned.
func (tx *Tx) ruleAction(p *switchboard.RulePlan, a switchboard.RuleAction, hooks *[]int64) (switchboard.RuleActionResult, error) {
	res := switchboard.RuleActionResult{Type: a.Type, Outcome: switchboard.ActionDone}
	skip := func(detail string) (switchboard.RuleActionResult, error) {
		res.Outcome, res.Detail = switchboard.ActionSkipped, detail
		return res, nil
	}
	c, err := tx.loadConversation(p.ConversationID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return skip("The conversation is gone.")
	} else if err != nil {
		return res, err
	}
	switch a.Type {
	case switchboard.ActionAssignAgent:
		if eqID(c.AssigneeID, &a.AgentID) {
			return skip("Already assigned to this agent.")
		}
		err = tx.assign(c, switchboard.Assignment{AgentID: &a.AgentID, TeamID: c.TeamID})
	case switchboard.ActionAssignTeam:
		if eqID(c.TeamID, &a.TeamID) {
			return skip("Already with this team.")
		}
		err = tx.assign(c, switchboard.Assignment{AgentID: c.AssigneeID, TeamID: &a.TeamID})
	case switchboard.ActionUnassign:
		if c.AssigneeID == nil && c.TeamID == nil {
			return skip("Not assigned.")
		}
		err = tx.assign(c, switchboard.Assignment{})
	case switchboard.ActionAddLabel, switchboard.ActionRemoveLabel:
		err = tx.changeLabels(c, a.Labels, a.Type == switchboard.ActionAddLabel)
	case switchboard.ActionSetPriority:
		if c.Priority == a.Priority {
			return skip("The priority is already " + string(a.Priority) + ".")
		}
		err = tx.updateConversation(c, &switchboard.ConversationUpdate{Priority: &a.Priority})
	case switchboard.ActionSnooze:
		until := tx.now.Add(time.Duration(a.Minutes) * time.Minute)
		err = tx.setStatus(c, switchboard.StatusSnoozed, &until)
	case switchboard.ActionResolve, switchboard.ActionReopen:
		s := switchboard.StatusResolved
		if a.Type == switchboard.ActionReopen {
			s = switchboard.StatusOpen
		}
		if c.Status == s {
			return skip("The conversation is already " + string(s) + ".")
		}
		err = tx.setStatus(c, s, nil)
	case switchboard.ActionAddNote:
		err = tx.ruleNote(c, p.Rule, a.Text, nil)
	case switchboard.ActionNotifyAgents:
		err = tx.ruleNote(c, p.Rule, a.Text, a.AgentIDs)
	case switchboard.ActionSendCanned:
		err = tx.ruleCanned(c, p.Rule, a.CannedID)
	case switchboard.ActionSendTemplate:
		err = tx.ruleReply(c, p.Rule, "", &switchboard.TemplateSend{Name: a.Template, Language: a.Language})
	case switchboard.ActionApplySLA:
		if c.SLA != nil && c.SLA.PolicyID == a.SLAPolicyID {
			return skip("The conversation runs under this SLA policy already.")
		}
		err = tx.applySLA(c, &a.SLAPolicyID)
	case switchboard.ActionStartBot:
		if c.Bot != nil && c.Bot.State == switchboard.BotActive {
			return skip("The bot is active already.")
		}
		err = tx.controlBot(c, switchboard.BotRun)
	case switchboard.ActionPauseBot:
		if c.Bot != nil && c.Bot.State == switchboard.BotPaused {
			return skip("The bot is paused already.")
		}
		err = tx.controlBot(c, switchboard.BotPause)
	case switchboard.ActionCallWebhook:
		var one int
		if err := tx.queryRow("SELECT 1 FROM webhooks WHERE id = ?", a.WebhookID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return skip("The webhook is gone.")
		} else if err != nil {
			return res, err
		}
		*hooks = append(*hooks, a.WebhookID)
	default:
		return skip("This action is not available.")
	}
	if code := switchboard.ErrorCode(err); err != nil && code != switchboard.EINTERNAL {
		return skip(switchboard.ErrorMessage(err))
	}
	return res, err
}

// ruleNote writes a rule's private note, mentioning agents (who are notified as by any
// mention); an agent who cannot see the conversation is left out.
func (tx *Tx) ruleNote(c *Conversation, r *Rule, text string, mention []int64) error {
	m := &Message{ConversationID: c.ID, InboxID: c.InboxID, Direction: switchboard.DirectionInternal, Kind: switchboard.KindNote,
		SenderType: switchboard.SenderSystem, SenderName: ruleSender(r), Text: text}
	var names []string
	for _, id := range mention {
		name, err := tx.agentName(id)
		if err != nil {
			continue // deleted
		}
		if sees, err := tx.db.agentSeesInbox(tx, id, c.InboxID); err != nil {
			return err
		} else if sees {
			m.Mentions = append(m.Mentions, id)
			names = append(names, "@"+name)
		}
	}
	if len(mention) > 0 {
		if len(m.Mentions) == 0 {
			return switchboard.Errorf(switchboard.EINVALID, "None of the agents can see this conversation.")
		}
		m.Text = strings.Join(names, " ") + " " + text
	}
	return tx.insertMessage(m, "")
}

// ruleCanned sends a canned response as the rule's reply, its variables filled from the
// conversation (agent.* are empty: no agent writes it).
func (tx *Tx) ruleCanned(c *Conversation, r *Rule, cannedID int64) error {
	var content, name, email, phone, inboxName string
	err := tx.queryRow("SELECT content FROM canned_responses WHERE id = ?", cannedID).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return switchboard.Errorf(switchboard.ENOTFOUND, "The canned response is gone.")
	} else if err != nil {
		return err
	}
	if err := tx.queryRow(`SELECT i.name, ct.name, ct.email, ct.phone FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
		JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = ?`, c.ID).Scan(&inboxName, &name, &email, &phone); err != nil {
		return err
	}
	text := (&switchboard.CannedResponse{Content: content}).Render(map[string]string{
		"contact.name": name, "contact.first_name": firstWord(name), "contact.email": email, "contact.phone": phone,
		"conversation.id": strconv.FormatInt(c.ID, 10), "inbox.name": inboxName,
	})
	return tx.ruleReply(c, r, text, nil)
}

// ruleReply sends the rule's reply (text, or a template) through the conversation's channel:
// the message is written pending and its delivery job enqueued, as an agent's reply is. A closed
// window, an opt-out or a template that does not fit is EINVALID (the action is skipped).
func (tx *Tx) ruleReply(c *Conversation, r *Rule, text string, tmpl *switchboard.TemplateSend) error {
	if c.Kind == switchboard.ConversationComment {
		return switchboard.Errorf(switchboard.EINVALID, "Rules do not answer comments.")
	}
	m := &Message{ConversationID: c.ID, InboxID: c.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
		SenderType: switchboard.SenderBot, SenderName: ruleSender(r), Text: text, Status: switchboard.MessagePending}
	if err := tx.checkOptOut(c); err != nil {
		return err
	}
	if err := tx.checkWindow(c, m, tmpl); err != nil {
		return err
	}
	if tmpl != nil {
		m.Kind = switchboard.KindTemplate
	}
	if err := tx.insertMessage(m, ""); err != nil {
		return err
	}
	return tx.enqueueDelivery(m.ID)
}
