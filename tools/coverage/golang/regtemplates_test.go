package golang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// helperServer declares registration helpers that another file calls.
const helperServer = `
package api

import "net/http"

type Server struct{ mux *http.ServeMux }

func requireDoc(next http.Handler) http.Handler { return next }

func logged(next http.Handler) http.Handler { return next }

func (s *Server) guarded(pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	s.mux.Handle(pattern, logged(mw(h)))
}

func (s *Server) get(path string, h http.HandlerFunc) {
	s.mux.Handle("GET "+path, requireDoc(h))
}
`

const helperRoutes = `
package api

import "net/http"

const docPath = "/docs/{id}"

func (s *Server) Routes() {
	s.guarded("DELETE /docs/{id}", requireDoc, s.deleteDoc)
	s.get(docPath, s.getDoc)
	s.get("/docs/{id}/raw", http.HandlerFunc(s.rawDoc))
}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request)    {}
func (s *Server) rawDoc(w http.ResponseWriter, r *http.Request)    {}
func (s *Server) deleteDoc(w http.ResponseWriter, r *http.Request) {}
`

func TestRegistrationHelperOfAnotherFile(t *testing.T) {
	prog := parseModule(t, map[string]string{"api/server.go": helperServer, "api/routes.go": helperRoutes})
	assert.ElementsMatch(t, []string{
		"DELETE /docs/{id} -> api.Server.deleteDoc @api/routes.go:15 [api.logged(?) api.requireDoc]",
		"GET /docs/{id} -> api.Server.getDoc @api/routes.go:13 [api.requireDoc(?)]",
		"GET /docs/{id}/raw -> api.Server.rawDoc @api/routes.go:14 [api.requireDoc(?)]",
	}, handlers(prog))
}

// webPackage is a package whose helper registers on the mux it is given.
const webPackage = `
package web

import "net/http"

func Route(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}
`

func TestRegistrationHelperOfAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"web/web.go": webPackage,
		"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/web"
)

func requireDoc(next http.Handler) http.Handler { return next }

func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	web.Route(mux, "PUT /docs/{id}", requireDoc, putDoc)
	return mux
}

func putDoc(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{"PUT /docs/{id} -> api.putDoc @api/routes.go:17 [api.requireDoc]"}, handlers(prog))
}

// variadicServer's helper wraps the handler in each middleware it is
// given, as the local it registers.
const variadicServer = `
package api

import "net/http"

type Server struct{ mux *http.ServeMux }

func requireDoc(next http.Handler) http.Handler { return next }

func logged(next http.Handler) http.Handler { return next }

func (s *Server) handle(method, path string, h http.HandlerFunc, mws ...func(http.Handler) http.Handler) {
	var handler http.Handler = h
	for _, mw := range mws {
		handler = mw(handler)
	}
	handler = logged(handler)
	s.mux.Handle(method+" "+path, handler)
}

func (s *Server) handleAll(path string, h http.HandlerFunc, mws ...func(http.Handler) http.Handler) {
	handler := http.Handler(h)
	for i := len(mws) - 1; i >= 0; i-- {
		handler = mws[i](handler)
	}
	s.mux.Handle(path, handler)
}
`

