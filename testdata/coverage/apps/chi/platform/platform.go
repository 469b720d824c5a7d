// Package platform makes the routers the services start from, with the
// permission check installed.
package platform

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/go-chi/chi/v5"

	"example.com/chiapp/authz"
	"example.com/chiapp/perms"
)

// NewRouter is a router that lets through only the callers who may view
// the document a route names.
func NewRouter(client *authzed.Client) *chi.Mux {
	r := chi.NewRouter()
	r.Use(authz.RequirePermission(client, perms.Document, perms.View))
	return r
}
