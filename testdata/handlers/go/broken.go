// Package api is in the middle of an edit: updateDocument is not finished
// and does not compile, yet the routes and the handlers around it are
// still found.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type Handler struct {
	store   *store.Store
	checker *authz.Checker
}

func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	r.Get("/documents/{id}", h.getDocument)
	r.Put("/documents/{id}", h.updateDocument)
	r.Delete("/documents/{id}", h.deleteDocument)
	return r
}

func (h *Handler) getDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := h.store.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(doc)
}

func (h *Handler) updateDocument(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	allowed, err := h.checker.Check(r.Context(), "document", id, "edit",
	if !allowed {
		http.Error(w, "forbidden", http.StatusForbidden)

func (h *Handler) deleteDocument(w http.ResponseWriter, r *http.Request) {
	h.store.Delete(r.Context(), chi.URLParam(r, "id"))
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) listComments(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("[]"))
}
