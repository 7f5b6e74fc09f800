package reports

import (
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
)

// TestHistoryEqualsLive folds each scenario conversation's tables and its live events: the same
// facts and the same state.
func TestHistoryEqualsLive(t *testing.T) {
	t.Parallel()
	for _, s := range scenarios() {
		conv := s.history.Conversation.ID
		t.Run(fmt.Sprint(conv), func(t *testing.T) {
			t.Parallel()
			f := NewFolder()
			liveSt, histSt := &switchboard.ReportStates{}, &switchboard.ReportStates{}
			live, err := f.Fold(s.live, liveSt, scenarioHours(t))
			if err != nil {
				t.Fatal(err)
			}
			hist, err := f.FoldHistory(s.history, histSt, scenarioHours(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(live) == 0 {
				t.Fatal("no live facts")
			}
			if d := gocmp.Diff(sortFacts(live), sortFacts(hist)); d != "" {
				t.Errorf("facts (-live +history):\n%s", d)
			}
			if d := gocmp.Diff(liveSt.Conversations[conv], histSt.Conversations[conv]); d != "" {
				t.Errorf("state (-live +history):\n%s", d)
			}
			// Folded once: a second time gives nothing.
			if again, err := f.FoldHistory(s.history, histSt, scenarioHours(t)); err != nil || len(again) != 0 {
				t.Errorf("second history fold = %d facts, %v; want none", len(again), err)
			}
			if f.Skipped() != 0 {
				t.Errorf("skipped %d", f.Skipped())
			}
		})
	}
}

func TestHistoryInferred(t *testing.T) {
	t.Parallel()
	const c, inbox = int64(500), int64(2)
	conv := func(status switchboard.ConversationStatus, agent, team *int64) *switchboard.Conversation {
		return &switchboard.Conversation{ID: c, InboxID: inbox, Channel: switchboard.ChannelEmail, Status: status, AssigneeID: agent, TeamID: team,
			Labels: []string{"x"}, CreatedAt: local("2026-05-05 09:00"), UpdatedAt: local("2026-06-01 09:00")}
	}
	f := func(kind switchboard.ReportFactKind, at string, agent, team *int64, n int64, secs ...int64) switchboard.ReportFact {
		out := switchboard.ReportFact{Kind: kind, At: local(at), ConversationID: c, InboxID: inbox, Channel: switchboard.ChannelEmail,
			AgentID: agent, TeamID: team, N: n}
		if len(secs) == 2 {
			out.Cal, out.Biz = &secs[0], &secs[1]
		}
		return out
	}
	external := msg(2, c, inbox, switchboard.DirectionOutgoing, switchboard.KindText, switchboard.SenderExternal, nil, local("2026-05-05 09:30"))
	for _, tc := range []struct {
		name string
		h    *switchboard.ReportHistory
		want []switchboard.ReportFact
		// state is the status and assignment the history ends with; nil: the conversation's now.
		state *switchboard.ReportConvState
	}{
		{
			// As ImportConversations writes it: no milestones. Assigned from the start;
			// resolved at its last message.
			name: "imported, resolved, assigned",
			h: &switchboard.ReportHistory{Conversation: conv(switchboard.StatusResolved, id(agentA), id(team5)), Messages: []*switchboard.Message{
				in(1, c, inbox, local("2026-05-05 09:00")), external, in(3, c, inbox, local("2026-05-05 10:00")),
			}},
			want: []switchboard.ReportFact{
				f(switchboard.FactOpened, "2026-05-05 09:00", id(agentA), id(team5), 1),
				f(switchboard.FactMessageIn, "2026-05-05 09:00", id(agentA), id(team5), 1),
				f(switchboard.FactMessageOut, "2026-05-05 09:30", nil, id(team5), 1),
				f(switchboard.FactFirstResponse, "2026-05-05 09:30", nil, id(team5), 1, 30*mn, 30*mn),
				f(switchboard.FactReply, "2026-05-05 09:30", nil, id(team5), 1, 30*mn, 30*mn),
				f(switchboard.FactMessageIn, "2026-05-05 10:00", id(agentA), id(team5), 1),
				f(switchboard.FactResolved, "2026-05-05 10:00", id(agentA), id(team5), 0, hr, hr),
			},
		},
		{
			name: "no messages: resolved at its last update",
			h:    &switchboard.ReportHistory{Conversation: conv(switchboard.StatusResolved, nil, nil)},
			want: []switchboard.ReportFact{
				f(switchboard.FactOpened, "2026-05-05 09:00", nil, nil, 1),
				f(switchboard.FactResolved, "2026-06-01 09:00", nil, nil, 1, 27*day, 27*day),
			},
		},
		{
			// Started by agent A (assigned without a milestone), then handed to B; auto-
			// assignment takes B off keeping the team; a snooze is not a resolution.
			name: "agent-started, reassigned",
			h: &switchboard.ReportHistory{Conversation: conv(switchboard.StatusSnoozed, nil, id(team5)), Messages: []*switchboard.Message{
				out(1, c, inbox, agentA, local("2026-05-05 09:00")),
				activity(2, c, inbox, local("2026-05-05 09:10"), &switchboard.Activity{Action: "assigned", AgentID: id(agentB), TeamID: id(team5)}),
				activity(3, c, inbox, local("2026-05-05 09:20"), &switchboard.Activity{Action: "unassigned",
					Automation: &switchboard.AutomationActor{Kind: switchboard.AutomationAssignment}}),
				in(4, c, inbox, local("2026-05-05 09:30")),
				activity(5, c, inbox, local("2026-05-05 09:40"), &switchboard.Activity{Action: "snoozed", Status: switchboard.StatusSnoozed}),
			}},
			want: []switchboard.ReportFact{
				f(switchboard.FactOpened, "2026-05-05 09:00", id(agentA), nil, 1),
				f(switchboard.FactMessageOut, "2026-05-05 09:00", id(agentA), nil, 1),
				f(switchboard.FactHandled, "2026-05-05 09:00", id(agentA), nil, 1),
				f(switchboard.FactTransferOut, "2026-05-05 09:10", id(agentA), nil, 1),
				f(switchboard.FactTransferIn, "2026-05-05 09:10", id(agentB), id(team5), 1),
				f(switchboard.FactAssigned, "2026-05-05 09:10", id(agentB), id(team5), 1),
				f(switchboard.FactTransferOut, "2026-05-05 09:20", id(agentB), id(team5), 1),
				f(switchboard.FactTransferIn, "2026-05-05 09:20", nil, id(team5), 1),
				f(switchboard.FactMessageIn, "2026-05-05 09:30", nil, id(team5), 1),
			},
		},
		{
			// The same tables as the import above, but the conversation changed after the
			// horizon: its row's status and assignee are today's, so the history starts open
			// and unassigned and is not resolved; the live events tell the rest.
			name: "changed after the horizon: neither the row's status nor its assignee",
			h: &switchboard.ReportHistory{Later: true, Conversation: conv(switchboard.StatusResolved, id(agentA), id(team5)), Messages: []*switchboard.Message{
				in(1, c, inbox, local("2026-05-05 09:00")), external, in(3, c, inbox, local("2026-05-05 10:00")),
			}},
			want: []switchboard.ReportFact{
				f(switchboard.FactOpened, "2026-05-05 09:00", nil, nil, 1),
				f(switchboard.FactMessageIn, "2026-05-05 09:00", nil, nil, 1),
				f(switchboard.FactMessageOut, "2026-05-05 09:30", nil, nil, 1),
				f(switchboard.FactFirstResponse, "2026-05-05 09:30", nil, nil, 1, 30*mn, 30*mn),
				f(switchboard.FactReply, "2026-05-05 09:30", nil, nil, 1, 30*mn, 30*mn),
				f(switchboard.FactMessageIn, "2026-05-05 10:00", nil, nil, 1),
			},
			state: &switchboard.ReportConvState{Status: switchboard.StatusOpen},
		},
		{
			// Changed after the horizon and started by agent A: A's from the start (the starter
			// is assigned without a milestone), whoever has it now.
			name: "changed after the horizon, agent-started",
			h: &switchboard.ReportHistory{Later: true, Conversation: conv(switchboard.StatusOpen, id(agentB), nil), Messages: []*switchboard.Message{
				out(1, c, inbox, agentA, local("2026-05-05 09:00")),
			}},
			want: []switchboard.ReportFact{
				f(switchboard.FactOpened, "2026-05-05 09:00", id(agentA), nil, 1),
				f(switchboard.FactMessageOut, "2026-05-05 09:00", id(agentA), nil, 1),
				f(switchboard.FactHandled, "2026-05-05 09:00", id(agentA), nil, 1),
			},
			state: &switchboard.ReportConvState{Status: switchboard.StatusOpen, AgentID: id(agentA)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := &switchboard.ReportStates{}
			got, err := NewFolder().FoldHistory(tc.h, st, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(tc.want, got); d != "" {
				t.Errorf("facts (-want +got):\n%s", d)
			}
			s, c := st.Conversations[c], tc.h.Conversation
			want := tc.state
			if want == nil {
				want = &switchboard.ReportConvState{Status: c.Status, AgentID: c.AssigneeID, TeamID: c.TeamID}
			}
			if s == nil || s.Status != want.Status || !eqPtr(s.AgentID, want.AgentID) || !eqPtr(s.TeamID, want.TeamID) || !gocmp.Equal(s.Labels, c.Labels) {
				t.Errorf("state = %+v, want status %s, agent %v, team %v and the labels now", s, want.Status, want.AgentID, want.TeamID)
			}
		})
	}
	if got, err := NewFolder().FoldHistory(&switchboard.ReportHistory{}, &switchboard.ReportStates{}, nil); err != nil || got != nil {
		t.Errorf("empty history = %v, %v", got, err)
	}
}

// TestHistoryHorizon: the backfill reads messages up to a horizon but the conversation's row as
// it is now; what happened after the last message read is left to the live events.
func TestHistoryHorizon(t *testing.T) {
	t.Parallel()
	const c, inbox = int64(600), int64(2)
	t0 := local("2026-05-05 09:00")
	later := t0.Add(2 * time.Hour)
	h := &switchboard.ReportHistory{
		Later: true, // as the store says of it: reopened and reassigned after the horizon
		Conversation: &switchboard.Conversation{ID: c, InboxID: inbox, Channel: switchboard.ChannelSMS, Status: switchboard.StatusOpen,
			AssigneeID: id(agentB), CSAT: &switchboard.CSAT{Rating: 5, At: later}, CreatedAt: t0, UpdatedAt: later},
		Messages: []*switchboard.Message{
			in(1, c, inbox, t0),
			activity(2, c, inbox, t0.Add(time.Minute), &switchboard.Activity{Action: "assigned", AgentID: id(agentA)}),
			out(3, c, inbox, agentA, t0.Add(10*time.Minute)),
			activity(4, c, inbox, t0.Add(20*time.Minute), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved}),
		},
		SurveyAt: &later,
		SLA: []switchboard.SLATargetState{
			{Target: switchboard.SLAFirstResponse, DueAt: t0.Add(time.Hour), MetAt: ptr(t0.Add(10 * time.Minute))},
			{Target: switchboard.SLANextResponse, DueAt: t0.Add(90 * time.Minute), Breached: true},
		},
	}
	st := &switchboard.ReportStates{}
	got, err := NewFolder().FoldHistory(h, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []switchboard.ReportFactKind
	for _, f := range got {
		kinds = append(kinds, f.Kind)
	}
	want := []switchboard.ReportFactKind{switchboard.FactOpened, switchboard.FactMessageIn,
		switchboard.FactTransferOut, switchboard.FactTransferIn, switchboard.FactAssigned, switchboard.FactMessageOut,
		switchboard.FactFirstResponse, switchboard.FactReply, switchboard.FactHandled, switchboard.FactSLAMet, switchboard.FactResolved}
	if d := gocmp.Diff(want, kinds); d != "" {
		t.Errorf("kinds (-want +got):\n%s", d)
	}
	// The state is where the history ends; the reopening and reassignment after it come as events.
	if s := st.Conversations[c]; s.Status != switchboard.StatusResolved || !eqPtr(s.AgentID, id(agentA)) || s.SurveyAt != nil || s.Rated {
		t.Errorf("state = %+v", s)
	}
}

// TestHistoryLaterThenLive: a conversation backfilled after it changed live (Later) folds its
// history up to the horizon and then the live events after it, and ends with the facts the live
// fold of its whole life gives: each change counted once, when it happened, and the agent who
// resolves it with no backlog left.
func TestHistoryLaterThenLive(t *testing.T) {
	t.Parallel()
	const c, inbox = int64(700), plainInbox
	t0 := local("2026-05-05 09:00")
	created := &switchboard.Conversation{ID: c, InboxID: inbox, Channel: switchboard.ChannelTelegram, Status: switchboard.StatusOpen, CreatedAt: t0}
	first := in(1, c, inbox, t0)
	assigned := activity(2, c, inbox, t0.Add(time.Hour), &switchboard.Activity{Action: "assigned", AgentID: id(agentA)})
	reply := out(3, c, inbox, agentA, t0.Add(90*time.Minute))
	resolved := activity(4, c, inbox, t0.Add(2*time.Hour), &switchboard.Activity{Action: "status_changed", Status: switchboard.StatusResolved})
	before := []*switchboard.Event{
		ev(switchboard.EventConversationCreated, c, inbox, t0, created),
		ev(switchboard.EventMessageCreated, c, inbox, t0, first),
	}
	after := []*switchboard.Event{ // the horizon is between the first message and the assignment
		ev(switchboard.EventConversationAssigned, c, inbox, assigned.CreatedAt, map[string]any{"id": c, "assignee_id": agentA, "previous_assignee_id": nil}),
		ev(switchboard.EventMessageCreated, c, inbox, assigned.CreatedAt, assigned),
		ev(switchboard.EventMessageCreated, c, inbox, reply.CreatedAt, reply),
		ev(switchboard.EventConversationStatus, c, inbox, resolved.CreatedAt, map[string]any{"id": c, "status": "resolved", "previous_status": "open"}),
		ev(switchboard.EventMessageCreated, c, inbox, resolved.CreatedAt, resolved),
	}
	f := NewFolder()
	want, err := f.Fold(append(slices.Clone(before), after...), &switchboard.ReportStates{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The backfill reads the row as it is now (resolved, A's) and the messages up to the horizon.
	h := &switchboard.ReportHistory{Later: true, Messages: []*switchboard.Message{first},
		Conversation: &switchboard.Conversation{ID: c, InboxID: inbox, Channel: switchboard.ChannelTelegram, Status: switchboard.StatusResolved,
			AssigneeID: id(agentA), CreatedAt: t0, UpdatedAt: resolved.CreatedAt}}
	st := &switchboard.ReportStates{}
	got, err := f.FoldHistory(h, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	more, err := f.Fold(after, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, more...)
	if d := gocmp.Diff(sortFacts(want), sortFacts(got)); d != "" {
		t.Errorf("facts (-live +history then live):\n%s", d)
	}
	// A's backlog: transferred in, resolved; nothing left.
	var backlog int64
	for _, fa := range got {
		if fa.AgentID == nil || *fa.AgentID != agentA {
			continue
		}
		switch fa.Kind {
		case switchboard.FactOpened, switchboard.FactReopened, switchboard.FactTransferIn:
			backlog++
		case switchboard.FactResolved, switchboard.FactTransferOut:
			backlog--
		}
	}
	if backlog != 0 {
		t.Errorf("agent A's backlog = %d, want 0", backlog)
	}
}
