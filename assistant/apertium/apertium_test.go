package apertium

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// engine returns the installed engine; under CI a missing apertium fails, elsewhere it skips.
func engine(t *testing.T) *Engine {
	t.Helper()
	e := &Engine{}
	if !e.Available() || len(e.Pairs()) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("apertium and its pairs are not installed; under CI the Apertium tests must run (scripts/test.sh installs them)")
		}
		t.Skip("apertium is not installed (apt-get install apertium apertium-en-es apertium-fr-es apertium-es-it apertium-es-pt cg3)")
	}
	return e
}

func TestPairs(t *testing.T) {
	e := engine(t)
	pairs := e.Pairs()
	for _, want := range []string{"en-es", "es-en", "es-it", "it-es", "fr-es", "es-fr", "es-pt", "pt-es"} {
		if !slices.Contains(pairs, want) {
			t.Errorf("Pairs() = %v, missing %s", pairs, want)
		}
	}
	if got := e.Targets("it"); !slices.Equal(got, []string{"en", "es", "fr", "pt"}) {
		t.Errorf("Targets(it) = %v, want [en es fr pt]", got)
	}
	if got := e.Targets("de"); len(got) != 0 {
		t.Errorf("Targets(de) = %v, want none", got)
	}
	for _, p := range pairs {
		if len(p) != 5 || strings.Contains(p, "_") {
			t.Errorf("pair %q is not two ISO 639-1 codes", p)
		}
	}
}

func TestTranslate(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, text, from, to string
		want                 []string // words the translation must hold
	}{
		{"en-es direct", "My order has not arrived.", "en", "es", []string{"no ha llegado"}},
		{"es-it direct", "Mi pedido no ha llegado.", "es", "it", []string{"non è arrivato"}},
		{"it-en through Spanish", "Buongiorno, il mio ordine non è ancora arrivato.", "it", "en", []string{"Good morning", "my order has not arrived"}},
		{"fr-pt through Spanish", "Bonjour, je voudrais changer mon adresse.", "fr", "pt", []string{"quereria mudar minha"}},
		{"pt-en through Spanish", "Obrigado pela ajuda.", "pt", "en", []string{"help"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			got, err := e.Translate(ctx, tc.text, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%q → %q in %v", tc.text, got, time.Since(start).Round(time.Millisecond))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Translate(%q, %s→%s) = %q, want it to hold %q", tc.text, tc.from, tc.to, got, w)
				}
			}
		})
	}
}

// TestHostileText: markup, Apertium's own stream syntax and control characters are text.
func TestHostileText(t *testing.T) {
	e := engine(t)
	in := "The house <b>is</b> red [x] ^house<n><sg>$ {y} \\ @zz *b /c\x00 and\x07 green.\nSecond line."
	got, err := e.Translate(context.Background(), in, "en", "es")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%q", got)
	for _, w := range []string{"<b>", "</b>", "[x]", "^", "$", "<n><sg>", "{y}", "\\", "@zz", "*b", "/c", "casa", "\n"} {
		if !strings.Contains(got, w) {
			t.Errorf("translation %q lost %q", got, w)
		}
	}
	if strings.ContainsAny(got, "\x00\x07") {
		t.Errorf("control characters came back: %q", got)
	}
}

func TestErrors(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	if _, err := e.Translate(ctx, "hello", "en", "de"); err == nil || !strings.Contains(err.Error(), "no pair for en→de") {
		t.Errorf("en→de: err = %v, want no pair", err)
	}
	if _, err := e.Translate(ctx, "hello", "", "es"); err == nil {
		t.Error("no source language: no error")
	}
	if _, err := e.Translate(ctx, strings.Repeat("a ", MaxInput), "en", "es"); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("oversize: err = %v", err)
	}
	if got, err := e.Translate(ctx, "ciao", "it", "it"); err != nil || got != "ciao" {
		t.Errorf("it→it = %q, %v", got, err)
	}

	missing := &Engine{Command: "apertium-not-installed-here"}
	if missing.Available() {
		t.Error("Available() with no such command")
	}
	if _, err := missing.Translate(ctx, "hello", "en", "es"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("err = %v, want ErrNotInstalled", err)
	}

	// A data directory whose mode's pipeline has a stage that is not installed: the pair is not
	// listed (apertium would answer nothing, successfully).
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "modes"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "modes", "eng-spa.mode"), []byte("lt-proc x | no-such-stage-proc y\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "modes", "spa-eng.mode"), []byte("lt-proc x | lt-proc y\n"), 0o644)
	broken := &Engine{Dir: dir}
	if got := broken.Pairs(); !slices.Equal(got, []string{"es-en"}) {
		t.Errorf("Pairs() = %v, want [es-en]", got)
	}
	// es-en is listed but its data files do not exist: a clear error, not an empty translation.
	if _, err := broken.Translate(ctx, "hola", "es", "en"); err == nil {
		t.Error("a broken mode translated")
	} else {
		t.Log(err)
	}

	// A timeout stops apertium.
	slow := &Engine{Timeout: time.Nanosecond}
	if _, err := slow.Translate(ctx, "hello", "en", "es"); err == nil {
		t.Error("no timeout error")
	}
}

// BenchmarkTranslate measures a customer's message of about 300 characters, direct and through
// Spanish: go test -bench . ./assistant/apertium
func BenchmarkTranslate(b *testing.B) {
	e := &Engine{}
	if !e.Available() {
		b.Skip("apertium is not installed")
	}
	for _, bc := range []struct{ name, text, from, to string }{
		{"en-es", "Hello, I ordered a blue jacket two weeks ago and it has not arrived yet. The tracking page says it is still in the warehouse. Could you check what happened and tell me when it will be shipped? I need it before Friday. Thank you, Anna", "en", "es"},
		{"it-en-via-es", "Buongiorno, ho ordinato una giacca blu due settimane fa e non è ancora arrivata. La pagina di tracciamento dice che è ancora in magazzino. Potete controllare cosa è successo e dirmi quando sarà spedita? Mi serve prima di venerdì. Grazie, Anna", "it", "en"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Translate(context.Background(), bc.text, bc.from, bc.to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
