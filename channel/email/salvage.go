package email

// This file reads mail that does not follow the standards as far as it can be read, instead of
// giving up on it: header lines that are not fields are left out, parts are told apart by their
// boundary lines even when the closing one never comes, broken base64 is decoded around what is
// not base64, and text in an unknown or undeclared character set is read as Windows-1252. What
// had to be left out or guessed is noted as a problem, so the thread can say the mail could not
// be fully read and offer its source.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/textproto"

	"github.com/switchboardhq/switchboard"
)

// problems lists, once each, what could not be read of a mail, in English sentences.
type problems []string

func (p *problems) add(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if !slices.Contains(*p, s) {
		*p = append(*p, s)
	}
}

// maxDepth bounds how deep multiparts nest; a part deeper than that is kept as it came.
const maxDepth = 20

// readHeader splits a message or a part into its header and its body, reading the header line by
// line: a line that is neither a field nor the continuation of one is left out (and noted), where
// a strict reader would refuse the whole mail. Something that does not begin with a header field
// at all is all body.
func readHeader(raw []byte, p *problems) (message.Header, []byte) {
	var block bytes.Buffer
	fields, dropped, last := 0, false, false
	var body []byte
	pos := 0
	if bytes.HasPrefix(raw, []byte("From ")) {
		pos = lineEnd(raw, 0) // an mbox separator line, not a field
	}
	for pos < len(raw) {
		next := lineEnd(raw, pos)
		line := bytes.TrimRight(raw[pos:next], "\r\n")
		switch {
		case len(line) == 0:
			body = raw[next:]
			next = len(raw)
		case line[0] == ' ' || line[0] == '\t':
			if last {
				block.Write(line)
				block.WriteString("\r\n")
			} else {
				dropped = true
			}
		case isField(line):
			block.Write(line)
			block.WriteString("\r\n")
			fields++
			last = true
		case fields == 0 && !dropped:
			p.add("The email has no header: all of it is shown as its text.")
			return message.Header{}, raw
		default:
			dropped, last = true, false
		}
		pos = next
	}
	if dropped {
		p.add("Some lines of the header are not header fields and were left out.")
	}
	if bytes.IndexByte(block.Bytes(), 0) >= 0 {
		p.add("The header holds NUL characters.")
	}
	block.WriteString("\r\n")
	h, err := textproto.ReadHeader(bufio.NewReader(&block))
	if err != nil {
		p.add("The header could not be read.")
		return message.Header{}, body
	}
	return message.Header{Header: h}, body
}

