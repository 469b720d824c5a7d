package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// docsHandlers is a package whose handlers another package wraps.
const docsHandlers = `
package docs

import "net/http"

type H struct{}

func (h *H) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func Handler() *H { return &H{} }

func List(w http.ResponseWriter, r *http.Request) {}

type Guard struct{}

func (g *Guard) View(next http.Handler) http.Handler { return next }

type Store struct{}

func Serve(s *Store) *H { return &H{} }
`

func TestHandlerLocalsWrappingAnotherPackagesHandler(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"docs/docs.go": docsHandlers,
		"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/docs"
)

func requireDoc(next http.Handler) http.Handler { return next }

func logged(next http.Handler) http.Handler { return next }

func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	h := docs.Handler()
	h2 := requireDoc(h)
	mux.Handle("GET /a", h2)
	l := http.HandlerFunc(docs.List)
	l2 := requireDoc(l)
	mux.Handle("GET /b", l2)
	h = logged(h)
	h = requireDoc(h)
	mux.Handle("GET /c", h)
	guard := &docs.Guard{}
	var d http.Handler = docs.Handler()
	guarded := guard.View(d)
	mux.Handle("GET /d", guarded)
	store := &docs.Store{}
	e := docs.Serve(store)
	mux.Handle("GET /e", e)
	return mux
}
`,
	})
	assert.Equal(t, []string{
		"GET /a -> docs.H.ServeHTTP @docs/docs.go:7 [api.requireDoc(?)]",
		"GET /b -> docs.List @docs/docs.go:11 [api.requireDoc(?)]",
		"GET /c -> docs.H.ServeHTTP @docs/docs.go:7 [api.requireDoc(?) api.logged(?)]",
		"GET /d -> docs.H.ServeHTTP @docs/docs.go:7 [docs.Guard.View(?)]",
		"GET /e -> docs.H.ServeHTTP @docs/docs.go:7",
	}, handlers(prog))
}
