package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/go-chi/chi/v5"

	"example.com/chiapp/authz"
	"example.com/chiapp/paths"
	"example.com/chiapp/perms"
	"example.com/chiapp/sharing"
)

// Routes wires the handlers.
func Routes(client *authzed.Client, h *Handler, sh *sharing.Handler) http.Handler {
	r := chi.NewRouter()
	viewers := []func(http.Handler) http.Handler{authz.RequirePermission(client, perms.Document, perms.View)}
	r.Get("/healthz", Healthz)
	r.Get("/status", Status)
	r.Group(sharing.Public)
	r.Route("/documents/{id}/share", sh.Routes)
	r.Route("/documents", func(r chi.Router) {
		r.Use(authz.RequireUser)
		r.Get("/", h.ListDocuments)
		r.Post("/", h.CreateDocument)
		r.Get("/{id}", h.GetDocument)
		r.Get("/{id}/preview", h.PreviewDocument)
		r.With(authz.RequirePermission(client, perms.Document, perms.Edit)).Put("/{id}", h.UpdateDocument)
		r.Delete("/{id}", h.DeleteDocument)
		// Helpers of another file, given a path constant of another
		// package, registering inside this closure and their own.
		register(r.With(authz.RequirePermission(client, perms.Document, perms.View)), paths.History, h.DocumentHistory)
		guarded(r, paths.Versions, authz.RequirePermission(client, perms.Document, perms.View), h.DocumentVersions)
		// Middleware spread from a slice.
		r.With(viewers...).Get("/{id}/comments", h.DocumentComments)
		// A helper of this file, whose own routes are one registration
		// however often it is called.
		h.documentRoute(r, "/{id}/summary", h.DocumentSummary)
		h.documentRoute(r, "/{id}/outline", h.DocumentOutline)
	})
	// Routers of another file at prefixes that are constants of another
	// package: mounted, and a group handed to the function filling it.
	r.Mount(paths.Archive, h.archiveRoutes())
	r.Route(paths.Shared, h.sharedRoutes)
	// A router another package builds around the handler it is given.
	r.Mount("/drafts", sharing.Drafts(h.DraftDocument))
	// A router of this file mounted twice: the old path still serves it,
	// without the check.
	r.With(authz.RequirePermission(client, perms.Document, perms.View)).Mount("/export", h.exportRoutes())
	r.Mount("/legacy/export", h.exportRoutes())
	r.Route("/folders", func(r chi.Router) {
		r.Use(authz.RequireUser)
		r.Post("/", h.CreateFolder)
		r.Get("/{id}", h.GetFolder)
		r.Post("/{id}/share", h.ShareFolder)
	})
	return r
}

// documentRoute registers fn at path, and the routes every document
// route brings.
func (h *Handler) documentRoute(r chi.Router, path string, fn http.HandlerFunc) {
	r.Get(path, fn)
	r.Get("/{id}/owners", h.DocumentOwners)
	r.Group(func(r chi.Router) {
		r.Get("/{id}/tags", h.DocumentTags)
	})
}

// exportRoutes serves documents as files.
func (h *Handler) exportRoutes() http.Handler {
	r := chi.NewRouter()
	r.Get("/documents/{id}", h.ExportDocument)
	return r
}
