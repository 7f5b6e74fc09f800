package switchboard

import (
	"context"
	"time"
)

// Reports: how well the team serves customers. Facts are recorded from the event log as changes
// happen (package reports folds events into facts; the store persists them), rolled up into one
// row per time zone, slice and local day, and the dashboard reads only those rows. See
// docs/reports.md for the definitions of every figure.

// ReportFactKind names one kind of fact.
type ReportFactKind string

// The fact kinds. A fact happened at At to a conversation (or, for presence, an agent); N counts
// (messages of a burst, a CSAT rating), Cal and Biz are the durations of the timed ones in
// calendar and in business seconds (the inbox's hours; an inbox without hours is always open).
const (
	FactOpened    ReportFactKind = "opened"     // a conversation began (its creation)
	FactReopened  ReportFactKind = "reopened"   // a resolved conversation opened again
	FactResolved  ReportFactKind = "resolved"   // Cal/Biz: since it (re)opened; N=1 when no agent had replied since
	FactMessageIn ReportFactKind = "message_in" // the customer wrote (N messages within the hour)
	// FactMessageOut: an agent's reply reached the thread (the agent is the sender, not the
	// assignee). Notes, activities, bots and automatic messages are not replies.
	FactMessageOut    ReportFactKind = "message_out"
	FactFirstResponse ReportFactKind = "first_response" // Cal/Biz: first customer message → first agent reply
	FactReply         ReportFactKind = "reply"          // Cal/Biz: a customer message waiting → the agent reply that answered it
	FactAssigned      ReportFactKind = "assigned"       // the conversation was assigned to AgentID (or TeamID)
	FactHandled       ReportFactKind = "handled"        // AgentID replied in the conversation for the first time since it (re)opened
	FactSLAMet        ReportFactKind = "sla_met"        // one SLA target met in time
	FactSLABreached   ReportFactKind = "sla_breached"   // one SLA target passed its due time unmet
	FactCSATSent      ReportFactKind = "csat_sent"      // a survey went out
	FactCSATRated     ReportFactKind = "csat_rated"     // N: the rating, 1–5
	FactOnline        ReportFactKind = "online"         // AgentID was online from At for Cal seconds
	FactAway          ReportFactKind = "away"           // AgentID was away from At for Cal seconds
	// FactTransferOut and FactTransferIn: a conversation not resolved changed agent or team;
	// out carries the old agent and team, in the new ones (N=1), so the backlog of an agent or
	// a team follows the conversation (in every other slice the two cancel).
	FactTransferOut ReportFactKind = "transfer_out"
	FactTransferIn  ReportFactKind = "transfer_in"
)

// ReportFact is one recorded fact. The dimensions are those of the moment it happened: the
// assignee and team when a conversation was resolved, the sender of a reply.
type ReportFact struct {
	ID             int64          `json:"id"`
	Kind           ReportFactKind `json:"kind"`
	At             time.Time      `json:"at"`
	ConversationID int64          `json:"conversation_id"` // 0 for presence
	InboxID        int64          `json:"inbox_id"`        // 0 for presence
	Channel        ChannelKind    `json:"channel"`
	AgentID        *int64         `json:"agent_id"`
	TeamID         *int64         `json:"team_id"`
	N              int64          `json:"n"`
	Cal            *int64         `json:"cal"` // seconds
	Biz            *int64         `json:"biz"` // seconds
}

// ReportConvState is what the fold remembers of a conversation between events.
type ReportConvState struct {
	ConversationID int64              `json:"conversation_id"`
	InboxID        int64              `json:"inbox_id"`
	Channel        ChannelKind        `json:"channel"`
	Status         ConversationStatus `json:"status"`
	AgentID        *int64             `json:"agent_id"`
	TeamID         *int64             `json:"team_id"`
	Labels         []string           `json:"labels"`
	OpenedAt       time.Time          `json:"opened_at"`      // created, or last reopened
	FirstCustomer  *time.Time         `json:"first_customer"` // the customer's first message (nil: agent-started, or none yet)
	FirstResponded bool               `json:"first_responded"`
	WaitingSince   *time.Time         `json:"waiting_since"` // oldest customer message not yet answered
	Handlers       []int64            `json:"handlers"`      // agents who replied since it (re)opened
	SurveyAt       *time.Time         `json:"survey_at"`     // a CSAT survey went out
	Rated          bool               `json:"rated"`
	// Breached lists the SLA targets breached already, so meeting one late is not counted as met.
	Breached []SLATarget `json:"breached"`
}

