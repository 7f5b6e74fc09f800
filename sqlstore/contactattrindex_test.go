package sqlstore_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactAttributeIndex: defining an attribute builds an index of its values, deleting it
// drops it; the address book's filter on a defined key reads that index and compares the value
// in the definition's type (3 finds 3 and 3.0, yes finds a checked box), agents still see only
// their contacts, and an undefined key is still filtered (by each contact's JSON).
func TestContactAttributeIndex(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mk := func(name, attrs string) {
			t.Helper()
			if _, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr(name), Attributes: json.RawMessage(attrs)}); err != nil {
				t.Fatal(err)
			}
		}
		// Written before any definition: free values, one score a string.
		mk("Ada", `{"tier":"gold","score":3,"ok":true,"day":"2027-01-05","note":"x y"}`)
		mk("Bea", `{"tier":"silver","score":"3","ok":false}`)
		mk("Cy", `{"score":3.0,"tier":null}`)
		if _, err := db.UpdateContact(w.adminCtx, w.dino.ID, &switchboard.ContactInput{Attributes: json.RawMessage(`{"tier":"gold"}`)}); err != nil {
			t.Fatal(err)
		}
		w.start(t, w.bobCtx, w.inbox2, w.dino, "hi Dino") // Dino is Support's: not Ann's

		find := func(ctx any, key, val string) string {
			t.Helper()
			c := w.adminCtx
			if ctx == "ann" {
				c = w.annCtx
			}
			got := names(t, db, c, switchboard.ContactFilter{Attr: key, AttrValue: val})
			slices.Sort(got)
			return strings.Join(got, ",")
		}
		indexes := func() string {
			t.Helper()
			got, err := db.AttrIndexesForTest(w.adminCtx)
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(got, ",")
		}
		if got := find("admin", "score", "3"); got != "Ada,Bea,Cy" {
			t.Errorf("undefined score = 3: %s, want every type it can be read as", got)
		}
		if got := indexes(); got != "" {
			t.Errorf("indexes before any definition: %s", got)
		}

		ids := map[string]int64{}
		for key, typ := range map[string]switchboard.AttributeType{"tier": switchboard.AttrList, "score": switchboard.AttrNumber,
			"ok": switchboard.AttrCheckbox, "day": switchboard.AttrDate, "note": switchboard.AttrText} {
			in := &switchboard.ContactAttributeInput{Key: ptr(key), Label: ptr(key), Type: ptr(typ)}
			if typ == switchboard.AttrList {
				in.Options = &[]string{"gold", "silver"}
			}
			a, err := db.CreateContactAttribute(w.adminCtx, in)
			if err != nil {
				t.Fatal(err)
			}
			ids[key] = a.ID
		}
		if got := indexes(); got != "contact_attr_day,contact_attr_note,contact_attr_ok,contact_attr_score,contact_attr_tier" {
			t.Errorf("indexes after the definitions: %s", got)
		}
		mk("Dee", `{"tier":"gold","score":12.5,"ok":true,"day":"2027-01-05"}`) // written by its types

		for _, tc := range []struct{ who, key, val, want string }{
			{"admin", "tier", "gold", "Ada,Dee,Dino Bianchi"},
			{"ann", "tier", "gold", "Ada,Dee"}, // Dino's conversation is in an inbox Ann does not see
			{"admin", "tier", "silver", "Bea"},
			{"admin", "tier", "bronze", ""}, // no such option: compared as text, nobody
			{"admin", "tier", "", "Ada,Bea,Dee,Dino Bianchi"},
			{"ann", "tier", "", "Ada,Bea,Dee"},
			{"admin", "score", "3", "Ada,Cy"}, // the number 3 is 3.0; Bea's string "3" is not a number
			{"admin", "score", "3.0", "Ada,Cy"},
			{"admin", "score", "12.5", "Dee"},
			{"admin", "score", "abc", ""},
			{"admin", "score", "", "Ada,Bea,Cy,Dee"},
			{"admin", "ok", "true", "Ada,Dee"},
			{"admin", "ok", "yes", "Ada,Dee"},
			{"admin", "ok", "false", "Bea"},
			{"admin", "ok", "", "Ada,Bea,Dee"},
			{"admin", "day", "2027-01-05", "Ada,Dee"},
			{"admin", "day", "2027-01-06", ""},
			{"admin", "note", "x y", "Ada"},
			{"admin", "note", "x", ""},
		} {
			if got := find(tc.who, tc.key, tc.val); got != tc.want {
				t.Errorf("%s: %s = %q: %s, want %s", tc.who, tc.key, tc.val, got, tc.want)
			}
		}
		for _, v := range []string{"gold"} { // (set, "": the planner may walk the sort's index instead, when most have one)
			plan, err := db.AttrPlanForTest(w.adminCtx, "tier", v)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "contact_attr_tier") {
				t.Errorf("tier = %q does not read its index:\n%s", v, plan)
			}
		}

		// A key whose definition went keeps its values, filtered without an index.
		if err := db.DeleteContactAttribute(w.adminCtx, ids["tier"]); err != nil {
			t.Fatal(err)
		}
		if got := indexes(); got != "contact_attr_day,contact_attr_note,contact_attr_ok,contact_attr_score" {
			t.Errorf("indexes after deleting tier: %s", got)
		}
		if got := find("admin", "tier", "gold"); got != "Ada,Dee,Dino Bianchi" {
			t.Errorf("undefined tier = gold: %s", got)
		}
		if got := find("ann", "tier", "gold"); got != "Ada,Dee" {
			t.Errorf("undefined tier = gold, Ann: %s", got)
		}
		if plan, err := db.AttrPlanForTest(w.adminCtx, "tier", "gold"); err != nil || strings.Contains(plan, "contact_attr_") {
			t.Errorf("undefined tier's plan: %v\n%s", err, plan)
		}
		// Defined again, the index is back; a definition's index missing (made before indexes
		// existed) is built by the next Migrate.
		if _, err := db.CreateContactAttribute(w.adminCtx, &switchboard.ContactAttributeInput{Key: ptr("tier"), Label: ptr("Tier"),
			Type: ptr(switchboard.AttrText)}); err != nil {
			t.Fatal(err)
		}
		if got := find("admin", "tier", "gold"); got != "Ada,Dee,Dino Bianchi" {
			t.Errorf("tier defined again = gold: %s", got)
		}
		if err := db.DropAttrIndexForTest(w.adminCtx, "score"); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		if got := indexes(); got != "contact_attr_day,contact_attr_note,contact_attr_ok,contact_attr_score,contact_attr_tier" {
			t.Errorf("indexes after Migrate: %s", got)
		}
	})
}
