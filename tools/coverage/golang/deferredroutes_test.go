package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// routesPackage declares the paths and methods other packages register.
const routesPackage = `
package routes

import "net/http"

const (
	DocPath   = "/docs/{id}"
	Prefix    = "/api"
	Pattern   = "DELETE /docs/{id}"
	Archive   = http.MethodPost
	NotStatic = "x"
)

var Dynamic = "/var"
`

func TestRoutesSettledAtTheLink(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			// mailpit: the web root is a variable main may set, in the
			// middle of every pattern; each handler is registered once,
			// wrapped, so leaving its route out would hide it.
			name: "a pattern with a variable of another package in the middle",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/routes"
)

func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+routes.Dynamic+"api/v1/messages", wrap(list))
	mux.HandleFunc("DELETE "+routes.Dynamic+"api/v1/tags/{tag}", wrap(untag))
	return mux
}

func wrap(fn http.HandlerFunc) http.HandlerFunc { return fn }

func list(w http.ResponseWriter, r *http.Request)  {}
func untag(w http.ResponseWriter, r *http.Request) {}
`,
			},
			want: []string{
				"GET {routes.Dynamic}api/v1/messages -> api.list @api/routes.go:18 [api.wrap(?)]",
				"DELETE {routes.Dynamic}api/v1/tags/{tag} -> api.untag @api/routes.go:19 [api.wrap(?)]",
			},
		},
		{
			name: "a path constant of another package, directly, concatenated and as a pattern",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/routes"
)

func Routes(mux *http.ServeMux) http.Handler {
	r := chi.NewRouter()
	r.Get(routes.DocPath, show)
	r.Get(routes.Prefix+"/x", show)
	r.Route("/v2", func(r chi.Router) {
		r.Post(routes.DocPath, show)
	})
	r.Get(routes.Dynamic, show)
	mux.HandleFunc(routes.Pattern, show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
			},
			// A variable's value is never guessed: that route is kept
			// as its expression in braces, as a prefix is.
			want: []string{
				"GET /docs/{id} -> api.show @api/routes.go:23",
				"GET /api/x -> api.show @api/routes.go:23",
				"POST /v2/docs/{id} -> api.show @api/routes.go:23",
				"GET {routes.Dynamic} -> api.show @api/routes.go:23",
				"DELETE /docs/{id} -> api.show @api/routes.go:23",
			},
		},
		{
			name: "a group's prefix, a constant of another package",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"

	"example.com/m/routes"
)

func Gin(r *gin.Engine, prefix string) {
	api := r.Group(routes.Prefix)
	api.GET("/docs", ginShow)
	v2 := api.Group(routes.Prefix + "/v2")
	v2.GET(routes.DocPath, ginShow)
	r.Group(prefix).GET("/dynamic", ginShow)
}

func Chi() http.Handler {
	r := chi.NewRouter()
	r.Route(routes.Prefix, func(r chi.Router) {
		r.Get("/x", show)
	})
	return r
}

func ginShow(c *gin.Context) {}

func show(w http.ResponseWriter, r *http.Request) {}
`,
			},
			// A prefix that is no constant stays a placeholder.
			want: []string{
				"GET /api/docs -> api.ginShow @api/routes.go:28",
				"GET /api/api/v2/docs/{id} -> api.ginShow @api/routes.go:28",
				"GET {prefix}/dynamic -> api.ginShow @api/routes.go:28",
				"GET /api/x -> api.show @api/routes.go:30",
			},
		},
		{
			name: "a gorilla route given its methods after a pattern constant",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/gorilla/mux"

	"example.com/m/routes"
)

func Routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc(routes.DocPath, show).Methods(http.MethodGet, "PUT")
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
			},
			want: []string{
				"GET /docs/{id} -> api.show @api/routes.go:17",
				"PUT /docs/{id} -> api.show @api/routes.go:17",
			},
		},
		{
			name: "a helper of the file walked for one call",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/m/routes"
)

func add(e *echo.Echo, method, path string, h echo.HandlerFunc) {
	e.Add(method, path+"/raw", h)
}

func Routes(e *echo.Echo, method string) {
	add(e, routes.Archive, routes.DocPath, show)
	add(e, http.MethodPut, routes.DocPath, show)
	add(e, method, "/unbound", show)
	e.Add(routes.NotStatic, "/odd", show)
}

func show(c echo.Context) error { return nil }
`,
			},
			// A method parameter no call binds leaves the route without one.
			want: []string{
				"POST /docs/{id}/raw -> api.show @api/routes.go:22",
				"PUT /docs/{id}/raw -> api.show @api/routes.go:22",
				"/unbound/raw -> api.show @api/routes.go:22",
				"X /odd -> api.show @api/routes.go:22",
			},
		},
		{
			name: "a helper of another file given a constant of another package",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/register.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func register(r chi.Router, path string, h http.HandlerFunc) {
	r.Get(path, h)
}

func method(r chi.Router, m, path string, h http.HandlerFunc) {
	r.Method(m, path, h)
}
`,
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/routes"
)

