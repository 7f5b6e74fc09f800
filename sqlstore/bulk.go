package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Writing and reading many rows per statement, for the seed and for imports.
//
// Every statement built here has one of a few texts however many rows a call has, so SQLite's
// statement cache (bounded by maxCachedStatements, shared with every other query) and
// PostgreSQL's per-connection prepared statements do not fill with one text per batch size. On
// SQLite a statement has one of a few sizes, the powers of two up to maxRows; on PostgreSQL an
// insert takes all its rows as one parameter (see insertJSON).
const (
	maxRows   = 512   // rows (or IN values) per statement
	maxParams = 30000 // placeholders per statement: SQLite allows 32,766, PostgreSQL 65,535
)

// rowLimit returns the most rows of width columns one statement takes.
func rowLimit(width int) int {
	n := maxRows
	for n > 1 && n*width > maxParams {
		n /= 2
	}
	return n
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// insertRows writes rows into "table (columns)" with multi-row INSERTs inside the transaction;
// suffix ends each statement (an ON CONFLICT clause) or is "". On SQLite a statement takes the
// largest power of two of the rows left, up to the limit; on PostgreSQL one takes them all.
func (tx *Tx) insertRows(into string, rows [][]any, suffix string) error {
	_, err := tx.insertEach(into, rows, suffix, false)
	return err
}

// insertRowsIDs is insertRows for a table whose id the database assigns: it returns the new
// rows' ids in the order of rows. Both engines number the rows of one INSERT in the order of
// its VALUES, each id larger than the last; RETURNING may list them in any order, so they are
// sorted.
func (tx *Tx) insertRowsIDs(into string, rows [][]any) ([]int64, error) {
	return tx.insertEach(into, rows, "", true)
}

func (tx *Tx) insertEach(into string, rows [][]any, suffix string, returning bool) ([]int64, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	if tx.db.dialect.name == "postgres" {
		return tx.insertJSON(into, rows, suffix, returning)
	}
	width := len(rows[0])
	one := "(" + placeholders(width) + ")"
	limit := rowLimit(width)
	var ids []int64
	if returning {
		ids = make([]int64, 0, len(rows))
		suffix += " RETURNING id"
	}
	for start := 0; start < len(rows); {
		n := limit
		for n > len(rows)-start {
			n /= 2
		}
		args := make([]any, 0, n*width)
		for _, r := range rows[start : start+n] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ") + suffix
		if err := tx.insertChunk(q, args, returning, &ids); err != nil {
			return nil, fmt.Errorf("insert into %s: %w", into[:strings.IndexByte(into+" ", ' ')], err)
		}
		start += n
	}
	return ids, nil
}

// insertJSON is insertEach on PostgreSQL. The rows travel as one JSON parameter, which
// json_populate_recordset spreads into the table's own row type (so the columns keep their
// types without naming them here): one statement, with one text whatever the number of rows,
// writes them all in one round trip. A group of webhooks wrote its few payloads, windows and
// events in a statement per power of two, two or three round trips a table.
func (tx *Tx) insertJSON(into string, rows [][]any, suffix string, returning bool) ([]int64, error) {
	q, doc, err := jsonInsert(into, "", rows, suffix, returning)
	if err != nil {
		return nil, err
	}
	var ids []int64
	if err := tx.insertChunk(q, []any{doc}, returning, &ids); err != nil {
		return nil, fmt.Errorf("insert into %s: %w", into[:strings.IndexByte(into, ' ')], err)
	}
	return ids, nil
}

// jsonInsert returns insertJSON's statement and its argument, the rows as JSON, which is the
// statement's first. when, if not "", is a condition evaluated once, before the first row is
// written (flushEvents takes the event log's lock in it); its arguments follow.
func jsonInsert(into, when string, rows [][]any, suffix string, returning bool) (q, doc string, err error) {
	open := strings.IndexByte(into, ' ')
	table, columns := into[:open], strings.Trim(into[open+1:], "()")
	b, err := appendJSONRows(nil, strings.Split(columns, ", "), rows)
	if err != nil {
		return "", "", fmt.Errorf("insert into %s: %w", table, err)
	}
	q = "INSERT INTO " + into + " SELECT " + columns + " FROM json_populate_recordset(NULL::" + table + ", ?::json)"
	if when != "" {
		q += " WHERE " + when
	}
	q += suffix
	if returning {
		q += " RETURNING id"
	}
	return q, string(b), nil
}

// appendJSONRows appends rows as a JSON array of objects keyed by names, the columns.
func appendJSONRows(b []byte, names []string, rows [][]any) ([]byte, error) {
	b = append(b, '[')
	for i, r := range rows {
		if len(r) != len(names) {
			return nil, fmt.Errorf("a row has %d values for %d columns", len(r), len(names))
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for j, v := range r {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(append(append(b, '"'), names[j]...), '"', ':') // column names need no escaping
			var err error
			if b, err = appendJSONValue(b, v); err != nil {
				return nil, fmt.Errorf("column %s: %w", names[j], err)
			}
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendJSONValue appends one column's value: the types the store's rows hold.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case *int64:
		if v == nil {
			return append(b, "null"...), nil
		}
		return strconv.AppendInt(b, *v, 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case string:
		s, err := json.Marshal(v)
		return append(b, s...), err
	}
	return nil, fmt.Errorf("cannot write a %T", v)
}

// insertChunk runs one statement of insertEach, appending the ids it returns (in order) to ids
// when returning.
func (tx *Tx) insertChunk(q string, args []any, returning bool, ids *[]int64) error {
	if !returning {
		_, err := tx.exec(q, args...)
		return err
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	from := len(*ids)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*ids = append(*ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.Sort((*ids)[from:])
	return nil
}

// queryIn runs query once per chunk of vals, its %s replaced by list(n) for a chunk of n values
// and its arguments the chunk followed by args, and calls scan on every row. list is
// placeholders, for "col IN (%s)", or valueRows, for "FROM (VALUES %s) AS v". A chunk is
// padded to a power of two by repeating its last value, which neither form notices (a join on
// VALUES then yields a row twice).
func (tx *Tx) queryIn(query string, list func(int) string, vals, args []any, scan func(*sql.Rows) error) error {
	for start := 0; start < len(vals); {
		n := min(len(vals)-start, maxRows)
		size := 1
		for size < n {
			size *= 2
		}
		chunk := append(make([]any, 0, size+len(args)), vals[start:start+n]...)
		for len(chunk) < size {
			chunk = append(chunk, vals[start+n-1])
		}
		rows, err := tx.query(fmt.Sprintf(query, list(size)), append(chunk, args...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		start += n
	}
	return nil
}

// valueRows returns "(?), (?), …" with n rows: a VALUES list of one column (column1 on both
// engines) to look rows up by, as "FROM (VALUES %s) AS v CROSS JOIN t WHERE t.key = v.column1".
// PostgreSQL plans that join by the number of values, where a long IN list on a column it has
// no statistics for yet (a table an import is filling) is taken to match most rows, and each
// row is then compared with every value. CROSS JOIN makes SQLite, whose IN lists need no such
// help, loop over the values outside and probe the table's index for each.
func valueRows(n int) string {
	return strings.TrimSuffix(strings.Repeat("(?), ", n), ", ")
}

// idsBy looks rows up by text keys: query selects (key, id) from "(VALUES %s) AS v CROSS JOIN …"
// (see valueRows), its arguments keys then args. Keys that match nothing are missing from the map.
func (tx *Tx) idsBy(query string, keys []any, args ...any) (map[string]int64, error) {
	out := map[string]int64{}
	err := tx.queryIn(query, valueRows, keys, args, func(rows *sql.Rows) error {
		var k string
		var id int64
		err := rows.Scan(&k, &id)
		out[k] = id
		return err
	})
	return out, err
}

// reserveIDs takes n new ids of a table, in increasing order, for rows written with explicit
// ids: a batch must know the ids of its contacts and conversations before it writes the rows
// that refer to them, and a multi-row INSERT … RETURNING promises no order on SQLite.
func (tx *Tx) reserveIDs(table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, n)
	rows, err := tx.query(fmt.Sprintf(tx.db.dialect.nextIDs, table), n)
	if err != nil {
		return nil, fmt.Errorf("reserve %d ids of %s: %w", n, table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reserve ids of %s: %w", table, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reserve ids of %s: %w", table, err)
	}
	if len(ids) != n {
		return nil, fmt.Errorf("reserve ids of %s: got %d of %d", table, len(ids), n)
	}
	slices.Sort(ids)
	return ids, nil
}
