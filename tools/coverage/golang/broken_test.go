package golang

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSyntaxErrorMidEdit: a function left open in the middle of an edit
// must not hide the routes registered before it nor the handlers after
// it.
func TestSyntaxErrorMidEdit(t *testing.T) {
	f := parse(t, `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes(h *Handler) chi.Router {
	r := chi.NewRouter()
	r.Get("/docs/{id}", h.getDoc)
	r.Put("/docs/{id}", h.updateDoc)
	r.Delete("/docs/{id}", h.deleteDoc)
	return r
}

func (h *Handler) getDoc(w http.ResponseWriter, r *http.Request) {}

func (h *Handler) updateDoc(w http.ResponseWriter, r *http.Request) {
	ok, err := h.checker.Check(r.Context(), "document",
	if !ok {

func (h *Handler) deleteDoc(w http.ResponseWriter, r *http.Request) {}

func (h *Handler) listDocs(w http.ResponseWriter, r *http.Request) {}
`)
	require.NotEmpty(t, f.Errors)
	assert.Equal(t, 21, f.Errors[0].Line)
	var handlers []string
	for _, h := range f.Handlers {
		handlers = append(handlers, summary(h))
	}
	assert.Equal(t, []string{
		"chi GET /docs/{id} -> Handler.getDoc @17 read",
		"chi PUT /docs/{id} -> Handler.updateDoc @19 update",
		"chi DELETE /docs/{id} -> Handler.deleteDoc @23 delete",
		"chi -> Handler.listDocs @25 list",
	}, handlers)
	var functions []string
	for _, fn := range f.Functions {
		functions = append(functions, fn.Name)
	}
	assert.Equal(t, []string{"Routes", "Handler.getDoc", "Handler.updateDoc", "Handler.deleteDoc", "Handler.listDocs"}, functions)
	assert.Equal(t, 21, f.Functions[2].EndLine, "the open function ends where the next one starts")
}

// TestSyntaxErrorInRouterSetup: the registrations before the point of
// the edit still count.
func TestSyntaxErrorInRouterSetup(t *testing.T) {
	f := parse(t, `
package api

import "net/http"

func routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /docs", listDocs)
	mux.HandleFunc("POST /docs", 
}

func listDocs(w http.ResponseWriter, r *http.Request) {}
`)
	require.NotEmpty(t, f.Errors)
	require.Len(t, f.Handlers, 1)
	assert.Equal(t, "net/http GET /docs -> listDocs @10 list", summary(f.Handlers[0]))
}

// TestTruncatedAndCorruptedSources cuts and damages the samples at many
// places: whatever the damage, ParseFile returns a file, never an error
// or a panic, and its positions stay sane.
func TestTruncatedAndCorruptedSources(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join(samplesDir, "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, samples)
	for _, sample := range samples {
		src, err := os.ReadFile(sample)
		require.NoError(t, err)
		t.Run(filepath.Base(sample), func(t *testing.T) {
			for cut := 0; cut < len(src); cut += 23 {
				checkSane(t, src[:cut])
				damaged := append([]byte(nil), src...)
				damaged[cut] = "{}()\"`\x00"[cut%7]
				checkSane(t, damaged)
			}
		})
	}
}

func checkSane(t *testing.T, src []byte) {
	t.Helper()
	f, err := ParseFile("x.go", src)
	require.NoError(t, err)
	for _, fn := range f.Functions {
		require.True(t, 1 <= fn.Line && fn.Line <= fn.EndLine, "%s: %d-%d", fn.Name, fn.Line, fn.EndLine)
	}
	for _, h := range f.Handlers {
		require.Positive(t, h.Line, "%+v", h)
		require.NotEmpty(t, h.Function, "%+v", h)
	}
	for _, e := range f.Errors {
		require.Positive(t, e.Line)
	}
}

// TestProgramOnDamagedSources runs the program view over the damaged
// samples: a file is summarized and linked whatever the damage, without
// an internal error.
func TestProgramOnDamagedSources(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join(samplesDir, "*.go"))
	require.NoError(t, err)
	for _, sample := range samples {
		src, err := os.ReadFile(sample)
		require.NoError(t, err)
		t.Run(filepath.Base(sample), func(t *testing.T) {
			for cut := 0; cut < len(src); cut += 23 {
				damaged := append([]byte(nil), src...)
				damaged[cut] = "{}()\"`\x00"[cut%7]
				for _, s := range [][]byte{src[:cut], damaged} {
					sum, err := summarize("x.go", s)
					require.NoError(t, err)
					files := []linkFile{{path: "x.go", pkg: "example.com/x", sum: sum}}
					_, _, err = newLinker(files, []string{"example.com/x"}).program(context.Background(), "example.com/x", files)
					require.NoError(t, err)
				}
			}
		})
	}
}
