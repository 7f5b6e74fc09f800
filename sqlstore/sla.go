package sqlstore

// A conversation's SLA timers, kept in the transactions of the changes that move them: the
// customer's messages start response targets, agents' replies meet them, resolving meets all.
// Only conversations under a policy pay for any of it: the paths that take messages read
// conversations.sla_policy_id with the row they load already and do nothing more when it is NULL.
// When each target is due is package automation's decision (switchboard.SLAPlanner).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/switchboardhq/switchboard"
)

// ApplySLA puts a conversation under a policy, or removes its policy (policyID nil): admins,
// supervisors, and the system (a rule's apply_sla action runs as the system, through
// switchboard.NewAutomationContext, and may call Tx.applySLA in its own transaction instead).
func (db *DB) ApplySLA(ctx context.Context, conversationID int64, policyID *int64) (*Conversation, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.SeesAll() {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins and supervisors apply SLA policies.")
	}
	return db.changeConversation(ctx, conversationID, func(tx *Tx, c *Conversation) error {
		return tx.applySLA(c, policyID)
	})
}

// applySLA puts conv under policy policyID (replacing any policy it had, its targets started
// anew) or, with nil, removes its policy, with a milestone and a conversation.updated event. It
// is the entry point of the rules engine's apply_sla action, in the rule run's transaction.
// Targets start from what already happened: the first response from the first customer
// message (met already if an agent answered it), a next response from the customer's
// unanswered message after an agent's reply, the resolution from now (none for a resolved
// conversation). A target already past due breaches at once, by its timer.
func (tx *Tx) applySLA(conv *Conversation, policyID *int64) error {
	var p *switchboard.SLAPolicy
	if policyID != nil {
		var err error
		if p, err = tx.slaPolicy(*policyID); switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown SLA policy.", Fields: map[string]string{"policy_id": "No such policy."}}
		} else if err != nil {
			return err
		}
		if tx.db.sla == nil {
			return switchboard.Errorf(switchboard.EUNAVAILABLE, "SLA timers are not set up on this server.")
		}
	}
	if conv.SLA == nil && p == nil {
		return nil
	}
	if _, err := tx.exec("DELETE FROM conversation_sla WHERE conversation_id = ?", conv.ID); err != nil {
		return fmt.Errorf("apply sla: %w", err)
	}
	if _, err := tx.exec("UPDATE conversations SET sla_policy_id = ?, updated_at = ? WHERE id = ?", policyID, micro(tx.now), conv.ID); err != nil {
		return fmt.Errorf("apply sla: %w", err)
	}
	act := &switchboard.Activity{Action: "sla_removed"}
	text := tx.actorName() + " removed the SLA policy"
	if p != nil {
		act = &switchboard.Activity{Action: "sla_applied", Note: p.Name}
		text = tx.actorName() + " applied the SLA policy " + p.Name
		if err := tx.startSLA(conv, p); err != nil {
			return err
		}
	}
	if err := tx.addActivity(conv, act, text); err != nil {
		return err
	}
	tx.emit(switchboard.EventConversationUpdated, &conv.InboxID, &conv.ID, nil, map[string]any{"id": conv.ID, "sla_policy_id": policyID})
	return nil
}

// startSLA starts a newly applied policy's targets from the conversation's history.
func (tx *Tx) startSLA(conv *Conversation, p *switchboard.SLAPolicy) error {
	if conv.Status == switchboard.StatusResolved {
		return nil
	}
	firstIn, err := tx.messageTime(conv.ID, "MIN", "direction = 'incoming'")
	if err != nil {
		return err
	}
	firstReply, err := tx.messageTime(conv.ID, "MIN", agentReplySQL)
	if err != nil {
		return err
	}
	if firstIn != nil && p.FirstResponseMinutes > 0 {
		var met *time.Time
		if firstReply != nil && !firstReply.Before(*firstIn) {
			met = firstReply
		}
		if err := tx.startTarget(conv.ID, conv.InboxID, p, switchboard.SLAFirstResponse, *firstIn, met); err != nil {
			return err
		}
	}
	if firstReply != nil && conv.WaitingSince != nil && p.NextResponseMinutes > 0 {
		if err := tx.startTarget(conv.ID, conv.InboxID, p, switchboard.SLANextResponse, *conv.WaitingSince, nil); err != nil {
			return err
		}
	}
	if p.ResolutionMinutes > 0 {
		return tx.startTarget(conv.ID, conv.InboxID, p, switchboard.SLAResolution, tx.now, nil)
	}
	return nil
}

// agentReplySQL selects the messages that answer a customer: public replies of agents, and
// what the business sent from elsewhere (echoes); not notes, bots or automatic replies.
const agentReplySQL = "direction = 'outgoing' AND sender_type IN ('agent', 'external')"

