package switchboard

import (
	"context"
	"time"
)

// Session is a signed-in browser. Its secret travels only in the cookie; the store keeps a hash.
type Session struct {
	ID        int64     `json:"id"`
	AgentID   int64     `json:"agent_id"`
	UserAgent string    `json:"user_agent"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// APIToken is a personal access token for scripts. The secret is shown once, at creation; the
// store keeps a SHA-256 hash so verifying a request is one indexed lookup, not a password hash.
type APIToken struct {
	ID         int64      `json:"id"`
	AgentID    int64      `json:"agent_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"` // the first characters of the secret, to tell tokens apart
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// SessionTTL is how long a browser session lasts without use.
const SessionTTL = 30 * 24 * time.Hour

// AuthService signs agents in and out and verifies their credentials.
type AuthService interface {
	// Login checks an email and password and opens a session, returning its secret. A wrong email
	// and a wrong password give the same EUNAUTHORIZED answer.
	Login(ctx context.Context, email, password, userAgent string) (secret string, s *Session, a *Agent, err error)
	// SessionAgent returns the agent and session behind a session secret, or EUNAUTHORIZED.
	SessionAgent(ctx context.Context, secret string) (*Agent, *Session, error)
	Logout(ctx context.Context, secret string) error

	// CreateAPIToken makes a token for the acting agent and returns its secret, shown only once.
	CreateAPIToken(ctx context.Context, name string) (secret string, t *APIToken, err error)
	FindAPITokens(ctx context.Context) ([]*APIToken, error)
	DeleteAPIToken(ctx context.Context, id int64) error
	// TokenAgent returns the agent behind an API token secret, or EUNAUTHORIZED.
	TokenAgent(ctx context.Context, secret string) (*Agent, error)
}
