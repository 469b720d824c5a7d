package api

import (
	"context"
	"encoding/json"
	"net/http"
)

// Endpoint serves a request decoded into Req with the function it keeps;
// each registration sets its own.
type Endpoint[Req any] struct {
	fn func(ctx context.Context, r Req) error
}

func (e *Endpoint[Req]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req Req
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := e.fn(r.Context(), req); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

type pinRequest struct {
	Project string `json:"project"`
}

// PinProject is served by an Endpoint: its check is in the function the
// registration binds, not in ServeHTTP.
func (s *Server) PinProject(ctx context.Context, req pinRequest) error { // protected "POST /projects/{project}/pin"
	_, err := s.projects.Get(ctx, req.Project)
	return err
}