// messageTime returns the MIN or MAX creation time of a conversation's messages matching cond.
func (tx *Tx) messageTime(convID int64, agg, cond string) (*time.Time, error) {
	var at sql.NullInt64
	if err := tx.queryRow("SELECT "+agg+"(created_at) FROM messages WHERE conversation_id = ? AND "+cond, convID).Scan(&at); err != nil {
		return nil, fmt.Errorf("sla: message times: %w", err)
	}
	return fromNullMicro(at), nil
}

// startTarget starts one target at start, as the planner says, with its timers, unless it is
// running already; one met before starts again. met, when set, records it met already (and sets
// no timer).
func (tx *Tx) startTarget(convID, inboxID int64, p *switchboard.SLAPolicy, target switchboard.SLATarget, start time.Time, met *time.Time) error {
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, inboxID, tx.configChanged)
	if err != nil {
		return err
	}
	due, warn := tx.db.sla.Plan(p, target, start, c.automation.schedule)
	if due.IsZero() {
		return nil
	}
	var warning *time.Time
	if !warn.IsZero() && warn.Before(due) {
		warning = &warn
	}
	// A target replaces only one met already: of two messages racing on two nodes, the second
	// waits for the first's row (PostgreSQL) and then finds it running, and changes nothing.
	res, err := tx.exec(`INSERT INTO conversation_sla (conversation_id, target, started_at, due_at, warning_at, met_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id, target) DO UPDATE SET started_at = excluded.started_at, due_at = excluded.due_at,
		warning_at = excluded.warning_at, met_at = excluded.met_at, warned_at = NULL, breached_at = NULL
		WHERE conversation_sla.met_at IS NOT NULL`,
		convID, string(target), micro(start), micro(due), microPtr(warning), microPtr(met))
	if err != nil {
		return fmt.Errorf("start sla target: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || met != nil {
		if err == nil && n > 0 {
			tx.emitSLAMet(inboxID, convID, &p.ID, target, due, *met)
		}
		return err
	}
	timer := func(stage switchboard.SLAStage, at time.Time) error {
		return tx.enqueue(switchboard.JobSLATimer, switchboard.SLATimerArgs{ConversationID: convID, Target: target, Stage: stage, DueAt: due},
			jobOptions{runAt: at, uniqueKey: fmt.Sprintf("sla:%d:%s:%s", convID, target, stage)})
	}
	if warning != nil {
		if err := timer(switchboard.SLAStageWarning, *warning); err != nil {
			return err
		}
	}
	return timer(switchboard.SLAStageBreach, due)
}

// slaCustomerMessage moves a conversation's targets for a customer's message (conversations
// under a policy only): the first one starts the first response; one after an agent's reply
// starts a next response; while a response is running, more messages change nothing.
func (tx *Tx) slaCustomerMessage(convID, inboxID, policyID int64) error {
	if tx.db.sla == nil {
		return nil
	}
	p, err := tx.slaPolicy(policyID)
	if err != nil {
		return err
	}
	states, err := tx.slaStates(convID)
	if err != nil {
		return err
	}
	first, next := states[switchboard.SLAFirstResponse], states[switchboard.SLANextResponse]
	if first != nil && first.MetAt == nil || next != nil && next.MetAt == nil {
		return nil // the team owes a reply already
	}
	replied := first != nil || next != nil
	if !replied {
		at, err := tx.messageTime(convID, "MAX", agentReplySQL)
		if err != nil {
			return err
		}
		replied = at != nil
	}
	switch {
	case !replied && p.FirstResponseMinutes > 0:
		return tx.startTarget(convID, inboxID, p, switchboard.SLAFirstResponse, tx.now, nil)
	case replied && p.NextResponseMinutes > 0:
		return tx.startTarget(convID, inboxID, p, switchboard.SLANextResponse, tx.now, nil)
	}
	return nil
}

// slaReplied meets the response targets running when an agent replies.
func (tx *Tx) slaReplied(convID int64) error {
	return tx.slaMeet(convID, "target IN ('first_response', 'next_response') AND ")
}

// slaResolved meets every target still running when the conversation is resolved.
func (tx *Tx) slaResolved(convID int64) error {
	return tx.slaMeet(convID, "")
}

