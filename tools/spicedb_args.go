package tools

import (
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// ReadConsistency are the consistency arguments every live read takes.
type ReadConsistency struct {
	Consistency string `json:"consistency,omitempty" jsonschema:"How fresh the read must be: minimize_latency (default; may lag writes by a few seconds), fully_consistent (the latest data; slower), at_least_as_fresh (at least as new as zedtoken, e.g. the token a write returned), at_exact_snapshot (exactly at zedtoken)."`
	ZedToken    string `json:"zedtoken,omitempty" jsonschema:"The ZedToken for at_least_as_fresh or at_exact_snapshot."`
}

func (r ReadConsistency) live() live.Consistency {
	return live.Consistency{Mode: r.Consistency, ZedToken: r.ZedToken}
}

// Page are the paging arguments of the live lookups and reads.
type Page struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"Results per page, 1 to 1000; default 50."`
	Cursor string `json:"cursor,omitempty" jsonschema:"The cursor a previous page returned, to continue the listing. Pass the same other arguments."`
}

// nextPage tells the model how to continue, or that the listing is done.
func nextPage(cursor string) string {
	if cursor == "" {
		return "end of results"
	}
	return fmt.Sprintf("more results: call again with cursor %q", cursor)
}

// foundList renders lookup results compactly: `a, b [conditional: needs day]`.
func foundList(found []live.Found) string {
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = f.ID
		if len(f.Excluded) > 0 {
			parts[i] += " (except " + strings.Join(f.Excluded, ", ") + ")"
		}
		if f.Permissionship == schemas.ConditionalPermission {
			parts[i] += " [conditional"
			if len(f.MissingContext) > 0 {
				parts[i] += ": needs " + strings.Join(f.MissingContext, ", ")
			}
			parts[i] += "]"
		}
	}
	return strings.Join(parts, ", ")
}
