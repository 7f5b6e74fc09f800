package notify

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Router decides who is told what of an event, by which media, in whose words. It is pure: the
// store loads the facts (switchboard.NotifyFacts) and keeps the decisions.
//
// Per event, never to its actor, only to agents offered in the facts (so never a deleted one)
// who see the event's inbox:
//   - conversation.created without an assignee (then, and now): unassigned, to everyone seeing
//     the inbox;
//   - conversation.assigned to an agent: assigned, to that agent;
//   - message.created: a note's mentions (mention), or a customer's message (message) to the
//     conversation's assignee;
//   - conversation.sla_warning/sla_breached and a bot's hand-off (conversation.updated with
//     bot.state handed_off): the assignee, or everyone seeing the inbox when there is none;
//   - message.updated to failed: the agent who sent the message;
//   - conversation.status_changed from snoozed to open: the assignee.
type Router struct{}

var _ switchboard.NotificationRouter = Router{}

// Interesting reports whether events of type t may notify anyone.
func (Router) Interesting(t switchboard.EventType) bool {
	switch t {
	case switchboard.EventConversationCreated, switchboard.EventConversationAssigned, switchboard.EventMessageCreated,
		switchboard.EventMessageUpdated, switchboard.EventSLAWarning, switchboard.EventSLABreached,
		switchboard.EventConversationUpdated, switchboard.EventConversationStatus:
		return true
	}
	return false
}

// eventData is what the router reads of the events' data: the union of the fields it needs.
type eventData struct {
	ID             int64   `json:"id"`
	ConversationID int64   `json:"conversation_id"`
	AssigneeID     *int64  `json:"assignee_id"`
	Status         string  `json:"status"`
	PreviousStatus string  `json:"previous_status"`
	Cause          string  `json:"cause"`
	Target         string  `json:"target"`
	DueAt          *string `json:"due_at"`
	Preview        string  `json:"last_message_preview"`
	ErrorReason    string  `json:"error_reason"`
	Bot            *struct {
		State switchboard.BotState `json:"state"`
	} `json:"bot"`
}

// routing is one event being routed: what every recipient's words are made of.
type routing struct {
	e       *switchboard.Event
	f       *switchboard.NotifyFacts
	d       eventData
	conv    *switchboard.NotifyConversation
	msg     *switchboard.NotifyMsg
	trigger switchboard.NotificationTrigger
	actor   string // the actor's name, "" for the system
	text    string // the text an excerpt is made of
	system  bool   // the body is BodySystem's (nobody in particular, or nothing to quote)
}

// Route returns the notifications of one event: at most one per agent, never to its actor.
func (Router) Route(e *switchboard.Event, f *switchboard.NotifyFacts) []switchboard.NotifyDelivery {
	if f == nil || len(f.Agents) == 0 {
		return nil
	}
	r := &routing{e: e, f: f}
	if len(e.Data) > 0 && !decode(e.Data, &r.d) {
		return nil
	}
	convID := r.d.ConversationID
	if e.ConversationID != nil {
		convID = *e.ConversationID
	} else if convID == 0 && e.Type != switchboard.EventMessageCreated && e.Type != switchboard.EventMessageUpdated {
		convID = r.d.ID
	}
	r.conv = f.Conversations[convID]
	if r.conv == nil {
		return nil // gone (deleted, erased): nothing to tell nor to link to
	}
	if e.ActorID != nil {
		if a := f.Agents[*e.ActorID]; a != nil {
			r.actor = a.Name
		}
	}
	to := r.recipients()
	if len(to) == 0 {
		return nil
	}
	var out []switchboard.NotifyDelivery
	seen := map[int64]bool{}
	for _, id := range to {
		a := f.Agents[id]
		if seen[id] || a == nil || (e.ActorID != nil && *e.ActorID == id) || !a.Scope.Has(r.conv.InboxID) {
			continue
		}
		seen[id] = true
		if d, ok := r.deliver(a); ok {
			out = append(out, d)
		}
	}
	return out
}

// recipients sets the trigger and the words' material, and returns who may be told (not yet
// filtered by actor, scope and settings).
func (r *routing) recipients() []int64 {
	e, c := r.e, r.conv
	switch e.Type {
	case switchboard.EventConversationCreated:
		if r.d.AssigneeID != nil || c.AssigneeID != nil {
			return nil
		}
		r.trigger, r.text, r.system = switchboard.NotifyUnassigned, r.d.Preview, r.d.Preview == ""
		return r.everyone()
	case switchboard.EventConversationAssigned:
		if r.d.AssigneeID == nil {
			return nil
		}
		r.trigger, r.system = switchboard.NotifyAssigned, e.ActorID == nil
		return []int64{*r.d.AssigneeID}
	case switchboard.EventMessageCreated:
		m := r.message()
		if m == nil {
			return nil
		}
		r.msg, r.text = m, m.Text
		switch {
		case m.Note:
			r.trigger = switchboard.NotifyMention
			if m.SenderName != "" {
				r.actor = m.SenderName
			}
			return m.Mentions
		case m.Direction == switchboard.DirectionIncoming && m.SenderType == switchboard.SenderContact:
			r.trigger = switchboard.NotifyMessage
			return r.assignee()
		}
	case switchboard.EventMessageUpdated:
		if switchboard.MessageStatus(r.d.Status) != switchboard.MessageFailed {
			return nil
		}
		m := r.f.Messages[r.d.ID]
		if m == nil || m.SenderID == nil || m.Note {
			return nil
		}
		r.msg, r.text, r.trigger = m, m.Text, switchboard.NotifyFailed
		return []int64{*m.SenderID}
	case switchboard.EventSLAWarning, switchboard.EventSLABreached:
		r.trigger = switchboard.NotifySLABreached
		if e.Type == switchboard.EventSLAWarning {
			r.trigger = switchboard.NotifySLAWarning
		}
		return r.assigneeOrEveryone()
	case switchboard.EventConversationUpdated:
		if r.d.Bot == nil || r.d.Bot.State != switchboard.BotHandedOff {
			return nil
		}
		r.trigger = switchboard.NotifyHandoff
		return r.assigneeOrEveryone()
	case switchboard.EventConversationStatus:
		if r.d.PreviousStatus != string(switchboard.StatusSnoozed) || r.d.Status != string(switchboard.StatusOpen) {
			return nil
		}
		if r.d.Cause == "customer_message" {
			return nil // the customer's message that woke it is its own notification
		}
		r.trigger = switchboard.NotifyReopened
		return r.assignee()
	}
	return nil
}

