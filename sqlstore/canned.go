package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.CannedService = (*DB)(nil)

// CannedResponse is a local alias that keeps scanning code short.
type CannedResponse = switchboard.CannedResponse

const cannedColumns = "id, shortcut, title, content, created_at, updated_at"

func scanCanned(row scanner) (*CannedResponse, error) {
	var c CannedResponse
	var created, updated int64
	if err := row.Scan(&c.ID, &c.Shortcut, &c.Title, &c.Content, &created, &updated); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &c, nil
}

// likeEscape is the escape character of every LIKE this package writes. It is not the backslash,
// whose meaning in a string literal differs between engines and settings; '!' means the same
// everywhere. Use it as "col LIKE ? ESCAPE '!'".
const likeEscape = "!"

// escapeLike makes s match itself literally inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(likeEscape, likeEscape+likeEscape, "%", likeEscape+"%", "_", likeEscape+"_").Replace(s)
}

// likeContains returns the pattern matching values that contain s, lower-cased to be compared
// with lower(col).
func likeContains(s string) string { return "%" + escapeLike(strings.ToLower(s)) + "%" }

// likePrefix returns the pattern matching values that start with s, lower-cased.
func likePrefix(s string) string { return escapeLike(strings.ToLower(s)) + "%" }

// CreateCanned adds a canned response; admins only.
func (db *DB) CreateCanned(ctx context.Context, in *switchboard.CannedInput) (*CannedResponse, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	c := &CannedResponse{Shortcut: *in.Shortcut, Content: *in.Content}
	if in.Title != nil {
		c.Title = strings.TrimSpace(*in.Title)
	}
	err := db.update(ctx, func(tx *Tx) error {
		now := tx.now
		c.CreatedAt, c.UpdatedAt = now, now
		id, err := tx.insert("INSERT INTO canned_responses (shortcut, title, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			c.Shortcut, c.Title, c.Content, micro(tx.now), micro(tx.now))
		if isUniqueViolation(err) {
			return errShortcutTaken()
		} else if err != nil {
			return fmt.Errorf("create canned response: %w", err)
		}
		c.ID = id
		tx.emit(switchboard.EventCannedChanged, nil, nil, nil, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindCannedByID returns a canned response.
func (db *DB) FindCannedByID(ctx context.Context, id int64) (*CannedResponse, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	c, err := scanCanned(db.queryRow(ctx, "SELECT "+cannedColumns+" FROM canned_responses WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Canned response")
	} else if err != nil {
		return nil, fmt.Errorf("find canned response %d: %w", id, err)
	}
	return c, nil
}

// FindCanned lists canned responses by shortcut: all of them for an empty q, else those whose
// shortcut starts with q or whose title contains it, ignoring case. A leading "/" is ignored, so
// the composer can pass what the agent typed.
func (db *DB) FindCanned(ctx context.Context, q string) ([]*CannedResponse, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	q = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q), "/"))
	var w where
	if q != "" {
		w.add("(shortcut LIKE ? ESCAPE '"+likeEscape+"' OR lower(title) LIKE ? ESCAPE '"+likeEscape+"')",
			likePrefix(q), likeContains(q))
	}
	rows, err := db.query(ctx, "SELECT "+cannedColumns+" FROM canned_responses"+w.sql()+" ORDER BY shortcut", w.args...)
	if err != nil {
		return nil, fmt.Errorf("find canned responses: %w", err)
	}
	defer rows.Close()
	out := []*CannedResponse{}
	for rows.Next() {
		c, err := scanCanned(rows)
		if err != nil {
			return nil, fmt.Errorf("find canned responses: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find canned responses: %w", err)
	}
	return out, nil
}

// UpdateCanned changes a canned response; admins only.
func (db *DB) UpdateCanned(ctx context.Context, id int64, in *switchboard.CannedInput) (*CannedResponse, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var c *CannedResponse
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := scanCanned(tx.queryRow("SELECT "+cannedColumns+" FROM canned_responses WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Canned response")
		} else if err != nil {
			return fmt.Errorf("update canned response %d: %w", id, err)
		}
		if in.Shortcut != nil {
			cur.Shortcut = *in.Shortcut
		}
		if in.Title != nil {
			cur.Title = strings.TrimSpace(*in.Title)
		}
		if in.Content != nil {
			cur.Content = *in.Content
		}
		cur.UpdatedAt = tx.now
		_, err = tx.exec("UPDATE canned_responses SET shortcut = ?, title = ?, content = ?, updated_at = ? WHERE id = ?",
			cur.Shortcut, cur.Title, cur.Content, micro(tx.now), id)
		if isUniqueViolation(err) {
			return errShortcutTaken()
		} else if err != nil {
			return fmt.Errorf("update canned response %d: %w", id, err)
		}
		c = cur
		tx.emit(switchboard.EventCannedChanged, nil, nil, nil, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCanned removes a canned response; admins only.
func (db *DB) DeleteCanned(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM canned_responses WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete canned response %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete canned response %d: %w", id, err)
		} else if n == 0 {
			return notFound("Canned response")
		}
		tx.emit(switchboard.EventCannedChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return nil
	})
}

// RenderCanned fills a canned response's variables (switchboard.CannedVariables) from a
// conversation the actor may see, its contact and inbox, and the acting agent. A conversation in
// an inbox the agent does not belong to is not found, so rendering cannot leak its contact.
func (db *DB) RenderCanned(ctx context.Context, id, conversationID int64) (string, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return "", err
	}
	c, err := db.FindCannedByID(ctx, id)
	if err != nil {
		return "", err
	}
	var inboxID int64
	var inboxName, name, email, phone string
	err = db.queryRow(ctx, `SELECT c.inbox_id, i.name, ct.name, ct.email, ct.phone FROM conversations c
		JOIN inboxes i ON i.id = c.inbox_id JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = ?`, conversationID).
		Scan(&inboxID, &inboxName, &name, &email, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("Conversation")
	} else if err != nil {
		return "", fmt.Errorf("render canned response %d: %w", id, err)
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return "", err
	}
	if !scope.Has(inboxID) {
		return "", notFound("Conversation")
	}
	vars := map[string]string{
		"contact.name":       name,
		"contact.first_name": firstWord(name),
		"contact.email":      email,
		"contact.phone":      phone,
		"conversation.id":    strconv.FormatInt(conversationID, 10),
		"inbox.name":         inboxName,
	}
	if a := actor.Agent; a != nil {
		vars["agent.name"], vars["agent.first_name"], vars["agent.email"] = a.Name, firstWord(a.Name), a.Email
	}
	return c.Render(vars), nil
}

// firstWord returns the first word of a name: "Carla" for "Carla Rossi".
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func errShortcutTaken() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "A canned response with this shortcut already exists.",
		Fields:     map[string]string{"shortcut": "This shortcut is taken."},
		FieldCodes: map[string]switchboard.FieldCode{"shortcut": {Code: switchboard.FieldTaken}}}
}
