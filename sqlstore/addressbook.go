package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	// Exact tells that the last contact was among those the query names exactly, listed first.
	Exact bool `json:"x,omitempty"`
}

func (c contactCursor) encode() string {
	raw, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// FindContacts returns one page of the address book in the filter's order. The cursor holds the
// sort value and id of the last contact of the previous page, so a page is one range scan of the
// index of that order (contacts_created, contacts_name, contacts_last_seen) however deep it is;
// no page counts the rows. Only the contacts the actor sees are listed (see contactScope).
//
// A query lists first the contacts it names exactly (an address such as a whole email, a phone
// number or a handle, or the whole name), then the others the full-text index of names, emails
// and phones finds, each part in the filter's order (see contactMatch).
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
	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	w, err := db.contactWhere(ctx, f, scope)
	if err != nil {
		return nil, err
	}
	var after *contactCursor
	if f.Cursor != "" {
		var c contactCursor
		raw, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err != nil || json.Unmarshal(raw, &c) != nil || c.Sort != f.Sort {
			return nil, errBadCursor
		}
		after = &c
	}
	page := &switchboard.ContactPage{Items: []*Contact{}}
	var last contactRow // the last contact of the page
	more := false
	q := strings.TrimSpace(f.Query)
	if q == "" {
		rows, err := db.contactRows(ctx, w, f.Sort, after, false, false, f.Limit+1)
		if err != nil {
			return nil, err
		}
		page.Items, last, more = pageOf(rows, f.Limit)
	} else {
		exact, exactArgs := db.exactContacts(q)
		if after == nil || after.Exact {
			// The contacts the query names exactly, then the others from the first.
			we := w.clone()
			we.add("contacts.id IN ("+exact+")", exactArgs...)
			rows, err := db.contactRows(ctx, we, f.Sort, after, true, true, f.Limit+1)
			if err != nil {
				return nil, err
			}
			page.Items, last, more = pageOf(rows, f.Limit)
			after = nil
		}
		if need := f.Limit - len(page.Items); !more {
			wr := w.clone()
			wr.add("contacts.id NOT IN ("+exact+")", exactArgs...)
			cond, args, sorted, err := db.contactMatch(ctx, q, f.Sort, need+1)
			if err != nil {
				return nil, err
			}
			if cond != "" { // else no word to look for: the exact part is all
				wr.add(cond, args...)
				rows, err := db.contactRows(ctx, wr, f.Sort, after, false, sorted, need+1)
				if err != nil {
					return nil, err
				}
				items, l, m := pageOf(rows, need)
				page.Items, more = append(page.Items, items...), m
				if len(items) > 0 {
					last = l
				}
			}
		}
	}
	if more {
		c := contactCursor{Sort: f.Sort, ID: last.c.ID, Exact: last.exact}
		switch k := last.key.(type) {
		case string:
			c.Str = k
		case []byte:
			c.Str = string(k)
		case int64:
			c.Num = k
		}
		page.NextCursor = c.encode()
	}
	if err := db.loadContactDetails(ctx, db.read, page.Items); err != nil {
		return nil, err
	}
	return page, nil
}

// contactRow is a contact of a page with its sort value, as the engine compares it, and whether
// it is among those the query names exactly.
type contactRow struct {
	c     *Contact
	key   any
	exact bool
}

// pageOf cuts the first n of rows, the last of them, and whether there were more.
func pageOf(rows []contactRow, n int) ([]*Contact, contactRow, bool) {
	more := len(rows) > n
	rows = rows[:min(n, len(rows))]
	items := make([]*Contact, len(rows))
	for i, r := range rows {
		items[i] = r.c
	}
	var last contactRow
	if len(rows) > 0 {
		last = rows[len(rows)-1]
	}
	return items, last, more
}

