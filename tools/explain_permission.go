package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// ExplainPermissionArgs are the arguments of explain_permission.
type ExplainPermissionArgs struct {
	Resource   string `json:"resource" jsonschema:"The resource definition, e.g. document."`
	Permission string `json:"permission" jsonschema:"The permission (or relation) on it, e.g. view."`
}

// ExplainPermission is the explain_permission tool.
func ExplainPermission(d Deps) server.ServerTool {
	return readOnlyTool[ExplainPermissionArgs, schemas.Explanation]("explain_permission", "Explain who can hold a permission",
		"List every grant path for resource#permission: which subject types can hold it, through which relations and arrows "+
			"(e.g. `user → folder#viewer via document#parent → folder#view`), with intersection (requires) and exclusion (unless) "+
			"conditions, and which relationships must be written for it to be granted. Use it to decide which relationships a "+
			"create handler must write and which permission a handler must check.",
		func(ctx context.Context, args ExplainPermissionArgs) (string, schemas.Explanation, error) {
			m, err := d.Store.Model(ctx)
			if err != nil {
				return "", schemas.Explanation{}, err
			}
			ex, err := m.Explain(args.Resource, args.Permission)
			if err != nil {
				return "", schemas.Explanation{}, err
			}
			return FormatExplanation(ex), *ex, nil
		})
}

// FormatExplanation renders grant paths compactly for a model to read.
func FormatExplanation(ex *schemas.Explanation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s#%s (%s) = %s\n", ex.Resource, ex.Permission, ex.Kind, ex.Expression)
	if ex.Meaning != "" {
		fmt.Fprintf(&b, "means: %s\n", ex.Meaning)
	}
	if !ex.Grantable {
		b.WriteString("NOT GRANTABLE: no subject type can ever hold this permission.\n")
	} else {
		fmt.Fprintf(&b, "subject types: %s\n", strings.Join(ex.SubjectTypes, ", "))
	}
	fmt.Fprintf(&b, "grant paths (%d", len(ex.Paths))
	if ex.Truncated {
		b.WriteString(", truncated")
	}
	b.WriteString("):\n")
	for _, p := range ex.Paths {
		b.WriteString("  " + p.Text)
		var notes []string
		if p.Caveat != "" {
			notes = append(notes, "caveat "+p.Caveat)
		}
		if p.Expiration {
			notes = append(notes, "expiring")
		}
		if len(p.Recursive) > 0 {
			notes = append(notes, "recursive via "+strings.Join(p.Recursive, ", "))
		}
		if len(p.Requires) > 0 {
			notes = append(notes, "requires "+strings.Join(p.Requires, " and "))
		}
		if len(p.Unless) > 0 {
			notes = append(notes, "unless "+strings.Join(p.Unless, " or "))
		}
		if len(notes) > 0 {
			b.WriteString("  [" + strings.Join(notes, "; ") + "]")
		}
		b.WriteString("\n")
	}
	if len(ex.RequiredRelations) > 0 {
		fmt.Fprintf(&b, "relationships that can grant it: %s\n", strings.Join(ex.RequiredRelations, ", "))
	}
	if ex.Compositional {
		fmt.Fprintf(&b, "compositional: used by %s\n", strings.Join(ex.UsedBy, ", "))
	}
	return strings.TrimRight(b.String(), "\n")
}
