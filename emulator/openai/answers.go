package openai

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode"

	switchboard "github.com/switchboardhq/switchboard"
)

// Answer is the emulator's deterministic completion of a chat, chosen by the system prompt:
//   - JSON mode, a system prompt that asks for an analysis (analyse/analyze/analysis): a
//     switchboard.Analysis as JSON from keyword rules over the user messages (see Analyse);
//   - JSON mode otherwise: {"text": the plain answer below};
//   - "translat…": "[xx] " and the last user message, xx the first language the prompt names
//     after "into" or "to" (English, Italian, Spanish, French, Portuguese or their codes);
//   - "summar…": "Summary: " and the first sentence of each user message;
//   - "rewrite" (or "rephrase"): the last user message rewritten in the style the prompt names:
//     shorter (its first sentence), friendlier, formal, grammar (capitalised, ending in a stop);
//   - anything else: "Suggested reply: Thank you for your message about “…”. We are looking into
//     it and will get back to you shortly." quoting the start of the last user message.
func Answer(msgs []Message, jsonMode bool) string {
	var system, last string
	var user []string
	for _, m := range msgs {
		switch m.Role {
		case "system", "developer":
			system += " " + strings.ToLower(m.Content)
		case "user":
			user = append(user, m.Content)
			last = m.Content
		}
	}
	if jsonMode && (strings.Contains(system, "analys") || strings.Contains(system, "analyz")) {
		b, _ := json.Marshal(Analyse(strings.Join(user, "\n")))
		return string(b)
	}
	text := plain(system, last, user)
	if jsonMode {
		b, _ := json.Marshal(map[string]string{"text": text})
		return string(b)
	}
	return text
}

// plain is the text answer for a system prompt.
func plain(system, last string, user []string) string {
	last = strings.TrimSpace(last)
	switch {
	case strings.Contains(system, "translat"):
		return "[" + targetLanguage(system) + "] " + last
	case strings.Contains(system, "summar"):
		var firsts []string
		for _, u := range user {
			if s := firstSentence(u); s != "" {
				firsts = append(firsts, s)
			}
		}
		return "Summary: " + strings.Join(firsts, " ")
	case strings.Contains(system, "rewrite") || strings.Contains(system, "rephrase"):
		switch {
		case strings.Contains(system, "shorter"):
			return firstSentence(last)
		case strings.Contains(system, "friendl"):
			return "Hi there! " + last + " Thanks so much!"
		case strings.Contains(system, "formal"):
			return "Dear customer, " + last + " Kind regards."
		default:
			return grammar(last)
		}
	}
	quote := []rune(last)
	if len(quote) > 60 {
		quote = append(quote[:60], '…')
	}
	return "Suggested reply: Thank you for your message about “" + string(quote) + "”. We are looking into it and will get back to you shortly."
}

// languages maps the names a prompt may use to ISO 639-1 codes.
var languages = []struct{ name, code string }{
	{"english", "en"}, {"italian", "it"}, {"spanish", "es"}, {"french", "fr"}, {"portuguese", "pt"},
}

// targetLanguage is the language a translation prompt asks for, "en" when it names none.
func targetLanguage(system string) string {
	best, at := "en", len(system)+1
	for _, marker := range []string{" into ", " to "} {
		i := strings.Index(system, marker)
		if i < 0 {
			continue
		}
		rest := system[i+len(marker):]
		for _, l := range languages {
			for _, w := range []string{l.name, l.code} {
				if j := strings.Index(rest, w); j >= 0 && i+j < at && (len(w) > 2 || j == 0 || !unicode.IsLetter(rune(rest[j-1]))) {
					best, at = l.code, i+j
				}
			}
		}
	}
	return best
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".!?"); i >= 0 {
		return s[:i+1]
	}
	return s
}

func grammar(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	if !strings.ContainsRune(".!?", r[len(r)-1]) {
		r = append(r, '.')
	}
	return string(r)
}

