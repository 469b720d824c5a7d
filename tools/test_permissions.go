package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// TestPermissionsArgs are the arguments of test_permissions.
type TestPermissionsArgs struct {
	Checks []string `json:"checks,omitempty" jsonschema:"Permission checks to run, each resource:id#permission@subject:id (subject sets as group:eng#member), optionally followed by ' with {\"param\": value}' for caveat context. Omit to run validation files instead."`
	// Relationships are written as in a zed validation file.
	Relationships string `json:"relationships,omitempty" jsonschema:"Relationships the checks run against, one per line: document:1#viewer@user:alice, optionally with [caveat_name:{\"param\":value}] and [expiration:2030-01-01T00:00:00Z]. Blank lines and // comments are skipped."`
	Schema        string `json:"schema,omitempty" jsonschema:"Schema text to check against instead of the project's schema, e.g. a proposed edit."`
	File          string `json:"file,omitempty" jsonschema:"A zed validation file (YAML) to run, relative to the project root. Without file and checks, every validation file under the root runs."`
}

// PermissionTestReport is test_permissions' structured output.
type PermissionTestReport struct {
	// Mode is "checks" for ad-hoc checks, "validation_files" otherwise.
	Mode string `json:"mode"`
	// Passed is true when every validation file passed; ad-hoc checks have
	// no expectations and always pass.
	Passed bool `json:"passed"`
	// Schema names the schema the checks ran against: its file, or
	// "proposed" for schema text passed in.
	Schema        string                 `json:"schema,omitempty"`
	Relationships int                    `json:"relationships,omitempty"`
	Checks        []*schemas.CheckResult `json:"checks,omitempty"`
	Files         []ValidationFileReport `json:"files,omitempty"`
}

// ValidationFileReport is the outcome of one validation file.
type ValidationFileReport struct {
	// File is relative to the project root.
	File string `json:"file"`
	schemas.ValidationResult
}

// TestPermissions is the test_permissions tool. It runs an in-process
// SpiceDB and never touches a live one.
func TestPermissions(d Deps) server.ServerTool {
	return readOnlyTool[TestPermissionsArgs, PermissionTestReport]("test_permissions", "Test permissions in an in-process SpiceDB",
		"Run permission checks against test relationships in an in-process SpiceDB (never a live one) and see why each "+
			"answer came out: HAS_PERMISSION with the path and relationships that granted it, NO_PERMISSION with SpiceDB's "+
			"trace and the schema's ways to grant it, or CONDITIONAL_PERMISSION with the caveat context still missing. Relationships are "+
			"checked against the schema first (unknown types and relations, subject types a relation does not allow) with "+
			"line:col. Uses the project's schema unless `schema` is given. Without `checks`, runs zed validation files "+
			"(schema, relationships, assertions, expected relations) as `zed validate` does: `file`, or every one under the "+
			"root, with each failure at file:line:col. Use it to confirm which relationships a handler must write for a "+
			"check to pass, and after editing the schema.",
		func(ctx context.Context, args TestPermissionsArgs) (string, PermissionTestReport, error) {
			if len(args.Checks) == 0 {
				if args.Relationships != "" || args.Schema != "" {
					return "", PermissionTestReport{}, &schemas.InputError{Kind: schemas.ErrBadArgument, Message: "relationships and schema apply to checks, and no checks were given", Fix: "add checks, e.g. [\"document:1#view@user:alice\"], or pass only file to run a validation file"}
				}
				r, err := RunValidationFiles(ctx, d.Store.Root(), fileArgs(args.File))
				if err != nil {
					return "", PermissionTestReport{}, err
				}
				return FormatValidationFiles(r), *r, nil
			}
			if args.File != "" {
				return "", PermissionTestReport{}, &schemas.InputError{Kind: schemas.ErrBadArgument, Message: "file runs a validation file, and checks run against relationships: pass one or the other", Fix: "drop file and give the relationships the checks need, or drop checks to run the file"}
			}
			r, err := RunChecks(ctx, d.Store, args.Schema, args.Relationships, args.Checks)
			if err != nil {
				return "", PermissionTestReport{}, err
			}
			return FormatChecks(r), *r, nil
		})
}

func fileArgs(file string) []string {
	if file == "" {
		return nil
	}
	return []string{file}
}

// RunChecks runs ad-hoc checks against relationships, with the store's
// schema or schemaText when it is not empty.
func RunChecks(ctx context.Context, store *schemas.Store, schemaText, relationships string, checks []string) (*PermissionTestReport, error) {
	var m *schemas.Model
	var err error
	if schemaText != "" {
		m, err = schemas.CompileText(store.Root(), "proposed", schemaText, ".")
	} else {
		m, err = store.Model(ctx)
	}
	if err != nil {
		return nil, err
	}
	results, err := schemas.RunChecks(ctx, m, relationships, checks)
	if err != nil {
		return nil, err
	}
	return &PermissionTestReport{Mode: "checks", Passed: true, Schema: m.Source, Relationships: countRelationships(relationships), Checks: results}, nil
}

