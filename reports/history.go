package reports

// The history fold: a conversation that has no events (imported, or older than the reports) is
// told again as the events it would have written, and those go through Fold, so history and
// live recording cannot measure differently. The tables keep less than the event log, so some
// things are inferred (see historyEvents); what cannot be known is left out rather than guessed.

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/switchboardhq/switchboard"
)

// FoldHistory turns a conversation's history from its tables into facts and its state (see
// switchboard.ReportFolder). A conversation that has a state already gives nothing: it is folded
// once, whichever way comes first.
func (f *Folder) FoldHistory(h *switchboard.ReportHistory, st *switchboard.ReportStates, hours func(inboxID int64) *switchboard.HoursSchedule) ([]switchboard.ReportFact, error) {
	if h == nil || h.Conversation == nil {
		return nil, nil
	}
	c := h.Conversation
	if st.Conversations != nil && st.Conversations[c.ID] != nil {
		return nil, nil
	}
	facts, err := f.Fold(historyEvents(h), st, hours)
	if err != nil {
		return nil, err
	}
	s := st.Conversations[c.ID]
	if s == nil {
		return facts, nil
	}
	if !h.Later && !hasMilestone(h, "status_changed", "snoozed", "handed_off") {
		// No milestone ever changed its status (an import): it is what it is now, and a resolved
		// one was resolved at its last message. Not so for a conversation that changed after the
		// horizon: its row's status is today's, the live events bring it there, and taking it
		// now would count a resolution twice (or one that had not happened yet).
		if c.Status == switchboard.StatusResolved && s.Status != switchboard.StatusResolved {
			more, err := f.Fold([]*switchboard.Event{synth(c, switchboard.EventConversationStatus, lastTime(h),
				map[string]any{"id": c.ID, "status": switchboard.StatusResolved, "previous_status": s.Status})}, st, hours)
			if err != nil {
				return nil, err
			}
			facts = append(facts, more...)
		}
		s.Status = c.Status
	}
	// Otherwise the milestones tell the status (open unless they say otherwise), and the
	// assignment (see initialAssignment): the
	// conversation's row may be newer than the history's last message (the backfill reads
	// messages up to a horizon), and the events after it bring the state there with their facts.
	// Facts are cut by the labels a conversation has now.
	s.Labels = slices.Clone(c.Labels)
	if s.Channel == "" {
		s.Channel = c.Channel
	}
	return facts, nil
}

// hasMilestone reports whether the history holds a milestone of one of the actions.
func hasMilestone(h *switchboard.ReportHistory, actions ...string) bool {
	return slices.ContainsFunc(h.Messages, func(m *switchboard.Message) bool {
		return m != nil && m.Activity != nil && slices.Contains(actions, m.Activity.Action)
	})
}

// timedEvent is a synthetic event and where it goes in the sequence.
type timedEvent struct {
	e   *switchboard.Event
	seq int
}

