package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/ginapp/authz"
	"example.com/ginapp/perms"
)

// Teams is the team service. Team membership is synced from the identity
// provider by another system, so nothing here writes team relationships.
type Teams struct {
	client *authzed.Client
}

// NewTeams makes the service.
func NewTeams(client *authzed.Client) *Teams { return &Teams{client: client} }

// Members lists a team's members for a user who may read the team.
func (s *Teams) Members(ctx context.Context, id string) ([]string, error) {
	if err := authz.Require(ctx, s.client, perms.Team, id, perms.Read); err != nil { // want "type-never-written"
		return nil, err
	}
	return []string{"alice"}, nil
}
