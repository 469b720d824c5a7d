package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// register adds h at path on r; routes.go calls it inside a Route
// closure, on a router With middleware.
func register(r chi.Router, path string, h http.HandlerFunc) {
	r.Get(path, h)
}

// guarded adds h at path in a group of r behind mw.
func guarded(r chi.Router, path string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	r.Group(func(r chi.Router) {
		r.Use(mw)
		r.Get(path, h)
	})
}
