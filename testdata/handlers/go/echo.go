// Package server serves the document API with echo.
package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	echomw "github.com/labstack/echo/v4/middleware"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type DocumentsController struct {
	store *store.Store
}

type UpdateDocumentInput struct {
	Title string `json:"title"`
}

func New(ctl *DocumentsController) *echo.Echo {
	e := echo.New()
	e.Pre(echomw.RemoveTrailingSlash())
	e.Use(echomw.Logger())

	e.GET("/health", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})

	v1 := e.Group("/api/v1", authz.JWT())
	docs := v1.Group("/documents")
	docs.GET("", ctl.ListDocuments)
	docs.POST("", ctl.CreateDocument)
	docs.GET("/:id", ctl.GetDocument, authz.Require("document", "view"))
	docs.PATCH("/:id", ctl.UpdateDocument, authz.Require("document", "edit"))
	docs.DELETE("/:id", ctl.DeleteDocument, authz.Require("document", "delete"))
	docs.Add(http.MethodPost, "/:id/share", ctl.ShareDocument)

	admin := e.Group("/admin")
	admin.Use(authz.RequireAdmin)
	admin.Any("/reindex", reindex)
	return e
}

func (ctl *DocumentsController) ListDocuments(c echo.Context) error {
	docs, err := ctl.store.List(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, docs)
}

func (ctl *DocumentsController) CreateDocument(c echo.Context) error {
	return c.NoContent(http.StatusCreated)
}

func (ctl *DocumentsController) GetDocument(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
}

func (ctl *DocumentsController) UpdateDocument(c echo.Context) error {
	var in UpdateDocumentInput
	if err := c.Bind(&in); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (ctl *DocumentsController) DeleteDocument(c echo.Context) error {
	return c.NoContent(http.StatusNoContent)
}

func (ctl *DocumentsController) ShareDocument(c echo.Context) error {
	return c.NoContent(http.StatusOK)
}

func reindex(c echo.Context) error {
	return nil
}
