// Package reports serves reports; api wraps its handlers in middleware.
package reports

import (
	"encoding/json"
	"net/http"

	"example.com/nethttpapp/service"
)

// Weekly serves a project's weekly report.
type Weekly struct {
	projects *service.Projects
}

// NewWeekly makes the weekly report handler.
func NewWeekly(projects *service.Projects) *Weekly { return &Weekly{projects: projects} }

func (h *Weekly) ServeHTTP(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/weekly"
	json.NewEncoder(w).Encode(h.projects.Summary(r.Context(), r.PathValue("project")))
}
