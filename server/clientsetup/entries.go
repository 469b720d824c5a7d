package clientsetup

import (
	"path"
	"strings"
)

// ServerName is the key of the MCP server entry in every client's config.
const ServerName = "ambient-authz"

// Binary is the command every generated entry runs; it must be on PATH.
const Binary = "ambient-authz"

// The hook command lines init installs. `ambient-authz hook` implements
// them; a test can walk HookCommands to check each is a real subcommand.
const (
	ClaudeSessionStartCommand  = Binary + " hook session-start"
	ClaudePostEditCommand      = Binary + " hook post-edit"
	ClaudeStopCommand          = Binary + " hook stop"
	CursorAfterFileEditCommand = Binary + " hook after-file-edit --client cursor"
	CursorStopCommand          = Binary + " hook stop --client cursor"
)

// HookCommands lists every hook command line init installs.
func HookCommands() []string {
	return []string{ClaudeSessionStartCommand, ClaudePostEditCommand, ClaudeStopCommand, CursorAfterFileEditCommand, CursorStopCommand}
}

// claudeHookTimeout is the seconds Claude Code waits for a hook; the hooks
// answer in well under a second, this only bounds a stuck one.
const claudeHookTimeout = 30

// claudeEditMatcher selects the tools that change files.
const claudeEditMatcher = "Write|Edit|MultiEdit"

// claudeServer is the server entry of .mcp.json.
type claudeServer struct {
	Type    string            `json:"type"`
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
}

// vscodeServer is the server entry of .vscode/mcp.json.
type vscodeServer struct {
	Type    string   `json:"type"`
	Command string   `json:"command"`
	Args    []string `json:"args"`
}

// cursorServer is the server entry of .cursor/mcp.json, which has no type.
type cursorServer struct {
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
}

// workspaceRootArgs passes the workspace folder as --root: Cursor and VS
// Code expand ${workspaceFolder}, and neither promises to start a project
// server in the project folder. Claude Code and Codex do start it there.
var workspaceRootArgs = []string{"serve", "--root", "${workspaceFolder}"}

func claudeServerEntry() claudeServer {
	return claudeServer{Type: "stdio", Command: Binary, Args: []string{"serve"}, Env: map[string]string{}}
}

func cursorServerEntry() cursorServer {
	return cursorServer{Command: Binary, Args: workspaceRootArgs, Env: map[string]string{}}
}

func vscodeServerEntry() vscodeServer {
	return vscodeServer{Type: "stdio", Command: Binary, Args: workspaceRootArgs}
}

// claudeHookGroup is one matcher group of .claude/settings.json.
type claudeHookGroup struct {
	Matcher string       `json:"matcher,omitempty"`
	Hooks   []claudeHook `json:"hooks"`
}

type claudeHook struct {
	Type    string `json:"type"`
	Command string `json:"command"`
	Timeout int    `json:"timeout"`
}

// claudeHooks are the Claude Code events init wires, in file order.
var claudeHooks = []struct {
	event, matcher, command string
}{
	{"SessionStart", "", ClaudeSessionStartCommand},
	{"PostToolUse", claudeEditMatcher, ClaudePostEditCommand},
	{"Stop", "", ClaudeStopCommand},
}

// cursorHook is one entry of .cursor/hooks.json.
type cursorHook struct {
	Command string `json:"command"`
}

var cursorHooks = []struct{ event, command string }{
	{"afterFileEdit", CursorAfterFileEditCommand},
	{"stop", CursorStopCommand},
}

// runsCommand reports whether a configured command line runs ours: the
// same binary (any path to it) with our arguments in order, extra flags
// allowed. A hook the user adjusted is then not added a second time.
func runsCommand(have, want string) bool {
	h, w := strings.Fields(have), strings.Fields(want)
	if len(h) == 0 || strings.TrimSuffix(path.Base(strings.ReplaceAll(h[0], `\`, "/")), ".exe") != w[0] {
		return false
	}
	rest := h[1:]
	for _, arg := range w[1:] {
		i := 0
		for i < len(rest) && rest[i] != arg {
			i++
		}
		if i == len(rest) {
			return false
		}
		rest = rest[i+1:]
	}
	return true
}

// claudeGroupRuns reports whether a decoded matcher group runs command.
func claudeGroupRuns(group any, command string) bool {
	g, _ := group.(map[string]any)
	hooks, _ := g["hooks"].([]any)
	for _, h := range hooks {
		hm, _ := h.(map[string]any)
		if c, ok := hm["command"].(string); ok && runsCommand(c, command) {
			return true
		}
	}
	return false
}

// cursorEntryRuns reports whether a decoded hooks.json entry runs command.
func cursorEntryRuns(entry any, command string) bool {
	e, _ := entry.(map[string]any)
	c, ok := e["command"].(string)
	return ok && runsCommand(c, command)
}
