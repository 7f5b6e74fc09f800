package sqlstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactAttributes: admins define typed attributes, agents read them; contacts' values for
// defined keys must fit their type (nothing written otherwise), undefined keys stay free; the
// address book filters by a value; a CSV import reads values into their types.
func TestContactAttributes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		typ := func(a switchboard.AttributeType) *switchboard.AttributeType { return &a }
		define := func(in switchboard.ContactAttributeInput) *switchboard.ContactAttribute {
			t.Helper()
			a, err := db.CreateContactAttribute(w.adminCtx, &in)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		_, err := db.CreateContactAttribute(w.annCtx, &switchboard.ContactAttributeInput{Key: ptr("x"), Label: ptr("X"), Type: typ("text")})
		wantCode(t, err, switchboard.EFORBIDDEN)
		events := countEvents(t, db, switchboard.EventContactAttributeChanged)

		plan := define(switchboard.ContactAttributeInput{Key: ptr("plan"), Label: ptr(" Plan "), Type: typ(switchboard.AttrList), Options: &[]string{"free", "pro"}})
		renew := define(switchboard.ContactAttributeInput{Key: ptr("renewal"), Label: ptr("Renewal"), Type: typ(switchboard.AttrDate)})
		define(switchboard.ContactAttributeInput{Key: ptr("seats"), Label: ptr("Seats"), Type: typ(switchboard.AttrNumber)})
		vip := define(switchboard.ContactAttributeInput{Key: ptr("vip"), Label: ptr("VIP"), Type: typ(switchboard.AttrCheckbox), Position: ptr(0)})
		define(switchboard.ContactAttributeInput{Key: ptr("site"), Label: ptr("Site"), Type: typ(switchboard.AttrLink)})
		if plan.Label != "Plan" || plan.Position != 0 || len(plan.Options) != 2 || renew.Position != 1 || vip.Position != 0 {
			t.Errorf("created %+v %+v %+v", plan, renew, vip)
		}
		keys := func() string {
			t.Helper()
			defs, err := db.FindContactAttributes(w.annCtx) // every agent reads them
			if err != nil {
				t.Fatal(err)
			}
			var k []string
			for i, d := range defs {
				if d.Position != i {
					t.Errorf("%s at position %d, index %d", d.Key, d.Position, i)
				}
				k = append(k, d.Key)
			}
			return strings.Join(k, ",")
		}
		if got := keys(); got != "vip,plan,renewal,seats,site" {
			t.Errorf("order = %s", got)
		}

		t.Run("definitions refuse bad input", func(t *testing.T) {
			for name, in := range map[string]switchboard.ContactAttributeInput{
				"key":        {Key: ptr("Has Space"), Label: ptr("L"), Type: typ("text")},
				"type":       {Key: ptr("k"), Label: ptr("L"), Type: typ("colour")},
				"options":    {Key: ptr("k"), Label: ptr("L"), Type: typ("list")},
				"label":      {Key: ptr("k"), Type: typ("text")},
				"options.of": {Key: ptr("k"), Label: ptr("L"), Type: typ("text"), Options: &[]string{"a"}},
			} {
				_, err := db.CreateContactAttribute(w.adminCtx, &in)
				wantField(t, err, switchboard.EINVALID, strings.TrimSuffix(name, ".of"))
			}
			_, err := db.CreateContactAttribute(w.adminCtx, &switchboard.ContactAttributeInput{Key: ptr("plan"), Label: ptr("P"), Type: typ("text")})
			wantField(t, err, switchboard.ECONFLICT, "key")
			_, err = db.UpdateContactAttribute(w.adminCtx, plan.ID, &switchboard.ContactAttributeInput{Key: ptr("tier")})
			wantField(t, err, switchboard.EINVALID, "key")
			_, err = db.UpdateContactAttribute(w.annCtx, plan.ID, &switchboard.ContactAttributeInput{Label: ptr("Tier")})
			wantCode(t, err, switchboard.EFORBIDDEN)
			_, err = db.UpdateContactAttribute(w.adminCtx, 99999, &switchboard.ContactAttributeInput{Label: ptr("Tier")})
			wantCode(t, err, switchboard.ENOTFOUND)
		})

		up, err := db.UpdateContactAttribute(w.adminCtx, plan.ID, &switchboard.ContactAttributeInput{Label: ptr("Tier"),
			Options: &[]string{"free", "pro", "enterprise"}, Position: ptr(9)})
		if err != nil {
			t.Fatal(err)
		}
		if up.Key != "plan" || up.Label != "Tier" || len(up.Options) != 3 || up.Position != 4 {
			t.Errorf("updated = %+v", up)
		}
		if got := keys(); got != "vip,renewal,seats,site,plan" {
			t.Errorf("order after a move = %s", got)
		}

		c, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Ada"),
			Attributes: json.RawMessage(`{"plan":"pro","renewal":"2027-01-31","seats":12,"vip":true,"site":"https://ada.example","unverified_email":"x@y"}`)})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("values must fit their type", func(t *testing.T) {
			bad := json.RawMessage(`{"plan":"gold","renewal":"31/01/2027","seats":"12","vip":"yes","site":"javascript:alert(1)","free":[1]}`)
			_, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr("Bad"), Attributes: bad})
			f := switchboard.ErrorFields(err)
			for _, k := range []string{"plan", "renewal", "seats", "vip", "site"} {
				if f["attributes."+k] == "" {
					t.Errorf("no field error attributes.%s in %v", k, f)
				}
			}
			if _, ok := f["attributes.free"]; ok {
				t.Errorf("an undefined key was checked: %v", f)
			}
			_, err = db.UpdateContact(w.annCtx, c.ID, &switchboard.ContactInput{Name: ptr("Changed"), Attributes: json.RawMessage(`{"seats":"many"}`)})
			wantField(t, err, switchboard.EINVALID, "attributes.seats")
			long := strings.Repeat("a", switchboard.MaxAttributeText+1)
			_, err = db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{Attributes: json.RawMessage(`{"plan":"pro","note":"` + long + `"}`)})
			if err != nil {
				t.Errorf("an undefined long value: %v", err)
			}
			got, err := db.FindContactByID(w.adminCtx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Ada" || strings.Contains(string(got.Attributes), "many") {
				t.Errorf("a refused update wrote: %s %s", got.Name, got.Attributes)
			}
		})

		// A definition made after a value was kept does not stop the contact's other changes.
		if _, err := db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{
			Attributes: json.RawMessage(`{"plan":"pro","renewal":"2027-01-31","seats":12,"vip":true,"site":"https://ada.example","region":"north"}`)}); err != nil {
			t.Fatal(err)
		}
		region := define(switchboard.ContactAttributeInput{Key: ptr("region"), Label: ptr("Region"), Type: typ(switchboard.AttrList), Options: &[]string{"eu", "us"}})
		if _, err := db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{Name: ptr("Ada L."),
			Attributes: json.RawMessage(`{"plan":"pro","renewal":"2027-01-31","seats":12,"vip":true,"site":"https://ada.example","region":"north"}`)}); err != nil {
			t.Errorf("an unchanged old value stopped an update: %v", err)
		}
		_, err = db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{Attributes: json.RawMessage(`{"region":"south"}`)})
		wantField(t, err, switchboard.EINVALID, "attributes.region")
		// Deleting a definition keeps contacts' values, undefined.
		if err := db.DeleteContactAttribute(w.adminCtx, region.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteContactAttribute(w.adminCtx, region.ID), switchboard.ENOTFOUND)
		if _, err := db.UpdateContact(w.adminCtx, c.ID, &switchboard.ContactInput{
			Attributes: json.RawMessage(`{"plan":"pro","renewal":"2027-01-31","seats":12,"vip":true,"site":"https://ada.example","region":"south"}`)}); err != nil {
			t.Errorf("an undefined key after its definition went: %v", err)
		}
		if got := keys(); got != "vip,renewal,seats,site,plan" {
			t.Errorf("order after a delete = %s", got)
		}
		if n := countEvents(t, db, switchboard.EventContactAttributeChanged); n != events+8 {
			t.Errorf("%d contact_attribute.changed events, want %d", n-events, 8)
		}

		t.Run("address book filter", func(t *testing.T) {
			for _, in := range []string{`{"plan":"free","seats":3,"vip":false}`, `{"plan":"pro","seats":3.0,"vip":true,"note":"12"}`, `{"seats":null}`} {
				if _, err := db.CreateContact(w.adminCtx, &switchboard.ContactInput{Name: ptr(in), Attributes: json.RawMessage(in)}); err != nil {
					t.Fatal(err)
				}
			}
			count := func(key, val string) int {
				t.Helper()
				return len(names(t, db, w.adminCtx, switchboard.ContactFilter{Attr: key, AttrValue: val}))
			}
			for _, tc := range []struct {
				key, val string
				want     int
			}{
				{"plan", "pro", 2}, {"plan", "free", 1}, {"plan", "gold", 0}, {"seats", "3", 2}, {"seats", "12", 1},
				{"vip", "true", 2}, {"vip", "false", 1}, {"note", "12", 1}, {"region", "south", 1}, {"seats", "", 3},
				{"renewal", "2027-01-31", 1}, {"site", "https://ada.example", 1}, {"nothing", "", 0},
			} {
				if got := count(tc.key, tc.val); got != tc.want {
					t.Errorf("attr %s = %q: %d contacts, want %d", tc.key, tc.val, got, tc.want)
				}
			}
			_, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Attr: `x"); DROP`, AttrValue: "1"})
			wantField(t, err, switchboard.EINVALID, "attr")
		})

		t.Run("import reads values into their types", func(t *testing.T) {
			file := []byte("email,plan,seats,vip,renewal\n" +
				"imp1@example.com,pro,7,yes,2027-03-01\n" +
				"imp2@example.com,gold,7,yes,2027-03-01\n" +
				"imp3@example.com,free,seven,no,\n")
			imp, err := db.CreateContactImport(w.adminCtx, "a.csv", file)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.StartContactImport(w.adminCtx, imp.ID, &switchboard.ContactImportMapping{Columns: map[string]string{
				"email": "email", "plan": "attribute.plan", "seats": "attribute.seats", "vip": "attribute.vip", "renewal": "attribute.renewal"}}); err != nil {
				t.Fatal(err)
			}
			if err := db.RunContactImport(w.sys, imp.ID); err != nil {
				t.Fatal(err)
			}
			if imp, err = db.FindContactImport(w.adminCtx, imp.ID); err != nil || imp.Created != 1 || imp.Refused != 2 {
				t.Fatalf("import = %+v, %v", imp, err)
			}
			page, err := db.FindContacts(w.adminCtx, switchboard.ContactFilter{Query: "imp1@example.com"})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("imported = %+v, %v", page, err)
			}
			var got map[string]any
			_ = json.Unmarshal(page.Items[0].Attributes, &got)
			if got["plan"] != "pro" || got["seats"] != float64(7) || got["vip"] != true || got["renewal"] != "2027-03-01" {
				t.Errorf("imported attributes = %s", page.Items[0].Attributes)
			}
			var reasons []string
			_ = db.ContactImportErrors(w.adminCtx, imp.ID, func(_ int64, r string) error { reasons = append(reasons, r); return nil })
			if len(reasons) != 2 || !strings.Contains(reasons[0], "plan") || !strings.Contains(reasons[1], "seats") {
				t.Errorf("refused = %q", reasons)
			}
			// The same file again changes nothing.
			imp2, _ := db.CreateContactImport(w.adminCtx, "a.csv", file)
			_, _ = db.StartContactImport(w.adminCtx, imp2.ID, imp.Mapping)
			if err := db.RunContactImport(w.sys, imp2.ID); err != nil {
				t.Fatal(err)
			}
			if imp2, _ = db.FindContactImport(w.adminCtx, imp2.ID); imp2.Unchanged != 1 || imp2.Created != 0 {
				t.Errorf("second import = %+v", imp2)
			}
		})
	})
}
