//go:build ui

package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestREADMEQuotesTheBundleSize keeps the README's figure for the interface's size true: the
// scripts index.html loads at once, gzipped (its entry and the chunks it preloads; screens and
// translations other than English load on demand and are not counted), within a tenth of the
// "about N KB" it quotes.
func TestREADMEQuotesTheBundleSize(t *testing.T) {
	files, ok := build()
	if !ok {
		t.Fatal("no build embedded")
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, m := range regexp.MustCompile(`<(?:script[^>]+src|link rel="modulepreload"[^>]+href)="/?([^"]+\.js)"`).FindAllSubmatch(index, -1) {
		js, err := fs.ReadFile(files, string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		total += gzipped(js)
	}
	if total == 0 {
		t.Fatal("index.html loads no script")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`about (\d+) KB of JavaScript gzipped`).FindSubmatch(readme)
	if m == nil {
		t.Fatal(`the README does not say "about N KB of JavaScript gzipped"`)
	}
	quoted, _ := strconv.Atoi(string(m[1]))
	kb := float64(total) / 1000
	if d := kb - float64(quoted); d > float64(quoted)/10 || d < -float64(quoted)/10 {
		t.Errorf("the README says about %d KB; the interface's scripts are %.1f KB gzipped: write %s", quoted, kb, fmt.Sprint(int(kb+0.5)))
	}
}

// TestWidgetBudgets keeps the web chat's scripts within their budgets: the loader every page of
// the team's website runs at most 5 KB gzipped, the widget it loads at most 30 KB.
func TestWidgetBudgets(t *testing.T) {
	files, ok := build()
	if !ok {
		t.Fatal("no build embedded")
	}
	for name, budget := range map[string]int{"widget/loader.js": 5000, "widget/widget.js": 30000} {
		js, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		size := gzipped(js)
		t.Logf("%s: %d bytes gzipped (budget %d)", name, size, budget)
		if size > budget {
			t.Errorf("%s is %d bytes gzipped, over its budget of %d", name, size, budget)
		}
	}
}

// gzipped is the size of b compressed as a server would send it.
func gzipped(b []byte) int {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return gz.Len()
}
