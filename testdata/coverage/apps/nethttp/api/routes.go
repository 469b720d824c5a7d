package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/authz"
	"example.com/nethttpapp/paths"
	"example.com/nethttpapp/perms"
	"example.com/nethttpapp/reports"
)

// Mux wires the handlers.
func Mux(client *authzed.Client, s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /version", version)
	mux.HandleFunc("GET /projects", s.ListProjects)
	mux.HandleFunc("POST /projects", s.CreateProject)
	mux.HandleFunc("GET /projects/{project}", s.GetProject)
	mux.HandleFunc("DELETE /projects/{project}", s.DeleteProject)
	guard := &authz.Guard{Client: client}
	mux.Handle("POST /projects/{project}/tasks", guard.ViewProject(http.HandlerFunc(s.CreateTask)))
	mux.HandleFunc("PUT /tasks/{task}", s.UpdateTask)
	mux.HandleFunc("GET /tasks/{task}", s.GetTask)
	mux.HandleFunc("GET /tasks/{task}/inspect", s.InspectTask)
	// One handler for every method, which branches on it.
	mux.HandleFunc("/legacy/tasks/{task}", s.LegacyTask)
	// A check whose error the handler throws away: it serves the task
	// whatever SpiceDB answers.
	mux.HandleFunc("GET /tasks/{task}/peek", func(w http.ResponseWriter, r *http.Request) {
		authz.Require(r.Context(), client, perms.Task, r.PathValue("task"), perms.View) // want "check-result-ignored"
		s.InspectTask(w, r)
	})
	// A check whose denial the handler writes but does not return on: it
	// serves the task anyway.
	mux.HandleFunc("GET /tasks/{task}/glance", func(w http.ResponseWriter, r *http.Request) {
		if err := authz.Require(r.Context(), client, perms.Task, r.PathValue("task"), perms.View); err != nil { // want "check-result-ignored"
			http.Error(w, err.Error(), http.StatusForbidden)
		}
		s.InspectTask(w, r)
	})
	// Middleware factories applied as a call, directly and through a
	// variable, and a wrapper that takes the handler last.
	mux.Handle("PATCH /projects/{project}", authz.RequireProject(client, perms.Manage)(http.HandlerFunc(s.RenameProject)))
	canArchive := authz.RequireProject(client, perms.Archive)
	mux.Handle("POST /projects/{project}/archive", canArchive(http.HandlerFunc(s.ArchiveProject)))
	mux.HandleFunc("POST /tasks/{task}/complete", authz.RequireTask(client, perms.Edit, s.CompleteTask))
	// A registration helper: each call says the route and middleware.
	route(mux, "GET /projects/{project}/summary", guard.ViewProject, s.ProjectSummary)
	// The same, with a helper declared in another file.
	handle(mux, "GET /projects/{project}/activity", guard.ViewProject, s.ProjectActivity)
	handleWith(mux, "GET", "/projects/{project}/export", s.ExportProject, guard.ViewProject)
	handleWith(mux, "GET", "/tasks/{task}/history", s.TaskHistory)
	// Another package's handler, wrapped through a second variable.
	var weekly http.Handler = reports.NewWeekly(s.projects)
	guarded := guard.ViewProject(weekly)
	mux.Handle("GET /projects/{project}/weekly", guarded)
	// A handler type that calls the function the registration sets.
	mux.Handle("POST /projects/{project}/pin", &Endpoint[pinRequest]{fn: s.PinProject})
	// Factories of another package declared to return an http.Handler,
	// called in place and through a local; a pattern constant of another
	// package, given directly and to a helper of another file.
	mux.Handle("GET /projects/{project}/calendar", reports.Calendar(client, s.projects))
	burndown := reports.NewBurndown(client, s.projects)
	mux.Handle(paths.Burndown, burndown)
	handle(mux, paths.Members, guard.ViewProject, s.ProjectMembers)
	// A helper of this file whose path is its own, made with a constant
	// of another package: each call says only the handler.
	projectLabels(mux, guard.ViewProject, s.ProjectLabels)
	// The same, with a helper declared in another file.
	projectTags(mux, guard.ViewProject, s.ProjectTags)
	return mux
}

// projectLabels registers h behind mw at a project's labels.
func projectLabels(mux *http.ServeMux, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle("GET "+paths.Project+"/labels", mw(h))
}

// route registers h behind mw.
func route(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}
