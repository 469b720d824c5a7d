package tools_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// TestCoverageRescansMatchFreshRuns runs coverage with one source cache,
// as the server does, and checks each run against a run with a fresh
// cache: after nothing changed, after a scoped run (which narrows the
// report it was given), and after an edit.
func TestCoverageRescansMatchFreshRuns(t *testing.T) {
	dir := fixtureCopy(t, "chi")
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	shared := tools.Deps{Store: schemas.NewStore(root, nil), Sources: golang.NewCache()}
	run := func(d tools.Deps, opts tools.CoverageOptions) string {
		r, err := tools.RunCoverage(context.Background(), d, opts)
		require.NoError(t, err)
		data, err := r.JSON()
		require.NoError(t, err)
		return string(data)
	}
	fresh := func() string {
		return run(tools.Deps{Store: schemas.NewStore(root, nil)}, tools.CoverageOptions{})
	}

	full := run(shared, tools.CoverageOptions{})
	require.Equal(t, fresh(), full)
	scoped := run(shared, tools.CoverageOptions{Paths: []string{"api/routes.go"}})
	require.NotEqual(t, scoped, full, "the scoped run reports less")
	require.Equal(t, full, run(shared, tools.CoverageOptions{}))

	file := filepath.Join(dir, "service", "documents.go")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	edited := strings.Replace(string(data), "s.authorize(ctx, id, perms.View)", "error(nil)", 1)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))
	past := time.Now().Add(-time.Minute)
	require.NoError(t, os.Chtimes(file, past, past))
	changed := run(shared, tools.CoverageOptions{})
	require.NotEqual(t, full, changed, "the edit opens a gap")
	require.Equal(t, fresh(), changed)
}
