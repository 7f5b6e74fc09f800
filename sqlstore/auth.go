package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.AuthService = (*DB)(nil)

// Secrets carry a prefix that says what they are, so a leaked one is recognisable in logs and by
// secret scanners: sbs_ for browser sessions, sbp_ for personal API tokens.
const (
	sessionPrefix = "sbs_"
	tokenPrefix   = "sbp_"
)

// sessionSlideEvery is how often a session in use has its expiry pushed back.
const sessionSlideEvery = 24 * time.Hour

// tokenTouchInterval limits how often using a token writes its last-used time.
const tokenTouchInterval = 5 * time.Minute

func newSecret(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func errBadCredentials() error {
	return switchboard.Errorf(switchboard.EUNAUTHORIZED, "Wrong email or password.")
}

// Login checks the password and opens a session.
func (db *DB) Login(ctx context.Context, email, password, userAgent string) (string, *switchboard.Session, *Agent, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var hash string
	a, err := scanAgent(db.queryRow(ctx, "SELECT "+agentColumns+", password_hash FROM agents WHERE email = ? AND deleted_at IS NULL", email), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		// An unknown email costs what a wrong password does, so timing tells no one who has an account.
		if _, err := db.passwordMatches(ctx, db.dummyHash(), password); err != nil {
			return "", nil, nil, err
		}
		return "", nil, nil, errBadCredentials()
	} else if err != nil {
		return "", nil, nil, fmt.Errorf("login: %w", err)
	}
	if ok, err := db.passwordMatches(ctx, []byte(hash), password); err != nil {
		return "", nil, nil, err
	} else if !ok {
		return "", nil, nil, errBadCredentials()
	}
	userAgent = clipText(userAgent, 300) // a browser's header, as sent
	secret := newSecret(sessionPrefix)
	s := &switchboard.Session{AgentID: a.ID, UserAgent: userAgent}
	err = db.update(switchboard.NewContextWithAgent(ctx, a), func(tx *Tx) error {
		s.CreatedAt, s.ExpiresAt = tx.now, tx.now.Add(switchboard.SessionTTL)
		// Sign-in is a good moment to forget this agent's expired sessions.
		if _, err := tx.exec("DELETE FROM sessions WHERE agent_id = ? AND expires_at < ?", a.ID, micro(tx.now)); err != nil {
			return err
		}
		id, err := tx.insert("INSERT INTO sessions (agent_id, secret_hash, user_agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			a.ID, hashSecret(secret), userAgent, micro(s.CreatedAt), micro(s.ExpiresAt))
		s.ID = id
		return err
	})
	if err != nil {
		return "", nil, nil, fmt.Errorf("login: %w", err)
	}
	return secret, s, a, nil
}

// SessionAgent returns the agent of a live session.
func (db *DB) SessionAgent(ctx context.Context, secret string) (*Agent, *switchboard.Session, error) {
	if !strings.HasPrefix(secret, sessionPrefix) {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Your session has ended; sign in again.")
	}
	hash := hashSecret(secret)
	now := db.now()
	c, gen, ok := db.verifiedSecrets.get(hash)
	if ok && c.session.ExpiresAt.After(now) {
		a, s := c.agent, c.session
		return &a, &s, nil
	}
	s := &switchboard.Session{}
	var created, expires int64
	a, err := scanAgent(db.queryRow(ctx, sessionAgentSQL, hash, micro(now)), &s.ID, &s.UserAgent, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Your session has ended; sign in again.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	s.AgentID, s.CreatedAt, s.ExpiresAt = a.ID, fromMicro(created), fromMicro(expires)
	// Sessions slide: one in use is extended, at most once a day so reads stay reads.
	if s.ExpiresAt.Sub(now) < switchboard.SessionTTL-sessionSlideEvery {
		s.ExpiresAt = now.Add(switchboard.SessionTTL)
		if _, err := db.write.ExecContext(ctx, db.q("UPDATE sessions SET expires_at = ? WHERE id = ?"), micro(s.ExpiresAt), s.ID); err != nil {
			return nil, nil, fmt.Errorf("extend session: %w", err)
		}
	}
	db.verifiedSecrets.put(hash, &verifiedSecret{agent: *a, session: *s}, gen)
	return a, s, nil
}

// sessionAgentSQL finds a live session's agent by the session's hash and the time now.
var sessionAgentSQL = "SELECT a." + strings.ReplaceAll(agentColumns, ", ", ", a.") +
	", s.id, s.user_agent, s.created_at, s.expires_at FROM sessions s JOIN agents a ON a.id = s.agent_id" +
	" WHERE s.secret_hash = ? AND s.expires_at > ? AND a.deleted_at IS NULL"

// Logout ends a session. Ending an unknown session is not an error.
func (db *DB) Logout(ctx context.Context, secret string) error {
	_, err := db.write.ExecContext(ctx, db.q("DELETE FROM sessions WHERE secret_hash = ?"), hashSecret(secret))
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	db.configGen.Add(1) // the session may be remembered as verified
	return nil
}

// CreateAPIToken makes a personal API token for the acting agent.
func (db *DB) CreateAPIToken(ctx context.Context, name string) (string, *switchboard.APIToken, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return "", nil, err
	}
	if actor.Agent == nil {
		return "", nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents have API tokens.")
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Name the token.",
			Fields: map[string]string{"name": "Enter a name of at most 100 characters."}}
	}
	secret := newSecret(tokenPrefix)
	t := &switchboard.APIToken{AgentID: actor.Agent.ID, Name: name, Prefix: secret[:len(tokenPrefix)+6]}
	err = db.update(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		id, err := tx.insert("INSERT INTO api_tokens (agent_id, name, prefix, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
			t.AgentID, t.Name, t.Prefix, hashSecret(secret), micro(tx.now))
		t.ID = id
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("create api token: %w", err)
	}
	return secret, t, nil
}

// FindAPITokens lists the acting agent's tokens.
func (db *DB) FindAPITokens(ctx context.Context) ([]*switchboard.APIToken, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if actor.Agent == nil {
		return []*switchboard.APIToken{}, nil
	}
	rows, err := db.query(ctx, "SELECT id, agent_id, name, prefix, created_at, last_used_at FROM api_tokens WHERE agent_id = ? ORDER BY id", actor.Agent.ID)
	if err != nil {
		return nil, fmt.Errorf("find api tokens: %w", err)
	}
	defer rows.Close()
	tokens := []*switchboard.APIToken{}
	for rows.Next() {
		var t switchboard.APIToken
		var created int64
		var used sql.NullInt64
		if err := rows.Scan(&t.ID, &t.AgentID, &t.Name, &t.Prefix, &created, &used); err != nil {
			return nil, fmt.Errorf("find api tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt = fromMicro(created), fromNullMicro(used)
		tokens = append(tokens, &t)
	}
	return tokens, rows.Err()
}

// DeleteAPIToken revokes one of the acting agent's tokens.
func (db *DB) DeleteAPIToken(ctx context.Context, id int64) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if actor.Agent == nil {
		return notFound("Token")
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM api_tokens WHERE id = ? AND agent_id = ?", id, actor.Agent.ID)
		if err != nil {
			return fmt.Errorf("delete api token %d: %w", id, err)
		}
		tx.configChanged = true
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Token")
		}
		return nil
	})
}

