package offline

import (
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// redactions name the references that identify a person or give access to their money, as
// their placeholders say them: [email], [phone], [card], [iban].
var redactions = map[switchboard.ReferenceKind]string{
	switchboard.RefEmail: "email",
	switchboard.RefPhone: "phone",
	switchboard.RefCard:  "card",
	switchboard.RefIBAN:  "iban",
}

// Redact returns text with its emails, phone numbers, card numbers and IBANs replaced by
// [email], [phone], [card] and [iban], for a text about to be sent to an external AI endpoint.
// It finds them as References does (the same scan, over the whole text), so an order number or
// an amount is left as it is.
func Redact(text string) string {
	return replaceSensitive(text, func(kind, _ string) string { return "[" + kind + "]" })
}

// replaceSensitive replaces each sensitive reference of text (see redactions) by what with
// says for its kind and its text.
func replaceSensitive(text string, with func(kind, original string) string) string {
	var b strings.Builder
	last := 0
	for _, s := range scanReferences(text) {
		kind, ok := redactions[s.ref.Kind]
		if !ok {
			continue
		}
		b.WriteString(text[last:s.start])
		b.WriteString(with(kind, text[s.start:s.end]))
		last = s.end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// Redaction is a reversible redaction, for one call to an AI endpoint: Redact replaces the
// same references as the function Redact, by numbered placeholders ([email1], [phone2],
// [card1], [iban1]; the same value always by the same placeholder), and Restore puts the
// originals back into the endpoint's answer. The zero value is ready to use; it is not safe for
// concurrent use.
//
// Emails and phone numbers are always restored: the answer is for the agent, who sees the
// conversation they come from. Card numbers and IBANs are restored only when they came from a
// text redacted with own set — the agent's own draft, rewritten or translated — so that a
// customer's card number is never copied into a suggested reply, a summary or a translation kept
// with the message; there it stays a placeholder in square brackets, for the agent to fill in.
type Redaction struct {
	byValue   map[string]string // original → placeholder
	originals map[string]string // placeholder → original
	own       map[string]bool   // placeholders met in the agent's own text
	counts    map[string]int    // placeholders given, per kind
}

// Redact returns text with its sensitive references replaced by numbered placeholders,
// remembered for Restore; own says the text is the agent's own (see Redaction).
func (r *Redaction) Redact(text string, own bool) string {
	return replaceSensitive(text, func(kind, original string) string {
		if r.byValue == nil {
			r.byValue, r.originals, r.own, r.counts = map[string]string{}, map[string]string{}, map[string]bool{}, map[string]int{}
		}
		p, ok := r.byValue[kind+"\x00"+original]
		if !ok {
			r.counts[kind]++
			p = "[" + kind + strconv.Itoa(r.counts[kind]) + "]"
			r.byValue[kind+"\x00"+original], r.originals[p] = p, original
		}
		r.own[p] = r.own[p] || own
		return p
	})
}

// Restore returns text with the placeholders Redact gave put back to their originals, as the
// Redaction's rules say; other bracketed text is left as it is.
func (r *Redaction) Restore(text string) string {
	if len(r.originals) == 0 || !strings.Contains(text, "[") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '[')
		if i < 0 {
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		j := strings.IndexByte(text, ']')
		if j < 0 {
			break
		}
		if original, ok := r.originals[text[:j+1]]; ok && r.restorable(text[:j+1]) {
			b.WriteString(original)
			text = text[j+1:]
		} else {
			b.WriteByte('[')
			text = text[1:]
		}
	}
	b.WriteString(text)
	return b.String()
}

// restorable reports whether a placeholder's original goes back into an answer.
func (r *Redaction) restorable(p string) bool {
	return r.own[p] || strings.HasPrefix(p, "[email") || strings.HasPrefix(p, "[phone")
}

// Pending returns how many bytes at the end of a streamed piece may be the start of a
// placeholder that the next piece completes ("… write to [em"): the caller holds them back
// and restores them with what follows.
func (r *Redaction) Pending(text string) int {
	if len(r.originals) == 0 {
		return 0
	}
	i := strings.LastIndexByte(text, '[')
	if i < 0 || strings.IndexByte(text[i:], ']') >= 0 {
		return 0
	}
	tail := text[i:]
	for p := range r.originals {
		if strings.HasPrefix(p, tail) {
			return len(tail)
		}
	}
	return 0
}
