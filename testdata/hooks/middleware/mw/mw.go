// Package mw holds the routes' middleware.
package mw

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/notes/authz"
)

// DocumentViewer lets the request through when the caller may view the document.
func DocumentViewer(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := authz.Require(r.Context(), "document", chi.URLParam(r, "id"), "view"); err != nil {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next(w, r)
	}
}
