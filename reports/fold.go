package reports

// The fold: events, oldest first, become facts. It is the only place that decides what a
// figure means (when a wait starts, what counts as a reply, when a conversation counts as
// resolved); the store only keeps what it returns, and the history fold (history.go) feeds it
// synthetic events so imported and older conversations are measured by the same rules.
//
// Decisions worth knowing, beyond the contract:
//   - Messages: private notes, activities (their events carry what they say) and bots' messages
//     (auto-replies, surveys, rule messages: sender_type bot or system) are not counted at all.
//     An outgoing message marked automatic is not a reply either.
//   - A customer's automatic mail (an out-of-office, a newsletter) counts as a message in but
//     starts no wait: nobody owes it an answer.
//   - A customer's message while the conversation is resolved (the answer to a survey, which
//     the store files without reopening) counts as a message in but starts no wait. A reopening
//     arrives as its own status event, before the message.
//   - sender_type external (a colleague answering from the provider's own app) is an outgoing
//     message without an agent, and it answers the customer exactly as the store's SLA timers
//     say it does: it ends the wait (first response, reply) and makes a resolution "replied".
//     It is remembered in Handlers as agent 0, and gives no handled fact.
//   - A message's delivery status is not looked at: a reply that later failed was still written
//     (the store clears the wait for it too), and history cannot tell when it failed.
//   - Resolving ends a wait without a reply fact: a reopened conversation measures its replies
//     from the customer's next message, not from a "thanks" before the resolution.
//   - Leaving resolved for any status (open, pending, snoozed) is a reopening. Snoozed and
//     pending count as not resolved.
//   - An SLA target met late (after its due time) never counts as met: as breached when no breach
//     was seen for it yet (a timer that ran late), else as nothing. A breach happens at the
//     target's due time.
//   - Each customer message is its own message_in fact (N=1); bursts are not merged, so the
//     live fold and the history fold give the same facts whatever the batches.
//   - Dimensions: replies, first responses, handled and message_out facts carry their sender;
//     every other conversation fact the assignee and team of that moment (a customer's
//     message counts for the agent it is assigned to, an SLA outcome or a rating likewise).
//   - A change of assignee or team while the conversation is not resolved gives transfer_out
//     (the old agent and team) and transfer_in (the new ones), so each agent's and team's
//     backlog follows the conversation; unassigning is a transfer to nobody.
//   - A conversation the fold has no state for (events of one that predates it, not yet
//     backfilled) starts from what the event tells, with no opening time: its resolution counts
//     without durations and not as "without reply", since what happened before is unknown.

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Folder is package reports' recording side: the store calls it to turn events (or a
// conversation's history) into facts and facts into rollup deltas. It holds no state between
// calls except a cache of loaded time zones and a count of payloads it could not read, so one
// Folder serves every transaction of a process.
type Folder struct {
	zones   sync.Map // zone name → *time.Location
	skipped atomic.Int64
}

var _ switchboard.ReportFolder = (*Folder)(nil)

// NewFolder returns a Folder ready for use.
func NewFolder() *Folder { return &Folder{} }

// Skipped counts the events whose payload the fold could not read since the Folder was made:
// they are skipped, not failed, so one bad row never stops recording; a number above zero is
// worth a look in the logs or a test.
func (f *Folder) Skipped() int64 { return f.skipped.Load() }

// Merge adds two encoded rollup rows (see the package function Merge).
func (f *Folder) Merge(a, b []byte) ([]byte, error) { return Merge(a, b) }

// Fold turns events, oldest first, into facts and updates st (see switchboard.ReportFolder). It
// never fails on an event: an unknown type is ignored and an unreadable payload skipped.
func (f *Folder) Fold(events []*switchboard.Event, st *switchboard.ReportStates, hours func(inboxID int64) *switchboard.HoursSchedule) ([]switchboard.ReportFact, error) {
	if st.Conversations == nil {
		st.Conversations = map[int64]*switchboard.ReportConvState{}
	}
	if st.Agents == nil {
		st.Agents = map[int64]*switchboard.ReportAgentState{}
	}
	r := &run{st: st, hours: hours}
	for _, e := range events {
		if e == nil {
			continue
		}
		if !r.event(e) {
			f.skipped.Add(1)
		}
	}
	return r.facts, nil
}

// run is one Fold call: the states it updates and the facts it has found.
type run struct {
	st    *switchboard.ReportStates
	hours func(inboxID int64) *switchboard.HoursSchedule
	facts []switchboard.ReportFact
}

