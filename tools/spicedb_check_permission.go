package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// CheckPermissionArgs are the arguments of spicedb_check_permission.
type CheckPermissionArgs struct {
	Resource   string `json:"resource" jsonschema:"The object, as type:id, e.g. document:readme."`
	Permission string `json:"permission" jsonschema:"The permission (or relation) to check, e.g. view."`
	Subject    string `json:"subject" jsonschema:"Who, as type:id or type:id#relation, e.g. user:alice or group:eng#member."`
	ReadConsistency
	Context map[string]any `json:"context,omitempty" jsonschema:"Caveat parameter values, e.g. {\"day\": \"monday\"}."`
}

// SpiceDBCheckPermission is the spicedb_check_permission tool.
func SpiceDBCheckPermission(d Deps) server.ServerTool {
	return liveTool[CheckPermissionArgs, live.CheckResult]("spicedb_check_permission", "Check a permission in the live SpiceDB",
		"Ask the running SpiceDB whether a subject has a permission on an object, with SpiceDB's debug trace of why: "+
			"the relations and permissions it walked and which of them granted. Read-only. Use it to confirm what the schema "+
			"predicts against real relationships, or to debug an unexpected NO_PERMISSION.",
		func(ctx context.Context, args CheckPermissionArgs) (string, live.CheckResult, error) {
			r, err := d.SpiceDB.Check(ctx, live.CheckRequest{Resource: args.Resource, Permission: args.Permission, Subject: args.Subject,
				Consistency: args.live(), Context: args.Context})
			if err != nil {
				return "", live.CheckResult{}, err
			}
			return formatCheck(r), r, nil
		})
}

func formatCheck(r live.CheckResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s → %s#%s (checked at zedtoken %s)\n", r.Permissionship, r.Subject, r.Resource, r.Permission, r.CheckedAt)
	switch r.Permissionship {
	case schemas.ConditionalPermission:
		fmt.Fprintf(&b, "a caveat decides: pass `context` with %s to get a definite answer\n", strings.Join(r.MissingContext, ", "))
	case schemas.NoPermission:
		b.WriteString("no path grants it; every branch SpiceDB tried:\n")
	default:
		b.WriteString("granted through:\n")
	}
	writeTrace(&b, "", r.CheckAnswer)
	return strings.TrimRight(b.String(), "\n")
}
