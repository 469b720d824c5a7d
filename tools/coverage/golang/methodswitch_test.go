package golang

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

func methodSwitchModule() map[string]string {
	files := authzFile(requireDecl)
	files["api/handlers.go"] = `package api

import (
	"net/http"

	"example.com/m/authz"
)

const patch = "PATCH"

// Documents checks for GET and HEAD, in a closure; for DELETE nothing;
// for any other method, in the default clause.
func Documents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	switch r.Method {
	case http.MethodGet, "HEAD":
		allowed := func() bool { return authz.Require(r.Context(), id) == nil }
		if !allowed() {
			return
		}
	case http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		if err := authz.Require(r.Context(), "x"); err != nil {
			return
		}
	}
	w.Write(nil)
}

// Archive serves POST alone.
func Archive(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := authz.Require(r.Context(), r.PathValue("id")); err != nil {
		return
	}
}

// Rename serves PUT and PATCH in one branch, and checks in neither; any
// other method, checked, after it.
func Rename(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut || r.Method == patch {
		w.Write(nil)
		return
	}
	if err := authz.Require(r.Context(), r.PathValue("id")); err != nil {
		return
	}
}

// Head answers HEAD early: no dispatch, one handler.
func Head(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		return
	}
	authz.Require(r.Context(), "x")
}

// Dynamic branches on methods it is given: not split.
func Dynamic(read string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case read:
			authz.Require(r.Context(), "x")
		}
	}
}
`
	files["api/routes.go"] = `package api

import "net/http"

func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/documents/{id}", Documents)
	mux.HandleFunc("/documents/{id}/archive", Archive)
	mux.HandleFunc("/documents/{id}/name", Rename)
	mux.HandleFunc("GET /v2/documents/{id}", Documents)
	mux.HandleFunc("/dynamic", Dynamic("GET"))
	mux.HandleFunc("/head", Head)
	return mux
}
`
	return files
}

// A handler that branches on the request's method is a handler per
// method, each running the variant of its function that leaves out the
// other methods' branches, and one for any other method, when that does
// anything. A lone branch for one method is left in the handler.
func TestMethodSwitchSplitsHandlers(t *testing.T) {
	prog := parseModule(t, methodSwitchModule())
	got := map[string]string{}
	for _, h := range prog.Handlers {
		got[strings.TrimSpace(h.Method+" "+h.Route)] = short(h.Func)
	}
	assert.Equal(t, map[string]string{
		"/documents/{id}":              "api.Documents@*",
		"/documents/{id}/name":         "api.Rename@*",
		"GET /documents/{id}":          "api.Documents@GET",
		"HEAD /documents/{id}":         "api.Documents@HEAD",
		"DELETE /documents/{id}":       "api.Documents@DELETE",
		"POST /documents/{id}/archive": "api.Archive@POST",
		"PUT /documents/{id}/name":     "api.Rename@PUT",
		"PATCH /documents/{id}/name":   "api.Rename@PATCH",
		"GET /v2/documents/{id}":       "api.Documents@GET",
		"/dynamic":                     "api.Dynamic",
		"/head":                        "api.Head",
	}, got)
	for _, h := range prog.Handlers {
		if h.Route == "/documents/{id}" && h.Method == "DELETE" {
			assert.Equal(t, coverage.OpDelete, h.Operation)
		}
	}
	callees := func(id string) []string {
		fn := prog.Funcs[testModule+"/"+id]
		require.NotNil(t, fn, id)
		var out []string
		for _, c := range fn.Calls {
			out = append(out, short(c.Callee))
		}
		return out
	}
	assert.Equal(t, []string{"api.Documents$1", "api.Documents$1"}, callees("api.Documents@GET"), "the closure, defined and called in the GET branch")
	assert.Empty(t, callees("api.Documents@DELETE"))
	assert.Equal(t, []string{"authz.Require"}, callees("api.Archive@POST"))
	assert.Empty(t, callees("api.Rename@PUT"))
	assert.Contains(t, callees("api.Documents"), "authz.Require", "the function itself keeps every branch")
	// The closure binds the parameter of the function it is defined in,
	// as it does in the function itself.
	closureArgs := func(id string) []string {
		for _, c := range prog.Funcs[testModule+"/"+id].Calls {
			if strings.HasSuffix(c.Callee, "$1") {
				var out []string
				for _, a := range c.Args {
					out = append(out, fmtValue(a))
				}
				return out
			}
		}
		return nil
	}
	assert.Equal(t, closureArgs("api.Documents"), closureArgs("api.Documents@GET"))
}

// A rescan after an edit that changes the methods a function branches
// on, on the same lines, links the file that registers it again.
func TestMethodSwitchRescan(t *testing.T) {
	root, gofiles := writeModule(t, methodSwitchModule())
	cache := NewCache()
	ctx := context.Background()
	_, err := ParseProgram(ctx, root, gofiles, cache)
	require.NoError(t, err)
	path := filepath.Join(root, "api/handlers.go")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), "case http.MethodDelete:", "case http.MethodPost:", 1)), 0o644))
	prog, err := ParseProgram(ctx, root, gofiles, cache)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(prog.Handlers, func(h coverage.ProgramHandler) bool {
		return h.Method == "POST" && h.Route == "/documents/{id}"
	}))
	cold, err := ParseProgram(ctx, root, gofiles, nil)
	require.NoError(t, err)
	assert.Equal(t, programJSON(t, cold), programJSON(t, prog))
}
