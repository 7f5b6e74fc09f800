package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.RuleService = (*DB)(nil)

// Rule is a local alias that keeps scanning code short.
type Rule = switchboard.Rule

// ruleRunsWindow is how far back a rule's "runs" count looks.
const ruleRunsWindow = 30 * 24 * time.Hour

const ruleColumns = "r.id, r.name, r.enabled, r.position, r.stop_processing, r.when_, r.if_, r.then_, r.last_run_at, r.created_at, r.updated_at"

func scanRule(row scanner, withRuns bool) (*Rule, error) {
	var r Rule
	var when, cond, then string
	var last sql.NullInt64
	var created, updated int64
	dest := []any{&r.ID, &r.Name, &r.Enabled, &r.Position, &r.StopProcessing, &when, &cond, &then, &last, &created, &updated}
	if withRuns {
		dest = append(dest, &r.Runs)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(when), &r.When); err != nil {
		return nil, fmt.Errorf("rule %d: when: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(cond), &r.If); err != nil {
		return nil, fmt.Errorf("rule %d: if: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(then), &r.Then); err != nil {
		return nil, fmt.Errorf("rule %d: then: %w", r.ID, err)
	}
	r.LastRunAt, r.CreatedAt, r.UpdatedAt = fromNullMicro(last), fromMicro(created), fromMicro(updated)
	return &r, nil
}

// requireRuleReader lets admins and supervisors (and the system) read the rules.
func requireRuleReader(ctx context.Context) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !a.SeesAll() {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins and supervisors can see the rules.")
	}
	return nil
}

// FindRules lists the rules in position order (admins and supervisors).
func (db *DB) FindRules(ctx context.Context) ([]*Rule, error) {
	if err := requireRuleReader(ctx); err != nil {
		return nil, err
	}
	return db.findRules(ctx, "")
}

func (db *DB) findRules(ctx context.Context, cond string, args ...any) ([]*Rule, error) {
	q := "SELECT " + ruleColumns + ", (SELECT COUNT(*) FROM rule_runs rr WHERE rr.rule_id = r.id AND rr.created_at >= ? AND rr.outcome <> 'loop_stopped') FROM rules r"
	if cond != "" {
		q += " WHERE " + cond
	}
	rows, err := db.query(ctx, q+" ORDER BY r.position, r.id", append([]any{micro(db.now().Add(-ruleRunsWindow))}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("find rules: %w", err)
	}
	defer rows.Close()
	out := []*Rule{}
	for rows.Next() {
		r, err := scanRule(rows, true)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindRuleByID returns a rule (admins and supervisors).
func (db *DB) FindRuleByID(ctx context.Context, id int64) (*Rule, error) {
	if err := requireRuleReader(ctx); err != nil {
		return nil, err
	}
	rules, err := db.findRules(ctx, "r.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		return nil, notFound("Rule")
	}
	return rules[0], nil
}

// checkRule lets admins save a valid rule, and encodes its three documents.
func checkRule(ctx context.Context, in *switchboard.RuleInput) (when, cond, then string, enabled bool, err error) {
	if _, err = requireAdmin(ctx); err != nil {
		return
	}
	if err = in.Validate(); err != nil {
		return
	}
	docs := make([]string, 3)
	for i, v := range []any{in.When, in.If, in.Then} {
		b, err := json.Marshal(v)
		if err != nil {
			return "", "", "", false, err
		}
		docs[i] = string(b)
	}
	return docs[0], docs[1], docs[2], in.Enabled == nil || *in.Enabled, nil
}

func errRuleNameTaken() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "A rule with this name already exists.",
		Fields:     map[string]string{"name": "This name is taken."},
		FieldCodes: map[string]switchboard.FieldCode{"name": {Code: switchboard.FieldTaken}}}
}

// ruleNameFree checks, before writing, that no other rule has the name: on PostgreSQL a unique
// violation would abort the transaction, so it is looked for first (the constraint still holds
// against a race).
func (tx *Tx) ruleNameFree(name string, id int64) error {
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM rules WHERE name_key = ? AND id <> ?", strings.ToLower(name), id).Scan(&n); err != nil {
		return fmt.Errorf("check rule name: %w", err)
	}
	if n > 0 {
		return errRuleNameTaken()
	}
	return nil
}

// CreateRule appends a rule after the others (admins).
func (db *DB) CreateRule(ctx context.Context, in *switchboard.RuleInput) (*Rule, error) {
	when, cond, then, enabled, err := checkRule(ctx, in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.ruleNameFree(in.Name, 0); err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow("SELECT COALESCE(MAX(position), 0) + 1 FROM rules").Scan(&pos); err != nil {
			return fmt.Errorf("create rule: %w", err)
		}
		id, err = tx.insert(`INSERT INTO rules (name, name_key, enabled, position, stop_processing, when_, if_, then_, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Name, strings.ToLower(in.Name), enabled, pos, in.StopProcessing, when, cond, then,
			micro(tx.now), micro(tx.now))
		if isUniqueViolation(err) {
			return errRuleNameTaken()
		} else if err != nil {
			return fmt.Errorf("create rule: %w", err)
		}
		tx.ruleChanged(map[string]any{"id": id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindRuleByID(ctx, id)
}

// ruleChanged announces a change to the rules and drops what the store remembers of them.
func (tx *Tx) ruleChanged(data any) {
	tx.configChanged = true
	tx.emit(switchboard.EventRuleChanged, nil, nil, nil, data)
}

// UpdateRule replaces a rule (admins).
func (db *DB) UpdateRule(ctx context.Context, id int64, in *switchboard.RuleInput) (*Rule, error) {
	when, cond, then, enabled, err := checkRule(ctx, in)
	if err != nil {
		return nil, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.ruleNameFree(in.Name, id); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE rules SET name = ?, name_key = ?, enabled = ?, stop_processing = ?, when_ = ?, if_ = ?, then_ = ?, updated_at = ?
			WHERE id = ?`, in.Name, strings.ToLower(in.Name), enabled, in.StopProcessing, when, cond, then, micro(tx.now), id)
		if isUniqueViolation(err) {
			return errRuleNameTaken()
		} else if err != nil {
			return fmt.Errorf("update rule %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Rule")
		}
		tx.ruleChanged(map[string]any{"id": id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindRuleByID(ctx, id)
}

// DeleteRule deletes a rule and its run log (admins).
func (db *DB) DeleteRule(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM rule_runs WHERE rule_id = ?", id); err != nil {
			return fmt.Errorf("delete rule %d: %w", id, err)
		}
		res, err := tx.exec("DELETE FROM rules WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete rule %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Rule")
		}
		tx.ruleChanged(map[string]any{"id": id, "deleted": true})
		return nil
	})
}

