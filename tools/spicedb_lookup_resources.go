package tools

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// LookupResourcesArgs are the arguments of spicedb_lookup_resources.
type LookupResourcesArgs struct {
	ResourceType string `json:"resource_type" jsonschema:"The object type to list, e.g. document."`
	Permission   string `json:"permission" jsonschema:"The permission the subject must have, e.g. view."`
	Subject      string `json:"subject" jsonschema:"Who, as type:id or type:id#relation, e.g. user:alice."`
	ReadConsistency
	Context map[string]any `json:"context,omitempty" jsonschema:"Caveat parameter values."`
	Page
}

// SpiceDBLookupResources is the spicedb_lookup_resources tool.
func SpiceDBLookupResources(d Deps) server.ServerTool {
	return liveTool[LookupResourcesArgs, live.LookupResult]("spicedb_lookup_resources", "List objects a subject can access in the live SpiceDB",
		"Ask the running SpiceDB which objects of a type a subject has a permission on (LookupResources), one page at a time "+
			"(limit default 50, at most 1000; continue with `cursor`). Read-only. Conditional results name the caveat context they need.",
		func(ctx context.Context, args LookupResourcesArgs) (string, live.LookupResult, error) {
			r, err := d.SpiceDB.LookupResources(ctx, live.LookupResourcesRequest{ResourceType: args.ResourceType, Permission: args.Permission,
				Subject: args.Subject, Consistency: args.live(), Context: args.Context, Limit: args.Limit, Cursor: args.Cursor})
			if err != nil {
				return "", live.LookupResult{}, err
			}
			return formatLookup(r, "objects"), r, nil
		})
}

func formatLookup(r live.LookupResult, what string) string {
	if len(r.Found) == 0 {
		return fmt.Sprintf("%s: no %s (at zedtoken %s); %s", r.Query, what, r.LookedUpAt, nextPage(r.Cursor))
	}
	return fmt.Sprintf("%s: %d %s on this page (at zedtoken %s)\n%s\n%s", r.Query, len(r.Found), what, r.LookedUpAt, foundList(r.Found), nextPage(r.Cursor))
}
