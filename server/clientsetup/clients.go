// Package clientsetup writes and merges the agent clients' project
// configuration for ambient-authz: MCP server entries, hooks, the
// Authorization section of CLAUDE.md and AGENTS.md, and the schema key of
// .ambient-authz.yaml. It keeps everything a user already has (keys, their
// order, comments, other servers and hooks), never adds an entry twice, and
// writes nothing unless every file merges cleanly.
package clientsetup

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// Client is an agent client init can set up.
type Client string

// The clients init knows.
const (
	Claude Client = "claude"
	Cursor Client = "cursor"
	VSCode Client = "vscode"
	Codex  Client = "codex"
)

// AllClients lists every client, in the order their files are reported.
var AllClients = []Client{Claude, Cursor, VSCode, Codex}

// ParseClients turns --client values (names, comma lists, "all") into
// clients in canonical order.
func ParseClients(names []string) ([]Client, error) {
	want := map[Client]bool{}
	for _, name := range names {
		for _, n := range strings.Split(name, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			switch {
			case n == "all":
				for _, c := range AllClients {
					want[c] = true
				}
			case slices.Contains(AllClients, Client(n)):
				want[Client(n)] = true
			default:
				return nil, fmt.Errorf("--client %q: use claude, cursor, vscode, codex or all", n)
			}
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("--client is empty: use claude, cursor, vscode, codex or all")
	}
	var out []Client
	for _, c := range AllClients {
		if want[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// mergeFunc merges ambient-authz's part into a file's content (the
// skeleton when the file does not exist) and returns the new content and
// notes for the user.
type mergeFunc func(path string, src []byte) ([]byte, []string, error)

// target is one file init writes.
type target struct {
	path     string
	skeleton string
	merge    mergeFunc
}

// The files init writes.
const (
	ClaudeMCPFile      = ".mcp.json"
	ClaudeSettingsFile = ".claude/settings.json"
	ClaudeMDFile       = "CLAUDE.md"
	CursorMCPFile      = ".cursor/mcp.json"
	CursorHooksFile    = ".cursor/hooks.json"
	VSCodeMCPFile      = ".vscode/mcp.json"
	CodexConfigFile    = ".codex/config.toml"
	AgentsMDFile       = "AGENTS.md"
)

// targets lists the files for clients, each once. Claude Code reads
// CLAUDE.md; Cursor, VS Code and Codex read AGENTS.md.
func targets(clients []Client, schema []string) []target {
	section := mergeSection(authorizationSection(schema))
	var out []target
	add := func(t target) {
		if !slices.ContainsFunc(out, func(o target) bool { return o.path == t.path }) {
			out = append(out, t)
		}
	}
	for _, c := range clients {
		switch c {
		case Claude:
			add(target{ClaudeMCPFile, emptyObject, mergeServer("mcpServers", claudeServerEntry())})
			add(target{ClaudeSettingsFile, emptyObject, mergeClaudeSettings})
			add(target{ClaudeMDFile, "", section})
		case Cursor:
			add(target{CursorMCPFile, emptyObject, mergeServer("mcpServers", cursorServerEntry())})
			add(target{CursorHooksFile, cursorHooksSkeleton, mergeCursorHooks})
		case VSCode:
			add(target{VSCodeMCPFile, vscodeSkeleton, mergeServer("servers", vscodeServerEntry())})
		case Codex:
			add(target{CodexConfigFile, "", mergeCodex})
		}
	}
	if slices.ContainsFunc(clients, func(c Client) bool { return c != Claude }) {
		add(target{AgentsMDFile, "", section})
	}
	if len(schema) > 0 {
		add(target{schemas.ConfigFile, "", mergeSchemaKey(schema)})
	}
	return out
}
