// Package libretranslate is a local stand-in for a LibreTranslate server, for tests and demo
// mode. It speaks LibreTranslate's wire format: POST /translate with a JSON or form body
// (q, source — "auto" to detect —, target, format, api_key) answering {"translatedText"} and,
// for "auto", {"detectedLanguage": {"confidence", "language"}}; GET /languages; errors as
// {"error": "..."} with 400, 403, 429 and 500. Its "translation" is a small word-for-word
// dictionary between English, Spanish, Italian, French and Portuguese, deterministic so tests
// can assert a translated text; words it does not know pass through unchanged. Faults on
// request, and a record of every request.
package libretranslate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// Languages are the languages the emulator translates between, each to every other.
var Languages = []string{"en", "es", "it", "fr", "pt"}

var names = map[string]string{"en": "English", "es": "Spanish", "it": "Italian", "fr": "French", "pt": "Portuguese"}

// dictionary holds words in the order of Languages, one meaning a row.
var dictionary = [][5]string{
	{"hello", "hola", "ciao", "bonjour", "olá"},
	{"good morning", "buenos días", "buongiorno", "bonjour", "bom dia"},
	{"thank you", "gracias", "grazie", "merci", "obrigado"},
	{"thanks", "gracias", "grazie", "merci", "obrigado"},
	{"please", "por favor", "per favore", "s'il vous plaît", "por favor"},
	{"my", "mi", "il mio", "ma", "minha"},
	{"your", "su", "il vostro", "votre", "sua"},
	{"order", "pedido", "ordine", "commande", "encomenda"},
	{"invoice", "factura", "fattura", "facture", "fatura"},
	{"refund", "reembolso", "rimborso", "remboursement", "reembolso"},
	{"has not arrived", "no ha llegado", "non è arrivato", "n'est pas arrivée", "não chegou"},
	{"arrived", "llegado", "arrivato", "arrivée", "chegou"},
	{"yet", "todavía", "ancora", "encore", "ainda"},
	{"where is", "dónde está", "dov'è", "où est", "onde está"},
	{"help", "ayuda", "aiuto", "aide", "ajuda"},
	{"today", "hoy", "oggi", "aujourd'hui", "hoje"},
	{"tomorrow", "mañana", "domani", "demain", "amanhã"},
	{"urgent", "urgente", "urgente", "urgent", "urgente"},
	{"the", "el", "il", "le", "o"},
	{"and", "y", "e", "et", "e"},
	{"is", "es", "è", "est", "é"},
	{"not", "no", "non", "pas", "não"},
	{"yes", "sí", "sì", "oui", "sim"},
	{"no", "no", "no", "non", "não"},
	{"address", "dirección", "indirizzo", "adresse", "endereço"},
	{"payment", "pago", "pagamento", "paiement", "pagamento"},
	{"broken", "roto", "rotto", "cassé", "quebrado"},
	{"package", "paquete", "pacco", "colis", "pacote"},
	{"we are sorry", "lo sentimos", "ci dispiace", "nous sommes désolés", "lamentamos"},
	{"goodbye", "adiós", "arrivederci", "au revoir", "adeus"},
}

// Fault is a failure the next calls answer with.
type Fault struct {
	// Status answers with LibreTranslate's error for it (429 with Retry-After).
	Status int
	// Malformed answers 200 with a body that is not the API's JSON.
	Malformed bool
}

// Request is a call the emulator received, as it arrived.
type Request struct {
	Method, Path                   string
	Q, Source, Target, Format, Key string
	JSON                           bool // the body was JSON, not a form
}

// Server is the emulated LibreTranslate server. Its exported fields may be set before it
// serves.
type Server struct {
	// APIKey, when set, is required (the server runs with --api-keys and a required key): a
	// request without a key is refused with 400, one with another key with 403.
	APIKey string
	// CharLimit, when positive, refuses longer texts with 400, as --char-limit does.
	CharLimit int
	// RetryAfter is the Retry-After header of a 429 ("" sends none); New sets "1".
	RetryAfter string

	faults   fault.Queue[Fault]
	mu       sync.Mutex
	requests []Request
}

// New returns an emulated server; apiKey "" requires no key.
func New(apiKey string) *Server { return &Server{APIKey: apiKey, RetryAfter: "1"} }

// Fail makes the next n calls answer status with LibreTranslate's error body.
func (s *Server) Fail(n, status int) {
	for range n {
		s.faults.Inject(Fault{Status: status})
	}
}

// Malformed makes the next n calls answer 200 with a body that is not the API's JSON.
func (s *Server) Malformed(n int) {
	for range n {
		s.faults.Inject(Fault{Malformed: true})
	}
}

