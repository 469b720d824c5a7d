package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/authz"
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
	return mux
}
