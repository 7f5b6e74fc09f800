package email

import (
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/switchboardhq/switchboard/internal/htmlsafe"
)

// QuotedAttr marks the elements of a mail's HTML that hold its quoted history or signature. The
// sanitiser keeps it (internal/htmlsafe) and the thread folds what carries it under a toggle, as
// it folds a plain mail's text after its quote head. A sender's own such attributes are removed
// first, so only the parser decides what folds.
const QuotedAttr = htmlsafe.Quoted

// quoteClasses and quoteIDs are how clients mark the history they quote (and their signatures)
// in HTML, ahead of any text: Gmail's gmail_quote (its attribution line inside), Apple Mail's and
// Thunderbird's <blockquote type="cite"> and cite prefix, Outlook on the web's reply block,
// Yahoo's and Proton's containers.
var (
	quoteClasses = []string{"gmail_quote", "gmail_quote_container", "gmail_signature", "gmail_signature_prefix", "moz-cite-prefix",
		"moz-forward-container", "moz-signature", "yahoo_quoted", "protonmail_quote"}
	quoteIDs = []string{"divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container"}
)

// foldHTML reads a mail's HTML and finds where its quoted history starts, by the markers above
// or by a quote head in its text (QuoteStart's, so plain and HTML mail fold alike: Outlook's
// From/Sent block in a bordered <div>, an "On … wrote:" line, a forward's separator, "-- ").
// It returns the HTML with everything from there on carrying QuotedAttr, the HTML's text (see
// TextOfHTML), and the byte offset in that text where the fold starts (len(text) when none).
func foldHTML(src string) (marked, text string, quoted int) {
	// The HTML parser drops a NUL; marked as the rest of the mail's unstorable characters are
	// (switchboard.StorableText), it shows where it was.
	src = strings.ReplaceAll(src, "\x00", "\uFFFD")
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		text = wordsOf(src)
		return src, text, len(text)
	}
	order := map[*html.Node]int{}
	var cites []*html.Node
	walkDOM(doc, func(n *html.Node) bool {
		order[n] = len(order)
		if n.Type == html.ElementNode {
			n.Attr = dropAttr(n.Attr, QuotedAttr)
			if quoteElement(n) {
				cites = append(cites, n)
			}
		}
		return true
	}, func(*html.Node) {})

	t := textOf(doc)
	text = t.String()
	offset := func(n *html.Node) int { // where n's text starts, or would
		i := sort.Search(len(t.runs), func(i int) bool { return order[t.runs[i].node] >= order[n] })
		if i == len(t.runs) {
			return len(text)
		}
		return t.runs[i].at
	}
	var start *html.Node
	spans := quoteSpans(text)
	if at := firstWritten(text, spans); at < len(text) {
		start = t.nodeAt(at)
	}
	for _, c := range cites {
		if start != nil && order[c] >= order[start] {
			break
		}
		if written(text, spans, offset(c)) {
			start = c
			break
		}
	}
	if start == nil {
		return render(doc, src), text, len(text)
	}
	quoted = offset(start)
	markFrom(widen(start))
	return render(doc, src), text, quoted
}

// quoteElement reports whether n is one of the markers of quoted history.
func quoteElement(n *html.Node) bool {
	if n.DataAtom == atom.Blockquote && strings.EqualFold(attr(n, "type"), "cite") {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		for _, q := range quoteClasses {
			if strings.EqualFold(c, q) {
				return true
			}
		}
	}
	id := attr(n, "id")
	for _, q := range quoteIDs {
		if strings.EqualFold(id, q) {
			return true
		}
	}
	return strings.HasPrefix(id, "yahoo_quoted")
}

// widen moves the start of the fold out to the largest element it begins (the bordered <div>
// around Outlook's From: line, the <div> of an "On … wrote:" line) and back over a rule just
// above it (Outlook's <hr>), so the fold takes the whole block rather than leave its frame.
func widen(n *html.Node) *html.Node {
	for {
		switch p := n.Parent; {
		case p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body && p.DataAtom != atom.Html && firstShown(p) == n:
			n = p
		case previousShown(n) != nil && previousShown(n).DataAtom == atom.Hr:
			n = previousShown(n)
		default:
			return n
		}
	}
}

// firstShown is p's first child that is not blank text or a comment.
func firstShown(p *html.Node) *html.Node {
	c := p.FirstChild
	for c != nil && blank(c) {
		c = c.NextSibling
	}
	return c
}

// previousShown is n's nearest earlier sibling that is not blank text or a comment.
func previousShown(n *html.Node) *html.Node {
	c := n.PrevSibling
	for c != nil && blank(c) {
		c = c.PrevSibling
	}
	return c
}

func blank(n *html.Node) bool {
	return n.Type == html.CommentNode || (n.Type == html.TextNode && strings.TrimSpace(n.Data) == "")
}

// markFrom marks n and everything after it in the document: its following siblings and those
// of each of its ancestors up to the body. Elements carry QuotedAttr; text standing among them
// is wrapped in a <span> that does.
func markFrom(n *html.Node) {
	for first := true; n != nil && n.Parent != nil && n.DataAtom != atom.Body && n.DataAtom != atom.Html; n, first = n.Parent, false {
		s := n.NextSibling
		if first {
			s = n
		}
		for s != nil {
			next := s.NextSibling
			switch {
			case s.Type == html.ElementNode:
				s.Attr = append(s.Attr, html.Attribute{Key: QuotedAttr})
			case s.Type == html.TextNode && strings.TrimSpace(s.Data) != "":
				span := &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span, Attr: []html.Attribute{{Key: QuotedAttr}}}
				s.Parent.InsertBefore(span, s)
				s.Parent.RemoveChild(s)
				span.AppendChild(s)
			}
			s = next
		}
	}
}

// render writes the document back as HTML, or returns src if it cannot.
func render(doc *html.Node, src string) string {
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		return src
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func dropAttr(attrs []html.Attribute, key string) []html.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		if !strings.EqualFold(a.Key, key) {
			out = append(out, a)
		}
	}
	return out
}
