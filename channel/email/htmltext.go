package email

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TextOfHTML derives readable text from HTML (for previews, search and HTML-only mail): what a
// reader sees, line by line. Blocks, rows and <br> break lines, table cells are apart, runs of
// spaces are one, and what is never shown (scripts, styles, the head) is left out.
func TextOfHTML(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return wordsOf(src)
	}
	return textOf(doc).String()
}

// wordsOf is the text of HTML the parser refuses (nested deeper than it goes): its words in
// order, from its tokens.
func wordsOf(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var words []string
	hidden := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(words, " ")
		case html.StartTagToken:
			if name, _ := z.TagName(); unseen[atom.Lookup(name)] {
				hidden++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); unseen[atom.Lookup(name)] && hidden > 0 {
				hidden--
			}
		case html.TextToken:
			if hidden == 0 {
				words = append(words, strings.Fields(string(z.Text()))...)
			}
		}
	}
}

// htmlText is the text of a document with, for each run of it, the node it came from, so that
// what is found in the text (a quote's head) can be found in the document.
type htmlText struct {
	b      strings.Builder
	runs   []textRun
	line   int  // where the current line starts in b
	space  bool // a space is due before the next text on this line
	breaks int  // line breaks due before the next text (two at most: one blank line)
	pre    int  // depth of <pre>, where spaces and breaks are kept
}

type textRun struct {
	at   int // byte offset in the text
	node *html.Node
}

// String returns the text.
func (t *htmlText) String() string { return t.b.String() }

// nodeAt returns the node whose text starts at or after offset at: the first of the line a
// quote's head was found on.
func (t *htmlText) nodeAt(at int) *html.Node {
	i := sort.Search(len(t.runs), func(i int) bool { return t.runs[i].at >= at })
	if i == len(t.runs) {
		return nil
	}
	return t.runs[i].node
}

// blocks are the elements that stand on lines of their own.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true, atom.Dd: true,
	atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Caption: true, atom.Tr: true, atom.Ul: true,
}

// unseen are the elements whose content is never shown.
var unseen = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Template: true, atom.Title: true,
	atom.Noscript: true, atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true,
}

// textOf walks the document in order and writes its text.
func textOf(doc *html.Node) *htmlText {
	t := &htmlText{}
	walkDOM(doc, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			t.text(n)
		case html.ElementNode:
			if unseen[n.DataAtom] {
				return false
			}
			switch {
			case n.DataAtom == atom.Br:
				t.newline(true)
			case blocks[n.DataAtom]:
				t.newline(false)
			case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
				t.space = t.b.Len() > t.line
			}
			if n.DataAtom == atom.Pre {
				t.pre++
			}
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if blocks[n.DataAtom] {
			t.newline(false)
		}
		if n.DataAtom == atom.Pre {
			t.pre--
		}
	})
	return t
}

// newline ends the current line, if it has text or a break is due; forced (a <br>) it breaks
// even an empty line, so two make a blank line.
func (t *htmlText) newline(forced bool) {
	switch {
	case t.b.Len() == 0:
	case forced:
		t.breaks = min(t.breaks+1, 2)
	case t.b.Len() > t.line:
		t.breaks = max(t.breaks, 1)
	}
}

// text writes a text node: its runs of spaces made one space, except in <pre>.
func (t *htmlText) text(n *html.Node) {
	s, trail := n.Data, false
	if t.pre == 0 {
		t.space = t.space || startsWithSpace(s)
		trail = endsWithSpace(s)
		s = strings.Join(strings.Fields(s), " ")
	}
	if s == "" {
		return
	}
	if t.breaks > 0 {
		t.endLine()
		t.b.WriteString(strings.Repeat("\n", t.breaks))
		t.line, t.breaks = t.b.Len(), 0
	}
	if t.space && t.b.Len() > t.line {
		t.b.WriteByte(' ')
	}
	t.runs = append(t.runs, textRun{at: t.b.Len(), node: n})
	t.b.WriteString(s)
	t.space = trail
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		t.line = t.b.Len() - len(s) + i + 1
	}
}

// endLine closes a line before its break: a line of two dashes is a signature's delimiter,
// "-- " in plain text, whose trailing space HTML loses.
func (t *htmlText) endLine() {
	if t.b.String()[t.line:] == "--" {
		t.b.WriteByte(' ')
	}
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

// walkDOM visits the tree under root in document order without recursion (a hostile mail may
// nest elements deeply): enter is called on the way in and says whether to go into the node's
// children, exit on the way out of each node entered.
func walkDOM(root *html.Node, enter func(*html.Node) bool, exit func(*html.Node)) {
	n := root
	for n != nil {
		if enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != nil {
			exit(n)
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}
