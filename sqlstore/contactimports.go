package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ContactImportService = (*DB)(nil)

// importBatch is how many rows of an import one transaction writes: short enough not to hold
// SQLite's only writer long, and the unit of progress.
const importBatch = 500

const contactImportColumns = "id, status, filename, columns, mapping, total_rows, rows_done, created, updated, unchanged, refused, error, created_at, updated_at"

func scanContactImport(row scanner) (*switchboard.ContactImport, error) {
	var imp switchboard.ContactImport
	var cols, mapping string
	var created, updated int64
	if err := row.Scan(&imp.ID, &imp.Status, &imp.Filename, &cols, &mapping, &imp.TotalRows, &imp.RowsDone, &imp.Created,
		&imp.Updated, &imp.Unchanged, &imp.Refused, &imp.Error, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(cols), &imp.Columns); err != nil {
		return nil, err
	}
	if imp.Status != switchboard.ImportPreview {
		imp.Mapping = &switchboard.ContactImportMapping{}
		if err := json.Unmarshal([]byte(mapping), imp.Mapping); err != nil {
			return nil, err
		}
	}
	imp.CreatedAt, imp.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &imp, nil
}

// CreateContactImport keeps an uploaded CSV after checking it whole (see
// switchboard.ReadContactCSV) and answers its preview; admins only.
func (db *DB) CreateContactImport(ctx context.Context, filename string, body []byte) (*switchboard.ContactImport, error) {
	actor, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	cols, preview, total, err := switchboard.ReadContactCSV(body)
	if err != nil {
		return nil, err
	}
	rawCols, _ := json.Marshal(cols)
	if len(filename) > 200 {
		filename = filename[:200]
	}
	var id int64
	err = db.update(ctx, func(tx *Tx) error {
		now := micro(tx.now)
		id, err = tx.insert(`INSERT INTO contact_imports (status, filename, body, columns, total_rows, created_by, created_at, updated_at)
			VALUES ('preview', ?, ?, ?, ?, ?, ?, ?)`, switchboard.StorableText(filename), body, string(rawCols), total, actor.ActorID(), now, now)
		if err != nil {
			return fmt.Errorf("create contact import: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	imp, err := db.FindContactImport(ctx, id)
	if err != nil {
		return nil, err
	}
	imp.Preview = preview
	return imp, nil
}

// FindContactImport returns an import with its progress, and its first rows while it waits
// for its mapping; admins only.
func (db *DB) FindContactImport(ctx context.Context, id int64) (*switchboard.ContactImport, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	imp, err := scanContactImport(db.queryRow(ctx, "SELECT "+contactImportColumns+" FROM contact_imports WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Import")
	} else if err != nil {
		return nil, fmt.Errorf("find contact import %d: %w", id, err)
	}
	imp.Preview = [][]string{}
	if imp.Status == switchboard.ImportPreview {
		var body []byte
		if err := db.queryRow(ctx, "SELECT body FROM contact_imports WHERE id = ?", id).Scan(&body); err != nil {
			return nil, fmt.Errorf("find contact import %d: %w", id, err)
		}
		if _, imp.Preview, _, err = switchboard.ReadContactCSV(body); err != nil {
			return nil, err
		}
	}
	return imp, nil
}

// StartContactImport records the mapping of an import still in preview and enqueues the job
// that runs it, in one transaction; admins only.
func (db *DB) StartContactImport(ctx context.Context, id int64, m *switchboard.ContactImportMapping) (*switchboard.ContactImport, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	imp, err := db.FindContactImport(ctx, id)
	if err != nil {
		return nil, err
	}
	if m == nil || m.Columns == nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Send the column mapping.")
	}
	if err := m.Validate(imp.Columns); err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(m)
	err = db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("UPDATE contact_imports SET status = 'queued', mapping = ?, updated_at = ? WHERE id = ? AND status = 'preview'",
			string(raw), micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("start contact import %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return switchboard.Errorf(switchboard.ECONFLICT, "This import has already started.")
		}
		return tx.enqueue(switchboard.JobContactImport, switchboard.ContactImportArgs{ImportID: id}, jobOptions{maxAttempts: 5})
	})
	if err != nil {
		return nil, err
	}
	return db.FindContactImport(ctx, id)
}

// ContactImportErrors calls fn with each refused row of an import, by line; admins only.
func (db *DB) ContactImportErrors(ctx context.Context, id int64, fn func(line int64, reason string) error) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	rows, err := db.query(ctx, "SELECT line, reason FROM contact_import_errors WHERE import_id = ? ORDER BY line", id)
	if err != nil {
		return fmt.Errorf("contact import errors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int64
		var reason string
		if err := rows.Scan(&line, &reason); err != nil {
			return fmt.Errorf("contact import errors: %w", err)
		}
		if err := fn(line, reason); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RunContactImport reads an import's file row by row and upserts each contact, importBatch rows
// a transaction that also records the progress, so an attempt cut short resumes after the last
// batch written; system only. A refused row writes nothing but its reason.
func (db *DB) RunContactImport(ctx context.Context, id int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	var status, mapping string
	var body []byte
	var done int64
	err := db.queryRow(ctx, "SELECT status, mapping, body, rows_done FROM contact_imports WHERE id = ?", id).Scan(&status, &mapping, &body, &done)
	if errors.Is(err, sql.ErrNoRows) || status == string(switchboard.ImportDone) || status == string(switchboard.ImportPreview) {
		return nil
	} else if err != nil {
		return fmt.Errorf("run contact import %d: %w", id, err)
	}
	var m switchboard.ContactImportMapping
	if err := json.Unmarshal([]byte(mapping), &m); err != nil {
		return fmt.Errorf("run contact import %d: %w", id, err)
	}
	r := switchboard.NewContactCSVReader(body)
	header, err := r.Read()
	if err != nil {
		return db.failContactImport(ctx, id, "The header row cannot be read: "+err.Error())
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	var row int64
	type pending struct {
		line   int64
		record []string
	}
	batch := make([]pending, 0, importBatch)
	for eof := false; !eof; {
		batch = batch[:0]
		for len(batch) < importBatch {
			rec, err := r.Read()
			if err == io.EOF {
				eof = true
				break
			} else if err != nil {
				return db.failContactImport(ctx, id, "The file is not valid CSV: "+err.Error())
			}
			if row++; row <= done {
				continue // written by an earlier attempt
			}
			line, _ := r.FieldPos(0)
			batch = append(batch, pending{int64(line), rec})
		}
		if len(batch) == 0 && !eof {
			continue
		}
		err := db.update(ctx, func(tx *Tx) error {
			var created, updated, unchanged, refused int64
			labels := map[string]importLabel{}   // labels by name key, read once a batch
			defs, defsErr := tx.importAttrDefs() // definitions by key, read once a batch
			if defsErr != nil {
				return defsErr
			}
			for _, p := range batch {
				in, err := m.Read(header, p.record)
				var outcome importOutcome
				if err == nil {
					outcome, err = tx.upsertImported(in, labels, defs)
					if code := switchboard.ErrorCode(err); err != nil && code != switchboard.EINVALID && code != switchboard.ECONFLICT {
						return err // the database failed, not the row: the batch is tried again
					}
				}
				if err != nil {
					refused++
					if _, err := tx.exec("INSERT INTO contact_import_errors (import_id, line, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
						id, p.line, switchboard.ErrorMessage(err)); err != nil {
						return fmt.Errorf("run contact import %d: %w", id, err)
					}
					continue
				}
				switch outcome {
				case importCreated:
					created++
				case importUpdated:
					updated++
				default:
					unchanged++
				}
			}
			if err := tx.flushImported(); err != nil {
				return fmt.Errorf("run contact import %d: %w", id, err)
			}
			status := switchboard.ImportRunning
			if eof {
				status = switchboard.ImportDone
			}
			_, err := tx.exec(`UPDATE contact_imports SET status = ?, rows_done = rows_done + ?, created = created + ?, updated = updated + ?,
				unchanged = unchanged + ?, refused = refused + ?, updated_at = ? WHERE id = ?`,
				string(status), len(batch), created, updated, unchanged, refused, micro(tx.now), id)
			if err != nil {
				return fmt.Errorf("run contact import %d: %w", id, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) failContactImport(ctx context.Context, id int64, reason string) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec("UPDATE contact_imports SET status = 'failed', error = ?, updated_at = ? WHERE id = ?", reason, micro(tx.now), id)
		return err
	})
}

// importLabel is a label an import names: its id and its name as written when created.
type importLabel struct {
	id   int64
	name string
}

type importOutcome int

const (
	importUnchanged importOutcome = iota
	importCreated
	importUpdated
)

// upsertImported writes one imported row: the contact with its email identity, else its phone
// identity, is updated where the row differs (a name, language or attribute the row has; labels
// it lacks), or else created with both identities. Everything it would write is checked first,
// so a refused row writes nothing (a failed statement would also abort a PostgreSQL transaction).
func (tx *Tx) upsertImported(in *switchboard.ImportedContact, known map[string]importLabel, defs map[string]*ContactAttribute) (importOutcome, error) {
	typed, err := importAttrs(in.Attributes, defs)
	if err != nil {
		return 0, err
	}
	owner := func(kind switchboard.IdentityKind, id string) (int64, error) {
		if id == "" {
			return 0, nil
		}
		var c int64
		err := tx.queryRow("SELECT contact_id FROM identities WHERE kind = ? AND external_id = ?", string(kind), id).Scan(&c)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return c, err
	}
	byEmail, err := owner(switchboard.IdentityEmail, in.Email)
	if err != nil {
		return 0, fmt.Errorf("import contact: %w", err)
	}
	byPhone, err := owner(switchboard.IdentityPhone, in.Phone)
	if err != nil {
		return 0, fmt.Errorf("import contact: %w", err)
	}
	if byEmail != 0 && byPhone != 0 && byEmail != byPhone {
		return 0, switchboard.Errorf(switchboard.ECONFLICT, "The email %s and the phone %s belong to two different contacts.", in.Email, in.Phone)
	}
	labels := map[string]int64{}
	for _, name := range in.Labels {
		key := strings.ToLower(strings.TrimSpace(name))
		if _, ok := known[key]; !ok {
			found, err := tx.labelIDs([]string{name})
			if err != nil {
				return 0, err
			}
			for n, id := range found {
				known[key] = importLabel{id, n}
			}
		}
		labels[known[key].name] = known[key].id
	}
	id := byEmail
	if id == 0 {
		id = byPhone
	}
	if id == 0 {
		return importCreated, tx.createImported(in, typed, labels)
	}
	cur, err := scanContact(tx.queryRow("SELECT "+contactColumns+" FROM contacts WHERE id = ?", id))
	if err != nil {
		return 0, fmt.Errorf("import contact: %w", err)
	}
	changed := false
	set := func(dst *string, v string, has bool) {
		if has && *dst != v {
			*dst, changed = v, true
		}
	}
	set(&cur.Name, in.Name, in.HasName)
	set(&cur.Language, in.Language, in.HasLanguage)
	set(&cur.Email, in.Email, cur.Email == "" && in.Email != "")
	set(&cur.Phone, in.Phone, cur.Phone == "" && in.Phone != "")
	attrs := map[string]any{}
	_ = json.Unmarshal(cur.Attributes, &attrs)
	for k, v := range typed {
		if old, ok := attrs[k]; !ok || !sameJSON(old, v) {
			attrs[k], changed = v, true
		}
	}
	var newLabels []int64
	var have []int64
	rows, err := tx.query("SELECT label_id FROM contact_labels WHERE contact_id = ?", id)
	if err != nil {
		return 0, fmt.Errorf("import contact: %w", err)
	}
	for rows.Next() {
		var l int64
		if err := rows.Scan(&l); err != nil {
			rows.Close()
			return 0, fmt.Errorf("import contact: %w", err)
		}
		have = append(have, l)
	}
	rows.Close()
	for _, l := range slices.Sorted(maps.Values(labels)) {
		if !slices.Contains(have, l) {
			newLabels, changed = append(newLabels, l), true
		}
	}
	addEmail := in.Email != "" && byEmail == 0
	addPhone := in.Phone != "" && byPhone == 0
	if !changed && !addEmail && !addPhone {
		return importUnchanged, nil
	}
	rawAttrs, _ := json.Marshal(attrs)
	if _, err := tx.exec("UPDATE contacts SET name = ?, email = ?, phone = ?, language = ?, attributes = ?, updated_at = ? WHERE id = ?",
		cur.Name, cur.Email, cur.Phone, cur.Language, string(rawAttrs), micro(tx.now), id); err != nil {
		return 0, fmt.Errorf("import contact: %w", err)
	}
	for _, l := range newLabels {
		if _, err := tx.exec("INSERT INTO contact_labels (contact_id, label_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, l); err != nil {
			return 0, fmt.Errorf("import contact: %w", err)
		}
	}
	for kind, v := range map[switchboard.IdentityKind]string{switchboard.IdentityEmail: in.Email, switchboard.IdentityPhone: in.Phone} {
		if v != "" && ((kind == switchboard.IdentityEmail && addEmail) || (kind == switchboard.IdentityPhone && addPhone)) {
			if _, err := tx.addIdentity(id, switchboard.IdentityInput{Kind: kind, ExternalID: v}, string(kind)); err != nil {
				return 0, err
			}
		}
	}
	c, err := tx.db.findContact(tx.ctx, tx.tx, id, switchboard.InboxScope{All: true})
	if err != nil {
		return 0, err
	}
	tx.imported = append(tx.imported, id)
	return importUpdated, tx.emitContact(switchboard.EventContactUpdated, id, c)
}

// createImported adds a contact from an imported row, with its identities and labels.
func (tx *Tx) createImported(in *switchboard.ImportedContact, typed map[string]any, labels map[string]int64) error {
	attrs := "{}"
	if len(typed) > 0 {
		raw, _ := json.Marshal(typed)
		attrs = string(raw)
	}
	now := micro(tx.now)
	id, err := tx.insert(`INSERT INTO contacts (name, email, phone, language, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.Name, in.Email, in.Phone, in.Language, attrs, now, now)
	if err != nil {
		return fmt.Errorf("import contact: %w", err)
	}
	c := &Contact{ID: id, Name: in.Name, Email: in.Email, Phone: in.Phone, Language: in.Language, Attributes: json.RawMessage(attrs),
		Identities: []*switchboard.Identity{}, Labels: slices.Sorted(maps.Keys(labels)), CreatedAt: tx.now, UpdatedAt: tx.now}
	for kind, v := range map[switchboard.IdentityKind]string{switchboard.IdentityEmail: in.Email, switchboard.IdentityPhone: in.Phone} {
		if v == "" {
			continue
		}
		ident, err := tx.addIdentity(id, switchboard.IdentityInput{Kind: kind, ExternalID: v}, string(kind))
		if err != nil {
			return err
		}
		c.Identities = append(c.Identities, ident)
	}
	slices.SortFunc(c.Identities, func(a, b *switchboard.Identity) int { return int(a.ID - b.ID) })
	for _, l := range slices.Sorted(maps.Values(labels)) {
		if _, err := tx.exec("INSERT INTO contact_labels (contact_id, label_id) VALUES (?, ?)", id, l); err != nil {
			return fmt.Errorf("import contact: %w", err)
		}
	}
	tx.emit(switchboard.EventContactCreated, nil, nil, nil, c)
	tx.imported = append(tx.imported, id)
	return nil
}
