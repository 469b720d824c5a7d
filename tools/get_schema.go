package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// GetSchemaArgs are the arguments of get_schema.
type GetSchemaArgs struct {
	Definition string `json:"definition,omitempty" jsonschema:"One definition to show in full (relations with subject types, permissions with expression and meaning), e.g. document. Omit to list every definition compactly."`
}

// SchemaView is get_schema's structured output.
type SchemaView struct {
	Source      string           `json:"source"`
	Files       []string         `json:"files"`
	Definitions []DefinitionView `json:"definitions"`
	Caveats     []CaveatView     `json:"caveats"`
}

// DefinitionView is one definition as the agent sees it.
type DefinitionView struct {
	Name        string           `json:"name"`
	Doc         string           `json:"doc,omitempty"`
	Location    string           `json:"location"`
	Relations   []RelationView   `json:"relations"`
	Permissions []PermissionView `json:"permissions"`
}

// RelationView is a relation with its allowed subject types in schema
// syntax, e.g. `user | user:* | group#member`.
type RelationView struct {
	Name     string `json:"name"`
	Subjects string `json:"subjects"`
	Doc      string `json:"doc,omitempty"`
	Location string `json:"location"`
}

// PermissionView is a permission with its expression and, in full view,
// its plain-English meaning.
type PermissionView struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
	Meaning    string `json:"meaning,omitempty"`
	Doc        string `json:"doc,omitempty"`
	Location   string `json:"location"`
}

// CaveatView is a caveat with its parameters.
type CaveatView struct {
	Name       string `json:"name"`
	Params     string `json:"params"`
	Expression string `json:"expression"`
	Location   string `json:"location"`
}

// GetSchema is the get_schema tool.
func GetSchema(d Deps) server.ServerTool {
	return readOnlyTool[GetSchemaArgs, SchemaView]("get_schema", "Get the SpiceDB schema",
		"Show the project's SpiceDB authorization schema. Without arguments: every definition on one line each "+
			"(relations with their subject types, permissions with their expressions). With `definition`: that definition in full, "+
			"with each permission's meaning in plain English. Use the exact relation and permission names shown here in code; "+
			"never guess a name.",
		func(ctx context.Context, args GetSchemaArgs) (string, SchemaView, error) {
			m, err := d.Store.Model(ctx)
			if err != nil {
				return "", SchemaView{}, err
			}
			if args.Definition == "" {
				v := ViewSchema(m, false)
				return FormatSchema(v), v, nil
			}
			def, err := m.Lookup(args.Definition)
			if err != nil {
				return "", SchemaView{}, err
			}
			v := SchemaView{Source: m.Source, Files: m.Files, Definitions: []DefinitionView{viewDefinition(m, def, true)}, Caveats: viewCaveats(m)}
			return FormatDefinition(v.Definitions[0]), v, nil
		})
}

// ViewSchema converts the Model into the view get_schema returns; full
// adds each permission's meaning.
func ViewSchema(m *schemas.Model, full bool) SchemaView {
	v := SchemaView{Source: m.Source, Files: m.Files, Definitions: []DefinitionView{}, Caveats: viewCaveats(m)}
	for _, def := range m.Definitions {
		v.Definitions = append(v.Definitions, viewDefinition(m, def, full))
	}
	return v
}

func viewDefinition(m *schemas.Model, def *schemas.Definition, full bool) DefinitionView {
	dv := DefinitionView{Name: def.Name, Doc: def.Doc, Location: def.Pos.String(), Relations: []RelationView{}, Permissions: []PermissionView{}}
	for _, r := range def.Relations {
		dv.Relations = append(dv.Relations, RelationView{Name: r.Name, Subjects: schemas.JoinSubjects(r.Subjects), Doc: r.Doc, Location: r.Pos.String()})
	}
	for _, p := range def.Permissions {
		pv := PermissionView{Name: p.Name, Expression: p.Expr.String(), Doc: p.Doc, Location: p.Pos.String()}
		if full {
			pv.Meaning = m.Meaning(def.Name, p)
		}
		dv.Permissions = append(dv.Permissions, pv)
	}
	return dv
}

func viewCaveats(m *schemas.Model) []CaveatView {
	out := []CaveatView{}
	for _, c := range m.Caveats {
		params := make([]string, len(c.Params))
		for i, p := range c.Params {
			params[i] = p.Name + " " + p.Type
		}
		out = append(out, CaveatView{Name: c.Name, Params: strings.Join(params, ", "), Expression: c.Expression, Location: c.Pos.String()})
	}
	return out
}

// FormatSchema renders every definition on one line, for a model to read.
func FormatSchema(v SchemaView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d definitions, %d caveats\n", v.Source, len(v.Definitions), len(v.Caveats))
	for _, d := range v.Definitions {
		b.WriteString(d.Name)
		var parts []string
		for _, r := range d.Relations {
			parts = append(parts, "relation "+r.Name+": "+r.Subjects)
		}
		for _, p := range d.Permissions {
			parts = append(parts, "permission "+p.Name+" = "+p.Expression)
		}
		if len(parts) > 0 {
			b.WriteString(" { " + strings.Join(parts, "; ") + " }")
		}
		b.WriteString("\n")
	}
	for _, c := range v.Caveats {
		fmt.Fprintf(&b, "caveat %s(%s) { %s }\n", c.Name, c.Params, c.Expression)
	}
	b.WriteString("Next: get_schema {definition} for meanings; explain_permission {resource, permission} for grant paths.")
	return b.String()
}

// FormatDefinition renders one definition in full.
func FormatDefinition(d DefinitionView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "definition %s (%s)\n", d.Name, d.Location)
	if d.Doc != "" {
		fmt.Fprintf(&b, "  // %s\n", d.Doc)
	}
	for _, r := range d.Relations {
		fmt.Fprintf(&b, "  relation %s: %s", r.Name, r.Subjects)
		if r.Doc != "" {
			fmt.Fprintf(&b, "  // %s", r.Doc)
		}
		b.WriteString("\n")
	}
	for _, p := range d.Permissions {
		fmt.Fprintf(&b, "  permission %s = %s\n", p.Name, p.Expression)
		if p.Doc != "" {
			fmt.Fprintf(&b, "    // %s\n", p.Doc)
		}
		if p.Meaning != "" {
			fmt.Fprintf(&b, "    means: %s\n", p.Meaning)
		}
	}
	if len(d.Permissions) == 0 {
		b.WriteString("  (no permissions: check a permission of another definition, or add one here)\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
