package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/chiapp/authz"
	"example.com/chiapp/perms"
)

// Folder is a stored folder.
type Folder struct {
	ID, Name string
}

// Folders is the folder service.
type Folders struct {
	client  *authzed.Client
	folders map[string]*Folder
}

// NewFolders makes the service.
func NewFolders(client *authzed.Client) *Folders {
	return &Folders{client: client, folders: map[string]*Folder{}}
}

// Get returns a folder the user may view.
func (s *Folders) Get(ctx context.Context, id string) (*Folder, error) {
	if err := authz.Require(ctx, s.client, perms.Folder, id, perms.View); err != nil {
		return nil, err
	}
	return s.folders[id], nil
}

// Create stores a folder and forgets to write its owner.
func (s *Folders) Create(ctx context.Context, name string) *Folder {
	f := &Folder{ID: "folder-1", Name: name}
	s.folders[f.ID] = f
	return f
}

// Share gives a user the owner relation on a folder.
func (s *Folders) Share(ctx context.Context, id, user string) error {
	if err := authz.Require(ctx, s.client, perms.Folder, id, perms.View); err != nil {
		return err
	}
	return authz.Grant(ctx, s.client, perms.Folder, id, perms.Owner, user)
}
