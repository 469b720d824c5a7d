package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/gorilla/mux"
)

// Authenticated rejects anonymous requests.
func Authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserID(r.Context()) == "" {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// BoardPermission checks the permission on the board named by {board}.
func BoardPermission(client *authzed.Client, permission string) mux.MiddlewareFunc {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := Require(r.Context(), client, "board", mux.Vars(r)["board"], permission); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
