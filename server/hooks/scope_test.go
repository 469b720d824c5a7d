package hooks

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

func TestEditScope(t *testing.T) {
	root := newApp(t)
	files, total, err := editScope(context.Background(), root, []string{"api/folders.go"})
	require.NoError(t, err)
	assert.Equal(t, []string{"api/folders.go", "authz/authz.go", "main.go"}, files,
		"the package, what it imports and what imports it; not legacy/, which only main imports")
	assert.Equal(t, 4, total)
}

// TestEditScopeIsConfirmed: main wraps api.GetDocument in middleware from
// a package api does not import. The edit's scope leaves that package
// out and sees an unprotected handler; the whole module does not, and the
// edit is not blocked.
func TestEditScopeIsConfirmed(t *testing.T) {
	root := newApp(t)
	overlayMiddleware(t, root)
	ctx := context.Background()

	files, _, err := editScope(ctx, root, []string{"api/read.go"})
	require.NoError(t, err)
	assert.NotContains(t, files, "mw/mw.go")
	prog, err := golang.ParseProgram(ctx, root, files, nil)
	require.NoError(t, err)
	sr, err := schemas.NewRoot(root)
	require.NoError(t, err)
	model, err := schemas.NewStore(sr, nil).Model(ctx)
	require.NoError(t, err)
	partial, err := coverage.Analyze(ctx, prog, model, nil)
	require.NoError(t, err)
	partial.Scope(func(f string) bool { return f == "api/read.go" })
	require.NotEmpty(t, blocking(partial, nil), "over the scope alone, GetDocument looks unprotected")

	stdout, stderr := hook(t, Options{Root: root, StateDir: t.TempDir()}, EventPostEdit,
		[]byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"`+filepath.Join(root, "api", "read.go")+`"}}`))
	out := claudeAnswer(t, stdout)
	assert.Empty(t, out.Decision, "confirmed on the whole module: %s %s", out.Reason, stderr)
	require.NotNil(t, out.HookSpecificOutput)
	assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "GetDocument")
}

// TestStopScopeIsConfirmed: the stop hook's fast look at the changed
// files sees the same false gap, and the whole module clears it.
func TestStopScopeIsConfirmed(t *testing.T) {
	root := newApp(t)
	overlayMiddleware(t, root)
	stdout, stderr := hook(t, Options{Root: root, StateDir: t.TempDir()}, EventStop, recorded(t, "claude/stop.json", root))
	assert.Empty(t, stdout, stderr)

	require.NoError(t, os.Remove(filepath.Join(root, "mw", "mw.go")))
	stdout, _ = hook(t, Options{Root: root, StateDir: t.TempDir()}, EventStop, recorded(t, "claude/stop.json", root))
	assert.Contains(t, stdout, "unprotected-handler api/read.go", "without the middleware the gap is real")
}

// overlayMiddleware lays testdata/hooks/middleware over the app, as
// uncommitted changes.
func overlayMiddleware(t *testing.T, root string) {
	t.Helper()
	for _, f := range []string{"main.go", "api/read.go", "mw/mw.go"} {
		src, err := os.ReadFile(filepath.Join(testdata, "middleware", f))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), src, 0o644))
	}
}
