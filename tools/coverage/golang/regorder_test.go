package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Middleware Use'd after a route does not run for it in gin, fiber and
// an echo Group, when both are in one function body; a gin group takes
// its parent's middleware as it is made, a fiber group the app's as its
// routes are registered; echo's own Use and chi's run for every route.
func TestUseAfterRouteSkipsIt(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"mw/mw.go": `
package mw

import (
	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

func Gin(c *gin.Context) { c.Next() }

func Fiber(c *fiber.Ctx) error { return c.Next() }

func Echo(next echo.HandlerFunc) echo.HandlerFunc { return next }
`,
		"api/gin.go": `
package api

import (
	"github.com/gin-gonic/gin"

	"example.com/m/mw"
)

func Gin(r *gin.Engine) {
	r.GET("/gin/before", ginBefore)
	g := r.Group("/gin/group")
	r.Use(mw.Gin)
	r.GET("/gin/after", ginAfter)
	g.GET("/made-before", ginGroup)
}

func ginBefore(c *gin.Context) {}

func ginAfter(c *gin.Context) {}

func ginGroup(c *gin.Context) {}
`,
		"api/fiber.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/mw"
)

func Fiber(app *fiber.App) {
	app.Get("/fiber/before", fiberBefore)
	g := app.Group("/fiber/group")
	app.Use(mw.Fiber)
	g.Get("/made-before", fiberGroup)
}

func fiberBefore(c *fiber.Ctx) error { return nil }

func fiberGroup(c *fiber.Ctx) error { return nil }
`,
		"api/echo.go": `
package api

import (
	"github.com/labstack/echo/v4"

	"example.com/m/mw"
)

func Echo(e *echo.Echo) {
	e.GET("/echo/before", echoBefore)
	e.Use(mw.Echo)
	g := e.Group("/echo/group")
	g.GET("/before", echoGroupBefore)
	g.Use(mw.Echo)
	g.GET("/after", echoGroupAfter)
}

func echoBefore(c echo.Context) error { return nil }

func echoGroupBefore(c echo.Context) error { return nil }

func echoGroupAfter(c echo.Context) error { return nil }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /gin/before -> api.ginBefore @api/gin.go:17",
		"GET /gin/after -> api.ginAfter @api/gin.go:19 [mw.Gin]",
		"GET /gin/group/made-before -> api.ginGroup @api/gin.go:21",
		"GET /fiber/before -> api.fiberBefore @api/fiber.go:16",
		"GET /fiber/group/made-before -> api.fiberGroup @api/fiber.go:18 [mw.Fiber]",
		"GET /echo/before -> api.echoBefore @api/echo.go:18 [mw.Echo]",
		"GET /echo/group/before -> api.echoGroupBefore @api/echo.go:20 [mw.Echo]",
		"GET /echo/group/after -> api.echoGroupAfter @api/echo.go:22 [mw.Echo mw.Echo]",
	}, handlers(prog))
}

// A helper of the file registers its routes when it is called, whatever
// the order the walk meets it in; and a router kept in a field, Use'd in
// one method and given routes in another, keeps its middleware, as
// source alone cannot tell which method runs first.
func TestUseOrderAcrossFunctions(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import "github.com/gin-gonic/gin"

func docs(r *gin.Engine) { r.GET("/docs", getDoc) }

func notes(r *gin.Engine) { r.GET("/notes", getNote) }

func Setup(r *gin.Engine) {
	r.Use(auth)
	docs(r)
}

func Setup2(r *gin.Engine) {
	notes(r)
	r.Use(auth)
}

type Server struct{ r *gin.Engine }

func (s *Server) routes() { s.r.GET("/tasks", getTask) }

func (s *Server) middleware() { s.r.Use(auth) }

func auth(c *gin.Context) { c.Next() }

func getDoc(c *gin.Context) {}

func getNote(c *gin.Context) {}

func getTask(c *gin.Context) {}
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /docs -> api.getDoc @api/api.go:27 [api.auth]",
		"GET /notes -> api.getNote @api/api.go:29",
		"GET /tasks -> api.getTask @api/api.go:31 [api.auth]",
	}, handlers(prog))
}
