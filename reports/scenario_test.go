package reports

// The hand-computed scenario the fold's tests share: an inbox in Europe/Rome open Monday to
// Friday 09:00–17:00, closed on Friday 1 May 2026 (Labour Day), next to the weekend.
//
// Conversation 100 (inbox 1, WhatsApp), agents A = 10 and B = 11, team 5:
//   Thu 30 Apr 16:30 the customer writes (created, unassigned); 16:40 assigned to A and team 5;
//   labels billing and vip; A writes a private note.
//   Mon 4 May 09:30 the first-response SLA breaches (due then); 09:45 A answers: first response
//   3 d 17 h 15 min in calendar time, 30 min (Thu) + 45 min (Mon) = 75 min in business hours;
//   the SLA is met late (not met). 10:00 the customer writes; 10:30 reassigned to B; 11:00 B
//   answers (reply 1 h); 11:30 resolved (B's: 3 d 19 h calendar, 30 min + 2 h 30 min = 3 h
//   business) and the resolution SLA met; 11:31 the survey goes (a bot message), 11:40 rated 4.
//   Tue 5 May 10:00 the customer writes again and reopens it; 10:20 B answers (reply 20 min);
//   12:00 resolved again (2 h since the reopening, both ways).
// Conversation 200 (inbox 1): Tue 11:00 the customer writes, 11:10 resolved without a reply.
// Conversation 300 (inbox 2, Telegram, no hours): Tue 14:00 the customer writes, an automatic
// acknowledgement goes, 14:05 a colleague answers from the provider's app (external), 14:10
// resolved.
// Agent A's presence: online Mon 22:00, away Tue 01:30, offline Tue 02:00 (local).

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

var rome = mustZone("Europe/Rome")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// local reads "2006-01-02 15:04" in Rome, as a UTC instant (as the store's times are).
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, rome)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

const (
	agentA, agentB, team5 = int64(10), int64(11), int64(5)
	romeInbox, plainInbox = int64(1), int64(2)
)

func id(v int64) *int64 { return &v }

// scenarioHours is the inboxes' hours: Rome's for inbox 1, none for inbox 2.
func scenarioHours(t testing.TB) func(int64) *switchboard.HoursSchedule {
	day := []switchboard.HoursInterval{{Start: "09:00", End: "17:00"}}
	bh := switchboard.BusinessHours{TimeZone: "Europe/Rome", Holidays: []switchboard.Holiday{{Date: "2026-05-01", Name: "Labour Day"}}}
	for d := time.Monday; d <= time.Friday; d++ {
		bh.Week[d] = day
	}
	s, err := bh.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return func(inbox int64) *switchboard.HoursSchedule {
		if inbox == romeInbox {
			return s
		}
		return nil
	}
}

// ev makes an event of a conversation as the store would write it.
func ev(typ switchboard.EventType, conv, inbox int64, at time.Time, data any) *switchboard.Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	e := &switchboard.Event{Type: typ, Data: b, CreatedAt: at}
	if conv != 0 {
		e.ConversationID, e.InboxID = &conv, &inbox
	}
	return e
}

// msg makes a message as the store writes it; the live events carry the same message.
func msg(mid, conv, inbox int64, dir switchboard.Direction, kind switchboard.MessageKind, sender switchboard.SenderType, senderID *int64, at time.Time) *switchboard.Message {
	return &switchboard.Message{ID: mid, ConversationID: conv, InboxID: inbox, Direction: dir, Kind: kind, SenderType: sender,
		SenderID: senderID, Text: "text", CreatedAt: at, UpdatedAt: at}
}

func in(mid, conv, inbox int64, at time.Time) *switchboard.Message {
	return msg(mid, conv, inbox, switchboard.DirectionIncoming, switchboard.KindText, switchboard.SenderContact, id(900+conv), at)
}

func out(mid, conv, inbox, agent int64, at time.Time) *switchboard.Message {
	return msg(mid, conv, inbox, switchboard.DirectionOutgoing, switchboard.KindText, switchboard.SenderAgent, &agent, at)
}

// activity makes a milestone as sqlstore's addActivity writes it.
func activity(mid, conv, inbox int64, at time.Time, a *switchboard.Activity) *switchboard.Message {
	m := msg(mid, conv, inbox, switchboard.DirectionInternal, switchboard.KindActivity, switchboard.SenderSystem, nil, at)
	m.Activity = a
	return m
}

// scenario is one conversation told both ways: its live events and its tables.
type scenario struct {
	live    []*switchboard.Event
	history *switchboard.ReportHistory
}

