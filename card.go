package switchboard

import (
	"strings"
	"unicode/utf8"
)

// ContactCard is a person's details a customer shared: a WhatsApp contacts message, a vCard sent
// by MMS or mail. The thread shows it as a card, which an agent can add to the address book.
type ContactCard struct {
	Name         string        `json:"name"`
	Phones       []CardField   `json:"phones,omitempty"`
	Emails       []CardField   `json:"emails,omitempty"`
	Organization string        `json:"organization,omitempty"`
	Department   string        `json:"department,omitempty"`
	Title        string        `json:"title,omitempty"`
	Addresses    []CardAddress `json:"addresses,omitempty"`
	URLs         []CardField   `json:"urls,omitempty"`
	Birthday     string        `json:"birthday,omitempty"`
	// Identities are the card's phone numbers (E.164) and email addresses as a contact's
	// identities, each once: what "add as contact" creates the contact with. Clean fills them.
	Identities []IdentityInput `json:"identities"`
}

// CardField is one phone number, email address or web address of a card, with its type as the
// card gives it (CELL, HOME, WORK…).
type CardField struct {
	Value string `json:"value"`
	Type  string `json:"type,omitempty"`
	// WaID is the number's WhatsApp id, when WhatsApp says the number uses it.
	WaID string `json:"wa_id,omitempty"`
}

// CardAddress is a postal address of a card.
type CardAddress struct {
	Street      string `json:"street,omitempty"`
	City        string `json:"city,omitempty"`
	State       string `json:"state,omitempty"`
	Zip         string `json:"zip,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Type        string `json:"type,omitempty"`
}

// The bounds of what a message's cards keep: a sender may put anything in them.
const (
	MaxCards      = 20  // cards in one message
	MaxCardFields = 20  // phones, emails, addresses or URLs in one card
	maxCardText   = 500 // bytes of one value
)

// Line is the address on one line, its parts separated by commas.
func (a CardAddress) Line() string {
	return strings.Join(nonBlank(a.Street, a.City, a.State, a.Zip, a.Country), ", ")
}

// Label renders the card on one line for previews, search and exports: its name, organisation,
// phone numbers and email addresses.
func (c *ContactCard) Label() string {
	parts := nonBlank(c.Name, c.Organization)
	for _, list := range [][]CardField{c.Phones, c.Emails} {
		for _, f := range list {
			parts = append(parts, nonBlank(f.Value)...)
		}
	}
	return strings.Join(parts, ", ")
}

// CardsText renders cards as text, one "Contact: …" line each, for a message that is nothing
// but its cards.
func CardsText(cards []*ContactCard) string {
	lines := make([]string, 0, len(cards))
	for _, c := range cards {
		if l := c.Label(); l != "" {
			lines = append(lines, "Contact: "+l)
		}
	}
	if len(lines) == 0 {
		return "Contact card"
	}
	return strings.Join(lines, "\n")
}

// Clean bounds and makes storable every text of the card (see InboundBatch.Clean) and works out
// its identities: the phone numbers by their WhatsApp id when the card gives one (a number may be
// written without its country code), else as E.164; the valid email addresses.
func (c *ContactCard) Clean() {
	clip := func(s string) string { return clipText(StorableText(strings.TrimSpace(s)), maxCardText) }
	for _, s := range []*string{&c.Name, &c.Organization, &c.Department, &c.Title, &c.Birthday} {
		*s = clip(*s)
	}
	fields := func(list []CardField) []CardField {
		list = list[:min(len(list), MaxCardFields)]
		out := list[:0]
		for _, f := range list {
			f.Value, f.Type, f.WaID = clip(f.Value), clip(f.Type), clip(f.WaID)
			if f.Value != "" {
				out = append(out, f)
			}
		}
		return out
	}
	c.Phones, c.Emails, c.URLs = fields(c.Phones), fields(c.Emails), fields(c.URLs)
	c.Addresses = c.Addresses[:min(len(c.Addresses), MaxCardFields)]
	for i := range c.Addresses {
		a := &c.Addresses[i]
		for _, s := range []*string{&a.Street, &a.City, &a.State, &a.Zip, &a.Country, &a.CountryCode, &a.Type} {
			*s = clip(*s)
		}
	}
	c.Identities = []IdentityInput{}
	seen := map[IdentityInput]bool{}
	add := func(kind IdentityKind, candidates ...string) {
		for _, s := range candidates {
			if s == "" {
				continue
			}
			if id, err := NormalizeIdentity(kind, s); err == nil {
				if in := (IdentityInput{Kind: kind, ExternalID: id}); !seen[in] {
					seen[in] = true
					c.Identities = append(c.Identities, in)
				}
				return
			}
		}
	}
	for _, p := range c.Phones {
		add(IdentityPhone, p.WaID, p.Value) // WhatsApp's id is the number as it is dialled
	}
	for _, e := range c.Emails {
		add(IdentityEmail, e.Value)
	}
}

// CleanCards bounds a message's cards (MaxCards) and cleans each, dropping empty ones.
func CleanCards(cards []*ContactCard) []*ContactCard {
	cards = cards[:min(len(cards), MaxCards)]
	out := cards[:0]
	for _, c := range cards {
		if c == nil {
			continue
		}
		c.Clean()
		if c.Label() != "" || len(c.Addresses) > 0 || len(c.URLs) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// clipText cuts s to at most n bytes, at a character boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
