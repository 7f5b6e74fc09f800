//go:build ui

package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// newImageServer serves a 1×1 GIF at any path (over TLS when secure), as a sender's image or
// tracking pixel: it counts the requests for it and keeps their headers, to tell what the sender
// learns.
func newImageServer(t *testing.T, secure bool) (*httptest.Server, *atomic.Int64, func() []http.Header) {
	var hits atomic.Int64
	var mu sync.Mutex
	var asked []http.Header
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Header.Clone())
		mu.Unlock()
		hits.Add(1)
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	srv := httptest.NewUnstartedServer(h)
	if secure {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &hits, func() []http.Header {
		mu.Lock()
		defer mu.Unlock()
		return append([]http.Header(nil), asked...)
	}
}

// newTracker is an image server over TLS.
func newTracker(t *testing.T) (*httptest.Server, *atomic.Int64) {
	srv, hits, _ := newImageServer(t, true)
	return srv, hits
}

// TestBrowserMessageHTML: the HTML an API integration sends is shown like a mail's, under the
// one policy: in a frame, with no element named by id or name, and no remote image loaded until
// the agent asks for images (its alt text stands in for it); then through the server.
func TestBrowserMessageHTML(t *testing.T) {
	tracker, hits := newTracker(t)
	// The server fetches the images: its client trusts the tracker's certificate.
	a := startWith(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")},
		tracker.Client())
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop bot"}, 201, &inbox)
	html := `<p id="me">Hello from the shop</p>` +
		`<img id="csrf" name="getElementById" src="` + tracker.URL + `/pixel.gif" alt="pixel">` +
		`<a name="currentScript" href="https://shop.example/order">your order</a>`
	var rec struct{ Conversation obj }
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"]), obj{"from": "cust-1", "contact_name": "Elena", "provider_id": "h-1",
		"text": "Hello from the shop", "html": html}, 201, &rec)

	ada.open(fmt.Sprintf("/inbox/%v", rec.Conversation["id"]))
	frame := `document.querySelector('.bubble.in [data-testid="message-html"]')?.contentDocument`
	ada.wait("the message's frame", `!!`+frame+`?.body?.textContent.includes("Hello from the shop")`)
	if alt := eval[string](ada, frame+`.querySelector(".sb-alt")?.textContent ?? ""`); alt != "pixel" || eval[bool](ada, `!!`+frame+`.querySelector("img")`) {
		t.Errorf("the blocked image shows as %q, or is still there", alt)
	}
	if n := eval[int](ada, frame+`.querySelectorAll("[id], [name]").length`); n != 0 {
		t.Errorf("%d elements of the message are named", n)
	}
	if hits.Load() != 0 {
		t.Errorf("the message loaded %d remote images before they were allowed", hits.Load())
	}
	ada.shot("blocked")
	ada.click(".bubble.in .html-body button", "Show images")
	ada.wait("the image, once allowed, through the server", frame+`.querySelector('img[src^="/api/v1/messages/"]')?.naturalWidth > 0`)
	if hits.Load() == 0 {
		t.Error("Show images did not load the message's image")
	}
}
