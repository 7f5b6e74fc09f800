package offline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// --- amounts

// currencies maps the ways of writing a currency (lower-cased) to its ISO 4217 code.
var currencies = map[string]string{
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
	"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dólares": "USD",
	"dolares": "USD", "dollari": "USD", "dollaro": "USD", "dólar": "USD",
	"£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterline": "GBP",
	"r$": "BRL", "brl": "BRL", "reais": "BRL", "chf": "CHF",
}

// amountNum is a number as written in either notation: 1.234,56 or 1,234.56 (or 1'234.56,
// 1 234,56 with a no-break space), or plain 49,90 / 49.90 / 49.
const amountNum = `\d{1,3}(?:[.,'\x{00A0}\x{202F}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`

// A currency is a symbol or a word, looked up in currencies: matching any word and looking it up
// is much cheaper than a case-insensitive alternation of every name.
const currency = `(US\$|R\$|€|\$|£|\p{L}{3,8})`

var (
	// curNumRe is "€ 49,90", "EUR 49.90".
	curNumRe = regexp.MustCompile(currency + `\s?(` + amountNum + `)`)
	// numCurRe is "49,90 €", "49.90 euros".
	numCurRe = regexp.MustCompile(`\b(` + amountNum + `)\s?` + currency)
)

func findAmounts(text string) []span {
	var out []span
	add := func(m []int, cur, num string) {
		code := currencies[strings.ToLower(cur)]
		if code == "" || letterAt(text, m[1]) || letterBefore(text, m[0]) && !strings.ContainsAny(cur, "$€£") {
			return // not a currency, or "10 europe", "Neur 5"
		}
		out = append(out, newSpan(text, m[0], m[1], switchboard.RefAmount, normaliseAmount(num)+" "+code))
	}
	for _, m := range curNumRe.FindAllStringSubmatchIndex(text, -1) {
		add(m, text[m[2]:m[3]], text[m[4]:m[5]])
	}
	for _, m := range numCurRe.FindAllStringSubmatchIndex(text, -1) {
		add(m, text[m[4]:m[5]], text[m[2]:m[3]])
	}
	return out
}

// normaliseAmount writes a number of either notation with a point and two decimals: the last
// separator is the decimal one when one or two digits follow it, else every separator groups
// thousands.
func normaliseAmount(num string) string {
	intPart, frac := num, ""
	if i := strings.LastIndexAny(num, ".,"); i >= 0 && len(num)-i-1 <= 2 {
		intPart, frac = num[:i], num[i+1:]
	}
	intPart = digitsOf(intPart)
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	for len(frac) < 2 {
		frac += "0"
	}
	return intPart + "." + frac
}

// --- dates

// months maps month names and abbreviations of the five languages to their numbers.
var months = func() map[string]int {
	m := map[string]int{}
	for i, names := range []string{
		"january jan gennaio gen enero ene janvier janv janeiro",
		"february feb febbraio febrero février fevrier févr fevereiro fev",
		"march mar marzo mars março marco",
		"april apr aprile abril avril abr",
		"may maggio mayo mai maio",
		"june jun giugno junio juin junho",
		"july jul luglio julio juillet juil julho",
		"august aug agosto août aout ago",
		"september sep sept settembre septiembre setiembre septembre setembro set",
		"october oct ottobre octubre octobre outubro out",
		"november nov novembre noviembre novembro",
		"december dec dicembre dic diciembre décembre decembre déc dezembro dez",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = i + 1
		}
	}
	return m
}()

var (
	// isoDateRe is 2026-12-24 (or 2026/12/24, 2026.12.24).
	isoDateRe = regexp.MustCompile(`\b(\d{4})[\-/.](\d{1,2})[\-/.](\d{1,2})\b`)
	// dateNumRe is dd/mm/yyyy (or dd.mm.yy, dd-mm-yyyy); mm/dd/yyyy when the first number
	// cannot be a month and the second can.
	dateNumRe = regexp.MustCompile(`\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b`)
	// dayMonthRe is "24 dicembre", "24 de diciembre 2026", "1er mars", "24th of December".
	dayMonthRe, monthDayRe *regexp.Regexp
)

func init() {
	// Any word stands for the month, looked up in months (cheaper than an alternation of them).
	month := `(\p{L}+)\.?`
	dayMonthRe = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|er|º|°)?\s+(?:of\s+|de\s+)?` + month + `(?:\s+(?:de\s+)?(\d{4}))?`)
	monthDayRe = regexp.MustCompile(month + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`)
}

