// Package htmlsafe turns untrusted HTML (email bodies, an integration's messages, rich replies)
// into HTML that is safe to put in the agent's page: no scripts, event handlers, forms, frames,
// style sheets or javascript: links, no id or name attributes, and links that open in a new tab
// without leaking the inbox's address. It is the one policy for every message's HTML, whatever
// its channel.
package htmlsafe

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Quoted is the attribute that marks the quoted history of a mail (set by its parser): the
// policy keeps it, with no value, and the thread folds the elements that carry it.
const Quoted = "data-quoted"

// Policy sanitises message HTML. It is safe for concurrent use once built.
type Policy struct {
	p *bluemonday.Policy
}

var (
	// text is an attribute meant to be read (alt, title): any text of reasonable length. Its
	// value is escaped on output and never run.
	text = regexp.MustCompile(`^[^\x00-\x08\x0b\x0c\x0e-\x1f]{0,1000}$`)
	// color is a legacy colour attribute (bgcolor, color): a name or a hex value.
	color = regexp.MustCompile(`^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30})$`)
	// number is a pixel count or a percentage (width, border, cellpadding).
	number = regexp.MustCompile(`^[0-9]{1,5}%?$`)
	align  = regexp.MustCompile(`(?i)^(left|center|right|justify)$`)
)

// New builds the message policy: what bluemonday's user-generated-content policy keeps
// (formatting, lists, tables, links, images), less the attributes that name elements. A
// message's id="…" or name="…" would become a property of the page's window or document (DOM
// clobbering) and could stand in for what the page's own scripts look up, so neither is kept,
// and image maps, which need them, go too. Every link gets rel="nofollow noreferrer noopener"
// and target="_blank".
//
// What mail is laid out with is kept as long as it cannot act: the presentational elements and
// attributes of table layouts (center, font, align, bgcolor, cellpadding…), a few inline style
// properties whose values bluemonday checks one by one (colours, alignment, weight; never a
// url() or an expression), image alt and title text whatever its punctuation, tel: links, and
// images inlined as base64 PNG, JPEG, GIF or WebP (never SVG, which can hold script).
func New() *Policy {
	p := bluemonday.NewPolicy()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Matching(text).Globally()
	p.AllowAttrs(Quoted).Matching(regexp.MustCompile(`^$`)).Globally()
	p.AllowStandardURLs()
	p.AllowURLSchemes("tel")
	p.AllowURLSchemeWithCustomPolicy("data", rasterImage)

	p.AllowElements("article", "aside", "figure", "figcaption", "section", "summary", "hgroup",
		"h1", "h2", "h3", "h4", "h5", "h6", "br", "div", "hr", "p", "span", "wbr",
		"abbr", "acronym", "cite", "code", "dfn", "em", "mark", "s", "samp", "strong", "sub", "sup", "var",
		"b", "i", "pre", "small", "strike", "tt", "u", "rp", "rt", "ruby",
		"address", "center", "font", "footer", "header", "nav")
	p.AllowNoAttrs().OnElements("main", "big") // bluemonday drops these without attributes otherwise
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("cite").Matching(bluemonday.Paragraph).OnElements("del", "ins")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdi", "bdo")
	p.AllowLists()
	p.AllowTables()
	p.AllowImages()
	p.AllowAttrs("alt").Matching(text).OnElements("img")

	// Table layouts and the presentational HTML of mail.
	p.AllowAttrs("align").Matching(align).OnElements("table", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("bgcolor").Matching(color).OnElements("table", "tr", "td", "th", "tbody", "thead", "tfoot")
	p.AllowAttrs("border", "cellpadding", "cellspacing").Matching(number).OnElements("table")
	p.AllowAttrs("color").Matching(color).OnElements("font")
	p.AllowAttrs("size").Matching(regexp.MustCompile(`^[+-]?[1-7]$`)).OnElements("font")
	p.AllowAttrs("face").Matching(regexp.MustCompile(`^[\p{L}\p{N} ,'"-]{1,200}$`)).OnElements("font")
	p.AllowStyles("color", "background-color", "text-align", "font-weight", "font-style", "text-decoration", "vertical-align").Globally()

	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &Policy{p: p}
}

// rasterImage accepts a data: URL of a base64 PNG, JPEG, GIF or WebP image and nothing else:
// not SVG, not HTML.
func rasterImage(u *url.URL) bool {
	kind, data, ok := strings.Cut(u.Opaque, ";base64,")
	switch strings.ToLower(kind) {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
	default:
		return false
	}
	_, err := base64.StdEncoding.DecodeString(data)
	return ok && u.RawQuery == "" && u.Fragment == "" && err == nil
}

// Sanitize returns the safe form of html.
func (p *Policy) Sanitize(html string) string {
	return p.p.Sanitize(spacedLinks(html))
}

// spacedLinks encodes the spaces in tel: and mailto: links ("tel:+39 02 1234 5678", "mailto:
// a@b?subject=Your order"), as mail clients write them: bluemonday refuses a URL with a space,
// and the link would go. Everything else is copied as it came.
func spacedLinks(src string) string {
	low := strings.ToLower(src)
	if !strings.Contains(low, "tel:") && !strings.Contains(low, "mailto:") {
		return src
	}
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	b.Grow(len(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw()) // a copy: Token changes the tokenizer's buffer
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			v := strings.TrimSpace(a.Val)
			lv := strings.ToLower(v)
			if a.Key != "href" || !strings.ContainsAny(v, " \t\r\n") {
				continue
			}
			switch {
			case strings.HasPrefix(lv, "tel:"): // the spaces only group the digits
				tok.Attr[i].Val, changed = strings.Join(strings.Fields(v), ""), true
			case strings.HasPrefix(lv, "mailto:"):
				tok.Attr[i].Val, changed = strings.Join(strings.Fields(v), "%20"), true
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
}
