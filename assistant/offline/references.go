package offline

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

// maxScan bounds the work of References: only the first 16 KiB of a text are read (a customer
// who pastes a log names what matters near the top).
const maxScan = 16 << 10

// References returns what text names that an agent may need to look up — order, invoice, quote,
// tracking and ticket numbers, amounts, dates, emails, phone numbers, IBANs and card numbers — in
// order of appearance, each once. IBANs are kept only when their mod-97 checksum holds and card
// numbers only when the Luhn check holds, and then only masked ("•••• 4242"). Values are
// normalised: an amount "1234.56 EUR", a date "2026-12-24" (or "12-24" when no year is written),
// a phone "+393331234567", an IBAN or a tracking number upper-case without spaces.
func References(text string) []switchboard.Reference {
	text = switchboard.CutText(text, maxScan)
	var out []switchboard.Reference
	seen := map[switchboard.Reference]bool{}
	for _, s := range scanReferences(text) {
		key := switchboard.Reference{Kind: s.ref.Kind, Value: s.ref.Value}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s.ref)
	}
	return out
}

// span is a reference found at text[start:end].
type span struct {
	start, end int
	ref        switchboard.Reference
}

// finder finds the candidates of one kind. Regular expressions cost; a finder runs only on a
// text with the digits, and the character, that what it looks for must have.
type finder struct {
	minDigits int
	needs     string
	find      func(string) []span
}

// finders find the candidates of each kind, most specific first: a span one of them takes is not
// looked at again by the later ones (an IBAN's digits are not a phone number, an order number is
// not an amount).
var finders = []finder{
	{0, "@", findEmails}, {8, "", findIBANs}, {1, "", findKeyed}, {8, "", findCarriers},
	{13, "", findCards}, {1, "", findAmounts}, {1, "", findDates}, {8, "", findPhones},
}

