package golang

import (
	"fmt"
	"strings"
	"testing"
)

// benchSource is a chi service of about 5,000 lines: a router that
// registers every handler, and the handlers, each with a small body.
func benchSource(lines int) []byte {
	var routes, handlers strings.Builder
	n := lines / 13
	for i := range n {
		fmt.Fprintf(&routes, "\t\tr.With(authz.Require(\"document\", \"view\")).Get(\"/documents%d/{id}\", h.getDocument%d)\n", i, i)
		fmt.Fprintf(&handlers, `
func (h *Handler) getDocument%d(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	doc, err := h.store.Get(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	resp := documentResponse{ID: doc.ID, Title: doc.Title}
	json.NewEncoder(w).Encode(resp)
}
`, i)
	}
	return []byte(`package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/authz"
)

type Handler struct{ store Store }

type documentResponse struct{ ID, Title string }

func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	r.Route("/api/v1", func(r chi.Router) {
` + routes.String() + `	})
	return r
}
` + handlers.String())
}

func BenchmarkParseFile(b *testing.B) {
	src := benchSource(5000)
	f, err := ParseFile("api/routes.go", src)
	if err != nil || len(f.Errors) > 0 || len(f.Handlers) < 350 {
		b.Fatalf("bad benchmark source: %v, %d errors, %d handlers", err, len(f.Errors), len(f.Handlers))
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFile("api/routes.go", src); err != nil {
			b.Fatal(err)
		}
	}
}
