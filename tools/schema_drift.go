package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// SchemaDriftArgs are the arguments of schema_drift (none).
type SchemaDriftArgs struct{}

// DriftReport is schema_drift's structured output.
type DriftReport struct {
	// Repository is the repository's root schema file.
	Repository string `json:"repository"`
	Endpoint   string `json:"endpoint"`
	// Deployed is false when SpiceDB has no schema yet.
	Deployed bool `json:"deployed"`
	// ReadAt is the ZedToken of the deployed schema's revision.
	ReadAt string `json:"read_at,omitempty"`
	InSync bool   `json:"in_sync"`
	// Diff is what writing the repository schema would change in the
	// deployed one; breaking entries would break stored relationships or
	// code that relies on the deployed names.
	Diff schemas.Diff `json:"diff"`
}

// deployedName labels positions in the deployed schema text.
const deployedName = "deployed"

// SchemaDrift is the schema_drift tool.
func SchemaDrift(d Deps) server.ServerTool {
	return liveTool[SchemaDriftArgs, DriftReport]("schema_drift", "Compare the repository schema with the deployed one",
		"Compare the repository's schema with the schema the running SpiceDB serves, as a structural diff: what writing the "+
			"repository schema would add, change, rename or remove, with breaking changes flagged. Read-only. Call it when code "+
			"fails against SpiceDB with an unknown type or permission, or before deploying a schema change.",
		func(ctx context.Context, _ SchemaDriftArgs) (string, DriftReport, error) {
			r, err := Drift(ctx, d.Store, d.SpiceDB)
			if err != nil {
				return "", DriftReport{}, err
			}
			return formatDrift(r), r, nil
		})
}

// Drift diffs the deployed schema (before) against the repository's
// (after). A SpiceDB with no schema yet counts as an empty one.
func Drift(ctx context.Context, store *schemas.Store, client *live.Client) (DriftReport, error) {
	repo, err := store.Model(ctx)
	if err != nil {
		return DriftReport{}, err
	}
	r := DriftReport{Repository: repo.Source, Endpoint: client.Endpoint()}
	deployedModel := &schemas.Model{}
	deployed, err := client.ReadSchema(ctx)
	var ie *schemas.InputError
	switch {
	case err == nil:
		r.Deployed, r.ReadAt = true, deployed.ReadAt
		if deployedModel, err = schemas.CompileText(store.Root(), deployedName, deployed.Text, "."); err != nil {
			return DriftReport{}, fmt.Errorf("compiling the deployed schema: %w", err)
		}
	case errors.As(err, &ie) && ie.Kind == live.ErrNoSchemaDeployed:
	default:
		return DriftReport{}, err
	}
	r.Diff = schemas.DiffModels(deployedModel, repo)
	r.InSync = r.Deployed && len(r.Diff.Changes) == 0
	return r, nil
}

func formatDrift(r DriftReport) string {
	var b strings.Builder
	switch {
	case r.InSync:
		fmt.Fprintf(&b, "in sync: the repository schema (%s) matches the one SpiceDB at %s serves (zedtoken %s)", r.Repository, r.Endpoint, r.ReadAt)
		return b.String()
	case !r.Deployed:
		fmt.Fprintf(&b, "SpiceDB at %s has no schema yet; writing the repository schema (%s) would add:\n", r.Endpoint, r.Repository)
	default:
		fmt.Fprintf(&b, "drift: the repository schema (%s) differs from the one SpiceDB at %s serves (zedtoken %s): %d changes, %d breaking\n"+
			"each line is what writing the repository schema would do to the deployed one:\n", r.Repository, r.Endpoint, r.ReadAt, len(r.Diff.Changes), r.Diff.Breaking)
	}
	for _, c := range r.Diff.Changes {
		b.WriteString("  " + FormatChange(c) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
