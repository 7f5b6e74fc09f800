package offline

import (
	"strings"
	"unicode/utf8"
)

// The label model, the summary and the answer ranking compare texts by terms: Words folded to
// ASCII (no accents), light-stemmed and without the short function words of the five languages,
// so that "factura", "facture" and "fatture" meet on one term and "the", "il", "de" are not
// evidence.

// stemLen is how many letters of a word its term keeps: a crude stemmer that works alike in the
// five languages ("reembolso"/"reembolsar", "rimborso"/"rimborsare" become "reembo", "rimbor").
const stemLen = 6

// stopwords are words too common in the five languages to say what a text is about (folded).
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a an the and or but if of to in on at by for from with without about as is are was were be
		been being am do does did have has had i me my mine you your yours we our us he she it its
		they them their this that these those there here what which who when where how not no yes
		can could would should will shall may might must just so than then too very also please
		hi hello thanks thank dear regards ok
		il lo la i gli le un uno una di da del della dello dei degli delle al alla allo ai agli alle
		dal dalla nel nella nei nelle sul sulla con per tra fra e ed o ma se che chi cui non si mi
		ti ci vi ne mio mia miei mie tuo tua suo sua nostro vostro sono sei siamo siete ho hai ha
		abbiamo avete hanno questo questa quello quella come anche piu grazie ciao salve buongiorno
		el los las uno unos unas del y u pero que quien como mas muy su sus mi mis tu tus es son
		soy estoy esta este esto estos estas ese esa eso para por sin sobre hay he han hola gracias
		les des du au aux et ou mais qui quoi dont ne pas ce cet cette ces mon ma mes ton ta tes son
		sa ses notre votre nos vos je tu il elle nous vous ils elles est suis sont ai avez ont dans
		sur avec pour par merci bonjour
		os um uns uma umas do da dos das no na nos nas ao aos pelo pela com em sem mas ou nao meu
		minha seu sua isso isto esse essa ele ela eles elas eu voce sou tem tenho obrigado obrigada
		ola bom dia
		de en em que qu le ai y para pour por per con com sin sans senza sem ya gia deja ja
		ci ce ca alla ao aux et al lo se si su`) {
		m[w] = true
	}
	return m
}()

// terms returns the terms of text, in order, repeats kept.
func terms(text string) []string {
	words := Words(text)
	out := words[:0:0]
	for _, w := range words {
		if t := term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// term folds and stems one lower-cased word; "" for a stopword, a one-letter word or a number.
func term(w string) string {
	w = foldAccents(w)
	if len(w) < 2 || stopwords[w] || isDigits(w) {
		return ""
	}
	if utf8.RuneCountInString(w) > stemLen {
		r := []rune(w)
		w = string(r[:stemLen])
	}
	return w
}

// isDigits reports whether s is made of ASCII digits only.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
