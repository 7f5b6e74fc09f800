package reports

import (
	"cmp"
	"encoding/json"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
)

// fact describes an expected fact briefly: conversation, kind, local time, agent, team, N, and
// calendar and business seconds (-1: none).
type fact struct {
	conv      int64
	kind      switchboard.ReportFactKind
	at        string
	agent     int64 // 0: none
	team      int64 // 0: none
	n         int64
	cal, biz  int64
	atSeconds int // added to at
}

// inboxOf and channelOf are the scenario's conversations' inbox and channel.
func inboxOf(conv int64) (int64, switchboard.ChannelKind) {
	switch conv {
	case 0:
		return 0, ""
	case 300:
		return plainInbox, switchboard.ChannelTelegram
	}
	return romeInbox, switchboard.ChannelWhatsApp
}

func (f fact) real() switchboard.ReportFact {
	inbox, ch := inboxOf(f.conv)
	out := switchboard.ReportFact{Kind: f.kind, At: local(f.at).Add(time.Duration(f.atSeconds) * time.Second), ConversationID: f.conv,
		InboxID: inbox, Channel: ch, N: f.n}
	if f.agent != 0 {
		out.AgentID = id(f.agent)
	}
	if f.team != 0 {
		out.TeamID = id(f.team)
	}
	if f.cal >= 0 {
		out.Cal = id(f.cal)
	}
	if f.biz >= 0 {
		out.Biz = id(f.biz)
	}
	return out
}

func facts(fs ...fact) []switchboard.ReportFact {
	out := make([]switchboard.ReportFact, len(fs))
	for i, f := range fs {
		out[i] = f.real()
	}
	return out
}

const (
	day = int64(24 * 3600)
	hr  = int64(3600)
	mn  = int64(60)
)

// scenarioFacts are the scenario's facts, computed by hand (see scenario_test.go).
func scenarioFacts() []switchboard.ReportFact {
	const A, B, T = agentA, agentB, team5
	return facts(
		// Conversation 100.
		fact{100, switchboard.FactOpened, "2026-04-30 16:30", 0, 0, 1, -1, -1, 0},
		fact{100, switchboard.FactMessageIn, "2026-04-30 16:30", 0, 0, 1, -1, -1, 0},
		// Open when assigned: it moves from nobody to A and team 5.
		fact{100, switchboard.FactTransferOut, "2026-04-30 16:40", 0, 0, 1, -1, -1, 0},
		fact{100, switchboard.FactTransferIn, "2026-04-30 16:40", A, T, 1, -1, -1, 0},
		fact{100, switchboard.FactAssigned, "2026-04-30 16:40", A, T, 1, -1, -1, 0},
		fact{100, switchboard.FactSLABreached, "2026-05-04 09:30", A, T, 1, -1, -1, 0}, // at its due time
		fact{100, switchboard.FactMessageOut, "2026-05-04 09:45", A, T, 1, -1, -1, 0},
		// Thu 16:30 → Mon 09:45: 3 d 17 h 15 min; open 16:30–17:00 Thu, 09:00–09:45 Mon.
		fact{100, switchboard.FactFirstResponse, "2026-05-04 09:45", A, T, 1, 3*day + 17*hr + 15*mn, 75 * mn, 0},
		fact{100, switchboard.FactReply, "2026-05-04 09:45", A, T, 1, 3*day + 17*hr + 15*mn, 75 * mn, 0},
		fact{100, switchboard.FactHandled, "2026-05-04 09:45", A, T, 1, -1, -1, 0},
		// (the first-response SLA met late after its breach: nothing)
		fact{100, switchboard.FactMessageIn, "2026-05-04 10:00", A, T, 1, -1, -1, 0},
		fact{100, switchboard.FactTransferOut, "2026-05-04 10:30", A, T, 1, -1, -1, 0},
		fact{100, switchboard.FactTransferIn, "2026-05-04 10:30", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactAssigned, "2026-05-04 10:30", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactMessageOut, "2026-05-04 11:00", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactReply, "2026-05-04 11:00", B, T, 1, hr, hr, 0},
		fact{100, switchboard.FactHandled, "2026-05-04 11:00", B, T, 1, -1, -1, 0},
		// Thu 16:30 → Mon 11:30: 3 d 19 h; open 30 min Thu + 2 h 30 min Mon. B's, the assignee.
		fact{100, switchboard.FactResolved, "2026-05-04 11:30", B, T, 0, 3*day + 19*hr, 3 * hr, 0},
		fact{100, switchboard.FactSLAMet, "2026-05-04 11:30", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactCSATSent, "2026-05-04 11:31", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactCSATRated, "2026-05-04 11:40", B, T, 4, -1, -1, 0},
		fact{100, switchboard.FactReopened, "2026-05-05 10:00", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactMessageIn, "2026-05-05 10:00", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactMessageOut, "2026-05-05 10:20", B, T, 1, -1, -1, 0},
		fact{100, switchboard.FactReply, "2026-05-05 10:20", B, T, 1, 20 * mn, 20 * mn, 0},
		fact{100, switchboard.FactHandled, "2026-05-05 10:20", B, T, 1, -1, -1, 0}, // again, since the reopening
		fact{100, switchboard.FactResolved, "2026-05-05 12:00", B, T, 0, 2 * hr, 2 * hr, 0},
		// Conversation 200: resolved without a reply (N=1).
		fact{200, switchboard.FactOpened, "2026-05-05 11:00", 0, 0, 1, -1, -1, 0},
		fact{200, switchboard.FactMessageIn, "2026-05-05 11:00", 0, 0, 1, -1, -1, 0},
		fact{200, switchboard.FactResolved, "2026-05-05 11:10", 0, 0, 1, 10 * mn, 10 * mn, 0},
		// Conversation 300: the acknowledgement is nothing; the external answer has no agent.
		fact{300, switchboard.FactOpened, "2026-05-05 14:00", 0, 0, 1, -1, -1, 0},
		fact{300, switchboard.FactMessageIn, "2026-05-05 14:00", 0, 0, 1, -1, -1, 0},
		fact{300, switchboard.FactMessageOut, "2026-05-05 14:05", 0, 0, 1, -1, -1, 0},
		fact{300, switchboard.FactFirstResponse, "2026-05-05 14:05", 0, 0, 1, 5 * mn, 5 * mn, 0},
		fact{300, switchboard.FactReply, "2026-05-05 14:05", 0, 0, 1, 5 * mn, 5 * mn, 0},
		fact{300, switchboard.FactResolved, "2026-05-05 14:10", 0, 0, 0, 10 * mn, 10 * mn, 0}, // answered: N=0
	)
}

