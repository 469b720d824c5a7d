package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/echoapp/authz"
	"example.com/echoapp/perms"
)

// Card is a stored card.
type Card struct{ ID, Board, Title string }

// Cards is the card service.
type Cards struct {
	client *authzed.Client
	cards  map[string]*Card
}

// NewCards makes the service.
func NewCards(client *authzed.Client) *Cards {
	return &Cards{client: client, cards: map[string]*Card{}}
}

// Add puts a card on a board; its creator may move it.
func (s *Cards) Add(ctx context.Context, board, title string) (*Card, error) {
	c := &Card{ID: "c1", Board: board, Title: title}
	s.cards[c.ID] = c
	return c, authz.Grant(ctx, s.client, perms.Card, c.ID, perms.Creator, authz.UserID(ctx))
}

// Move moves a card the user may move.
func (s *Cards) Move(ctx context.Context, id, column string) error {
	if err := s.gate(ctx, id, perms.Move); err != nil {
		return err
	}
	return nil
}

// Remove deletes a card row and leaves its relationships behind.
func (s *Cards) Remove(ctx context.Context, id string) error {
	if err := s.gate(ctx, id, perms.Remove); err != nil {
		return err
	}
	delete(s.cards, id)
	return nil
}

// Get returns a card; the route's middleware checked read on its board.
func (s *Cards) Get(ctx context.Context, id string) *Card { return s.cards[id] }

func (s *Cards) gate(ctx context.Context, id, permission string) error {
	return authz.Require(ctx, s.client, perms.Card, id, permission)
}
