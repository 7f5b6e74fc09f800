package offline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

func refs(kvs ...string) []switchboard.Reference {
	var out []switchboard.Reference
	for i := 0; i+1 < len(kvs); i += 2 {
		out = append(out, switchboard.Reference{Kind: switchboard.ReferenceKind(kvs[i]), Value: kvs[i+1]})
	}
	return out
}

func kindValues(rs []switchboard.Reference) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Kind)+"="+r.Value)
	}
	return strings.Join(parts, " | ")
}

func TestReferences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []switchboard.Reference
	}{
		// Keyed numbers in the five languages.
		{"Hi, my order #A-1234 never arrived", refs("order", "A-1234")},
		{"Buongiorno, l'ordine n. 5566 è arrivato rotto", refs("order", "5566")},
		{"Hola, el pedido 123 no llegó", refs("order", "123")},
		{"Ma commande n°98765 est en retard", refs("order", "98765")},
		{"A minha encomenda nº 4455 ainda não chegou", refs("order", "4455")},
		{"Order number is 778899, thanks", refs("order", "778899")},
		{"Potete reinviarmi la fattura FT-2026/118?", refs("invoice", "FT-2026/118")},
		{"Necesito la factura 2026-0042", refs("invoice", "2026-0042")},
		{"La facture numéro F12345 est fausse", refs("invoice", "F12345")},
		{"A fatura 991 veio errada", refs("invoice", "991")},
		{"Invoice INV-88 and quote Q-77", refs("invoice", "INV-88", "quote", "Q-77")},
		{"Il preventivo 2026-15 è scaduto?", refs("quote", "2026-15")},
		{"Sobre el presupuesto P-310", refs("quote", "P-310")},
		{"Le devis n° D-42 me convient", refs("quote", "D-42")},
		{"O orçamento 3141 está ok", refs("quote", "3141")},
		{"Re: ticket #4512", refs("ticket", "4512")},
		{"Tracking: 1Z999AA10123456784 shows nothing", refs("tracking", "1Z999AA10123456784")},
		{"il pacco RR123456785IT è fermo", refs("tracking", "RR123456785IT")},
		{"numero di tracciamento 00340434161094027318", refs("tracking", "00340434161094027318")},
		// Amounts in both notations.
		{"I was charged €1,234.56 instead of €49.90", refs("amount", "1234.56 EUR", "amount", "49.90 EUR")},
		{"Ho pagato 1.234,56 € e poi 20 EUR", refs("amount", "1234.56 EUR", "amount", "20.00 EUR")},
		{"It costs $ 15 or £9.99 or 30 USD", refs("amount", "15.00 USD", "amount", "9.99 GBP", "amount", "30.00 USD")},
		{"Paguei R$ 250,00", refs("amount", "250.00 BRL")},
		{"Cobrado 49,9 euros", refs("amount", "49.90 EUR")},
		// Dates.
		{"Delivered on 2026-12-24?", refs("date", "2026-12-24")},
		{"consegna prevista il 24/12/2026", refs("date", "2026-12-24")},
		{"shipped 12/24/2026", refs("date", "2026-12-24")},
		{"entro il 24 dicembre", refs("date", "12-24")},
		{"before December 24, 2026 please", refs("date", "2026-12-24")},
		{"el 3 de marzo de 2027", refs("date", "2027-03-03")},
		{"avant le 1er mars", refs("date", "03-01")},
		{"até 15 de agosto", refs("date", "08-15")},
		// Emails and phones.
		{"write to Anna.Rossi@Example.COM", refs("email", "anna.rossi@example.com")},
		{"call me on +39 333 123 4567", refs("phone", "+393331234567")},
		{"mon numéro: 06 12 34 56 78", refs("phone", "0612345678")},
		{"(555) 123-4567 is my cell", refs("phone", "5551234567")},
		{"llámame al 0034 612 345 678", refs("phone", "+34612345678")},
		// IBAN and cards, checksums holding.
		{"IBAN IT60 X054 2811 1010 0000 0123 456 thanks", refs("iban", "IT60X0542811101000000123456")},
		{"gb82west12345698765432", refs("iban", "GB82WEST12345698765432")},
		{"card 4242 4242 4242 4242 exp 12/28", refs("card", "•••• 4242")},
		{"5555-5555-5555-4444", refs("card", "•••• 4444")},
		// Duplicates once, in order of appearance.
		{"order 5566, I repeat order 5566, a@b.io", refs("order", "5566", "email", "a@b.io")},
		// Negatives.
		{"IBAN IT61 X054 2811 1010 0000 0123 456", nil},                // mod-97 fails
		{"card 4242 4242 4242 4241", nil},                              // Luhn fails
		{"I ordered 3 items 2 days ago", nil},                          // no numbers named
		{"order 12/05 and 1/2 of them", nil},                           // no year, no order
		{"the 31/02/2026 does not exist", nil},                         // impossible date
		{"ordine del 12/05/2026", refs("date", "2026-05-12")},          // a date, not an order
		{"il pacco RR123456784IT è fermo", nil},                        // S10 check digit fails
		{"version 10.2.3 runs on port 8080", nil},                      // not a phone, not an amount
		{"commande 12", nil},                                           // too short to be a number
		{"build 19045.3803 on 192.168.1.10", nil},                      // not phones
		{"ref. 2026/12/24 and 24.12.2026", refs("date", "2026-12-24")}, // one date, twice
		{"Order 123456789, phone 333 1234567", refs("order", "123456789", "phone", "3331234567")},
	} {
		got := References(tc.text)
		if kindValues(got) != kindValues(tc.want) {
			t.Errorf("References(%q)\n got %s\nwant %s", tc.text, kindValues(got), kindValues(tc.want))
		}
	}
}