// scanReferences runs the finders over text and returns the spans they found, in order of
// appearance, none overlapping another. Redact replaces the sensitive ones of the same scan.
func scanReferences(text string) []span {
	digits := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			digits++
		}
	}
	var out []span
	for _, f := range finders {
		if digits < f.minDigits || !strings.Contains(text, f.needs) {
			continue
		}
		for _, s := range f.find(text) {
			if !overlaps(out, s) {
				out = append(out, s)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func overlaps(taken []span, s span) bool {
	for _, t := range taken {
		if s.start < t.end && t.start < s.end {
			return true
		}
	}
	return false
}

// digitsOf returns the ASCII digits of s.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func newSpan(text string, start, end int, kind switchboard.ReferenceKind, value string) span {
	return span{start, end, switchboard.Reference{Kind: kind, Value: value, Text: text[start:end]}}
}

// letterAt reports whether text has a letter starting at byte i (so a match ending at i ends
// inside a word).
func letterAt(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// letterBefore reports whether the rune just before byte i is a letter.
func letterBefore(text string, i int) bool {
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(r)
}

// --- emails

var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)

func findEmails(text string) []span {
	var out []span
	for _, m := range emailRe.FindAllStringIndex(text, -1) {
		out = append(out, newSpan(text, m[0], m[1], switchboard.RefEmail, strings.ToLower(text[m[0]:m[1]])))
	}
	return out
}

// --- IBANs and cards: numbers with a checksum, written in groups

var (
	ibanRe = regexp.MustCompile(`(?i)\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b`)
	cardRe = regexp.MustCompile(`\b\d(?:[ \-]?\d){12,18}\b`)
)

// longestValid returns the end of the longest prefix of text[start:end] that ends at a group
// boundary (before a separator) and whose groups, joined, pass valid; -1 when none does.
func longestValid(text string, start, end int, valid func(string) bool) (int, string) {
	for end > start {
		joined := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(text[start:end]))
		if valid(joined) {
			return end, joined
		}
		cut := strings.LastIndexAny(text[start:end], " -")
		if cut < 0 {
			break
		}
		end = start + cut
	}
	return -1, ""
}

func findIBANs(text string) []span {
	var out []span
	for _, m := range ibanRe.FindAllStringIndex(text, -1) {
		if end, iban := longestValid(text, m[0], m[1], validIBAN); end > 0 {
			out = append(out, newSpan(text, m[0], end, switchboard.RefIBAN, iban))
		}
	}
	return out
}

// validIBAN checks an IBAN's length and its ISO 13616 mod-97 checksum.
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	rem := 0
	for _, r := range s[4:] + s[:4] {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			rem = (rem*100 + int(r-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

func findCards(text string) []span {
	var out []span
	for _, m := range cardRe.FindAllStringIndex(text, -1) {
		if end, digits := longestValid(text, m[0], m[1], validCard); end > 0 {
			masked := "•••• " + digits[len(digits)-4:]
			out = append(out, span{m[0], end, switchboard.Reference{Kind: switchboard.RefCard, Value: masked, Text: masked}})
		}
	}
	return out
}

// validCard checks a payment card number: 13 to 19 digits, a card network's first digit (2 to 6)
// and the Luhn checksum.
func validCard(s string) bool {
	if len(s) < 13 || len(s) > 19 || s[0] < '2' || s[0] > '6' {
		return false
	}
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if (len(s)-i)%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// --- order, invoice, quote, tracking and ticket numbers named by a keyword

// keywords maps the words that name a reference, in the five languages, to its kind.
var keywords = map[string]switchboard.ReferenceKind{
	"order": switchboard.RefOrder, "ordine": switchboard.RefOrder, "pedido": switchboard.RefOrder,
	"commande": switchboard.RefOrder, "encomenda": switchboard.RefOrder,
	"invoice": switchboard.RefInvoice, "fattura": switchboard.RefInvoice, "factura": switchboard.RefInvoice,
	"facture": switchboard.RefInvoice, "fatura": switchboard.RefInvoice,
	"quote": switchboard.RefQuote, "quotation": switchboard.RefQuote, "preventivo": switchboard.RefQuote,
	"presupuesto": switchboard.RefQuote, "cotización": switchboard.RefQuote, "devis": switchboard.RefQuote,
	"orçamento": switchboard.RefQuote, "orcamento": switchboard.RefQuote,
	"tracking": switchboard.RefTracking, "tracciamento": switchboard.RefTracking, "spedizione": switchboard.RefTracking,
	"seguimiento": switchboard.RefTracking, "envío": switchboard.RefTracking, "envio": switchboard.RefTracking,
	"suivi": switchboard.RefTracking, "colis": switchboard.RefTracking, "rastreamento": switchboard.RefTracking,
	"rastreio": switchboard.RefTracking, "awb": switchboard.RefTracking, "waybill": switchboard.RefTracking,
	"shipment": switchboard.RefTracking,
	"ticket":   switchboard.RefTicket, "case": switchboard.RefTicket, "caso": switchboard.RefTicket,
	"pratica": switchboard.RefTicket, "dossier": switchboard.RefTicket, "chamado": switchboard.RefTicket,
	"protocolo": switchboard.RefTicket, "incident": switchboard.RefTicket,
}

// keyedRe matches a word (findKeyed looks it up in keywords: cheaper than an alternation of
// them), the words that may stand between it and its number ("n.", "no", "numéro", "#", "is",
// "è"…; longer first, so that "num" does not take the start of "number") and the number: letters
// and digits, hyphens and slashes inside, one digit at least.
var keyedRe = regexp.MustCompile(`(\p{L}+)` +
	`(?:\s*(?i:number|numero|número|numéro|codice|código|code|num\.?|nr\.?|no\.?|n[°º.]|id|is|è|es|est|é|#|:|-))*\s*` +
	`((?:[A-Za-z0-9]+[\-/])*[A-Za-z]*\d[A-Za-z0-9]*(?:[\-/][A-Za-z0-9]+)*)`)

// dateLikeRe is a number that reads as a date ("12/05", "12-05-2026").
var dateLikeRe = regexp.MustCompile(`^\d{1,2}[/\-]\d{1,2}(?:[/\-]\d{2,4})?$`)

func findKeyed(text string) []span {
	var out []span
	for _, m := range keyedRe.FindAllStringSubmatchIndex(text, -1) {
		kw, id := strings.ToLower(text[m[2]:m[3]]), text[m[4]:m[5]]
		kind, ok := keywords[kw]
		if !ok || letterAt(text, m[5]) {
			continue // not a keyword ("ordered 123"), or the number is part of a longer word
		}
		if len(id) < 3 || !strings.ContainsAny(id, "0123456789") {
			continue
		}
		if dateLikeRe.MatchString(id) {
			continue // "order 12/05/2026" names a date, not an order
		}
		out = append(out, newSpan(text, m[0], m[5], kind, strings.ToUpper(id)))
	}
	return out
}

// --- tracking numbers recognised by their shape

var carrierRe = regexp.MustCompile(`\b(?:1Z[0-9A-Z]{16}|[A-Z]{2}\d{9}[A-Z]{2}|JJD\d{16,20}|JD\d{18}|9[2-5]\d{20})\b`)

func findCarriers(text string) []span {
	var out []span
	for _, m := range carrierRe.FindAllStringIndex(text, -1) {
		s := text[m[0]:m[1]]
		if len(s) == 13 && !validS10(s) {
			continue
		}
		out = append(out, newSpan(text, m[0], m[1], switchboard.RefTracking, s))
	}
	return out
}

// validS10 checks the check digit of a UPU S10 postal item number ("RR123456784IT").
func validS10(s string) bool {
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(s[2+i]-'0') * w
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return int(s[10]-'0') == check
}
