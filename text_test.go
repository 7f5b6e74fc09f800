package switchboard_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

func TestStorableText(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"Ana Lima":          "Ana Lima",
		"Ana\x00Lima":       "Ana\uFFFDLima",
		"\x00\x00":          "\uFFFD\uFFFD",
		"caf\xe9 ok":        "caf\uFFFD ok",
		"\xff\xfe\x00 ok 😀": "\uFFFD\uFFFD ok 😀",
	} {
		if got := switchboard.StorableText(in); got != want {
			t.Errorf("StorableText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStorableJSON: every \u0000 of a document's strings is replaced, and no other escape.
func TestStorableJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": "x"}`:                  `{"a": "x"}`,
		`{"a\u0000": "x\u0000y"}`:     `{"a\ufffd": "x\ufffdy"}`,
		`{"a": "\\u0000"}`:            `{"a": "\\u0000"}`, // a backslash, then u0000
		`{"a": "\\\u0000"}`:           `{"a": "\\\ufffd"}`,
		`{"a": "\"\u0000\n"}`:         `{"a": "\"\ufffd\n"}`,
		`{"a": "` + "\xff" + `"}`:     `{"a": "` + "\uFFFD" + `"}`,
		`{"a": ["\u0000", {"b": 1}]}`: `{"a": ["\ufffd", {"b": 1}]}`,
		`{"a": "\u00000"}`:            `{"a": "\ufffd0"}`,
		`{"a": "trailing backslash \`: `{"a": "trailing backslash \`,
	} {
		if got := string(switchboard.StorableJSON([]byte(in))); got != want {
			t.Errorf("StorableJSON(%s) = %s, want %s", in, got, want)
		}
	}
}

// FuzzStorableJSON: a document decodes to what it decoded to before, with each NUL as U+FFFD.
func FuzzStorableJSON(f *testing.F) {
	for _, s := range []string{`{"a": "x\u0000"}`, `["\\u0000", "\\\u0000"]`, `"\u0000\u0001\ud800"`, "\"\xff\x00\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var before any
		if json.Unmarshal(b, &before) != nil {
			return
		}
		out := switchboard.StorableJSON(b)
		if !utf8.Valid(out) {
			t.Fatalf("StorableJSON(%q) = %q, not UTF-8", b, out)
		}
		var after any
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("StorableJSON(%q) = %q, which does not decode: %v", b, out, err)
		}
		if !reflect.DeepEqual(marked(after), marked(before)) {
			t.Fatalf("StorableJSON(%q) decodes to %#v, want %#v", b, after, marked(before))
		}
	})
}

// marked is a decoded JSON value with every NUL of its strings replaced by U+FFFD, and each run
// of U+FFFD as one (encoding/json marks each invalid byte, strings.ToValidUTF8 a run of them).
func marked(v any) any {
	switch v := v.(type) {
	case string:
		v = strings.ReplaceAll(v, "\x00", "\uFFFD")
		for strings.Contains(v, "\uFFFD\uFFFD") {
			v = strings.ReplaceAll(v, "\uFFFD\uFFFD", "\uFFFD")
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = marked(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[marked(k).(string)] = marked(e)
		}
		return out
	}
	return v
}

// TestCleanKeepsTheFold: an email's fold counts characters, and stays before the same character
// when the text's unstorable bytes become U+FFFD (a run of invalid bytes becomes one).
func TestCleanKeepsTheFold(t *testing.T) {
	for _, tt := range []struct {
		text       string
		at, wantAt int
		fold       string
	}{
		{"Però sì 😀\n> quoted", 10, 10, "> quoted"},
		{"è\x00 ok\n> q", 6, 6, "> q"},
		{"\xff\xfe ok\n> q", 6, 5, "> q"},
		{"caf\xe9 \xe9\xe9\xe9\n-- \nAna", 9, 7, "-- \nAna"},
		{"short", 99, 5, ""},
		{"caf\xe9\xe9", 5, 4, ""},
	} {
		m := &switchboard.InboundMessage{Text: tt.text, Content: &switchboard.MessageContent{Email: &switchboard.EmailFields{QuotedAt: tt.at}}}
		m.Clean()
		got := m.Content.Email.QuotedAt
		if got != tt.wantAt || (tt.fold != "" && string([]rune(m.Text)[got:]) != tt.fold) {
			t.Errorf("Clean(%q) folds at %d of %q, want %d before %q", tt.text, got, m.Text, tt.wantAt, tt.fold)
		}
	}
}

// BenchmarkInboundBatchClean is what making a webhook's text storable costs each inbound
// message: a typical WhatsApp batch of one text message with its raw payload, all clean (the
// usual case, nothing to replace).
func BenchmarkInboundBatchClean(b *testing.B) {
	raw := []byte(strings.Repeat(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}`, 14))
	for b.Loop() {
		batch := &switchboard.InboundBatch{Raw: raw, Messages: []*switchboard.InboundMessage{{From: "+5511999990000", ContactName: "Giulia Bianchi",
			ProviderID: "wamid.HBgNNTUxMTk5OTk5MDAwMBUCABIYFjNFQjBDMEE3RjQ5", Text: "Ciao, dov'è il mio rimborso? Ho ordinato la settimana scorsa e non è ancora arrivato nulla."}}}
		batch.Clean()
	}
}
