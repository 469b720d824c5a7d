package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A Mount of a call that builds a router around the handlers it is
// given places that router's routes under the prefix, each call's
// handlers at its own mount; a call that wraps the handler it is given
// routes it at the prefix behind the wrapper.
func TestMountedFactoryRoutesBelowPrefix(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"docs/docs.go": `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes(show, del http.HandlerFunc) chi.Router {
	r := chi.NewRouter()
	r.Get("/", list)
	r.Get("/{id}", show)
	r.Delete("/{id}", del)
	return r
}

func Guard(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(w, r) })
}

func list(w http.ResponseWriter, r *http.Request) {}
`,
		"api/files.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func files(show http.HandlerFunc) chi.Router {
	r := chi.NewRouter()
	r.Get("/{id}", show)
	return r
}
`,
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/docs"
	"example.com/m/routes"
)

func local(show http.HandlerFunc) chi.Router {
	r := chi.NewRouter()
	r.Get("/{id}", show)
	return r
}

func Routes() chi.Router {
	r := chi.NewRouter()
	r.Mount("/local", local(show))
	r.Mount("/local2", local(edit))
	r.Mount("/files", files(show))
	r.Mount("/docs", docs.Routes(show, del))
	r.Mount(routes.Prefix, docs.Routes(edit, del))
	r.Mount("/guard", docs.Guard(show))
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
func edit(w http.ResponseWriter, r *http.Request) {}
func del(w http.ResponseWriter, r *http.Request)  {}

type srv struct{}

func (s *srv) Mount(r chi.Router) {
	r.Mount("/srv", docs.Routes(s.show, s.del))
}

func (s *srv) show(w http.ResponseWriter, r *http.Request) {}
func (s *srv) del(w http.ResponseWriter, r *http.Request)  {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /local/{id} -> api.show @api/api.go:29",
		"GET /local2/{id} -> api.edit @api/api.go:30",
		"GET /files/{id} -> api.show @api/api.go:29",
		"GET /docs -> docs.list @docs/docs.go:21",
		"GET /docs/{id} -> api.show @api/api.go:29",
		"DELETE /docs/{id} -> api.del @api/api.go:31",
		"GET /api -> docs.list @docs/docs.go:21",
		"GET /api/{id} -> api.edit @api/api.go:30",
		"DELETE /api/{id} -> api.del @api/api.go:31",
		"/guard -> api.show @api/api.go:29 [docs.Guard(?)]",
		"GET /srv -> docs.list @docs/docs.go:21",
		"GET /srv/{id} -> api.srv.show @api/api.go:39",
		"DELETE /srv/{id} -> api.srv.del @api/api.go:40",
	}, handlers(prog))
}
