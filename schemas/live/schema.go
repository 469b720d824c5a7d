package live

import (
	"context"
	"fmt"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// DeployedSchema is the schema text SpiceDB serves.
type DeployedSchema struct {
	Text string
	// ReadAt is the ZedToken of the revision read.
	ReadAt string
}

// ReadSchema reads the deployed schema. A SpiceDB with no schema written
// yet gives an InputError of kind ErrNoSchemaDeployed.
func (c *Client) ReadSchema(ctx context.Context) (DeployedSchema, error) {
	ctx, cancel := c.call(ctx)
	defer cancel()
	resp, err := c.schema.ReadSchema(ctx, &v1.ReadSchemaRequest{})
	if status.Code(err) == codes.NotFound {
		return DeployedSchema{}, &schemas.InputError{Kind: ErrNoSchemaDeployed,
			Message: fmt.Sprintf("SpiceDB at %s has no schema yet", c.endpoint),
			Fix:     "write the repository's schema to it (zed schema write), or point --spicedb-endpoint at the deployment you meant"}
	}
	if err != nil {
		return DeployedSchema{}, c.classify(ctx, "ReadSchema", err)
	}
	return DeployedSchema{Text: resp.SchemaText, ReadAt: resp.GetReadAt().GetToken()}, nil
}