func Routes(m string) http.Handler {
	r := chi.NewRouter()
	register(r, routes.DocPath, show)
	register(r, routes.Prefix+"/x", show)
	method(r, routes.Archive, routes.DocPath, show)
	method(r, http.MethodPatch, "/y", show)
	method(r, m, "/z", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
			},
			want: []string{
				"GET /docs/{id} -> api.show @api/routes.go:21",
				"GET /api/x -> api.show @api/routes.go:21",
				"POST /docs/{id} -> api.show @api/routes.go:21",
				"PATCH /y -> api.show @api/routes.go:21",
				"/z -> api.show @api/routes.go:21",
			},
		},
		{
			name: "gin's Handle with the method of a helper's parameter",
			files: map[string]string{
				"routes/routes.go": routesPackage,
				"api/register.go": `
package api

import "github.com/gin-gonic/gin"

func handle(r *gin.Engine, method, path string, h gin.HandlerFunc) {
	r.Handle(method, path, h)
}
`,
				"api/routes.go": `
package api

import (
	"github.com/gin-gonic/gin"

	"example.com/m/routes"
)

func Routes(r *gin.Engine) {
	handle(r, routes.Archive, "/docs", show)
}

func show(c *gin.Context) {}
`,
			},
			want: []string{"POST /docs -> api.show @api/routes.go:13"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, handlers(parseModule(t, tc.files)))
		})
	}
}

// The file alone lists no handler whose path only the link knows; one
// whose method or prefix only the link knows it lists as written.
func TestDeferredRouteNotInTheFile(t *testing.T) {
	f, err := ParseFile("api/routes.go", []byte(`
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/routes"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Get(routes.DocPath, show)
	r.Get("/known", show)
	r.Method(routes.Archive, "/archive", show)
	r.Route(routes.Prefix, func(r chi.Router) {
		r.Get("/below", show)
	})
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`))
	assert.NoError(t, err)
	var routes []string
	for _, h := range f.Handlers {
		routes = append(routes, h.Method+" "+h.Route)
	}
	assert.Equal(t, []string{"GET /known", " /archive", "GET {routes.Prefix}/below"}, routes)
}

// fiber's app.Use(prefix, sub) mounts the sub-app at a prefix that is a
// constant of another package, as Mount does; middleware of another
// package given to Use stays middleware.
func TestFiberUseMountsAtLinkedPrefix(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"routes/routes.go": routesPackage,
		"audit/audit.go": `
package audit

import "github.com/gofiber/fiber/v2"

func Log(c *fiber.Ctx) error { return c.Next() }
`,
		"api/api.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/audit"
	"example.com/m/routes"
)

func Setup(app *fiber.App) {
	app.Use(audit.Log)
	mounted := fiber.New()
	mounted.Get("/mounted", list)
	app.Mount(routes.Prefix, mounted)
	used := fiber.New()
	used.Get("/used", list)
	app.Use(routes.Prefix, used)
	joined := fiber.New()
	joined.Get("/joined", list)
	app.Use(routes.Prefix+"/v2", joined)
}

func list(c *fiber.Ctx) error { return nil }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /api/mounted -> api.list @api/api.go:23 [audit.Log]",
		"GET /api/used -> api.list @api/api.go:23 [audit.Log]",
		"GET /api/v2/joined -> api.list @api/api.go:23 [audit.Log]",
	}, handlers(prog))
}

// A prefix with an operand nothing resolves (a variable of another
// package, a parameter no call binds) keeps the operands it reads and
// shows the others in braces, in the file and at the link.
func TestUnknownPrefixOperandInBraces(t *testing.T) {
	files := map[string]string{
		"routes/routes.go": routesPackage,
		"docs/docs.go": `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/{id}", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/docs"
	"example.com/m/routes"
)

func Routes(version string) chi.Router {
	r := chi.NewRouter()
	r.Route(routes.Dynamic, func(r chi.Router) {
		r.Get("/a", show)
	})
	r.Route(routes.Dynamic+"/v2", func(r chi.Router) {
		r.Get("/b", show)
	})
	r.Route(routes.Prefix+"/"+version, func(r chi.Router) {
		r.Get("/c", show)
	})
	r.Mount(routes.Dynamic+"/v4", docs.Routes())
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
	}
	assert.ElementsMatch(t, []string{
		"GET {routes.Dynamic}/a -> api.show @api/api.go:27",
		"GET {routes.Dynamic}/v2/b -> api.show @api/api.go:27",
		"GET /api/{version}/c -> api.show @api/api.go:27",
		"GET {routes.Dynamic}/v4/{id} -> docs.show @docs/docs.go:15",
	}, handlers(parseModule(t, files)))

	f, err := ParseFile("api/api.go", []byte(files["api/api.go"]))
	assert.NoError(t, err)
	var routes []string
	for _, h := range f.Handlers {
		routes = append(routes, h.Method+" "+h.Route)
	}
	assert.Equal(t, []string{"GET {routes.Dynamic}/a", "GET {routes.Dynamic}/v2/b", "GET {routes.Prefix}/{version}/c"}, routes)
}
