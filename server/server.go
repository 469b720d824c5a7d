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
	"github.com/ambient-authz/ambient-authz/schemas/live"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// Instructions is the core of the server's instructions text; see
// InstructionsFor for the whole.
//
//go:embed instructions.md
var Instructions string

// spicedbOn and spicedbOff end the instructions: what the live SpiceDB
// tools are for, or how to turn them on.
var (
	//go:embed instructions_spicedb.md
	spicedbOn string
	//go:embed instructions_spicedb_off.md
	spicedbOff string
)

// InstructionsFor is the instructions text sent to clients on initialize
// and printed by `serve --print-instructions`; liveSpiceDB says whether the
// live SpiceDB tools are registered.
func InstructionsFor(liveSpiceDB bool) string {
	if liveSpiceDB {
		return Instructions + spicedbOn
	}
	return Instructions + spicedbOff
}

// Name is the server name clients see.
const Name = "ambient-authz"

// Options configure New.
type Options struct {
	Store   *schemas.Store
	Version string
	// SpiceDB, when set, registers the tools that read a live SpiceDB.
	SpiceDB *live.Client
}

// New builds the MCP server with every tool and resource registered.
func New(opts Options) *server.MCPServer {
	s := server.NewMCPServer(Name, opts.Version, serverOptions(opts.SpiceDB != nil)...)
	deps := tools.Deps{Store: opts.Store, Sources: golang.NewCache(), SpiceDB: opts.SpiceDB}
	s.AddTools(tools.All(deps)...)
	s.AddPrompts(mcpPrompts(deps)...)
	s.AddResources(resources(opts.Store)...)
	s.AddResourceTemplates(resourceTemplates(opts.Store)...)
	return s
}

// serverOptions are shared by New and the in-process tests.
func serverOptions(liveSpiceDB bool) []server.ServerOption {
	return []server.ServerOption{
		server.WithInstructions(InstructionsFor(liveSpiceDB)),
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
