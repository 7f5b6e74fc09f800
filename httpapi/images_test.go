package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"sync"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/imageproxy"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestMessageImages: Show images fetches a message's http: images through the server, for an
// agent who sees the message, without their cookies or referrer; what is not an image, too
// large, or not in the message is refused, and other agents' messages do not exist.
func TestMessageImages(t *testing.T) {
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	var mu sync.Mutex
	var seen []http.Header
	images := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		switch r.URL.Path {
		case "/pixel.gif":
			w.Header().Set("Content-Type", "image/gif")
			w.Header().Set("Set-Cookie", "tracker=1")
			w.Write(gif)
		case "/page.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("<!doctype html><script>alert(document.cookie)</script>"))
		case "/huge.gif":
			w.Header().Set("Content-Type", "image/gif")
			w.Write(gif)
			w.Write(make([]byte, imageproxy.DefaultMaxBytes))
		default:
			http.NotFound(w, r)
		}
	}))
	defer images.Close()
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var shop switchboard.Inbox
		w.admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "api", "name": "Shop"}).want(http.StatusCreated).into(&shop)
		w.admin.do("PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", shop.ID), map[string]any{"agent_ids": []int64{w.ann.agent.ID}}).want(http.StatusOK)
		pixel, withQuery := images.URL+"/pixel.gif", images.URL+"/pixel.gif?c=7&u=ana"
		html := `<p>Your order</p><img src="` + pixel + `" alt="logo"><img src="` + strings.ReplaceAll(withQuery, "&", "&amp;") + `">` +
			`<img src="` + images.URL + `/page.png"><img src="` + images.URL + `/huge.gif"><img src="` + images.URL + `/gone.png">` +
			`<a href="` + images.URL + `/linked.gif">a link</a>`
		var rec struct{ Message switchboard.Message }
		w.admin.do("POST", fmt.Sprintf("/api/v1/inboxes/%d/messages", shop.ID), map[string]any{"from": "cust-1", "provider_id": "img-1",
			"text": "Your order", "html": html}).want(http.StatusCreated).into(&rec)
		path := func(src string) string {
			return fmt.Sprintf("/api/v1/messages/%d/images?url=%s", rec.Message.ID, neturl.QueryEscape(src))
		}

		for _, src := range []string{pixel, withQuery} {
			r := w.ann.do("GET", path(src), nil).want(http.StatusOK)
			h := r.header
			if string(r.body) != string(gif) || h.Get("Content-Type") != "image/gif" || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("Set-Cookie") != "" || !strings.HasPrefix(h.Get("Cache-Control"), "private") {
				t.Errorf("%s answered %q with %v", src, r.body, h)
			}
		}
		mu.Lock()
		for _, h := range seen {
			if h.Get("Cookie") != "" || h.Get("Referer") != "" || strings.Contains(h.Get("User-Agent"), "Go-http-client") {
				t.Errorf("the image's server learned %v", h)
			}
		}
		mu.Unlock()

		w.ann.do("GET", path(images.URL+"/page.png"), nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.ann.do("GET", path(images.URL+"/huge.gif"), nil).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
		w.ann.do("GET", path(images.URL+"/gone.png"), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		mu.Lock()
		fetched := len(seen)
		mu.Unlock()
		for _, src := range []string{images.URL + "/linked.gif", images.URL + "/other.gif", "http://169.254.169.254/latest/meta-data", ""} {
			if src == "" {
				w.ann.do("GET", fmt.Sprintf("/api/v1/messages/%d/images", rec.Message.ID), nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
				continue
			}
			w.ann.do("GET", path(src), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		}
		// Bob is no member of the shop's inbox: its message does not exist for him, nor any
		// other message for anyone.
		w.bob.do("GET", path(pixel), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.ann.do("GET", fmt.Sprintf("/api/v1/messages/%d/images?url=%s", w.supportMsg.ID, neturl.QueryEscape(pixel)), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.a.client().do("GET", path(pixel), nil).wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
		mu.Lock()
		if len(seen) != fetched {
			t.Errorf("%d fetches for addresses the message does not show, or for agents who may not see it", len(seen)-fetched)
		}
		mu.Unlock()
	})
}