// Requests returns the calls received so far, refused ones included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ServeHTTP implements /translate and /languages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	req := Request{Method: r.Method, Path: r.URL.Path}
	var params map[string]any
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		req.JSON = true
		if err := json.NewDecoder(r.Body).Decode(&params); err != nil || params == nil {
			s.record(req)
			apiError(w, http.StatusBadRequest, "Invalid JSON format")
			return
		}
	} else {
		_ = r.ParseForm()
		params = map[string]any{}
		for k := range r.Form {
			params[k] = r.Form.Get(k)
		}
	}
	str := func(k string) string { v, _ := params[k].(string); return v }
	req.Q, req.Source, req.Target, req.Format, req.Key = str("q"), str("source"), str("target"), str("format"), str("api_key")
	s.record(req)

	switch f := s.faults.Next(); {
	case f.Malformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"translatedText": "half an answ`))
		return
	case f.Status == http.StatusTooManyRequests:
		if s.RetryAfter != "" {
			w.Header().Set("Retry-After", s.RetryAfter)
		}
		apiError(w, f.Status, "Slowdown: 1 per 1 minute")
		return
	case f.Status == http.StatusForbidden:
		apiError(w, f.Status, "Too many request limits violations")
		return
	case f.Status >= 500:
		apiError(w, f.Status, "Cannot translate text: the model failed")
		return
	case f.Status != 0:
		apiError(w, f.Status, "Invalid request")
		return
	}

	switch {
	case r.URL.Path == "/languages" && r.Method == http.MethodGet:
		out := make([]map[string]any, 0, len(Languages))
		for _, l := range Languages {
			out = append(out, map[string]any{"code": l, "name": names[l], "targets": others(l)})
		}
		writeJSON(w, http.StatusOK, out)
	case r.URL.Path == "/translate" && r.Method == http.MethodPost:
		s.translate(w, req)
	default:
		apiError(w, http.StatusNotFound, "Not Found")
	}
}

// translate is POST /translate, checked in the order LibreTranslate checks.
func (s *Server) translate(w http.ResponseWriter, req Request) {
	switch {
	case s.APIKey != "" && req.Key != "" && req.Key != s.APIKey:
		apiError(w, http.StatusForbidden, "Invalid API key")
		return
	case s.APIKey != "" && req.Key == "":
		apiError(w, http.StatusBadRequest, "Please contact the server operator to get an API key")
		return
	}
	for _, p := range [][2]string{{"q", req.Q}, {"source", req.Source}, {"target", req.Target}} {
		if p[1] == "" {
			apiError(w, http.StatusBadRequest, fmt.Sprintf("Invalid request: missing %s parameter", p[0]))
			return
		}
	}
	if n := utf8.RuneCountInString(req.Q); s.CharLimit > 0 && n > s.CharLimit {
		apiError(w, http.StatusBadRequest, fmt.Sprintf("Invalid request: request (%d) exceeds text limit (%d)", n, s.CharLimit))
		return
	}
	source, confidence := req.Source, 0.0
	if source == "auto" {
		source, confidence = Detect(req.Q)
	}
	for _, l := range []string{source, req.Target} {
		if !slices.Contains(Languages, l) {
			apiError(w, http.StatusBadRequest, fmt.Sprintf("%s is not supported", l))
			return
		}
	}
	if req.Format != "" && req.Format != "text" && req.Format != "html" {
		apiError(w, http.StatusBadRequest, fmt.Sprintf("%s format is not supported", req.Format))
		return
	}
	ans := map[string]any{"translatedText": Translate(req.Q, source, req.Target)}
	if req.Source == "auto" {
		ans["detectedLanguage"] = map[string]any{"confidence": confidence, "language": source}
	}
	writeJSON(w, http.StatusOK, ans)
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
}

func others(l string) []string {
	var out []string
	for _, o := range Languages {
		if o != l {
			out = append(out, o)
		}
	}
	return out
}

// Translate is the emulator's translation: the dictionary's phrases replaced, longest first,
// word for word, keeping a capital first letter; other words pass through unchanged.
func Translate(text, from, to string) string {
	fi, ti := slices.Index(Languages, from), slices.Index(Languages, to)
	if fi < 0 || ti < 0 || fi == ti {
		return text
	}
	words := tokens(text)
	var b strings.Builder
	for i := 0; i < len(words); {
		if !isWord(words[i]) {
			b.WriteString(words[i])
			i++
			continue
		}
		row, n := longest(words[i:], fi)
		if n == 0 {
			b.WriteString(words[i])
			i++
			continue
		}
		out := dictionary[row][ti]
		if first, _ := utf8.DecodeRuneInString(words[i]); unicode.IsUpper(first) {
			r, size := utf8.DecodeRuneInString(out)
			out = string(unicode.ToUpper(r)) + out[size:]
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// longest finds the longest dictionary phrase in language column li at the start of words: its
// row and how many tokens it spans (0 when none).
func longest(words []string, li int) (row, n int) {
	for r, entry := range dictionary {
		phrase := tokens(entry[li])
		if len(phrase) <= n || len(phrase) > len(words) {
			continue
		}
		match := true
		for k, p := range phrase {
			if !strings.EqualFold(words[k], p) {
				match = false
				break
			}
		}
		if match {
			row, n = r, len(phrase)
		}
	}
	return row, n
}

// Detect tells the language of a text from the dictionary's words, with LibreTranslate's
// confidence from 0 to 100; English when nothing is known.
func Detect(text string) (string, float64) {
	hits := make([]int, len(Languages))
	total := 0
	for _, w := range tokens(strings.ToLower(text)) {
		if !isWord(w) {
			continue
		}
		for _, entry := range dictionary {
			for li, word := range entry {
				if word == w {
					hits[li]++
					total++
				}
			}
		}
	}
	best := 0
	for li := range hits {
		if hits[li] > hits[best] {
			best = li
		}
	}
	if total == 0 {
		return "en", 0
	}
	return Languages[best], float64(100 * hits[best] / total)
}

// tokens splits a text into words (letters, with inner apostrophes) and the runs between them.
func tokens(s string) []string {
	var out []string
	start, inWord := 0, false
	for i, r := range s {
		w := unicode.IsLetter(r) || (inWord && r == '\'')
		if i > 0 && w != inWord {
			out = append(out, s[start:i])
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func isWord(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
