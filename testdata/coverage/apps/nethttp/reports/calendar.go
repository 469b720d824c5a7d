package reports

import (
	"encoding/json"
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/authz"
	"example.com/nethttpapp/perms"
	"example.com/nethttpapp/service"
)

// Handlers that check view themselves, made by factories declared to
// return an http.Handler.

type calendar struct {
	client   *authzed.Client
	projects *service.Projects
}

// Calendar makes the calendar handler.
func Calendar(client *authzed.Client, projects *service.Projects) http.Handler {
	return &calendar{client: client, projects: projects}
}

func (c *calendar) ServeHTTP(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/calendar"
	if err := authz.Require(r.Context(), c.client, perms.Project, r.PathValue("project"), perms.View); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(c.projects.Summary(r.Context(), r.PathValue("project")))
}

// Burndown serves a project's burndown chart.
type Burndown struct {
	client   *authzed.Client
	projects *service.Projects
}

// NewBurndown makes the burndown handler.
func NewBurndown(client *authzed.Client, projects *service.Projects) http.Handler {
	b := Burndown{client: client, projects: projects}
	return b
}

func (b Burndown) ServeHTTP(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/burndown"
	if err := authz.Require(r.Context(), b.client, perms.Project, r.PathValue("project"), perms.View); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(b.projects.Summary(r.Context(), r.PathValue("project")))
}
