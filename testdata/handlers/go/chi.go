// Package api wires the document API on chi.
package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type DocumentHandler struct {
	store *store.Store
}

type FolderHandler struct {
	store *store.Store
}

type documentResponse struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func NewRouter(docs *DocumentHandler, folders *FolderHandler) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.Timeout(30 * time.Second))

	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})

	r.Route("/api/v1", func(r chi.Router) {
		r.Use(authz.RequireUser)

		r.Route("/documents", func(r chi.Router) {
			r.Get("/", docs.List)
			r.Post("/", docs.Create)
			r.Route("/{documentID}", func(r chi.Router) {
				r.Use(docs.loadDocument)
				r.Get("/", docs.Get)
				r.With(authz.Require("document", "edit")).Put("/", docs.Update)
				r.With(authz.Require("document", "delete")).Delete("/", docs.Delete)
			})
		})

		r.Group(func(r chi.Router) {
			r.Use(authz.RequireAdmin)
			r.Method(http.MethodDelete, "/folders/{folderID}", http.HandlerFunc(folders.Delete))
		})

		r.Mount("/folders", folders.Routes())
	})

	r.Mount("/admin", adminRouter())
	return r
}

func (h *FolderHandler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/", h.List)
	r.Post("/", h.Create)
	r.Get("/{folderID}/documents", h.Documents)
	return r
}

func adminRouter() http.Handler {
	r := chi.NewRouter()
	r.Use(authz.RequireAdmin)
	registerAuditRoutes(r)
	return r
}

func registerAuditRoutes(r chi.Router) {
	r.Get("/audit", listAuditEvents)
	r.Handle("GET /audit/{eventID}", http.HandlerFunc(getAuditEvent))
}

func (h *DocumentHandler) loadDocument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}

func (h *DocumentHandler) List(w http.ResponseWriter, r *http.Request) {
	docs, _ := h.store.List(r.Context())
	json.NewEncoder(w).Encode(docs)
}

func (h *DocumentHandler) Create(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
}

func (h *DocumentHandler) Get(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(documentResponse{ID: chi.URLParam(r, "documentID")})
}

func (h *DocumentHandler) Update(w http.ResponseWriter, r *http.Request) {}

func (h *DocumentHandler) Delete(w http.ResponseWriter, r *http.Request) {}

func (h *FolderHandler) List(w http.ResponseWriter, r *http.Request) {}

func (h *FolderHandler) Create(w http.ResponseWriter, r *http.Request) {}

func (h *FolderHandler) Documents(w http.ResponseWriter, r *http.Request) {}

func (h *FolderHandler) Delete(w http.ResponseWriter, r *http.Request) {}

func listAuditEvents(w http.ResponseWriter, r *http.Request) {}

func getAuditEvent(w http.ResponseWriter, r *http.Request) {}
