//go:build ui

package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// build returns the built interface embedded in the binary.
func build() (fs.FS, bool) {
	sub, err := fs.Sub(dist, "dist")
	return sub, err == nil
}

// Built reports whether this binary carries the interface.
const Built = true
