// Package api serves documents and folders over HTTP.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/chiapp/authz"
	"example.com/chiapp/service"
)

// Handler serves the API.
type Handler struct {
	docs    *service.Documents
	folders *service.Folders
}

// NewHandler makes the handler.
func NewHandler(docs *service.Documents, folders *service.Folders) *Handler {
	return &Handler{docs: docs, folders: folders}
}

func (h *Handler) ListDocuments(w http.ResponseWriter, r *http.Request) {
	ids, err := h.docs.List(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(ids)
}

func (h *Handler) GetDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := h.docs.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(doc)
}

func (h *Handler) PreviewDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := h.docs.Preview(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(doc)
}

func (h *Handler) CreateDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := h.docs.Create(r.Context(), r.FormValue("title"), authz.UserID(r.Context()))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(doc)
}

func (h *Handler) UpdateDocument(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) DeleteDocument(w http.ResponseWriter, r *http.Request) {
	if err := h.docs.Delete(r.Context(), chi.URLParam(r, "id")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (h *Handler) GetFolder(w http.ResponseWriter, r *http.Request) {
	f, err := h.folders.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(f)
}

func (h *Handler) CreateFolder(w http.ResponseWriter, r *http.Request) { // want "missing-relationship-write"
	json.NewEncoder(w).Encode(h.folders.Create(r.Context(), r.FormValue("name")))
}

func (h *Handler) ShareFolder(w http.ResponseWriter, r *http.Request) {
	if err := h.folders.Share(r.Context(), chi.URLParam(r, "id"), r.FormValue("user")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

// ExportDocument sends a document as a file; the routers it is mounted
// on check the caller.
func (h *Handler) ExportDocument(w http.ResponseWriter, r *http.Request) { // want "unprotected-handler"
	w.Header().Set("Content-Disposition", "attachment; filename="+chi.URLParam(r, "id"))
}

// Healthz answers the load balancer.
func Healthz(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}

// authz:public the status page shows no user data
func Status(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("up"))
}
