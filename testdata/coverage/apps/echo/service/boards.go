// Package service holds the board and card services.
package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/echoapp/authz"
	"example.com/echoapp/perms"
)

// Board is a stored board.
type Board struct{ ID, Name string }

// Boards is the board service.
type Boards struct {
	client *authzed.Client
	boards map[string]*Board
}

// NewBoards makes the service.
func NewBoards(client *authzed.Client) *Boards {
	return &Boards{client: client, boards: map[string]*Board{}}
}

// Create stores a board owned by the user.
func (s *Boards) Create(ctx context.Context, name string) (*Board, error) {
	b := &Board{ID: "b1", Name: name}
	s.boards[b.ID] = b
	return b, authz.Grant(ctx, s.client, perms.Board, b.ID, perms.Owner, authz.UserID(ctx))
}

// Get returns a board; the route's middleware checked read.
func (s *Boards) Get(ctx context.Context, id string) *Board { return s.boards[id] }

// Rename renames a board; the route's middleware checked write.
func (s *Boards) Rename(ctx context.Context, id, name string) error {
	s.boards[id].Name = name
	return nil
}

// Archive hides a board; the route's middleware checked remove.
func (s *Boards) Archive(ctx context.Context, id string) error {
	delete(s.boards, id)
	return nil
}

// List returns the boards the user may read.
func (s *Boards) List(ctx context.Context) ([]string, error) {
	return authz.Visible(ctx, s.client, perms.Board, perms.Read)
}

// Remove deletes a board the user may remove, and its relationships.
func (s *Boards) Remove(ctx context.Context, id string) error {
	if err := s.check(ctx, id, perms.Remove); err != nil {
		return err
	}
	delete(s.boards, id)
	return authz.Forget(ctx, s.client, perms.Board, id)
}

func (s *Boards) check(ctx context.Context, id, permission string) error {
	return authz.Require(ctx, s.client, perms.Board, id, permission)
}