func TestVariadicRegistrationHelperOfAnotherFile(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/server.go": variadicServer,
		"api/routes.go": `
package api

import "net/http"

func (s *Server) Routes() {
	s.handle("GET", "/docs/{id}", s.getDoc, requireDoc)
	s.handle("PUT", "/docs/{id}", s.putDoc)
	s.handleAll("DELETE /docs/{id}", s.deleteDoc, requireDoc, logged)
}

func (s *Server) deleteDoc(w http.ResponseWriter, r *http.Request) {}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {}
func (s *Server) putDoc(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /docs/{id} -> api.Server.getDoc @api/routes.go:13 [api.logged(?) api.requireDoc]",
		"PUT /docs/{id} -> api.Server.putDoc @api/routes.go:14 [api.logged(?)]",
		"DELETE /docs/{id} -> api.Server.deleteDoc @api/routes.go:11 [api.requireDoc api.logged]",
	}, handlers(prog))
}

func TestRegistrationHelperOfTheSameFile(t *testing.T) {
	routes := helperRoutes[strings.Index(helperRoutes, "const docPath"):]
	prog := parseModule(t, map[string]string{"api/server.go": helperServer + routes})
	assert.ElementsMatch(t, []string{
		"DELETE /docs/{id} -> api.Server.deleteDoc @api/server.go:28 [api.logged(?) api.requireDoc]",
		"GET /docs/{id} -> api.Server.getDoc @api/server.go:26 [api.requireDoc(?)]",
		"GET /docs/{id}/raw -> api.Server.rawDoc @api/server.go:27 [api.requireDoc(?)]",
	}, handlers(prog))
}

// Helpers of another file registering on the router a call passes:
// inside a Route closure, behind the router's middleware, and in their
// own closures.
func TestRegistrationHelperInClosures(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/register.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func register(r chi.Router, path string, h http.HandlerFunc) {
	r.Get(path, h)
}

func grouped(r chi.Router, path string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	r.Group(func(r chi.Router) {
		r.Use(mw)
		r.Get(path, h)
	})
}

func nested(r chi.Router, path string, h http.HandlerFunc) {
	r.Route("/nested", func(r chi.Router) {
		r.Post(path, h)
	})
}
`,
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/authz"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	register(r, "/a", show)
	register(r.With(authz.Audit), "/b", show)
	r.Route("/x", func(r chi.Router) {
		register(r, "/c", show)
	})
	grouped(r, "/d", authz.Audit, show)
	nested(r, "/e", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
		"authz/authz.go": `
package authz

import "net/http"

func RequireUser(next http.Handler) http.Handler { return next }
func Audit(next http.Handler) http.Handler       { return next }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /a -> api.show @api/routes.go:24 [authz.RequireUser]",
		"GET /b -> api.show @api/routes.go:24 [authz.RequireUser authz.Audit]",
		"GET /x/c -> api.show @api/routes.go:24 [authz.RequireUser]",
		"GET /d -> api.show @api/routes.go:24 [authz.RequireUser authz.Audit]",
		"POST /nested/e -> api.show @api/routes.go:24 [authz.RequireUser]",
	}, handlers(prog))
}

// The same helpers in the file that calls them are walked for each call.
func TestRegistrationHelperInClosuresOfTheFile(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func grouped(r chi.Router, path string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	r.Group(func(r chi.Router) {
		r.Use(mw)
		r.Get(path, h)
	})
}

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Route("/x", func(r chi.Router) {
		grouped(r, "/d", audit, show)
	})
	return r
}

func audit(next http.Handler) http.Handler { return next }

func show(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{"GET /x/d -> api.show @api/routes.go:26 [api.audit]"}, handlers(prog))
}

// A helper given the method and the handler, at a path of its own: each
// call registers its handler with its method (none when it is unknown),
// and the helper's own walk lists no handler for the parameter.
func TestRegistrationHelperGivenTheMethod(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/add.go": `
package api

import "github.com/labstack/echo/v4"

func add(e *echo.Echo, method string, h echo.HandlerFunc) {
	e.Add(method, "/boards/:board", h)
}
`,
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func Routes(e *echo.Echo, method string) {
	add(e, http.MethodDelete, remove)
	add(e, method, show)
	local(e, "PATCH", show)
}

func local(e *echo.Echo, method string, h echo.HandlerFunc) {
	e.Add(method, "/local", h)
}

func remove(c echo.Context) error { return nil }
func show(c echo.Context) error   { return nil }
`,
	})
	assert.ElementsMatch(t, []string{
		"DELETE /boards/:board -> api.remove @api/routes.go:19",
		"/boards/:board -> api.show @api/routes.go:20",
		"PATCH /local -> api.show @api/routes.go:20",
	}, handlers(prog))
}
