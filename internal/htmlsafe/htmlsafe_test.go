package htmlsafe

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizeRemovesActiveContent(t *testing.T) {
	p := New()
	tests := []struct {
		name, in string
		banned   []string
		kept     string
	}{
		{"script", `<p>hi</p><script>alert(1)</script>`, []string{"<script", "alert"}, "<p>hi</p>"},
		{"event handler", `<img src="https://x.test/a.png" onerror="alert(1)">`, []string{"onerror"}, `src="https://x.test/a.png"`},
		{"javascript link", `<a href="javascript:alert(1)">x</a>`, []string{"javascript:"}, "x"},
		{"iframe", `<iframe src="https://evil.test"></iframe>ok`, []string{"<iframe"}, "ok"},
		{"style", `<style>body{display:none}</style><b>ok</b>`, []string{"<style", "display"}, "<b>ok</b>"},
		{"form", `<form action="https://evil.test"><input name=p></form>`, []string{"<form", "<input"}, ""},
		{"link rel", `<a href="https://example.test/x">x</a>`, nil, `rel="nofollow noreferrer noopener"`},
		// Named elements would clobber the page's globals (window.x, document.x).
		{"id", `<p id="csrf">hi</p><div id="me"><b id="x">b</b></div>`, []string{"id="}, "<p>hi</p>"},
		{"named link", `<a name="currentScript" href="https://example.test/x">x</a>`, []string{"name="}, `href="https://example.test/x"`},
		{"named image", `<img name="getElementById" src="https://x.test/a.png">`, []string{"name="}, `src="https://x.test/a.png"`},
		{"image map", `<map name="m"><area href="https://x.test" shape="rect" coords="0,0,1,1"></map><img usemap="#m" src="https://x.test/a.png">`,
			[]string{"name=", "usemap", "<area", "<map"}, `<img src="https://x.test/a.png"`},
		{"style expression", `<p style="color:expression(alert(1));width:expression(alert(2))">e</p>`, []string{"expression", "style="}, "<p>e</p>"},
		{"style url", `<td style="background-image:url(https://t.test/x.gif);background:url(javascript:alert(1));color:red">c</td>`,
			[]string{"url(", "javascript", "background-image"}, `style="color: red"`},
		{"style hides nothing", `<p style="display:none;position:fixed;font-size:0">x</p>`, []string{"display", "position", "font-size"}, "<p>x</p>"},
		{"data html link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, []string{"data:"}, "x"},
		{"data svg image", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`, []string{"data:", "<img"}, ""},
		{"spaced javascript link", `<a href=" java script:alert(1)">x</a><a href="jav&#x09;ascript:alert(1)">y</a>`, []string{"script:"}, "x"},
		{"sender's fold marker with a value", `<p data-quoted="onload=alert(1)">x</p>`, []string{"data-quoted", "onload"}, "<p>x</p>"},
		{"alt cannot break out", `<img src="https://x.test/a.png" alt="&quot;><script>alert(1)</script>">`, []string{"<script"}, `alt="&#34;&gt;&lt;script&gt;`},
		{"formatting kept", `<h2 dir="rtl" lang="ar" title="t">x</h2><table><tr><td colspan="2">c</td></tr></table><ol><li>i</li></ol><blockquote>q</blockquote>`,
			nil, `<h2 dir="rtl" lang="ar" title="t">x</h2><table><tr><td colspan="2">c</td></tr></table><ol><li>i</li></ol><blockquote>q</blockquote>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Sanitize(tt.in)
			for _, b := range tt.banned {
				if strings.Contains(got, b) {
					t.Errorf("Sanitize(%q) = %q, still contains %q", tt.in, got, b)
				}
			}
			if !strings.Contains(got, tt.kept) {
				t.Errorf("Sanitize(%q) = %q, want it to keep %q", tt.in, got, tt.kept)
			}
		})
	}
}

// TestSanitizeKeepsContent: what mail is legitimately written with survives: text and shape of
// table layouts, alt text whatever its punctuation, tel: and mailto: links as clients write
// them, inline raster images, safe inline styles, and the parser's fold marker.
func TestSanitizeKeepsContent(t *testing.T) {
	p := New()
	tests := []struct{ name, in, want string }{
		{"centred table layout",
			`<center><table width="600" align="center" bgcolor="#ffffff" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#f4f4f4" align="center"><font face="Arial, sans-serif" color="#333333" size="2">Your order</font></td></tr></table></center>`,
			`<center><table width="600" align="center" bgcolor="#ffffff" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#f4f4f4" align="center"><font face="Arial, sans-serif" color="#333333" size="2">Your order</font></td></tr></table></center>`},
		{"layout blocks keep their text apart", `<header>Brand</header><main>Hello</main><address>Via Roma 1</address><footer>Unsubscribe</footer>`,
			`<header>Brand</header><main>Hello</main><address>Via Roma 1</address><footer>Unsubscribe</footer>`},
		{"alt text", `<img src="https://x.test/logo.png" alt="ACME: 50% off — today only? €9.99 & more!">`,
			`<img src="https://x.test/logo.png" alt="ACME: 50% off — today only? €9.99 &amp; more!">`},
		{"title text", `<abbr title="Value-added tax (22%)">VAT</abbr>`, `<abbr title="Value-added tax (22%)">VAT</abbr>`},
		{"tel link", `<a href="tel:+39 02 1234 5678">+39 02 1234 5678</a>`, `<a href="tel:+390212345678" rel="nofollow noreferrer">+39 02 1234 5678</a>`},
		{"mailto link", `<a href="mailto:support@shop.test?subject=Order 1234">write</a>`,
			`<a href="mailto:support@shop.test?subject=Order%201234" rel="nofollow noreferrer">write</a>`},
		{"inline png", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="chart">`, `<img src="data:image/png;base64,iVBORw0KGgo=" alt="chart">`},
		{"safe styles", `<p style="color:#c00;text-align:center;font-weight:bold">Sale</p>`, `<p style="color: #c00; text-align: center; font-weight: bold">Sale</p>`},
		{"fold marker", `<div data-quoted="">On Tue, Ana wrote:</div><span data-quoted>x</span>`, `<div data-quoted="">On Tue, Ana wrote:</div><span data-quoted="">x</span>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n= %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{`<p onclick="x()">a</p>`, `<a href="javascript:1">`, `<svg><script>1</script></svg>`, `<<script>script>`,
		`<a href="tel:+1 2 3">t</a>`, `<a href="mailto:a@b?subject=a b">m</a>`, `<p style="color:red;background:url(x)">s</p>`,
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="a&quot;b">`, `<div data-quoted>q</div>`, `<font color=red face=x>f</font>`} {
		f.Add(s)
	}
	p := New()
	f.Fuzz(func(t *testing.T, in string) {
		out := p.Sanitize(in)
		// What the browser will build from the output: no active element, no handler, no
		// script URL, no style that loads or computes.
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "frame", "object", "embed", "form", "input", "link", "meta", "base", "svg", "math":
				t.Fatalf("Sanitize(%q) = %q keeps <%s>", in, out, tok.Data)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "id", a.Key == "name", a.Key == "srcdoc", a.Key == "formaction":
					t.Fatalf("Sanitize(%q) = %q keeps %s=", in, out, a.Key)
				case (a.Key == "href" || a.Key == "src" || a.Key == "cite") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || (strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "data:image/") || strings.HasPrefix(v, "data:image/svg"))):
					t.Fatalf("Sanitize(%q) = %q keeps %s=%q", in, out, a.Key, a.Val)
				case a.Key == "style" && (strings.Contains(v, "expression") || strings.Contains(v, "url(") || strings.Contains(v, "\\")):
					t.Fatalf("Sanitize(%q) = %q keeps style=%q", in, out, a.Val)
				}
			}
		}
	})
}
