package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// SchemaExamplesArgs are the arguments of schema_examples.
type SchemaExamplesArgs struct {
	Name string `json:"name,omitempty" jsonschema:"The example to show in full (schema and validation file), e.g. rbac or document-sharing. Omit to list every example with its name."`
}

// ExampleList is schema_examples' structured output: every example
// without a name, or the one asked for with its files.
type ExampleList struct {
	Examples []ExampleView `json:"examples"`
}

// ExampleView is one example schema. Schema and Validation are filled only
// when the example is asked for by name.
type ExampleView struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Definitions []string `json:"definitions"`
	Tags        []string `json:"tags"`
	// Schema is the text of <name>.zed.
	Schema string `json:"schema,omitempty"`
	// Validation is the text of <name>.yaml, a zed validation file that
	// passes against Schema.
	Validation string `json:"validation,omitempty"`
}

// SchemaExamples is the schema_examples tool. It needs no project schema:
// it serves the library embedded in the schemas package.
func SchemaExamples(Deps) server.ServerTool {
	return readOnlyTool[SchemaExamplesArgs, ExampleList]("schema_examples", "Browse example SpiceDB schemas",
		"Show complete, tested SpiceDB schemas for common authorization patterns: role-based access, document sharing with "+
			"nested folders and groups, GitHub-style organizations and teams, multi-tenant custom roles, expiring and caveated "+
			"access, and AI agents acting for users. Without `name`: one line per example. With `name`: its schema and a zed "+
			"validation file (relationships, assertions, expected relations) that passes. Use it when designing a schema or "+
			"extending one with a pattern it lacks; adapt the names to the project's domain and check the result with validate_schema.",
		func(_ context.Context, args SchemaExamplesArgs) (string, ExampleList, error) {
			if args.Name == "" {
				out := ExampleList{Examples: []ExampleView{}}
				for _, e := range schemas.Examples() {
					out.Examples = append(out.Examples, viewExample(e, false))
				}
				return FormatExampleList(out.Examples), out, nil
			}
			e, err := schemas.ExampleByName(args.Name)
			if err != nil {
				return "", ExampleList{}, err
			}
			v := viewExample(e, true)
			return FormatExample(v), ExampleList{Examples: []ExampleView{v}}, nil
		})
}

func viewExample(e schemas.Example, full bool) ExampleView {
	v := ExampleView{Name: e.Name, Title: e.Title, Description: e.Description, Definitions: e.Definitions, Tags: e.Tags}
	if full {
		v.Schema, v.Validation = e.Schema, e.Validation
	}
	return v
}

// FormatExampleList renders one line per example, for a model to choose.
func FormatExampleList(examples []ExampleView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d example schemas:\n", len(examples))
	for _, e := range examples {
		fmt.Fprintf(&b, "%s: %s. %s (definitions: %s)\n", e.Name, e.Title, e.Description, strings.Join(e.Definitions, ", "))
	}
	b.WriteString("Next: schema_examples {name} for the schema and its validation file.")
	return b.String()
}

// FormatExample renders an example's files in fenced blocks, named as they
// must be saved for `zed validate` to find the schema.
func FormatExample(e ExampleView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Example %s: %s\n%s\nDefinitions: %s\n\n", e.Name, e.Title, e.Description, strings.Join(e.Definitions, ", "))
	fmt.Fprintf(&b, "%s.zed:\n```zed\n%s\n```\n\n", e.Name, strings.TrimRight(e.Schema, "\n"))
	fmt.Fprintf(&b, "%s.yaml (save next to %s.zed; `zed validate %s.yaml` passes):\n```yaml\n%s\n```\n\n",
		e.Name, e.Name, e.Name, strings.TrimRight(e.Validation, "\n"))
	b.WriteString("Next: adapt the names to the project's domain, then validate_schema {schema} before writing the .zed file.")
	return b.String()
}
