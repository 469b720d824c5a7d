// Package reports is a sub-app that the api package mounts with app.Use.
package reports

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gofiber/fiber/v2"

	"example.com/fiberapp/authz"
	"example.com/fiberapp/perms"
	"example.com/fiberapp/service"
)

// Reports serve board summaries.
type Reports struct {
	Boards *service.Boards
}

// New builds the sub-app.
func New(client *authzed.Client, r *Reports) *fiber.App {
	app := fiber.New()
	app.Use(authz.BoardPermission(client, perms.Read))
	app.Get("/boards/:board/summary", r.Summary)
	return app
}

func (r *Reports) Summary(c *fiber.Ctx) error { // protected "GET /summaries/boards/:board/summary"
	return c.JSON(r.Boards.Get(c.UserContext(), c.Params("board")))
}
