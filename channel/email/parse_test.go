package email

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard"
)

func fixture(t *testing.T, name string) *Mail {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(raw, 10<<20)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestParseFixtures(t *testing.T) {
	m := fixture(t, "plain-latin1.eml")
	if m.Subject != "Problema con l'ordine" || !strings.Contains(m.Text, "il pacco è arrivato rotto") || m.From.Address != "ana@customer.test" ||
		m.MessageID != "first@customer.test" || m.Kind != Person || m.Date.IsZero() {
		t.Errorf("plain latin-1: %+v", m)
	}

	m = fixture(t, "outlook-reply.eml")
	if m.Text[:m.Quoted] != "Yes, please send a new one.\n\n" || len(m.InReplyTo) != 0 || m.To[0].Address != "support+c_7.ab12@shop.test" {
		t.Errorf("outlook reply: quoted at %d of %q, to %v", m.Quoted, m.Text, m.To)
	}

	m = fixture(t, "apple-reply.eml")
	if strings.TrimSpace(m.Text[:m.Quoted]) != "Thanks!" {
		t.Errorf("apple reply folds at %d: %q", m.Quoted, m.Text)
	}

	m = fixture(t, "related-attachments.eml")
	if len(m.References) != 2 || m.InReplyTo[0] != "sb.7.12.x@shop.test" || !strings.Contains(m.HTML, "cid:img1@x") || !strings.Contains(m.Text, "See") {
		t.Errorf("related: %+v", m)
	}
	names := map[string]*Part{}
	for _, p := range m.Parts {
		names[p.Filename+"|"+p.ContentID] = p
	}
	if p := names["|img1@x"]; p == nil || !p.Inline || p.ContentType != "image/png" || len(p.Data) == 0 {
		t.Errorf("inline image: %+v", names)
	}
	if p := names["fattura n°1.pdf|"]; p == nil || string(p.Data[:5]) != "%PDF-" || p.Inline {
		t.Errorf("RFC 2231 attachment: %+v", names)
	}
	if p := names["winmail.dat|"]; p == nil || p.ContentType != "application/ms-tnef" {
		t.Errorf("TNEF kept as an attachment: %+v", names)
	}

	if m := fixture(t, "auto-reply.eml"); m.Kind != AutoReply {
		t.Errorf("auto-reply classified %s", m.Kind)
	}
	if m := fixture(t, "newsletter.eml"); m.Kind != Bulk || m.Text != "Sale\n50% off today" {
		t.Errorf("newsletter: %s %q", m.Kind, m.Text)
	}
	m = fixture(t, "bounce.eml")
	if m.Kind != Bounce || m.Failure == nil || m.Failure.MessageID != "sb.7.13.y@shop.test" || m.Failure.Status != "5.1.1" ||
		m.Failure.Recipient != "nobody@customer.test" || !strings.Contains(m.Failure.Diagnostic, "User unknown") {
		t.Errorf("bounce: %s %+v", m.Kind, m.Failure)
	}
}

// TestParseBroken: mail that does not follow the standards is read as far as it goes, and says
// what could not be read.
func TestParseBroken(t *testing.T) {
	for _, tc := range []struct {
		file, from, text, problem string
		parts                     int
	}{
		{"broken-base64.eml", "rosa@customer.test", "Please resend the marmalade invoice, the first one never came.\n", "base64 encoding is broken", 1},
		{"unknown-charset.eml", "luc@customer.test", "Our hedgehog café ordered twelve mugs.\n", "character set (x-mac-klingon) is unknown", 0},
		{"truncated-multipart.eml", "ines@customer.test", "The lighthouse photo is attached, the frame is broken.", "cut short", 1},
		{"header-garbage.eml", "paolo@customer.test", "The porcupine arrived with no quills.\n", "left out", 0},
		{"missing-from.eml", "walrus.keeper@customer.test", "Where is the walrus food I ordered?\n", "taken from Return-Path", 0},
		{"no-sender.eml", "", "An albatross landed on the parcel; nobody signed this.\n", "", 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m := fixture(t, tc.file)
			if from := ""; m.From != nil {
				from = m.From.Address
				if from != tc.from {
					t.Errorf("from %q, want %q", from, tc.from)
				}
			} else if tc.from != "" {
				t.Errorf("no sender, want %q", tc.from)
			}
			if m.Text != tc.text || len(m.Parts) != tc.parts || m.MessageID == "" {
				t.Errorf("text %q, %d parts, id %q", m.Text, len(m.Parts), m.MessageID)
			}
			if tc.problem != "" && !strings.Contains(strings.Join(m.Problems, " "), tc.problem) {
				t.Errorf("problems %q, want one saying %q", m.Problems, tc.problem)
			}
		})
	}
	m := fixture(t, "broken-base64.eml")
	if string(m.Parts[0].Data) != "%PDF-1.4 marmalade invoice 1" {
		t.Errorf("the attachment without base64 padding reads %q", m.Parts[0].Data)
	}
	m = fixture(t, "header-garbage.eml")
	if m.Subject != "porcupine \x00 quills à gogo" || m.To[0].Address != "support@shop.test" {
		t.Errorf("subject %q, to %v", m.Subject, m.To)
	}
	if m := fixture(t, "plain-latin1.eml"); len(m.Problems) != 0 {
		t.Errorf("a mail that follows the standards has problems: %q", m.Problems)
	}
	// Something with no header at all is all text; a multipart without a boundary parameter is
	// split at the boundary its body uses.
	m, _ = Parse([]byte("just some words\nand more"), 0)
	if m.Text != "just some words\nand more" || len(m.Problems) == 0 {
		t.Errorf("no header: %q %q", m.Text, m.Problems)
	}
	m, _ = Parse([]byte("From: a@b.test\nContent-Type: multipart/alternative\n\n--zz\nContent-Type: text/plain\n\nhello\n--zz--\n"), 0)
	if m.Text != "hello" {
		t.Errorf("no boundary declared: %q %q", m.Text, m.Problems)
	}
	// Over the limit, the beginning is read.
	m, err := Parse([]byte("From: a@b.test\n\n0123456789"), 20)
	if !errors.Is(err, ErrTooLarge) || m == nil || m.From == nil || m.Text != "0123" {
		t.Errorf("too large: %+v, %v", m, err)
	}
}