// The payloads the fold reads, reduced to the fields it needs.
type (
	messageData struct {
		ConversationID int64                   `json:"conversation_id"`
		InboxID        int64                   `json:"inbox_id"`
		Direction      switchboard.Direction   `json:"direction"`
		Kind           switchboard.MessageKind `json:"kind"`
		SenderType     switchboard.SenderType  `json:"sender_type"`
		SenderID       *int64                  `json:"sender_id"`
		Content        *struct {
			Automatic bool `json:"automatic"`
		} `json:"content"`
		CreatedAt time.Time `json:"created_at"`
	}
	statusData struct {
		Status   switchboard.ConversationStatus `json:"status"`
		Previous switchboard.ConversationStatus `json:"previous_status"`
	}
	labelsData struct {
		Labels []string `json:"labels"`
	}
	slaData struct {
		Target switchboard.SLATarget `json:"target"`
		DueAt  *time.Time            `json:"due_at"`
		MetAt  *time.Time            `json:"met_at"`
	}
	updatedData struct {
		CSAT *switchboard.CSAT `json:"csat"`
	}
	presenceData struct {
		ID       int64                `json:"id"`
		Presence switchboard.Presence `json:"presence"`
	}
)

// event folds one event; false when its payload could not be read.
func (r *run) event(e *switchboard.Event) bool {
	switch e.Type {
	case switchboard.EventConversationCreated:
		var c switchboard.Conversation
		if json.Unmarshal(e.Data, &c) != nil {
			return false
		}
		r.created(e, &c)
	case switchboard.EventMessageCreated:
		var m messageData
		if json.Unmarshal(e.Data, &m) != nil {
			return false
		}
		r.message(e, &m)
	case switchboard.EventConversationStatus:
		var d statusData
		if json.Unmarshal(e.Data, &d) != nil || d.Status == "" {
			return false
		}
		r.status(e, &d)
	case switchboard.EventConversationAssigned:
		var d map[string]json.RawMessage
		if json.Unmarshal(e.Data, &d) != nil {
			return false
		}
		return r.assigned(e, d)
	case switchboard.EventConversationLabels:
		var d labelsData
		if json.Unmarshal(e.Data, &d) != nil {
			return false
		}
		if s := r.conv(e, 0); s != nil {
			s.Labels = slices.Clone(d.Labels)
		}
	case switchboard.EventSLABreached, switchboard.EventSLAMet:
		var d slaData
		if json.Unmarshal(e.Data, &d) != nil || d.Target == "" {
			return false
		}
		r.sla(e, &d)
	case switchboard.EventCSATSent:
		if s := r.conv(e, 0); s != nil {
			at := e.CreatedAt
			s.SurveyAt = &at
			r.fact(s, switchboard.FactCSATSent, at, nil, 1)
		}
	case switchboard.EventConversationUpdated:
		var d updatedData
		if json.Unmarshal(e.Data, &d) != nil {
			return false
		}
		if d.CSAT != nil {
			r.rated(e, d.CSAT)
		}
	case switchboard.EventAgentPresence:
		var d presenceData
		if json.Unmarshal(e.Data, &d) != nil || d.ID == 0 {
			return false
		}
		r.presence(e.CreatedAt, &d)
	}
	return true
}

// conv returns the state of the event's conversation (id, when the event names none), making
// one from what the event tells when there is none yet: such a conversation has no opening
// time, so it gives no durations until it reopens.
func (r *run) conv(e *switchboard.Event, id int64) *switchboard.ReportConvState {
	if e.ConversationID != nil {
		id = *e.ConversationID
	}
	if id == 0 {
		return nil
	}
	if s := r.st.Conversations[id]; s != nil {
		return s
	}
	s := &switchboard.ReportConvState{ConversationID: id, Status: switchboard.StatusOpen}
	if e.InboxID != nil {
		s.InboxID = *e.InboxID
	}
	r.st.Conversations[id] = s
	return s
}

// fact appends a fact of conversation s with its current dimensions; agent overrides the
// assignee (nil keeps it) and the returned pointer lets the caller set durations.
func (r *run) fact(s *switchboard.ReportConvState, kind switchboard.ReportFactKind, at time.Time, agent *int64, n int64) *switchboard.ReportFact {
	if agent == nil {
		agent = s.AgentID
	}
	r.facts = append(r.facts, switchboard.ReportFact{Kind: kind, At: at, ConversationID: s.ConversationID, InboxID: s.InboxID,
		Channel: s.Channel, AgentID: clonePtr(agent), TeamID: clonePtr(s.TeamID), N: n})
	return &r.facts[len(r.facts)-1]
}

// timed sets a fact's calendar and business seconds from a to b (business through the inbox's
// hours; an inbox without hours is always open).
func (r *run) timed(fa *switchboard.ReportFact, a, b time.Time) {
	cal := max(int64(b.Sub(a)/time.Second), 0)
	biz := cal
	if r.hours != nil {
		if h := r.hours(fa.InboxID); h != nil {
			biz = int64(h.BusinessDuration(a, b) / time.Second)
		}
	}
	fa.Cal, fa.Biz = &cal, &biz
}