// contactRows reads up to limit contacts of w in sort's order, after the cursor's position if
// one is given; exact marks them as named exactly by the query. With sorted, the order is
// written so that no index serves it: the rows w picks by another index are read and sorted.
func (db *DB) contactRows(ctx context.Context, w where, sort switchboard.ContactSort, after *contactCursor, exact, sorted bool, limit int) ([]contactRow, error) {
	order := contactOrders[sort]
	if sorted && db.dialect.name == "postgres" {
		if sort == switchboard.SortName {
			order.key += " || ''"
		} else {
			order.key += " + 0"
		}
	}
	cmp, dir := ">", ""
	if order.desc {
		cmp, dir = "<", " DESC"
	}
	if after != nil {
		var v any = after.Num
		if sort == switchboard.SortName {
			v = after.Str
		}
		w.add("("+order.key+" "+cmp+" ? OR ("+order.key+" = ? AND contacts.id "+cmp+" ?))", v, v, after.ID)
	}
	rows, err := db.query(ctx, "SELECT "+contactColumns+", "+order.key+" FROM contacts"+w.sql()+" ORDER BY "+order.key+dir+", contacts.id"+dir+limitSQL(limit),
		w.args...)
	if err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	defer rows.Close()
	var out []contactRow
	for rows.Next() {
		var key any
		c, err := scanContact(withExtra{rows, &key})
		if err != nil {
			return nil, fmt.Errorf("find contacts: %w", err)
		}
		out = append(out, contactRow{c: c, key: key, exact: exact})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find contacts: %w", err)
	}
	return out, nil
}

// clone is a copy of w that conditions can be added to without changing w.
func (w where) clone() where {
	return where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// contactWhere is the condition of an address-book filter, scope included, without the query and
// the cursor. A contact merged into another is kept for an un-merge, but listed no more.
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
	return w, nil
}

// exactContacts is a query of the ids of the contacts q names exactly: one of their addresses
// (a whole email, a phone number however it is written, a handle, with or without its @) or
// their whole name, ignoring case. Each side is one look-up of an index.
func (db *DB) exactContacts(q string) (string, []any) {
	handle := strings.TrimPrefix(q, "@")
	ids := []any{handle, strings.ToLower(handle)}
	if strings.Trim(q, "+0123456789 -().") == "" {
		if phone, err := switchboard.NormalizePhone(q); err == nil {
			ids = append(ids, phone)
		}
	}
	var args []any
	kinds := make([]string, len(switchboard.IdentityKinds))
	for i, k := range switchboard.IdentityKinds {
		kinds[i], args = "?", append(args, string(k))
	}
	args = append(append(args, ids...), strings.ToLower(q))
	return "SELECT contact_id FROM identities WHERE kind IN (" + strings.Join(kinds, ", ") + ") AND external_id IN (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ") UNION SELECT id FROM contacts WHERE lower(name) = ?", args
}

// contactSetBound is how many full-text hits a query may have for its page to be picked among
// them all, each hit's row read and sorted. A query with more (a common first name) may rather
// walk the index of the page's order, checking each contact against the hits, and stop at the
// page's end: the walk reads about as many contacts as lie before the page's last hit, which a
// query of recent contacts finds soon and one of old contacts (a phone prefix of an old range)
// after most of the book, so for the newest-first order the walk is taken only when the hits'
// ids (which follow creation but for imported contacts) put the page within contactWalkBound
// contacts of the top. For the other orders the hits give no such hint: the walk is taken past
// contactSetBound*4 hits, when a page is likely within a few thousand contacts.
const (
	contactSetBound  = 5000
	contactWalkBound = 20000
)

