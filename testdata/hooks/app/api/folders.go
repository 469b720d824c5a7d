// Package api serves folders and documents over HTTP.
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/notes/authz"
)

// FolderHandler serves folders.
type FolderHandler struct{}

// NewFolderHandler makes the handler.
func NewFolderHandler() *FolderHandler { return &FolderHandler{} }

// FolderRoutes registers the folder routes.
func FolderRoutes(r chi.Router, h *FolderHandler) {
	r.Get("/folders/{id}", h.Get)
	r.Delete("/folders/{id}", h.Delete)
}

func (h *FolderHandler) Get(w http.ResponseWriter, r *http.Request) {
	if err := authz.Require(r.Context(), "folder", chi.URLParam(r, "id"), "view"); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Write([]byte("{}"))
}

func (h *FolderHandler) Delete(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := authz.Require(r.Context(), "folder", id, "delete"); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if err := authz.Forget(r.Context(), "folder", id); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
