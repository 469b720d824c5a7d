package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// initProject is a project with a schema in authz/.
func initProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	schema, err := os.ReadFile(filepath.Join(schemasDir, "google-docs.zed"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "authz"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "authz", "schema.zed"), schema, 0o644))
	return dir
}

func listFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return files
}

func TestInitCommand(t *testing.T) {
	dir := initProject(t)
	stdout, stderr, code := runCLI(t, "--root", dir, "init")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "schema: authz/schema.zed (4 definitions)")
	for _, f := range []string{".mcp.json", ".claude/settings.json", "CLAUDE.md", ".cursor/mcp.json", ".cursor/hooks.json", ".vscode/mcp.json", ".codex/config.toml", "AGENTS.md", ".ambient-authz.yaml"} {
		assert.Contains(t, stdout, "created   "+f+"\n")
	}
	first := listFiles(t, dir)

	stdout, _, code = runCLI(t, "--root", dir, "init")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "already set up: nothing changed")
	assert.NotContains(t, stdout, "created")
	assert.Equal(t, first, listFiles(t, dir), "a second run writes nothing new")

	// The server the generated configs start finds the recorded schema
	// with no flags.
	stdout, _, code = runCLI(t, "--root", dir, "schema", "show")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "authz/schema.zed:")
}

func TestInitDryRunWritesNothing(t *testing.T) {
	dir := initProject(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".mcp.json"), []byte("{\n  \"mcpServers\": {}\n}\n"), 0o644))
	before := listFiles(t, dir)
	stdout, stderr, code := runCLI(t, "--root", dir, "init", "--dry-run", "--client", "claude")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, before, listFiles(t, dir))
	assert.Contains(t, stdout, "--- a/.mcp.json\n+++ b/.mcp.json\n@@ -1,3 +1,10 @@\n {\n-  \"mcpServers\": {}\n+  \"mcpServers\": {\n")
	assert.Contains(t, stdout, "--- /dev/null\n+++ b/.claude/settings.json\n")
	assert.Contains(t, stdout, "+++ b/CLAUDE.md\n")
	assert.NotContains(t, stdout, "AGENTS.md", "claude reads CLAUDE.md only")
	assert.Contains(t, stdout, "dry run: 4 of 4 files would change; nothing was written")
}

func TestInitClientFlagAndEnvTwin(t *testing.T) {
	dir := initProject(t)
	t.Setenv("AMBIENT_AUTHZ_CLIENT", "codex")
	_, stderr, code := runCLI(t, "--root", dir, "init")
	require.Equal(t, 0, code, stderr)
	files := listFiles(t, dir)
	assert.Contains(t, files, ".codex/config.toml")
	assert.NotContains(t, files, ".mcp.json")

	_, stderr, code = runCLI(t, "--root", dir, "init", "--client", "vscode")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, listFiles(t, dir), ".vscode/mcp.json", "the flag beats its environment twin")
}

func TestInitBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"unknown client", nil, []string{"--client", "emacs"}, `--client "emacs": use claude, cursor, vscode, codex or all`},
		{"missing schema", nil, []string{"--schema", "nope.zed"}, "--schema nope.zed: no such file"},
		{"ambiguous schema", map[string]string{"spicedb/other.zed": "definition a {}\n"}, nil, "found 2 candidate schemas: spicedb/other.zed, authz/schema.zed"},
		{"malformed settings", map[string]string{".claude/settings.json": "{\"hooks\": {\"Stop\": [}}\n"}, nil, `.claude/settings.json:1:21: not valid JSON: unexpected "}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := initProject(t)
			for name, content := range tt.files {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
			}
			before := listFiles(t, dir)
			_, stderr, code := runCLI(t, append([]string{"--root", dir, "init"}, tt.args...)...)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, tt.want)
			assert.Equal(t, before, listFiles(t, dir), "nothing written")
		})
	}
}
