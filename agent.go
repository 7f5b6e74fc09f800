package switchboard

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Role is what an agent may do. Admins manage settings and see everything; supervisors see every
// inbox but manage nothing; agents see only the inboxes they belong to, directly or by team.
type Role string

// The roles.
const (
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleAgent      Role = "agent"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleSupervisor || r == RoleAgent
}

// Languages the UI is translated into; an agent picks one.
var Languages = []string{"en", "it", "es", "fr", "pt"}

// Agent is a person who answers conversations.
type Agent struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	Role      Role   `json:"role"`
	TimeZone  string `json:"time_zone"` // IANA name; snooze presets are computed in it
	Language  string `json:"language"`
	AvatarURL string `json:"avatar_url"`
	// Presence is what colleagues see; PresenceChoice is what the agent set by hand ("" when it
	// follows their connections).
	Presence       Presence `json:"presence"`
	PresenceChoice Presence `json:"presence_choice"`
	// Signature is added below the agent's mail replies.
	Signature string    `json:"signature"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Presence says whether an agent can take conversations now.
type Presence string

// The presences. An agent is online while a Switchboard window is open, away a little while after
// the last one closes, and away or offline at any time by choice.
const (
	PresenceOnline  Presence = "online"
	PresenceAway    Presence = "away"
	PresenceOffline Presence = "offline"
)

// PresenceService tracks who is online, across every node.
type PresenceService interface {
	// SetPresenceChoice sets the acting agent's presence by hand: away or offline hold until
	// changed; "" (or online) follows their connections again.
	SetPresenceChoice(ctx context.Context, choice Presence) (*Agent, error)
	// ReportSessions records how many live connections an agent has on a node (system only).
	ReportSessions(ctx context.Context, node string, agentID int64, count int) error
	// Heartbeat marks a node alive and moves agents without a live connection for longer than
	// grace from online to away (system only). Every node calls it periodically; the counts of a
	// node that stopped beating are ignored, so a crashed node's agents go away too.
	Heartbeat(ctx context.Context, node string, grace time.Duration) error
}

// Location returns the agent's time zone, falling back to UTC for an unknown name.
func (a *Agent) Location() *time.Location {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil && a.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// AgentCreate is the input to create an agent.
type AgentCreate struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Role     Role   `json:"role"`
	TimeZone string `json:"time_zone"`
	Language string `json:"language"`
	Password string `json:"password"`
}

// Normalize fills defaults and canonicalises the email.
func (c *AgentCreate) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Role == "" {
		c.Role = RoleAgent
	}
	if c.TimeZone == "" {
		c.TimeZone = "UTC"
	}
	if c.Language == "" {
		c.Language = "en"
	}
}

// Validate checks every field and reports all problems at once.
func (c *AgentCreate) Validate() error {
	var v Validator
	v.Length(c.Name, 200, "name", "Enter a name of at most 200 characters.")
	v.CheckCode(validEmail(c.Email), "email", FieldCode{Code: FieldEmail}, "Enter a valid email address.")
	v.Check(c.Role.Valid(), "role", "Role must be admin, supervisor or agent.")
	v.Check(validTimeZone(c.TimeZone), "time_zone", "Unknown time zone.")
	v.Check(validLanguage(c.Language), "language", "Language must be one of en, it, es, fr, pt.")
	checkPassword(&v, c.Password, c.Email, c.Name)
	return v.Err()
}

// AgentUpdate changes some fields of an agent; nil fields are left alone.
type AgentUpdate struct {
	Name      *string `json:"name"`
	Email     *string `json:"email"`
	Role      *Role   `json:"role"`
	TimeZone  *string `json:"time_zone"`
	Language  *string `json:"language"`
	AvatarURL *string `json:"avatar_url"`
	Signature *string `json:"signature"`
}

// Validate checks the fields that are set.
func (u *AgentUpdate) Validate() error {
	var v Validator
	if u.Signature != nil {
		*u.Signature = strings.TrimRight(*u.Signature, " \n\r\t")
		v.MaxLength(*u.Signature, 2000, "signature")
	}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		v.Length(*u.Name, 200, "name", "Enter a name of at most 200 characters.")
	}
	if u.Email != nil {
		*u.Email = strings.ToLower(strings.TrimSpace(*u.Email))
		v.CheckCode(validEmail(*u.Email), "email", FieldCode{Code: FieldEmail}, "Enter a valid email address.")
	}
	if u.Role != nil {
		v.Check(u.Role.Valid(), "role", "Role must be admin, supervisor or agent.")
	}
	if u.TimeZone != nil {
		v.Check(validTimeZone(*u.TimeZone), "time_zone", "Unknown time zone.")
	}
	if u.Language != nil {
		v.Check(validLanguage(*u.Language), "language", "Language must be one of en, it, es, fr, pt.")
	}
	if u.AvatarURL != nil {
		v.MaxLength(*u.AvatarURL, 2000, "avatar_url")
	}
	return v.Err()
}

// AgentService manages agents and their passwords. Reading agents is open to every signed-in
// agent (to assign conversations); changing them is for admins, except that agents may update
// their own profile (not their role) and change their own password.
type AgentService interface {
	CreateAgent(ctx context.Context, c *AgentCreate) (*Agent, error)
	// CreateFirstAdmin creates an admin only while no agent exists; afterwards it answers
	// ECONFLICT. It needs no actor: it is the first-run path.
	CreateFirstAdmin(ctx context.Context, c *AgentCreate) (*Agent, error)
	// NeedsSetup reports whether no agent exists yet.
	NeedsSetup(ctx context.Context) (bool, error)
	FindAgentByID(ctx context.Context, id int64) (*Agent, error)
	FindAgentByEmail(ctx context.Context, email string) (*Agent, error)
	FindAgents(ctx context.Context) ([]*Agent, error)
	UpdateAgent(ctx context.Context, id int64, u *AgentUpdate) (*Agent, error)
	// DeleteAgent removes an agent from service: they can no longer sign in, their sessions and
	// tokens are revoked, their memberships removed and their open conversations unassigned. Their
	// messages keep their name.
	DeleteAgent(ctx context.Context, id int64) error
	// SetPassword resets another agent's password: admins (and the CLI, as the system) only, and
	// with no need of the old one. Every session and API token of that agent ends. Agents change
	// their own password with ChangePassword.
	SetPassword(ctx context.Context, id int64, password string) error
	// ChangePassword changes the acting agent's own password after checking their current one
	// (a wrong one is EINVALID on the field current_password). Every other session of theirs and
	// every API token ends; the session they act through (Actor.SessionID) stays signed in.
	ChangePassword(ctx context.Context, current, password string) error
}

func validEmail(s string) bool {
	if s == "" || len(s) > 320 {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

func validTimeZone(s string) bool {
	if s == "" || s == "Local" {
		return false
	}
	_, err := time.LoadLocation(s)
	return err == nil
}

func validLanguage(s string) bool {
	for _, l := range Languages {
		if l == s {
			return true
		}
	}
	return false
}
