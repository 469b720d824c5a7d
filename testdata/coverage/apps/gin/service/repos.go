// Package service holds the repository, issue and team services.
package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/ginapp/authz"
	"example.com/ginapp/perms"
)

// Repository is a stored repository.
type Repository struct{ ID, Name string }

// Repos is the repository service.
type Repos struct {
	client *authzed.Client
	repos  map[string]*Repository
}

// NewRepos makes the service.
func NewRepos(client *authzed.Client) *Repos {
	return &Repos{client: client, repos: map[string]*Repository{}}
}

// Create stores a repository owned by the user.
func (s *Repos) Create(ctx context.Context, name string) (*Repository, error) {
	r := &Repository{ID: name, Name: name}
	s.repos[r.ID] = r
	return r, authz.Grant(ctx, s.client, perms.Repository, r.ID, perms.Owner, authz.UserID(ctx))
}

// Get returns a repository (the route's middleware checked read).
func (s *Repos) Get(ctx context.Context, id string) *Repository { return s.repos[id] }

// Rename renames a repository the user administers.
func (s *Repos) Rename(ctx context.Context, id, name string) error {
	if err := s.require(ctx, id, perms.Admin); err != nil {
		return err
	}
	s.repos[id].Name = name
	return nil
}

// Delete removes a repository the user administers, with its relationships.
func (s *Repos) Delete(ctx context.Context, id string) error {
	if err := s.require(ctx, id, perms.Admin); err != nil {
		return err
	}
	delete(s.repos, id)
	return authz.Forget(ctx, s.client, perms.Repository, id)
}

// List returns the repositories the user may read.
func (s *Repos) List(ctx context.Context) ([]string, error) {
	return authz.Visible(ctx, s.client, perms.Repository, perms.Read)
}

func (s *Repos) require(ctx context.Context, id, permission string) error {
	return authz.Require(ctx, s.client, perms.Repository, id, permission)
}
