package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/docs/authz"
	"example.com/docs/perms"
)

// Routes wires the handlers.
func Routes(h *DocumentHandler) http.Handler {
	r := chi.NewRouter()
	r.Get("/healthz", Healthz)
	r.Route("/documents", func(r chi.Router) {
		r.Use(authz.RequireUser)
		r.Get("/", h.List)
		r.Post("/", h.Create)
		r.Get("/{id}", h.Get)
		r.With(authz.RequirePermission(perms.Document, perms.Edit)).Put("/{id}", h.Update)
		r.Delete("/{id}", h.Delete)
		r.Post("/{id}/archive", h.Archive)
	})
	return r
}
