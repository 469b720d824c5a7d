package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/go-chi/chi/v5"
)

// RequireUser rejects anonymous requests.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserID(r.Context()) == "" {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequirePermission checks the permission on the object named by the
// route's {id}.
func RequirePermission(client *authzed.Client, resource, permission string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := Require(r.Context(), client, resource, chi.URLParam(r, "id"), permission); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
