package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/switchboardhq/switchboard"
)

// passwordWait is how long a password check or hash waits for a free hasher before it is
// refused as EUNAVAILABLE (see hashers).
const passwordWait = 5 * time.Second

// defaultHashers is how many bcrypt computations run at once by default: half the processors
// (at least one), so a flood of sign-ins keeps the other half for signed-in agents' requests.
func defaultHashers() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// errHashersBusy answers a password check that waited passwordWait for a hasher.
func errHashersBusy() error {
	return switchboard.Errorf(switchboard.EUNAVAILABLE, "Too many sign-ins at once; try again in a few seconds.")
}

// withHasher runs fn, a bcrypt computation, once one of the store's hashers is free. A bcrypt
// at cost 11 keeps a processor busy for about a tenth of a second, so without a bound a few
// dozen sign-in attempts at once would take every processor from the requests of the agents
// already signed in. It waits at most passwordWait, and no longer than ctx allows.
func (db *DB) withHasher(ctx context.Context, fn func()) error {
	select {
	case db.hashers <- struct{}{}:
	default:
		wait := time.NewTimer(db.passwordWait)
		defer wait.Stop()
		select {
		case db.hashers <- struct{}{}:
		case <-wait.C:
			return errHashersBusy()
		case <-ctx.Done():
			return fmt.Errorf("wait for a password hasher: %w", ctx.Err())
		}
	}
	defer func() { <-db.hashers }()
	fn()
	return nil
}

// hashPassword returns the bcrypt hash of password, which the caller has validated.
func (db *DB) hashPassword(ctx context.Context, password string) (string, error) {
	var hash []byte
	var err error
	if werr := db.withHasher(ctx, func() { hash, err = bcrypt.GenerateFromPassword([]byte(password), db.cost) }); werr != nil {
		return "", werr
	}
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(hash), nil
}

// passwordMatches reports whether password is the one hash was made from.
func (db *DB) passwordMatches(ctx context.Context, hash []byte, password string) (bool, error) {
	var err error
	if werr := db.withHasher(ctx, func() { err = bcrypt.CompareHashAndPassword(hash, []byte(password)) }); werr != nil {
		return false, werr
	}
	return err == nil, nil
}

// SetPassword resets another agent's password: admins, and the system (the CLI), which may also
// reset any admin's. Every session and API token of the agent ends with it.
func (db *DB) SetPassword(ctx context.Context, id int64, password string) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if actor.Agent != nil && actor.Agent.ID == id {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Change your own password in your profile, with your current password.")
	}
	if !actor.IsAdmin() {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can change other agents' passwords.")
	}
	a, err := scanAgent(db.queryRow(ctx, "SELECT "+agentColumns+" FROM agents WHERE id = ? AND deleted_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Agent")
	} else if err != nil {
		return fmt.Errorf("set password %d: %w", id, err)
	}
	if err := switchboard.ValidatePassword(password, a.Email, a.Name); err != nil {
		return err
	}
	return db.replacePassword(ctx, a.ID, password, 0)
}

// ChangePassword changes the acting agent's own password, given their current one.
func (db *DB) ChangePassword(ctx context.Context, current, password string) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if actor.Agent == nil {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents have a password.")
	}
	var hash string
	a, err := scanAgent(db.queryRow(ctx, "SELECT "+agentColumns+", password_hash FROM agents WHERE id = ? AND deleted_at IS NULL",
		actor.Agent.ID), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Agent")
	} else if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := switchboard.ValidatePassword(password, a.Email, a.Name); err != nil {
		return err
	}
	ok, err := db.passwordMatches(ctx, []byte(hash), current)
	if err != nil {
		return err
	} else if !ok {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Your current password is not right.",
			Fields:     map[string]string{"current_password": "This is not your current password."},
			FieldCodes: map[string]switchboard.FieldCode{"current_password": {Code: switchboard.FieldWrongPassword}}}
	}
	return db.replacePassword(ctx, a.ID, password, actor.SessionID)
}

// replacePassword stores an agent's new password, which the caller has validated, and ends every
// session of theirs but keep (0 for none) and every API token: whoever knew the old password, or
// took a session or a token with it, is out. What this node remembers of verified sessions and
// tokens is dropped with the commit.
func (db *DB) replacePassword(ctx context.Context, id int64, password string, keep int64) error {
	hash, err := db.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		res, err := tx.exec("UPDATE agents SET password_hash = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", hash, micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("set password %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Agent")
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE agent_id = ? AND id <> ?", id, keep); err != nil {
			return fmt.Errorf("end sessions of %d: %w", id, err)
		}
		if _, err := tx.exec("DELETE FROM api_tokens WHERE agent_id = ?", id); err != nil {
			return fmt.Errorf("revoke tokens of %d: %w", id, err)
		}
		return nil
	})
}
