package tools_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// docsModule copies the sample module (with its schema) into a temp root.
func docsModule(t *testing.T) (tools.Deps, string) {
	t.Helper()
	src := filepath.Join("..", "testdata", "coverage", "go", "docs")
	dir := t.TempDir()
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	}))
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	return tools.Deps{Store: schemas.NewStore(root, nil)}, dir
}

func TestCheckCoverageTool(t *testing.T) {
	d, _ := docsModule(t)
	res, text := call(t, d, "check_coverage", nil)
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "error unprotected-handler api/handlers.go:")
	assert.Contains(t, text, "passed: false")
	r := res.StructuredContent.(coverage.Report)
	assert.False(t, r.Passed)
	assert.Equal(t, "schema.zed", r.Schema.Path)
	assert.NotEmpty(t, r.Handlers)

	res, text = call(t, d, "check_coverage", map[string]any{"format": "json"})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, `"version": 1`)

	res, text = call(t, d, "check_coverage", map[string]any{"paths": []any{"api"}})
	require.False(t, res.IsError, text)
	r = res.StructuredContent.(coverage.Report)
	require.NotEmpty(t, r.Findings, "the unprotected create handler is under api/")
	for _, f := range r.Findings {
		assert.Regexp(t, `^api/`, f.File, "paths narrow the report")
	}
	for _, h := range r.Handlers {
		assert.Regexp(t, `^api/`, h.File)
	}

	res, text = call(t, d, "check_coverage", map[string]any{"paths": []any{"../../etc"}})
	assert.True(t, res.IsError)
	assert.Contains(t, text, "outside the project root")

	res, text = call(t, d, "check_coverage", map[string]any{"changed_only": true})
	assert.True(t, res.IsError, "not a git repository")
	assert.Contains(t, text, "changed_only needs a git repository")

	res, _ = call(t, d, "check_coverage", map[string]any{"format": "yaml"})
	assert.True(t, res.IsError)
}

func TestCheckCoverageChangedOnly(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	d, dir := docsModule(t)
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t"}, args...)...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "init")

	res, text := call(t, d, "check_coverage", map[string]any{"changed_only": true})
	require.False(t, res.IsError, text)
	r := res.StructuredContent.(coverage.Report)
	assert.Empty(t, r.Findings, "nothing changed")
	assert.Empty(t, r.Handlers)

	// An untracked file with a new unprotected handler is reported.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "api", "extra.go"), []byte(`package api

import "net/http"

func (h *DocumentHandler) Export(w http.ResponseWriter, r *http.Request) {}
`), 0o644))
	res, text = call(t, d, "check_coverage", map[string]any{"changed_only": true})
	require.False(t, res.IsError, text)
	r = res.StructuredContent.(coverage.Report)
	require.NotEmpty(t, r.Handlers, "the new handler is reported")
	for _, h := range r.Handlers {
		assert.Equal(t, "api/extra.go", h.File)
	}
	for _, f := range r.Findings {
		assert.Equal(t, "api/extra.go", f.File)
	}
}
