package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A registration helper with a path of its own, whose handler only each
// call names, registers that call's handler there: walked for each call
// of its file, expanded at the link for each call of another file.
func TestHelperOwnPathRoutesEachCallsHandler(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"api/register.go": `
package api

import (
	"net/http"

	"example.com/m/routes"
)

func rawOf(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc(routes.DocPath+"/raw-of", h)
}

func fixedOf(mux *http.ServeMux, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle("PUT /fixed-of", mw(h))
}
`,
		"api/api.go": `
package api

import (
	"net/http"

	"example.com/m/routes"
)

func raw(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc(routes.DocPath+"/raw", h)
}

func fixed(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc("GET /fixed", h)
}

func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	raw(mux, rawDoc)
	fixed(mux, rawDoc)
	mux.HandleFunc(routes.DocPath, rawDoc)
	rawOf(mux, rawDoc)
	fixedOf(mux, guard, rawDoc)
	return mux
}

func rawDoc(w http.ResponseWriter, r *http.Request) {}

func guard(next http.Handler) http.Handler { return next }
`,
	})
	assert.ElementsMatch(t, []string{
		"/docs/{id}/raw -> api.rawDoc @api/api.go:27",
		"GET /fixed -> api.rawDoc @api/api.go:27",
		"/docs/{id} -> api.rawDoc @api/api.go:27",
		"/docs/{id}/raw-of -> api.rawDoc @api/api.go:27",
		"PUT /fixed-of -> api.rawDoc @api/api.go:27 [api.guard]",
	}, handlers(prog))
}

// A route a helper of the file makes without its call's arguments is one
// registration, however often the helper is called; a call on another
// router makes it there too.
func TestHelperOwnRoutesListedOnce(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func register(r chi.Router, path string, h http.HandlerFunc) {
	r.Get(path, h)
	r.Get("/healthz", health)
	r.Group(func(r chi.Router) {
		r.Get("/grouped", health)
	})
}

func Routes() http.Handler {
	r := chi.NewRouter()
	register(r, "/a", show)
	register(r, "/b", show)
	r.Route("/v2", func(r chi.Router) {
		register(r, "/c", show)
	})
	r.Get("/twice", show)
	r.Get("/twice", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
func health(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /a -> api.show @api/api.go:29",
		"GET /b -> api.show @api/api.go:29",
		"GET /v2/c -> api.show @api/api.go:29",
		"GET /twice -> api.show @api/api.go:29",
		"GET /twice -> api.show @api/api.go:29",
		"GET /healthz -> api.health @api/api.go:30",
		"GET /grouped -> api.health @api/api.go:30",
		"GET /v2/healthz -> api.health @api/api.go:30",
		"GET /v2/grouped -> api.health @api/api.go:30",
	}, handlers(prog))
}

// Prefixes that are constants of another package are settled for routers
// mounted there, gorilla sub-routers and groups handed to functions of
// other files; one that is no constant stays a placeholder.
func TestLinkedPrefixesOfMountedRouters(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"docs/docs.go": `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/list", list)
	return r
}

func Register(r chi.Router) {
	r.Get("/reg", list)
}

func list(w http.ResponseWriter, r *http.Request) {}
`,
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"

	"example.com/m/docs"
	"example.com/m/routes"
)

func Chi(dynamic string) http.Handler {
	r := chi.NewRouter()
	r.Mount(routes.Prefix, docs.Routes())
	sub := chi.NewRouter()
	sub.Get("/local", show)
	r.Mount(routes.Prefix+"/v2", sub)
	r.Route(routes.Prefix+"/r", docs.Register)
	r.Route(routes.Prefix+"/g", func(r chi.Router) {
		docs.Register(r)
	})
	r.Mount(dynamic, docs.Routes())
	return r
}

func Gorilla() http.Handler {
	r := mux.NewRouter()
	api := r.PathPrefix(routes.Prefix).Subrouter()
	api.HandleFunc("/g", show)
	docs.Register(api)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /api/v2/local -> api.show @api/api.go:35",
		"/api/g -> api.show @api/api.go:35",
		"GET /api/list -> docs.list @docs/docs.go:19",
		"GET {dynamic}/list -> docs.list @docs/docs.go:19",
		"GET /api/r/reg -> docs.list @docs/docs.go:19",
		"GET /api/g/reg -> docs.list @docs/docs.go:19",
		"GET /api/reg -> docs.list @docs/docs.go:19",
	}, handlers(prog))
}

