//go:build !ui

package web

import "io/fs"

// build reports that this binary was built without the interface.
func build() (fs.FS, bool) { return nil, false }

// Built reports whether this binary carries the interface.
const Built = false