// keyword rules of Analyse: a word list per outcome, over lower-cased text.
var (
	negativeWords = []string{"angry", "terrible", "awful", "worst", "broken", "disappointed", "not working", "doesn't work", "refund", "complaint", "unacceptable", "arrabbiat", "pésimo", "inaceptable", "inacceptable", "péssimo"}
	positiveWords = []string{"thank", "great", "love", "perfect", "excellent", "awesome", "grazie", "gracias", "merci", "obrigad"}
	urgentWords   = []string{"urgent", "asap", "immediately", "right now", "today", "urgente", "subito", "inmediatamente", "immédiatement"}
	calmWords     = []string{"no rush", "whenever", "no hurry", "when you can"}
	labelRules    = []struct {
		label string
		words []string
	}{
		{"billing", []string{"invoice", "refund", "charge", "payment", "fattura", "factura", "facture", "fatura"}},
		{"shipping", []string{"delivery", "shipping", "tracking", "parcel", "package", "spedizione", "envío", "livraison", "entrega"}},
		{"technical", []string{"error", "bug", "crash", "broken", "not working", "login"}},
	}
	languageWords = map[string][]string{
		"it": {" il ", " che ", " non ", " per ", " sono ", "grazie", "ciao"},
		"es": {" el ", " que ", " no ", " por ", " para ", "gracias", "hola"},
		"fr": {" le ", " que ", " pas ", " pour ", " je ", "merci", "bonjour"},
		"pt": {" o ", " que ", " não ", " para ", " com ", "obrigad", "olá"},
		"en": {" the ", " is ", " not ", " for ", " my ", "thank", "hello"},
	}
	orderRef   = regexp.MustCompile(`(?i)\b(?:order|ordine|pedido|commande)\s*(?:#|n[.o°º]*\s*)?\s*([A-Z0-9-]{4,})`)
	invoiceRef = regexp.MustCompile(`(?i)\b(?:invoice|fattura|factura|facture|fatura)\s*(?:#|n[.o°º]*\s*)?\s*([A-Z0-9-]{4,})`)
	emailRef   = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// Analyse is the emulator's analysis of a customer's text by keyword rules: the language with
// the most of its common words, sentiment and urgency from word lists, labels billing, shipping
// and technical from word lists (score 0.8), order and invoice numbers and emails, and the
// actions that follow (apply each label; set_priority high when urgent).
func Analyse(text string) switchboard.Analysis {
	low := " " + strings.ToLower(strings.Join(strings.Fields(text), " ")) + " "
	has := func(words []string) int {
		n := 0
		for _, w := range words {
			if strings.Contains(low, w) {
				n++
			}
		}
		return n
	}
	a := switchboard.Analysis{Sentiment: switchboard.SentimentNeutral, Urgency: switchboard.UrgencyNormal,
		Labels: []switchboard.LabelSuggestion{}, References: []switchboard.Reference{}, Actions: []switchboard.SuggestedAction{}, MessageIDs: []int64{}}
	best := 0
	for _, l := range []string{"en", "it", "es", "fr", "pt"} {
		if n := has(languageWords[l]); n > best {
			a.Language, best = l, n
		}
	}
	switch neg, pos := has(negativeWords), has(positiveWords); {
	case neg > pos:
		a.Sentiment = switchboard.SentimentNegative
	case pos > neg:
		a.Sentiment = switchboard.SentimentPositive
	}
	switch {
	case has(urgentWords) > 0:
		a.Urgency = switchboard.UrgencyHigh
	case has(calmWords) > 0:
		a.Urgency = switchboard.UrgencyLow
	}
	for _, r := range labelRules {
		if has(r.words) > 0 {
			a.Labels = append(a.Labels, switchboard.LabelSuggestion{Label: r.label, Score: 0.8})
			a.Actions = append(a.Actions, switchboard.SuggestedAction{Kind: switchboard.SuggestLabel, Value: r.label})
		}
	}
	if a.Urgency == switchboard.UrgencyHigh {
		a.Actions = append(a.Actions, switchboard.SuggestedAction{Kind: switchboard.SuggestPriority, Value: string(switchboard.PriorityHigh)})
	}
	for _, m := range orderRef.FindAllStringSubmatch(text, -1) {
		a.References = append(a.References, switchboard.Reference{Kind: switchboard.RefOrder, Value: strings.ToUpper(m[1]), Text: m[0]})
	}
	for _, m := range invoiceRef.FindAllStringSubmatch(text, -1) {
		a.References = append(a.References, switchboard.Reference{Kind: switchboard.RefInvoice, Value: strings.ToUpper(m[1]), Text: m[0]})
	}
	for _, m := range emailRef.FindAllString(text, -1) {
		a.References = append(a.References, switchboard.Reference{Kind: switchboard.RefEmail, Value: strings.ToLower(m), Text: m})
	}
	return a
}
