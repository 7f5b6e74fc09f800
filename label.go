package switchboard

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Label tags conversations (and contacts). Names are unique, case-insensitively.
type Label struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Color       string    `json:"color"` // #rrggbb
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

// LabelInput creates or changes a label; nil fields are left alone on update.
type LabelInput struct {
	Name        *string `json:"name"`
	Color       *string `json:"color"`
	Description *string `json:"description"`
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// DefaultLabelColor is used when a label is created without a colour.
const DefaultLabelColor = "#6b7280"

// Validate checks the fields that are set; creating requires a name.
func (in *LabelInput) Validate(create bool) error {
	var v Validator
	if create {
		v.Required(in.Name != nil, "name", "Enter a name.")
	}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.Check(*in.Name != "" && len(*in.Name) <= 50 && !strings.ContainsAny(*in.Name, ",\n"), "name",
			"Enter a name of at most 50 characters, without commas.")
	}
	if in.Color != nil {
		v.Check(colorRE.MatchString(*in.Color), "color", "Use a colour like #1f883d.")
	}
	if in.Description != nil {
		v.MaxLength(*in.Description, 500, "description")
	}
	return v.Err()
}

// LabelService manages labels. Every agent may read and create labels (the inbox creates them
// inline); admins change and delete them.
type LabelService interface {
	CreateLabel(ctx context.Context, in *LabelInput) (*Label, error)
	FindLabelByID(ctx context.Context, id int64) (*Label, error)
	FindLabels(ctx context.Context) ([]*Label, error)
	UpdateLabel(ctx context.Context, id int64, in *LabelInput) (*Label, error)
	DeleteLabel(ctx context.Context, id int64) error
}
