package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// A contact's erasure (the customer's right to erasure). Deleting the contact row cascades to its
// identities, labels, visitors, customer windows and conversations, and from those to messages,
// attachments, mentions, reads, surveys, SLA timers, scheduled messages and the full-text index
// (SQLite's delete trigger; PostgreSQL's stored tsvector is a column of the message). What holds
// the person's data without a foreign key is removed here, in the same transaction: the event
// log's entries about the conversations and the contact (emptied, see EventErased; and their
// webhook deliveries), jobs that
// name them, the providers' raw webhooks that carried their messages, rule runs, reactions they
// left on messages not yet matched, and the lines of contact imports (CSV and refused rows) with
// their email or phone. The stored files go after commit. The audit log records who erased which
// contact id and how much went, never the personal data itself.

// erasure is what an erasure found of a contact before deleting it.
type erasure struct {
	contacts  []int64                   // the contact and those merged into it
	convs     string                    // a subquery of their conversations' ids
	args      []any                     // its arguments
	markers   []string                  // strings that identify the person in free text (lower case)
	digits    []string                  // their phone numbers' digits
	fullNames []string                  // their full names (two words or more, lower case): see scrubImports
	provider  map[string]bool           // provider ids of their messages
	ids       map[string]map[int64]bool // conversation_id, message_id, contact_id, attachment_id → ids
	files     []string
	counts    switchboard.ErasureCounts
}

// DeleteContact erases a contact and everything that holds their data, in one transaction (see
// erasure), and records it in the audit log; admins only, because it erases history every agent
// shares (it is how a customer's erasure request is honoured).
func (db *DB) DeleteContact(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	var e *erasure
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if e, err = tx.findErasure(id); err != nil {
			return err
		}
		if err := tx.forgetReports(slices.Sorted(maps.Keys(e.ids["conversation_id"]))); err != nil {
			return err
		}
		// Told, before its conversations go with it, to those who saw it.
		if err := tx.emitContact(switchboard.EventContactDeleted, id, map[string]int64{"id": id}); err != nil {
			return err
		}
		if err := tx.scrubOutside(e); err != nil {
			return err
		}
		if err := tx.deleteMergedInto(id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM contacts WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete contact %d: %w", id, err)
		}
		details, _ := json.Marshal(e.counts)
		if _, err := tx.exec(`INSERT INTO audit_log (action, actor_id, actor_name, subject, subject_id, details, created_at)
			VALUES (?, ?, ?, 'contact', ?, ?, ?)`, switchboard.AuditContactErased, tx.actor.ActorID(), tx.actorName(), id, string(details), micro(tx.now)); err != nil {
			return fmt.Errorf("delete contact %d: audit: %w", id, err)
		}
		return nil
	})
	if err == nil {
		db.deleteFiles(ctx, e.files)
	}
	return err
}