func (r *run) created(e *switchboard.Event, c *switchboard.Conversation) {
	id := c.ID
	if e.ConversationID != nil {
		id = *e.ConversationID
	}
	if id == 0 || r.st.Conversations[id] != nil {
		return // known already (folded from history): opened once
	}
	s := &switchboard.ReportConvState{ConversationID: id, InboxID: c.InboxID, Channel: c.Channel, Status: c.Status,
		AgentID: clonePtr(c.AssigneeID), TeamID: clonePtr(c.TeamID), Labels: slices.Clone(c.Labels), OpenedAt: e.CreatedAt}
	if s.InboxID == 0 && e.InboxID != nil {
		s.InboxID = *e.InboxID
	}
	if s.Status == "" {
		s.Status = switchboard.StatusOpen
	}
	r.st.Conversations[id] = s
	r.fact(s, switchboard.FactOpened, e.CreatedAt, nil, 1)
}

func (r *run) message(e *switchboard.Event, m *messageData) {
	if m.Kind == switchboard.KindNote || m.Kind == switchboard.KindActivity || m.Direction == switchboard.DirectionInternal {
		return
	}
	automatic := m.Content != nil && m.Content.Automatic
	at := m.CreatedAt
	if at.IsZero() {
		at = e.CreatedAt
	}
	switch m.Direction {
	case switchboard.DirectionIncoming:
		s := r.conv(e, m.ConversationID)
		if s == nil {
			return
		}
		r.fact(s, switchboard.FactMessageIn, at, nil, 1)
		if automatic || s.Status == switchboard.StatusResolved {
			return
		}
		if s.WaitingSince == nil {
			s.WaitingSince = &at
		}
		if s.FirstCustomer == nil {
			s.FirstCustomer = &at
		}
	case switchboard.DirectionOutgoing:
		if automatic || (m.SenderType != switchboard.SenderAgent && m.SenderType != switchboard.SenderExternal) {
			return // bots, surveys, auto-replies
		}
		s := r.conv(e, m.ConversationID)
		if s == nil {
			return
		}
		var agent *int64
		if m.SenderType == switchboard.SenderAgent {
			agent = m.SenderID
		}
		// The sender is the dimension, not the assignee: an outside reply has no agent.
		fa := r.fact(s, switchboard.FactMessageOut, at, agent, 1)
		fa.AgentID = clonePtr(agent)
		r.replied(s, agent, at)
	}
}

// replied records what an answer to the customer (agent, or nil for a reply from outside
// Switchboard) ends: the first response, the wait, and the agent's first reply since opening.
func (r *run) replied(s *switchboard.ReportConvState, agent *int64, at time.Time) {
	if s.FirstCustomer == nil {
		s.FirstResponded = true // the team wrote first: there is no first response to measure
	} else if !s.FirstResponded {
		fa := r.fact(s, switchboard.FactFirstResponse, at, agent, 1)
		fa.AgentID = clonePtr(agent)
		r.timed(fa, *s.FirstCustomer, at)
		s.FirstResponded = true
	}
	if s.WaitingSince != nil {
		fa := r.fact(s, switchboard.FactReply, at, agent, 1)
		fa.AgentID = clonePtr(agent)
		r.timed(fa, *s.WaitingSince, at)
		s.WaitingSince = nil
	}
	id := int64(0) // 0: someone outside Switchboard replied
	if agent != nil {
		id = *agent
	}
	if !slices.Contains(s.Handlers, id) {
		s.Handlers = append(s.Handlers, id)
		if agent != nil {
			fa := r.fact(s, switchboard.FactHandled, at, agent, 1)
			fa.AgentID = clonePtr(agent)
		}
	}
}

func (r *run) status(e *switchboard.Event, d *statusData) {
	s := r.st.Conversations[idOf(e)]
	if s == nil {
		if s = r.conv(e, 0); s == nil {
			return
		}
		if d.Previous != "" {
			s.Status = d.Previous
		}
	}
	at := e.CreatedAt
	was, now := s.Status == switchboard.StatusResolved, d.Status == switchboard.StatusResolved
	s.Status = d.Status
	switch {
	case now && !was:
		n := int64(0)
		if !s.OpenedAt.IsZero() && len(s.Handlers) == 0 {
			n = 1 // nobody answered since it opened
		}
		fa := r.fact(s, switchboard.FactResolved, at, nil, n)
		if !s.OpenedAt.IsZero() {
			r.timed(fa, s.OpenedAt, at)
		}
		s.WaitingSince = nil
	case was && !now:
		r.fact(s, switchboard.FactReopened, at, nil, 1)
		s.OpenedAt, s.Handlers = at, nil
	}
}

