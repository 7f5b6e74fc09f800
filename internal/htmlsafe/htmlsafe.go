// Package htmlsafe turns untrusted HTML (email bodies, an integration's messages, rich replies)
// into HTML that is safe to put in the agent's page: no scripts, event handlers, forms, frames,
// styles or javascript: links, no id or name attributes, and links that open in a new tab without
// leaking the inbox's address. It is the one policy for every message's HTML, whatever its
// channel.
package htmlsafe

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// Policy sanitises message HTML. It is safe for concurrent use once built.
type Policy struct {
	p *bluemonday.Policy
}

// New builds the message policy: what bluemonday's user-generated-content policy keeps
// (formatting, lists, tables, links, images), less the attributes that name elements. A
// message's id="…" or name="…" would become a property of the page's window or document (DOM
// clobbering) and could stand in for what the page's own scripts look up, so neither is kept,
// and image maps, which need them, go too. Every link gets rel="nofollow noreferrer noopener"
// and target="_blank".
func New() *Policy {
	p := bluemonday.NewPolicy()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).Globally()
	p.AllowStandardURLs()

	p.AllowElements("article", "aside", "figure", "figcaption", "section", "summary", "hgroup",
		"h1", "h2", "h3", "h4", "h5", "h6", "br", "div", "hr", "p", "span", "wbr",
		"abbr", "acronym", "cite", "code", "dfn", "em", "mark", "s", "samp", "strong", "sub", "sup", "var",
		"b", "i", "pre", "small", "strike", "tt", "u", "rp", "rt", "ruby")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("cite").Matching(bluemonday.Paragraph).OnElements("del", "ins")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdi", "bdo")
	p.AllowLists()
	p.AllowTables()
	p.AllowImages()

	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &Policy{p: p}
}

// Sanitize returns the safe form of html.
func (p *Policy) Sanitize(html string) string {
	return p.p.Sanitize(html)
}
