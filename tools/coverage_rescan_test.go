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

	past := time.Now().Add(-time.Hour)
	edit := func(rel, old, new string) {
		file := filepath.Join(dir, filepath.FromSlash(rel))
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		edited := strings.Replace(string(data), old, new, 1)
		require.NotEqual(t, string(data), edited, rel)
		require.NoError(t, os.WriteFile(file, []byte(edited), 0o644))
		past = past.Add(time.Second)
		require.NoError(t, os.Chtimes(file, past, past))
	}
	edit("service/documents.go", "s.authorize(ctx, id, perms.View)", "error(nil)")
	changed := run(shared, tools.CoverageOptions{})
	require.NotEqual(t, full, changed, "the edit opens a gap")
	require.Equal(t, fresh(), changed)
	require.Equal(t, 1, shared.Sources.AnalysisStats().Incremental, "the edit's analysis walks again only what it changes")

	// A scoped run after an edit of the wrapper every check goes through.
	edit("authz/authz.go", "Permission: permission,", `Permission: "view",`)
	scoped = run(shared, tools.CoverageOptions{Paths: []string{"service/documents.go"}})
	require.Equal(t, run(tools.Deps{Store: schemas.NewStore(root, nil)}, tools.CoverageOptions{Paths: []string{"service/documents.go"}}), scoped)
	require.Equal(t, fresh(), run(shared, tools.CoverageOptions{}))
	require.Equal(t, 2, shared.Sources.AnalysisStats().Incremental)
}
