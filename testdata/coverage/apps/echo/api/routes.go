package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/labstack/echo/v4"

	"example.com/echoapp/authz"
	"example.com/echoapp/perms"
	"example.com/echoapp/verbs"
)

// Register wires the routes.
func Register(e *echo.Echo, client *authzed.Client, h *Handlers) {
	e.GET("/healthz", Healthz)
	e.GET("/changelog", Changelog)
	g := e.Group("/boards")
	g.Use(authz.Authenticated)
	g.GET("", h.ListBoards)
	g.POST("", h.CreateBoard)
	g.DELETE("/:board", h.DeleteBoard)
	g.PATCH("/:board/cards/:card", h.UpdateCard)
	g.DELETE("/:board/cards/:card", h.DeleteCard)
	readers := e.Group("/boards/:board", authz.Authenticated)
	readers.Use(authz.BoardPermission(client, perms.Read))
	readers.GET("", h.GetBoard)
	writers := e.Group("/boards/:board/cards", authz.Authenticated, authz.BoardPermission(client, perms.Write))
	writers.POST("", h.CreateCard)
	// A helper of another file given the method as a constant.
	add(e, http.MethodPut, "/boards/:board/title", h.RenameBoard, authz.BoardPermission(client, perms.Write))
	add(e, verbs.Archive, verbs.ArchivePath, h.ArchiveBoard, authz.BoardPermission(client, perms.Remove))
	// Middleware spread from a slice literal.
	cardReaders := []echo.MiddlewareFunc{authz.Authenticated, authz.BoardPermission(client, perms.Read)}
	e.GET("/boards/:board/cards/:card", h.GetCard, cardReaders...)
	// A group whose prefix is a constant of another package.
	labels := e.Group(verbs.Labels, authz.Authenticated, authz.BoardPermission(client, perms.Read))
	labels.GET("", h.ListLabels)
}