// A router kept in a field, at a prefix that is a constant of another
// package, puts the routes other files add to it below the prefix; a
// variable's prefix stays a placeholder.
func TestLinkedPrefixOfFieldRouter(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"api/router.go": `
package api

import (
	"net/http"

	"github.com/gorilla/mux"

	"example.com/m/routes"
)

type Server struct {
	router, api, odd *mux.Router
}

func New() *Server {
	s := &Server{router: mux.NewRouter()}
	s.api = s.router.PathPrefix(routes.Prefix).Subrouter()
	s.odd = s.router.PathPrefix(routes.Dynamic).Subrouter()
	s.api.HandleFunc("/here", show)
	s.cards()
	return s
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
		"api/cards.go": `
package api

import "net/http"

func (s *Server) cards() {
	s.api.HandleFunc("/cards", card).Methods(http.MethodGet)
	s.odd.HandleFunc("/odd", card).Methods(http.MethodGet)
}

func card(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"/api/here -> api.show @api/router.go:24",
		"GET /api/cards -> api.card @api/cards.go:10",
		"GET {routes.Dynamic}/odd -> api.card @api/cards.go:10",
	}, handlers(prog))
}

// A helper of another file that registers in its own group at a prefix
// that is a constant of another package puts each call's route below it.
func TestHelperTemplateBelowLinkedGroup(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"api/register.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/routes"
)

func below(r chi.Router, path string, h http.HandlerFunc) {
	r.Route(routes.Prefix, func(r chi.Router) {
		r.Get(path, h)
	})
}
`,
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	below(r, "/x", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{"GET /api/x -> api.show @api/routes.go:15"}, handlers(prog))
}

// A comment `// authz:public` above a call of a helper exempts the routes
// the call passes, not the helper's own.
func TestHelperOwnRouteNotExemptByCall(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func register(r chi.Router, path string, h http.HandlerFunc) {
	r.Get(path, h)
	r.Get("/own", show)
}

func Routes() http.Handler {
	r := chi.NewRouter()
	// authz:public the landing page
	register(r, "/landing", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /landing -> api.show @api/api.go:21 public: the landing page",
		"GET /own -> api.show @api/api.go:21",
	}, handlers(prog))
}

// A func literal on a route that names no path (gorilla's MatcherFunc,
// oauth2-proxy) is named after its line, not after the empty route.
func TestLiteralOnARouteWithoutPath(t *testing.T) {
	prog := parseModule(t, map[string]string{"main.go": `
package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func register(r *mux.Router) {
	r.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool { return true }).Handler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {}))
}
`})
	require.Len(t, prog.Handlers, 1)
	assert.Equal(t, "func literal at line 10", prog.Handlers[0].Function)
}

// A path a branch may set (a default when an environment variable is
// empty) is one of two: never guessed, it is kept in braces. A path set
// again unconditionally, or to the same string, is known.
func TestPathSetInABranch(t *testing.T) {
	prog := parseModule(t, map[string]string{"main.go": `
package main

import (
	"net/http"
	"os"
)

func h(w http.ResponseWriter, r *http.Request) {}

func main() {
	mux := http.NewServeMux()
	prefix := os.Getenv("P")
	if prefix == "" {
		prefix = "/default"
	}
	mux.HandleFunc(prefix+"/x", h)
	either := "/a"
	for _, arg := range os.Args {
		if arg == "b" {
			either = "/b"
		}
	}
	mux.HandleFunc(either, h)
	same := "/c"
	if len(os.Args) > 2 {
		same = "/c"
	}
	mux.HandleFunc(same, h)
	again := "/d"
	again = "/e"
	mux.HandleFunc(again, h)
}
`})
	assert.ElementsMatch(t, []string{
		"{prefix}/x -> h @main.go:8",
		"{either} -> h @main.go:8",
		"/c -> h @main.go:8",
		"/e -> h @main.go:8",
	}, handlers(prog))
}

// Routers collected in a slice (a literal, or appended to) and ranged
// over register the loop body's routes on each (seaweedfs's S3 API).
func TestRoutersRangedOver(t *testing.T) {
	prog := parseModule(t, map[string]string{"main.go": `
package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func put(w http.ResponseWriter, r *http.Request) {}
func get(w http.ResponseWriter, r *http.Request) {}

func main() {
	router := mux.NewRouter()
	api := router.PathPrefix("/api").Subrouter()
	var routers []*mux.Router
	for _, host := range []string{"a.example.com"} {
		routers = append(routers, api.Host(host).PathPrefix("/{bucket}").Subrouter())
	}
	routers = append(routers, api.PathPrefix("/v2/{bucket}").Subrouter())
	for _, bucket := range routers {
		bucket.Methods(http.MethodPut).Path("/{object}").HandlerFunc(put)
	}
	for _, r := range []*mux.Router{router, api} {
		r.Methods(http.MethodGet).Path("/ping").HandlerFunc(get)
	}
}
`})
	assert.ElementsMatch(t, []string{
		"PUT /api/{bucket}/{object} -> put @main.go:9",
		"PUT /api/v2/{bucket}/{object} -> put @main.go:9",
		"GET /ping -> get @main.go:10",
		"GET /api/ping -> get @main.go:10",
	}, handlers(prog))
}
