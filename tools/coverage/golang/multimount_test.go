package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A sub-router of the file mounted at two places serves its routes below
// both, each behind the middleware of its own mount and the sub-router's
// own, whether the router is a variable, a function's result, or gets
// routes after it is mounted.
func TestSubRouterMountedTwice(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func auth(next http.Handler) http.Handler { return next }

func audit(next http.Handler) http.Handler { return next }

func exports() chi.Router {
	r := chi.NewRouter()
	r.Use(audit)
	r.Get("/docs/{id}", exportDoc)
	return r
}

func Routes() http.Handler {
	r := chi.NewRouter()
	r.With(auth).Mount("/export", exports())
	r.Mount("/legacy/export", exports())
	sub := chi.NewRouter()
	r.Mount("/a", sub)
	r.With(auth).Mount("/b", sub)
	sub.Get("/late", late)
	return r
}

func exportDoc(w http.ResponseWriter, r *http.Request) {}

func late(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /export/docs/{id} -> api.exportDoc @api/api.go:31 [api.auth api.audit]",
		"GET /legacy/export/docs/{id} -> api.exportDoc @api/api.go:31 [api.audit]",
		"GET /a/late -> api.late @api/api.go:33",
		"GET /b/late -> api.late @api/api.go:33 [api.auth]",
	}, handlers(prog))
}

// Fiber's app.Mount and app.Use(prefix, sub) of one sub-app at two
// prefixes list its routes below each. gorilla's sub-router matches the
// whole path, so PathPrefix(...).Handler(sub) at two prefixes is one
// place. Two chi routers mounted below each other besides their first
// places list each route once per place that makes no cycle.
func TestSubAppMountedTwice(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/mux"
)

func Fiber(app *fiber.App) {
	admin := fiber.New()
	admin.Get("/stats", stats)
	app.Mount("/admin", admin)
	app.Use("/ops", admin)
}

func Gorilla() http.Handler {
	r := mux.NewRouter()
	sub := mux.NewRouter()
	sub.HandleFunc("/items", items).Methods("GET")
	r.PathPrefix("/v1").Handler(sub)
	r.PathPrefix("/v2").Handler(sub)
	return r
}

func Chi() http.Handler {
	r := chi.NewRouter()
	x, p := chi.NewRouter(), chi.NewRouter()
	r.Mount("/x", x)
	r.Mount("/p", p)
	x.Mount("/p2", p)
	p.Mount("/x2", x)
	x.Get("/leaf", leaf)
	return r
}

func stats(c *fiber.Ctx) error { return nil }

func items(w http.ResponseWriter, r *http.Request) {}

func leaf(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /admin/stats -> api.stats @api/api.go:38",
		"GET /ops/stats -> api.stats @api/api.go:38",
		"GET /items -> api.items @api/api.go:40",
		"GET /x/leaf -> api.leaf @api/api.go:42",
		"GET /p/x2/leaf -> api.leaf @api/api.go:42",
	}, handlers(prog))
}

// A function of the file that registers routes on the router it is
// given, run on several routers, registers them on each: chi's Route
// and a plain call, and gin groups.
func TestRegistrarRunOnSeveralRouters(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
)

func auth(next http.Handler) http.Handler { return next }

func register(r chi.Router) {
	r.Get("/docs/{id}", getDoc)
}

func Chi() http.Handler {
	r := chi.NewRouter()
	r.With(auth).Route("/v1", register)
	r.Route("/v2", register)
	v3 := chi.NewRouter()
	register(v3)
	r.Mount("/v3", v3)
	return r
}

func ginAuth(c *gin.Context) { c.Next() }

func docRoutes(g *gin.RouterGroup) {
	g.GET("/docs/:id", showDoc)
}

func Gin(r *gin.Engine) {
	docRoutes(r.Group("/v1", ginAuth))
	docRoutes(r.Group("/v2"))
}

func getDoc(w http.ResponseWriter, r *http.Request) {}

func showDoc(c *gin.Context) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /v1/docs/{id} -> api.getDoc @api/api.go:37 [api.auth]",
		"GET /v2/docs/{id} -> api.getDoc @api/api.go:37",
		"GET /v3/docs/{id} -> api.getDoc @api/api.go:37",
		"GET /v1/docs/:id -> api.showDoc @api/api.go:39 [api.ginAuth]",
		"GET /v2/docs/:id -> api.showDoc @api/api.go:39",
	}, handlers(prog))
}

// A router handed to an interface method (a loop over the modules that
// register routes) is handed to each implementation in the module: their
// routes are listed below the router, behind its middleware.
func TestRouterHandedToEachModule(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"server/server.go": `
package server

import "github.com/go-chi/chi/v5"

type Module interface {
	Routes(r chi.Router)
}
`,
		"docs/docs.go": `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Module struct{}

func (Module) Routes(r chi.Router) {
	r.Get("/documents/{id}", get)
}

func get(w http.ResponseWriter, r *http.Request) {}
`,
		"folders/folders.go": `
package folders

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Module struct{}

func (Module) Routes(r chi.Router) {
	r.Get("/folders/{id}", get)
}

func get(w http.ResponseWriter, r *http.Request) {}
`,
		"main.go": `
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/docs"
	"example.com/m/folders"
	"example.com/m/server"
)

func auth(next http.Handler) http.Handler { return next }

func main() {
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		r.Use(auth)
		for _, m := range []server.Module{docs.Module{}, folders.Module{}} {
			m.Routes(r)
		}
	})
	http.ListenAndServe(":8080", r)
}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /api/documents/{id} -> docs.get @docs/docs.go:15 [auth]",
		"GET /api/folders/{id} -> folders.get @folders/folders.go:15 [auth]",
	}, handlers(prog))
}
