package sqlstore

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// appendJSONRows is how PostgreSQL's bulk inserts carry their rows (see insertJSON): every kind
// of value the store's rows hold must come out as the JSON json_populate_recordset reads back
// into the column, and anything else must be refused, not written as something else.
func TestAppendJSONRows(t *testing.T) {
	id := int64(1) << 60
	rows := [][]any{
		{nil, 7, int64(-3), &id, (*int64)(nil), true, "quote \" backslash \\ newline \n <b>é</b> 👋"},
		{"x", 0, int64(0), (*int64)(nil), &id, false, ""},
	}
	names := []string{"a", "b", "c", "d", "e", "f", "g"}
	b, err := appendJSONRows(nil, names, rows)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	if len(got) != 2 || got[0]["a"] != nil || got[0]["b"] != json.Number("7") || got[0]["c"] != json.Number("-3") ||
		got[0]["d"] != json.Number("1152921504606846976") || got[0]["e"] != nil || got[0]["f"] != true ||
		got[0]["g"] != rows[0][6] || got[1]["a"] != "x" || got[1]["e"] != json.Number("1152921504606846976") || got[1]["f"] != false {
		t.Errorf("rows came out as %s", b)
	}
	if _, err := appendJSONRows(nil, names[:2], [][]any{{1, time.Now()}}); err == nil || !strings.Contains(err.Error(), "column b") {
		t.Errorf("a time.Time was written: %v", err)
	}
	if _, err := appendJSONRows(nil, names, [][]any{{1, 2}}); err == nil {
		t.Error("a row of 2 values was written into 7 columns")
	}
}
