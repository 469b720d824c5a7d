package golang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// docsPackage is a package of another directory that adds routes to a
// router it is given, or returns one.
const docsPackage = `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Handler struct{}

func NewHandler() *Handler { return &Handler{} }

func Register(r chi.Router) {
	r.Get("/", list)
	r.With(requireEditor).Put("/{id}", update)
}

func Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/{id}", show)
	return r
}

func (h *Handler) Routes() http.Handler {
	r := chi.NewRouter()
	r.Delete("/{id}", h.remove)
	return r
}

func requireEditor(next http.Handler) http.Handler { return next }

type Pages struct{}

func (p *Pages) Routes(r chi.Router) { r.Get("/{n}", p.page) }

func (p *Pages) page(w http.ResponseWriter, r *http.Request) {}

func list(w http.ResponseWriter, r *http.Request)              {}
func update(w http.ResponseWriter, r *http.Request)            {}
func show(w http.ResponseWriter, r *http.Request)              {}
func (h *Handler) remove(w http.ResponseWriter, r *http.Request) {}
`

func TestSubroutersOfOtherPackages(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"docs/docs.go": docsPackage,
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/docs"
)

func Routes(h *Handler, p *docs.Pages) http.Handler {
	r := chi.NewRouter()
	r.Use(authenticate)
	r.Route("/docs", docs.Register)
	r.Route("/pages", p.Routes)
	r.Route("/admin", h.adminRoutes)
	r.Group(docs.Register)
	r.Mount("/shown", docs.Routes())
	r.Mount("/removed", docs.NewHandler().Routes())
	return r
}

func authenticate(next http.Handler) http.Handler { return next }
`,
		"api/handler.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Handler struct{}

func (h *Handler) adminRoutes(r chi.Router) {
	r.Post("/users", h.addUser)
}

func (h *Handler) addUser(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{
		"POST /admin/users -> api.Handler.addUser @api/handler.go:15 [api.authenticate]",
		"GET /pages/{n} -> docs.Pages.page @docs/docs.go:36 [api.authenticate]",
		"GET /docs -> docs.list @docs/docs.go:38 [api.authenticate]",
		"GET / -> docs.list @docs/docs.go:38 [api.authenticate]",
		"PUT /docs/{id} -> docs.update @docs/docs.go:39 [api.authenticate docs.requireEditor]",
		"PUT /{id} -> docs.update @docs/docs.go:39 [api.authenticate docs.requireEditor]",
		"GET /shown/{id} -> docs.show @docs/docs.go:40 [api.authenticate]",
		"DELETE /removed/{id} -> docs.Handler.remove @docs/docs.go:41 [api.authenticate]",
	}, routed(prog))
}

func TestRouterInAFieldAcrossFiles(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/server.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Server struct {
	router chi.Router
	mux    *http.ServeMux
}

func NewServer() *Server {
	s := &Server{router: chi.NewRouter(), mux: http.NewServeMux()}
	s.router.Use(authenticate)
	s.router.Get("/healthz", healthz)
	s.routes()
	return s
}

func authenticate(next http.Handler) http.Handler { return next }

func healthz(w http.ResponseWriter, r *http.Request) {}
`,
		// No router import: the field's type, in server.go, says chi.
		"api/routes.go": `
package api

func (s *Server) routes() {
	s.router.Use(s.audit)
	s.router.Get("/docs/{id}", s.getDoc)
	s.mux.HandleFunc("GET /raw/{id}", s.getDoc)
}
`,
		"api/handlers.go": `
package api

import "net/http"

func (s *Server) audit(next http.Handler) http.Handler { return next }

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {}
`,
	})
	var got []string
	for _, h := range prog.Handlers {
		got = append(got, h.Framework+" "+fmtHandler(h))
	}
	assert.Equal(t, []string{
		"chi GET /docs/{id} -> api.Server.getDoc @api/handlers.go:7 [api.authenticate api.Server.audit]",
		"net/http GET /raw/{id} -> api.Server.getDoc @api/handlers.go:7",
		// One order for every route of the router: the file that makes
		// it first.
		"chi GET /healthz -> api.healthz @api/server.go:24 [api.authenticate api.Server.audit]",
	}, got)
}

