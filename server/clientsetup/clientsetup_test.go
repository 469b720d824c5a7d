package clientsetup

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const testSchema = "definition user {}\n\ndefinition document {\n\trelation owner: user\n\tpermission view = owner\n}\n"

// project makes a temporary project holding files (path → content).
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, files)
	return dir
}

func TestEachClientWritesItsFiles(t *testing.T) {
	tests := []struct {
		clients []Client
		files   []string
	}{
		{[]Client{Claude}, []string{".ambient-authz.yaml", ".claude/settings.json", ".mcp.json", "CLAUDE.md"}},
		{[]Client{Cursor}, []string{".ambient-authz.yaml", ".cursor/hooks.json", ".cursor/mcp.json", "AGENTS.md"}},
		{[]Client{VSCode}, []string{".ambient-authz.yaml", ".vscode/mcp.json", "AGENTS.md"}},
		{[]Client{Codex}, []string{".ambient-authz.yaml", ".codex/config.toml", "AGENTS.md"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.clients[0]), func(t *testing.T) {
			dir := project(t, map[string]string{"schema.zed": testSchema})
			require.NoError(t, planFor(t, dir, tt.clients).Apply())
			var got []string
			for name := range readTree(t, dir) {
				if name != "schema.zed" {
					got = append(got, name)
				}
			}
			slices.Sort(got)
			assert.Equal(t, tt.files, got)
		})
	}
}

// TestGeneratedShapes decodes each generated config the way its client
// does and checks the documented shape.
func TestGeneratedShapes(t *testing.T) {
	dir := project(t, map[string]string{"authz/schema.zed": testSchema})
	require.NoError(t, planFor(t, dir, AllClients).Apply())
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		return data
	}

	var claude struct {
		MCPServers map[string]struct {
			Type    string            `json:"type"`
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	require.NoError(t, json.Unmarshal(read(ClaudeMCPFile), &claude))
	s := claude.MCPServers[ServerName]
	assert.Equal(t, "stdio", s.Type)
	assert.Equal(t, Binary, s.Command)
	assert.Equal(t, []string{"serve"}, s.Args)
	assert.NotNil(t, s.Env)

	var vscode struct {
		Servers map[string]struct {
			Type, Command string
			Args          []string
		} `json:"servers"`
		Inputs []any `json:"inputs"`
	}
	require.NoError(t, json.Unmarshal(read(VSCodeMCPFile), &vscode))
	assert.Equal(t, "stdio", vscode.Servers[ServerName].Type)
	assert.Equal(t, []string{"serve", "--root", "${workspaceFolder}"}, vscode.Servers[ServerName].Args)
	assert.NotNil(t, vscode.Inputs)

	var settings struct {
		Hooks map[string][]struct {
			Matcher string `json:"matcher"`
			Hooks   []struct {
				Type, Command string
				Timeout       int
			} `json:"hooks"`
		} `json:"hooks"`
	}
	require.NoError(t, json.Unmarshal(read(ClaudeSettingsFile), &settings))
	for event, cmd := range map[string]string{"SessionStart": ClaudeSessionStartCommand, "PostToolUse": ClaudePostEditCommand, "Stop": ClaudeStopCommand} {
		require.Len(t, settings.Hooks[event], 1, event)
		h := settings.Hooks[event][0].Hooks[0]
		assert.Equal(t, "command", h.Type)
		assert.Equal(t, cmd, h.Command)
		assert.Equal(t, claudeHookTimeout, h.Timeout)
	}
	assert.Equal(t, "Write|Edit|MultiEdit", settings.Hooks["PostToolUse"][0].Matcher)

	var cursorHooksFile struct {
		Version int                                   `json:"version"`
		Hooks   map[string][]struct{ Command string } `json:"hooks"`
	}
	require.NoError(t, json.Unmarshal(read(CursorHooksFile), &cursorHooksFile))
	assert.Equal(t, 1, cursorHooksFile.Version)
	assert.Equal(t, CursorAfterFileEditCommand, cursorHooksFile.Hooks["afterFileEdit"][0].Command)
	assert.Equal(t, CursorStopCommand, cursorHooksFile.Hooks["stop"][0].Command)

	var codex struct {
		MCPServers map[string]struct {
			Command string   `toml:"command"`
			Args    []string `toml:"args"`
		} `toml:"mcp_servers"`
	}
	require.NoError(t, toml.Unmarshal(read(CodexConfigFile), &codex))
	assert.Equal(t, Binary, codex.MCPServers[ServerName].Command)
	assert.Equal(t, []string{"serve"}, codex.MCPServers[ServerName].Args)

	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	cfg, err := schemas.LoadConfig(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"authz/schema.zed"}, []string(cfg.Schema), "the server finds the schema init recorded")
	assert.Contains(t, string(read(AgentsMDFile)), "`authz/schema.zed`")
}

