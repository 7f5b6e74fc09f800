// Package apertium translates with the Apertium engine installed on the server (Debian's
// apertium and apertium-XX-YY packages): offline, nothing leaves the machine. Apertium's pairs
// mostly go through Spanish, so a pair with no direct mode (it→en, fr→pt) is translated twice,
// through Spanish.
//
// Text goes to apertium on standard input in its plain-text format (-f txt), whose deformatter
// escapes Apertium's own stream syntax (^ $ [ ] { } \ / @ *): a customer's "<b>", "[x]" or
// "^word$" is translated as text and comes back as text, never read as markup. NUL and other
// control characters (but tab and newline) are dropped before the text is sent.
package apertium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard/assistant"
)

// Pivot is the language pairs go through when there is no direct one: Apertium's pairs are
// mostly to and from Spanish.
const Pivot = "es"

// MaxInput is the longest text, in bytes, Translate accepts: a message, not a book.
const MaxInput = 32 << 10

// maxOutput caps what is read back from apertium (a translation is rarely more than twice as
// long as its original).
const maxOutput = 4 * MaxInput

// ErrNotInstalled is returned when the apertium command is not on the machine.
var ErrNotInstalled = errors.New("apertium is not installed (Debian: apt-get install apertium apertium-en-es …)")

// Engine runs the apertium command. Its zero value uses the command on PATH, its default data
// directory and a 20-second timeout.
type Engine struct {
	// Dir is Apertium's data directory, the one holding modes/ (apertium -d); "" means
	// $APERTIUM_DATADIR or /usr/share/apertium.
	Dir string
	// Command is the apertium program; "" means "apertium" on PATH.
	Command string
	// Timeout bounds one translation (both legs of a pivot together); 0 means 20 seconds.
	Timeout time.Duration
}

var _ assistant.Translator = (*Engine)(nil)

// iso639 maps the three-letter codes some pairs' modes use (eng-spa) to the two-letter codes
// Switchboard speaks.
var iso639 = map[string]string{
	"eng": "en", "spa": "es", "ita": "it", "fra": "fr", "fre": "fr", "por": "pt", "cat": "ca",
	"glg": "gl", "eus": "eu", "oci": "oc", "ron": "ro", "deu": "de", "nld": "nl", "arg": "an",
	"ast": "ast",
}

func (e *Engine) dir() string {
	if e.Dir != "" {
		return e.Dir
	}
	if d := os.Getenv("APERTIUM_DATADIR"); d != "" {
		return d
	}
	return "/usr/share/apertium"
}

func (e *Engine) command() string {
	if e.Command != "" {
		return e.Command
	}
	return "apertium"
}

// Available reports whether the apertium command is installed.
func (e *Engine) Available() bool {
	_, err := exec.LookPath(e.command())
	return err == nil
}

// modes maps each installed direct pair ("en-es") to its mode's name ("eng-spa"). A mode is
// listed only when every program of its pipeline is on PATH: Debian's apertium-spa-ita needs
// cg-proc (package cg3) without depending on it, and a pipeline missing a stage answers
// nothing, successfully.
func (e *Engine) modes() map[string]string {
	files, _ := filepath.Glob(filepath.Join(e.dir(), "modes", "*.mode"))
	out := map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".mode")
		parts := strings.Split(name, "-")
		if len(parts) != 2 { // eco-es-fr and other variants
			continue
		}
		from, to := code(parts[0]), code(parts[1])
		if from == "" || to == "" || !runnable(f) {
			continue
		}
		pair := from + "-" + to
		// Prefer the plain mode (es-pt) over a regional one (es-pt_BR), which code() refuses.
		if old, ok := out[pair]; !ok || len(name) < len(old) {
			out[pair] = name
		}
	}
	return out
}

// code turns a mode's language into an ISO 639-1 code, or "" for a regional variant (pt_BR).
func code(s string) string {
	if strings.ContainsAny(s, "_.") {
		return ""
	}
	if c, ok := iso639[s]; ok {
		return c
	}
	if len(s) == 2 {
		return s
	}
	return ""
}

