package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ContactAttributeService = (*DB)(nil)

// ContactAttribute is a local alias that keeps scanning code short.
type ContactAttribute = switchboard.ContactAttribute

const contactAttrColumns = "id, key, label, type, options, description, position, created_at, updated_at"

func scanContactAttr(row scanner) (*ContactAttribute, error) {
	var a ContactAttribute
	var opts string
	var created, updated int64
	if err := row.Scan(&a.ID, &a.Key, &a.Label, &a.Type, &opts, &a.Description, &a.Position, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(opts), &a.Options); err != nil || a.Options == nil {
		a.Options = []string{}
	}
	a.CreatedAt, a.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &a, nil
}

const contactAttrsQuery = "SELECT " + contactAttrColumns + " FROM contact_attributes ORDER BY position, id"

// scanContactAttrs reads every definition of contactAttrsQuery's rows.
func scanContactAttrs(rows *sql.Rows, err error) ([]*ContactAttribute, error) {
	if err != nil {
		return nil, fmt.Errorf("find contact attributes: %w", err)
	}
	defer rows.Close()
	out := []*ContactAttribute{}
	for rows.Next() {
		a, err := scanContactAttr(rows)
		if err != nil {
			return nil, fmt.Errorf("find contact attributes: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindContactAttributes lists the definitions in their order; every agent may.
func (db *DB) FindContactAttributes(ctx context.Context) ([]*ContactAttribute, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	return scanContactAttrs(db.query(ctx, contactAttrsQuery))
}

// CreateContactAttribute adds a definition, last unless its input places it; admins only. A key
// taken is ECONFLICT.
func (db *DB) CreateContactAttribute(ctx context.Context, in *switchboard.ContactAttributeInput) (*ContactAttribute, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(nil); err != nil {
		return nil, err
	}
	a := &ContactAttribute{Key: *in.Key, Label: *in.Label, Type: *in.Type, Options: []string{}}
	if in.Options != nil {
		a.Options = *in.Options
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	var out *ContactAttribute
	err := db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM contact_attributes").Scan(&n); err != nil {
			return fmt.Errorf("create contact attribute: %w", err)
		}
		opts, _ := json.Marshal(a.Options)
		id, err := tx.insert(`INSERT INTO contact_attributes (key, label, type, options, description, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Key, a.Label, string(a.Type), string(opts), a.Description, n, micro(tx.now), micro(tx.now))
		if isUniqueViolation(err) {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "An attribute with this key already exists.",
				Fields:     map[string]string{"key": "This key is taken."},
				FieldCodes: map[string]switchboard.FieldCode{"key": {Code: switchboard.FieldTaken}}}
		} else if err != nil {
			return fmt.Errorf("create contact attribute: %w", err)
		}
		if in.Position != nil {
			if err := tx.moveContactAttr(id, *in.Position); err != nil {
				return err
			}
		}
		if out, err = tx.contactAttr(id); err != nil {
			return err
		}
		if tx.db.dialect.name != "postgres" {
			if _, err := tx.exec(attrIndexDDL(tx.db.dialect, a.Key)); err != nil {
				return fmt.Errorf("create contact attribute: index: %w", err)
			}
		}
		tx.emit(switchboard.EventContactAttributeChanged, nil, nil, nil, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := db.buildAttrIndex(ctx, out.Key); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateContactAttribute changes a definition's label, type, options, description or place;
// admins only. Contacts' values are not rewritten: one that no longer fits is shown raw and
// must fit when it is next changed.
func (db *DB) UpdateContactAttribute(ctx context.Context, id int64, in *switchboard.ContactAttributeInput) (*ContactAttribute, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var out *ContactAttribute
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := tx.contactAttr(id)
		if err != nil {
			return err
		}
		if err := in.Validate(cur); err != nil {
			return err
		}
		if in.Label != nil {
			cur.Label = *in.Label
		}
		if in.Type != nil {
			cur.Type = *in.Type
			if cur.Type != switchboard.AttrList {
				cur.Options = []string{}
			}
		}
		if in.Options != nil {
			cur.Options = *in.Options
		}
		if in.Description != nil {
			cur.Description = *in.Description
		}
		opts, _ := json.Marshal(cur.Options)
		if _, err := tx.exec("UPDATE contact_attributes SET label = ?, type = ?, options = ?, description = ?, updated_at = ? WHERE id = ?",
			cur.Label, string(cur.Type), string(opts), cur.Description, micro(tx.now), id); err != nil {
			return fmt.Errorf("update contact attribute %d: %w", id, err)
		}
		if in.Position != nil {
			if err := tx.moveContactAttr(id, *in.Position); err != nil {
				return err
			}
		}
		if out, err = tx.contactAttr(id); err != nil {
			return err
		}
		tx.emit(switchboard.EventContactAttributeChanged, nil, nil, nil, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Saving a definition again builds its index if an earlier build on PostgreSQL failed.
	if err := db.buildAttrIndex(ctx, out.Key); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteContactAttribute removes a definition; admins only. Contacts keep their values under
// its key, undefined (shown raw, free to hold anything) until a definition names the key again:
// deleting a field by mistake must not erase what agents wrote in every contact.
func (db *DB) DeleteContactAttribute(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	var key string
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := tx.contactAttr(id)
		if err != nil {
			return err
		}
		key = cur.Key
		if _, err := tx.exec("DELETE FROM contact_attributes WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete contact attribute %d: %w", id, err)
		}
		if err := tx.moveContactAttr(0, 0); err != nil {
			return err
		}
		if tx.db.dialect.name != "postgres" {
			if _, err := tx.exec("DROP INDEX IF EXISTS " + attrIndexName(key)); err != nil {
				return fmt.Errorf("delete contact attribute %d: index: %w", id, err)
			}
		}
		tx.emit(switchboard.EventContactAttributeChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return nil
	})
	if err != nil || db.dialect.name != "postgres" {
		return err
	}
	// Concurrently: a plain DROP INDEX locks the contacts against reads until it has waited for
	// every query reading them.
	if err := db.concurrently(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+attrIndexName(key)); err != nil {
		return fmt.Errorf("delete contact attribute %d: index: %w", id, err)
	}
	return nil
}

// Indexes of attribute values. Each defined key has an index of its values, made with the
// definition and dropped with it, on exactly the expression the address book's filter reads the
// value by (attrExpr), followed by the default sort's columns: a filter on a value then reads
// its matches already in the address book's default order (newest first) and stops at a page,
// however many or few contacts have the value. Keys of definitions are slugs
// (switchboard.DefinableAttributeKey), written into the SQL as quoted literals; nothing else
// from the definition is.
//
// On SQLite the index is built inside the definition's transaction: the one writer waits for it
// (about 2 s at a million contacts). On PostgreSQL it is built after the definition commits, with
// CREATE INDEX CONCURRENTLY, which cannot run in a transaction but lets contacts be written
// while it reads them: until it is ready the filter reads the contacts' JSON as for an undefined
// key, only slower. A build that fails (the process stops halfway) leaves an invalid index that
// the next build (saving the definition again, or the next start's Migrate) drops and redoes.

// attrIndexName is the quoted name of the index of the values of key.
func attrIndexName(key string) string {
	return `"` + strings.ReplaceAll("contact_attr_"+key, `"`, `""`) + `"`
}

// sqlString is s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// attrExpr is how the filter reads the value of a defined key from col, the contacts' attributes
// (JSON text): as jsonb on PostgreSQL (numbers compare by value, 3 = 3.0), and as SQLite's
// json_extract gives it (a string as text, a number as a number, true and false as 1 and 0,
// JSON null as NULL).
func attrExpr(d dialect, col, key string) string {
	if d.name == "postgres" {
		return "(" + col + "::jsonb -> " + sqlString(key) + ")"
	}
	return "json_extract(" + col + ", " + sqlString("$."+key) + ")"
}

// attrIndexDDL creates the index of the values of key, if it is not there.
func attrIndexDDL(d dialect, key string) string {
	how := "CREATE INDEX IF NOT EXISTS "
	if d.name == "postgres" {
		how = "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
	}
	return how + attrIndexName(key) + " ON contacts (" + attrExpr(d, "attributes", key) + ", created_at DESC, id DESC)"
}

// buildAttrIndex builds the index of key's values on PostgreSQL, outside any transaction,
// dropping first one left invalid by a build that failed (SQLite's are built in the definition's
// transaction).
func (db *DB) buildAttrIndex(ctx context.Context, key string) error {
	if db.dialect.name != "postgres" || !switchboard.DefinableAttributeKey(key) {
		return nil
	}
	var valid bool
	err := db.queryRow(ctx, `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE c.relname = ? AND pg_table_is_visible(c.oid)`, "contact_attr_"+key).Scan(&valid)
	if err == nil && valid {
		return nil
	} else if err == nil {
		if err := db.concurrently(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+attrIndexName(key)); err != nil {
			return fmt.Errorf("index contact attribute %s: %w", key, err)
		}
	} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("index contact attribute %s: %w", key, err)
	}
	if err := db.concurrently(ctx, attrIndexDDL(db.dialect, key)); err != nil {
		return fmt.Errorf("index contact attribute %s: %w", key, err)
	}
	return nil
}

// concurrentLockTimeout bounds how long a concurrent index build or drop waits for the
// transactions open when it started: a session left in a transaction must not hold the request
// (or a node's start) for ever. A build cut short leaves an invalid index, redone by the next.
const concurrentLockTimeout = "30s"

// concurrently runs a CREATE or DROP INDEX CONCURRENTLY on PostgreSQL, on a connection of its
// own with a lock timeout. A client that goes away does not stop it: the definition is saved.
func (db *DB) concurrently(ctx context.Context, ddl string) error {
	ctx = context.WithoutCancel(ctx)
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET lock_timeout = '"+concurrentLockTimeout+"'"); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "RESET lock_timeout")
	_, err = conn.ExecContext(ctx, ddl)
	return err
}

// ensureAttrIndexes builds the index of every definition that has none (definitions made
// before the indexes existed, builds that failed); Migrate runs it on its connection, conn.
func (db *DB) ensureAttrIndexes(ctx context.Context, conn *sql.Conn) error {
	defs, err := scanContactAttrs(conn.QueryContext(ctx, contactAttrsQuery))
	if err != nil {
		return err
	}
	for _, d := range defs {
		if db.dialect.name == "postgres" {
			// Not a reason to refuse to start: without its index the filter reads the JSON, and
			// saving the definition again builds it (and says why it cannot).
			_ = db.buildAttrIndex(ctx, d.Key)
		} else if switchboard.DefinableAttributeKey(d.Key) {
			_, err = conn.ExecContext(ctx, attrIndexDDL(db.dialect, d.Key))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) contactAttr(id int64) (*ContactAttribute, error) {
	a, err := scanContactAttr(tx.queryRow("SELECT "+contactAttrColumns+" FROM contact_attributes WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Contact attribute")
	} else if err != nil {
		return nil, fmt.Errorf("find contact attribute %d: %w", id, err)
	}
	return a, nil
}

// moveContactAttr puts definition id at index pos (past the end: last) and numbers every
// definition 0, 1, 2… in that order; id 0 only renumbers.
func (tx *Tx) moveContactAttr(id int64, pos int) error {
	defs, err := scanContactAttrs(tx.query(contactAttrsQuery))
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(defs, func(a *ContactAttribute) bool { return a.ID == id }); i >= 0 {
		a := defs[i]
		defs = slices.Delete(defs, i, i+1)
		defs = slices.Insert(defs, min(pos, len(defs)), a)
	}
	for i, a := range defs {
		if a.Position == i {
			continue
		}
		if _, err := tx.exec("UPDATE contact_attributes SET position = ? WHERE id = ?", i, a.ID); err != nil {
			return fmt.Errorf("move contact attribute %d: %w", a.ID, err)
		}
	}
	return nil
}

// checkContactAttrs checks a contact's new attributes against the definitions (see
// switchboard.CheckContactAttributes); old is what the contact had, nil on create.
func (tx *Tx) checkContactAttrs(attrs, old json.RawMessage) error {
	if len(attrs) == 0 {
		return nil
	}
	defs, err := scanContactAttrs(tx.query(contactAttrsQuery))
	if err != nil {
		return err
	}
	return switchboard.CheckContactAttributes(defs, attrs, old)
}

// attrCond is the address book's condition for ContactFilter.Attr and AttrValue. For a defined
// key it compares the key's indexed expression (see attrExpr): set (not null), or equal to the
// value read into the definition's type (ContactAttribute.FilterValue: "3" is the number 3 and
// finds 3 and 3.0, "yes" finds a checked checkbox); one index lookup, see "Indexes of attribute
// values". An undefined key has no index: attrScanCond reads each candidate contact's JSON.
func (db *DB) attrCond(ctx context.Context, key, value string) (string, []any, error) {
	def, err := scanContactAttr(db.queryRow(ctx, "SELECT "+contactAttrColumns+" FROM contact_attributes WHERE key = ?", key))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !switchboard.DefinableAttributeKey(def.Key) {
		cond, args := db.attrScanCond(key, value)
		return cond, args, nil
	} else if err != nil {
		return "", nil, fmt.Errorf("find contacts: attribute %s: %w", key, err)
	}
	expr := attrExpr(db.dialect, "contacts.attributes", key)
	pg := db.dialect.name == "postgres"
	if value == "" {
		if pg {
			return expr + " > 'null'::jsonb", nil, nil // jsonb orders null before every other value
		}
		return expr + " IS NOT NULL", nil, nil
	}
	v := def.FilterValue(value)
	if pg {
		raw, _ := json.Marshal(v)
		return expr + " = ?::jsonb", []any{string(raw)}, nil
	}
	if b, ok := v.(bool); ok {
		v = 0
		if b {
			v = 1
		}
	}
	return expr + " = ?", []any{v}, nil
}

// attrScanCond is the condition of an undefined key: the contact has the attribute set (not
// null), or set to the value in any type it can be read as, since no definition says which: a
// string equal to it, a number equal to it, or true or false. The engines read each candidate
// row's JSON (json_extract; ->), a parse per contact the other filters and the sort's index walk
// pass before a page fills (see docs/api.md, "Filter cost").
func (db *DB) attrScanCond(key, value string) (string, []any) {
	if db.dialect.name == "postgres" {
		v := "contacts.attributes::jsonb -> ?"
		if value == "" {
			return "COALESCE(" + v + ", 'null'::jsonb) <> 'null'::jsonb", []any{key}
		}
		alts, args := []string{"to_jsonb(?::text)"}, []any{key, value}
		if _, err := strconv.ParseFloat(value, 64); err == nil {
			alts, args = append(alts, "to_jsonb(?::numeric)"), append(args, value)
		}
		if value == "true" || value == "false" {
			alts, args = append(alts, "?::jsonb"), append(args, value)
		}
		return v + " IN (" + strings.Join(alts, ", ") + ")", args
	}
	path := `$."` + key + `"`
	if value == "" {
		return "json_type(contacts.attributes, ?) NOT IN ('null')", []any{path}
	}
	cond := "(json_type(contacts.attributes, ?) = 'text' AND json_extract(contacts.attributes, ?) = ?)"
	args := []any{path, path, value}
	if f, err := strconv.ParseFloat(value, 64); err == nil {
		cond += " OR (json_type(contacts.attributes, ?) IN ('integer', 'real') AND json_extract(contacts.attributes, ?) = ?)"
		args = append(args, path, path, f)
	}
	if value == "true" || value == "false" {
		cond += " OR json_type(contacts.attributes, ?) = ?"
		args = append(args, path, value)
	}
	return "(" + cond + ")", args
}

// importAttrDefs reads the definitions by key, for a batch of an import.
func (tx *Tx) importAttrDefs() (map[string]*ContactAttribute, error) {
	defs, err := scanContactAttrs(tx.query(contactAttrsQuery))
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]*ContactAttribute, len(defs))
	for _, d := range defs {
		byKey[d.Key] = d
	}
	return byKey, nil
}

// importAttrs turns a CSV row's attributes into the types their definitions say (see
// ContactAttribute.FromText); undefined ones stay strings. A value that does not fit refuses
// the row.
func importAttrs(in map[string]string, defs map[string]*ContactAttribute) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		d := defs[k]
		if d == nil {
			out[k] = v
			continue
		}
		t, err := d.FromText(v)
		if err != nil {
			return nil, err
		}
		out[k] = t
	}
	return out, nil
}

// sameJSON reports whether two decoded JSON values write the same.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
