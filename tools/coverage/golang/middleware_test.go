package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Gin's and fiber's middleware have a handler's signature: installed
// with Use or a group, or passing the request on with Next, they are
// middleware, never handlers of their own.
func TestMiddlewareWithAHandlerSignatureIsNoHandler(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import "github.com/gofiber/fiber/v2"

func Authenticated(c *fiber.Ctx) error { return nil }

func Audit(c *fiber.Ctx) error { return nil }
`,
		"api/routes.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/authz"
)

func Setup(app *fiber.App) {
	app.Use(logRequests)
	api := app.Group("/api", authz.Authenticated)
	api.Use(authz.Audit)
	api.Get("/boards", listBoards)
}

func logRequests(c *fiber.Ctx) error { return nil }

func listBoards(c *fiber.Ctx) error { return nil }

// Unrouted is still found by its signature.
func Unrouted(c *fiber.Ctx) error { return nil }
`,
		"ginapi/mw.go": `
package ginapi

import "github.com/gin-gonic/gin"

// requireUser is registered nowhere yet, and passes the request on.
func requireUser(c *gin.Context) {
	if c.GetHeader("X-User") == "" {
		c.AbortWithStatus(401)
		return
	}
	c.Next()
}

func show(c *gin.Context) {}
`,
	})
	assert.Equal(t, []string{
		"GET /api/boards -> api.listBoards @api/routes.go:18 [api.logRequests authz.Authenticated authz.Audit]",
		" -> api.Unrouted @api/routes.go:21",
		" -> ginapi.show @ginapi/mw.go:14",
	}, handlers(prog))
}
