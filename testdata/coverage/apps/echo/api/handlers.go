// Package api serves boards and cards with echo.
package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/echoapp/service"
)

// Handlers serve the routes.
type Handlers struct {
	boards *service.Boards
	cards  *service.Cards
}

// NewHandlers makes the handlers.
func NewHandlers(boards *service.Boards, cards *service.Cards) *Handlers {
	return &Handlers{boards: boards, cards: cards}
}

func (h *Handlers) ListBoards(c echo.Context) error {
	ids, err := h.boards.List(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ids)
}

func (h *Handlers) CreateBoard(c echo.Context) error {
	b, err := h.boards.Create(c.Request().Context(), c.FormValue("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

func (h *Handlers) GetBoard(c echo.Context) error {
	return c.JSON(http.StatusOK, h.boards.Get(c.Request().Context(), c.Param("board")))
}

func (h *Handlers) DeleteBoard(c echo.Context) error {
	return h.boards.Remove(c.Request().Context(), c.Param("board"))
}

func (h *Handlers) CreateCard(c echo.Context) error {
	card, err := h.cards.Add(c.Request().Context(), c.Param("board"), c.FormValue("title"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, card)
}

func (h *Handlers) UpdateCard(c echo.Context) error {
	return h.cards.Move(c.Request().Context(), c.Param("card"), c.FormValue("column"))
}

func (h *Handlers) DeleteCard(c echo.Context) error { // want "missing-relationship-delete"
	if err := h.cards.Remove(c.Request().Context(), c.Param("card")); err != nil {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) RenameBoard(c echo.Context) error { // protected "PUT /boards/:board/title"
	return h.boards.Rename(c.Request().Context(), c.Param("board"), c.FormValue("name"))
}

func (h *Handlers) ArchiveBoard(c echo.Context) error { // protected "POST /boards/:board/archive"
	return h.boards.Archive(c.Request().Context(), c.Param("board"))
}

func (h *Handlers) GetCard(c echo.Context) error { // protected "GET /boards/:board/cards/:card"
	return c.JSON(http.StatusOK, h.cards.Get(c.Request().Context(), c.Param("card")))
}

func (h *Handlers) ListLabels(c echo.Context) error { // protected "GET /boards/:board/labels"
	return c.JSON(http.StatusOK, h.boards.Get(c.Request().Context(), c.Param("board")))
}

// authz:public the changelog is published on the website
func Changelog(c echo.Context) error { return c.String(http.StatusOK, "v1") }

func Healthz(c echo.Context) error { return c.String(http.StatusOK, "ok") }
