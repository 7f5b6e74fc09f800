// Package automation holds what Switchboard does by itself. Here: the strategies of automatic
// assignment, and the jobs that apply them. They react to changes through durable jobs the store
// enqueues in the transaction of the change, so each action runs once across nodes and survives a
// crash; each leaves a milestone in the thread. (Business hours and the automatic replies that
// depend on them are domain values, in the root package: the store applies them in its
// transactions.)
package automation

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// Pick chooses the agent for the next conversation among candidates (never empty), ordered by
// agent id:
//   - round robin: the first agent after last in id order, wrapping round;
//   - balanced: the one with the fewest open conversations, ties to the one after last (so
//     equal agents still take turns).
func Pick(s switchboard.AssignStrategy, candidates []switchboard.AssignCandidate, last int64) int64 {
	// Start after last, wrapping: the turn order both strategies share.
	start := 0
	for i, c := range candidates {
		if c.AgentID > last {
			start = i
			break
		}
	}
	if s != switchboard.AssignBalanced {
		return candidates[start].AgentID
	}
	best := candidates[start]
	for k := 1; k < len(candidates); k++ {
		c := candidates[(start+k)%len(candidates)]
		if c.Open < best.Open {
			best = c
		}
	}
	return best.AgentID
}

// Assigner runs the automatic assignment of inboxes (the JobAutoAssign jobs) and of teams
// (JobAutoAssignTeam).
type Assigner struct {
	Store switchboard.AssignmentService
	Teams switchboard.TeamAssignmentService
}

// Handle runs one JobAutoAssign job.
func (a *Assigner) Handle(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.AutoAssignArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("auto-assign arguments: %w", err))
	}
	_, err := a.Store.AutoAssign(switchboard.NewSystemContext(ctx), args.InboxID, Pick)
	return err
}

// Return runs one JobReturnToQueue job: an agent offline long enough loses their open
// conversations of the inbox to its queue.
func (a *Assigner) Return(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.ReturnToQueueArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("return-to-queue arguments: %w", err))
	}
	_, err := a.Store.ReturnToQueue(switchboard.NewSystemContext(ctx), args.InboxID, args.AgentID)
	return err
}

// HandleTeam runs one JobAutoAssignTeam job: the team's waiting conversations go to its online
// members who see their inboxes.
func (a *Assigner) HandleTeam(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.AutoAssignTeamArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("team auto-assign arguments: %w", err))
	}
	_, err := a.Teams.AutoAssignTeam(switchboard.NewSystemContext(ctx), args.TeamID, Pick)
	return err
}