func TestDecodeBase64(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		clean   bool
	}{
		{"aGVsbG8=", "hello", true},
		{"aGVsbG8", "hello", true},          // padding missing
		{"aGVs\r\nbG8=\r\n", "hello", true}, // line breaks
		{"aGk=aGk=", "hihi", true},          // pieces put together
		{"aGV*sbG8=", "hello", false},       // not base64 in the middle
		{"aGVsbG8gd", "hello ", false},      // one character too many
	} {
		if got, clean := decodeBase64([]byte(tc.in)); string(got) != tc.out || clean != tc.clean {
			t.Errorf("%q: %q %v, want %q %v", tc.in, got, clean, tc.out, tc.clean)
		}
	}
}

// FuzzParse feeds mangled mail to the parser: it always gives a mail, never an error within the
// size limit, and what it gives is consistent (the quote position inside the text).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x--"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n\r\nin"))
	f.Add([]byte("From: <<a@b\r\nContent-Type: text/plain; charset=\"x\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, 1<<20)
		if m == nil || (err != nil && len(raw) <= 1<<20) {
			t.Fatalf("Parse gave %v, %v", m, err)
		}
		if m.Quoted < 0 || m.Quoted > len(m.Text) {
			t.Fatalf("quote at %d of %d", m.Quoted, len(m.Text))
		}
	})
}

func TestSMTPErrors(t *testing.T) {
	for _, tc := range []struct {
		code      int
		retryable bool
		product   string
	}{{421, true, "smtp_421"}, {451, true, "smtp_451"}, {550, false, "smtp_550"}, {552, false, "smtp_552"}, {535, false, "invalid_token"}} {
		err := smtpError(&smtp.SMTPError{Code: tc.code, Message: "x"})
		var se *switchboard.SendError
		if !errors.As(err, &se) || se.Retryable != tc.retryable || se.Code != tc.product {
			t.Errorf("%d: %v", tc.code, err)
		}
	}
	if se := smtpError(io.ErrUnexpectedEOF).(*switchboard.SendError); !se.Retryable {
		t.Error("a broken connection is not retried")
	}
}

