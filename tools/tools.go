// Package tools holds the MCP tools, one per file. Each constructor takes
// its dependencies and returns the tool with its handler; All registers
// them. Engines do the work; tools turn arguments into engine calls and
// results into compact text plus structuredContent.
package tools

import (
	"context"
	"errors"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// Deps are the engines the tools call.
type Deps struct {
	// Store yields the project's current schema Model.
	Store *schemas.Store
	// Sources caches parsed Go files by content between coverage runs;
	// nil parses afresh.
	Sources *golang.Cache
	// SpiceDB reads a running SpiceDB; nil (no endpoint configured) leaves
	// the spicedb_* and schema_drift tools out.
	SpiceDB *live.Client
}

func (d Deps) sources() *golang.Cache {
	if d.Sources == nil {
		return golang.NewSourceCache()
	}
	return d.Sources
}

// All returns every tool, in the order they are listed to clients. The
// tools that read a live SpiceDB are there only when d.SpiceDB is set.
func All(d Deps) []server.ServerTool {
	all := []server.ServerTool{
		GetSchema(d),
		ExplainPermission(d),
		ValidateSchema(d),
		TestPermissions(d),
		SchemaExamples(d),
		AuthzContext(d),
		CheckCoverage(d),
	}
	if d.SpiceDB != nil {
		all = append(all,
			SpiceDBCheckPermission(d),
			SpiceDBLookupResources(d),
			SpiceDBLookupSubjects(d),
			SpiceDBReadRelationships(d),
			SchemaDrift(d),
		)
	}
	return all
}

// handlerFunc is the shape every tool implements: typed arguments in,
// compact text and structured output back. An *schemas.InputError (or any
// error wrapping one) is something the agent can fix and becomes an
// isError result; any other error is a bug and becomes a JSON-RPC error.
type handlerFunc[A, R any] func(ctx context.Context, args A) (text string, out R, err error)

// readOnlyTool builds a tool with the options every tool here shares (a
// title, typed input and output schemas, explicit hints) and wraps fn with
// argument validation and the one error rule. Its answers come from the
// repository alone.
func readOnlyTool[A, R any](name, title, description string, fn handlerFunc[A, R]) server.ServerTool {
	return newTool(name, title, description, false, fn)
}

// liveTool is readOnlyTool for a tool that reads a running SpiceDB: an
// outside system whose answers change (openWorldHint), never written to.
func liveTool[A, R any](name, title, description string, fn handlerFunc[A, R]) server.ServerTool {
	return newTool(name, title, description, true, fn)
}

func newTool[A, R any](name, title, description string, openWorld bool, fn handlerFunc[A, R]) server.ServerTool {
	tool := mcp.NewTool(name,
		mcp.WithTitleAnnotation(title),
		mcp.WithDescription(description),
		mcp.WithInputSchema[A](),
		mcp.WithOutputSchema[R](),
		mcp.WithReadOnlyHintAnnotation(true),
		mcp.WithDestructiveHintAnnotation(false),
		mcp.WithIdempotentHintAnnotation(true),
		mcp.WithOpenWorldHintAnnotation(openWorld),
	)
	schema := compileArguments(tool)
	return server.ServerTool{Tool: tool, Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if err := schema.check(req.GetRawArguments()); err != nil {
			return mcp.NewToolResultError(err.Error()), nil
		}
		var args A
		if err := req.BindArguments(&args); err != nil {
			return mcp.NewToolResultError(fmt.Sprintf("invalid arguments: %v\nfix: this tool takes %s", err, schema.usage)), nil
		}
		text, out, err := fn(ctx, args)
		var ie *schemas.InputError
		if errors.As(err, &ie) {
			return mcp.NewToolResultError(ie.Error()), nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return mcp.NewToolResultStructured(out, text), nil
	}}
}
