package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const (
	schemaURI         = "authz://schema"
	definitionURIBase = "authz://schema/"
)

func resources(store *schemas.Store) []server.ServerResource {
	return []server.ServerResource{{Resource: mcp.NewResource(schemaURI, "schema",
		mcp.WithResourceDescription("The project's SpiceDB schema text, as compiled (root file plus any --schema files)."),
		mcp.WithMIMEType("text/plain"),
	), Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		m, err := store.Model(ctx)
		if err != nil {
			return nil, err
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: schemaURI, MIMEType: "text/plain", Text: m.Text}}, nil
	}}}
}

func resourceTemplates(store *schemas.Store) []server.ServerResourceTemplate {
	return []server.ServerResourceTemplate{{Template: mcp.NewResourceTemplate(definitionURIBase+"{definition}", "schema definition",
		mcp.WithTemplateDescription("One definition of the schema, with its doc comments."),
		mcp.WithTemplateMIMEType("text/plain"),
	), Handler: func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		m, err := store.Model(ctx)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(req.Params.URI, definitionURIBase)
		def, err := m.Lookup(name)
		if err != nil {
			return nil, err
		}
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: "text/plain", Text: renderDefinition(def)}}, nil
	}}}
}

// renderDefinition prints a definition back in schema syntax.
func renderDefinition(d *schemas.Definition) string {
	var b strings.Builder
	if d.Doc != "" {
		fmt.Fprintf(&b, "// %s\n", d.Doc)
	}
	fmt.Fprintf(&b, "definition %s {\n", d.Name)
	for _, r := range d.Relations {
		if r.Doc != "" {
			fmt.Fprintf(&b, "\t// %s\n", r.Doc)
		}
		fmt.Fprintf(&b, "\trelation %s: %s\n", r.Name, schemas.JoinSubjects(r.Subjects))
	}
	for _, p := range d.Permissions {
		if p.Doc != "" {
			fmt.Fprintf(&b, "\t// %s\n", p.Doc)
		}
		fmt.Fprintf(&b, "\tpermission %s = %s\n", p.Name, p.Expr)
	}
	b.WriteString("}\n")
	return b.String()
}
