// Package sharing serves document sharing. Package api places its
// routes: r.Route("/documents/{id}/share", sh.Routes) and
// r.Group(sharing.Public).
package sharing

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/chiapp/authz"
	"example.com/chiapp/service"
)

// Handler serves the share routes.
type Handler struct {
	docs *service.Documents
}

// New makes the handler.
func New(docs *service.Documents) *Handler { return &Handler{docs: docs} }

// Routes adds the share routes to the sub-router api gives it.
func (h *Handler) Routes(r chi.Router) {
	r.Use(authz.RequireUser)
	r.Put("/", h.ShareDocument)
}

func (h *Handler) ShareDocument(w http.ResponseWriter, r *http.Request) { // protected "PUT /documents/{id}/share"
	if err := h.docs.Share(r.Context(), chi.URLParam(r, "id"), r.FormValue("user")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

// Drafts builds the router of a document's drafts around the handler
// api gives it, which api mounts: r.Mount("/drafts", sharing.Drafts(h.DraftDocument)).
func Drafts(show http.HandlerFunc) chi.Router {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	r.Get("/{id}", show)
	return r
}

// Public adds the routes anyone may call.
func Public(r chi.Router) {
	r.Get("/sharing/policy", Policy)
}

// authz:public the sharing policy is published
func Policy(w http.ResponseWriter, r *http.Request) { w.Write([]byte("policy")) }
