package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ContactService = (*DB)(nil)

// Contact is a local alias that keeps scanning code short.
type Contact = switchboard.Contact

const contactColumns = "id, name, email, phone, avatar_url, language, attributes, blocked, created_at, updated_at, last_seen_at"

func scanContact(row scanner) (*Contact, error) {
	var c Contact
	var attrs string
	var created, updated, seen int64
	if err := row.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.AvatarURL, &c.Language, &attrs, &c.Blocked, &created, &updated, &seen); err != nil {
		return nil, err
	}
	c.Attributes, c.CreatedAt, c.UpdatedAt = json.RawMessage(attrs), fromMicro(created), fromMicro(updated)
	if seen > 0 {
		t := fromMicro(seen)
		c.LastSeenAt = &t
	}
	c.Identities = []*switchboard.Identity{}
	return &c, nil
}

const identityColumns = "id, contact_id, kind, external_id, created_at, opted_out_at"

func scanIdentity(row scanner) (*switchboard.Identity, error) {
	var i switchboard.Identity
	var created int64
	var optedOut sql.NullInt64
	if err := row.Scan(&i.ID, &i.ContactID, &i.Kind, &i.ExternalID, &created, &optedOut); err != nil {
		return nil, err
	}
	i.CreatedAt, i.OptedOutAt = fromMicro(created), fromNullMicro(optedOut)
	return &i, nil
}

