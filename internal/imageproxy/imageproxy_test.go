package imageproxy

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// A 1×1 GIF, a PNG header, and what is not a picture.
var (
	gif  = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	svg  = []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)
	page = []byte(`<!doctype html><script>alert(1)</script>`)
)

func TestFetch(t *testing.T) {
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r)
		switch r.URL.Path {
		case "/pixel.gif":
			w.Header().Set("Content-Type", "image/gif")
			w.Write(gif)
		case "/unlabelled.png":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(png)
		case "/moved":
			http.SetCookie(w, &http.Cookie{Name: "track", Value: "1"})
			http.Redirect(w, r, "/pixel.gif", http.StatusFound)
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			w.Write(page)
		case "/lying.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(page)
		case "/drawing.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Write(svg)
		case "/huge.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(append(append([]byte{}, png...), make([]byte, 2000)...))
		case "/huge-chunked.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
			w.(http.Flusher).Flush() // no Content-Length: the limit holds while reading
			w.Write(make([]byte, 2000))
		case "/to-ftp":
			http.Redirect(w, r, "ftp://files.test/a.png", http.StatusFound)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "agent's"}})
	f := &Fetcher{Client: &http.Client{Jar: jar}, MaxBytes: 1000}

	for _, tc := range []struct {
		path, ct string
		err      error
	}{
		{"/pixel.gif", "image/gif", nil},
		{"/unlabelled.png", "image/png", nil},
		{"/moved", "image/gif", nil},
		{"/page", "", ErrNotImage},
		{"/lying.png", "", ErrNotImage},
		{"/drawing.svg", "", ErrNotImage},
		{"/huge.png", "", ErrTooLarge},
		{"/huge-chunked.png", "", ErrTooLarge},
		{"/nothing.png", "", ErrNotFound},
		{"/to-ftp", "", ErrAddress},
		{"/broken", "", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			img, err := f.Fetch(context.Background(), srv.URL+tc.path)
			switch {
			case tc.ct != "" && (err != nil || img.ContentType != tc.ct):
				t.Errorf("got %v, %v; want a %s", img, err, tc.ct)
			case tc.ct == "" && tc.err != nil && !errors.Is(err, tc.err):
				t.Errorf("got %v, %v; want %v", img, err, tc.err)
			case tc.ct == "" && err == nil:
				t.Errorf("got %v, want an error", img)
			}
		})
	}
	for _, r := range seen {
		if r.Header.Get("Cookie") != "" || r.Header.Get("Referer") != "" || r.Header.Get("User-Agent") != userAgent {
			t.Errorf("%s was sent cookie %q, referrer %q, user agent %q", r.URL, r.Header.Get("Cookie"), r.Header.Get("Referer"), r.Header.Get("User-Agent"))
		}
	}
	if len(jar.Cookies(u)) != 1 {
		t.Errorf("the client's jar was changed: %v", jar.Cookies(u))
	}

	for _, bad := range []string{"", "ftp://x.test/a.png", "javascript:alert(1)", "data:image/png;base64,AAAA", "/relative.png", "http://user:pass@x.test/a.png", "http:///a.png"} {
		if _, err := f.Fetch(context.Background(), bad); !errors.Is(err, ErrAddress) {
			t.Errorf("Fetch(%q) = %v, want ErrAddress", bad, err)
		}
	}
}

// TestFetchTimesOut: a server that never answers does not hold the fetch beyond its timeout.
func TestFetchTimesOut(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer srv.Close()
	defer close(stop)
	f := &Fetcher{Client: &http.Client{}, Timeout: 1} // a nanosecond: it cannot be met
	if _, err := f.Fetch(context.Background(), srv.URL+"/slow.png"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the deadline", err)
	}
}

func TestListed(t *testing.T) {
	doc := `<p>Hi</p><img src="http://t.test/a.png?x=1&amp;y=2" alt="a"><IMG SRC='https://t.test/b.gif'/>` +
		`<a href="http://t.test/c.png">c</a><p data-x="http://t.test/d.png">d</p>`
	for src, want := range map[string]bool{
		"http://t.test/a.png?x=1&y=2": true,
		"https://t.test/b.gif":        true,
		"http://t.test/c.png":         false, // a link, not an image
		"http://t.test/d.png":         false,
		"http://t.test/a.png":         false,
		"":                            false,
	} {
		if got := Listed(doc, src); got != want {
			t.Errorf("Listed(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	avif := []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00")
	for _, tc := range []struct {
		data []byte
		want string
	}{{gif, "image/gif"}, {png, "image/png"}, {avif, "image/avif"}, {svg, ""}, {page, ""}, {nil, ""}} {
		if got := Sniff(tc.data); got != tc.want {
			t.Errorf("Sniff(%q) = %q, want %q", tc.data, got, tc.want)
		}
	}
}

// FuzzListed: any document is read without failing, and an image written into it is found.
func FuzzListed(f *testing.F) {
	f.Add(`<img src="http://t.test/a.png">`, "http://t.test/a.png")
	f.Add(`<img src=x onerror=y><script>"<img src=z>"</script>`, "z")
	f.Add(`<<img src="a&amp;b">`, "a&b")
	f.Fuzz(func(t *testing.T, doc, src string) {
		Listed(doc, src)
		src = strings.TrimSpace(src)
		if src == "" || strings.ContainsAny(src, "\x00\r\n\t\f") {
			return
		}
		if !Listed(doc+`<p><img src="`+html.EscapeString(src)+`"></p>`, src) && !strings.Contains(doc, "<") {
			t.Fatalf("the image %q written after %q is not listed", src, doc)
		}
	})
}
