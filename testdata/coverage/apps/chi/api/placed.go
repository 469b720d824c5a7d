package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Routers Routes places at prefixes that are constants of package paths.

// archiveRoutes serves archived documents; Routes mounts it at
// paths.Archive.
func (h *Handler) archiveRoutes() http.Handler {
	r := chi.NewRouter()
	r.Get("/{id}", h.ArchivedDocument)
	return r
}

// sharedRoutes fills the group Routes places at paths.Shared.
func (h *Handler) sharedRoutes(r chi.Router) {
	r.Get("/{id}", h.SharedDocument)
}

func (h *Handler) ArchivedDocument(w http.ResponseWriter, r *http.Request) { // protected "GET /archive/{id}"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) SharedDocument(w http.ResponseWriter, r *http.Request) { // protected "GET /shared/{id}"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) DraftDocument(w http.ResponseWriter, r *http.Request) { // protected "GET /drafts/{id}"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

// The routes of documentRoute, in routes.go: summary and outline are
// given by each call, owners and tags are its own.

func (h *Handler) DocumentSummary(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/summary"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) DocumentOutline(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/outline"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) DocumentOwners(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/owners"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) DocumentTags(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/tags"
	h.writeDocument(w, r.Context(), chi.URLParam(r, "id"))
}

func (h *Handler) writeDocument(w http.ResponseWriter, ctx context.Context, id string) {
	doc, err := h.docs.Get(ctx, id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(doc)
}
