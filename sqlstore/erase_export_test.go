package sqlstore

import (
	"context"
	"strings"
)

// TextColumnsForTest lists every table's columns that can hold text (text, varchar, JSON, bytes),
// by table, from the live schema: what an erasure test must look through. SQLite's full-text
// tables (which read their text from the content table) and their shadow tables are left out;
// see FTSMatchesForTest.
func (db *DB) TextColumnsForTest() map[string][]string {
	ctx := context.Background()
	out := map[string][]string{}
	if db.dialect.name == "postgres" {
		rows, err := db.query(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'tsvector')`)
		if err != nil {
			panic(err)
		}
		defer rows.Close()
		for rows.Next() {
			var t, c string
			if err := rows.Scan(&t, &c); err != nil {
				panic(err)
			}
			out[t] = append(out[t], c)
		}
		return out
	}
	rows, err := db.query(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'")
	if err != nil {
		panic(err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			panic(err)
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		rows, err := db.query(ctx, "SELECT name, type FROM pragma_table_info(?)", t)
		if err != nil {
			panic(err)
		}
		for rows.Next() {
			var c, typ string
			if err := rows.Scan(&c, &typ); err != nil {
				panic(err)
			}
			typ = strings.ToUpper(typ)
			if strings.Contains(typ, "TEXT") || strings.Contains(typ, "CHAR") || strings.Contains(typ, "BLOB") || typ == "" {
				out[t] = append(out[t], c)
			}
		}
		rows.Close()
	}
	return out
}

// CountContainingForTest counts the rows of table whose column contains marker, ignoring ASCII
// case. table and column come from TextColumnsForTest.
func (db *DB) CountContainingForTest(table, column, marker string) int {
	expr := "CAST(" + column + " AS TEXT)"
	if db.dialect.name == "postgres" {
		expr = column + "::text"
		var typ string
		if err := db.queryRow(context.Background(), `SELECT data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`, table, column).Scan(&typ); err != nil {
			panic(err)
		}
		if typ == "bytea" {
			expr = "encode(" + column + ", 'escape')"
		}
	}
	var n int
	if err := db.queryRow(context.Background(), `SELECT COUNT(*) FROM "`+table+`" WHERE lower(`+expr+`) LIKE ?`, "%"+strings.ToLower(marker)+"%").Scan(&n); err != nil {
		panic(err)
	}
	return n
}

// FTSMatchesForTest counts what SQLite's full-text indexes still hold for a word (its index,
// not the content table it reads text from); 0 on PostgreSQL, whose index is a column.
func (db *DB) FTSMatchesForTest(word string) int {
	if db.dialect.name == "postgres" {
		return 0
	}
	var a, b int
	ctx := context.Background()
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?", word).Scan(&a); err != nil {
		panic(err)
	}
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM contacts_fts WHERE contacts_fts MATCH ?", word).Scan(&b); err != nil {
		panic(err)
	}
	return a + b
}

// AttachmentKeyForTest returns the storage key of an attachment ("" when it has none).
func (db *DB) AttachmentKeyForTest(id int64) string {
	var k *string
	if err := db.queryRow(context.Background(), "SELECT storage_key FROM attachments WHERE id = ?", id).Scan(&k); err != nil {
		panic(err)
	}
	if k == nil {
		return ""
	}
	return *k
}
