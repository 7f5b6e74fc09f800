package switchboard

// SLA policies: how soon a team promises to answer and resolve, and the timers that hold a
// conversation to it. A policy is applied to a conversation by hand (admins, supervisors) or by a
// rule's apply_sla action. Its targets:
//
//   - first_response: from the conversation's first customer message (or, applied later, from
//     the oldest customer message still unanswered) to the first public agent reply. A note is
//     no reply; nor are automatic replies and bots.
//   - next_response: after an agent replied, the next customer message starts a new one, met
//     by the next agent reply; the newest one replaces the one before.
//   - resolution: from when the policy was applied to the conversation's first resolution.
//     Reopening does not start it again: it measures the first resolution only.
//
// Pending and snoozed time counts like any other (the customer is waiting all the same).
// Resolving meets every target still running: nobody owes a reply in a resolved conversation.
// With BusinessHours a target counts only the inbox's opening hours (an inbox without hours is
// always open). Package automation computes due and warning times (SLAPlanner); the store
// persists them and fires the timers as durable jobs.

import (
	"context"
	"strings"
	"time"
)

// SLATarget names one of a policy's targets.
type SLATarget string

// The targets, in the order a conversation shows them.
const (
	SLAFirstResponse SLATarget = "first_response"
	SLANextResponse  SLATarget = "next_response"
	SLAResolution    SLATarget = "resolution"
)

// SLATargets lists every target, in display order.
var SLATargets = []SLATarget{SLAFirstResponse, SLANextResponse, SLAResolution}

