package offline

import (
	"reflect"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Dov'è l'ordine #4821?", []string{"dov", "è", "l", "ordine", "4821"}},
		{"I DON'T like it!!!", []string{"i", "don", "t", "like", "it"}},
		{"ça-marche\tNÃO\x00x", []string{"ça", "marche", "não", "x"}},
		{"", nil},
		{"  ¿¡ ... ", nil},
		{"\xff\xfebad utf8", []string{"bad", "utf8"}},
	} {
		if got := Words(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Where is my order? It has not arrived yet.", "en"},
		{"Il mio ordine non è ancora arrivato, potete controllare?", "it"},
		{"Mi pedido todavía no ha llegado, ¿pueden revisarlo?", "es"},
		{"Ma commande n'est toujours pas arrivée, pouvez-vous vérifier ?", "fr"},
		{"A minha encomenda ainda não chegou, podem verificar?", "pt"},
		{"a minha encomenda ainda nao chegou", "pt"}, // no accents
		{"", ""},
		{"ok", ""},
		{"12345 !!!", ""},
		{"Guten Tag", ""},
	} {
		got, conf := DetectLanguage(tc.text)
		if got != tc.want {
			t.Errorf("DetectLanguage(%q) = %q (%.2f), want %q", tc.text, got, conf, tc.want)
		}
		if conf < 0 || conf > 1 || (got == "") != (conf == 0) {
			t.Errorf("DetectLanguage(%q) confidence %.2f", tc.text, conf)
		}
	}
}

func TestSentimentNegation(t *testing.T) {
	for _, tc := range []struct {
		text, lang string
		want       switchboard.Sentiment
	}{
		{"The product is good", "en", switchboard.SentimentPositive},
		{"The product is not good", "en", switchboard.SentimentNegative},
		{"It doesn't work", "en", switchboard.SentimentNegative},
		{"Not bad at all, thanks", "en", switchboard.SentimentPositive},
		{"Funziona", "it", switchboard.SentimentPositive},
		{"Non funziona", "it", switchboard.SentimentNegative},
		{"No funciona", "es", switchboard.SentimentNegative},
		{"Ça ne marche pas", "fr", switchboard.SentimentNegative},
		{"Não funciona", "pt", switchboard.SentimentNegative},
		{"nao funciona", "pt", switchboard.SentimentNegative},
		// A negator reaches no further than its clause.
		{"Not what I expected. Great work anyway", "en", switchboard.SentimentPositive},
		{"Is it good?", "en", switchboard.SentimentNeutral},
		{"Where is my order?", "en", switchboard.SentimentNeutral},
	} {
		if got, score := SentimentOf(tc.text, tc.lang); got != tc.want {
			t.Errorf("SentimentOf(%q, %s) = %s (%.2f), want %s", tc.text, tc.lang, got, score, tc.want)
		}
	}
}

func TestSentimentIntensityAndEmoji(t *testing.T) {
	_, plain := SentimentOf("this is bad", "en")
	_, very := SentimentOf("this is very bad", "en")
	_, bangs := SentimentOf("this is very bad!!!", "en")
	if !(very < plain && bangs < very) {
		t.Errorf("scores bad %.2f, very bad %.2f, very bad!!! %.2f: want each lower", plain, very, bangs)
	}
	for _, tc := range []struct {
		text string
		want switchboard.Sentiment
	}{
		{"order 123 arrived 😍", switchboard.SentimentPositive},
		{"order 123 arrived 😡😡", switchboard.SentimentNegative},
		{"order 123 arrived :(", switchboard.SentimentNegative},
		{"order 123 arrived :)", switchboard.SentimentPositive},
		{"👍", switchboard.SentimentPositive},
	} {
		if got, score := SentimentOf(tc.text, ""); got != tc.want {
			t.Errorf("SentimentOf(%q) = %s (%.2f), want %s", tc.text, got, score, tc.want)
		}
	}
}