// findErasure collects what identifies contact id and what it owns: ENOTFOUND if there is none.
func (tx *Tx) findErasure(id int64) (*erasure, error) {
	e := &erasure{contacts: []int64{id}, provider: map[string]bool{}, ids: map[string]map[int64]bool{}}
	var one int
	if err := tx.queryRow("SELECT 1 FROM contacts WHERE id = ?", id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Contact")
	} else if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	for next := []int64{id}; len(next) > 0; {
		cond, args := inIDs("merged_into", next)
		ids, err := tx.ids("SELECT id FROM contacts WHERE "+cond, args...)
		if err != nil {
			return nil, fmt.Errorf("erase contact %d: %w", id, err)
		}
		e.contacts, next = append(e.contacts, ids...), ids
	}
	e.counts.MergedContacts = len(e.contacts) - 1
	in, inArgs := inIDs("contact_id", e.contacts)
	e.convs, e.args = "SELECT id FROM conversations WHERE "+in, inArgs
	e.ids["contact_id"] = setOf(e.contacts)
	seen := map[string]bool{}
	mark := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if len(s) < 4 || seen[s] {
			return
		}
		seen[s] = true
		e.markers = append(e.markers, s)
		if esc := strings.ToLower(url.QueryEscape(s)); esc != s {
			e.markers = append(e.markers, esc)
		}
		if d := strings.Map(keepDigit, s); len(d) >= 7 && strings.TrimLeft(s, "+0123456789 -().") == "" {
			e.digits = append(e.digits, d)
			e.markers = append(e.markers, d)
		}
	}
	c, args := inIDs("id", e.contacts)
	rows, err := tx.query("SELECT name, email, phone, picture_key FROM contacts WHERE "+c, args...)
	if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	for rows.Next() {
		var name, email, phone string
		var picture sql.NullString
		if err := rows.Scan(&name, &email, &phone, &picture); err != nil {
			rows.Close()
			return nil, fmt.Errorf("erase contact %d: %w", id, err)
		}
		mark(email)
		mark(phone)
		if n := strings.ToLower(strings.Join(strings.Fields(name), " ")); strings.Contains(n, " ") && len(n) >= 5 {
			e.fullNames = append(e.fullNames, n)
		}
		if picture.Valid {
			e.files = append(e.files, picture.String)
		}
	}
	rows.Close()
	ident, iargs := inIDs("contact_id", e.contacts)
	rows, err = tx.query("SELECT external_id FROM identities WHERE "+ident, iargs...)
	if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	for rows.Next() {
		var ext string
		if err := rows.Scan(&ext); err != nil {
			rows.Close()
			return nil, fmt.Errorf("erase contact %d: %w", id, err)
		}
		mark(ext)
	}
	rows.Close()
	convIDs, err := tx.ids(e.convs, e.args...)
	if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	e.ids["conversation_id"], e.counts.Conversations = setOf(convIDs), len(convIDs)
	e.ids["message_id"], e.ids["attachment_id"] = map[int64]bool{}, map[int64]bool{}
	rows, err = tx.query("SELECT id, kind, provider_id FROM messages WHERE conversation_id IN ("+e.convs+")", e.args...)
	if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	for rows.Next() {
		var mid int64
		var kind string
		var provider sql.NullString
		if err := rows.Scan(&mid, &kind, &provider); err != nil {
			rows.Close()
			return nil, fmt.Errorf("erase contact %d: %w", id, err)
		}
		e.ids["message_id"][mid] = true
		if kind != string(switchboard.KindActivity) {
			e.counts.Messages++
		}
		if provider.Valid && len(provider.String) >= 6 {
			e.provider[provider.String] = true
		}
	}
	rows.Close()
	rows, err = tx.query(`SELECT a.id, a.storage_key FROM attachments a WHERE a.message_id IN
		(SELECT id FROM messages WHERE conversation_id IN (`+e.convs+`))`, e.args...)
	if err != nil {
		return nil, fmt.Errorf("erase contact %d: %w", id, err)
	}
	for rows.Next() {
		var aid int64
		var key sql.NullString
		if err := rows.Scan(&aid, &key); err != nil {
			rows.Close()
			return nil, fmt.Errorf("erase contact %d: %w", id, err)
		}
		e.ids["attachment_id"][aid] = true
		if key.Valid && key.String != "" {
			e.files = append(e.files, key.String)
			e.counts.Files++
		}
	}
	rows.Close()
	return e, rows.Err()
}

