package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSpreadMiddleware(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/authz"
)

var common = []func(http.Handler) http.Handler{authz.RequireUser}

var reassigned = []func(http.Handler) http.Handler{authz.Audit}

func init() { reassigned = nil }

func Routes(given []func(http.Handler) http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(common...)
	viewers := []func(http.Handler) http.Handler{authz.Audit, authz.Require("doc")}
	r.With(viewers...).Get("/a", show)
	grown := []func(http.Handler) http.Handler{authz.Audit}
	grown = append(grown, authz.Require("x"))
	r.With(grown...).Get("/b", show)
	r.With(given...).Get("/c", show)
	r.With(reassigned...).Get("/d", show)
	r.With(elsewhere...).Get("/f", show)
	r.With(elsewhereReassigned...).Get("/g", show)
	return r
}

func show(w http.ResponseWriter, r *http.Request) {}
`,
		"api/middleware.go": `
package api

import (
	"net/http"

	"example.com/m/authz"
)

var elsewhere = []func(http.Handler) http.Handler{authz.Audit, authz.Require("elsewhere")}

var elsewhereReassigned = []func(http.Handler) http.Handler{authz.Audit}

func reset() { elsewhereReassigned = nil }
`,
		"api/echo.go": `
package api

import (
	"github.com/labstack/echo/v4"

	"example.com/m/authz"
)

func Echo(e *echo.Echo) {
	mws := []echo.MiddlewareFunc{authz.EchoUser, authz.EchoAudit}
	e.GET("/e", eshow, mws...)
	e.Use(mws...)
}

func eshow(c echo.Context) error { return nil }
`,
		"authz/authz.go": `
package authz

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func RequireUser(next http.Handler) http.Handler          { return next }
func Audit(next http.Handler) http.Handler                { return next }
func Require(s string) func(http.Handler) http.Handler    { return nil }
func EchoUser(next echo.HandlerFunc) echo.HandlerFunc     { return next }
func EchoAudit(next echo.HandlerFunc) echo.HandlerFunc    { return next }
`,
	})
	// A slice assigned again, or a parameter, names no middleware; one of
	// another file names what it is declared with.
	assert.ElementsMatch(t, []string{
		`GET /e -> api.eshow @api/echo.go:15 [authz.EchoUser authz.EchoAudit authz.EchoUser authz.EchoAudit]`,
		`GET /a -> api.show @api/routes.go:32 [authz.RequireUser authz.Audit authz.Require("doc")]`,
		`GET /b -> api.show @api/routes.go:32 [authz.RequireUser]`,
		`GET /c -> api.show @api/routes.go:32 [authz.RequireUser]`,
		`GET /d -> api.show @api/routes.go:32 [authz.RequireUser]`,
		`GET /f -> api.show @api/routes.go:32 [authz.RequireUser authz.Audit authz.Require("elsewhere")]`,
		`GET /g -> api.show @api/routes.go:32 [authz.RequireUser]`,
	}, handlers(prog))
}