// CreateContact adds a contact to the address book with its identities, in one transaction.
// A preferred email or phone is also made an identity, so the contact's next message on that
// address lands on this contact rather than a new one. An address that belongs to another
// contact is ECONFLICT and nothing is created.
func (db *DB) CreateContact(ctx context.Context, in *switchboard.ContactInput) (*Contact, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	attrs, err := compactJSON(in.Attributes)
	if err != nil {
		return nil, fmt.Errorf("create contact: %w", err)
	}
	c := &Contact{}
	for dst, src := range map[*string]*string{&c.Name: in.Name, &c.Email: in.Email, &c.Phone: in.Phone,
		&c.AvatarURL: in.AvatarURL, &c.Language: in.Language} {
		if src != nil {
			*dst = *src
		}
	}
	if in.Blocked != nil {
		c.Blocked = *in.Blocked
	}
	// The identities to add, each once, with the input field a conflict is reported on.
	type want struct {
		in    switchboard.IdentityInput
		field string
	}
	var wants []want
	seen := map[switchboard.IdentityInput]bool{}
	add := func(kind switchboard.IdentityKind, id, field string) {
		k := switchboard.IdentityInput{Kind: kind, ExternalID: id}
		if !seen[k] {
			seen[k] = true
			wants = append(wants, want{k, field})
		}
	}
	for _, i := range in.Identities {
		add(i.Kind, i.ExternalID, "identities")
	}
	if c.Email != "" {
		add(switchboard.IdentityEmail, c.Email, "email")
	}
	if c.Phone != "" {
		add(switchboard.IdentityPhone, c.Phone, "phone")
	}

	var out *Contact
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.checkContactAttrs(in.Attributes, nil); err != nil {
			return err
		}
		now := micro(tx.now)
		id, err := tx.insert(`INSERT INTO contacts (name, email, phone, avatar_url, language, attributes, blocked, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Email, c.Phone, c.AvatarURL, c.Language, attrs, c.Blocked, now, now)
		if err != nil {
			return fmt.Errorf("create contact: %w", err)
		}
		for _, w := range wants {
			if _, err := tx.addIdentity(id, w.in, w.field); err != nil {
				return err
			}
		}
		if err := tx.setContactLabels(id, in.Labels); err != nil {
			return err
		}
		if out, err = db.findContact(tx.ctx, tx.tx, id, switchboard.InboxScope{All: true}); err != nil {
			return err
		}
		tx.emit(switchboard.EventContactCreated, nil, nil, nil, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindContactByID returns a contact with its identities, if the actor sees it (see
// contactScope).
func (db *DB) FindContactByID(ctx context.Context, id int64) (*Contact, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	s, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	return db.findContact(ctx, db.read, id, s)
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// UpdateContact changes the fields that are set, of a contact the actor sees (see
// contactScope); Identities are ignored (use AddIdentity and DeleteIdentity). A new email or
// phone changes the preferred detail only, not the identities.
func (db *DB) UpdateContact(ctx context.Context, id int64, in *switchboard.ContactInput) (*Contact, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var attrs string
	if len(in.Attributes) > 0 {
		var err error
		if attrs, err = compactJSON(in.Attributes); err != nil {
			return nil, fmt.Errorf("update contact %d: %w", id, err)
		}
	}
	var out *Contact
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.seeContact(id); err != nil {
			return err
		}
		cur, err := scanContact(tx.queryRow("SELECT "+contactColumns+" FROM contacts WHERE id = ?", id))
		if err != nil {
			return fmt.Errorf("update contact %d: %w", id, err)
		}
		for dst, src := range map[*string]*string{&cur.Name: in.Name, &cur.Email: in.Email, &cur.Phone: in.Phone,
			&cur.AvatarURL: in.AvatarURL, &cur.Language: in.Language} {
			if src != nil {
				*dst = *src
			}
		}
		before, err := tx.factsBefore(cur, in.Labels != nil)
		if err != nil {
			return err
		}
		if in.Blocked != nil {
			if err := tx.setBlocked(id, cur.Blocked, *in.Blocked); err != nil {
				return err
			}
			cur.Blocked = *in.Blocked
		}
		if attrs != "" {
			if err := tx.checkContactAttrs(json.RawMessage(attrs), cur.Attributes); err != nil {
				return err
			}
			cur.Attributes = json.RawMessage(attrs)
		}
		if _, err := tx.exec(`UPDATE contacts SET name = ?, email = ?, phone = ?, avatar_url = ?, language = ?, attributes = ?,
			blocked = ?, updated_at = ? WHERE id = ?`, cur.Name, cur.Email, cur.Phone, cur.AvatarURL, cur.Language,
			string(cur.Attributes), cur.Blocked, micro(tx.now), id); err != nil {
			return fmt.Errorf("update contact %d: %w", id, err)
		}
		if err := tx.setContactLabels(id, in.Labels); err != nil {
			return err
		}
		if out, err = db.findContact(tx.ctx, tx.tx, id, switchboard.InboxScope{All: true}); err != nil {
			return err
		}
		if err := tx.noteContactUpdate(before, out); err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, id, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddIdentity attaches an address to a contact the actor sees (see contactScope), and records
// who did in each of the contact's conversations (see noteIdentityChange). An address belongs
// to one contact: if any contact, this one included, already has it, the answer is ECONFLICT.
func (db *DB) AddIdentity(ctx context.Context, contactID int64, in *switchboard.IdentityInput) (*switchboard.Identity, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Send kind and external_id.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *switchboard.Identity
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.seeContact(contactID); err != nil {
			return err
		}
		if err := tx.touchContact(contactID); err != nil {
			return err
		}
		var err error
		if out, err = tx.addIdentity(contactID, *in, "external_id"); err != nil {
			return err
		}
		if err := tx.noteIdentityChange("identity_added", out); err != nil {
			return err
		}
		c, err := db.findContact(tx.ctx, tx.tx, contactID, switchboard.InboxScope{All: true})
		if err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, contactID, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteIdentity detaches an address from a contact the actor sees (see contactScope), and
// records who did in each of the contact's conversations. The identity must belong to that
// contact.
func (db *DB) DeleteIdentity(ctx context.Context, contactID, identityID int64) error {
	if _, err := requireActor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.seeContact(contactID); err != nil {
			return err
		}
		gone, err := scanIdentity(tx.queryRow("DELETE FROM identities WHERE id = ? AND contact_id = ? RETURNING "+identityColumns,
			identityID, contactID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Identity")
		} else if err != nil {
			return fmt.Errorf("delete identity %d: %w", identityID, err)
		}
		if err := tx.touchContact(contactID); err != nil {
			return err
		}
		if err := tx.noteIdentityChange("identity_removed", gone); err != nil {
			return err
		}
		c, err := db.findContact(tx.ctx, tx.tx, contactID, switchboard.InboxScope{All: true})
		if err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, contactID, c)
	})
}

// setContactLabels replaces a contact's labels by the named ones, which must exist; nil leaves
// them alone.
func (tx *Tx) setContactLabels(id int64, names *[]string) error {
	if names == nil {
		return nil
	}
	found, err := tx.labelIDs(*names)
	if err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM contact_labels WHERE contact_id = ?", id); err != nil {
		return fmt.Errorf("set contact labels: %w", err)
	}
	for _, lid := range found {
		if _, err := tx.exec("INSERT INTO contact_labels (contact_id, label_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, lid); err != nil {
			return fmt.Errorf("set contact labels: %w", err)
		}
	}
	return nil
}

// touchContact bumps a contact's updated_at, or answers ENOTFOUND if there is no such contact.
func (tx *Tx) touchContact(id int64) error {
	res, err := tx.exec("UPDATE contacts SET updated_at = ? WHERE id = ?", micro(tx.now), id)
	if err != nil {
		return fmt.Errorf("touch contact %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("touch contact %d: %w", id, err)
	} else if n == 0 {
		return notFound("Contact")
	}
	return nil
}

// addIdentity inserts a normalised identity for a contact. The owner is looked up first so the
// conflict can say whose the address is (a failed INSERT would also abort a PostgreSQL
// transaction); the unique index still decides a race. field names the input the identity came
// from, for the error's Fields.
func (tx *Tx) addIdentity(contactID int64, in switchboard.IdentityInput, field string) (*switchboard.Identity, error) {
	conflict := func(msg string) error {
		return &switchboard.Error{Code: switchboard.ECONFLICT, Message: msg, Fields: map[string]string{field: msg}}
	}
	var owner int64
	err := tx.queryRow("SELECT contact_id FROM identities WHERE kind = ? AND external_id = ?", string(in.Kind), in.ExternalID).Scan(&owner)
	switch {
	case err == nil && owner == contactID:
		return nil, conflict(fmt.Sprintf("This contact already has the %s address %s.", in.Kind, in.ExternalID))
	case err == nil:
		return nil, conflict(fmt.Sprintf("The %s address %s belongs to another contact.", in.Kind, in.ExternalID))
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("find identity: %w", err)
	}
	id, err := tx.insert("INSERT INTO identities (contact_id, kind, external_id, created_at) VALUES (?, ?, ?, ?)",
		contactID, string(in.Kind), in.ExternalID, micro(tx.now))
	if isUniqueViolation(err) {
		return nil, conflict(fmt.Sprintf("The %s address %s belongs to another contact.", in.Kind, in.ExternalID))
	} else if isForeignKeyViolation(err) {
		return nil, notFound("Contact")
	} else if err != nil {
		return nil, fmt.Errorf("add identity: %w", err)
	}
	return &switchboard.Identity{ID: id, ContactID: contactID, Kind: in.Kind, ExternalID: in.ExternalID, CreatedAt: tx.now}, nil
}

// findContact reads one contact and its identities through q (the read pool or a transaction),
// or answers ENOTFOUND if scope s does not see it (see contactScope).
func (db *DB) findContact(ctx context.Context, q rowQueryer, id int64, s switchboard.InboxScope) (*Contact, error) {
	w := where{conds: []string{"id = ?"}, args: []any{id}}
	if cond := contactScope("contacts.id", s); cond != "" {
		// A contact merged into another has no conversations left to be seen by: only those
		// who see every contact read it.
		w.add("merged_into IS NULL")
		w.add(cond)
	}
	c, err := scanContact(q.QueryRowContext(ctx, db.q("SELECT "+contactColumns+" FROM contacts"+w.sql()), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Contact")
	} else if err != nil {
		return nil, fmt.Errorf("find contact %d: %w", id, err)
	}
	if err := db.loadContactDetails(ctx, q, []*Contact{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// loadContactDetails fills what contacts keep in other tables: identities and labels.
func (db *DB) loadContactDetails(ctx context.Context, q queryer, contacts []*Contact) error {
	if err := db.loadIdentities(ctx, q, contacts); err != nil {
		return err
	}
	if len(contacts) == 0 {
		return nil
	}
	byID := make(map[int64]*Contact, len(contacts))
	ids := make([]any, len(contacts))
	for i, c := range contacts {
		byID[c.ID], ids[i], c.Labels = c, c.ID, []string{}
	}
	var w where
	w.in("cl.contact_id", ids)
	rows, err := q.QueryContext(ctx, db.q("SELECT cl.contact_id, l.name FROM contact_labels cl JOIN labels l ON l.id = cl.label_id"+w.sql()+" ORDER BY l.name_key"), w.args...)
	if err != nil {
		return fmt.Errorf("load contact labels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("load contact labels: %w", err)
		}
		byID[id].Labels = append(byID[id].Labels, name)
	}
	return rows.Err()
}

// loadIdentities fills the identities of a list of contacts with one query, oldest first.
func (db *DB) loadIdentities(ctx context.Context, q queryer, contacts []*Contact) error {
	if len(contacts) == 0 {
		return nil
	}
	byID := make(map[int64]*Contact, len(contacts))
	ids := make([]any, len(contacts))
	for i, c := range contacts {
		byID[c.ID], ids[i] = c, c.ID
	}
	var w where
	w.in("contact_id", ids)
	rows, err := q.QueryContext(ctx, db.q("SELECT "+identityColumns+" FROM identities"+w.sql()+" ORDER BY id"), w.args...)
	if err != nil {
		return fmt.Errorf("load identities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		i, err := scanIdentity(rows)
		if err != nil {
			return fmt.Errorf("load identities: %w", err)
		}
		if c := byID[i.ContactID]; c != nil {
			c.Identities = append(c.Identities, i)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load identities: %w", err)
	}
	return nil
}

// emitContact records an event about a contact once for each inbox the contact has
// conversations in, so that the log shows it to those who see one of them, as the contact
// itself is shown (see contactScope); a contact without conversations belongs to the shared
// address book, and its event to everyone. Outgoing webhooks get it once.
func (tx *Tx) emitContact(typ switchboard.EventType, contactID int64, data any) error {
	rows, err := tx.query("SELECT DISTINCT inbox_id FROM conversations WHERE contact_id = ? ORDER BY inbox_id", contactID)
	if err != nil {
		return fmt.Errorf("%s: inboxes of contact %d: %w", typ, contactID, err)
	}
	var inboxes []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("%s: inboxes of contact %d: %w", typ, contactID, err)
		}
		inboxes = append(inboxes, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: inboxes of contact %d: %w", typ, contactID, err)
	}
	if len(inboxes) == 0 {
		tx.emit(typ, nil, nil, nil, data)
		return nil
	}
	for i, id := range inboxes {
		tx.emit(typ, &id, nil, nil, data)
		if i > 0 {
			tx.markCopy(tx.events[len(tx.events)-1])
		}
	}
	return nil
}

// NameContact gives a contact the name its channel's provider has for them, while its name is
// still the one it was created with (placeholder); an agent's name is never overwritten.
func (db *DB) NameContact(ctx context.Context, contactID int64, placeholder, name string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	name = switchboard.StorableText(strings.TrimSpace(name))
	if name == "" || len(name) > 200 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("UPDATE contacts SET name = ?, updated_at = ? WHERE id = ? AND name = ?", name, micro(tx.now), contactID, placeholder)
		if err != nil {
			return fmt.Errorf("name contact %d: %w", contactID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		c, err := db.findContact(tx.ctx, tx.tx, contactID, switchboard.InboxScope{All: true})
		if err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, contactID, c)
	})
}