// scenarios builds the three conversations.
func scenarios() []scenario {
	var all []scenario

	// Conversation 100.
	c := int64(100)
	created := &switchboard.Conversation{ID: c, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusOpen,
		Labels: []string{}, CreatedAt: local("2026-04-30 16:30"), UpdatedAt: local("2026-04-30 16:30")}
	note := msg(0, c, romeInbox, switchboard.DirectionInternal, switchboard.KindNote, switchboard.SenderAgent, id(agentA), local("2026-04-30 16:55"))
	survey := msg(0, c, romeInbox, switchboard.DirectionOutgoing, switchboard.KindText, switchboard.SenderBot, nil, local("2026-05-04 11:31"))
	survey.Content = &switchboard.MessageContent{Automatic: true}
	msgs := []*switchboard.Message{
		in(1, c, romeInbox, local("2026-04-30 16:30")),
		activity(2, c, romeInbox, local("2026-04-30 16:40"), &switchboard.Activity{Action: "assigned", AgentID: id(agentA), TeamID: id(team5)}),
		activity(3, c, romeInbox, local("2026-04-30 16:50"), &switchboard.Activity{Action: "labels_added", Labels: []string{"billing", "vip"}}),
		note,
		activity(5, c, romeInbox, local("2026-05-04 09:30"), &switchboard.Activity{Action: "sla_breached", Note: "first_response"}),
		out(6, c, romeInbox, agentA, local("2026-05-04 09:45")),
		in(7, c, romeInbox, local("2026-05-04 10:00")),
		activity(8, c, romeInbox, local("2026-05-04 10:30"), &switchboard.Activity{Action: "assigned", AgentID: id(agentB), TeamID: id(team5)}),
		out(9, c, romeInbox, agentB, local("2026-05-04 11:00")),
		activity(10, c, romeInbox, local("2026-05-04 11:30"), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved}),
		survey,
		activity(12, c, romeInbox, local("2026-05-04 11:40"), &switchboard.Activity{Action: "csat", Rating: 4}),
		activity(13, c, romeInbox, local("2026-05-05 10:00"), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusOpen}),
		in(14, c, romeInbox, local("2026-05-05 10:00")),
		out(15, c, romeInbox, agentB, local("2026-05-05 10:20")),
		activity(16, c, romeInbox, local("2026-05-05 12:00"), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved}),
	}
	note.ID, survey.ID = 4, 11
	mc := func(i int) *switchboard.Event {
		return ev(switchboard.EventMessageCreated, c, romeInbox, msgs[i].CreatedAt, msgs[i])
	}
	rating := &switchboard.CSAT{Rating: 4, At: local("2026-05-04 11:40")}
	breachDue, resolutionDue := local("2026-05-04 09:30"), local("2026-05-05 09:00")
	all = append(all, scenario{
		live: []*switchboard.Event{
			ev(switchboard.EventConversationCreated, c, romeInbox, created.CreatedAt, created),
			mc(0),
			ev(switchboard.EventConversationAssigned, c, romeInbox, local("2026-04-30 16:40"), map[string]any{"id": c, "assignee_id": agentA, "team_id": team5, "previous_assignee_id": nil}),
			mc(1),
			ev(switchboard.EventConversationLabels, c, romeInbox, local("2026-04-30 16:50"), map[string]any{"id": c, "labels": []string{"billing", "vip"}, "added": []string{"billing", "vip"}}),
			mc(2), mc(3),
			ev(switchboard.EventSLABreached, c, romeInbox, local("2026-05-04 09:30").Add(5*time.Second), map[string]any{"conversation_id": c, "policy_id": 1, "policy_name": "Gold",
				"target": "first_response", "due_at": breachDue, "warning_at": nil, "at": local("2026-05-04 09:30").Add(5 * time.Second)}),
			mc(4), mc(5),
			ev(switchboard.EventSLAMet, c, romeInbox, local("2026-05-04 09:45"), map[string]any{"conversation_id": c, "policy_id": 1, "target": "first_response", "due_at": breachDue, "met_at": local("2026-05-04 09:45")}),
			mc(6),
			ev(switchboard.EventConversationAssigned, c, romeInbox, local("2026-05-04 10:30"), map[string]any{"id": c, "assignee_id": agentB, "team_id": team5, "previous_assignee_id": agentA}),
			mc(7), mc(8),
			ev(switchboard.EventConversationStatus, c, romeInbox, local("2026-05-04 11:30"), map[string]any{"id": c, "status": "resolved", "previous_status": "open", "snoozed_until": nil}),
			mc(9),
			ev(switchboard.EventSLAMet, c, romeInbox, local("2026-05-04 11:30"), map[string]any{"conversation_id": c, "policy_id": 1, "target": "resolution", "due_at": resolutionDue, "met_at": local("2026-05-04 11:30")}),
			ev(switchboard.EventCSATSent, c, romeInbox, local("2026-05-04 11:31"), map[string]any{"conversation_id": c, "form": "choices"}),
			mc(10), mc(11),
			ev(switchboard.EventConversationUpdated, c, romeInbox, local("2026-05-04 11:40"), map[string]any{"id": c, "csat": rating}),
			mc(12),
			ev(switchboard.EventConversationStatus, c, romeInbox, local("2026-05-05 10:00"), map[string]any{"id": c, "status": "open", "previous_status": "resolved"}),
			mc(13), mc(14), mc(15),
			ev(switchboard.EventConversationStatus, c, romeInbox, local("2026-05-05 12:00"), map[string]any{"id": c, "status": "resolved", "previous_status": "open"}),
		},
		history: &switchboard.ReportHistory{
			Conversation: &switchboard.Conversation{ID: c, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusResolved,
				AssigneeID: id(agentB), TeamID: id(team5), Labels: []string{"billing", "vip"}, CSAT: rating,
				CreatedAt: created.CreatedAt, UpdatedAt: local("2026-05-05 12:00")},
			Messages: msgs,
			SurveyAt: &survey.CreatedAt,
			SLA: []switchboard.SLATargetState{
				{Target: switchboard.SLAFirstResponse, StartedAt: created.CreatedAt, DueAt: breachDue, MetAt: &msgs[5].CreatedAt, Breached: true},
				{Target: switchboard.SLAResolution, StartedAt: created.CreatedAt, DueAt: resolutionDue, MetAt: &msgs[9].CreatedAt},
			},
		},
	})

	// Conversation 200: resolved without a reply.
	c = 200
	created = &switchboard.Conversation{ID: c, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusOpen,
		CreatedAt: local("2026-05-05 11:00")}
	msgs = []*switchboard.Message{
		in(21, c, romeInbox, local("2026-05-05 11:00")),
		activity(22, c, romeInbox, local("2026-05-05 11:10"), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved}),
	}
	all = append(all, scenario{
		live: []*switchboard.Event{
			ev(switchboard.EventConversationCreated, c, romeInbox, created.CreatedAt, created),
			ev(switchboard.EventMessageCreated, c, romeInbox, msgs[0].CreatedAt, msgs[0]),
			ev(switchboard.EventConversationStatus, c, romeInbox, msgs[1].CreatedAt, map[string]any{"id": c, "status": "resolved", "previous_status": "open"}),
			ev(switchboard.EventMessageCreated, c, romeInbox, msgs[1].CreatedAt, msgs[1]),
		},
		history: &switchboard.ReportHistory{
			Conversation: &switchboard.Conversation{ID: c, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusResolved,
				CreatedAt: created.CreatedAt, UpdatedAt: msgs[1].CreatedAt},
			Messages: msgs,
		},
	})

	// Conversation 300: answered from the provider's app.
	c = 300
	created = &switchboard.Conversation{ID: c, InboxID: plainInbox, Channel: switchboard.ChannelTelegram, Status: switchboard.StatusOpen,
		CreatedAt: local("2026-05-05 14:00")}
	ack := msg(32, c, plainInbox, switchboard.DirectionOutgoing, switchboard.KindText, switchboard.SenderBot, nil, local("2026-05-05 14:00"))
	ack.Content = &switchboard.MessageContent{Automatic: true, AutoReply: "acknowledge"}
	msgs = []*switchboard.Message{
		in(31, c, plainInbox, local("2026-05-05 14:00")),
		ack,
		msg(33, c, plainInbox, switchboard.DirectionOutgoing, switchboard.KindText, switchboard.SenderExternal, nil, local("2026-05-05 14:05")),
		activity(34, c, plainInbox, local("2026-05-05 14:10"), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved}),
	}
	live := []*switchboard.Event{ev(switchboard.EventConversationCreated, c, plainInbox, created.CreatedAt, created)}
	for i, m := range msgs {
		if i == 3 {
			live = append(live, ev(switchboard.EventConversationStatus, c, plainInbox, m.CreatedAt, map[string]any{"id": c, "status": "resolved", "previous_status": "open"}))
		}
		live = append(live, ev(switchboard.EventMessageCreated, c, plainInbox, m.CreatedAt, m))
	}
	all = append(all, scenario{
		live: live,
		history: &switchboard.ReportHistory{
			Conversation: &switchboard.Conversation{ID: c, InboxID: plainInbox, Channel: switchboard.ChannelTelegram, Status: switchboard.StatusResolved,
				CreatedAt: created.CreatedAt, UpdatedAt: msgs[3].CreatedAt},
			Messages: msgs,
		},
	})
	return all
}

// presenceEvents are agent A's evening.
func presenceEvents() []*switchboard.Event {
	p := func(at string, pr switchboard.Presence) *switchboard.Event {
		return ev(switchboard.EventAgentPresence, 0, 0, local(at), map[string]any{"id": agentA, "presence": pr})
	}
	return []*switchboard.Event{
		p("2026-05-04 22:00", switchboard.PresenceOnline),
		p("2026-05-05 01:30", switchboard.PresenceAway),
		p("2026-05-05 02:00", switchboard.PresenceOffline),
	}
}
