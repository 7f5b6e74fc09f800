package contacts

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// The confidence of each reason a duplicate is suggested.
const (
	confidencePhone   = 0.95
	confidenceEmail   = 0.95
	confidenceVisitor = 0.8
	confidenceName    = 0.6
)

// PhoneKey is the form two notations of one phone number share: digits after a "+", with
// spaces, dashes, dots and parentheses dropped and a leading 00 read as +. A number written
// without its country code (no + or 00) has no key: whose country it is would be a guess.
func PhoneKey(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"whatsapp:", "tel:", "sms:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	var b strings.Builder
	plus := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return ""
		}
	}
	d := b.String()
	if !plus {
		if !strings.HasPrefix(d, "00") {
			return ""
		}
		d = d[2:]
	}
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return ""
	}
	return "+" + d
}

// EmailKey is an email address compared ignoring case and surrounding spaces ("" if it is none).
func EmailKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '@'); i <= 0 || i == len(s)-1 {
		return ""
	}
	return s
}

// fullName is a name of at least two words, lower case, spaces collapsed; "" otherwise (a
// first name alone identifies no one).
func fullName(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) < 2 {
		return ""
	}
	return strings.Join(f, " ")
}

// handleKey keeps the letters and digits of a handle or an email's local part.
func handleKey(s string) string {
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// similarHandle: equal, or one starts with the other and the shorter has at least 4 characters.
func similarHandle(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 4 && strings.HasPrefix(b, a)
}

// facts is what identifies one contact.
type facts struct {
	phones, emails, typed map[string]bool // typed: emails a web visitor typed, unverified
	name                  string
	handles               []string
}

func factsOf(c *switchboard.Contact) facts {
	f := facts{phones: map[string]bool{}, emails: map[string]bool{}, typed: map[string]bool{}, name: fullName(c.Name)}
	addPhone := func(s string) {
		if k := PhoneKey(s); k != "" {
			f.phones[k] = true
		}
	}
	addPhone(c.Phone)
	if k := EmailKey(c.Email); k != "" {
		f.emails[k] = true
		f.handles = append(f.handles, handleKey(k))
	}
	for _, i := range c.Identities {
		switch i.Kind {
		case switchboard.IdentityPhone:
			addPhone(i.ExternalID)
		case switchboard.IdentityEmail:
			if k := EmailKey(i.ExternalID); k != "" {
				f.emails[k] = true
				f.handles = append(f.handles, handleKey(k))
			}
		case switchboard.IdentityInstagram, switchboard.IdentityTelegram:
			f.handles = append(f.handles, handleKey(i.ExternalID))
		}
	}
	var attrs map[string]json.RawMessage
	if json.Unmarshal(c.Attributes, &attrs) == nil {
		var s string
		if json.Unmarshal(attrs["unverified_email"], &s) == nil {
			if k := EmailKey(s); k != "" {
				f.typed[k] = true
			}
		}
		if json.Unmarshal(attrs["unverified_phone"], &s) == nil {
			addPhone(s)
		}
	}
	return f
}

// Keys returns the phone numbers (as PhoneKey) and email addresses (as EmailKey, typed ones
// included) a candidate duplicate of c must share, for the store to look candidates up by.
func Keys(c *switchboard.Contact) (phones, emails []string, name string) {
	f := factsOf(c)
	for k := range f.phones {
		phones = append(phones, k)
	}
	for k := range f.emails {
		emails = append(emails, k)
	}
	for k := range f.typed {
		emails = append(emails, k)
	}
	sort.Strings(phones)
	sort.Strings(emails)
	return phones, emails, f.name
}

// Suggest returns which candidates look like the same person as c, each once with its best
// reason, surest first. Sharing a name, let alone a first name, is never enough by itself.
func Suggest(c *switchboard.Contact, candidates []*switchboard.Contact) []*switchboard.MergeSuggestion {
	me := factsOf(c)
	var out []*switchboard.MergeSuggestion
	for _, o := range candidates {
		if o.ID == c.ID {
			continue
		}
		if s := match(me, factsOf(o)); s != nil {
			s.ContactID, s.Other = c.ID, o
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Confidence != out[j].Confidence {
			return out[i].Confidence > out[j].Confidence
		}
		return out[i].Other.ID < out[j].Other.ID
	})
	return out
}

// match returns the best reason a and b are one person, or nil.
func match(a, b facts) *switchboard.MergeSuggestion {
	for _, k := range sortedKeys(a.phones) {
		if b.phones[k] {
			return &switchboard.MergeSuggestion{Reason: switchboard.ReasonSamePhone, Confidence: confidencePhone, Detail: k}
		}
	}
	for _, k := range sortedKeys(a.emails) {
		if b.emails[k] {
			return &switchboard.MergeSuggestion{Reason: switchboard.ReasonSameEmail, Confidence: confidenceEmail, Detail: k}
		}
	}
	for _, pair := range [][2]facts{{a, b}, {b, a}} {
		for _, k := range sortedKeys(pair[0].typed) {
			if pair[1].emails[k] {
				return &switchboard.MergeSuggestion{Reason: switchboard.ReasonVisitorEmail, Confidence: confidenceVisitor, Detail: k}
			}
		}
	}
	if a.name != "" && a.name == b.name {
		for _, x := range a.handles {
			for _, y := range b.handles {
				if similarHandle(x, y) {
					return &switchboard.MergeSuggestion{Reason: switchboard.ReasonNameAndHandle, Confidence: confidenceName, Detail: a.name}
				}
			}
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