// ReportAgentState is an agent's presence as the fold last saw it.
type ReportAgentState struct {
	AgentID  int64     `json:"agent_id"`
	Presence Presence  `json:"presence"`
	Since    time.Time `json:"since"`
}

// ReportStates are the fold's memory for one batch: the store loads those of the batch's
// conversations and agents (a missing one is new), the fold updates them, the store saves them.
type ReportStates struct {
	Conversations map[int64]*ReportConvState
	Agents        map[int64]*ReportAgentState
}

// ReportHistory is a conversation as its tables tell it, for facts of history that has no
// events: conversations imported, or older than the reports. Messages are oldest first and
// include activities (assignment, status changes: their times are the history); CSAT and SLA
// come from the conversation's own columns.
type ReportHistory struct {
	Conversation *Conversation
	Messages     []*Message
	SurveyAt     *time.Time
	SLA          []SLATargetState
	// Later is set when the conversation changed after the history's horizon (it has messages,
	// activities included, newer than those given): its row's status and assignee are then
	// today's, not the horizon's, and the live events tell the rest, so the fold must not take
	// them as history.
	Later bool
}

// ReportSlice is a dimension the reports cut by.
type ReportSlice string

// The slices. A label slice counts a conversation's facts under each label it has now.
const (
	SliceAll     ReportSlice = "all"
	SliceInbox   ReportSlice = "inbox"
	SliceChannel ReportSlice = "channel"
	SliceAgent   ReportSlice = "agent"
	SliceTeam    ReportSlice = "team"
	SliceLabel   ReportSlice = "label"
)

// ReportSlices lists them, in the order the dashboard offers them.
var ReportSlices = []ReportSlice{SliceAll, SliceInbox, SliceChannel, SliceAgent, SliceTeam, SliceLabel}

// ReportDelta is a change to one rollup row: Data (package reports' encoding of a day's
// figures) is added to the row of (Zone, Slice, SliceID, Day). Day counts local days since
// 1970-01-01 in Zone.
type ReportDelta struct {
	Zone    string
	Slice   ReportSlice
	SliceID string
	Day     int
	Data    []byte
}

// ReportRow is one stored rollup row.
type ReportRow struct {
	Slice   ReportSlice
	SliceID string
	Day     int
	Data    []byte
}

// ReportFolder is package reports' side of recording: the store calls it inside the
// transaction that reads events (or imports history) and persists what it returns. It decides
// what the facts are; the store only keeps them.
type ReportFolder interface {
	// Fold turns events, oldest first, into facts, updating states. hours gives an inbox's
	// schedule (nil: always open).
	Fold(events []*Event, st *ReportStates, hours func(inboxID int64) *HoursSchedule) ([]ReportFact, error)
	// FoldHistory does the same for a conversation's history from its tables.
	FoldHistory(h *ReportHistory, st *ReportStates, hours func(inboxID int64) *HoursSchedule) ([]ReportFact, error)
	// Rollup returns the deltas facts make to zone's rows; sign -1 takes them away (an erased
	// conversation, a label removed). labels gives a conversation's labels; only (as a filter)
	// slices lists the slices to touch (nil: all).
	Rollup(zone string, facts []ReportFact, sign int, labels func(conversationID int64) []string, only []ReportSlice) ([]ReportDelta, error)
	// Merge adds two encoded rows (either may be nil); nil when the sum holds nothing (the store
	// then deletes the row).
	Merge(a, b []byte) ([]byte, error)
}

// ReportLiveAgent is one agent in the live view.
type ReportLiveAgent struct {
	AgentID  int64      `json:"agent_id"`
	Name     string     `json:"name"`
	Presence Presence   `json:"presence"`
	Since    *time.Time `json:"since"` // in this presence since, as recorded; nil when the reports have not seen it change
	Open     int        `json:"open"`  // open conversations assigned
}

