package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// contactOrder is how an address-book sort reads: its key expression, direction and index.
type contactOrder struct {
	key  string // the sort value
	desc bool
}

var contactOrders = map[switchboard.ContactSort]contactOrder{
	switchboard.SortCreated:  {"contacts.created_at", true},
	switchboard.SortName:     {"lower(contacts.name)", false},
	switchboard.SortLastSeen: {"contacts.last_seen_at", true},
}

// contactCursor is the keyset position of an address-book page: the sort value and id of the
// last contact of the previous page.
type contactCursor struct {
	Sort switchboard.ContactSort `json:"s"`
	Num  int64                   `json:"n,omitempty"`
	Str  string                  `json:"t,omitempty"`
	ID   int64                   `json:"i"`
}

func (c contactCursor) encode() string {
	raw, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// FindContacts returns one page of the address book in the filter's order. The cursor holds the
// sort value and id of the last contact of the previous page, so a page is one range scan of the
// index of that order (contacts_created, contacts_name, contacts_last_seen) however deep it is;
// no page counts the rows. Query is read by the full-text index of names, emails and phones (as
// Search reads it), or matches an address (a handle) exactly. Only the contacts the actor sees
// are listed (see contactScope).
func (db *DB) FindContacts(ctx context.Context, f switchboard.ContactFilter) (*switchboard.ContactPage, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = switchboard.DefaultPageSize
	}
	if f.Limit < 1 || f.Limit > switchboard.MaxPageSize {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Limit must be between 1 and 100.",
			Fields: map[string]string{"limit": "Limit must be between 1 and 100."}}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.Sort == "" {
		f.Sort = switchboard.SortCreated
	}
	order := contactOrders[f.Sort]
	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	w, err := db.contactWhere(ctx, f, scope)
	if err != nil {
		return nil, err
	}
	if f.Cursor != "" {
		var c contactCursor
		raw, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err != nil || json.Unmarshal(raw, &c) != nil || c.Sort != f.Sort {
			return nil, errBadCursor
		}
		var v any = c.Num
		if f.Sort == switchboard.SortName {
			v = c.Str
		}
		cmp := ">"
		if order.desc {
			cmp = "<"
		}
		w.add("("+order.key+" "+cmp+" ? OR ("+order.key+" = ? AND contacts.id "+cmp+" ?))", v, v, c.ID)
	}
	dir := ""
	if order.desc {
		dir = " DESC"
	}
	rows, err := db.query(ctx, "SELECT "+contactColumns+", "+order.key+" FROM contacts"+w.sql()+" ORDER BY "+order.key+dir+", contacts.id"+dir+" LIMIT ?",
		append(w.args, f.Limit+1)...)
	if err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	defer rows.Close()
	page := &switchboard.ContactPage{Items: []*Contact{}}
	var key any     // the sort value of the last row, as the engine compares it
	var lastKey any // the sort value of the row after the page's last
	for rows.Next() {
		c, err := scanContact(withExtra{rows, &key})
		if err != nil {
			return nil, fmt.Errorf("find contacts: %w", err)
		}
		if len(page.Items) == f.Limit-1 {
			lastKey = key
		}
		page.Items = append(page.Items, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	rows.Close()
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		c := contactCursor{Sort: f.Sort, ID: last.ID}
		if f.Sort == switchboard.SortName {
			c.Str = strings.ToLower(last.Name) // replaced below by the engine's own lower()
		} else if f.Sort == switchboard.SortLastSeen && last.LastSeenAt != nil {
			c.Num = micro(*last.LastSeenAt)
		} else if f.Sort == switchboard.SortCreated {
			c.Num = micro(last.CreatedAt)
		}
		if s, ok := lastKey.(string); ok && f.Sort == switchboard.SortName {
			c.Str = s
		} else if b, ok := lastKey.([]byte); ok && f.Sort == switchboard.SortName {
			c.Str = string(b)
		}
		page.NextCursor = c.encode()
	}
	if err := db.loadContactDetails(ctx, db.read, page.Items); err != nil {
		return nil, err
	}
	return page, nil
}

// contactWhere is the condition of an address-book filter, scope included, without the cursor.
// A contact merged into another is kept for an un-merge, but listed no more.
func (db *DB) contactWhere(ctx context.Context, f switchboard.ContactFilter, scope switchboard.InboxScope) (where, error) {
	w := where{conds: []string{"contacts.merged_into IS NULL"}}
	if cond := contactScope("contacts.id", scope); cond != "" {
		w.add(cond)
	}
	if f.Identity != "" {
		w.add("contacts.id IN (SELECT contact_id FROM identities WHERE kind = ? AND external_id = ?)", string(f.IdentityKind), f.Identity)
	}
	if f.Channel != "" {
		w.add("EXISTS (SELECT 1 FROM identities ci WHERE ci.contact_id = contacts.id AND ci.kind = ?)", string(f.Channel))
	}
	if l := strings.TrimSpace(f.Label); l != "" {
		w.add("EXISTS (SELECT 1 FROM contact_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.contact_id = contacts.id AND l.name_key = ?)",
			strings.ToLower(l))
	}
	if f.Attr != "" {
		cond, args, err := db.attrCond(ctx, f.Attr, f.AttrValue)
		if err != nil {
			return w, err
		}
		w.add(cond, args...)
	}
	if f.Blocked != nil {
		w.add("contacts.blocked = ?", *f.Blocked)
	}
	if !f.SeenAfter.IsZero() {
		w.add("contacts.last_seen_at >= ?", micro(f.SeenAfter))
	}
	if !f.SeenBefore.IsZero() {
		w.add("contacts.last_seen_at > 0 AND contacts.last_seen_at < ?", micro(f.SeenBefore))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// One set of ids, the full-text hits and the contacts with that address (a handle, a
		// phone) exactly, so each side uses its own index.
		var parts []string
		var args []any
		esc := " ESCAPE '" + likeEscape + "'"
		digits := strings.Map(keepDigit, q)
		if terms := searchTerms(q); len(terms) > 0 {
			hits := "SELECT c2.id FROM contacts c2 WHERE c2.search @@ to_tsquery('simple', ?)"
			if db.dialect.name != "postgres" {
				hits = "SELECT c2.id FROM contacts_fts JOIN contacts c2 ON c2.id = contacts_fts.rowid WHERE contacts_fts MATCH ?"
			}
			args = append(args, db.dialect.ftsQuery(terms))
			// Punctuation the words leave out ("ezio_", "100%", "a@b") must be there as typed.
			if strings.IndexFunc(q, func(r rune) bool { return notWordRune(r) && r != ' ' }) >= 0 {
				conds := []string{"lower(c2.name) LIKE ?" + esc, "lower(c2.email) LIKE ?" + esc}
				args = append(args, likeContains(q), likeContains(q))
				if digits != "" {
					conds = append(conds, "c2.phone LIKE ?"+esc)
					args = append(args, likeContains(digits))
				}
				hits += " AND (" + strings.Join(conds, " OR ") + ")"
			}
			parts = append(parts, hits)
		}
		// A phone number as people type it, without its country code ("333 111-2"), is found
		// anywhere in the stored E.164 number: a scan, only for queries of phone characters.
		if len(digits) >= 3 && !strings.HasPrefix(q, "+") && strings.Trim(q, "0123456789 -().") == "" {
			parts = append(parts, "SELECT id FROM contacts WHERE phone LIKE ?"+esc)
			args = append(args, likeContains(digits))
		}
		kinds := make([]string, len(switchboard.IdentityKinds))
		for i, k := range switchboard.IdentityKinds {
			kinds[i], args = "?", append(args, string(k))
		}
		parts = append(parts, "SELECT contact_id FROM identities WHERE kind IN ("+strings.Join(kinds, ", ")+") AND external_id IN (?, ?)")
		handle := strings.TrimPrefix(q, "@")
		args = append(args, handle, strings.ToLower(handle))
		w.add("contacts.id IN ("+strings.Join(parts, " UNION ")+")", args...)
	}
	return w, nil
}

// ExportContacts calls fn with every contact of the filter (cursor and limit ignored), in its
// order, a page at a time, so an export of any size holds one page in memory.
func (db *DB) ExportContacts(ctx context.Context, f switchboard.ContactFilter, fn func(*Contact) error) error {
	f.Cursor, f.Limit = "", switchboard.MaxPageSize
	for {
		page, err := db.FindContacts(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range page.Items {
			if err := fn(c); err != nil {
				return err
			}
		}
		if page.NextCursor == "" {
			return nil
		}
		f.Cursor = page.NextCursor
	}
}

// withExtra scans a row that has one more column than its scanner reads, into extra.
type withExtra struct {
	scanner
	extra any
}

func (w withExtra) Scan(dest ...any) error { return w.scanner.Scan(append(dest, w.extra)...) }

// recountLastSeen sets contacts' last_seen_at from their customers' messages once conversations
// moved between them (a merge, an un-merge); the trigger on messages keeps it from then on.
func (tx *Tx) recountLastSeen(ids ...int64) error {
	cond, args := inIDs("id", ids)
	if _, err := tx.exec(`UPDATE contacts SET last_seen_at = COALESCE((SELECT MAX(m.created_at) FROM conversations c
		JOIN messages m ON m.conversation_id = c.id WHERE c.contact_id = contacts.id AND m.direction = 'incoming'), 0) WHERE `+cond, args...); err != nil {
		return fmt.Errorf("recount last seen: %w", err)
	}
	return nil
}