// SLAPolicy is a named set of targets, in minutes; 0 means no target.
type SLAPolicy struct {
	ID                   int64  `json:"id"`
	Name                 string `json:"name"`
	FirstResponseMinutes int    `json:"first_response_minutes"`
	NextResponseMinutes  int    `json:"next_response_minutes"`
	ResolutionMinutes    int    `json:"resolution_minutes"`
	// BusinessHours counts only the inbox's opening hours; false counts calendar time.
	BusinessHours bool `json:"business_hours"`
	// WarnMinutes is how long before a breach the warning comes (0: no warning); a warning
	// longer than a target comes when the target starts.
	WarnMinutes int       `json:"warn_minutes"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Limits of a policy.
const (
	MaxSLAPolicyName = 100
	MaxSLAMinutes    = 60 * 24 * 365 // a year
)

// Minutes returns the policy's target for t in minutes (0: none).
func (p *SLAPolicy) Minutes(t SLATarget) int {
	switch t {
	case SLAFirstResponse:
		return p.FirstResponseMinutes
	case SLANextResponse:
		return p.NextResponseMinutes
	case SLAResolution:
		return p.ResolutionMinutes
	}
	return 0
}

// Validate trims the name and checks the policy: a name, targets and warning between 0 and a
// year, and at least one target.
func (p *SLAPolicy) Validate() error {
	var v Validator
	p.Name = strings.TrimSpace(p.Name)
	v.Required(p.Name != "", "name", "Name the policy.")
	v.MaxLength(p.Name, MaxSLAPolicyName, "name")
	for f, m := range map[string]int{"first_response_minutes": p.FirstResponseMinutes, "next_response_minutes": p.NextResponseMinutes,
		"resolution_minutes": p.ResolutionMinutes, "warn_minutes": p.WarnMinutes} {
		v.Check(m >= 0 && m <= MaxSLAMinutes, f, "Enter 0 (none) to 525600 minutes (a year).")
	}
	v.Check(p.FirstResponseMinutes > 0 || p.NextResponseMinutes > 0 || p.ResolutionMinutes > 0, "first_response_minutes",
		"Set at least one target.")
	return v.Err()
}

// SLATargetState is where one target of a conversation stands. A target is breached once its
// due time passed unmet; it may be met later all the same (MetAt after DueAt).
type SLATargetState struct {
	Target    SLATarget  `json:"target"`
	StartedAt time.Time  `json:"started_at"`
	DueAt     time.Time  `json:"due_at"`
	WarningAt *time.Time `json:"warning_at"` // nil: the policy warns not
	MetAt     *time.Time `json:"met_at"`
	Breached  bool       `json:"breached"`
}

// ConversationSLA is the policy a conversation runs under and its targets so far (those that
// started; a next response appears once the customer writes after a reply).
type ConversationSLA struct {
	PolicyID   int64            `json:"policy_id"`
	PolicyName string           `json:"policy_name"`
	Targets    []SLATargetState `json:"targets"`
}

// SLAPlanner computes a target's times: package automation implements it, the store calls it in
// the transaction that starts the target. hours is the inbox's schedule (nil: always open).
type SLAPlanner interface {
	// Plan returns when the target started at start is due under p, and when it warns (the
	// zero time: no warning).
	Plan(p *SLAPolicy, t SLATarget, start time.Time, hours *HoursSchedule) (due, warning time.Time)
}

// SLAStage is which of a target's timers fires.
type SLAStage string

// The stages: the warning before the due time, and the breach at it.
const (
	SLAStageWarning SLAStage = "warning"
	SLAStageBreach  SLAStage = "breach"
)

// JobSLATimer fires one timer of one target (SLATimerArgs).
const JobSLATimer = "sla_timer"

// SLATimerArgs are the arguments of a JobSLATimer job. DueAt is the target's due time when the
// timer was set: a target started again since (a new next response) has another, and the old
// timer does nothing.
type SLATimerArgs struct {
	ConversationID int64     `json:"conversation_id"`
	Target         SLATarget `json:"target"`
	Stage          SLAStage  `json:"stage"`
	DueAt          time.Time `json:"due_at"`
}

// SLABreach is one recorded breach, as reports read them.
type SLABreach struct {
	ID             int64     `json:"id"`
	ConversationID int64     `json:"conversation_id"`
	InboxID        int64     `json:"inbox_id"`
	PolicyID       int64     `json:"policy_id"`
	PolicyName     string    `json:"policy_name"`
	Target         SLATarget `json:"target"`
	DueAt          time.Time `json:"due_at"`
	BreachedAt     time.Time `json:"breached_at"`
}

// SLAService keeps the policies and applies them.
type SLAService interface {
	// SLAPolicies lists the policies by name (every agent: they read the names).
	SLAPolicies(ctx context.Context) ([]*SLAPolicy, error)
	// SLAPolicy returns one policy (admins).
	SLAPolicy(ctx context.Context, id int64) (*SLAPolicy, error)
	// CreateSLAPolicy adds a policy (admins); a name in use is ECONFLICT.
	CreateSLAPolicy(ctx context.Context, p *SLAPolicy) (*SLAPolicy, error)
	// UpdateSLAPolicy replaces a policy's name and targets (admins). Conversations under it
	// keep the times already set; targets started from now on use the new ones.
	UpdateSLAPolicy(ctx context.Context, id int64, p *SLAPolicy) (*SLAPolicy, error)
	// DeleteSLAPolicy removes a policy (admins) and its timers from every conversation; the
	// breaches recorded stay.
	DeleteSLAPolicy(ctx context.Context, id int64) error
	// ApplySLA puts a conversation under a policy, replacing any it had and starting its
	// targets anew, or removes it (policyID nil): admins and supervisors, and the system (a
	// rule's action).
	ApplySLA(ctx context.Context, conversationID int64, policyID *int64) (*Conversation, error)
	// FireSLATimer marks a target warned or breached when its timer comes and the target is
	// still unmet with the same due time, with a milestone and an event, once across nodes
	// (system only). An early timer answers *NotDueError.
	FireSLATimer(ctx context.Context, a SLATimerArgs) error
	// SLABreaches lists the breaches recorded since a time, oldest first (admins, supervisors).
	SLABreaches(ctx context.Context, since time.Time, limit int) ([]*SLABreach, error)
}
