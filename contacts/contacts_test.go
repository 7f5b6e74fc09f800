package contacts

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

func TestPhoneKeyVariants(t *testing.T) {
	for _, s := range []string{"+39 333 123 4567", "0039-333-1234567", "+393331234567", "+39 (333) 123.4567"} {
		if got := PhoneKey(s); got != "+393331234567" {
			t.Errorf("PhoneKey(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"333 123 4567", "3331234567", "not a number", ""} {
		if got := PhoneKey(s); got != "" {
			t.Errorf("PhoneKey(%q) = %q, want none (no country code: never guess)", s, got)
		}
	}
}

func contact(id int64, name, email, phone string, ids ...*switchboard.Identity) *switchboard.Contact {
	return &switchboard.Contact{ID: id, Name: name, Email: email, Phone: phone, Identities: ids, Attributes: json.RawMessage(`{}`)}
}

func TestSuggest(t *testing.T) {
	me := contact(1, "Mario Rossi", "", "+39 333 123 4567")
	cands := []*switchboard.Contact{
		contact(2, "M.", "", "0039-333-1234567"),
		contact(3, "", "", "+393331234567"),
		contact(4, "Mario", "", "+39 333 999 0000"),          // first name only
		contact(5, "Mario Rossi", "", ""),                    // the same name, no handle
		contact(6, "Mario Bianchi", "mario@example.com", ""), // first name and nothing else
		contact(7, "", "", "333 123 4567"),                   // no country code: no guess
	}
	got := Suggest(me, cands)
	if len(got) != 2 || got[0].Other.ID != 2 || got[1].Other.ID != 3 {
		t.Fatalf("suggestions = %+v, want contacts 2 and 3", got)
	}
	for _, s := range got {
		if s.Reason != switchboard.ReasonSamePhone || s.Confidence < 0.9 || s.Detail != "+393331234567" {
			t.Errorf("suggestion %+v", s)
		}
	}

	// Two different people who share a first name, or a full name without a similar handle.
	ann := contact(10, "Ann Smith", "ann.smith@a.test", "")
	if s := Suggest(ann, []*switchboard.Contact{contact(11, "Ann", "ann@b.test", ""), contact(12, "Ann Smith", "bob@c.test", "")}); len(s) != 0 {
		t.Errorf("Ann pairs with %+v", s)
	}
	// The same full name and a similar handle: a weaker suggestion.
	s := Suggest(ann, []*switchboard.Contact{contact(13, "ann  SMITH", "", "", &switchboard.Identity{Kind: switchboard.IdentityInstagram, ExternalID: "ann_smith88"})})
	if len(s) != 1 || s[0].Reason != switchboard.ReasonNameAndHandle || s[0].Confidence >= 0.9 {
		t.Errorf("name and handle = %+v", s)
	}
	// Email, ignoring case and spaces; and a web visitor who typed it.
	s = Suggest(ann, []*switchboard.Contact{contact(14, "", " ANN.Smith@a.test ", "")})
	if len(s) != 1 || s[0].Reason != switchboard.ReasonSameEmail {
		t.Errorf("email = %+v", s)
	}
	visitor := contact(15, "", "", "", &switchboard.Identity{Kind: switchboard.IdentityWeb, ExternalID: "v_1"})
	visitor.Attributes = json.RawMessage(`{"unverified_email":"Ann.Smith@a.test"}`)
	s = Suggest(ann, []*switchboard.Contact{visitor})
	if len(s) != 1 || s[0].Reason != switchboard.ReasonVisitorEmail {
		t.Errorf("visitor = %+v", s)
	}
}

func TestPlanMerge(t *testing.T) {
	old := contact(1, "Mario Rossi", "", "+393331234567")
	old.Attributes, old.Labels, old.CreatedAt = json.RawMessage(`{"tier":"gold"}`), []string{"vip"}, time.Unix(1, 0)
	young := contact(2, "Mario", "mario@x.test", "+393330000000")
	young.Attributes, young.Labels, young.CreatedAt = json.RawMessage(`{"tier":"silver","city":"Rome"}`), []string{"lead", "vip"}, time.Unix(2, 0)
	s, o := Older(young, old)
	if s.ID != 1 || o.ID != 2 {
		t.Fatalf("Older = %d, %d", s.ID, o.ID)
	}
	p, err := PlanMerge(s, o)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Mario Rossi" || p.Email != "mario@x.test" || p.Phone != "+393331234567" {
		t.Errorf("fields = %+v", p)
	}
	if string(p.Attributes) != `{"city":"Rome","tier":"gold"}` {
		t.Errorf("attributes = %s", p.Attributes)
	}
	if len(p.Labels) != 2 || len(p.LabelsAdded) != 1 || p.LabelsAdded[0] != "lead" {
		t.Errorf("labels = %v added %v", p.Labels, p.LabelsAdded)
	}
	if len(p.FromOther) != 2 || p.FromOther[0] != "email" || p.FromOther[1] != "attributes" {
		t.Errorf("from other = %v", p.FromOther)
	}
}
