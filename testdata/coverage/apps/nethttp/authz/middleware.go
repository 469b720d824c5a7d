package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/perms"
)

// Guard is the HTTP middleware set, bound to a client.
type Guard struct {
	Client *authzed.Client
}

// ViewProject lets through the users who may view the request's project.
func (g *Guard) ViewProject(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := Require(r.Context(), g.Client, "project", r.PathValue("project"), "view"); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireProject makes middleware that lets through the users who have
// the permission on the request's project.
func RequireProject(client *authzed.Client, permission string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := Require(r.Context(), client, perms.Project, r.PathValue("project"), permission); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// RequireTask wraps a handler, given last, with a check of the
// permission on the request's task.
func RequireTask(client *authzed.Client, permission string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := Require(r.Context(), client, perms.Task, r.PathValue("task"), permission); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		next(w, r)
	}
}