// TestMalformedWritesNothing: one bad file fails the whole run with its
// path and line, and no file is written, not even the good ones.
func TestMalformedWritesNothing(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"json syntax", ".mcp.json", "{\n  \"mcpServers\": {,}\n}\n", ".mcp.json:2:18: not valid JSON"},
		{"json unclosed", ".vscode/mcp.json", "{\n  \"servers\": {\n", ".vscode/mcp.json:2:14: not valid JSON: { is never closed"},
		{"json top level", ".cursor/mcp.json", "[]\n", ".cursor/mcp.json:1:1: the file is an array, not a JSON object"},
		{"hooks not an object", ".claude/settings.json", "{\"hooks\": []}\n", `.claude/settings.json:1:11: "hooks" is an array; expected an object`},
		{"event not an array", ".claude/settings.json", "{\"hooks\": {\"Stop\": {}}}\n", `.claude/settings.json:1:20: "hooks.Stop" is an object; expected an array`},
		{"servers null", ".mcp.json", "{\"mcpServers\": null}\n", `.mcp.json:1:16: "mcpServers" is null; expected an object`},
		{"cursor hooks version", ".cursor/hooks.json", "{\"version\": 2, \"hooks\": {}}\n", ".cursor/hooks.json:1:13: hooks file version 2"},
		{"toml", ".codex/config.toml", "model = \"x\"\n[mcp_servers\n", ".codex/config.toml:2:"},
		{"toml inline servers", ".codex/config.toml", "mcp_servers = { other = { command = \"x\" } }\n", "cannot add [mcp_servers.ambient-authz]"},
		{"markdown begin without end", "CLAUDE.md", "# P\n\n" + sectionBegin + " -->\ntext\n", "CLAUDE.md:3: the ambient-authz section that begins here has no end marker"},
		{"markdown stray end", "AGENTS.md", "# P\n" + sectionEnd + "\n", "AGENTS.md:2: an ambient-authz end marker with no begin marker"},
		{"markdown two sections", "AGENTS.md", sectionBegin + " -->\n" + sectionEnd + "\n" + sectionBegin + " -->\n" + sectionEnd + "\n", "AGENTS.md:3: a second ambient-authz section"},
		{"yaml", ".ambient-authz.yaml", "schema: [a\nexclude: x\n", ".ambient-authz.yaml:"},
		{"yaml not a mapping", ".ambient-authz.yaml", "- a\n", ".ambient-authz.yaml:1: the file is not a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t, map[string]string{"schema.zed": testSchema, tt.file: tt.content})
			before := readTree(t, dir)
			root, err := schemas.NewRoot(dir)
			require.NoError(t, err)
			_, err = NewPlan(Options{Root: root, Clients: AllClients, Schema: []string{"schema.zed"}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "fix")
			assert.Equal(t, before, readTree(t, dir), "nothing written")
		})
	}
}

func TestRefusesPathsOutsideRoot(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name string
		link string // a symlink in the project pointing outside
	}{
		{"linked folder", ".claude"},
		{"linked file", "CLAUDE.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t, map[string]string{"schema.zed": testSchema})
			target := filepath.Join(outside, tt.name)
			require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
			if filepath.Ext(tt.link) == ".md" {
				require.NoError(t, os.WriteFile(target, []byte("# outside\n"), 0o644))
			} else {
				require.NoError(t, os.MkdirAll(target, 0o755))
			}
			require.NoError(t, os.Symlink(target, filepath.Join(dir, tt.link)))
			root, err := schemas.NewRoot(dir)
			require.NoError(t, err)
			_, err = NewPlan(Options{Root: root, Clients: AllClients, Schema: []string{"schema.zed"}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.link)
			assert.Contains(t, err.Error(), ": resolves to "+target)
			assert.Contains(t, err.Error(), "outside the project root")
			assert.Equal(t, map[string]string{"schema.zed": testSchema}, readTree(t, dir))
		})
	}
}

// TestLinkedAgentsFile: AGENTS.md as a symlink to CLAUDE.md (a common
// setup) gets one section, and stays a symlink.
func TestLinkedAgentsFile(t *testing.T) {
	dir := project(t, map[string]string{"schema.zed": testSchema, "CLAUDE.md": "# P\n"})
	require.NoError(t, os.Symlink("CLAUDE.md", filepath.Join(dir, "AGENTS.md")))
	plan := planFor(t, dir, AllClients)
	require.NoError(t, plan.Apply())
	data, err := os.ReadFile(filepath.Join(dir, "CLAUDE.md"))
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(data), sectionBegin))
	fi, err := os.Lstat(filepath.Join(dir, "AGENTS.md"))
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "AGENTS.md is still a symlink")
	assert.Contains(t, report(plan), "note: AGENTS.md is the same file")
}

