package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// ReadRelationshipsArgs are the arguments of spicedb_read_relationships.
type ReadRelationshipsArgs struct {
	ResourceType string `json:"resource_type" jsonschema:"The resource type of the relationships, e.g. document."`
	ResourceID   string `json:"resource_id,omitempty" jsonschema:"Only relationships of this object ID."`
	Relation     string `json:"relation,omitempty" jsonschema:"Only this relation, e.g. viewer."`
	Subject      string `json:"subject,omitempty" jsonschema:"Only these subjects: a type (user), an object (user:alice) or a subject set (group:eng#member)."`
	ReadConsistency
	Page
}

// SpiceDBReadRelationships is the spicedb_read_relationships tool.
func SpiceDBReadRelationships(d Deps) server.ServerTool {
	return liveTool[ReadRelationshipsArgs, live.ReadResult]("spicedb_read_relationships", "Read stored relationships from the live SpiceDB",
		"Read the relationships stored in the running SpiceDB that match a filter (resource type required; optional object ID, "+
			"relation and subject), one page at a time (limit default 50, at most 1000; continue with `cursor`). Read-only. "+
			"Use it to see what a handler actually wrote, e.g. whether a new document got its owner and parent.",
		func(ctx context.Context, args ReadRelationshipsArgs) (string, live.ReadResult, error) {
			r, err := d.SpiceDB.ReadRelationships(ctx, live.ReadRequest{
				Filter:      live.RelationshipFilter{ResourceType: args.ResourceType, ResourceID: args.ResourceID, Relation: args.Relation, Subject: args.Subject},
				Consistency: args.live(), Limit: args.Limit, Cursor: args.Cursor})
			if err != nil {
				return "", live.ReadResult{}, err
			}
			return formatRelationships(r), r, nil
		})
}

func formatRelationships(r live.ReadResult) string {
	if len(r.Relationships) == 0 {
		return "no relationships match; " + nextPage(r.Cursor)
	}
	return fmt.Sprintf("%d relationships on this page (at zedtoken %s)\n%s\n%s", len(r.Relationships), r.ReadAt, strings.Join(r.Relationships, "\n"), nextPage(r.Cursor))
}