func TestReferencesCardNeverWhole(t *testing.T) {
	got := References("pay with 4111 1111 1111 1111 today")
	if len(got) != 1 || got[0].Value != "•••• 1111" || got[0].Text != "•••• 1111" {
		t.Fatalf("card: %+v", got)
	}
}

func TestReferencesText(t *testing.T) {
	got := References("Ordine n. 5566 del 24 dicembre")
	if len(got) != 2 || got[0].Text != "Ordine n. 5566" || got[1].Text != "24 dicembre" {
		t.Fatalf("texts: %+v", got)
	}
}

func TestReferencesBoundedWork(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", maxScan/12+10) + " order 5566"
	if got := References("order 1234 " + long); kindValues(got) != "order=1234" {
		t.Fatalf("past the cap: %s", kindValues(got))
	}
}

func TestRedact(t *testing.T) {
	in := "Mail anna@example.com or call +39 333 123 4567; card 4242 4242 4242 4242, " +
		"IBAN IT60 X054 2811 1010 0000 0123 456. Order #A-1234 of €49.90."
	want := "Mail [email] or call [phone]; card [card], IBAN [iban]. Order #A-1234 of €49.90."
	if got := Redact(in); got != want {
		t.Fatalf("Redact:\n got %q\nwant %q", got, want)
	}
	if got := Redact("nothing to hide"); got != "nothing to hide" {
		t.Fatalf("Redact changed %q", got)
	}
	// A number that fails its checksum is not a card.
	if got := Redact("4242 4242 4242 4241"); got != "4242 4242 4242 4241" {
		t.Fatalf("Luhn-failing number redacted: %q", got)
	}
	// Redact reads past References' cap: nothing sensitive is left because it comes late.
	long := strings.Repeat("x ", maxScan) + "a@b.io"
	if got := Redact(long); !strings.HasSuffix(got, "[email]") {
		t.Fatalf("late email not redacted: %q", got[len(got)-20:])
	}
}

func TestChecksums(t *testing.T) {
	for _, iban := range []string{"DE89370400440532013000", "FR1420041010050500013M02606", "ES9121000418450200051332", "PT50000201231234567890154"} {
		if !validIBAN(iban) {
			t.Errorf("valid IBAN refused: %s", iban)
		}
		bad := iban[:len(iban)-1] + fmt.Sprint((int(iban[len(iban)-1]-'0')+1)%10)
		if validIBAN(bad) {
			t.Errorf("invalid IBAN accepted: %s", bad)
		}
	}
	if !validCard("378282246310005") || validCard("378282246310006") || validCard("1234567812345670") {
		t.Error("Luhn / network check wrong")
	}
}

func BenchmarkReferences(b *testing.B) {
	text := "Buongiorno, l'ordine n. 5566 del 24 dicembre non è arrivato. Ho pagato 1.234,56 € con la carta " +
		"4242 4242 4242 4242; potete rimborsare sull'IBAN IT60 X054 2811 1010 0000 0123 456? Chiamatemi al " +
		"+39 333 123 4567 o scrivete a anna.rossi@example.com. Tracking 1Z999AA10123456784."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		References(text)
	}
}

// BenchmarkReferencesCapped reads a text past the cap: the work References does at most.
func BenchmarkReferencesCapped(b *testing.B) {
	text := strings.Repeat("Il pacco dell'ordine n. 5566 del 24/12/2026 costa 49,90 € — chiamatemi al 333 123 4567. ", 300)
	for b.Loop() {
		References(text)
	}
}

// BenchmarkReferencesPlain reads a message that names nothing, as most do.
func BenchmarkReferencesPlain(b *testing.B) {
	text := "Hello, I still haven't received my parcel and nobody answers the phone. Could you please check what happened? Thanks"
	for b.Loop() {
		References(text)
	}
}
