package tools

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// ValidateSchemaArgs are the arguments of validate_schema.
type ValidateSchemaArgs struct {
	Schema string `json:"schema,omitempty" jsonschema:"A proposed full schema text to check without writing anything. Omit (or leave empty) to validate the project's current schema."`
}

// ValidationReport is validate_schema's structured output.
type ValidationReport struct {
	// Valid is true when the schema compiles and no finding is an error.
	Valid bool `json:"valid"`
	// Compiles is true when spicedb's compiler accepts the schema.
	Compiles bool `json:"compiles"`
	// Target is "current" or "proposed".
	Target      string              `json:"target"`
	Source      string              `json:"source"`
	Definitions int                 `json:"definitions"`
	Error       *schemas.InputError `json:"error,omitempty"`
	Findings    []schemas.Finding   `json:"findings"`
	// Diff compares a proposed schema with the current one.
	Diff *schemas.Diff `json:"diff,omitempty"`
}

// proposedName labels positions in a proposed schema text.
const proposedName = "proposed"

// ValidateSchema is the validate_schema tool.
func ValidateSchema(d Deps) server.ServerTool {
	return readOnlyTool[ValidateSchemaArgs, ValidationReport]("validate_schema", "Validate a SpiceDB schema",
		"Compile and lint the current schema, or a proposed schema text passed as `schema`, without writing anything. "+
			"Reports compile errors at line:col with the offending line, spicedb warnings and lint findings, and for a proposed "+
			"text a structural diff against the current schema with breaking changes (removals, renames) flagged. "+
			"Call it before editing a .zed file.",
		func(ctx context.Context, args ValidateSchemaArgs) (string, ValidationReport, error) {
			r, err := Validate(ctx, d.Store, args.Schema)
			if err != nil {
				return "", ValidationReport{}, err
			}
			return FormatValidation(r), r, nil
		})
}

// Validate checks the current schema, or proposed when it is non-empty. A
// compile error is part of the report, not an error; the returned error is
// for problems with the request itself (no schema at all, a binary text).
func Validate(ctx context.Context, store *schemas.Store, proposed string) (ValidationReport, error) {
	current, curErr := store.Model(ctx)
	r := ValidationReport{Target: "current", Findings: []schemas.Finding{}}
	m, err := current, curErr
	if proposed != "" {
		r.Target = "proposed"
		base := "."
		if current != nil {
			base = path.Dir(current.Source)
		}
		m, err = schemas.CompileText(store.Root(), proposedName, proposed, base)
	}
	var ie *schemas.InputError
	switch {
	case err == nil:
	case errors.As(err, &ie) && ie.Kind == schemas.ErrCompile:
		r.Error = ie
		if ie.Pos != nil {
			r.Source = ie.Pos.File
		}
		return r, nil
	default:
		return r, err
	}
	r.Compiles, r.Source, r.Definitions = true, m.Source, len(m.Definitions)
	findings, err := schemas.Lint(ctx, m)
	if err != nil {
		return r, fmt.Errorf("linting: %w", err)
	}
	r.Findings = append(r.Findings, findings...)
	r.Valid = true
	for _, f := range r.Findings {
		if f.Severity == "error" {
			r.Valid = false
		}
	}
	if proposed != "" && current != nil {
		diff := schemas.DiffModels(current, m)
		r.Diff = &diff
	}
	return r, nil
}

// FormatValidation renders a report compactly: verdict, error, findings,
// then the diff.
func FormatValidation(r ValidationReport) string {
	var b strings.Builder
	switch {
	case !r.Compiles:
		fmt.Fprintf(&b, "INVALID %s schema: does not compile\n%s\n", r.Target, r.Error.Error())
		return strings.TrimRight(b.String(), "\n")
	case r.Valid:
		fmt.Fprintf(&b, "valid %s schema (%s, %d definitions)", r.Target, r.Source, r.Definitions)
	default:
		fmt.Fprintf(&b, "INVALID %s schema (%s, %d definitions): lint errors", r.Target, r.Source, r.Definitions)
	}
	fmt.Fprintf(&b, "; %d findings\n", len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s %s %s: %s\n  fix: %s\n", f.Severity, f.Rule, f.Pos, f.Message, f.Fix)
	}
	if r.Diff != nil {
		fmt.Fprintf(&b, "diff against current: %d changes, %d breaking\n", len(r.Diff.Changes), r.Diff.Breaking)
		for _, c := range r.Diff.Changes {
			b.WriteString("  " + FormatChange(c) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// FormatChange renders one diff entry on a line.
func FormatChange(c schemas.Change) string {
	mark := ""
	if c.Breaking {
		mark = "BREAKING "
	}
	name := c.Name
	if c.NewName != "" {
		name += " → " + c.NewName
	}
	s := fmt.Sprintf("%s%s %s %s", mark, c.Kind, c.Element, name)
	switch {
	case c.Before != "" && c.After != "" && c.Kind == "changed":
		s += fmt.Sprintf(": %s ⇒ %s", c.Before, c.After)
	case c.After != "" && c.Kind == "added":
		s += ": " + c.After
	}
	if c.Why != "" {
		s += " (" + c.Why + ")"
	}
	return s
}
