package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

// TestHandler checks what the interface serves in this build: the app and its assets with
// -tags ui, the page that says how to build it without.
func TestHandler(t *testing.T) {
	h := Handler()
	if !Built {
		rec := get(t, h, "/inbox/42")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "npm run build") {
			t.Errorf("without the UI: %d %s", rec.Code, rec.Body.String())
		}
		return
	}
	for _, p := range []string{"/", "/inbox", "/inbox/42", "/settings/agents", "/index.html"} {
		rec := get(t, h, p)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `<div id="app">`) {
			t.Errorf("GET %s = %d, want the app's index", p, rec.Code)
		}
		if rec.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s headers %v", p, rec.Header())
		}
	}
	index := get(t, h, "/").Body.String()
	i := strings.Index(index, "/assets/")
	if i < 0 {
		t.Fatalf("the index names no assets: %s", index)
	}
	asset := index[i : i+strings.IndexAny(index[i:], `"'`)]
	rec := get(t, h, asset)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d %v", asset, rec.Code, rec.Header())
	}
	// The installable app's manifest with its type; the service worker never cached long.
	if rec := get(t, h, "/manifest.webmanifest"); rec.Code != 200 || rec.Header().Get("Content-Type") != "application/manifest+json" ||
		!strings.Contains(rec.Body.String(), `"start_url"`) {
		t.Errorf("GET /manifest.webmanifest = %d %v", rec.Code, rec.Header())
	}
	if rec := get(t, h, "/sw.js"); rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(rec.Body.String(), "push") {
		t.Errorf("GET /sw.js = %d %v", rec.Code, rec.Header())
	}
	if rec := get(t, h, "/assets/missing.js"); rec.Code != 404 {
		t.Errorf("a missing asset answered %d, want 404", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/inbox", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST answered %d", rec.Code)
	}
}
