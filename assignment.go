package switchboard

import "context"

// AssignStrategy is how an inbox shares its new conversations out among its online agents.
type AssignStrategy string

// The strategies: off (agents take conversations themselves), round robin (each agent in turn),
// balanced (the agent with the fewest open conversations in the inbox).
const (
	AssignOff        AssignStrategy = ""
	AssignRoundRobin AssignStrategy = "round_robin"
	AssignBalanced   AssignStrategy = "balanced"
)

// AssignmentSettings are an inbox's automatic assignment settings.
type AssignmentSettings struct {
	InboxID  int64          `json:"inbox_id"`
	Strategy AssignStrategy `json:"strategy"`
	// Capacity is how many open conversations of the inbox an agent holds at most (0: no limit);
	// AgentCapacity overrides it per agent.
	Capacity      int           `json:"capacity"`
	AgentCapacity map[int64]int `json:"agent_capacity"`
	// OfflineReturnMinutes: an agent offline this long has their open conversations of the inbox
	// returned to the queue (0: never).
	OfflineReturnMinutes int `json:"offline_return_minutes"`
	// SelfAssignOnReply: an agent who replies in an unassigned conversation becomes its assignee.
	SelfAssignOnReply bool `json:"self_assign_on_reply"`
}

// AssignCandidate is an online agent who may receive a conversation: below capacity.
type AssignCandidate struct {
	AgentID int64
	Open    int // open conversations of the inbox assigned to them
}

// AssignPicker chooses among candidates (never empty) the agent to give the next conversation;
// last is the agent the inbox last gave one to (0: none). The automation package implements
// the strategies; the store calls it under the inbox's assignment lock.
type AssignPicker func(s AssignStrategy, candidates []AssignCandidate, last int64) int64

// AssignmentService keeps the automatic assignment settings and applies them.
type AssignmentService interface {
	// AssignmentSettings returns an inbox's settings (admins).
	AssignmentSettings(ctx context.Context, inboxID int64) (*AssignmentSettings, error)
	// SetAssignmentSettings replaces them (admins) and queues an assignment run.
	SetAssignmentSettings(ctx context.Context, s *AssignmentSettings) (*AssignmentSettings, error)
	// AutoAssign gives the inbox's waiting conversations, oldest first, to its online agents
	// below capacity, as pick chooses, under a lock per inbox (system). It returns how many it gave.
	AutoAssign(ctx context.Context, inboxID int64, pick AssignPicker) (int, error)
	// ReturnToQueue unassigns an agent's open conversations of an inbox, when they have not been
	// online for the inbox's offline_return_minutes (system); it returns how many.
	ReturnToQueue(ctx context.Context, inboxID, agentID int64) (int, error)
}

// JobAutoAssign runs an inbox's automatic assignment (AutoAssignArgs).
const JobAutoAssign = "auto_assign"

// JobReturnToQueue returns an agent's conversations of an inbox to its queue when they have been
// offline long enough (ReturnToQueueArgs).
const JobReturnToQueue = "return_to_queue"

// ReturnToQueueArgs are the arguments of a JobReturnToQueue job.
type ReturnToQueueArgs struct {
	InboxID int64 `json:"inbox_id"`
	AgentID int64 `json:"agent_id"`
}

// AutoAssignArgs are the arguments of a JobAutoAssign job.
type AutoAssignArgs struct {
	InboxID int64 `json:"inbox_id"`
}

// TeamAssignmentSettings are a team's automatic assignment settings: a conversation given to the
// team but to no agent (by a rule, a bot's hand-off, an agent) goes to one of the team's online
// members who can see its inbox, below their capacity, as the strategy chooses. The team's
// settings, once on, replace the inbox's for its conversations; conversations without a team, or
// of a team that does not assign, follow their inbox's settings.
type TeamAssignmentSettings struct {
	TeamID   int64          `json:"team_id"`
	Strategy AssignStrategy `json:"strategy"`
	// Capacity is how many unresolved conversations of the team an agent holds at most (0: no
	// limit); AgentCapacity overrides it per agent.
	Capacity      int           `json:"capacity"`
	AgentCapacity map[int64]int `json:"agent_capacity"`
}

// TeamAssignmentService keeps the teams' automatic assignment settings and applies them.
type TeamAssignmentService interface {
	// TeamAssignmentSettings returns a team's settings (admins).
	TeamAssignmentSettings(ctx context.Context, teamID int64) (*TeamAssignmentSettings, error)
	// SetTeamAssignmentSettings replaces them (admins) and queues an assignment run.
	SetTeamAssignmentSettings(ctx context.Context, s *TeamAssignmentSettings) (*TeamAssignmentSettings, error)
	// AutoAssignTeam gives the team's waiting conversations, oldest first, to its online members
	// who see each one's inbox, below capacity, as pick chooses, under a lock per team (system).
	AutoAssignTeam(ctx context.Context, teamID int64, pick AssignPicker) (int, error)
}

// JobAutoAssignTeam runs a team's automatic assignment (AutoAssignTeamArgs).
const JobAutoAssignTeam = "auto_assign_team"

// AutoAssignTeamArgs are the arguments of a JobAutoAssignTeam job.
type AutoAssignTeamArgs struct {
	TeamID int64 `json:"team_id"`
}