func findDates(text string) []span {
	var out []span
	add := func(start, end int, y, mo, d string) {
		year, _ := strconv.Atoi(y)
		month, _ := strconv.Atoi(mo)
		day, _ := strconv.Atoi(d)
		if y != "" && len(y) == 2 {
			year += 2000
		}
		if value, ok := dateValue(year, month, day); ok && !letterAt(text, end) {
			out = append(out, newSpan(text, start, end, switchboard.RefDate, value))
		}
	}
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(text, -1) {
		add(m[0], m[1], text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]])
	}
	for _, m := range dateNumRe.FindAllStringSubmatchIndex(text, -1) {
		a, b := text[m[2]:m[3]], text[m[4]:m[5]]
		if ai, _ := strconv.Atoi(a); ai <= 12 {
			if bi, _ := strconv.Atoi(b); bi > 12 {
				a, b = b, a // 12/24/2026
			}
		}
		add(m[0], m[1], text[m[6]:m[7]], b, a)
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(text, -1) {
		y := ""
		if m[6] >= 0 {
			y = text[m[6]:m[7]]
		}
		add(m[0], m[1], y, strconv.Itoa(months[strings.ToLower(text[m[4]:m[5]])]), text[m[2]:m[3]])
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(text, -1) {
		if letterBefore(text, m[0]) {
			continue
		}
		y := ""
		if m[6] >= 0 {
			y = text[m[6]:m[7]]
		}
		add(m[0], m[1], y, strconv.Itoa(months[strings.ToLower(text[m[2]:m[3]])]), text[m[4]:m[5]])
	}
	return out
}

// dateValue writes a date as YYYY-MM-DD, or MM-DD when year is 0; ok is false for a day the
// month does not have.
func dateValue(year, month, day int) (string, bool) {
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if month < 1 || month > 12 || day < 1 || day > days[month] {
		return "", false
	}
	if year == 0 {
		return fmt.Sprintf("%02d-%02d", month, day), true
	}
	if year < 1900 || year > 2199 || month == 2 && day == 29 && !(year%4 == 0 && (year%100 != 0 || year%400 == 0)) {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
}

// --- phone numbers

// phoneGroups reports whether the digit groups of a candidate phone number look like one: no
// group of one digit but a country code ("192.168.1.10" is an address), and groups of four
// digits at most when dots separate them ("19045.3803" is a build number).
func phoneGroups(s string, international bool) bool {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	dotted := strings.Contains(s, ".")
	for i, g := range groups {
		if len(g) == 1 && !(i == 0 && international) || dotted && len(g) > 4 {
			return false
		}
	}
	return true
}

// phoneRe is a candidate phone number: an optional + or 00, then digits in groups separated by
// spaces, dots, hyphens, slashes or parentheses. findPhones decides by counting the digits.
var phoneRe = regexp.MustCompile(`(?:\+|\b00)?\(?\d[\d ().\-/]{5,22}\d`)

func findPhones(text string) []span {
	var out []span
	for _, m := range phoneRe.FindAllStringIndex(text, -1) {
		start, end := m[0], m[1]
		// Drop trailing groups of one digit ("call +39 333 1234567 2 times").
		for {
			i := strings.LastIndexAny(text[start:end], " .-/")
			if i < 0 || end-(start+i+1) > 1 {
				break
			}
			end = start + len(strings.TrimRight(text[start:start+i], " .-/("))
		}
		s := text[start:end]
		if strings.Count(s, "(") != strings.Count(s, ")") || letterAt(text, end) || letterBefore(text, start) {
			continue
		}
		digits := digitsOf(s)
		international := strings.HasPrefix(s, "+") || strings.HasPrefix(s, "00")
		if !phoneGroups(s, international) {
			continue
		}
		if strings.HasPrefix(s, "00") {
			digits = digits[2:]
		}
		switch {
		case international && len(digits) >= 8 && len(digits) <= 15:
			out = append(out, newSpan(text, start, end, switchboard.RefPhone, "+"+digits))
		case !international && len(digits) >= 9 && len(digits) <= 11 && !strings.Contains(s, "/"):
			out = append(out, newSpan(text, start, end, switchboard.RefPhone, digits))
		}
	}
	return out
}