// historyEvents tells a conversation's history as events, in time order:
//   - conversation.created at its creation, open, with the assignment it had then: the one it
//     has now when no milestone ever changed it and it did not change after the horizon (Later:
//     the row's assignment is today's); else none, or the agent who wrote first when the team
//     started the conversation (an agent-started conversation is assigned to its starter
//     without a milestone);
//   - each message (message.created); milestones become the events they stand for: assigned,
//     unassigned, status_changed, snoozed, handed_off (open, unassigned, to a team). An
//     "assigned" milestone without a team keeps the team (automatic and self-assignment name
//     the agent only); an "unassigned" one by automatic assignment keeps the team too, any
//     other clears both, as Assign does;
//   - the survey at SurveyAt, the rating at Conversation.CSAT.At, and each SLA target: met at
//     MetAt (late counts as breached), breached at DueAt; none later than the last message
//     (see below). Only the targets' last state is kept by the tables: a next response
//     breached and then started again is not known.
//
// Labels are not replayed: facts are cut by the labels a conversation has now. A conversation
// without any status milestone that is resolved now is resolved at its last message (by
// FoldHistory): right for imports. A backfilled conversation that changed after the horizon
// (Later) takes neither its row's status nor its assignment: they are today's, and the live
// events after the horizon tell how it got there (a resolution among them is folded then).
// One resolved without a milestone before the horizon and changed after it is therefore
// counted as open; the tables cannot tell it apart from one resolved after the horizon.
func historyEvents(h *switchboard.ReportHistory) []*switchboard.Event {
	c := h.Conversation
	var out []timedEvent
	push := func(e *switchboard.Event) { out = append(out, timedEvent{e: e, seq: len(out)}) }

	start := *c
	start.Status, start.SnoozedUntil, start.CSAT, start.SLA = switchboard.StatusOpen, nil, nil, nil
	start.AssigneeID, start.TeamID = initialAssignment(h)
	created := synth(c, switchboard.EventConversationCreated, c.CreatedAt, nil)
	created.Data, _ = json.Marshal(&start)
	push(created)

	for _, m := range h.Messages {
		if m == nil {
			continue
		}
		if m.Kind != switchboard.KindActivity || m.Activity == nil {
			slim := switchboard.Message{ID: m.ID, ConversationID: c.ID, InboxID: c.InboxID, Direction: m.Direction, Kind: m.Kind,
				SenderType: m.SenderType, SenderID: m.SenderID, CreatedAt: m.CreatedAt}
			if m.Content != nil && m.Content.Automatic {
				slim.Content = &switchboard.MessageContent{Automatic: true}
			}
			push(synth(c, switchboard.EventMessageCreated, m.CreatedAt, &slim))
			continue
		}
		a := m.Activity
		switch a.Action {
		case "assigned":
			d := map[string]any{"id": c.ID, "assignee_id": a.AgentID}
			if a.TeamID != nil {
				d["team_id"] = a.TeamID
			}
			push(synth(c, switchboard.EventConversationAssigned, m.CreatedAt, d))
		case "unassigned":
			d := map[string]any{"id": c.ID, "assignee_id": nil}
			if a.Automation == nil || a.Automation.Kind != switchboard.AutomationAssignment {
				d["team_id"] = a.TeamID
			}
			push(synth(c, switchboard.EventConversationAssigned, m.CreatedAt, d))
		case "status_changed", "snoozed":
			status := a.Status
			if a.Action == "snoozed" {
				status = switchboard.StatusSnoozed
			}
			if status != "" {
				push(synth(c, switchboard.EventConversationStatus, m.CreatedAt, map[string]any{"id": c.ID, "status": status}))
			}
		case "handed_off":
			push(synth(c, switchboard.EventConversationStatus, m.CreatedAt, map[string]any{"id": c.ID, "status": switchboard.StatusOpen}))
			push(synth(c, switchboard.EventConversationAssigned, m.CreatedAt, map[string]any{"id": c.ID, "assignee_id": nil, "team_id": a.TeamID}))
		}
	}
	// Surveys, ratings and SLA outcomes come from columns that may be newer than the messages
	// read (the backfill's horizon): each writes a message in the same transaction (the survey,
	// the csat milestone, the reply or resolution that met a target, the breach milestone), so
	// one later than the last message read happened after the horizon, and its event is folded
	// live instead.
	end := lastTime(h)
	pushUntil := func(at time.Time, typ switchboard.EventType, data map[string]any) {
		if !at.After(end) {
			push(synth(c, typ, at, data))
		}
	}
	if h.SurveyAt != nil {
		pushUntil(*h.SurveyAt, switchboard.EventCSATSent, map[string]any{"conversation_id": c.ID})
	}
	if c.CSAT != nil {
		pushUntil(c.CSAT.At, switchboard.EventConversationUpdated, map[string]any{"id": c.ID, "csat": c.CSAT})
	}
	for _, t := range h.SLA {
		due := t.DueAt
		if t.Breached {
			pushUntil(due, switchboard.EventSLABreached, map[string]any{"conversation_id": c.ID, "target": t.Target, "due_at": due})
		}
		if t.MetAt != nil {
			pushUntil(*t.MetAt, switchboard.EventSLAMet, map[string]any{"conversation_id": c.ID, "target": t.Target, "due_at": due, "met_at": t.MetAt})
		}
	}
	// In time order; at the same instant, in the order written (a message before the milestone
	// it caused, the creation first).
	slices.SortStableFunc(out, func(a, b timedEvent) int {
		return cmp.Or(a.e.CreatedAt.Compare(b.e.CreatedAt), cmp.Compare(a.seq, b.seq))
	})
	events := make([]*switchboard.Event, len(out))
	for i, te := range out {
		events[i] = te.e
	}
	return events
}

// synth makes an event of conversation c at at; data (when not nil) is its payload.
func synth(c *switchboard.Conversation, typ switchboard.EventType, at time.Time, data any) *switchboard.Event {
	id, inbox := c.ID, c.InboxID
	e := &switchboard.Event{Type: typ, InboxID: &inbox, ConversationID: &id, CreatedAt: at}
	if data != nil {
		e.Data, _ = json.Marshal(data)
	}
	return e
}

// initialAssignment guesses the assignment a conversation had when it was created (see
// historyEvents).
func initialAssignment(h *switchboard.ReportHistory) (agent, team *int64) {
	if !h.Later && !hasMilestone(h, "assigned", "unassigned", "handed_off") {
		return clonePtr(h.Conversation.AssigneeID), clonePtr(h.Conversation.TeamID)
	}
	for _, m := range h.Messages {
		if m == nil || m.Kind == switchboard.KindActivity || m.Kind == switchboard.KindNote {
			continue
		}
		if m.Direction == switchboard.DirectionOutgoing && m.SenderType == switchboard.SenderAgent {
			return clonePtr(m.SenderID), nil
		}
		break
	}
	return nil, nil
}

// lastTime is when a conversation's history ends: its last message, else its last update.
func lastTime(h *switchboard.ReportHistory) time.Time {
	var t time.Time
	for _, m := range h.Messages {
		if m != nil && m.CreatedAt.After(t) {
			t = m.CreatedAt
		}
	}
	if t.IsZero() {
		t = h.Conversation.UpdatedAt
	}
	if t.IsZero() {
		t = h.Conversation.CreatedAt
	}
	return t
}
