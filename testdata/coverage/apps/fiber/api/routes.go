package api

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gofiber/fiber/v2"

	"example.com/fiberapp/authz"
	"example.com/fiberapp/paths"
	"example.com/fiberapp/perms"
	"example.com/fiberapp/reports"
)

// Setup wires the routes.
func Setup(app *fiber.App, client *authzed.Client, h *Handlers) {
	app.Use(authz.Audit)
	app.Get("/healthz", Healthz)
	app.Get("/terms", Terms)
	api := app.Group("/api", authz.Authenticated)
	api.Get("/boards", h.ListBoards)
	api.Post("/boards", h.CreateBoard)
	api.Delete("/boards/:board", h.DeleteBoard)
	api.Patch("/cards/:card", h.MoveCard)
	api.Put("/cards/:card/archive", h.ArchiveCard)
	board := api.Group("/boards/:board", authz.BoardPermission(client, perms.Read))
	board.Get("", h.GetBoard)
	cards := api.Group("/boards/:board/cards", authz.BoardPermission(client, perms.Write))
	cards.Post("", h.CreateCard)
	admin := fiber.New()
	admin.Use(authz.BoardPermission(client, perms.Read))
	admin.Get("/boards/:board/history", h.BoardHistory)
	app.Use(paths.Admin, admin)
	// A prefix of another package scopes the middleware after it: only
	// the report routes get the check.
	app.Use(paths.Reports, authz.BoardPermission(client, perms.Read))
	app.Get(paths.Reports+"/boards/:board", h.BoardReport)
	app.Get("/exports/boards/:board", h.ExportBoard)
	// A sub-app another package builds, mounted with Use.
	app.Use("/summaries", reports.New(client, &reports.Reports{Boards: h.Boards}))
	legacy := app.Group(paths.Legacy+"/v1", authz.BoardPermission(client, perms.Read))
	legacy.Get("/boards/:board", h.LegacyBoard)
}
