package offline

import "testing"

// TestRedaction: numbered placeholders, the same value always the same one, across the texts
// of one call; Restore puts back emails and phones always, cards and IBANs only from the
// agent's own text, and leaves other brackets alone.
func TestRedaction(t *testing.T) {
	var r Redaction
	customer := r.Redact("I am anna@example.com, card 4242 4242 4242 4242, IBAN IT60 X054 2811 1010 0000 0123 456.", false)
	if want := "I am [email1], card [card1], IBAN [iban1]."; customer != want {
		t.Fatalf("customer text:\n got %q\nwant %q", customer, want)
	}
	draft := r.Redact("Write to help@shop.it or call +39 02 1234567; we refund to card 5555 5555 5555 4444, as anna@example.com asked.", true)
	if want := "Write to [email2] or call [phone1]; we refund to card [card2], as [email1] asked."; draft != want {
		t.Fatalf("draft:\n got %q\nwant %q", draft, want)
	}
	answer := "Hi! Write to [email2] or call [phone1]. Card [card2] is refunded, not [card1] nor [iban1]; [email1], [fill in], [card9], [ [phone1]"
	want := "Hi! Write to help@shop.it or call +39 02 1234567. Card 5555 5555 5555 4444 is refunded, not [card1] nor [iban1]; anna@example.com, [fill in], [card9], [ +39 02 1234567"
	if got := r.Restore(answer); got != want {
		t.Fatalf("Restore:\n got %q\nwant %q", got, want)
	}
	// A placeholder cut at a streamed piece's end is held back; other endings are not.
	for text, n := range map[string]int{"call [pho": 4, "call [": 1, "see [phone1]": 0, "a [b": 0, "done.": 0, "[email1] and [card": 5} {
		if got := r.Pending(text); got != n {
			t.Errorf("Pending(%q) = %d, want %d", text, got, n)
		}
	}
	var empty Redaction
	if empty.Restore("[email1]") != "[email1]" || empty.Pending("[em") != 0 || empty.Redact("no secrets", false) != "no secrets" {
		t.Fatal("an empty Redaction changed a text")
	}
}
