package hooks

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnusualInputAllows: every unusual input allows the action (nothing
// on stdout) and says why on stderr.
func TestUnusualInputAllows(t *testing.T) {
	root := newApp(t)
	noSchema := t.TempDir()
	notGit := t.TempDir()
	require.NoError(t, os.CopyFS(notGit, os.DirFS(filepath.Join(testdata, "app"))))
	broken := filepath.Join(root, "api", "broken.go")
	require.NoError(t, os.WriteFile(broken, []byte("package api\n\nfunc (h *FolderHandler) Rename(w http.ResponseWriter, r *http.Request) {\n\tif err :=\n"), 0o644))
	postEdit := func(file string) []byte {
		return []byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"` + file + `"}}`)
	}
	tests := []struct {
		name   string
		root   string
		event  string
		stdin  []byte
		stderr string
		client string
	}{
		{"empty stdin", root, EventStop, nil, "stdin is empty", ""},
		{"blank stdin", root, EventPostEdit, []byte(" \n"), "stdin is empty", ""},
		{"malformed session start", root, EventSessionStart, recorded(t, "claude/session-start-malformed.json", root), "not a hook payload", ""},
		{"malformed post-edit", root, EventPostEdit, recorded(t, "claude/post-edit-malformed.json", root), "not a hook payload", ""},
		{"malformed stop", root, EventStop, recorded(t, "claude/stop-malformed.json", root), "not a hook payload", ""},
		{"malformed Cursor edit", root, EventPostEdit, recorded(t, "cursor/after-file-edit-malformed.json", root), "not a hook payload", ""},
		{"malformed Cursor stop", root, EventStop, recorded(t, "cursor/stop-malformed.json", root), "not a hook payload", ""},
		{"a JSON array", root, EventStop, []byte(`[]`), "not a hook payload", ""},
		{"unknown event", root, "pre-edit", recorded(t, "claude/stop.json", root), `unknown event "pre-edit"`, ""},
		{"payload for another event", root, EventStop, recorded(t, "claude/post-edit-write.json", root), "the payload's hook_event_name is \"PostToolUse\", but `hook stop` for Claude Code answers \"Stop\"", ""},
		{"Cursor session start", root, EventSessionStart, []byte(`{"conversation_id":"c","hook_event_name":"sessionStart"}`), "Cursor has no session-start hook", ""},
		{"no file path", root, EventPostEdit, []byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}`), "names no edited file", ""},
		{"file outside the root", root, EventPostEdit, postEdit(filepath.Join(noSchema, "x.go")), "outside the project root", ""},
		{"missing file", root, EventPostEdit, postEdit(filepath.Join(root, "api", "gone.go")), "does not exist", ""},
		{"unparsable file", root, EventPostEdit, postEdit(broken), "api/broken.go:4:12 does not parse", ""},
		{"missing schema at session start", noSchema, EventSessionStart, recorded(t, "claude/session-start.json", noSchema), "no SpiceDB schema found", ""},
		{"missing schema at post-edit", noSchema, EventPostEdit, postEdit(filepath.Join(noSchema, "main.go")), "no SpiceDB schema found", ""},
		{"missing schema at stop", noSchema, EventStop, recorded(t, "claude/stop.json", noSchema), "no SpiceDB schema found", ""},
		{"missing root", filepath.Join(noSchema, "nope"), EventStop, recorded(t, "claude/stop.json", noSchema), "does not exist", ""},
		{"stop outside git", notGit, EventStop, recorded(t, "claude/stop.json", notGit), "needs a git repository", ""},
		{"Claude Code payload to after-file-edit", root, EventAfterFileEdit, recorded(t, "claude/post-edit-write.json", root), "Claude Code has no after-file-edit hook", ""},
		{"Cursor payload to a Claude Code hook", root, EventStop, recorded(t, "cursor/stop.json", root), "the payload's hook_event_name is \"stop\", but `hook stop` for Claude Code answers \"Stop\"", "claude"},
		{"unknown client", root, EventStop, recorded(t, "claude/stop.json", root), `--client "emacs": use claude or cursor`, "emacs"},
	}
	require.NoError(t, os.WriteFile(filepath.Join(noSchema, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	git(t, noSchema, "init", "-q")
	git(t, noSchema, "add", "-A")
	git(t, noSchema, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "initial")
	require.NoError(t, os.WriteFile(filepath.Join(noSchema, "main.go"), []byte("package main\n\nfunc main() { println() }\n"), 0o644))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr := hook(t, Options{Root: tt.root, StateDir: t.TempDir(), Client: tt.client}, tt.event, tt.stdin)
			assert.Empty(t, stdout, "allowed")
			assert.Contains(t, stderr, tt.stderr)
			assert.Contains(t, stderr, "ambient-authz hook "+tt.event+": allowed")
		})
	}
}