func setOf(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// mentions reports whether free text s names the person: one of their addresses, or the
// provider id of one of their messages.
func (e *erasure) mentions(s string) bool {
	low := strings.ToLower(s)
	for _, m := range e.markers {
		if strings.Contains(low, m) {
			return true
		}
	}
	for p := range e.provider {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// names reports whether a JSON document (an event's data, a job's arguments) names one of the
// erased records by id, at any depth, or mentions the person (see mentions).
func (e *erasure) names(doc string, idKeys ...string) bool {
	if e.mentions(doc) {
		return true
	}
	var v any
	if json.Unmarshal([]byte(doc), &v) != nil {
		return false
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				if f, ok := x.(float64); ok {
					if set := e.ids[k]; set != nil && set[int64(f)] {
						return true
					}
				}
				if walk(x) {
					return true
				}
			}
		case []any:
			for _, x := range t {
				if walk(x) {
					return true
				}
			}
		}
		return false
	}
	if walk(v) {
		return true
	}
	// The contact's own events carry it as "id".
	if m, ok := v.(map[string]any); ok {
		for _, k := range idKeys {
			if f, ok := m[k].(float64); ok && e.ids["contact_id"][int64(f)] {
				return true
			}
		}
	}
	return false
}

// scrubOutside removes what holds the person's data outside the tables their contact row's
// deletion cascades to (see erasure).
func (tx *Tx) scrubOutside(e *erasure) error {
	// Events: those of the conversations, and the contact's own.
	eventIDs, err := tx.ids("SELECT id FROM events WHERE conversation_id IN ("+e.convs+")", e.args...)
	if err != nil {
		return fmt.Errorf("erase: events: %w", err)
	}
	more, err := tx.matching("SELECT id, data FROM events WHERE conversation_id IS NULL AND type LIKE 'contact.%'", nil, func(s string) bool {
		return e.names(s, "id", "survivor_id", "other_id")
	})
	if err != nil {
		return fmt.Errorf("erase: events: %w", err)
	}
	eventIDs = append(eventIDs, more...)
	e.counts.Events = len(eventIDs)
	for chunk := range slices.Chunk(eventIDs, 500) {
		c, args := inIDs("event_id", chunk)
		if _, err := tx.exec("DELETE FROM webhook_deliveries WHERE "+c, args...); err != nil {
			return fmt.Errorf("erase: webhook deliveries: %w", err)
		}
		c, args = inIDs("id", chunk)
		// Emptied, not deleted: the log's ids stay gapless, as its readers expect of committed
		// events (see settledEvents). An "erased" event tells nothing and no one listens to it.
		if _, err := tx.exec("UPDATE events SET type = ?, data = '{}' WHERE "+c, append([]any{string(switchboard.EventErased)}, args...)...); err != nil {
			return fmt.Errorf("erase: events: %w", err)
		}
	}
	// Jobs that name their records or carry their data (a running one finds them gone).
	jobs, err := tx.matching("SELECT id, args FROM jobs WHERE state <> 'running'", nil, func(s string) bool { return e.names(s) })
	if err != nil {
		return fmt.Errorf("erase: jobs: %w", err)
	}
	e.counts.Jobs = len(jobs)
	if err := tx.deleteIDs("jobs", jobs); err != nil {
		return err
	}
	// The providers' raw webhooks that carried their messages, in the inboxes they wrote to.
	payloads, err := tx.matching("SELECT id, body FROM provider_payloads WHERE inbox_id IN (SELECT DISTINCT inbox_id FROM conversations WHERE id IN ("+e.convs+"))",
		e.args, e.mentions)
	if err != nil {
		return fmt.Errorf("erase: payloads: %w", err)
	}
	e.counts.Payloads = len(payloads)
	if err := tx.deleteIDs("provider_payloads", payloads); err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM rule_runs WHERE conversation_id IN ("+e.convs+")", e.args...); err != nil {
		return fmt.Errorf("erase: rule runs: %w", err)
	}
	c, args := inIDs("sender_id", e.contacts)
	if _, err := tx.exec("DELETE FROM reactions WHERE side = 'contact' AND "+c, args...); err != nil {
		return fmt.Errorf("erase: reactions: %w", err)
	}
	if len(e.provider) > 0 {
		early, err := tx.matchingKeys("SELECT inbox_id, provider_id FROM unsent_early", func(s string) bool { return e.provider[s] })
		if err != nil {
			return fmt.Errorf("erase: unsent: %w", err)
		}
		for _, k := range early {
			if _, err := tx.exec("DELETE FROM unsent_early WHERE inbox_id = ? AND provider_id = ?", k.inbox, k.provider); err != nil {
				return fmt.Errorf("erase: unsent: %w", err)
			}
		}
	}
	for chunk := range slices.Chunk(e.files, 500) {
		keys := make([]any, len(chunk))
		for i, k := range chunk {
			keys[i] = k
		}
		if _, err := tx.exec("DELETE FROM uploads WHERE storage_key IN ("+placeholders(len(keys))+")", keys...); err != nil {
			return fmt.Errorf("erase: uploads: %w", err)
		}
	}
	return tx.scrubImports(e)
}

