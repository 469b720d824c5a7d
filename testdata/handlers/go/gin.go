// Package web serves the document API with gin.
package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type Handler struct {
	store *store.Store
}

type CreateDocumentRequest struct {
	Title string `json:"title" binding:"required"`
}

type DocumentResponse struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

const apiPrefix = "/api/v1"

func SetupRouter(h *Handler) *gin.Engine {
	r := gin.Default()
	r.Use(requestLogger())

	r.GET("/ping", func(c *gin.Context) {
		c.String(http.StatusOK, "pong")
	})

	api := r.Group(apiPrefix, authz.RequireUser())
	{
		api.GET("/documents", h.listDocuments)
		api.POST("/documents", h.createDocument)
		api.GET("/documents/:id", h.getDocument)
		api.PUT("/documents/:id", authz.Require("document", "edit"), h.updateDocument)
		api.DELETE("/documents/:id", authz.Require("document", "delete"), h.deleteDocument)
		api.Match([]string{http.MethodGet, http.MethodHead}, "/documents/:id/content", h.downloadContent)
	}

	admin := api.Group("/admin")
	admin.Use(authz.RequireAdmin())
	h.registerAdmin(admin)

	return r
}

func (h *Handler) registerAdmin(g *gin.RouterGroup) {
	g.GET("/users", h.listUsers)
	g.Handle("DELETE", "/users/:id", h.removeUser)
}

func requestLogger() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
	}
}

func (h *Handler) listDocuments(c *gin.Context) {
	docs, _ := h.store.List(c.Request.Context())
	c.JSON(http.StatusOK, docs)
}

func (h *Handler) createDocument(c *gin.Context) {
	var req CreateDocumentRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.JSON(http.StatusCreated, DocumentResponse{Title: req.Title})
}

func (h *Handler) getDocument(c *gin.Context) {
	c.JSON(http.StatusOK, DocumentResponse{ID: c.Param("id")})
}

func (h *Handler) updateDocument(c *gin.Context) {}

func (h *Handler) deleteDocument(c *gin.Context) {
	c.Status(http.StatusNoContent)
}

func (h *Handler) downloadContent(c *gin.Context) {}

func (h *Handler) listUsers(c *gin.Context) {}

func (h *Handler) removeUser(c *gin.Context) {}

// shareDocument is routed from another file.
func (h *Handler) shareDocument(c *gin.Context) {}