// TestTimeoutAllows: a run past the timeout allows and says so.
func TestTimeoutAllows(t *testing.T) {
	root := newApp(t)
	data := recorded(t, "claude/post-edit-write.json", root)
	applyEdit(t, data)
	stdout, stderr := hook(t, Options{Root: root, StateDir: t.TempDir(), Timeout: time.Nanosecond}, EventPostEdit, data)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "allowed: timed out after 1ns; raise --timeout")
}

// TestBaselinedFindingsNeverBlock: the legacy handler's gap is in the
// baseline, so editing its file neither blocks the edit nor the stop;
// without the baseline, both block.
func TestBaselinedFindingsNeverBlock(t *testing.T) {
	root := newApp(t)
	file := filepath.Join(root, "legacy", "export.go")
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, append(src, []byte("\n// Formats lists the export formats.\nvar Formats = []string{\"pdf\"}\n")...), 0o644))
	edit := []byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Edit","tool_input":{"file_path":"` + file + `"}}`)
	stop := recorded(t, "claude/stop.json", root)
	opts := Options{Root: root, StateDir: t.TempDir()}

	stdout, _ := hook(t, opts, EventPostEdit, edit)
	out := claudeAnswer(t, stdout)
	assert.Empty(t, out.Decision)
	require.NotNil(t, out.HookSpecificOutput, "the file's handler still gets its context")
	assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "ExportDocument")
	stdout, _ = hook(t, opts, EventStop, stop)
	assert.Empty(t, stdout)

	require.NoError(t, os.Remove(filepath.Join(root, ".ambient-authz.yaml")))
	stdout, _ = hook(t, opts, EventPostEdit, edit)
	assert.Equal(t, "block", claudeAnswer(t, stdout).Decision)
	stdout, _ = hook(t, opts, EventStop, stop)
	out = claudeAnswer(t, stdout)
	assert.Equal(t, "block", out.Decision)
	assert.Contains(t, out.Reason, "unprotected-handler legacy/export.go:8 ExportDocument")
}

// TestProjectDirFromClient: without a configured root, Claude Code's
// CLAUDE_PROJECT_DIR and Cursor's workspace root name the project, not
// the directory the hook runs in.
func TestProjectDirFromClient(t *testing.T) {
	root := newApp(t)
	t.Chdir(t.TempDir())
	t.Setenv("CLAUDE_PROJECT_DIR", root)
	stdout, stderr := hook(t, Options{StateDir: t.TempDir()}, EventSessionStart, recorded(t, "claude/session-start.json", root))
	assert.Contains(t, stdout, "- document: edit, view, delete", stderr)

	t.Setenv("CLAUDE_PROJECT_DIR", "")
	opts := Options{StateDir: t.TempDir()}
	edit := recorded(t, "cursor/after-file-edit.json", root)
	applyEdit(t, edit)
	_, stderr = hook(t, opts, EventPostEdit, edit)
	require.Empty(t, stderr)
	stdout, stderr = hook(t, opts, EventStop, recorded(t, "cursor/stop.json", root))
	assert.Contains(t, stdout, "followup_message", stderr)
}