// A file that adds routes to a gorilla router of a field, without
// importing gorilla/mux: .Methods and .PathPrefix tell the framework.
func TestGorillaRouterInAFieldOfAnotherFile(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/server.go": `
package api

import (
	"net/http"

	"github.com/gorilla/mux"
)

type Server struct{ api *mux.Router }

func New() *mux.Router {
	r := mux.NewRouter()
	s := &Server{}
	s.api = r.PathPrefix("/api").Subrouter()
	s.api.Use(authenticate)
	s.cards()
	return r
}

func authenticate(next http.Handler) http.Handler { return next }
`,
		"api/cards.go": `
package api

import "net/http"

func (s *Server) cards() {
	s.api.HandleFunc("/cards/{card}", s.move).Methods(http.MethodPatch)
	w := s.api.PathPrefix("/boards/{board}").Subrouter()
	w.HandleFunc("/cards", s.add).Methods(http.MethodPost)
}

func (s *Server) move(w http.ResponseWriter, r *http.Request) {}
func (s *Server) add(w http.ResponseWriter, r *http.Request)  {}
`,
	})
	var got []string
	for _, h := range prog.Handlers {
		got = append(got, h.Framework+" "+fmtHandler(h))
	}
	assert.Equal(t, []string{
		"gorilla PATCH /api/cards/{card} -> api.Server.move @api/cards.go:11 [api.authenticate]",
		"gorilla POST /api/boards/{board}/cards -> api.Server.add @api/cards.go:12 [api.authenticate]",
	}, got)
}

// A registration helper takes the path and the handler as parameters:
// each call registers a route, with the middleware the helper adds.
func TestRegistrationHelpers(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/m/authz"
	"example.com/m/docs"
)

type Server struct {
	mux  *http.ServeMux
	docs *docs.Handler
}

func (s *Server) Routes(r *gin.Engine) {
	s.mux = http.NewServeMux()
	s.handle("GET", "/docs/{id}", s.getDoc)
	// authz:public the index is public
	s.handle("GET", "/", s.index)
	get(r.Group("/v1"), "/teams/:team", s.team)
	guard := &authz.Guard{}
	wrapped(s.mux, "DELETE /docs/{id}", guard.Owner, s.docs.Delete)
}

func wrapped(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}

func (s *Server) handle(method, path string, h http.HandlerFunc) {
	s.mux.Handle(method+" "+path, s.auth(h))
}

func get(g *gin.RouterGroup, path string, h gin.HandlerFunc) {
	g.GET(path, requireUser, h)
}

func (s *Server) auth(next http.HandlerFunc) http.Handler { return next }
func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {}
func (s *Server) index(w http.ResponseWriter, r *http.Request)  {}
func (s *Server) team(c *gin.Context)                           {}
func requireUser(c *gin.Context)                                { c.Next() }
`,
		"authz/authz.go": `
package authz

import "net/http"

type Guard struct{}

func (g *Guard) Owner(next http.Handler) http.Handler { return next }
`,
		"docs/docs.go": `
package docs

import "net/http"

type Handler struct{}

func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{
		"DELETE /docs/{id} -> docs.Handler.Delete @docs/docs.go:7 [authz.Guard.Owner]",
		"GET /docs/{id} -> api.Server.getDoc @api/api.go:40 [api.Server.auth(?)]",
		"GET / -> api.Server.index @api/api.go:41 [api.Server.auth(?)] public: the index is public",
		"GET /v1/teams/:team -> api.Server.team @api/api.go:42 [api.requireUser]",
	}, handlers(prog))
}

// A router in a field that three files Use middleware on lists it in one
// order for every route, whichever file adds the route: the file that
// makes the router first, then the others in path order.
func TestRouterInAFieldMiddlewareOrder(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/server.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/authz"
)

type Server struct{ router chi.Router }

func New() *Server {
	s := &Server{router: chi.NewRouter()}
	s.router.Use(authz.Made)
	s.router.Get("/made", s.show)
	return s
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {}
`,
		"api/a.go": `
package api

import "example.com/m/authz"

func (s *Server) a() {
	s.router.Use(authz.A)
	s.router.Get("/a", s.show)
}
`,
		"api/c.go": `
package api

import (
	"net/http"

	"example.com/m/authz"
)

func (s *Server) c() {
	s.router.Use(authz.C)
	s.router.Handle("/c", authz.Route(http.HandlerFunc(s.show)))
}
`,
		"authz/authz.go": `
package authz

import "net/http"

func Made(next http.Handler) http.Handler  { return next }
func A(next http.Handler) http.Handler     { return next }
func C(next http.Handler) http.Handler     { return next }
func Route(next http.Handler) http.Handler { return next }
`,
	})
	var got []string
	for _, h := range prog.Handlers {
		got = append(got, h.Route+" "+strings.Join(h.Middleware, ",")+" "+strings.Join(shortAll(h.MiddlewareFuncs), ","))
	}
	assert.ElementsMatch(t, []string{
		"/made authz.Made,authz.A,authz.C authz.Made,authz.A,authz.C",
		"/a authz.Made,authz.A,authz.C authz.Made,authz.A,authz.C",
		"/c authz.Made,authz.A,authz.C,authz.Route authz.Made,authz.A,authz.C,authz.Route",
	}, got)
}

func shortAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = short(id)
	}
	return out
}

// A method value of a value of another package's type made in place
// ((&api.Server{}).Get, api.Server{}.Get) routes that method, as a
// variable holding the value does.
func TestMethodValueOfAValueMadeInPlace(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import "net/http"

type Server struct{}

func (s *Server) Get(w http.ResponseWriter, r *http.Request) {}
`,
		"main.go": `
package main

import (
	"net/http"

	"example.com/m/api"
)

func guard(next http.Handler) http.Handler { return next }

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /a/{id}", (&api.Server{}).Get)
	mux.HandleFunc("GET /b/{id}", api.Server{}.Get)
	mux.Handle("GET /c/{id}", guard(http.HandlerFunc((&api.Server{}).Get)))
	s := &api.Server{}
	mux.Handle("GET /d/{id}", guard(http.HandlerFunc(s.Get)))
	http.ListenAndServe(":8080", mux)
}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /a/{id} -> api.Server.Get @api/api.go:7",
		"GET /b/{id} -> api.Server.Get @api/api.go:7",
		"GET /c/{id} -> api.Server.Get @api/api.go:7 [guard(?)]",
		"GET /d/{id} -> api.Server.Get @api/api.go:7 [guard(?)]",
	}, handlers(prog))
}

// A router made by a function of another package with middleware
// installed runs that middleware in front of the routes its caller adds,
// before the caller's own: chi and gin.
func TestRouterMadeByAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"platform/platform.go": `
package platform

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
)

func requireView(next http.Handler) http.Handler { return next }

func RequireUser(c *gin.Context) { c.Next() }

func NewRouter() *chi.Mux {
	r := chi.NewRouter()
	r.Use(requireView)
	return r
}

func NewEngine() *gin.Engine {
	r := gin.New()
	r.Use(RequireUser)
	return r
}

func Bare() *chi.Mux { return chi.NewRouter() }
`,
		"main.go": `
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/platform"
)

func audit(next http.Handler) http.Handler { return next }

func getDoc(w http.ResponseWriter, r *http.Request) { _ = chi.URLParam(r, "id") }

func main() {
	r := platform.NewRouter()
	r.Use(audit)
	r.Get("/documents/{id}", getDoc)
	b := platform.Bare()
	b.Get("/open/{id}", getDoc)
	serveGin()
}
`,
		"gin.go": `
package main

import (
	"github.com/gin-gonic/gin"

	"example.com/m/platform"
)

func showDoc(c *gin.Context) {}

func serveGin() {
	e := platform.NewEngine()
	e.GET("/docs/:id", showDoc)
}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /documents/{id} -> getDoc @main.go:13 [platform.requireView audit]",
		"GET /docs/:id -> showDoc @gin.go:9 [platform.RequireUser]",
		"GET /open/{id} -> getDoc @main.go:13",
	}, handlers(prog))
}
