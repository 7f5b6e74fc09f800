package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.SearchService = (*DB)(nil)

// searchWindow is how many of the newest matching messages are ranked. Ranking every match of a
// common word would cost O(matches); the newest few thousand hold what an agent looks for, and a
// rarer word (an order number, a name) has fewer matches than this and is found however old.
const searchWindow = 500

// recencyScale is the age (in microseconds, 90 days) at which a hit's score is halved.
const recencyScale = 90 * 24 * 3600 * 1e6

// searchTerms splits a query into terms (whitespace-separated) of words (runs of letters and
// digits): "ORD-150000 refund" → [[ord 150000] [refund]]. Words are all the search engines see, so
// punctuation can never inject query syntax.
func searchTerms(q string) [][]string {
	var terms [][]string
	for _, f := range strings.Fields(strings.ToLower(q)) {
		words := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) > 0 {
			terms = append(terms, words)
		}
	}
	return terms
}

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
// relevance discounted by age; contacts (a shared address book) by relevance.
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
	qargs := []any{fq}
	if db.dialect.name == "postgres" {
		qargs = []any{fq, fq} // the rank and the match each take the query
	}

	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if scope.All || len(scope.IDs) > 0 {
		var sw where
		sw.add("m2.deleted_at IS NULL")
		if !scope.All {
			sw.add(inScope("m2.inbox_id", scope))
		}
		// The newest searchWindow matches are scored, and only the best page of them is joined to
		// its conversation and contact.
		hits := fmt.Sprintf(db.dialect.messageHits, strings.Join(sw.conds, " AND "))
		score := "h.rel / (1.0 + (? - h.at) / " + fmt.Sprint(recencyScale) + ")"
		now := micro(db.now())
		args := append(append(append([]any{}, qargs...), sw.args...), searchWindow, now, q.Limit, now)
		rows, err := db.query(ctx, `SELECT m.id, m.conversation_id, m.inbox_id, ct.name, m.text, m.kind, m.created_at
			FROM (SELECT h.id, h.rel, h.at FROM (`+hits+` ORDER BY id DESC LIMIT ?) h ORDER BY `+score+` DESC, h.id DESC LIMIT ?) h
			JOIN messages m ON m.id = h.id
			JOIN conversations c ON c.id = m.conversation_id
			JOIN contacts ct ON ct.id = c.contact_id
			ORDER BY `+score+` DESC, m.id DESC`, args...)
		if err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h switchboard.MessageHit
			var text string
			var created int64
			if err := rows.Scan(&h.MessageID, &h.ConversationID, &h.InboxID, &h.ContactName, &text, &h.Kind, &created); err != nil {
				return nil, fmt.Errorf("search messages: %w", err)
			}
			h.CreatedAt, h.Snippet = fromMicro(created), snippet(text, terms)
			res.Messages = append(res.Messages, &h)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
	}

	rows, err := db.query(ctx, "SELECT id FROM ("+db.dialect.contactHits+") h ORDER BY rel DESC, id DESC LIMIT ?", append(qargs, q.Limit)...)
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
