package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Fiber's app.Use(x, mw) with x of another package: a string constant
// scopes mw to the routes below it; a function is middleware, so mw
// (and x) run for every route; a string variable scopes mw to the routes
// written below it.
func TestFiberUseScopeOfAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"paths/paths.go": `
package paths

const Reports = "/reports"

var Legacy = "/legacy"
`,
		"mw/mw.go": `
package mw

import "github.com/gofiber/fiber/v2"

func Audit(c *fiber.Ctx) error { return c.Next() }

func Check(c *fiber.Ctx) error { return c.Next() }

func Old(c *fiber.Ctx) error { return c.Next() }
`,
		"api/api.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/mw"
	"example.com/m/paths"
)

func Setup(app *fiber.App) {
	app.Use(paths.Reports, mw.Check)
	app.Use(mw.Audit, mw.Check)
	app.Use(paths.Legacy, mw.Old)
	app.Get("/healthz", health)
	app.Get(paths.Reports+"/daily", daily)
	app.Get("/reports/weekly", weekly)
	old := app.Group(paths.Legacy)
	old.Get("/v1", legacy)
}

func health(c *fiber.Ctx) error { return nil }

func daily(c *fiber.Ctx) error { return nil }

func weekly(c *fiber.Ctx) error { return nil }

func legacy(c *fiber.Ctx) error { return nil }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /healthz -> api.health @api/api.go:21 [mw.Audit mw.Check]",
		"GET /reports/daily -> api.daily @api/api.go:23 [mw.Check mw.Audit mw.Check]",
		"GET /reports/weekly -> api.weekly @api/api.go:25 [mw.Check mw.Audit mw.Check]",
		"GET {paths.Legacy}/v1 -> api.legacy @api/api.go:27 [mw.Audit mw.Check mw.Old]",
	}, handlers(prog))
}