// contactMatch is the condition on contacts a query's words put: each a word of the contact's
// name, email or phone, the last one a prefix, as Search reads them. Punctuation the words leave
// out ("ezio_", "100%", "a@b") must be there as typed. A query of phone characters also finds
// the number it begins, with or without its country code ("333 111-2" finds +39 333 111 2222):
// the full-text index holds each phone number also without its first 1, 2 and 3 digits.
// It is "" when q has no word.
func (db *DB) contactMatch(ctx context.Context, q string, sort switchboard.ContactSort, need int) (cond string, args []any, sorted bool, err error) {
	terms := searchTerms(q)
	if len(terms) == 0 {
		return "", nil, false, nil
	}
	digits := strings.Map(keepDigit, q)
	phoneLike := len(digits) >= 3 && strings.Trim(q, "+0123456789 -().") == ""
	literal := strings.IndexFunc(q, func(r rune) bool { return notWordRune(r) && r != ' ' }) >= 0
	prefix := true
	if literal && !phoneLike && len(terms[len(terms)-1]) > 1 {
		// The literal check below holds the last word in place after punctuation ("…@seed.te"),
		// so the index need not look for it as a prefix: a prefix shared by most contacts
		// ("test" of "@seed.test") would read a whole list of them.
		last := terms[len(terms)-1]
		terms = append(terms[:len(terms)-1:len(terms)-1], last[:len(last)-1])
		prefix = false
	}
	if phoneLike {
		// The digits as one word: groups of digits ("333 111") are parts of one number.
		terms, prefix = [][]string{{digits}}, true
	}
	fq := fts5QueryOf(terms, prefix)
	if db.dialect.name == "postgres" {
		fq = tsQueryOf(terms, prefix)
	}
	var lits []string
	var largs []any
	if literal {
		esc := " ESCAPE '" + likeEscape + "'"
		lits = []string{"lower(contacts.name) LIKE ?" + esc, "lower(contacts.email) LIKE ?" + esc}
		largs = []any{likeContains(q), likeContains(q)}
		if digits != "" {
			lits = append(lits, "contacts.phone LIKE ?"+esc)
			largs = append(largs, likeContains(digits))
		}
	}
	if db.dialect.name == "postgres" {
		cond = "contacts.search @@ to_tsquery('simple', ?)"
		// The planner, left alone, walks the order's index for a rare word too (it cannot tell
		// how rare), and may read most of the book before it finds one. So the walk is tried on
		// the first contactSetBound contacts of the order: if they hold a page, the word is
		// common enough to walk for; if not, the order is written so that no index serves it,
		// and the hits are read from the full-text index and sorted. (Counting the hits of a
		// common word would cost as much as the walk.)
		order := contactOrders[sort]
		dir := ""
		if order.desc {
			dir = " DESC"
		}
		var found int
		if err := db.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT contacts.search FROM contacts ORDER BY "+order.key+dir+", contacts.id"+dir+
			limitSQL(contactSetBound)+") w WHERE w.search @@ to_tsquery('simple', ?)"+limitSQL(need)+") h", fq).Scan(&found); err != nil {
			return "", nil, false, fmt.Errorf("find contacts: %w", err)
		}
		sorted = found < need
	} else {
		walk, err := db.contactWalk(ctx, fq, sort, need)
		if err != nil {
			return "", nil, false, err
		}
		cond = "contacts.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)"
		if walk {
			// The unary + keeps SQLite from reading the hits' rows one by one (then sorting
			// them all): it walks the order's index and checks each id against the hits.
			cond = "+" + cond
		}
	}
	args = []any{fq}
	if len(lits) > 0 {
		cond = "(" + cond + " AND (" + strings.Join(lits, " OR ") + "))"
		args = append(args, largs...)
	}
	return cond, args, sorted, nil
}

// contactWalk tells whether a page of the SQLite full-text query fq in sort's order is better
// found by walking the order's index than by reading every hit (see contactSetBound).
func (db *DB) contactWalk(ctx context.Context, fq string, sort switchboard.ContactSort, need int) (bool, error) {
	setBound, walkBound := contactSetBound, contactWalkBound
	if b := db.contactBounds; b != nil {
		setBound, walkBound = b[0], b[1]
	}
	if sort != switchboard.SortCreated {
		var hits int
		if err := db.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ?"+limitSQL(4*setBound+1)+")",
			fq).Scan(&hits); err != nil {
			return false, fmt.Errorf("find contacts: %w", err)
		}
		return hits > 4*setBound, nil
	}
	// The contacts after the hit that would end the page, were hits in creation order; none when
	// there are fewer hits than a page.
	var after sql.NullInt64
	if err := db.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM contacts WHERE id > h.rowid"+limitSQL(walkBound+1)+")) FROM "+
		"(SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid DESC"+limitSQL(1)+" OFFSET "+strconv.Itoa(need)+") h",
		fq).Scan(&after); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("find contacts: %w", err)
	}
	return after.Valid && after.Int64 <= int64(walkBound), nil
}

// fts5QueryOf is fts5Query with the last word a prefix only if prefix is set.
func fts5QueryOf(terms [][]string, prefix bool) string {
	q := fts5Query(terms)
	if !prefix {
		q = strings.TrimSuffix(q, "*")
	}
	return q
}

// tsQueryOf is tsQuery with the last word a prefix only if prefix is set.
func tsQueryOf(terms [][]string, prefix bool) string {
	q := tsQuery(terms)
	if !prefix {
		q = strings.TrimSuffix(q, ":*")
	}
	return q
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
