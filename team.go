package switchboard

import (
	"context"
	"strings"
	"time"
)

// Team is a group of agents. A team can be a member of inboxes (its agents see them) and can be
// assigned conversations.
type Team struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	AgentIDs    []int64   `json:"agent_ids"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TeamInput creates or replaces a team's editable fields. AgentIDs, when non-nil, replaces the
// membership.
type TeamInput struct {
	Name        *string  `json:"name"`
	Description *string  `json:"description"`
	AgentIDs    *[]int64 `json:"agent_ids"`
}

// Validate checks the fields that are set; creating requires a name.
func (in *TeamInput) Validate(create bool) error {
	var v Validator
	if create {
		v.Required(in.Name != nil, "name", "Enter a name.")
	}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.Length(*in.Name, 100, "name", "Enter a name of at most 100 characters.")
	}
	if in.Description != nil {
		v.MaxLength(*in.Description, 1000, "description")
	}
	return v.Err()
}

// TeamService manages teams. Everyone may read them; admins change them.
type TeamService interface {
	CreateTeam(ctx context.Context, in *TeamInput) (*Team, error)
	FindTeamByID(ctx context.Context, id int64) (*Team, error)
	FindTeams(ctx context.Context) ([]*Team, error)
	UpdateTeam(ctx context.Context, id int64, in *TeamInput) (*Team, error)
	DeleteTeam(ctx context.Context, id int64) error
}
