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

// Fiber's app.Use(prefix, pkg.F(...)) with F of another package mounts
// the sub-app F returns below the prefix; when F returns middleware, the
// call is middleware, as before.
func TestFiberUseMountsFactoryOfAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"paths/paths.go": `
package paths

const Admin = "/admin"
`,
		"admin/admin.go": `
package admin

import "github.com/gofiber/fiber/v2"

func New() *fiber.App {
	app := fiber.New()
	app.Get("/stats", stats)
	return app
}

func Require(perm string) fiber.Handler {
	return func(c *fiber.Ctx) error { return c.Next() }
}

func stats(c *fiber.Ctx) error { return nil }
`,
		"api/api.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/admin"
	"example.com/m/paths"
)

func Setup(app *fiber.App) {
	app.Use("/ops", admin.Require("ops"))
	app.Use("/v1", admin.New())
	app.Use(paths.Admin, admin.New())
	app.Get("/ops/restart", restart)
}

func restart(c *fiber.Ctx) error { return nil }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /v1/stats -> admin.stats @admin/admin.go:15",
		"GET /admin/stats -> admin.stats @admin/admin.go:15",
		`GET /ops/restart -> api.restart @api/api.go:17 [admin.Require("ops")]`,
	}, handlers(prog))
}
