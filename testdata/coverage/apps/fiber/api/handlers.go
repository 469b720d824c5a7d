// Package api serves boards and cards with fiber.
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/fiberapp/service"
)

// Handlers serve the routes.
type Handlers struct {
	Boards *service.Boards
	Cards  *service.Cards
}

func (h *Handlers) ListBoards(c *fiber.Ctx) error {
	ids, err := h.Boards.List(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(ids)
}

func (h *Handlers) CreateBoard(c *fiber.Ctx) error {
	b, err := h.Boards.Create(c.UserContext(), c.FormValue("name"))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(b)
}

func (h *Handlers) GetBoard(c *fiber.Ctx) error { // protected "GET /api/boards/:board"
	return c.JSON(h.Boards.Get(c.UserContext(), c.Params("board")))
}

func (h *Handlers) BoardHistory(c *fiber.Ctx) error { // protected "GET /admin/boards/:board/history"
	return c.JSON(h.Boards.Get(c.UserContext(), c.Params("board")))
}

func (h *Handlers) LegacyBoard(c *fiber.Ctx) error { // protected "GET {paths.Legacy}/v1/boards/:board"
	return c.JSON(h.Boards.Get(c.UserContext(), c.Params("board")))
}

func (h *Handlers) BoardReport(c *fiber.Ctx) error { // protected "GET /reports/boards/:board"
	return c.JSON(h.Boards.Get(c.UserContext(), c.Params("board")))
}

func (h *Handlers) ExportBoard(c *fiber.Ctx) error { // want "unprotected-handler"
	return c.JSON(h.Boards.Get(c.UserContext(), c.Params("board")))
}

func (h *Handlers) DeleteBoard(c *fiber.Ctx) error {
	return h.Boards.Remove(c.UserContext(), c.Params("board"))
}

func (h *Handlers) CreateCard(c *fiber.Ctx) error { // protected "POST /api/boards/:board/cards"
	card, err := h.Cards.Add(c.UserContext(), c.Params("board"), c.FormValue("title"))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(card)
}

func (h *Handlers) MoveCard(c *fiber.Ctx) error {
	return h.Cards.Move(c.UserContext(), c.Params("card"), c.FormValue("column"))
}

func (h *Handlers) ArchiveCard(c *fiber.Ctx) error {
	return h.Cards.Archive(c.UserContext(), c.Params("card"))
}

// authz:public the service's terms are public
func Terms(c *fiber.Ctx) error { return c.SendString("terms") }

func Healthz(c *fiber.Ctx) error { return c.SendString("ok") }