func TestUnflow(t *testing.T) {
	tests := []struct {
		name, in string
		delSp    bool
		want     string
	}{
		{"fixed lines stay", "one\ntwo\n", false, "one\ntwo\n"},
		{"soft breaks rejoin", "a long \nparagraph \nends.\nNext.", false, "a long paragraph ends.\nNext."},
		{"crlf", "a \r\nb\r\n", false, "a b\n"},
		{"delsp deletes the added space", "bro \nken, and \nmore", true, "broken, andmore"},
		{"space-stuffing removed", " From here\n  two spaces", false, "From here\n two spaces"},
		{"quoted lines rejoin at their depth", "> quoted \n> text\n>> deeper \n>> still", false, "> quoted text\n>> deeper still"},
		{"stuffed quote", "> > not a second level", false, "> > not a second level"},
		{"depth change ends a flowed line", "> quoted \nreply", false, "> quoted \nreply"},
		{"empty quoted line", ">\n> x", false, ">\n> x"},
		{"signature separator is fixed", "-- \nAna", false, "-- \nAna"},
		{"flowed last line", "end ", false, "end "},
		{"paragraphs", "one \ntwo\n\nthree", false, "one two\n\nthree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unflow(tt.in, tt.delSp); got != tt.want {
				t.Errorf("Unflow(%q, %v) = %q, want %q", tt.in, tt.delSp, got, tt.want)
			}
		})
	}
}

func TestParseFlowed(t *testing.T) {
	m := fixture(t, "flowed-reply.eml")
	want := "Bom dia, the parcel arrived this morning but the box was crushed and the two glasses inside are broken. Could you send new ones, or refund them?\n" +
		"From what I see on the receipt they were €12 each.\n\nThanks,\nAna\n\n"
	if got := m.Text[:m.Quoted]; got != want {
		t.Errorf("the reply reads\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(m.Text, "> Your order has shipped and should reach you within three working days.\n>\n>> Earlier") ||
		!strings.HasSuffix(m.Text, "\n-- \nAna Ferreira\n") {
		t.Errorf("the quoted part reads %q", m.Text[m.Quoted:])
	}
}

func FuzzUnflow(f *testing.F) {
	for _, s := range []string{"a \nb", "> q \n>> r \n\n-- \nx", " From\r\n", ">>>", "x \n"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, delSp bool) {
		out := Unflow(in, delSp)
		// Rejoining only removes line breaks, stuffing and flow spaces, and adds a space after
		// each line's quote marks: never more lines, never other words.
		if strings.Count(out, "\n") > strings.Count(in, "\n") {
			t.Fatalf("Unflow(%q) = %q has more lines", in, out)
		}
		if strings.Join(strings.Fields(strings.ReplaceAll(out, ">", "")), "") != strings.Join(strings.Fields(strings.ReplaceAll(in, ">", "")), "") && !delSp {
			t.Fatalf("Unflow(%q) = %q changed the words", in, out)
		}
	})
}

// TestReadMailFoldCountsCharacters: the fold the inbox keeps counts characters, so accented
// text and an emoji before the quote leave it before the quote's head, in plain and HTML mail.
func TestReadMailFoldCountsCharacters(t *testing.T) {
	plain := "From: Ana <ana@customer.test>\r\nTo: support@shop.test\r\nSubject: Re: Ordine\r\nMessage-ID: <p@customer.test>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nPerò sì, è arrivato 😀\r\n\r\nIl giorno mar 3 giu 2025 alle ore 11:00 Support <support@shop.test> ha scritto:\r\n> Ci scusiamo.\r\n"
	html, err := os.ReadFile(filepath.Join("testdata", "html-only-accents.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		raw      string
		reply    string
		quoteSay string
	}{
		{plain, "Però sì, è arrivato 😀\n\n", "Il giorno mar 3 giu"},
		{string(html), "Obrigada, está ótimo 😀 — até já!\n", "De: Support"},
	} {
		batch := &switchboard.InboundBatch{}
		readMail(slog.New(slog.DiscardHandler), batch, &Settings{Address: "support@shop.test"}, []byte(tc.raw), envelope{Arrived: time.Now()}, false)
		if len(batch.Messages) != 1 {
			t.Fatalf("%d messages", len(batch.Messages))
		}
		m := batch.Messages[0]
		at := m.Content.Email.QuotedAt
		text := []rune(m.Text)
		if at != len([]rune(tc.reply)) || at > len(text) || !strings.HasPrefix(string(text[at:]), tc.quoteSay) {
			t.Errorf("the fold is at character %d of %q, want %d, before %q", at, m.Text, len([]rune(tc.reply)), tc.quoteSay)
		}
	}
}
