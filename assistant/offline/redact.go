package offline

import (
	"strings"

	"github.com/switchboardhq/switchboard"
)

// redactions are the placeholders Redact writes for the references that identify a person or
// give access to their money.
var redactions = map[switchboard.ReferenceKind]string{
	switchboard.RefEmail: "[email]",
	switchboard.RefPhone: "[phone]",
	switchboard.RefCard:  "[card]",
	switchboard.RefIBAN:  "[iban]",
}

// Redact returns text with its emails, phone numbers, card numbers and IBANs replaced by
// [email], [phone], [card] and [iban], for a text about to be sent to an external AI endpoint.
// It finds them as References does (the same scan, over the whole text), so an order number or
// an amount is left as it is.
func Redact(text string) string {
	var b strings.Builder
	last := 0
	for _, s := range scanReferences(text) {
		placeholder, ok := redactions[s.ref.Kind]
		if !ok {
			continue
		}
		b.WriteString(text[last:s.start])
		b.WriteString(placeholder)
		last = s.end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
