package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// The handlers below check nothing themselves: the middleware their
// registrations put in front of them does.

func (h *Handler) DocumentHistory(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/history"
	json.NewEncoder(w).Encode(h.docs.Revisions(r.Context(), chi.URLParam(r, "id")))
}

func (h *Handler) DocumentVersions(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/versions"
	json.NewEncoder(w).Encode(h.docs.Revisions(r.Context(), chi.URLParam(r, "id")))
}

func (h *Handler) DocumentComments(w http.ResponseWriter, r *http.Request) { // protected "GET /documents/{id}/comments"
	json.NewEncoder(w).Encode(h.docs.Revisions(r.Context(), chi.URLParam(r, "id")))
}
