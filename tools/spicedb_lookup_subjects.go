package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// LookupSubjectsArgs are the arguments of spicedb_lookup_subjects.
type LookupSubjectsArgs struct {
	Resource        string `json:"resource" jsonschema:"The object, as type:id, e.g. document:readme."`
	Permission      string `json:"permission" jsonschema:"The permission, e.g. view."`
	SubjectType     string `json:"subject_type" jsonschema:"The subject type to list, e.g. user."`
	SubjectRelation string `json:"subject_relation,omitempty" jsonschema:"A relation on the subject type, to list subject sets such as group#member."`
	ReadConsistency
	Context map[string]any `json:"context,omitempty" jsonschema:"Caveat parameter values."`
	Page
}

// SpiceDBLookupSubjects is the spicedb_lookup_subjects tool.
func SpiceDBLookupSubjects(d Deps) server.ServerTool {
	return liveTool[LookupSubjectsArgs, live.LookupResult]("spicedb_lookup_subjects", "List who can access an object in the live SpiceDB",
		"Ask the running SpiceDB which subjects of a type have a permission on an object (LookupSubjects), sorted by ID, one page "+
			"at a time (limit default 50, at most 1000; continue with `cursor`, which pins the snapshot of the first page). Read-only. "+
			"A wildcard shows as `*` with the subjects it excludes.",
		func(ctx context.Context, args LookupSubjectsArgs) (string, live.LookupResult, error) {
			r, err := d.SpiceDB.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: args.Resource, Permission: args.Permission,
				SubjectType: args.SubjectType, SubjectRelation: args.SubjectRelation, Consistency: args.live(), Context: args.Context,
				Limit: args.Limit, Cursor: args.Cursor})
			if err != nil {
				return "", live.LookupResult{}, err
			}
			return formatLookup(r, "subjects"), r, nil
		})
}
