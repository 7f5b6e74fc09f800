// Package web serves the agent interface: the built single-page app when the binary is built
// with -tags ui (after `npm ci && npm run build` in this folder), or a page that says how to build
// it. Plain `go build` and `go test ./...` never need Node.
package web

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Handler serves the interface at every path the API does not own: files of the build as they
// are (content-hashed assets cached for a year), and index.html for the app's own routes
// (/inbox/42, /settings/agents), which the browser then renders.
func Handler() http.Handler {
	files, ok := build()
	if !ok {
		return http.HandlerFunc(notBuilt)
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return http.HandlerFunc(notBuilt)
	}
	static := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		secure(w.Header())
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "widget.js" || strings.HasPrefix(name, "widget/") {
			// The web chat's loader (the snippet's stable URL) and the widget it loads: not
			// content-hashed, so cached briefly.
			if name == "widget.js" {
				name = "widget/loader.js"
			}
			data, err := fs.ReadFile(files, name)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Cache-Control", "public, max-age=300")
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
			return
		}
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(files, name); err == nil && !st.IsDir() {
				switch {
				case strings.HasPrefix(name, "assets/"):
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				case name == "sw.js":
					// The service worker: a new build's must reach browsers at their next visit.
					w.Header().Set("Cache-Control", "no-cache")
				case path.Ext(name) == ".webmanifest":
					// The web app manifest's type, which Go's table of types does not know.
					w.Header().Set("Content-Type", "application/manifest+json")
				}
				static.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" {
				http.NotFound(w, r) // a missing file, not an app route
				return
			}
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	})
}

// secure sets the headers that keep the interface from being framed or fed foreign scripts.
// Images may come from https: (avatars); scripts, styles and connections only from here.
func secure(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; "+
		"style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

const notBuiltPage = `<!doctype html><meta charset="utf-8"><title>Switchboard</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}code{background:#eee;padding:0 .3em}</style>
<h1>Switchboard</h1>
<p>The server is running, but this binary was built without the web interface.</p>
<p>Build it with <code>make run</code>, or by hand: <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then
<code>go build -tags ui ./cmd/switchboard</code>.</p>
<p>The API lives under <a href="/api/v1/setup">/api/v1</a> and is described by <a href="/api/openapi.json">/api/openapi.json</a>.</p>`

func notBuilt(w http.ResponseWriter, r *http.Request) {
	secure(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(notBuiltPage))
}