func (r *run) assigned(e *switchboard.Event, d map[string]json.RawMessage) bool {
	s := r.conv(e, 0)
	if s == nil {
		return true
	}
	agent, team := s.AgentID, s.TeamID
	if raw, ok := d["assignee_id"]; ok {
		agent = nil
		if json.Unmarshal(raw, &agent) != nil {
			return false
		}
	}
	if raw, ok := d["team_id"]; ok {
		team = nil
		if json.Unmarshal(raw, &team) != nil {
			return false
		}
	}
	newAgent := agent != nil && !eqPtr(agent, s.AgentID)
	newTeam := team != nil && !eqPtr(team, s.TeamID)
	// An unresolved conversation that changes hands moves from the old agent's and team's
	// backlog to the new ones': the opening and the resolution carry the assignee of their
	// moment, so without the move a conversation opened unassigned and resolved by Ann would
	// leave Ann's backlog at -1. A resolved one moves nothing: its reopening counts where it is.
	moved := (!eqPtr(agent, s.AgentID) || !eqPtr(team, s.TeamID)) && s.Status != switchboard.StatusResolved
	if moved {
		r.fact(s, switchboard.FactTransferOut, e.CreatedAt, nil, 1)
	}
	s.AgentID, s.TeamID = agent, team
	if moved {
		r.fact(s, switchboard.FactTransferIn, e.CreatedAt, nil, 1)
	}
	switch {
	case newAgent:
		r.fact(s, switchboard.FactAssigned, e.CreatedAt, nil, 1)
	case newTeam:
		// Given to a team, its agent unchanged: the team's assignment, not the agent's again.
		fa := r.fact(s, switchboard.FactAssigned, e.CreatedAt, nil, 1)
		fa.AgentID = nil
	}
	return true
}

func (r *run) sla(e *switchboard.Event, d *slaData) {
	s := r.conv(e, 0)
	if s == nil {
		return
	}
	breached := slices.Contains(s.Breached, d.Target)
	if e.Type == switchboard.EventSLABreached {
		if breached {
			return // told twice
		}
		at := e.CreatedAt
		if d.DueAt != nil {
			at = *d.DueAt
		}
		s.Breached = append(s.Breached, d.Target)
		r.fact(s, switchboard.FactSLABreached, at, nil, 1)
		return
	}
	at := e.CreatedAt
	if d.MetAt != nil {
		at = *d.MetAt
	}
	switch {
	case breached:
		// Met late after its breach: not met. The target is done; a new one of the same kind (a
		// next response) may start and be met in time.
		s.Breached = slices.DeleteFunc(s.Breached, func(t switchboard.SLATarget) bool { return t == d.Target })
	case d.DueAt != nil && at.After(*d.DueAt):
		// Late, and its breach was never announced (the timer ran after the reply).
		r.fact(s, switchboard.FactSLABreached, *d.DueAt, nil, 1)
	default:
		r.fact(s, switchboard.FactSLAMet, at, nil, 1)
	}
}

func (r *run) rated(e *switchboard.Event, c *switchboard.CSAT) {
	s := r.conv(e, 0)
	if s == nil || s.Rated || c.Rating < 1 || c.Rating > 5 {
		return
	}
	at := c.At
	if at.IsZero() {
		at = e.CreatedAt
	}
	s.Rated = true
	r.fact(s, switchboard.FactCSATRated, at, nil, int64(c.Rating))
}

// presence closes the agent's interval in their previous presence (online or away give a fact;
// offline gives none) and opens the next.
func (r *run) presence(at time.Time, d *presenceData) {
	a := r.st.Agents[d.ID]
	if a == nil {
		r.st.Agents[d.ID] = &switchboard.ReportAgentState{AgentID: d.ID, Presence: d.Presence, Since: at}
		return
	}
	if a.Presence == d.Presence {
		return
	}
	kind := switchboard.ReportFactKind("")
	switch a.Presence {
	case switchboard.PresenceOnline:
		kind = switchboard.FactOnline
	case switchboard.PresenceAway:
		kind = switchboard.FactAway
	}
	if secs := int64(at.Sub(a.Since) / time.Second); kind != "" && secs > 0 && !a.Since.IsZero() {
		id := d.ID
		r.facts = append(r.facts, switchboard.ReportFact{Kind: kind, At: a.Since, AgentID: &id, N: 1, Cal: &secs})
	}
	a.Presence, a.Since = d.Presence, at
}

func idOf(e *switchboard.Event) int64 {
	if e.ConversationID == nil {
		return 0
	}
	return *e.ConversationID
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func eqPtr(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
