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
		tx.emit(switchboard.EventContactAttributeChanged, nil, nil, nil, out)
		return nil
	})
	if err != nil {
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
	return out, nil
}

// DeleteContactAttribute removes a definition; admins only. Contacts keep their values under
// its key, undefined (shown raw, free to hold anything) until a definition names the key again:
// deleting a field by mistake must not erase what agents wrote in every contact.
func (db *DB) DeleteContactAttribute(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM contact_attributes WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete contact attribute %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete contact attribute %d: %w", id, err)
		} else if n == 0 {
			return notFound("Contact attribute")
		}
		if err := tx.moveContactAttr(0, 0); err != nil {
			return err
		}
		tx.emit(switchboard.EventContactAttributeChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return nil
	})
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

// attrCond is the address book's condition for ContactFilter.Attr and AttrValue: the contact
// has the attribute set (not null), or set to the value in any type it can be read as, so it
// needs no definition: a string equal to it (text, list, date, link), a number equal to it, or
// true or false. The engines read each candidate row's JSON (json_extract; ->): there is no index
// on attributes, so the filter costs a parse per contact the other filters and the sort's index
// walk pass before a page fills (see docs/performance.md).
func (db *DB) attrCond(key, value string) (string, []any) {
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