// scrubImports removes, from contact imports, the CSV lines and refused rows with the person's
// email or phone (in any notation: a line's digits are compared with the number's) or full name:
// a file's line is about one person, and a homonym's line in an import already done costs
// nothing worth keeping a trace of the person for.
func (tx *Tx) scrubImports(e *erasure) error {
	hit := func(line string) bool {
		if e.mentions(line) {
			return true
		}
		low := strings.ToLower(line)
		for _, n := range e.fullNames {
			if strings.Contains(low, n) {
				return true
			}
		}
		d := strings.Map(keepDigit, line)
		for _, p := range e.digits {
			if strings.Contains(d, p) {
				return true
			}
		}
		return false
	}
	type row struct {
		id   int64
		body []byte
	}
	rows, err := tx.query("SELECT id, body FROM contact_imports")
	if err != nil {
		return fmt.Errorf("erase: imports: %w", err)
	}
	var changed []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.body); err != nil {
			rows.Close()
			return fmt.Errorf("erase: imports: %w", err)
		}
		lines := strings.SplitAfter(string(r.body), "\n")
		kept := lines[:0]
		for i, l := range lines {
			if i > 0 && hit(l) { // (the header is kept)
				e.counts.ImportRows++
				continue
			}
			kept = append(kept, l)
		}
		if len(kept) < len(lines) {
			changed = append(changed, row{r.id, []byte(strings.Join(kept, ""))})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("erase: imports: %w", err)
	}
	for _, r := range changed {
		if _, err := tx.exec("UPDATE contact_imports SET body = ? WHERE id = ?", r.body, r.id); err != nil {
			return fmt.Errorf("erase: imports: %w", err)
		}
	}
	type key struct {
		imp, line int64
	}
	var refused []key
	rows, err = tx.query("SELECT import_id, line, reason FROM contact_import_errors")
	if err != nil {
		return fmt.Errorf("erase: import errors: %w", err)
	}
	for rows.Next() {
		var k key
		var reason string
		if err := rows.Scan(&k.imp, &k.line, &reason); err != nil {
			rows.Close()
			return fmt.Errorf("erase: import errors: %w", err)
		}
		if hit(reason) {
			refused = append(refused, k)
		}
	}
	rows.Close()
	for _, k := range refused {
		if _, err := tx.exec("DELETE FROM contact_import_errors WHERE import_id = ? AND line = ?", k.imp, k.line); err != nil {
			return fmt.Errorf("erase: import errors: %w", err)
		}
	}
	return rows.Err()
}

// matching returns the ids of the rows of query (id, text) whose text match accepts.
func (tx *Tx) matching(query string, args []any, match func(string) bool) ([]int64, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		if match(text) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

type inboxProvider struct {
	inbox    int64
	provider string
}

// matchingKeys returns the (inbox, provider id) rows of query whose provider id match accepts.
func (tx *Tx) matchingKeys(query string, match func(string) bool) ([]inboxProvider, error) {
	rows, err := tx.query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inboxProvider
	for rows.Next() {
		var k inboxProvider
		if err := rows.Scan(&k.inbox, &k.provider); err != nil {
			return nil, err
		}
		if match(k.provider) {
			out = append(out, k)
		}
	}
	return out, rows.Err()
}

// deleteIDs deletes rows of table by id, a few hundred a statement.
func (tx *Tx) deleteIDs(table string, ids []int64) error {
	for chunk := range slices.Chunk(ids, 500) {
		c, args := inIDs("id", chunk)
		if _, err := tx.exec("DELETE FROM "+table+" WHERE "+c, args...); err != nil {
			return fmt.Errorf("erase: %s: %w", table, err)
		}
	}
	return nil
}
