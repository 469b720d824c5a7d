// Package api serves projects and tasks with net/http.
package api

import (
	"encoding/json"
	"net/http"

	"example.com/nethttpapp/service"
)

// Server serves the API.
type Server struct {
	projects *service.Projects
	tasks    *service.Tasks
}

// NewServer makes the server.
func NewServer(projects *service.Projects, tasks *service.Tasks) *Server {
	return &Server{projects: projects, tasks: tasks}
}

func (s *Server) ListProjects(w http.ResponseWriter, r *http.Request) {
	ids, err := s.projects.List(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(ids)
}

func (s *Server) GetProject(w http.ResponseWriter, r *http.Request) {
	p, err := s.projects.Get(r.Context(), r.PathValue("project"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(p)
}

func (s *Server) CreateProject(w http.ResponseWriter, r *http.Request) {
	p, err := s.projects.Create(r.Context(), r.FormValue("name"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(p)
}

func (s *Server) DeleteProject(w http.ResponseWriter, r *http.Request) {
	if err := s.projects.Delete(r.Context(), r.PathValue("project")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (s *Server) CreateTask(w http.ResponseWriter, r *http.Request) {
	t, err := s.tasks.Create(r.Context(), r.PathValue("project"), r.FormValue("title"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(t)
}

func (s *Server) UpdateTask(w http.ResponseWriter, r *http.Request) {
	if err := s.tasks.Update(r.Context(), r.PathValue("task"), r.FormValue("title")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (s *Server) GetTask(w http.ResponseWriter, r *http.Request) { // want "unprotected-handler"
	json.NewEncoder(w).Encode(s.tasks.Load(r.Context(), r.PathValue("task")))
}

// LegacyTask serves every method of its route itself: the GET checks
// (through Inspect), the DELETE checks nothing.
func (s *Server) LegacyTask(w http.ResponseWriter, r *http.Request) { // want "unprotected-handler" "missing-relationship-delete"
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		json.NewEncoder(w).Encode(s.tasks.Inspect(r.Context(), r.PathValue("task")))
	case http.MethodDelete:
		s.tasks.Load(r.Context(), r.PathValue("task"))
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (s *Server) InspectTask(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(s.tasks.Inspect(r.Context(), r.PathValue("task")))
}

func (s *Server) RenameProject(w http.ResponseWriter, r *http.Request) { // protected "PATCH /projects/{project}"
	s.projects.Rename(r.Context(), r.PathValue("project"), r.FormValue("name"))
}

func (s *Server) ArchiveProject(w http.ResponseWriter, r *http.Request) { // protected "POST /projects/{project}/archive"
	s.projects.Archive(r.Context(), r.PathValue("project"))
}

func (s *Server) CompleteTask(w http.ResponseWriter, r *http.Request) { // protected "POST /tasks/{task}/complete"
	s.tasks.Complete(r.Context(), r.PathValue("task"))
}

func (s *Server) ProjectSummary(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/summary"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) ProjectActivity(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/activity"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) ExportProject(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/export"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) ProjectMembers(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/members"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) ProjectLabels(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/labels"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) ProjectTags(w http.ResponseWriter, r *http.Request) { // protected "GET /projects/{project}/tags"
	json.NewEncoder(w).Encode(s.projects.Summary(r.Context(), r.PathValue("project")))
}

func (s *Server) TaskHistory(w http.ResponseWriter, r *http.Request) { // want "unprotected-handler"
	json.NewEncoder(w).Encode(s.tasks.Load(r.Context(), r.PathValue("task")))
}

func healthz(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

// authz:public the build info is published anyway
func version(w http.ResponseWriter, r *http.Request) { w.Write([]byte("1.0")) }