func TestDanglingSymlinkRefused(t *testing.T) {
	dir := project(t, map[string]string{"schema.zed": testSchema})
	require.NoError(t, os.Symlink("missing.md", filepath.Join(dir, "CLAUDE.md")))
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	_, err = NewPlan(Options{Root: root, Clients: []Client{Claude}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CLAUDE.md: is a symlink to a missing file")
}

func TestKeepsFileMode(t *testing.T) {
	dir := project(t, map[string]string{"schema.zed": testSchema, ".mcp.json": "{}\n"})
	require.NoError(t, os.Chmod(filepath.Join(dir, ".mcp.json"), 0o600))
	require.NoError(t, planFor(t, dir, []Client{Claude}).Apply())
	fi, err := os.Stat(filepath.Join(dir, ".mcp.json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	leftovers, err := filepath.Glob(filepath.Join(dir, ".*.ambient-authz-*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers, "no temporary files left behind")
}

func TestNoSchemaYet(t *testing.T) {
	dir := project(t, map[string]string{"main.go": "package main\n"})
	plan := planFor(t, dir, AllClients)
	require.NoError(t, plan.Apply())
	files := readTree(t, dir)
	assert.NotContains(t, files, ".ambient-authz.yaml", "no schema, nothing to record")
	assert.Contains(t, files["CLAUDE.md"], "There is no SpiceDB schema yet")
}

func TestSchemaPaths(t *testing.T) {
	dir := project(t, map[string]string{"a.zed": testSchema, "b.zed": testSchema})
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)

	_, err = SchemaPaths(root, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "candidate schemas: a.zed, b.zed")

	got, err := SchemaPaths(root, []string{"b.zed"})
	require.NoError(t, err)
	assert.Equal(t, []string{"b.zed"}, got)

	_, err = SchemaPaths(root, []string{"nope.zed"})
	assert.ErrorContains(t, err, "--schema nope.zed: no such file")

	_, err = SchemaPaths(root, []string{"../outside.zed"})
	assert.ErrorContains(t, err, "outside the project root")
}

// TestSchemaFlagReplacesConfig: an explicit --schema different from the
// config's replaces the key in place, keeping the rest of the file.
func TestSchemaFlagReplacesConfig(t *testing.T) {
	cfg := "# settings\nschema:\n  - old.zed\n  # the old one\n\nexclude: [\"x/**\"]\n"
	out, notes, err := mergeSchemaKey([]string{"authz/new.zed"})(".ambient-authz.yaml", []byte(cfg))
	require.NoError(t, err)
	assert.Equal(t, "# settings\nschema: authz/new.zed\n\nexclude: [\"x/**\"]\n", string(out))
	assert.Equal(t, []string{"replaced schema: old.zed with authz/new.zed"}, notes)

	out, _, err = mergeSchemaKey([]string{"a b.zed", "c.zed"})(".ambient-authz.yaml", []byte("exclude: []"))
	require.NoError(t, err)
	assert.Equal(t, "exclude: []\nschema: [\"a b.zed\", c.zed]\n", string(out))
}

func TestMarkdownKeepsLineEndings(t *testing.T) {
	merge := mergeSection(authorizationSection([]string{"schema.zed"}))
	out, _, err := merge("CLAUDE.md", []byte("# P\r\n\r\ntext\r\n"))
	require.NoError(t, err)
	assert.NotContains(t, strings.ReplaceAll(string(out), "\r\n", ""), "\n", "every line ends in CRLF")
	again, _, err := merge("CLAUDE.md", out)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))
}

func TestParseClients(t *testing.T) {
	got, err := ParseClients([]string{"all"})
	require.NoError(t, err)
	assert.Equal(t, AllClients, got)
	got, err = ParseClients([]string{"codex,Claude", "claude"})
	require.NoError(t, err)
	assert.Equal(t, []Client{Claude, Codex}, got)
	_, err = ParseClients([]string{"zed"})
	assert.ErrorContains(t, err, `--client "zed": use claude, cursor, vscode, codex or all`)
	_, err = ParseClients(nil)
	assert.ErrorContains(t, err, "--client is empty")
}

func TestRunsCommand(t *testing.T) {
	tests := []struct {
		have, want string
		runs       bool
	}{
		{"ambient-authz hook post-edit", ClaudePostEditCommand, true},
		{"/usr/local/bin/ambient-authz hook post-edit", ClaudePostEditCommand, true},
		{"ambient-authz --log-level debug hook post-edit", ClaudePostEditCommand, true},
		{`C:\tools\ambient-authz.exe hook stop --client cursor`, CursorStopCommand, true},
		{"ambient-authz hook stop", CursorStopCommand, false},
		{"ambient-authz hook session-start", ClaudePostEditCommand, false},
		{"other-tool hook post-edit", ClaudePostEditCommand, false},
		{"", ClaudeStopCommand, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.runs, runsCommand(tt.have, tt.want), "%q runs %q", tt.have, tt.want)
	}
}

func TestHookCommandsRunAmbientAuthz(t *testing.T) {
	for _, c := range HookCommands() {
		f := strings.Fields(c)
		assert.Equal(t, []string{Binary, "hook"}, f[:2], c)
		assert.True(t, runsCommand(c, c))
	}
}

// TestApplyIsAllOrNothing: when one file cannot be written, none is, and
// no temporary file stays behind.
func TestApplyIsAllOrNothing(t *testing.T) {
	dir := project(t, map[string]string{"schema.zed": testSchema})
	plan := planFor(t, dir, AllClients)
	// .codex becomes a file after planning, so its folder cannot be made.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".codex"), []byte("x"), 0o644))
	err := plan.Apply()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "writing .codex/config.toml")
	assert.Contains(t, err.Error(), "nothing was changed")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{".codex", "schema.zed"}, names, "no file, temporary file or new folder left")
}