// TokenAgent verifies an API token with one indexed lookup of its SHA-256 hash (then remembers
// it). The secret has 256 random bits, so a fast hash is as safe here as a slow one is for
// passwords.
func (db *DB) TokenAgent(ctx context.Context, secret string) (*Agent, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Invalid API token.")
	}
	hash := hashSecret(secret)
	now := db.now()
	c, gen, ok := db.verifiedSecrets.get(hash)
	if ok {
		a := c.agent
		return &a, nil
	}
	var tokenID int64
	var used sql.NullInt64
	a, err := scanAgent(db.queryRow(ctx, tokenAgentSQL, hash), &tokenID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Invalid API token.")
	} else if err != nil {
		return nil, fmt.Errorf("find api token: %w", err)
	}
	if !used.Valid || now.Sub(fromMicro(used.Int64)) > tokenTouchInterval {
		if _, err := db.write.ExecContext(ctx, db.q("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"), micro(now), tokenID); err != nil {
			return nil, fmt.Errorf("touch api token: %w", err)
		}
	}
	db.verifiedSecrets.put(hash, &verifiedSecret{agent: *a}, gen)
	return a, nil
}

// tokenAgentSQL finds a token's agent by the token's hash.
var tokenAgentSQL = "SELECT a." + strings.ReplaceAll(agentColumns, ", ", ", a.") +
	", t.id, t.last_used_at FROM api_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.secret_hash = ? AND a.deleted_at IS NULL"

// verifiedSecret is a verified API token or session (then with the session) and its agent, as
// remembered (see rememberFor): a revoked token, a sign-out, a new role or a deleted account
// drops it on this node at once.
type verifiedSecret struct {
	agent   Agent
	session switchboard.Session
}