// OrderRules sets the rules' order: ids names every rule exactly once (admins).
func (db *DB) OrderRules(ctx context.Context, ids []int64) ([]*Rule, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	bad := &switchboard.Error{Code: switchboard.EINVALID, Message: "Name every rule exactly once.",
		Fields: map[string]string{"ids": "Name every rule exactly once."}}
	err := db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM rules").Scan(&n); err != nil {
			return fmt.Errorf("order rules: %w", err)
		}
		if n != len(ids) {
			return bad
		}
		seen := map[int64]bool{}
		for i, id := range ids {
			if seen[id] {
				return bad
			}
			seen[id] = true
			res, err := tx.exec("UPDATE rules SET position = ? WHERE id = ?", i+1, id)
			if err != nil {
				return fmt.Errorf("order rules: %w", err)
			}
			if k, err := res.RowsAffected(); err != nil {
				return err
			} else if k == 0 {
				return bad
			}
		}
		tx.ruleChanged(map[string]any{"order": ids})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindRules(ctx)
}

// FindRuleRuns lists a rule's runs, newest first (admins and supervisors). The cursor is the
// id of the last run of the previous page.
func (db *DB) FindRuleRuns(ctx context.Context, ruleID int64, cursor string, limit int) (*switchboard.RuleRunPage, error) {
	if err := requireRuleReader(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 25
	}
	var one int
	if err := db.queryRow(ctx, "SELECT 1 FROM rules WHERE id = ?", ruleID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Rule")
	} else if err != nil {
		return nil, fmt.Errorf("find rule runs: %w", err)
	}
	before := int64(1) << 62
	if cursor != "" {
		n, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || n <= 0 {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Bad cursor.", Fields: map[string]string{"cursor": "Use next_cursor of the previous page."}}
		}
		before = n
	}
	rows, err := db.query(ctx, `SELECT id, rule_id, conversation_id, trigger_event_id, outcome, actions, created_at FROM rule_runs
		WHERE rule_id = ? AND id < ? ORDER BY id DESC`+limitSQL(limit+1), ruleID, before)
	if err != nil {
		return nil, fmt.Errorf("find rule runs: %w", err)
	}
	defer rows.Close()
	page := &switchboard.RuleRunPage{Items: []*switchboard.RuleRun{}}
	for rows.Next() {
		r, err := scanRuleRun(rows)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = strconv.FormatInt(page.Items[limit-1].ID, 10)
	}
	return page, nil
}

func scanRuleRun(row scanner) (*switchboard.RuleRun, error) {
	var r switchboard.RuleRun
	var ev sql.NullInt64
	var actions string
	var created int64
	if err := row.Scan(&r.ID, &r.RuleID, &r.ConversationID, &ev, &r.Outcome, &actions, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(actions), &r.Actions); err != nil {
		return nil, fmt.Errorf("rule run %d: %w", r.ID, err)
	}
	r.TriggerEventID, r.CreatedAt = fromNullInt64(ev), fromMicro(created)
	return &r, nil
}

// ruleSet is the enabled rules as remembered: in position order, and the event types their
// triggers listen to, so an event no rule listens to costs a map lookup.
type ruleSet struct {
	rules  []*Rule
	listen map[switchboard.EventType]bool
	// timed says some rule has a time trigger, so customer and agent messages start timers;
	// received that some rule waits for customers' messages.
	timed, received bool
}

// enabledRules returns the enabled rules as a transaction or the engine sees them (see
// rememberFor): one created or disabled on another node applies here a second later at most.
func (db *DB) enabledRules(ctx context.Context, q queryer, fresh bool) (*ruleSet, error) {
	return db.liveRules.read(struct{}{}, fresh, func() (*ruleSet, error) {
		rows, err := q.QueryContext(ctx, db.q("SELECT "+ruleColumns+" FROM rules r WHERE r.enabled ORDER BY r.position, r.id"))
		if err != nil {
			return nil, fmt.Errorf("enabled rules: %w", err)
		}
		defer rows.Close()
		s := &ruleSet{listen: map[switchboard.EventType]bool{}}
		for rows.Next() {
			r, err := scanRule(rows, false)
			if err != nil {
				return nil, err
			}
			s.rules = append(s.rules, r)
			s.listen[r.When.EventType()] = true
			s.timed = s.timed || r.When.Timed()
			s.received = s.received || r.When.Event == switchboard.TriggerMessageReceived
		}
		return s, rows.Err()
	})
}

// EnabledRules returns the enabled rules in position order (system only).
func (db *DB) EnabledRules(ctx context.Context) ([]*Rule, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	s, err := db.enabledRules(ctx, db.read, false)
	if err != nil {
		return nil, err
	}
	return s.rules, nil
}
