package switchboard_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/switchboardhq/switchboard"

// TestImportDirections keeps the package layout honest: the domain depends on nothing, helpers
// in internal/ never reach back into the app, and only cmd wires concrete packages together.
func TestImportDirections(t *testing.T) {
	rules := []struct {
		dir     string // package directory, relative to the module root
		allowed func(imp string) bool
		why     string
	}{
		{".", isStdlib, "the domain imports only the standard library"},
		{"internal/", func(imp string) bool {
			return !strings.HasPrefix(imp, module) || strings.HasPrefix(imp, module+"/internal/")
		},
			"internal helpers never import the application"},
		{"httpapi", func(imp string) bool {
			return isStdlib(imp) || imp == module || strings.HasPrefix(imp, module+"/internal/")
		}, "the HTTP layer talks to services through the domain's interfaces, never to the store"},
		{"sqlstore", func(imp string) bool {
			return !strings.HasPrefix(imp, module+"/") || strings.HasPrefix(imp, module+"/internal/") || strings.HasPrefix(imp, module+"/sqlstore")
		}, "the store knows the domain and internal helpers, not the transports"},
	}
	// The workers and the realtime hub reach the store only through the domain's interfaces, so
	// either engine (or a test double) serves them.
	for _, dir := range []string{"jobs", "delivery", "webhooks", "realtime", "channel", "reports", "notify"} {
		rules = append(rules, struct {
			dir     string
			allowed func(imp string) bool
			why     string
		}{dir, func(imp string) bool {
			return !strings.HasPrefix(imp, module+"/sqlstore") && !strings.HasPrefix(imp, module+"/httpapi") && !strings.HasPrefix(imp, module+"/cmd")
		}, "workers use the store through the domain's interfaces"})
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && path != ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, r := range rules {
			match := dir == r.dir || (strings.HasSuffix(r.dir, "/") && strings.HasPrefix(dir+"/", r.dir)) ||
				(r.dir != "." && !strings.HasSuffix(r.dir, "/") && (dir == r.dir || strings.HasPrefix(dir, r.dir+"/")))
			if !match {
				continue
			}
			for _, spec := range f.Imports {
				imp, _ := strconv.Unquote(spec.Path.Value)
				if !r.allowed(imp) {
					t.Errorf("%s imports %s: %s", path, imp, r.why)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// isStdlib reports whether an import path belongs to the standard library (no dot in its first
// element).
func isStdlib(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}
