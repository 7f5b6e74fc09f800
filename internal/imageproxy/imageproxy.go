// Package imageproxy fetches the remote images a message's HTML shows, for the agent's browser:
// the server asks for them, so a sender's tracker learns the server's address, not the agent's,
// and hears no cookie, referrer or browser of theirs. What comes back is only passed on when it
// is a picture (by its bytes, not its label), small enough, and in time; and only addresses the
// message itself shows are fetched at all (Listed), so the proxy cannot be pointed elsewhere.
package imageproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Defaults for a Fetcher's limits.
const (
	DefaultMaxBytes = 5 << 20
	DefaultTimeout  = 15 * time.Second
	maxRedirects    = 5
	userAgent       = "Switchboard-ImageProxy/1"
)

// Errors a fetch ends with, besides the client's own.
var (
	ErrAddress  = errors.New("imageproxy: not an http or https address")
	ErrNotImage = errors.New("imageproxy: not an image")
	ErrTooLarge = errors.New("imageproxy: image too large")
	ErrNotFound = errors.New("imageproxy: no image at that address")
)

// Fetcher fetches images. The zero value is not usable: Client is required.
type Fetcher struct {
	// Client makes the requests: the server's client for outbound calls, which decides which
	// networks it may reach. Its cookie jar is never used.
	Client *http.Client
	// MaxBytes bounds an image; zero means DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds a fetch, redirects and body included; zero means DefaultTimeout.
	Timeout time.Duration
}

// Image is a fetched picture and its type, as its bytes say.
type Image struct {
	ContentType string
	Data        []byte
}

// Fetch gets the image at raw, an http: or https: address.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (*Image, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, ErrAddress
	}
	max := f.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	client := *f.Client
	client.Jar = nil // no cookie goes out or is kept
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("imageproxy: more than %d redirects", maxRedirects)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return ErrAddress
		}
		req.Header.Del("Referer") // net/http adds the address redirected from
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, ErrAddress
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("imageproxy: fetch: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, ErrNotFound
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("imageproxy: fetch: status %d", resp.StatusCode)
	case resp.ContentLength > max:
		return nil, ErrTooLarge
	}
	if declared, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); declared != "" &&
		!strings.HasPrefix(declared, "image/") && declared != "application/octet-stream" && declared != "binary/octet-stream" {
		return nil, ErrNotImage
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("imageproxy: read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	ct := Sniff(data)
	if ct == "" {
		return nil, ErrNotImage
	}
	return &Image{ContentType: ct, Data: data}, nil
}

// Sniff returns the type of a raster image a browser shows without running anything (PNG,
// JPEG, GIF, WebP, AVIF, BMP, icons) from its first bytes, or "" for anything else: SVG, which
// can hold script, and HTML above all.
func Sniff(data []byte) string {
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/x-icon":
		return ct
	}
	if len(data) >= 12 && bytes.Equal(data[4:8], []byte("ftyp")) && (string(data[8:12]) == "avif" || string(data[8:12]) == "avis") {
		return "image/avif"
	}
	return ""
}

// Listed reports whether a message's HTML shows an image at the address raw (the src of one of
// its <img> elements, as the browser reads it): the only addresses the proxy fetches for it.
func Listed(doc, raw string) bool {
	if raw == "" {
		return false
	}
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if atom.Lookup(name) != atom.Img {
				continue
			}
			for more {
				var key, val []byte
				key, val, more = z.TagAttr()
				if string(key) == "src" && strings.TrimSpace(string(val)) == raw {
					return true
				}
			}
		}
	}
}
