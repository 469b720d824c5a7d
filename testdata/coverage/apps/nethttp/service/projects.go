// Package service holds the project and task services.
package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/authz"
	"example.com/nethttpapp/perms"
)

// Project is a stored project.
type Project struct{ ID, Name string }

// Projects is the project service.
type Projects struct {
	client   *authzed.Client
	projects map[string]*Project
}

// NewProjects makes the service.
func NewProjects(client *authzed.Client) *Projects {
	return &Projects{client: client, projects: map[string]*Project{}}
}

// Get returns a project the user may view.
func (s *Projects) Get(ctx context.Context, id string) (*Project, error) {
	if err := s.can(ctx, id, perms.View); err != nil {
		return nil, err
	}
	return s.projects[id], nil
}

// Create stores a project owned by the user.
func (s *Projects) Create(ctx context.Context, name string) (*Project, error) {
	p := &Project{ID: "p1", Name: name}
	s.projects[p.ID] = p
	return p, authz.Grant(ctx, s.client, perms.Project, p.ID, perms.Owner, authz.UserID(ctx))
}

// Delete removes a project the user manages, with its relationships.
func (s *Projects) Delete(ctx context.Context, id string) error {
	if err := s.can(ctx, id, perms.Manage); err != nil {
		return err
	}
	delete(s.projects, id)
	return authz.Forget(ctx, s.client, perms.Project, id)
}

// List returns the projects the user may view.
func (s *Projects) List(ctx context.Context) ([]string, error) {
	return authz.Visible(ctx, s.client, perms.Project, perms.View)
}

// Rename renames a project; the route's middleware checked manage.
func (s *Projects) Rename(ctx context.Context, id, name string) { s.projects[id].Name = name }

// Archive archives a project; the route's middleware checked archive.
func (s *Projects) Archive(ctx context.Context, id string) { delete(s.projects, id) }

// Summary describes a project; the route's middleware checked view.
func (s *Projects) Summary(ctx context.Context, id string) string { return s.projects[id].Name }

func (s *Projects) can(ctx context.Context, id, permission string) error {
	return authz.Require(ctx, s.client, perms.Project, id, permission)
}
