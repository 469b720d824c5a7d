package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
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