// ReportWaiting is a conversation in the live view's "waiting longest".
type ReportWaiting struct {
	ConversationID int64     `json:"conversation_id"`
	InboxID        int64     `json:"inbox_id"`
	ContactName    string    `json:"contact_name"`
	AssigneeID     *int64    `json:"assignee_id"`
	WaitingSince   time.Time `json:"waiting_since"`
}

// ReportLive is the team right now.
type ReportLive struct {
	Open       int                `json:"open"`
	Unassigned int                `json:"unassigned"`
	Waiting    []*ReportWaiting   `json:"waiting"` // oldest first, at most 10
	Agents     []*ReportLiveAgent `json:"agents"`
	At         time.Time          `json:"at"`
}

// ReportStore is what package reports needs of the store to answer queries, and the follower's
// work. Reads are for admins and supervisors, or an agent asking about themselves (the service
// checks; the store checks the role too).
type ReportStore interface {
	// FollowReports does one step of recording (system only): the history backfill's next
	// chunk, or the next events after the stored cursor, or a zone's rebuild's next chunk. It
	// returns how much it did; 0 means caught up.
	FollowReports(ctx context.Context, limit int) (int, error)
	// ReportZone says whether a zone's rows are complete, and asks for them to be built when the
	// zone is new and an admin asks, or it is the asking agent's own (at most 24 zones; anyone
	// else is answered not ready, and reads UTC).
	ReportZone(ctx context.Context, zone string) (ready bool, err error)
	// ReportRows reads the rows of a zone and slice from day from to day to inclusive; ids nil
	// means every id of the slice.
	ReportRows(ctx context.Context, zone string, slice ReportSlice, ids []string, from, to int) ([]ReportRow, error)
	// ReportLive reads the live view (admins and supervisors; an agent gets themselves only).
	ReportLive(ctx context.Context) (*ReportLive, error)
	// ResetReports forgets every fact and rollup and records them again from the tables, as for
	// history older than the reports (admins; the command `switchboard reports rebuild`).
	ResetReports(ctx context.Context) error
}

// ReportQuery asks for the figures of a period: days From to To inclusive (YYYY-MM-DD) in Zone
// (empty: the asking agent's time zone), of one slice (Slice "" or SliceAll: the workspace; else
// the ID within it). Compare adds the previous period of the same length.
type ReportQuery struct {
	From    string      `json:"from"`
	To      string      `json:"to"`
	Zone    string      `json:"zone"`
	Slice   ReportSlice `json:"slice"`
	ID      string      `json:"id"`
	Compare bool        `json:"compare"`
}

// MaxReportDays bounds a query's period.
const MaxReportDays = 731

// ReportStat summarises durations: how many, their median and 90th percentile (nearest rank),
// in seconds. Durations are kept to two significant figures, so a percentile is at most 5 % off.
type ReportStat struct {
	Count  int64 `json:"count"`
	Median int64 `json:"median"`
	P90    int64 `json:"p90"`
}

// ReportDuration is one duration figure, in calendar time and in business hours.
type ReportDuration struct {
	Calendar ReportStat `json:"calendar"`
	Business ReportStat `json:"business"`
}

// ReportFigures are the figures of a period (or a day) for one slice.
type ReportFigures struct {
	Opened          int64 `json:"opened"`
	Reopened        int64 `json:"reopened"`
	Resolved        int64 `json:"resolved"`
	ResolvedNoReply int64 `json:"resolved_no_reply"`
	MessagesIn      int64 `json:"messages_in"`
	MessagesOut     int64 `json:"messages_out"`
	Assigned        int64 `json:"assigned"`
	Handled         int64 `json:"handled"`
	// Transferred is the net of conversations not resolved that changed hands to this agent or
	// team (in less out); 0 in the other slices, where every transfer's in and out cancel.
	// The backlog at a day's end is the sum up to it of opened + reopened + transferred −
	// resolved.
	Transferred int64 `json:"transferred"`
	// ResolutionRate is resolved ÷ (opened + reopened + max(0, transferred)) in the period: an
	// agent resolving conversations handed to them resolves what came to them, not more than
	// all of it; 0 when nothing came.
	ResolutionRate float64        `json:"resolution_rate"`
	FirstResponse  ReportDuration `json:"first_response"`
	Reply          ReportDuration `json:"reply"`
	Resolution     ReportDuration `json:"resolution"`
	SLAMet         int64          `json:"sla_met"`
	SLABreached    int64          `json:"sla_breached"`
	CSATSent       int64          `json:"csat_sent"`
	CSATRated      int64          `json:"csat_rated"`
	CSATScore      float64        `json:"csat_score"`         // mean rating, 1–5; 0 when none
	CSATResponse   float64        `json:"csat_response_rate"` // rated ÷ sent; 0 when none sent
	Online         int64          `json:"online_seconds"`     // agents' time online (presence), one still running counted up to now
	Away           int64          `json:"away_seconds"`
}

