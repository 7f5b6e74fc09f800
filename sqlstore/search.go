package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.SearchService = (*DB)(nil)

// searchWindow is how many of the newest matching messages are ranked. Ranking every match of a
// common word would cost O(matches); the newest few hundred hold what an agent looks for, and a
// rarer word (an order number, a name) has fewer matches than this and is found however old.
const searchWindow = 500

// recencyScale is the age at which a hit's score is halved.
const recencyScale = 90 * 24 * time.Hour

// searchTerms splits a query into terms (whitespace-separated) of words (runs of letters and
// digits): "ORD-150000 refund" → [[ord 150000] [refund]]. Words are all the search engines see, so
// punctuation can never inject query syntax.
func searchTerms(q string) [][]string {
	var terms [][]string
	for _, f := range strings.Fields(strings.ToLower(q)) {
		words := strings.FieldsFunc(f, notWordRune)
		if len(words) > 0 {
			terms = append(terms, words)
		}
	}
	return terms
}

// notWordRune tells what separates words: anything but letters and digits.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// fts5Query builds an FTS5 query: each term a quoted phrase, all required, the last a prefix.
func fts5Query(terms [][]string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.Join(t, " ") + `"`
		if i == len(terms)-1 {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// tsQuery builds a PostgreSQL tsquery: words of a term adjacent (<->), terms ANDed, the last word
// a prefix.
func tsQuery(terms [][]string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		words := append([]string(nil), t...)
		if i == len(terms)-1 {
			words[len(words)-1] += ":*"
		}
		parts[i] = strings.Join(words, " <-> ")
	}
	return strings.Join(parts, " & ")
}

// Search finds contacts and messages. Messages are limited to the actor's inboxes and ranked by
// relevance discounted by age; contacts to those the actor sees (see contactScope), by
// relevance.
func (db *DB) Search(ctx context.Context, q switchboard.SearchQuery) (*switchboard.SearchResult, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res := &switchboard.SearchResult{Contacts: []*switchboard.ContactHit{}, Messages: []*switchboard.MessageHit{}}
	terms := searchTerms(q.Q)
	if len(terms) == 0 {
		return res, nil
	}
	fq := db.dialect.ftsQuery(terms)
	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if scope.All || len(scope.IDs) > 0 {
		if res.Messages, err = db.searchMessages(ctx, fq, terms, scope, q.Limit); err != nil {
			return nil, err
		}
	}

	qargs := []any{fq}
	if db.dialect.name == "postgres" {
		qargs = []any{fq, fq} // the rank and the match each take the query
	}
	// Not a contact merged into another (kept for an un-merge); only those the actor sees.
	seen := " WHERE h.id NOT IN (SELECT id FROM contacts WHERE merged_into IS NOT NULL)"
	if cond := contactScope("h.id", scope); cond != "" {
		seen += " AND " + cond // the contacts the actor sees (see contactScope)
	}
	rows, err := db.query(ctx, "SELECT id FROM ("+db.dialect.contactHits+") h"+seen+" ORDER BY rel DESC, id DESC"+limitSQL(q.Limit), db.plannedEachRun(qargs)...)
	if err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search contacts: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	for _, id := range ids {
		c, err := db.FindContactByID(ctx, id)
		if err != nil {
			return nil, err
		}
		res.Contacts = append(res.Contacts, &switchboard.ContactHit{Contact: c})
	}
	return res, nil
}

// searchMessages finds the messages of the scope that match: the newest searchWindow matches are
// ranked here, by relevance discounted by age, and only the best limit of them are joined to
// their contact. Ranking in the engine (bm25, ts_rank) cost more than the search itself at a
// million conversations: SQLite's bm25 reads every match of each term to weigh it, whatever the
// LIMIT.
func (db *DB) searchMessages(ctx context.Context, fq string, terms [][]string, scope switchboard.InboxScope, limit int) ([]*switchboard.MessageHit, error) {
	var sw where
	sw.add("m2.deleted_at IS NULL")
	if !scope.All {
		sw.add(inScope("m2.inbox_id", scope))
	}
	// Planned for each query's words: the plan PostgreSQL would cache for any words, after the
	// first few searches for common ones, walks the messages newest first and tests each, which
	// for a rare word is every message (seconds at a million conversations).
	args := db.plannedEachRun(append([]any{fq}, sw.args...))
	rows, err := db.query(ctx, fmt.Sprintf(db.dialect.messageHits, strings.Join(sw.conds, " AND "))+limitSQL(searchWindow), args...)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	type ranked struct {
		hit   *switchboard.MessageHit
		text  string
		score float64
	}
	var window []ranked
	now := db.now()
	for rows.Next() {
		h := &switchboard.MessageHit{}
		var text string
		var created int64
		if err := rows.Scan(&h.MessageID, &h.ConversationID, &h.InboxID, &h.Kind, &created, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search messages: %w", err)
		}
		h.CreatedAt = fromMicro(created)
		age := max(0, now.Sub(h.CreatedAt))
		window = append(window, ranked{h, text, relevance(text, terms) / (1 + float64(age)/float64(recencyScale))})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	slices.SortStableFunc(window, func(a, b ranked) int { return cmp.Compare(b.score, a.score) }) // newest first among equals
	window = window[:min(limit, len(window))]
	hits := make([]*switchboard.MessageHit, len(window))
	convs := make([]any, len(window))
	for i, r := range window {
		r.hit.Snippet = snippet(r.text, terms)
		hits[i], convs[i] = r.hit, r.hit.ConversationID
	}
	if len(hits) == 0 {
		return hits, nil
	}
	var cw where
	cw.in("c.id", convs)
	rows, err = db.query(ctx, "SELECT c.id, ct.name, CASE WHEN ct.phone <> '' THEN ct.phone ELSE ct.email END, c.blocked FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"+cw.sql(), cw.args...)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	defer rows.Close()
	names := map[int64][2]string{} // name, handle
	blocked := map[int64]bool{}
	for rows.Next() {
		var id int64
		var name, handle string
		var b bool
		if err := rows.Scan(&id, &name, &handle, &b); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		names[id], blocked[id] = [2]string{name, handle}, b
	}
	// A blocked contact's messages are hidden from search as from the lists (see
	// receiveMessage); they are few, so they are left out here rather than in the index's plan.
	hits = slices.DeleteFunc(hits, func(h *switchboard.MessageHit) bool { return blocked[h.ConversationID] })
	for _, h := range hits {
		h.ContactName, h.ContactHandle = names[h.ConversationID][0], names[h.ConversationID][1]
	}
	return hits, rows.Err()
}

// relevance scores a message's text for the search terms as BM25 weighs a term's frequency:
// saturating, and normalised by the message's length (the terms' rarity is left out: it is the
// same for every message one query finds). A message that says "refund" three times in ten words
// comes before one that mentions it once in forty. The last term matches as a prefix, as the
// engines' queries do.
func relevance(text string, terms [][]string) float64 {
	words := strings.FieldsFunc(strings.ToLower(text), notWordRune)
	if len(words) == 0 {
		return 0
	}
	const k1, b, typicalLength = 1.2, 0.75, 20.0
	norm := k1 * (1 - b + b*float64(len(words))/typicalLength)
	score := 0.0
	for ti, t := range terms {
		prefix := ti == len(terms)-1
		tf := 0
		for i := 0; i+len(t) <= len(words); i++ {
			match := true
			for j, w := range t {
				if got := words[i+j]; got != w && !(prefix && j == len(t)-1 && strings.HasPrefix(got, w)) {
					match = false
					break
				}
			}
			if match {
				tf++
			}
		}
		score += float64(tf) * (k1 + 1) / (float64(tf) + norm)
	}
	return score
}

// snippet cuts the part of text around the first matched word, about 160 characters.
func snippet(text string, terms [][]string) string {
	const width = 160
	r := []rune(text)
	if len(r) <= width {
		return text
	}
	low := []rune(strings.ToLower(text))
	at := 0
	for _, t := range terms {
		if i := strings.Index(string(low), t[0]); i >= 0 {
			at = len([]rune(string(low)[:i]))
			break
		}
	}
	start := max(0, at-width/3)
	end := min(len(r), start+width)
	out := string(r[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(r) {
		out += "…"
	}
	return out
}
