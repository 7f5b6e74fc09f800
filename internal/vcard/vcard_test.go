package vcard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// v3 is a card as iPhones share them (3.0, grouped items, TYPE lists).
const v3 = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n" +
	"N:Lima;Bea;;Dr.;\r\nFN:Dr. Bea Lima\r\nORG:Lima Ltda;Sales;\r\nTITLE:Manager\r\n" +
	"EMAIL;type=INTERNET;type=WORK;type=pref:bea@lima.example\r\n" +
	"TEL;type=CELL;type=VOICE;type=pref:+55 11 98888-7777\r\nTEL;type=WORK;type=VOICE:+55 11 3333-4444\r\n" +
	"item1.ADR;type=WORK;type=pref:;;Av. Paulista\\, 1;São Paulo;SP;01310-100;Brazil\r\nitem1.X-ABADR:br\r\n" +
	"item2.URL;type=pref:https://lima.example\r\nBDAY:1990-04-01\r\nEND:VCARD\r\n"

// v21 is an old phone's card: 2.1, quoted-printable, no FN.
const v21 = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n" +
	"TEL;CELL:+49 151 2345 6789\r\nTEL;WORK;CHARSET=UTF-8:+49 30 1234 5678\r\nEND:VCARD\r\n"

// v4 is RFC 6350's form: tel: URIs, a KIND.
const v4 = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Caio\r\nTEL;VALUE=uri;TYPE=cell:tel:+55-21-97777-6666\r\n" +
	"EMAIL:mailto:caio@example.com\r\nEND:VCARD\r\n"

func TestParse(t *testing.T) {
	got := Parse([]byte("\xef\xbb\xbf" + v3 + v21 + v4))
	want := []Card{{
		Name: "Dr. Bea Lima", Organization: "Lima Ltda", Department: "Sales", Title: "Manager", Birthday: "1990-04-01",
		Phones:    []Value{{"+55 11 98888-7777", "CELL"}, {"+55 11 3333-4444", "WORK"}},
		Emails:    []Value{{"bea@lima.example", "WORK"}},
		URLs:      []Value{{"https://lima.example", ""}},
		Addresses: []Address{{Street: "Av. Paulista, 1", City: "São Paulo", Region: "SP", PostalCode: "01310-100", Country: "Brazil", Type: "WORK"}},
	}, {
		Name: "Jürgen Müller", Phones: []Value{{"+49 151 2345 6789", "CELL"}, {"+49 30 1234 5678", "WORK"}},
	}, {
		Name: "Caio", Phones: []Value{{"+55-21-97777-6666", "CELL"}}, Emails: []Value{{"caio@example.com", ""}},
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cards (-want +got):\n%s", d)
	}
}

// TestParseBounds: a file of many cards gives MaxCards; what is not a card ends the reading with
// the cards before it, a line that is no property is skipped; what is not a vCard gives none.
func TestParseBounds(t *testing.T) {
	if got := Parse([]byte(strings.Repeat(v4, 50))); len(got) != MaxCards {
		t.Errorf("%d cards, want %d", len(got), MaxCards)
	}
	if got := Parse([]byte(v4 + "X-STRAY:1\r\n" + v4)); len(got) != 1 {
		t.Errorf("%d cards around a stray property, want the 1 before it", len(got))
	}
	if got := Parse([]byte("BEGIN:VCARD\r\nnot a property\r\nFN:Ann\r\nEND:VCARD\r\n")); len(got) != 1 || got[0].Name != "Ann" {
		t.Errorf("a card with a line that is not a property = %+v", got)
	}
	for _, s := range []string{"", "hello", "BEGIN:VCARD\r\nEND:VCARD\r\n", "%PDF-1.4"} {
		if got := Parse([]byte(s)); len(got) != 0 {
			t.Errorf("Parse(%q) = %+v", s, got)
		}
	}
}

// FuzzParse: no file, however mangled, makes the reader panic or give more than its bounds.
func FuzzParse(f *testing.F) {
	for _, s := range []string{v3, v21, v4, v3 + v4, "BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:=ZZ=\r\nEND:VCARD"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := Parse(data); len(got) > MaxCards {
			t.Fatalf("%d cards", len(got))
		}
	})
}
