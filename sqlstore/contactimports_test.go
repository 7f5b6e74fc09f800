package sqlstore_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactImport: a CSV of 100,000 rows imports with its progress recorded, refused rows
// are reported with their reason, and importing the same file again creates, updates and
// records nothing.
func TestContactImport(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("VIP")}); err != nil {
			t.Fatal(err)
		}
		rows := 100_000
		if testing.Short() {
			rows = 5_000
		}
		var csv bytes.Buffer
		csv.WriteString("Full name,E-mail,Mobile,Tags,Plan,Notes\n")
		for i := range rows {
			fmt.Fprintf(&csv, "Person %d,p%d@example.com,(333) %07d,VIP,gold,\"note, %d\"\n", i, i, i, i)
		}
		// Refused: no country code; no address; a bad email; a short row; an unknown label.
		csv.WriteString("No Prefix,,00 44 20 7946 0001,,,\nNobody,,,,,\nBad,not-an-email,,,,\nShort,x@example.com\nTagged,t@example.com,,Nope,,\n")
		file := csv.Bytes()

		_, err := db.CreateContactImport(w.annCtx, "people.csv", file)
		wantCode(t, err, switchboard.EFORBIDDEN)
		run := func() (*switchboard.ContactImport, time.Duration) {
			t.Helper()
			imp, err := db.CreateContactImport(w.adminCtx, "people.csv", file)
			if err != nil {
				t.Fatal(err)
			}
			if imp.TotalRows != int64(rows+5) || len(imp.Preview) != 5 || imp.Preview[0][0] != "Person 0" || imp.Columns[1] != "E-mail" {
				t.Fatalf("preview = %+v", imp)
			}
			_, err = db.StartContactImport(w.adminCtx, imp.ID, &switchboard.ContactImportMapping{Columns: map[string]string{"Full name": "name"}})
			wantCode(t, err, switchboard.EINVALID) // contacts are matched by email or phone
			m := &switchboard.ContactImportMapping{DefaultCountry: "+39", Columns: map[string]string{
				"Full name": "name", "E-mail": "email", "Mobile": "phone", "Tags": "labels", "Plan": "attribute.plan"}}
			if _, err = db.StartContactImport(w.adminCtx, imp.ID, m); err != nil {
				t.Fatal(err)
			}
			_, err = db.StartContactImport(w.adminCtx, imp.ID, m)
			wantCode(t, err, switchboard.ECONFLICT)
			start := time.Now()
			if err := db.RunContactImport(w.sys, imp.ID); err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			if imp, err = db.FindContactImport(w.adminCtx, imp.ID); err != nil {
				t.Fatal(err)
			}
			if imp.Status != switchboard.ImportDone || imp.RowsDone != imp.TotalRows || imp.Refused != 4 {
				t.Fatalf("import = %+v", imp)
			}
			var reasons []string
			if err := db.ContactImportErrors(w.adminCtx, imp.ID, func(line int64, reason string) error {
				reasons = append(reasons, fmt.Sprintf("%d: %s", line, reason))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(reasons, "\n")
			for _, want := range []string{fmt.Sprintf("%d: No email and no phone", rows+3), fmt.Sprintf("%d: Invalid email", rows+4),
				fmt.Sprintf("%d: The row has 2 fields", rows+5), fmt.Sprintf("%d: There is no label", rows+6)} {
				if !strings.Contains(got, want) {
					t.Errorf("refused rows:\n%s\nwant %q", got, want)
				}
			}
			t.Logf("%d rows in %v: %.0f rows/s", imp.TotalRows, took.Round(time.Millisecond), float64(imp.TotalRows)/took.Seconds())
			return imp, took
		}
		first, _ := run()
		if first.Created != int64(rows+1) || first.Updated != 0 {
			t.Errorf("first import = %+v", first)
		}
		c, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Query: "p7@example.com"})
		if err != nil || len(c.Items) != 1 {
			t.Fatalf("p7: %+v, %v", c, err)
		}
		p7 := c.Items[0]
		if p7.Phone != "+393330000007" || p7.Labels[0] != "VIP" || string(p7.Attributes) != `{"plan":"gold"}` {
			t.Errorf("p7 = %+v", p7)
		}
		events, err := db.FindEvents(w.adminCtx, 0, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		second, _ := run()
		if second.Created != 0 || second.Updated != 0 || second.Unchanged != int64(rows+1) {
			t.Errorf("second import = %+v", second)
		}
		again, err := db.FindContactByID(w.adminCtx, p7.ID)
		if err != nil || !again.UpdatedAt.Equal(p7.UpdatedAt) {
			t.Errorf("p7 changed: %v → %+v, %v", p7.UpdatedAt, again, err)
		}
		after, err := db.FindEvents(w.adminCtx, 0, 1_000_000)
		if err != nil || len(after) != len(events) {
			t.Errorf("events: %d then %d, %v", len(events), len(after), err)
		}
	})
}

// TestContactImportRefusesBadFiles: a file that is not a readable CSV is refused whole, with why.
func TestContactImportRefusesBadFiles(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		for name, body := range map[string]string{
			"empty":       "",
			"no header":   ",\nann@example.com,\n",
			"latin-1":     "name,email\nJos\xe9,j@example.com\n",
			"NUL":         "name,email\nA\x00,a@example.com\n",
			"huge line":   "name,email\n" + strings.Repeat("x", 70<<10) + ",a@example.com\n",
			"100 columns": strings.Repeat("c,", 120) + "last\n",
			"bad quoting": "name,email\n\"Ann,a@example.com\n",
		} {
			_, err := db.CreateContactImport(w.adminCtx, "bad.csv", []byte(body))
			if switchboard.ErrorCode(err) != switchboard.EINVALID || switchboard.ErrorFields(err)["file"] == "" {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
