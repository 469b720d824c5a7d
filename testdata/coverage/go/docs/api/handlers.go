// Package api serves the document service over HTTP.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/docs/authz"
	"example.com/docs/service"
)

// DocumentHandler serves documents.
type DocumentHandler struct {
	docs *service.Documents
}

// NewDocumentHandler makes the handler.
func NewDocumentHandler(docs *service.Documents) *DocumentHandler {
	return &DocumentHandler{docs: docs}
}

func (h *DocumentHandler) List(w http.ResponseWriter, r *http.Request) {
	ids, err := h.docs.List(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(ids)
}

func (h *DocumentHandler) Get(w http.ResponseWriter, r *http.Request) {
	doc, err := h.docs.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(doc)
}

func (h *DocumentHandler) Create(w http.ResponseWriter, r *http.Request) {
	doc, err := h.docs.Create(r.Context(), r.FormValue("title"), authz.UserID(r.Context()))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(doc)
}

func (h *DocumentHandler) Update(w http.ResponseWriter, r *http.Request) {
	if err := h.docs.Rename(r.Context(), chi.URLParam(r, "id"), r.FormValue("title")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (h *DocumentHandler) Delete(w http.ResponseWriter, r *http.Request) {
	if err := h.docs.Delete(r.Context(), chi.URLParam(r, "id")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (h *DocumentHandler) Archive(w http.ResponseWriter, r *http.Request) {
	h.docs.Archive(r.Context(), chi.URLParam(r, "id"))
	w.WriteHeader(http.StatusAccepted)
}

// authz:public the load balancer probes it
func Healthz(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}

// Version is routed from package main.
func Version(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("1"))
}
