package email

import (
	"regexp"
	"slices"
	"strings"
)

// Where a reply's quoted history starts. Mail clients put a head above the earlier message they
// quote, in the writer's language: Gmail, Apple Mail and Thunderbird an "On … wrote:" line,
// Outlook a block of From/Sent/To fields (often under a rule of underscores), forwards a
// separator. The patterns below are those of the major clients in English, Italian, Spanish,
// French, Portuguese and German; heads run over two lines when a plain-text client wrapped them.

// sp is horizontal space, the no-break spaces French puts before a colon included.
const sp = `[ \t\x{a0}\x{202f}]`

// wroteHead is an "On <date>, <name> wrote:" line that starts with start and ends with verb
// and a colon, on one line or two.
func wroteHead(start, verb string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(?:` + start + `)\b[^\n]{4,300}(?:\n[^\n]{1,300})?\b(?:` + verb + `)` + sp + `*:` + sp + `*$`)
}

var quoteHeads = []*regexp.Regexp{
	wroteHead(`On`, `wrote`),                 // On Mon, 3 Jun 2025 at 11:00, Ana <ana@…> wrote:
	wroteHead(`Il`, `ha scritto`),            // Il giorno lun 3 giu 2025 alle ore 11:00 Ana <ana@…> ha scritto:
	wroteHead(`El`, `escribió`),              // El lun, 3 jun 2025 a las 11:00, Ana (<ana@…>) escribió:
	wroteHead(`Le`, `a écrit`),               // Le lun. 3 juin 2025 à 11:00, Ana <ana@…> a écrit :
	wroteHead(`Em|No dia`, `escreveu`),       // Em seg., 3 de jun. de 2025 às 11:00, Ana <ana@…> escreveu:
	wroteHead(`Am`, `schrieb\b[^\n]{0,300}`), // Am Mo., 3. Juni 2025 um 11:00 Uhr schrieb Ana <ana@…>:
	regexp.MustCompile(`(?m)^[^\n]{1,200} (?:escreveu (?:no dia|em|a)|schrieb am) [^\n]{4,200}:` + sp + `*$`), // Ana <ana@…> escreveu no dia …: / Ana schrieb am …:
	// Forwarded and original messages: Gmail's and Thunderbird's separators, Apple Mail's line.
	regexp.MustCompile(`(?mi)^` + sp + `*-{2,}` + sp + `*(?:forwarded message|original message|messaggio inoltrato|messaggio originale|mensaje reenviado|mensaje original|` +
		`message transféré|message d['’]origine|mensagem encaminhada|mensagem original|weitergeleitete nachricht|ursprüngliche nachricht)` + sp + `*-{2,}` + sp + `*$`),
	regexp.MustCompile(`(?mi)^(?:begin forwarded message|inizio messaggio inoltrato|(?:comienzo|inicio) del mensaje reenviado|début du message réexpédié|` +
		`início da mensagem (?:reencaminhada|encaminhada)|anfang der weitergeleiteten (?:nachricht|e-mail))` + sp + `*:` + sp + `*$`),
	// Outlook: From, then Sent or Date on the next line or the one after, fields bold (*From:*)
	// when another client turned Outlook's HTML into text; the rule above them folds with them.
	regexp.MustCompile(`(?m)^(?:_{10,}` + sp + `*\n)?\*?(?:From|Da|De|Von)\*?` + sp + `?:\*?` + sp + `[^\n]*\n(?:[^\n]*\n)?` +
		`\*?(?:Sent|Date|Inviato|Data|Enviado(?: el)?|Enviada|Fecha|Envoyé|Gesendet|Datum)\*?` + sp + `?:`),
	regexp.MustCompile(`(?m)^>[^\n]*`),      // quoted lines
	regexp.MustCompile(`(?m)^--[ \x{a0}]$`), // the signature delimiter
}

// QuoteStart returns the byte offset where the quoted earlier conversation (or the signature)
// begins in a reply's text, or len(text) when there is none: the first head with something
// written above it. A head with only other heads and quoted lines above starts no fold, or the
// whole mail would fold away (a forward as it came, a reply written under the quote).
func QuoteStart(text string) int {
	return firstWritten(text, quoteSpans(text))
}

// firstWritten returns where the first of spans with something written above it starts, or
// len(text).
func firstWritten(text string, spans [][]int) int {
	for _, s := range spans {
		if written(text, spans, s[0]) {
			return s[0]
		}
	}
	return len(text)
}

// quoteSpans returns where each quote head, quoted line and signature delimiter is in text, in
// order.
func quoteSpans(text string) [][]int {
	var spans [][]int
	for _, re := range quoteHeads {
		spans = append(spans, re.FindAllStringIndex(text, -1)...)
	}
	slices.SortFunc(spans, func(a, b []int) int { return a[0] - b[0] })
	return spans
}

// written reports whether text has anything but space, quote heads and quoted lines before at.
func written(text string, spans [][]int, at int) bool {
	pos := 0
	for _, s := range spans {
		if s[0] >= at {
			break
		}
		if strings.TrimSpace(text[pos:s[0]]) != "" {
			return true
		}
		pos = max(pos, s[1])
	}
	return pos < at && strings.TrimSpace(text[pos:at]) != ""
}
