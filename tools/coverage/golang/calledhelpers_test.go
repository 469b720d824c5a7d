package golang

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A function with a handler's signature that nothing routes is listed,
// so a handler written but not yet routed is flagged; one that a
// function of the module calls (miniflux's response.HTMLForbidden(w, r))
// is a helper, and is not. A rescan that adds or removes the call lists
// it as a cold scan does.
func TestCalledHelpersAreNoHandlers(t *testing.T) {
	files := map[string]string{
		"response/response.go": `
package response

import "net/http"

func Forbidden(w http.ResponseWriter, r *http.Request) { http.Error(w, "forbidden", 403) }

func Unrouted(w http.ResponseWriter, r *http.Request) {}
`,
		"api/api.go": `
package api

import (
	"net/http"

	"example.com/m/response"
)

func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /docs", list)
	return mux
}

func list(w http.ResponseWriter, r *http.Request) {
	response.Forbidden(w, r)
}
`,
	}
	root, gofiles := writeModule(t, files)
	cache := NewCache()
	ctx := context.Background()
	prog, err := ParseProgram(ctx, root, gofiles, cache)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"GET /docs -> api.list @api/api.go:15",
		" -> response.Unrouted @response/response.go:7",
	}, handlers(prog))

	path := filepath.Join(root, "api/api.go")
	warm := prog
	for _, edit := range []struct{ from, to string }{
		{"response.Forbidden(w, r)", "_ = r"},
		{"_ = r", "response.Unrouted(w, r)"},
	} {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), edit.from, edit.to, 1)), 0o644))
		warm, err = ParseProgram(ctx, root, gofiles, cache)
		require.NoError(t, err)
		cold, err := ParseProgram(ctx, root, gofiles, nil)
		require.NoError(t, err)
		assert.Equal(t, programJSON(t, cold), programJSON(t, warm), edit.to)
	}
	assert.Equal(t, []string{
		"GET /docs -> api.list @api/api.go:15",
		" -> response.Forbidden @response/response.go:5",
	}, handlers(warm), "Forbidden is called no more; Unrouted is")
}
