// Package vcard reads contact cards from vCard files (RFC 6350, and the 3.0 and 2.1 files phones
// still send) with emersion/go-vcard, into plain values: names, phone numbers, email and web
// addresses, organisation, postal addresses. It reads what senders put in files they attach, so
// it bounds what it reads and never fails on what it cannot: a line that is no property is
// skipped, something that is not a card ends the reading, and the cards before it stand.
package vcard

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"strings"

	govcard "github.com/emersion/go-vcard"
)

// MaxFile bounds the bytes read from one file: cards with photos are larger, and nobody shares
// a thousand contacts with a help desk.
const MaxFile = 1 << 20

// MaxCards bounds the cards read from one file.
const MaxCards = 20

// Card is one contact of a vCard file.
type Card struct {
	Name         string
	Phones       []Value
	Emails       []Value
	URLs         []Value
	Organization string
	Department   string
	Title        string
	Addresses    []Address
	Birthday     string
}

// Value is a phone number, email or web address with its type (CELL, WORK…), upper case.
type Value struct {
	Value string
	Type  string
}

// Address is a postal address.
type Address struct {
	Street     string
	City       string
	Region     string
	PostalCode string
	Country    string
	Type       string
}

// Parse reads the cards of a vCard file (at most MaxCards, from its first MaxFile bytes).
func Parse(data []byte) []Card {
	if len(data) > MaxFile {
		data = data[:MaxFile]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // the byte-order mark some editors write
	dec := govcard.NewDecoder(bytes.NewReader(bareTypes(data)))
	var out []Card
	for len(out) < MaxCards {
		c, err := dec.Decode()
		if err != nil {
			break // the end, or not a card: nothing after it can be trusted to line up
		}
		if card, ok := cardOf(c); ok {
			out = append(out, card)
		}
	}
	return out
}

// bareTypes writes vCard 2.1's bare parameters ("TEL;CELL;PREF:…") as the TYPE parameters later
// versions use ("TEL;TYPE=CELL;TYPE=PREF:…"), which is what the decoder reads.
func bareTypes(data []byte) []byte {
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		colon := bytes.IndexByte(l, ':')
		semi := bytes.IndexByte(l, ';')
		if colon < 0 || semi < 0 || semi > colon || bytes.IndexByte(l[:colon], '"') >= 0 {
			continue
		}
		params := bytes.Split(l[semi+1:colon], []byte(";"))
		var b bytes.Buffer
		b.Write(l[:semi])
		for _, p := range params {
			b.WriteByte(';')
			if bytes.IndexByte(p, '=') < 0 {
				b.WriteString("TYPE=")
			}
			b.Write(p)
		}
		b.Write(l[colon:])
		lines[i] = b.Bytes()
	}
	return bytes.Join(lines, []byte("\n"))
}

func cardOf(c govcard.Card) (Card, bool) {
	var out Card
	out.Name = text(c.Preferred(govcard.FieldFormattedName))
	if out.Name == "" {
		if n := c.Preferred(govcard.FieldName); n != nil {
			// family; given; additional; prefixes; suffixes
			parts := strings.Split(text(n), ";")
			out.Name = strings.Join(strings.Fields(strings.Join([]string{at(parts, 3), at(parts, 1), at(parts, 2), at(parts, 0), at(parts, 4)}, " ")), " ")
		}
	}
	for _, f := range c[govcard.FieldTelephone] {
		out.Phones = append(out.Phones, Value{Value: strings.TrimPrefix(text(f), "tel:"), Type: kind(f)})
	}
	for _, f := range c[govcard.FieldEmail] {
		out.Emails = append(out.Emails, Value{Value: strings.TrimPrefix(text(f), "mailto:"), Type: kind(f)})
	}
	for _, f := range c[govcard.FieldURL] {
		out.URLs = append(out.URLs, Value{Value: text(f), Type: kind(f)})
	}
	if f := c.Preferred(govcard.FieldOrganization); f != nil {
		parts := strings.Split(text(f), ";")
		out.Organization, out.Department = strings.TrimSpace(at(parts, 0)), strings.TrimSpace(at(parts, 1))
	}
	out.Title = text(c.Preferred(govcard.FieldTitle))
	out.Birthday = text(c.Preferred(govcard.FieldBirthday))
	for _, f := range c[govcard.FieldAddress] {
		parts := strings.Split(text(f), ";")
		street := strings.Join(strings.Fields(at(parts, 2)+" "+at(parts, 1)+" "+at(parts, 0)), " ")
		out.Addresses = append(out.Addresses, Address{Street: street, City: strings.TrimSpace(at(parts, 3)),
			Region: strings.TrimSpace(at(parts, 4)), PostalCode: strings.TrimSpace(at(parts, 5)), Country: strings.TrimSpace(at(parts, 6)), Type: kind(f)})
	}
	ok := out.Name != "" || len(out.Phones) > 0 || len(out.Emails) > 0
	return out, ok
}

// text is a field's value, decoded from quoted-printable when a 2.1 card says it is; "" for no
// field.
func text(f *govcard.Field) string {
	if f == nil {
		return ""
	}
	v := f.Value
	if strings.EqualFold(f.Params.Get("ENCODING"), "QUOTED-PRINTABLE") {
		if b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v))); err == nil {
			v = string(b)
		}
	}
	return strings.TrimSpace(v)
}

// kind is a field's first type other than PREF (and the VOICE every phone is), upper case.
func kind(f *govcard.Field) string {
	for _, t := range f.Params.Types() {
		if t = strings.ToUpper(t); t != "PREF" && t != "VOICE" && t != "INTERNET" {
			return t
		}
	}
	return ""
}

func at(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}