// presenceFacts are agent A's evening: 3 h 30 min online, 30 min away.
func presenceFacts() []switchboard.ReportFact {
	return []switchboard.ReportFact{
		{Kind: switchboard.FactOnline, At: local("2026-05-04 22:00"), AgentID: id(agentA), N: 1, Cal: id(3*hr + 30*mn)},
		{Kind: switchboard.FactAway, At: local("2026-05-05 01:30"), AgentID: id(agentA), N: 1, Cal: id(30 * mn)},
	}
}

// sortFacts orders facts for comparison: their order within one instant is not part of the
// contract.
func sortFacts(fs []switchboard.ReportFact) []switchboard.ReportFact {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b switchboard.ReportFact) int {
		return cmp.Or(cmp.Compare(a.ConversationID, b.ConversationID), a.At.Compare(b.At), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

func liveEvents() []*switchboard.Event {
	var all []*switchboard.Event
	for _, s := range scenarios() {
		all = append(all, s.live...)
	}
	return append(all, presenceEvents()...)
}

func TestFoldScenario(t *testing.T) {
	t.Parallel()
	f := NewFolder()
	st := &switchboard.ReportStates{}
	got, err := f.Fold(liveEvents(), st, scenarioHours(t))
	if err != nil {
		t.Fatal(err)
	}
	want := append(scenarioFacts(), presenceFacts()...)
	if d := gocmp.Diff(sortFacts(want), sortFacts(got)); d != "" {
		t.Errorf("facts (-want +got):\n%s", d)
	}
	if f.Skipped() != 0 {
		t.Errorf("skipped %d payloads", f.Skipped())
	}
	s := st.Conversations[100]
	wantState := &switchboard.ReportConvState{ConversationID: 100, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp,
		Status: switchboard.StatusResolved, AgentID: id(agentB), TeamID: id(team5), Labels: []string{"billing", "vip"},
		OpenedAt: local("2026-05-05 10:00"), FirstCustomer: ptr(local("2026-04-30 16:30")), FirstResponded: true,
		Handlers: []int64{agentB}, SurveyAt: ptr(local("2026-05-04 11:31")), Rated: true, Breached: []switchboard.SLATarget{}}
	if d := gocmp.Diff(wantState, s); d != "" {
		t.Errorf("state of 100 (-want +got):\n%s", d)
	}
	if a := st.Agents[agentA]; a == nil || a.Presence != switchboard.PresenceOffline || !a.Since.Equal(local("2026-05-05 02:00")) {
		t.Errorf("agent state = %+v, want offline since 02:00", a)
	}
}

func ptr[T any](v T) *T { return &v }

// TestFoldInBatches folds the same events one at a time, the states carried through JSON as the
// store keeps them: the facts are the same.
func TestFoldInBatches(t *testing.T) {
	t.Parallel()
	f := NewFolder()
	st := &switchboard.ReportStates{}
	var got []switchboard.ReportFact
	for _, e := range liveEvents() {
		fs, err := f.Fold([]*switchboard.Event{e}, st, scenarioHours(t))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fs...)
		b, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		st = &switchboard.ReportStates{}
		if err := json.Unmarshal(b, st); err != nil {
			t.Fatal(err)
		}
	}
	want := append(scenarioFacts(), presenceFacts()...)
	if d := gocmp.Diff(sortFacts(want), sortFacts(got)); d != "" {
		t.Errorf("facts (-want +got):\n%s", d)
	}
}

func TestFoldOddEvents(t *testing.T) {
	t.Parallel()
	at := local("2026-05-05 10:00")
	bad := &switchboard.Event{Type: switchboard.EventMessageCreated, ConversationID: id(7), InboxID: id(3), Data: json.RawMessage("{"), CreatedAt: at}
	for _, tc := range []struct {
		name    string
		events  []*switchboard.Event
		want    []switchboard.ReportFact
		skipped int64
	}{
		{
			name:    "a bad payload is skipped, the rest folded",
			events:  []*switchboard.Event{bad, nil, ev(switchboard.EventConversationStatus, 7, 3, at, map[string]any{"id": 7, "status": "resolved", "previous_status": "open"})},
			want:    []switchboard.ReportFact{{Kind: switchboard.FactResolved, At: at, ConversationID: 7, InboxID: 3}},
			skipped: 1,
		},
		{
			name: "unknown and irrelevant types are ignored",
			events: []*switchboard.Event{
				{Type: "something.new", Data: json.RawMessage(`[1,2]`), CreatedAt: at},
				ev(switchboard.EventErased, 0, 0, at, map[string]any{"id": 1}),
				ev(switchboard.EventConversationUpdated, 7, 3, at, map[string]any{"id": 7, "priority": "high"}),
				ev(switchboard.EventMessageUpdated, 7, 3, at, map[string]any{"id": 1, "status": "failed"}),
			},
		},
		{
			name: "a conversation without a state is built from the event, without an opening",
			events: []*switchboard.Event{
				ev(switchboard.EventConversationAssigned, 8, 3, at, map[string]any{"id": 8, "assignee_id": 10}),
				ev(switchboard.EventMessageCreated, 8, 3, at, out(1, 8, 3, 10, at.Add(time.Minute))),
				ev(switchboard.EventConversationStatus, 8, 3, at.Add(time.Hour), map[string]any{"id": 8, "status": "resolved"}),
			},
			want: []switchboard.ReportFact{
				{Kind: switchboard.FactTransferOut, At: at, ConversationID: 8, InboxID: 3, N: 1},
				{Kind: switchboard.FactTransferIn, At: at, ConversationID: 8, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactAssigned, At: at, ConversationID: 8, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactMessageOut, At: at.Add(time.Minute), ConversationID: 8, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactHandled, At: at.Add(time.Minute), ConversationID: 8, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactResolved, At: at.Add(time.Hour), ConversationID: 8, InboxID: 3, AgentID: id(10)},
			},
		},
		{
			// Each change moves the open conversation (transfer out of the old hands, in to the
			// new); the same assignment again moves nothing.
			name: "a team given without a new agent is the team's assignment; clearing gives no assignment",
			events: []*switchboard.Event{
				ev(switchboard.EventConversationAssigned, 9, 3, at, map[string]any{"id": 9, "assignee_id": 10, "team_id": nil}),
				ev(switchboard.EventConversationAssigned, 9, 3, at, map[string]any{"id": 9, "assignee_id": 10, "team_id": 5}),
				ev(switchboard.EventConversationAssigned, 9, 3, at, map[string]any{"id": 9, "assignee_id": 10, "team_id": 5}),
				ev(switchboard.EventConversationAssigned, 9, 3, at, map[string]any{"id": 9, "assignee_id": nil, "team_id": 5}),
			},
			want: []switchboard.ReportFact{
				{Kind: switchboard.FactTransferOut, At: at, ConversationID: 9, InboxID: 3, N: 1},
				{Kind: switchboard.FactTransferIn, At: at, ConversationID: 9, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactAssigned, At: at, ConversationID: 9, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactTransferOut, At: at, ConversationID: 9, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactTransferIn, At: at, ConversationID: 9, InboxID: 3, AgentID: id(10), TeamID: id(5), N: 1},
				{Kind: switchboard.FactAssigned, At: at, ConversationID: 9, InboxID: 3, TeamID: id(5), N: 1},
				{Kind: switchboard.FactTransferOut, At: at, ConversationID: 9, InboxID: 3, AgentID: id(10), TeamID: id(5), N: 1},
				{Kind: switchboard.FactTransferIn, At: at, ConversationID: 9, InboxID: 3, TeamID: id(5), N: 1},
			},
		},
		{
			name: "a resolved conversation changing hands moves nothing: its reopening counts where it is",
			events: []*switchboard.Event{
				ev(switchboard.EventConversationStatus, 10, 3, at, map[string]any{"id": 10, "status": "resolved", "previous_status": "open"}),
				ev(switchboard.EventConversationAssigned, 10, 3, at, map[string]any{"id": 10, "assignee_id": 10}),
				ev(switchboard.EventConversationStatus, 10, 3, at, map[string]any{"id": 10, "status": "open", "previous_status": "resolved"}),
			},
			want: []switchboard.ReportFact{
				{Kind: switchboard.FactResolved, At: at, ConversationID: 10, InboxID: 3},
				{Kind: switchboard.FactAssigned, At: at, ConversationID: 10, InboxID: 3, AgentID: id(10), N: 1},
				{Kind: switchboard.FactReopened, At: at, ConversationID: 10, InboxID: 3, AgentID: id(10), N: 1},
			},
		},
		{
			name: "an SLA met late without a breach seen is a breach at its due time; in time, met",
			events: []*switchboard.Event{
				ev(switchboard.EventSLAMet, 6, 3, at, map[string]any{"conversation_id": 6, "target": "first_response", "due_at": at.Add(-time.Minute), "met_at": at}),
				ev(switchboard.EventSLAMet, 6, 3, at, map[string]any{"conversation_id": 6, "target": "next_response", "due_at": at, "met_at": at}),
			},
			want: []switchboard.ReportFact{
				{Kind: switchboard.FactSLABreached, At: at.Add(-time.Minute), ConversationID: 6, InboxID: 3, N: 1},
				{Kind: switchboard.FactSLAMet, At: at, ConversationID: 6, InboxID: 3, N: 1},
			},
		},
		{
			name: "presence: the first event opens an interval only; the same presence again changes nothing",
			events: []*switchboard.Event{
				ev(switchboard.EventAgentPresence, 0, 0, at, map[string]any{"id": 4, "presence": "away"}),
				ev(switchboard.EventAgentPresence, 0, 0, at.Add(time.Minute), map[string]any{"id": 4, "presence": "away"}),
				ev(switchboard.EventAgentPresence, 0, 0, at.Add(time.Hour), map[string]any{"id": 4, "presence": "online"}),
			},
			want: []switchboard.ReportFact{{Kind: switchboard.FactAway, At: at, AgentID: id(4), N: 1, Cal: id(hr)}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := NewFolder()
			got, err := f.Fold(tc.events, &switchboard.ReportStates{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(tc.want, got); d != "" {
				t.Errorf("facts (-want +got):\n%s", d)
			}
			if f.Skipped() != tc.skipped {
				t.Errorf("skipped %d, want %d", f.Skipped(), tc.skipped)
			}
		})
	}
}

// BenchmarkInboundMessage is the package's part of recording one customer message: folding its
// event into an existing conversation's state and rolling the fact up into one zone.
func BenchmarkInboundMessage(b *testing.B) {
	f := NewFolder()
	st := &switchboard.ReportStates{Conversations: map[int64]*switchboard.ReportConvState{
		1: {ConversationID: 1, InboxID: romeInbox, Channel: switchboard.ChannelWhatsApp, Status: switchboard.StatusOpen,
			AgentID: id(agentA), TeamID: id(team5), Labels: []string{"vip"}, OpenedAt: local("2026-05-04 09:00")},
	}}
	m := in(1, 1, romeInbox, local("2026-05-04 10:00"))
	m.Text = "Hello, I would like to know where my order is; it was due yesterday."
	e := ev(switchboard.EventMessageCreated, 1, romeInbox, m.CreatedAt, m)
	hours := scenarioHours(b)
	labels := func(int64) []string { return []string{"vip"} }
	b.ReportAllocs()
	for b.Loop() {
		facts, err := f.Fold([]*switchboard.Event{e}, st, hours)
		if err != nil || len(facts) != 1 {
			b.Fatal(facts, err)
		}
		if _, err := f.Rollup("Europe/Rome", facts, 1, labels, nil); err != nil {
			b.Fatal(err)
		}
	}
}
