package switchboard

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// CannedResponse is a saved reply an agent inserts by typing "/" and its shortcut. Its content may
// hold variables such as {{contact.name}} that are filled from the conversation.
type CannedResponse struct {
	ID        int64     `json:"id"`
	Shortcut  string    `json:"shortcut"`
	Title     string    `json:"title"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CannedInput creates or changes a canned response; nil fields are left alone on update.
type CannedInput struct {
	Shortcut *string `json:"shortcut"`
	Title    *string `json:"title"`
	Content  *string `json:"content"`
}

var shortcutRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,49}$`)

// Validate checks the fields that are set; creating requires a shortcut and content.
func (in *CannedInput) Validate(create bool) error {
	var v Validator
	if create {
		v.Required(in.Shortcut != nil, "shortcut", "Enter a shortcut.")
		v.Required(in.Content != nil, "content", "Enter the content.")
	}
	if in.Shortcut != nil {
		*in.Shortcut = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(*in.Shortcut, "/")))
		v.Check(shortcutRE.MatchString(*in.Shortcut), "shortcut", "Use 1 to 50 lower-case letters, digits, - or _.")
	}
	if in.Title != nil {
		v.MaxLength(*in.Title, 200, "title")
	}
	if in.Content != nil {
		v.CheckCode(strings.TrimSpace(*in.Content) != "" && len(*in.Content) <= 10000, "content", FieldCode{Code: FieldLength, Min: 1, Max: 10000}, "Enter 1 to 10000 characters.")
	}
	return v.Err()
}

// CannedVariables lists the variables a canned response may use.
var CannedVariables = []string{"contact.name", "contact.first_name", "contact.email", "contact.phone",
	"agent.name", "agent.first_name", "agent.email", "conversation.id", "inbox.name"}

var cannedVarRE = regexp.MustCompile(`\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}`)

// Render fills the variables of content from vars. Unknown or empty variables become "", so a
// customer never sees a raw placeholder.
func (c *CannedResponse) Render(vars map[string]string) string {
	return cannedVarRE.ReplaceAllStringFunc(c.Content, func(m string) string {
		return vars[cannedVarRE.FindStringSubmatch(m)[1]]
	})
}

// CannedService manages canned responses. Every agent reads them; admins change them.
type CannedService interface {
	CreateCanned(ctx context.Context, in *CannedInput) (*CannedResponse, error)
	FindCannedByID(ctx context.Context, id int64) (*CannedResponse, error)
	// FindCanned lists canned responses whose shortcut or title starts with / contains q ("" = all).
	FindCanned(ctx context.Context, q string) ([]*CannedResponse, error)
	UpdateCanned(ctx context.Context, id int64, in *CannedInput) (*CannedResponse, error)
	DeleteCanned(ctx context.Context, id int64) error
	// RenderCanned fills a canned response's variables from a conversation the actor can see.
	RenderCanned(ctx context.Context, id, conversationID int64) (string, error)
}
