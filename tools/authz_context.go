package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/prompts"
	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// AuthzContextArgs are the arguments of authz_context; at least one is
// required.
type AuthzContextArgs struct {
	File      string `json:"file,omitempty" jsonschema_description:"Source file being written, relative to the project root (.go, .ts, .tsx, .js, .py). The tool reads it, finds its handlers and uses its language for the code."`
	Handler   string `json:"handler,omitempty" jsonschema_description:"The handler function in file, e.g. CreateDocument or DocumentHandler.Create."`
	Resource  string `json:"resource,omitempty" jsonschema_description:"The schema definition the handler acts on, e.g. document. Inferred from names and routes when omitted."`
	Operation string `json:"operation,omitempty" jsonschema_description:"What the handler does. Inferred from the HTTP method, route and name when omitted." jsonschema:"enum=create,enum=read,enum=update,enum=delete,enum=list,enum=share,enum=unshare,enum=other"`
}

// AuthzContext is the authz_context tool.
func AuthzContext(d Deps) server.ServerTool {
	return readOnlyTool[AuthzContextArgs, prompts.AuthzContext]("authz_context", "Authorization context for a handler",
		"Call this before writing or editing an HTTP or RPC handler that touches a protected resource. Returns the schema slice "+
			"for the resource, the exact permission to check (chosen from the schema's real names), the relationships to write or "+
			"delete, ready-to-paste code for the file's language and SpiceDB client (Go authzed-go, TypeScript/JavaScript "+
			"authzed-node, Python authzed-py) that fails closed, and the pitfalls that apply. Pass `file` (and `handler`), or "+
			"`resource` and `operation`.",
		func(ctx context.Context, args AuthzContextArgs) (string, prompts.AuthzContext, error) {
			c, err := BuildAuthzContext(ctx, d, args)
			if err != nil {
				return "", prompts.AuthzContext{}, err
			}
			return c.Markdown(), *c, nil
		})
}

// BuildAuthzContext loads the schema, parses the file if any and builds
// the context; the authz_handler and authz_review prompts share it.
func BuildAuthzContext(ctx context.Context, d Deps, args AuthzContextArgs) (*prompts.AuthzContext, error) {
	if args == (AuthzContextArgs{}) {
		return nil, &schemas.InputError{Kind: schemas.ErrBadArgument,
			Message: "authz_context needs at least one argument",
			Fix:     "pass `file` (the handler's source file), optionally `handler`; or `resource` and `operation`"}
	}
	m, err := d.Store.Model(ctx)
	if err != nil {
		return nil, err
	}
	req, err := contextRequest(d.Store.Root(), args)
	if err != nil {
		return nil, err
	}
	return prompts.BuildContext(m, req)
}

// contextRequest turns the arguments into a prompts.ContextRequest,
// parsing the file when one is given.
func contextRequest(root *schemas.Root, args AuthzContextArgs) (prompts.ContextRequest, error) {
	req := prompts.ContextRequest{Resource: args.Resource, Operation: args.Operation}
	if args.File == "" {
		if args.Handler != "" {
			req.Handler = &prompts.HandlerRef{Function: args.Handler, Operation: string(coverage.InferOperation("", "", args.Handler))}
		}
		return req, nil
	}
	f, err := ParseSource(root, args.File)
	if err != nil {
		return req, err
	}
	req.File, req.Language, req.Identifiers = f.Path, string(f.Language), f.Identifiers
	for _, h := range f.Handlers {
		req.Handlers = append(req.Handlers, handlerRef(h))
	}
	switch {
	case args.Handler != "":
		h, err := findHandler(f, args.Handler)
		if err != nil {
			return req, err
		}
		ref := handlerRef(h)
		req.Handler = &ref
	case len(f.Handlers) == 1:
		ref := handlerRef(f.Handlers[0])
		req.Handler = &ref
	}
	return req, nil
}

func handlerRef(h coverage.Handler) prompts.HandlerRef {
	return prompts.HandlerRef{Function: h.Function, Method: h.Method, Route: h.Route, RPC: h.RPC, Framework: h.Framework, Line: h.Line, Operation: string(h.Operation)}
}
