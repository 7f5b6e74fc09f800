package offline

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	for text, want := range map[string][]string{
		"Hi. My order n. 5566 is late! Where is it?":                {"Hi.", "My order n. 5566 is late!", "Where is it?"},
		"Buongiorno. Il Sig. Rossi ha pagato 1.234,56 €. Grazie":    {"Buongiorno.", "Il Sig. Rossi ha pagato 1.234,56 €.", "Grazie"},
		"Hola. ¿Dónde está mi pedido? ¡Lo necesito ya!":             {"Hola.", "¿Dónde está mi pedido?", "¡Lo necesito ya!"},
		"Bonjour,\nma commande est en retard... merci de vérifier.": {"Bonjour,", "ma commande est en retard... merci de vérifier."},
		"Olá! A encomenda chegou partida.\n\n":                      {"Olá!", "A encomenda chegou partida."},
		"version 1.2.3 e.g. this":                                   {"version 1.2.3 e.g. this"},
	} {
		if got := splitSentences(text); !reflect.DeepEqual(got, want) {
			t.Errorf("splitSentences(%q)\n got %q\nwant %q", text, got, want)
		}
	}
}

func TestSummarise(t *testing.T) {
	turns := []Turn{
		{"customer", "Hi! My order #A-1234 arrived today but the blender is broken. The glass jug is cracked. Can I get a replacement blender?"},
		{"agent", "Hello, thanks for writing. I'm sorry the blender arrived broken. Could you send a photo of the cracked jug?"},
		{"customer", "Sure, here it is. Thanks."},
		{"agent", "Thank you. I have shipped a replacement blender today, tracking 1Z999AA10123456784. Have a nice day!"},
	}
	got := Summarise(turns, 3)
	t.Logf("summary:\n%s", got)
	lines := strings.Split(got, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "Customer: ") || !strings.HasPrefix(lines[len(lines)-1], "Agent: ") {
		t.Fatalf("want the customer's request first and the agent's resolution last:\n%s", got)
	}
	for _, want := range []string{"#A-1234", "1Z999AA10123456784"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	for _, noise := range []string{"Thanks.", "Have a nice day", "Sure, here it is"} {
		if strings.Contains(got, noise) {
			t.Errorf("summary keeps %q", noise)
		}
	}
	if n := strings.Count(got, ".") + strings.Count(got, "?"); n > 3+1 {
		t.Errorf("more than 3 sentences: %q", got)
	}
	if again := Summarise(turns, 3); again != got {
		t.Errorf("not deterministic:\n%s\n%s", got, again)
	}
	if Summarise(nil, 3) != "" || Summarise([]Turn{{"customer", "  "}}, 3) != "" {
		t.Error("empty conversation gave a summary")
	}
	it := Summarise([]Turn{
		{"customer", "Buongiorno. La fattura n. 778 riporta un importo di 120,00 € ma ho pagato 100,00 €. Potete correggere la fattura?"},
		{"agent", "Buongiorno, ho corretto la fattura n. 778 e ve la rimando oggi. Saluti."},
	}, 2)
	if !strings.HasPrefix(it, "Customer: La fattura n. 778") || !strings.Contains(it, "Agent: Buongiorno, ho corretto la fattura") {
		t.Errorf("Italian summary:\n%s", it)
	}
}