// lineEnd returns where the line starting at pos ends, after its line break.
func lineEnd(b []byte, pos int) int {
	if i := bytes.IndexByte(b[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(b)
}

// isField reports whether a header line is a field: a name of printable characters, then a colon.
func isField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	key := bytes.TrimRight(line[:i], " \t")
	if len(key) == 0 {
		return false
	}
	for _, c := range key {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// splitParts cuts a multipart body at its boundary lines. closed is false when the closing
// boundary never came: the mail was cut short, and its last part runs to the end.
func splitParts(body []byte, boundary string) (parts [][]byte, closed bool) {
	delim := []byte("--" + boundary)
	start := -1 // where the current part began; -1 in the preamble
	for pos := 0; pos < len(body); {
		next := lineEnd(body, pos)
		line := bytes.TrimRight(body[pos:next], " \t\r\n")
		if bytes.HasPrefix(line, delim) {
			rest := line[len(delim):]
			if len(rest) == 0 || string(rest) == "--" {
				if start >= 0 {
					parts = append(parts, trimBreak(body[start:pos]))
				}
				if len(rest) > 0 {
					return parts, true
				}
				start = next
			}
		}
		pos = next
	}
	if start >= 0 {
		parts = append(parts, body[start:])
	}
	return parts, false
}

// trimBreak drops the line break that belongs to the boundary line after a part.
func trimBreak(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// sniffBoundary finds the boundary of a multipart that does not declare one: its first line
// that begins with two dashes.
func sniffBoundary(body []byte) string {
	for pos := 0; pos < len(body); {
		next := lineEnd(body, pos)
		line := bytes.TrimRight(body[pos:next], " \t\r\n")
		if b, ok := bytes.CutPrefix(line, []byte("--")); ok && len(b) > 0 && len(b) <= 200 {
			return string(b)
		}
		pos = next
	}
	return ""
}

// walk visits every leaf part of a message (and the parts of attached messages, which stay
// attachments themselves) with its media type, parameters and disposition; the part's body is
// decoded (transfer encoding, and text into UTF-8) as far as it can be.
func walk(h message.Header, body []byte, depth int, p *problems, fn func(part *message.Entity, ct string, params map[string]string, disposition string, dparams map[string]string) error) error {
	ct, params := mediaType(h, "Content-Type", p)
	if ct == "" {
		ct = "text/plain"
	}
	disposition, dparams := mediaType(h, "Content-Disposition", p)
	if strings.HasPrefix(ct, "multipart/") && depth < maxDepth {
		boundary := params["boundary"]
		if boundary == "" {
			boundary = sniffBoundary(body)
		}
		parts, closed := splitParts(body, boundary)
		if boundary != "" && len(parts) > 0 {
			if !closed {
				p.add("The email was cut short: its last part is incomplete.")
			}
			for _, raw := range parts {
				ph, pbody := readHeader(raw, p)
				if err := walk(ph, pbody, depth+1, p, fn); err != nil {
					return err
				}
			}
			return nil
		}
		p.add("The parts of the email could not be told apart: its body is shown as it came.")
		ct, params = "text/plain", map[string]string{}
	}
	data := decode(h, ct, params, body, p)
	return fn(&message.Entity{Header: h, Body: bytes.NewReader(data)}, ct, params, disposition, dparams)
}

// mediaType reads a Content-Type or Content-Disposition field: its value in lower case and its
// parameters (encoded words decoded), "" when it is missing. Parameters that do not follow the
// standard are read as far as they go.
func mediaType(h message.Header, key string, p *problems) (string, map[string]string) {
	v := h.Get(key)
	if strings.TrimSpace(v) == "" {
		return "", map[string]string{}
	}
	t, params, err := mime.ParseMediaType(v)
	switch {
	case err == nil:
	case errors.Is(err, mime.ErrInvalidMediaParameter):
		params = map[string]string{}
		for _, kv := range strings.Split(v, ";")[1:] {
			if k, val, ok := strings.Cut(kv, "="); ok && strings.TrimSpace(k) != "" {
				params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(val), `"`)
			}
		}
	default:
		p.add("A part's %s could not be read.", key)
		return "", map[string]string{}
	}
	dec := mime.WordDecoder{CharsetReader: charset.Reader}
	for k, val := range params {
		if d, err := dec.DecodeHeader(val); err == nil {
			params[k] = d
		}
	}
	return t, params
}

// decode undoes a leaf part's transfer encoding and, for text, its character set.
func decode(h message.Header, ct string, params map[string]string, body []byte, p *problems) []byte {
	data := body
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))); enc {
	case "base64":
		var clean bool
		if data, clean = decodeBase64(body); !clean {
			p.add("A part's base64 encoding is broken: what is not base64 was skipped.")
		}
	case "quoted-printable":
		var err error
		if data, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body))); err != nil {
			p.add("A part's quoted-printable encoding is broken.")
		}
	case "", "7bit", "8bit", "binary":
	default:
		p.add("A part uses an unknown transfer encoding (%s): it is kept as it came.", clip(enc, 40))
	}
	if strings.HasPrefix(ct, "text/") {
		data = toUTF8(data, params["charset"], p)
	}
	return data
}

// toUTF8 turns text in a character set into UTF-8. Text in a set Switchboard does not know, or
// in none declared that is not UTF-8, is read as Windows-1252 (what mail clients do).
func toUTF8(data []byte, cs string, p *problems) []byte {
	cs = strings.ToLower(strings.Trim(cs, " \t\""))
	switch cs {
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			p.add("Some of the text is not valid UTF-8, as its part says it is.")
		}
		return data
	case "", "us-ascii", "ascii":
		if utf8.Valid(data) {
			return data
		}
		p.add("The text's character set is not declared: it was read as Windows-1252.")
		return windows1252(data)
	}
	if r, err := charset.Reader(cs, bytes.NewReader(data)); err == nil {
		if out, err := io.ReadAll(r); err == nil {
			return out
		}
	}
	if utf8.Valid(data) {
		p.add("The text's character set (%s) is unknown: it was read as UTF-8.", clip(cs, 40))
		return data
	}
	p.add("The text's character set (%s) is unknown: it was read as Windows-1252.", clip(cs, 40))
	return windows1252(data)
}

// windows1252 reads bytes as Windows-1252 (a superset of ISO-8859-1 in practice).
func windows1252(data []byte) []byte {
	r, err := charset.Reader("windows-1252", bytes.NewReader(data))
	if err != nil {
		return data
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return data
	}
	return out
}

// decodeBase64 decodes base64 the way mail clients do: line breaks and missing padding are
// fine, characters that are not base64 are skipped (clean is then false), and padding in the
// middle (pieces encoded one by one and put together) starts a new piece.
func decodeBase64(b []byte) (data []byte, clean bool) {
	clean = true
	piece := make([]byte, 0, len(b))
	out := make([]byte, 0, len(b)*3/4)
	flush := func() {
		if len(piece)%4 == 1 {
			piece, clean = piece[:len(piece)-1], false // one character is not a byte
		}
		dst := make([]byte, base64.RawStdEncoding.DecodedLen(len(piece)))
		n, _ := base64.RawStdEncoding.Decode(dst, piece)
		out, piece = append(out, dst[:n]...), piece[:0]
	}
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			piece = append(piece, c)
		case c == '=':
			if len(piece) > 0 {
				flush()
			}
		case c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			clean = false
		}
	}
	flush()
	return out, clean
}

// clip shortens what a mail says of itself before it goes into a problem's sentence.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	return switchboard.CutText(s, n) + "…"
}
