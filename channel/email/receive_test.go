package email

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

var testSettings = &Settings{Address: "support@shop.test", IMAPHost: "imap.test", SMTPHost: "smtp.test"}

func readOne(t *testing.T, raw []byte, env envelope, sent bool) *switchboard.InboundMessage {
	t.Helper()
	batch := &switchboard.InboundBatch{InboxID: 1}
	readMail(slog.New(slog.DiscardHandler), batch, testSettings, raw, env, sent)
	if len(batch.Messages) != 1 {
		t.Fatalf("%d messages from %q", len(batch.Messages), raw)
	}
	in := batch.Messages[0]
	if err := in.Validate(); err != nil {
		t.Fatalf("the message would be refused: %v", err)
	}
	return in
}

// TestReadMailFits: what is longer than the store keeps is cut, never refused (which would stop
// the mailbox's sync at it), and the message says what was cut.
func TestReadMailFits(t *testing.T) {
	long := strings.Repeat("abcdefgh ", 10_000)
	raw := fmt.Sprintf("From: %s <ana@customer.test>\nTo: support@shop.test\nSubject: %s\nMessage-ID: <%s@customer.test>\n\n%s\n",
		strings.Repeat("N", 300), strings.Repeat("S", 700), strings.Repeat("i", 300), long)
	in := readOne(t, []byte(raw), envelope{}, false)
	if len(in.Text) != switchboard.MaxTextLength || len(in.Subject) != 500 || len(in.ContactName) != 200 || len(in.ProviderID) > 200 ||
		!strings.Contains(in.Content.Unreadable, "longer than 64 KB") || string(in.Source) != raw {
		t.Errorf("text %d, subject %d, name %d, id %q, unreadable %q", len(in.Text), len(in.Subject), len(in.ContactName), in.ProviderID, in.Content.Unreadable)
	}
	if in2 := readOne(t, []byte(raw), envelope{}, false); in2.ProviderID != in.ProviderID {
		t.Errorf("a long Message-ID is not the same id twice: %q, %q", in.ProviderID, in2.ProviderID)
	}
}

// TestReadMailSender: the sender comes from the header, else the envelope, else stands as
// UnknownSender; a readable mail is not marked.
func TestReadMailSender(t *testing.T) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "no-sender.eml"))
	in := readOne(t, raw, envelope{From: envelopeAddress("", "Bounce+Rita@Elsewhere.test")}, false)
	if in.From != "bounce+rita@elsewhere.test" || !strings.Contains(in.Content.Unreadable, "envelope") {
		t.Errorf("from the envelope: %q, %q", in.From, in.Content.Unreadable)
	}
	in = readOne(t, raw, envelope{From: envelopeAddress("", "")}, false)
	if in.From != UnknownSender || in.Acknowledge != "" || !strings.Contains(in.Content.Unreadable, "No sender") {
		t.Errorf("no sender: %q, %q", in.From, in.Content.Unreadable)
	}
	raw, _ = os.ReadFile(filepath.Join("testdata", "plain-latin1.eml"))
	if in := readOne(t, raw, envelope{}, false); in.From != "ana@customer.test" || in.Content.Unreadable != "" {
		t.Errorf("a readable mail: %q, %q", in.From, in.Content.Unreadable)
	}
}

// refusing is a store that refuses a batch once as invalid, as a store would a message that
// fit did not foresee.
type refusing struct{ batches []*switchboard.InboundBatch }

func (r *refusing) ReceiveBatch(_ context.Context, b *switchboard.InboundBatch) (*switchboard.BatchResult, error) {
	r.batches = append(r.batches, b)
	if len(r.batches) == 1 {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Something new is wrong.")
	}
	return &switchboard.BatchResult{Created: 1}, nil
}

// TestRecordRefused: a mail the store refuses is recorded again with its sender, id, source
// and why, so the mailbox's sync goes on.
func TestRecordRefused(t *testing.T) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "plain-latin1.eml"))
	batch := &switchboard.InboundBatch{InboxID: 1}
	readMail(slog.New(slog.DiscardHandler), batch, testSettings, raw, envelope{}, false)
	store := &refusing{}
	if err := record(context.Background(), slog.New(slog.DiscardHandler), store, batch); err != nil {
		t.Fatal(err)
	}
	in := store.batches[1].Messages[0]
	if len(store.batches) != 2 || in.From != "ana@customer.test" || in.ProviderID != "first@customer.test" || string(in.Source) != string(raw) ||
		in.Text != "" || !strings.Contains(in.Content.Unreadable, "Something new is wrong.") || in.Validate() != nil {
		t.Errorf("recorded again as %+v", in)
	}
}

// FuzzReadMail: whatever the bytes, a mail becomes a message the store takes, with its source,
// unless it is Switchboard's own, a bounce, or a sent mail to nobody but the inbox.
func FuzzReadMail(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b, false)
	}
	f.Add([]byte("From: support@shop.test\r\nTo: ana@customer.test\r\n\r\nsent"), true)
	f.Add([]byte(""), false)
	f.Fuzz(func(t *testing.T, raw []byte, sent bool) {
		batch := &switchboard.InboundBatch{InboxID: 1}
		readMail(slog.New(slog.DiscardHandler), batch, testSettings, raw, envelope{Arrived: time.Unix(1e9, 0)}, sent)
		for _, in := range batch.Messages {
			if err := in.Validate(); err != nil {
				t.Fatalf("the store would refuse %q: %v", raw, err)
			}
			if _, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, in.From); err != nil || string(in.Source) != string(raw) {
				t.Fatalf("from %q, source kept %v", in.From, string(in.Source) == string(raw))
			}
		}
		if len(batch.Messages) > 0 {
			return
		}
		m, _ := Parse(raw, MaxMessage)
		ours := strings.HasPrefix(m.Loop, "switchboard-") || (strings.HasPrefix(m.MessageID, "sb.") && strings.HasSuffix(m.MessageID, "@shop.test"))
		echo := sent || (m.From != nil && testSettings.own(m.From.Address))
		if !ours && !(m.Kind == Bounce && !sent && m.Failure.MessageID != "") && !(echo && testSettings.customerOf(m) == nil) {
			t.Fatalf("%q was left out", raw)
		}
	})
}