func TestUrgency(t *testing.T) {
	for _, tc := range []struct {
		text, lang string
		want       switchboard.Urgency
	}{
		{"Please send the invoice asap", "en", switchboard.UrgencyHigh},
		{"Mandatemi la fattura subito", "it", switchboard.UrgencyHigh},
		{"Envíen la factura de inmediato", "es", switchboard.UrgencyHigh},
		{"Envoyez la facture tout de suite", "fr", switchboard.UrgencyHigh},
		{"Enviem a fatura imediatamente", "pt", switchboard.UrgencyHigh},
		{"I need the invoice by tomorrow, I already asked", "en", switchboard.UrgencyHigh},
		{"This is the third time I write about this invoice", "en", switchboard.UrgencyHigh},
		{"Could you send the invoice?", "en", switchboard.UrgencyNormal},
		{"FYI, I changed my address", "en", switchboard.UrgencyLow},
		{"Thanks, all good!", "en", switchboard.UrgencyLow},
	} {
		s, _ := SentimentOf(tc.text, tc.lang)
		if got := UrgencyOf(tc.text, tc.lang, s); got != tc.want {
			t.Errorf("UrgencyOf(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
	// Negative sentiment tips a deadline into high.
	const deadline = "send it by tomorrow"
	if got := UrgencyOf(deadline, "en", switchboard.SentimentNeutral); got != switchboard.UrgencyNormal {
		t.Errorf("deadline alone: %s, want normal", got)
	}
	if got := UrgencyOf(deadline, "en", switchboard.SentimentNegative); got != switchboard.UrgencyHigh {
		t.Errorf("deadline and negative: %s, want high", got)
	}
}

func TestOddInput(t *testing.T) {
	huge := strings.Repeat("terrible urgent non funziona ", 1<<20) // 29 MiB
	odd := []string{"", "\x00", "\x00\x00abc\x00", "\xff\xfe\xfd", strings.Repeat("!", 100000), huge}
	for _, text := range odd {
		lang, conf := DetectLanguage(text)
		s, score := SentimentOf(text, lang)
		u := UrgencyOf(text, lang, s)
		if !s.Valid() || !u.Valid() || score < -1 || score > 1 || conf < 0 || conf > 1 {
			t.Errorf("input of %d bytes: %q %.2f %s %.2f %s", len(text), lang, conf, s, score, u)
		}
	}
	for _, text := range []string{"", "\x00"} {
		if s, score := SentimentOf(text, "en"); s != switchboard.SentimentNeutral || score != 0 {
			t.Errorf("SentimentOf(%q) = %s %.2f, want neutral 0", text, s, score)
		}
	}
	// Only the first 8 KiB are read: what comes after does not count.
	long := strings.Repeat("order 1234 received ", 500) + " terrible terrible terrible"
	if s, _ := SentimentOf(long, "en"); s != switchboard.SentimentNeutral {
		t.Errorf("words after 8 KiB counted: %s", s)
	}
	// head cuts at a rune boundary.
	if h := capInput(strings.Repeat("é", maxInput)); len(h) > maxInput || !strings.HasSuffix(h, "é") {
		t.Errorf("head cut a rune: %d bytes", len(h))
	}
}

func TestLexiconsParse(t *testing.T) {
	if !reflect.DeepEqual(langs, switchboard.AssistantLanguages) {
		t.Fatalf("langs %q differ from switchboard.AssistantLanguages %q", langs, switchboard.AssistantLanguages)
	}
	for _, l := range switchboard.AssistantLanguages {
		lex := lexicons[l]
		if lex == nil || len(lex.sentiment) < 100 || len(lex.urgency) < 40 {
			t.Fatalf("lexicon %s too small", l)
		}
	}
	if _, _, err := parseLexicon("+9 great"); err == nil {
		t.Error("weight out of range accepted")
	}
	if _, _, err := parseLexicon("bogus word"); err == nil {
		t.Error("unknown kind accepted")
	}
}