// message is the message a message.created event carries (its data is the message), else
// the one the facts name.
func (r *routing) message() *switchboard.NotifyMsg {
	var m switchboard.Message
	if decode(r.e.Data, &m) && m.ID != 0 {
		return &switchboard.NotifyMsg{ID: m.ID, ConversationID: m.ConversationID, Direction: m.Direction,
			SenderType: m.SenderType, SenderID: m.SenderID, SenderName: m.SenderName, Note: m.Kind == switchboard.KindNote,
			Text: m.Text, Mentions: m.Mentions, Status: m.Status}
	}
	return r.f.Messages[r.d.ID]
}

// decode reads an event's data into v, leaving out fields of another type than v's (an event
// of the same type written by another change may use a name differently): false only when
// the data is not JSON at all.
func decode(data []byte, v any) bool {
	err := json.Unmarshal(data, v)
	var typeErr *json.UnmarshalTypeError
	return err == nil || errors.As(err, &typeErr)
}

func (r *routing) assignee() []int64 {
	if r.conv.AssigneeID == nil {
		return nil
	}
	return []int64{*r.conv.AssigneeID}
}

func (r *routing) assigneeOrEveryone() []int64 {
	if to := r.assignee(); to != nil {
		return to
	}
	return r.everyone()
}

// everyone is every agent offered, in id order (deliveries come out in a stable order).
func (r *routing) everyone() []int64 {
	ids := make([]int64, 0, len(r.f.Agents))
	for id := range r.f.Agents {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// deliver decides one agent's media and words; false when the agent chose none for the trigger
// (or none is possible now).
func (r *routing) deliver(a *switchboard.NotifyAgent) (switchboard.NotifyDelivery, bool) {
	s := a.Settings
	if s == nil {
		s = switchboard.DefaultNotificationSettings()
	}
	loc := a.Location
	if loc == nil {
		loc = time.UTC
	}
	c := s.Choice(r.trigger)
	quiet := s.Quiet(r.f.Now, loc)
	d := switchboard.NotifyDelivery{
		AgentID: a.ID, Trigger: r.trigger, InApp: c.App,
		Push:  c.Push && a.Push && !quiet && (!a.Active || s.PushWhileActive),
		Email: c.Email && a.Mail,
	}
	if c.Sound && !quiet {
		d.Sound = s.Sound
		if d.Sound == "" {
			d.Sound = switchboard.NotificationSounds[0]
		}
	}
	if !d.InApp && !d.Push && !d.Email && d.Sound == "" {
		return d, false
	}
	inbox, conv := r.conv.InboxID, r.conv.ID
	d.InboxID, d.ConversationID = &inbox, &conv
	if r.msg != nil {
		id := r.msg.ID
		d.MessageID = &id
	}
	d.Title, d.Body = r.words(a, loc)
	return d, true
}

// words writes the title and body in the agent's language.
func (r *routing) words(a *switchboard.NotifyAgent, loc *time.Location) (string, string) {
	lang := language(a.Language)
	w := words(lang)
	p := phrases[r.trigger][lang]
	contact := strings.Join(strings.Fields(r.conv.ContactName), " ") // one line, whatever a channel sent
	if contact == "" {
		contact = w.Customer
	}
	actor := strings.Join(strings.Fields(r.actor), " ")
	if actor == "" && r.e.ActorID != nil {
		actor = w.Someone
	}
	vars := map[string]string{"contact": contact, "actor": actor, "target": w.Targets[switchboard.SLATarget(r.d.Target)], "due": "—"}
	if vars["target"] == "" {
		vars["target"] = "SLA"
	}
	if r.d.DueAt != nil {
		if t, err := time.Parse(time.RFC3339Nano, *r.d.DueAt); err == nil {
			vars["due"] = t.In(loc).Format("15:04")
		}
	}
	if r.trigger == switchboard.NotifyMention && actor == "" {
		vars["actor"] = "Switchboard"
	}
	vars["excerpt"] = excerpt(r.text, lang)
	if r.trigger == switchboard.NotifyFailed && r.d.ErrorReason != "" {
		vars["excerpt"] = excerpt(r.text, lang) + " — " + r.d.ErrorReason
	}
	body := p.Body
	if r.system && p.BodySystem != "" {
		body = p.BodySystem
	}
	return fill(p.Title, vars), fill(body, vars)
}
