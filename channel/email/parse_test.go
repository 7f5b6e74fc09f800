package email

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// FuzzParse feeds mangled mail to the parser: it must never panic, and what it accepts must be
// consistent (the quote position inside the text).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, 1<<20)
		if err != nil {
			return
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
