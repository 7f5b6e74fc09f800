package switchboard_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

// TestCleanCards: whatever a sender puts in cards is bounded and storable, empty cards go, and
// the identities are the valid addresses, each once.
func TestCleanCards(t *testing.T) {
	many := make([]*switchboard.ContactCard, 30)
	for i := range many {
		many[i] = &switchboard.ContactCard{Name: "x"}
	}
	if got := switchboard.CleanCards(many); len(got) != switchboard.MaxCards {
		t.Errorf("%d cards kept, want %d", len(got), switchboard.MaxCards)
	}
	phones := make([]switchboard.CardField, 50)
	for i := range phones {
		phones[i] = switchboard.CardField{Value: "+39 333 123 4567"}
	}
	c := &switchboard.ContactCard{Name: "Ann\x00a " + strings.Repeat("é", 400), Phones: phones,
		Emails: []switchboard.CardField{{Value: "ANN@example.com"}, {Value: " "}, {Value: "ann@example.com"}, {Value: "nope"}},
		URLs:   []switchboard.CardField{{Value: "\xff"}}}
	got := switchboard.CleanCards([]*switchboard.ContactCard{nil, {}, c})
	if len(got) != 1 {
		t.Fatalf("%d cards, want the one with something in it", len(got))
	}
	if len(c.Name) > 500 || !utf8.ValidString(c.Name) || strings.ContainsRune(c.Name, 0) {
		t.Errorf("name not bounded or storable: %d bytes", len(c.Name))
	}
	if len(c.Phones) != switchboard.MaxCardFields || len(c.Emails) != 3 || c.URLs[0].Value != "\uFFFD" {
		t.Errorf("%d phones, emails %+v, urls %+v", len(c.Phones), c.Emails, c.URLs)
	}
	want := []switchboard.IdentityInput{{Kind: "phone", ExternalID: "+393331234567"}, {Kind: "email", ExternalID: "ann@example.com"}}
	if len(c.Identities) != 2 || c.Identities[0] != want[0] || c.Identities[1] != want[1] {
		t.Errorf("identities = %+v, want %+v", c.Identities, want)
	}
	if s := switchboard.CardsText(nil); s != "Contact card" {
		t.Errorf("CardsText(nil) = %q", s)
	}
}
