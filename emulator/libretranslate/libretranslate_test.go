package libretranslate

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTranslate(t *testing.T) {
	for _, tc := range []struct{ text, from, to, want string }{
		{"Hello, my order has not arrived yet.", "en", "es", "Hola, mi pedido no ha llegado todavía."},
		{"Hola, mi pedido no ha llegado todavía.", "es", "it", "Ciao, il mio ordine non è arrivato ancora."},
		{"Good morning! Where is my invoice?", "en", "fr", "Bonjour! Où est ma facture?"},
		{"Thank you, 12345 ok", "en", "pt", "Obrigado, 12345 ok"},
		{"same", "en", "en", "same"},
	} {
		if got := Translate(tc.text, tc.from, tc.to); got != tc.want {
			t.Errorf("Translate(%q, %s, %s) = %q, want %q", tc.text, tc.from, tc.to, got, tc.want)
		}
	}
	if l, c := Detect("Bonjour, où est ma commande?"); l != "fr" || c <= 50 {
		t.Errorf("Detect = %s %v", l, c)
	}
}

// TestWire checks the answers a client other than ours may send: a form body, bad JSON, a
// missing parameter, a text past the limit.
func TestWire(t *testing.T) {
	s := New("")
	s.CharLimit = 10
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{"form", "application/x-www-form-urlencoded", "q=thanks&source=en&target=it", 200, `{"translatedText":"grazie"}`},
		{"auto", "application/json", `{"q":"gracias","source":"auto","target":"en"}`, 200, `{"detectedLanguage":{"confidence":100,"language":"es"},"translatedText":"thank you"}`},
		{"not an object", "application/json", `["q"]`, 400, `{"error":"Invalid JSON format"}`},
		{"missing target", "application/json", `{"q":"hi","source":"en"}`, 400, `{"error":"Invalid request: missing target parameter"}`},
		{"too long", "application/json", `{"q":"hello hello hello","source":"en","target":"es"}`, 400, `{"error":"Invalid request: request (17) exceeds text limit (10)"}`},
		{"format", "application/json", `{"q":"hi","source":"en","target":"es","format":"pdf"}`, 400, `{"error":"pdf format is not supported"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/translate", tc.contentType, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || strings.TrimSpace(string(b)) != tc.want {
				t.Errorf("%d %s, want %d %s", resp.StatusCode, b, tc.status, tc.want)
			}
		})
	}
}
