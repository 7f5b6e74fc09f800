package htmlsafe

import (
	"strings"
	"testing"
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

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{`<p onclick="x()">a</p>`, `<a href="javascript:1">`, `<svg><script>1</script></svg>`, `<<script>script>`} {
		f.Add(s)
	}
	p := New()
	f.Fuzz(func(t *testing.T, in string) {
		out := p.Sanitize(in)
		low := strings.ToLower(out)
		for _, b := range []string{"<script", "javascript:", " onerror=", " onclick=", " onload=", "<iframe"} {
			if strings.Contains(low, b) {
				t.Fatalf("Sanitize(%q) = %q contains %q", in, out, b)
			}
		}
	})
}
