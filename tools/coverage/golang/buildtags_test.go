package golang

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

func TestNeverBuilt(t *testing.T) {
	for src, want := range map[string]bool{
		"//go:build ignore\n\npackage main\n":                                      true,
		"// Command gen writes the tables.\n\n//go:build ignore\n\npackage main\n": true,
		"//go:build ignore && linux\n\npackage main\n":                             true,
		"//go:build ignore || linux\n\npackage main\n":                             false,
		"//go:build !ignore\n\npackage main\n":                                     false,
		"//go:build linux\n\npackage main\n":                                       false,
		"//go:build !linux\n\npackage main\n":                                      false,
		"//go:build integration\n\npackage api\n":                                  false,
		"package main\n\n//go:build ignore\n":                                      false,
		"/* a block */\n//go:build ignore\n\npackage main\n":                       false,
		"//go:build ignore &&\n\npackage main\n":                                   false,
		"":                                                                         false,
	} {
		assert.Equal(t, want, neverBuilt([]byte(src)), "%q", src)
	}
}

// A file no build includes (a generator run with `go run`) is skipped,
// with the reason, and its handlers are no program's.
func TestNeverBuiltFileIsSkipped(t *testing.T) {
	root, files := writeModule(t, map[string]string{
		"tools/gen.go": `//go:build ignore

package main

import "net/http"

func dump(w http.ResponseWriter, r *http.Request) {}

func main() { http.HandleFunc("/dump", dump) }
`,
		"main.go": `
package main

import "net/http"

func show(w http.ResponseWriter, r *http.Request) {}

func main() { http.HandleFunc("/show", show) }
`,
	})
	prog, err := ParseProgram(context.Background(), root, files, nil)
	require.NoError(t, err)
	assert.Equal(t, []coverage.SkippedFile{{File: "tools/gen.go", Reason: "//go:build ignore: no build includes it", Unbuilt: true}}, prog.Skipped)
	assert.Equal(t, []string{"/show -> show @main.go:5"}, handlers(prog))
	// Leaving it out loses nothing: no note says files are missing.
	report, err := coverage.Analyze(context.Background(), prog, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, prog.Skipped, report.Summary.Skipped)
	for _, n := range report.Summary.Notes {
		assert.NotContains(t, n, "could not be analyzed")
	}
}
