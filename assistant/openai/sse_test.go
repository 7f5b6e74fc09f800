package openai

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadStream(t *testing.T) {
	chunk := func(content string) string {
		return `{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"` + content + `"},"finish_reason":null}]}`
	}
	const stop = `{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`
	const usage = `{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`
	for _, tt := range []struct {
		name, in   string
		want       string
		wantUsage  int    // total tokens
		wantCode   string // "" = no error
		wantPieces int
	}{
		{"plain", "data: " + chunk("He") + "\n\ndata: " + chunk("llo") + "\n\ndata: " + stop + "\n\ndata: " + usage + "\n\ndata: [DONE]\n\n", "Hello", 5, "", 2},
		{"no space after data, CRLF", "data:" + chunk("a") + "\r\n\r\ndata:[DONE]\r\n\r\n", "a", 0, "", 1},
		{"comments and other fields", ": keep-alive\n\nevent: message\nid: 1\nretry: 10\ndata: " + chunk("x") + "\n\ndata: [DONE]\n\n", "x", 0, "", 1},
		{"data over two lines", "data: {\"choices\":[{\"index\":0,\n" + "data: \"delta\":{\"content\":\"y\"}}]}\n\ndata: [DONE]\n\n", "y", 0, "", 1},
		{"last event without blank line", "data: " + chunk("z") + "\n\ndata: [DONE]", "z", 0, "", 1},
		{"clean end after finish_reason", "data: " + chunk("z") + "\n\ndata: " + stop + "\n\n", "z", 0, "", 1},
		{"Azure's empty first chunk", `data: {"choices":[],"prompt_filter_results":[{"prompt_index":0}]}` + "\n\ndata: " + chunk("q") + "\n\ndata: [DONE]\n\n", "q", 0, "", 1},
		{"null content and other choices", `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":null}},{"index":1,"delta":{"content":"no"}}]}` + "\n\ndata: " + chunk("k") + "\n\ndata: [DONE]\n\n", "k", 0, "", 1},
		{"garbage after DONE is not read", "data: " + chunk("k") + "\n\ndata: [DONE]\n\ndata: {broken\n\n", "k", 0, "", 1},
		{"ends before DONE", "data: " + chunk("k") + "\n\n", "", 0, CodeMalformed, 1},
		{"empty body", "", "", 0, CodeMalformed, 0},
		{"not JSON", "data: " + chunk("k") + "\n\ndata: {\"choices\":[{\n\n", "", 0, CodeMalformed, 1},
		{"HTML instead of events", "<html><body>Bad gateway</body></html>\n", "", 0, CodeMalformed, 0},
		{"wrong types", `data: {"choices":"many"}` + "\n\n", "", 0, CodeMalformed, 0},
		{"error mid-stream", "data: " + chunk("k") + "\n\n" + `data: {"error":{"message":"The server had an error","type":"server_error","code":null}}` + "\n\n", "", 0, "", 1},
		{"refusal", `data: {"choices":[{"index":0,"delta":{"refusal":"I can't"}}]}` + "\n\ndata: " + stop + "\n\ndata: [DONE]\n\n", "", 0, CodeRefused, 0},
		{"content filter", `data: {"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]}` + "\n\ndata: [DONE]\n\n", "", 0, CodeRefused, 0},
		{"line too long", "data: " + strings.Repeat("x", maxLine+10) + "\n\n", "", 0, CodeMalformed, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Client{}
			var pieces []string
			res, delivered, err := c.readStream(strings.NewReader(tt.in), func(s string) error { pieces = append(pieces, s); return nil })
			if len(pieces) != tt.wantPieces || delivered != (tt.wantPieces > 0) {
				t.Errorf("pieces %q, delivered %v, want %d", pieces, delivered, tt.wantPieces)
			}
			if tt.name == "error mid-stream" {
				var e *Error
				if !errors.As(err, &e) || e.Type != "server_error" || err.Error() != "the endpoint reported an error: The server had an error" {
					t.Errorf("err = %v", err)
				}
				return
			}
			if tt.wantCode != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != tt.wantCode {
					t.Errorf("err = %v, want code %s", err, tt.wantCode)
				}
				return
			}
			if err != nil || res.Text != tt.want || res.Usage.TotalTokens != tt.wantUsage {
				t.Errorf("= %q, usage %+v, %v; want %q, %d", res.Text, res.Usage, err, tt.want, tt.wantUsage)
			}
		})
	}
}

func TestReadStreamCap(t *testing.T) {
	c := &Client{MaxBody: 64}
	in := strings.Repeat("data: "+`{"choices":[{"index":0,"delta":{"content":"abcdefgh"}}]}`+"\n\n", 20)
	_, _, err := c.readStream(strings.NewReader(in), func(string) error { return nil })
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeMalformed {
		t.Errorf("err = %v, want the cap", err)
	}
	// Framing alone (keep-alive comments forever) also stops at the cap.
	_, _, err = c.readStream(io.LimitReader(endless(": ping\n\n"), 1<<20), func(string) error { return nil })
	if !errors.As(err, &e) || e.Code != CodeMalformed || !strings.Contains(err.Error(), "larger than its cap") {
		t.Errorf("endless comments: err = %v", err)
	}
}

// endless repeats a text forever.
type endless string

func (e endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], e)
	}
	return n, nil
}

// FuzzReadStream feeds hostile streams to the reader: it never panics, and what it returns
// without error is exactly the pieces it handed on.
func FuzzReadStream(f *testing.F) {
	f.Add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n")
	f.Add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\r\n\r\n")
	f.Add("data: {\"error\":{\"message\":\"x\"}}\n\n")
	f.Add("data:\ndata:\n\n:\n\ndata: [DONE]")
	f.Add("data: {\"choices\":null,\"usage\":{\"total_tokens\":-1}}\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		c := &Client{MaxBody: 1 << 16}
		var got strings.Builder
		res, delivered, err := c.readStream(strings.NewReader(in), func(s string) error { got.WriteString(s); return nil })
		if delivered != (got.Len() > 0) {
			t.Fatalf("delivered %v with %q handed on", delivered, got.String())
		}
		if err == nil && res.Text != got.String() {
			t.Fatalf("text %q, pieces %q", res.Text, got.String())
		}
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Error() == "") {
			t.Fatalf("err %v is not a clear *Error", err)
		}
	})
}