// runnable reports whether every stage of a mode file's pipeline is a program on PATH.
func runnable(modeFile string) bool {
	b, err := os.ReadFile(modeFile)
	if err != nil {
		return false
	}
	for _, stage := range strings.Split(string(b), "|") {
		fields := strings.Fields(stage)
		if len(fields) == 0 {
			return false
		}
		if _, err := exec.LookPath(fields[0]); err != nil {
			return false
		}
	}
	return true
}

// Pairs lists the installed direct pairs ("en-es", "es-it", …), sorted.
func (e *Engine) Pairs() []string {
	m := e.modes()
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Targets lists the languages a text in from can be translated to, directly or through
// Spanish, sorted.
func (e *Engine) Targets(from string) []string {
	m := e.modes()
	seen := map[string]bool{}
	for pair := range m {
		a, b, _ := strings.Cut(pair, "-")
		switch {
		case a == from:
			seen[b] = true
		case a == Pivot && b != from && m[from+"-"+Pivot] != "":
			seen[b] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Route returns the modes a translation from one language to another runs through: the direct
// pair, or two through Spanish. It fails when neither exists.
func (e *Engine) Route(from, to string) ([]string, error) {
	if from == "" {
		return nil, errors.New("apertium cannot tell a text's language: the source language is needed")
	}
	m := e.modes()
	if mode, ok := m[from+"-"+to]; ok {
		return []string{mode}, nil
	}
	a, okA := m[from+"-"+Pivot]
	b, okB := m[Pivot+"-"+to]
	if okA && okB && from != Pivot && to != Pivot {
		return []string{a, b}, nil
	}
	return nil, fmt.Errorf("apertium has no pair for %s→%s, directly or through Spanish (installed: %s)",
		from, to, orNone(strings.Join(e.Pairs(), ", ")))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// Translate translates text from one language to another (ISO 639-1 codes), through Spanish
// when there is no direct pair. The same language in and out returns the text unchanged.
func (e *Engine) Translate(ctx context.Context, text, from, to string) (string, error) {
	if !e.Available() {
		return "", ErrNotInstalled
	}
	if len(text) > MaxInput {
		return "", fmt.Errorf("apertium: the text is %d bytes, more than the %d it translates", len(text), MaxInput)
	}
	text = clean(text)
	if from == to && from != "" {
		return text, nil
	}
	route, err := e.Route(from, to)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return text, nil
	}
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := text
	for _, mode := range route {
		if out, err = e.run(ctx, mode, out); err != nil {
			return "", err
		}
	}
	return out, nil
}

// run translates through one mode.
func (e *Engine) run(ctx context.Context, mode, text string) (string, error) {
	cmd := exec.CommandContext(ctx, e.command(), "-d", e.dir(), "-f", "txt", "-u", mode)
	cmd.Stdin = strings.NewReader(text)
	var stdout, stderr limitedBuffer
	stdout.max, stderr.max = maxOutput, 4<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return "", fmt.Errorf("apertium %s: %w", mode, ctx.Err())
	case err != nil:
		return "", fmt.Errorf("apertium %s: %v: %s", mode, err, firstLine(stderr.String()))
	case stdout.over:
		return "", fmt.Errorf("apertium %s: the answer is longer than %d bytes", mode, maxOutput)
	case strings.TrimSpace(stdout.String()) == "":
		// A pipeline with a missing stage exits 0 and prints nothing.
		return "", fmt.Errorf("apertium %s answered nothing: %s", mode, orNone(firstLine(stderr.String())))
	}
	return stdout.String(), nil
}

// clean drops NUL and the other control characters but tab, newline and carriage return, and
// mends invalid UTF-8.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// limitedBuffer keeps the first max bytes written to it and notes whether more came.
type limitedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.over = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
