package switchboard

import "context"

// An Actor is whoever performs an operation: a signed-in agent, or the system itself (a CLI
// command, a background job, an inbound webhook). Services read it from the context and apply
// the visibility and permission rules to it, so every transport gets the same rules.
type Actor struct {
	Agent  *Agent // nil for the system
	System bool
	// InboxID is set for a channel integration acting for one inbox with that inbox's token: it
	// may record that inbox's customer messages and delivery reports, and nothing else.
	InboxID int64
	// SessionID is the browser session an agent acts through, 0 for an API token and others: the
	// session that survives when the agent changes their password.
	SessionID int64
	// Automation, with System, names the automatic actor at work (a rule, the inbox's
	// assignment, an SLA policy, the bot): its milestones say "by" it, and the rules engine
	// reads its Chain to stop loops.
	Automation *AutomationActor
}

// AutomationActor names what acted automatically.
type AutomationActor struct {
	Kind string `json:"kind"` // rule, assignment, auto_reply, sla, bot, csat
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name"`
	// Chain lists the rules whose actions led here, first to last (this one included when Kind
	// is rule): a rule never fires again in its own chain, and a chain has at most
	// MaxRuleChain links. Never sent to clients.
	Chain []int64 `json:"-"`
}

// The kinds of automatic actors.
const (
	AutomationRule       = "rule"
	AutomationAssignment = "assignment"
	AutomationAutoReply  = "auto_reply"
	AutomationSLA        = "sla"
	AutomationBot        = "bot"
	AutomationCSAT       = "csat"
)

// NewAutomationContext returns a context whose operations act as the system on behalf of an
// automation: a background job doing what a rule, the assignment or an SLA policy decided.
func NewAutomationContext(ctx context.Context, a *AutomationActor) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{System: true, Automation: a})
}

type actorKey struct{}

// NewContextWithAgent returns a context whose operations act as agent a.
func NewContextWithAgent(ctx context.Context, a *Agent) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{Agent: a})
}

// NewContextWithSession returns a context whose operations act as agent a, signed in with the
// browser session sessionID.
func NewContextWithSession(ctx context.Context, a *Agent, sessionID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{Agent: a, SessionID: sessionID})
}

// NewSystemContext returns a context whose operations act as the system, which may see and do
// everything. Only trusted code paths (CLI, jobs, verified webhooks) use it.
func NewSystemContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{System: true})
}

// NewContextWithInbox returns a context whose operations act for one inbox's integration.
func NewContextWithInbox(ctx context.Context, inboxID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{InboxID: inboxID})
}

// ActorFromContext returns the actor of ctx and whether there is one. A context with no actor
// may do nothing: services answer EUNAUTHORIZED.
func ActorFromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && (a.System || a.Agent != nil || a.InboxID != 0)
}

// ActsForInbox reports whether the actor may act as an inbox's channel: the system, admins, and
// the inbox's own integration.
func (a Actor) ActsForInbox(inboxID int64) bool {
	return a.IsAdmin() || (a.InboxID != 0 && a.InboxID == inboxID)
}

// AgentFromContext returns the agent acting in ctx, or nil for the system or no actor.
func AgentFromContext(ctx context.Context) *Agent {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a.Agent
}

// ActorID returns the acting agent's id, or nil for the system: the form events and audit rows
// record.
func (a Actor) ActorID() *int64 {
	if a.Agent == nil {
		return nil
	}
	id := a.Agent.ID
	return &id
}

// SeesAll reports whether the actor sees every inbox: the system, admins and supervisors.
func (a Actor) SeesAll() bool {
	return a.System || (a.Agent != nil && (a.Agent.Role == RoleAdmin || a.Agent.Role == RoleSupervisor))
}

// IsAdmin reports whether the actor may manage settings: the system and admins.
func (a Actor) IsAdmin() bool {
	return a.System || (a.Agent != nil && a.Agent.Role == RoleAdmin)
}
