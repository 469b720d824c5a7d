// Package server assembles the MCP server: tools, resources, instructions
// and transports.
package server

import (
	"context"
	_ "embed"
	"io"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// Instructions is the server's instructions text, sent to clients on
// initialize and printed by `serve --print-instructions`.
//
//go:embed instructions.md
var Instructions string

// Name is the server name clients see.
const Name = "ambient-authz"

// Options configure New.
type Options struct {
	Store   *schemas.Store
	Version string
}

// New builds the MCP server with every tool and resource registered.
func New(opts Options) *server.MCPServer {
	s := server.NewMCPServer(Name, opts.Version, serverOptions()...)
	deps := tools.Deps{Store: opts.Store, Sources: golang.NewCache()}
	s.AddTools(tools.All(deps)...)
	s.AddPrompts(mcpPrompts(deps)...)
	s.AddResources(resources(opts.Store)...)
	s.AddResourceTemplates(resourceTemplates(opts.Store)...)
	return s
}

// serverOptions are shared by New and the in-process tests.
func serverOptions() []server.ServerOption {
	return []server.ServerOption{
		server.WithInstructions(Instructions),
		server.WithToolCapabilities(false),
		server.WithPromptCapabilities(false),
		server.WithResourceCapabilities(false, false),
		server.WithRecovery(),
		server.WithResourceRecovery(),
		// Arguments are validated against each tool's input schema by the
		// tools themselves (tools/arguments.go), with messages a model can
		// act on; mcp-go's validator would answer first with raw Go values.
		server.WithOutputSchemaValidation(),
	}
}

// ServeStdio serves s over in/out until in closes or ctx is cancelled.
// Only JSON-RPC is written to out; logs go to the context's logger.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer) error {
	stdio := server.NewStdioServer(s)
	stdio.SetErrorLogger(newStdLogger(zerolog.Ctx(ctx)))
	in, out = wrapStdio(in, out)
	return stdio.Listen(ctx, in, out)
}
