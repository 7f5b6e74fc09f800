// Package htmlsafe turns untrusted HTML (email bodies, rich replies) into HTML that is safe to put
// in the agent's page: no scripts, event handlers, forms, frames, styles or javascript: links, and
// links that open in a new tab without leaking the inbox's address.
package htmlsafe

import "github.com/microcosm-cc/bluemonday"

// Policy sanitises message HTML. It is safe for concurrent use once built.
type Policy struct {
	p *bluemonday.Policy
}

// New builds the message policy: bluemonday's user-generated-content policy (formatting, lists,
// tables, links, images), with every link forced to rel="nofollow noreferrer noopener" and
// target="_blank".
func New() *Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &Policy{p: p}
}

// Sanitize returns the safe form of html.
func (p *Policy) Sanitize(html string) string {
	return p.p.Sanitize(html)
}