func countRelationships(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
			n++
		}
	}
	return n
}

// RunValidationFiles runs the given root-relative validation files; a
// folder stands for every validation file under it, and no paths for every
// one under the root.
func RunValidationFiles(ctx context.Context, root *schemas.Root, paths []string) (*PermissionTestReport, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var files []string
	for _, p := range paths {
		abs, rel, err := root.Resolve(p)
		if err != nil {
			return nil, err
		}
		if info, err := os.Stat(abs); err != nil || !info.IsDir() {
			files = append(files, rel) // a missing file is reported when it is read
			continue
		}
		found, err := schemas.FindValidationFiles(ctx, root, rel)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, &schemas.InputError{
				Kind:    schemas.ErrNotFound,
				Message: fmt.Sprintf("no zed validation files under %s (YAML with a top-level schema: or schemaFile: and relationships:, assertions: or validation:)", filepath.Join(root.Dir, rel)),
				Fix:     "write one next to the schema (schema_examples {name} shows a complete one), or pass checks with relationships to test ad hoc",
			}
		}
		files = append(files, found...)
	}
	r := &PermissionTestReport{Mode: "validation_files", Passed: true, Files: []ValidationFileReport{}}
	for _, f := range files {
		res, rel, err := schemas.RunValidationFileAt(ctx, root, f)
		if err != nil {
			return nil, err
		}
		for i, fail := range res.Failures {
			// Positions in a schemaFile are relative to the YAML; make
			// every one relative to the root.
			res.Failures[i].File = path.Join(path.Dir(rel), fail.File)
			if fail.File == "" {
				res.Failures[i].File = rel
			}
		}
		r.Files = append(r.Files, ValidationFileReport{File: rel, ValidationResult: *res})
		r.Passed = r.Passed && res.Passed
	}
	return r, nil
}

// FormatValidationFiles renders one line per file, then its failures at
// file:line:col.
func FormatValidationFiles(r *PermissionTestReport) string {
	var b strings.Builder
	failed, failures := 0, 0
	for _, f := range r.Files {
		if !f.Passed {
			failed++
			failures += len(f.Failures)
		}
	}
	fmt.Fprintf(&b, "%d validation file(s): %d passed, %d failed", len(r.Files), len(r.Files)-failed, failed)
	if failures > 0 {
		fmt.Fprintf(&b, " (%d failures)", failures)
	}
	b.WriteString("\n")
	for _, f := range r.Files {
		status := "PASS"
		if !f.Passed {
			status = "FAIL"
		}
		fmt.Fprintf(&b, "%s %s (%d relationships, %d assertions, %d expected relations)\n", status, f.File, f.Relationships, f.Assertions, f.ExpectedRelations)
		for _, fail := range f.Failures {
			fmt.Fprintf(&b, "  %s\n", fail)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// FormatChecks renders each check's answer and why, compactly.
func FormatChecks(r *PermissionTestReport) string {
	var b strings.Builder
	counts := map[string]int{}
	for _, c := range r.Checks {
		counts[c.Permissionship]++
	}
	fmt.Fprintf(&b, "%d check(s) against %s with %d relationship(s): %d %s, %d %s, %d %s\n", len(r.Checks), r.Schema, r.Relationships,
		counts[schemas.HasPermission], schemas.HasPermission, counts[schemas.NoPermission], schemas.NoPermission, counts[schemas.ConditionalPermission], schemas.ConditionalPermission)
	for _, c := range r.Checks {
		formatAdhocCheck(&b, c)
	}
	return strings.TrimRight(b.String(), "\n")
}

func formatAdhocCheck(b *strings.Builder, c *schemas.CheckResult) {
	fmt.Fprintf(b, "%s → %s", c.Check, c.Permissionship)
	if len(c.MissingContext) > 0 {
		fmt.Fprintf(b, " (missing caveat context: %s)", strings.Join(c.MissingContext, ", "))
	}
	fmt.Fprintf(b, "\n  %s\n", c.Definition)
	if c.Permissionship != schemas.NoPermission {
		fmt.Fprintf(b, "  via %s\n", strings.Join(c.Path, " → "))
		for _, u := range c.Relationships {
			fmt.Fprintf(b, "  uses line %d: %s\n", u.Line, u.Text)
		}
		if len(c.MissingContext) > 0 {
			fmt.Fprintf(b, "  fix: check with the context, e.g. %s with %s\n", strings.SplitN(c.Check, " with ", 2)[0], contextExample(c.MissingContext))
		}
		return
	}
	b.WriteString("  trace:\n")
	writeTrace(b, "    ", c.CheckAnswer)
	if len(c.GrantPaths) > 0 {
		fmt.Fprintf(b, "  paths that could grant it: %s\n", strings.Join(c.GrantPaths, "; "))
	} else {
		b.WriteString("  no path in the schema grants it to this subject's type\n")
	}
}

// contextExample renders {"a": …, "b": …} for the missing parameters.
func contextExample(fields []string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		name, _ := json.Marshal(f)
		parts[i] = string(name) + ": …"
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