// ReportDay is one local day's figures, with the backlog (conversations not resolved) at its end.
type ReportDay struct {
	Day     string `json:"day"`
	Backlog int64  `json:"backlog"`
	ReportFigures
}

// ReportOverview answers a ReportQuery.
type ReportOverview struct {
	Zone string `json:"zone"`
	// Preparing names the zone asked for while its rows are still being built: the figures are
	// then in Zone (UTC) meanwhile.
	Preparing    string         `json:"preparing,omitempty"`
	From         string         `json:"from"`
	To           string         `json:"to"`
	Slice        ReportSlice    `json:"slice"`
	ID           string         `json:"id"`
	Figures      ReportFigures  `json:"figures"`
	PreviousFrom string         `json:"previous_from,omitempty"`
	PreviousTo   string         `json:"previous_to,omitempty"`
	Previous     *ReportFigures `json:"previous"` // with Compare
	Days         []ReportDay    `json:"days"`
	// Heat counts conversations opened and customer messages by local weekday (Monday first)
	// and hour.
	HeatOpened   [7][24]int64 `json:"heat_opened"`
	HeatMessages [7][24]int64 `json:"heat_messages"`
}

// ReportBreakdownRow is one id of a slice in a breakdown.
type ReportBreakdownRow struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Figures  ReportFigures  `json:"figures"`
	Previous *ReportFigures `json:"previous"`
}

// ReportBreakdown compares the ids of a slice (every agent, inbox, …) over a period.
type ReportBreakdown struct {
	Zone      string                `json:"zone"`
	Preparing string                `json:"preparing,omitempty"`
	From      string                `json:"from"`
	To        string                `json:"to"`
	By        ReportSlice           `json:"by"`
	Rows      []*ReportBreakdownRow `json:"rows"`
}

// ReportActivityRow is one agent's day.
type ReportActivityRow struct {
	AgentID  int64  `json:"agent_id"`
	Name     string `json:"name"`
	Day      string `json:"day"`
	Online   int64  `json:"online_seconds"`
	Away     int64  `json:"away_seconds"`
	Handled  int64  `json:"handled"`
	Replies  int64  `json:"replies"`
	Resolved int64  `json:"resolved"`
}

// ReportActivity is agent activity over a period, a row per agent and day with any.
type ReportActivity struct {
	Zone      string               `json:"zone"`
	Preparing string               `json:"preparing,omitempty"`
	From      string               `json:"from"`
	To        string               `json:"to"`
	Rows      []*ReportActivityRow `json:"rows"`
}

// ReportService answers the dashboard (package reports). Admins and supervisors see every
// slice; an agent sees only their own agent slice (any other is EFORBIDDEN).
type ReportService interface {
	Overview(ctx context.Context, q *ReportQuery) (*ReportOverview, error)
	Breakdown(ctx context.Context, q *ReportQuery, by ReportSlice) (*ReportBreakdown, error)
	Activity(ctx context.Context, q *ReportQuery) (*ReportActivity, error)
	Live(ctx context.Context) (*ReportLive, error)
}

// EventSLAMet: a target of a conversation's SLA was met (data: conversation_id, policy_id,
// target, due_at, met_at); EventCSATSent: a CSAT survey went out (data: conversation_id, form).
// Reports read them.
const (
	EventSLAMet   EventType = "conversation.sla_met"
	EventCSATSent EventType = "conversation.csat_sent"
)