// slaMeet meets the targets of a conversation still running (and matching cond, "" or a
// condition followed by AND) now, with a conversation.sla_met event for each, which reports
// read.
func (tx *Tx) slaMeet(convID int64, cond string) error {
	rows, err := tx.query("UPDATE conversation_sla SET met_at = ? WHERE conversation_id = ? AND "+cond+"met_at IS NULL RETURNING target, due_at",
		micro(tx.now), convID)
	if err != nil {
		return fmt.Errorf("sla: meet targets: %w", err)
	}
	type met struct {
		target switchboard.SLATarget
		due    int64
	}
	var done []met
	for rows.Next() {
		var m met
		if err := rows.Scan(&m.target, &m.due); err != nil {
			rows.Close()
			return fmt.Errorf("sla: meet targets: %w", err)
		}
		done = append(done, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(done) == 0 {
		return err
	}
	var inboxID int64
	var policy sql.NullInt64
	if err := tx.queryRow("SELECT inbox_id, sla_policy_id FROM conversations WHERE id = ?", convID).Scan(&inboxID, &policy); err != nil {
		return fmt.Errorf("sla: meet targets: %w", err)
	}
	slices.SortFunc(done, func(a, b met) int {
		return slices.Index(switchboard.SLATargets, a.target) - slices.Index(switchboard.SLATargets, b.target)
	})
	for _, m := range done {
		tx.emitSLAMet(inboxID, convID, fromNullInt64(policy), m.target, fromMicro(m.due), tx.now)
	}
	return nil
}

// emitSLAMet writes the conversation.sla_met event of a target met at metAt.
func (tx *Tx) emitSLAMet(inboxID, convID int64, policyID *int64, target switchboard.SLATarget, due, metAt time.Time) {
	tx.emit(switchboard.EventSLAMet, &inboxID, &convID, nil, map[string]any{"conversation_id": convID, "policy_id": policyID,
		"target": target, "due_at": due, "met_at": metAt})
}

// slaStates reads a conversation's targets by name.
func (tx *Tx) slaStates(convID int64) (map[switchboard.SLATarget]*switchboard.SLATargetState, error) {
	out := map[switchboard.SLATarget]*switchboard.SLATargetState{}
	err := scanSLATargets(tx.query, []any{convID}, func(_ int64, s *switchboard.SLATargetState) { out[s.Target] = s })
	return out, err
}

// scanSLATargets reads the targets of the conversations ids, handing each to fn.
func scanSLATargets(query queryFunc, ids []any, fn func(convID int64, s *switchboard.SLATargetState)) error {
	var w where
	w.in("conversation_id", ids)
	rows, err := query("SELECT conversation_id, target, started_at, due_at, warning_at, met_at, breached_at FROM conversation_sla"+w.sql(), w.args...)
	if err != nil {
		return fmt.Errorf("load sla targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, started, due int64
		var warning, met, breached sql.NullInt64
		s := &switchboard.SLATargetState{}
		if err := rows.Scan(&id, &s.Target, &started, &due, &warning, &met, &breached); err != nil {
			return fmt.Errorf("load sla targets: %w", err)
		}
		s.StartedAt, s.DueAt, s.WarningAt, s.MetAt, s.Breached = fromMicro(started), fromMicro(due), fromNullMicro(warning), fromNullMicro(met), breached.Valid
		fn(id, s)
	}
	return rows.Err()
}

// loadSLA fills the policy names and targets of the conversations under a policy, with two
// queries when there are any (rows without a policy cost nothing).
func loadSLA(query queryFunc, convs []*Conversation) error {
	byID := map[int64]*Conversation{}
	var ids, policies []any
	for _, c := range convs {
		if c.SLA != nil {
			byID[c.ID] = c
			ids = append(ids, c.ID)
			policies = append(policies, c.SLA.PolicyID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var w where
	w.in("id", policies)
	rows, err := query("SELECT id, name FROM sla_policies"+w.sql(), w.args...)
	if err != nil {
		return fmt.Errorf("load sla policies: %w", err)
	}
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return fmt.Errorf("load sla policies: %w", err)
		}
		names[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load sla policies: %w", err)
	}
	for _, c := range byID {
		c.SLA.PolicyName = names[c.SLA.PolicyID]
	}
	err = scanSLATargets(query, ids, func(id int64, s *switchboard.SLATargetState) {
		c := byID[id]
		c.SLA.Targets = append(c.SLA.Targets, *s)
	})
	for _, c := range byID {
		slices.SortFunc(c.SLA.Targets, func(a, b switchboard.SLATargetState) int {
			return slices.Index(switchboard.SLATargets, a.Target) - slices.Index(switchboard.SLATargets, b.Target)
		})
	}
	return err
}

// slaTexts name the targets in milestones.
var slaTexts = map[switchboard.SLATarget]string{
	switchboard.SLAFirstResponse: "First response", switchboard.SLANextResponse: "Next response", switchboard.SLAResolution: "Resolution",
}

// FireSLATimer marks a target warned or breached when its timer comes, if it is still unmet
// with the timer's due time (system only). The mark is a conditional UPDATE: of two nodes, or
// of a run again after a crash, one marks it and writes the milestone, the event and (for a
// breach) the row reports read; the other changes nothing. A timer early by this node's clock
// answers *NotDueError.
func (db *DB) FireSLATimer(ctx context.Context, a switchboard.SLATimerArgs) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var due, inboxID int64
		var warning, met, breached, policyID sql.NullInt64
		err := tx.queryRow(`SELECT s.due_at, s.warning_at, s.met_at, s.breached_at, c.sla_policy_id, c.inbox_id
			FROM conversation_sla s JOIN conversations c ON c.id = s.conversation_id WHERE s.conversation_id = ? AND s.target = ?`,
			a.ConversationID, string(a.Target)).Scan(&due, &warning, &met, &breached, &policyID, &inboxID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the policy was removed, or the conversation deleted
		} else if err != nil {
			return fmt.Errorf("sla timer: %w", err)
		}
		if due != micro(a.DueAt) || met.Valid || breached.Valid || !policyID.Valid {
			return nil // met, breached already, or started again since
		}
		at := fromMicro(due)
		set := "breached_at = ?"
		if a.Stage == switchboard.SLAStageWarning {
			if !warning.Valid {
				return nil
			}
			at, set = fromMicro(warning.Int64), "warned_at = ?"
		}
		if tx.now.Before(at) {
			return &switchboard.NotDueError{At: at}
		}
		res, err := tx.exec("UPDATE conversation_sla SET "+set+` WHERE conversation_id = ? AND target = ? AND due_at = ?
			AND met_at IS NULL AND breached_at IS NULL AND (warned_at IS NULL OR ? = 'breach')`,
			micro(tx.now), a.ConversationID, string(a.Target), due, string(a.Stage))
		if err != nil {
			return fmt.Errorf("sla timer: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // another run marked it
		}
		p, err := tx.slaPolicy(policyID.Int64)
		if err != nil {
			return err
		}
		conv, err := tx.loadConversation(a.ConversationID)
		if err != nil {
			return err
		}
		actor := &switchboard.AutomationActor{Kind: switchboard.AutomationSLA, ID: p.ID, Name: p.Name}
		typ, action, text := switchboard.EventSLABreached, "sla_breached", slaTexts[a.Target]+" target missed"
		if a.Stage == switchboard.SLAStageWarning {
			typ, action, text = switchboard.EventSLAWarning, "sla_warning", slaTexts[a.Target]+" target due "+fromMicro(due).Format("2006-01-02 15:04 MST")
		} else if _, err := tx.exec(`INSERT INTO sla_breaches (conversation_id, inbox_id, policy_id, policy_name, target, due_at, breached_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, conv.ID, conv.InboxID, p.ID, p.Name, string(a.Target), due, micro(tx.now)); err != nil {
			return fmt.Errorf("sla timer: record breach: %w", err)
		}
		if err := tx.addActivity(conv, &switchboard.Activity{Action: action, Note: string(a.Target), Automation: actor}, text+" (SLA "+p.Name+")"); err != nil {
			return err
		}
		tx.emit(typ, &conv.InboxID, &conv.ID, nil, map[string]any{"conversation_id": conv.ID, "policy_id": p.ID, "policy_name": p.Name,
			"target": a.Target, "due_at": fromMicro(due), "warning_at": fromNullMicro(warning), "at": tx.now})
		return nil
	})
}

// slaMessage moves the timers of a conversation under a policy for a message the inbound path
// recorded: a customer's message may start a response target, an echo (the business answering
// from elsewhere) meets them; bots and milestones change nothing. The policy comes with what
// the path read already: the loaded conversation, or findSender's row for the one it found.
func (tx *Tx) slaMessage(in *switchboard.InboundMessage, conv *Conversation, s sender) error {
	if in.FromBot || in.Milestone != nil {
		return nil
	}
	var policy int64
	switch {
	case conv.SLA != nil:
		policy = conv.SLA.PolicyID
	case !conv.CreatedAt.IsZero():
		return nil // loaded: it has none
	case conv.ID == s.convID:
		policy = s.slaPolicy
	default: // another conversation than findSender's (one started meanwhile)
		var p sql.NullInt64
		if err := tx.queryRow("SELECT sla_policy_id FROM conversations WHERE id = ?", conv.ID).Scan(&p); err != nil {
			return fmt.Errorf("sla: %w", err)
		}
		policy = p.Int64
	}
	if policy == 0 {
		return nil
	}
	if in.Echo {
		return tx.slaReplied(conv.ID)
	}
	return tx.slaCustomerMessage(conv.ID, conv.InboxID, policy)
}
