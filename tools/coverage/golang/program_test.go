package golang

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// sampleModule is a module with handlers in one package, a service layer
// two calls deep in another, an authz wrapper package and constants in a
// perms package; its Program's golden sits next to it.
const sampleModule = "../../../testdata/coverage/go/docs"

func TestSampleModule(t *testing.T) {
	root, err := filepath.Abs(sampleModule)
	require.NoError(t, err)
	prog, err := ParseProgram(context.Background(), root, goFiles(t, root), nil)
	require.NoError(t, err)

	assert.Equal(t, "example.com/docs", prog.Module)
	assert.Empty(t, prog.Skipped)
	const m = "example.com/docs"
	// The handler reaches the check through the service, two calls deep;
	// the constants of perms bind the wrapper's parameters.
	update := prog.Funcs[m+"/api.DocumentHandler.Update"]
	require.NotNil(t, update)
	assert.Equal(t, m+"/service.Documents.Rename", update.Calls[0].Callee)
	assert.Equal(t, m+"/service.Documents.Get", prog.Funcs[m+"/service.Documents.Rename"].Calls[0].Callee)
	get := prog.Funcs[m+"/service.Documents.Get"]
	assert.Equal(t, m+"/service.Documents.authorize", get.Calls[0].Callee)
	assert.Equal(t, "view", get.Calls[0].Args[2].Text)
	authorize := prog.Funcs[m+"/service.Documents.authorize"].Calls[0]
	assert.Equal(t, m+"/authz.Require", authorize.Callee)
	assert.Equal(t, coverage.Value{Kind: coverage.ValueResolved, Text: "document", Expr: "perms.Document"}, authorize.Args[1])
	assert.Equal(t, coverage.Value{Kind: coverage.ValueParam, Param: 2, Expr: "string(p)"}, authorize.Args[3])
	// Store is an interface; MemStore implements it.
	assert.Equal(t, m+"/service.MemStore.Get", get.Calls[1].Callee)

	require.Len(t, prog.Funcs[m+"/authz.Require"].Ops, 1)
	check := prog.Funcs[m+"/authz.Require"].Ops[0]
	assert.Equal(t, coverage.OpCheck, check.Kind)
	assert.Equal(t, 1, check.Resource.Param)
	assert.Equal(t, 3, check.Permission.Param)
	assert.Equal(t, "user", check.Subject.Text)
	assert.True(t, check.Gates)
	assert.False(t, prog.Funcs[m+"/authz.Peek"].Ops[0].Gates, "Peek drops the answer")

	var update2 *coverage.ProgramHandler
	for i, h := range prog.Handlers {
		if h.Method == "PUT" {
			update2 = &prog.Handlers[i]
		}
	}
	require.NotNil(t, update2)
	assert.Equal(t, m+"/api.DocumentHandler.Update", update2.Func)
	// main mounts the API router at /api, behind its logger.
	assert.Equal(t, "/api/documents/{id}", update2.Route)
	assert.Equal(t, []string{"logRequests", "authz.RequireUser", "authz.RequirePermission"}, update2.Middleware)
	assert.Equal(t, []string{m + ".logRequests", m + "/authz.RequireUser", m + "/authz.RequirePermission"}, update2.MiddlewareFuncs)
	assert.Equal(t, []string{"document", "edit"}, []string{update2.MiddlewareCalls[2].Args[0].Text, update2.MiddlewareCalls[2].Args[1].Text})

	got, err := json.MarshalIndent(prog, "", "  ")
	require.NoError(t, err)
	checkGolden(t, filepath.Join(sampleModule, "..", "docs.program.json"), string(got)+"\n")
}

// goFiles lists the .go files under root, root-relative.
func goFiles(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	}))
	return files
}

func TestMidEditFile(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"svc/svc.go": `
package svc

import "example.com/m/authz"

func Get(id string) error {
	return authz.Require("document", id, "view")
}

func Update(id string) error {
	if err := authz.Require("document", id, "edit"); err != nil {
		return err
	}
	doc, err := load(id
	if doc.

func Delete(id string) error {
	return authz.Require("document", id, "delete")
}
`,
		"authz/authz.go": `
package authz

func Require(resource, id, permission string) error { return nil }
`,
	})
	var file *coverage.File
	for _, f := range prog.Files {
		if f.Path == "svc/svc.go" {
			file = f
		}
	}
	require.NotNil(t, file)
	assert.NotEmpty(t, file.Errors, "the errors stay in the File")
	assert.Equal(t, []string{`authz.Require("document", $0, "view")`}, calls(t, prog, "svc.Get"))
	assert.Equal(t, `authz.Require("document", $0, "edit")`, calls(t, prog, "svc.Update")[0], "the open function is analyzed up to the edit")
	assert.Equal(t, []string{`authz.Require("document", $0, "delete")`}, calls(t, prog, "svc.Delete"), "the function after the edit is found")
}

func TestSkippedFiles(t *testing.T) {
	root, files := writeModule(t, map[string]string{
		"ok.go":     "package main\n\nfunc main() {}\n",
		"huge.go":   "package main\n\n// " + strings.Repeat("x", maxFileBytes) + "\n",
		"binary.go": "package main\x00\x01\x02",
		"latin1.go": "package main\n\n// caf\xe9\n",
	})
	require.NoError(t, os.Symlink("loop.go", filepath.Join(root, "loop.go")))
	require.NoError(t, os.Symlink("/etc/hostname", filepath.Join(root, "escape.go")))
	require.NoError(t, os.Mkdir(filepath.Join(root, "dir.go"), 0o755))
	files = append(files, "loop.go", "escape.go", "dir.go", "missing.go", "../outside.go")

	prog, err := ParseProgram(context.Background(), root, files, nil)
	require.NoError(t, err)
	reasons := map[string]string{}
	for _, s := range prog.Skipped {
		reasons[s.File] = s.Reason
	}
	assert.Equal(t, map[string]string{
		"../outside.go": "outside the project root",
		"binary.go":     "binary: not UTF-8 text",
		"dir.go":        "not a regular file",
		"escape.go":     "a symlink to outside the project root",
		"huge.go":       "larger than 1 MiB",
		"latin1.go":     "binary: not UTF-8 text",
		"loop.go":       reasons["loop.go"],
		"missing.go":    "unreadable: no such file or directory",
	}, reasons)
	assert.True(t, strings.HasPrefix(reasons["loop.go"], "unreadable: "), reasons["loop.go"])
	assert.NotContains(t, reasons["loop.go"], root, "reasons name no absolute path")
	require.Len(t, prog.Files, 1)
	assert.Equal(t, "ok.go", prog.Files[0].Path)
}

// TestSymlinkedDirectories: a file under a directory symlink is read
// where the link points, inside the root, and skipped when it points
// outside, also from a directory below the link.
func TestSymlinkedDirectories(t *testing.T) {
	root, files := writeModule(t, map[string]string{
		"real/sub/a.go": "package sub\n\nfunc A() {}\n",
	})
	outside := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(outside, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "sub", "b.go"), []byte("package sub\n\nfunc B() {}\n"), 0o644))
	require.NoError(t, os.Symlink("real", filepath.Join(root, "inner")))
	require.NoError(t, os.Symlink(outside, filepath.Join(root, "escape")))
	files = append(files, "inner/sub/a.go", "escape/sub/b.go", "gone/sub/c.go")

	prog, err := ParseProgram(context.Background(), root, files, nil)
	require.NoError(t, err)
	assert.Equal(t, []coverage.SkippedFile{
		{File: "escape/sub/b.go", Reason: "a symlink to outside the project root"},
		{File: "gone/sub/c.go", Reason: "unreadable: no such file or directory"},
	}, prog.Skipped)
	var paths []string
	for _, f := range prog.Files {
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"inner/sub/a.go", "real/sub/a.go"}, paths)
}

func TestCacheReparsesOnlyChangedFiles(t *testing.T) {
	root, files := writeModule(t, map[string]string{
		"a/a.go": "package a\n\nimport \"example.com/m/b\"\n\nfunc A() { b.B(\"x\") }\n",
		"b/b.go": "package b\n\nfunc B(s string) {}\n",
		"c/c.go": "package c\n\nfunc C() {}\n",
	})
	cache := NewCache()
	ctx := context.Background()
	first, err := ParseProgram(ctx, root, files, cache)
	require.NoError(t, err)
	assert.EqualValues(t, 3, cache.parses.Load())

	again, err := ParseProgram(ctx, root, files, cache)
	require.NoError(t, err)
	assert.EqualValues(t, 3, cache.parses.Load(), "nothing changed, nothing is parsed")
	assert.Equal(t, programJSON(t, first), programJSON(t, again))

	// b.B becomes Bee: a's call no longer resolves, and only b is parsed.
	require.NoError(t, os.WriteFile(filepath.Join(root, "b/b.go"), []byte("package b\n\nfunc Bee(s string) {}\n"), 0o644))
	edited, err := ParseProgram(ctx, root, files, cache)
	require.NoError(t, err)
	assert.EqualValues(t, 4, cache.parses.Load())
	assert.Equal(t, []string{`<unresolved>("x")`}, calls(t, edited, "a.A"))
	assert.Contains(t, edited.Funcs, testModule+"/b.Bee")

	// Same bytes under another name are parsed for that name.
	require.NoError(t, os.WriteFile(filepath.Join(root, "c/d.go"), []byte("package c\n\nfunc C() {}\n"), 0o644))
	_, err = ParseProgram(ctx, root, append(files, "c/d.go"), cache)
	require.NoError(t, err)
	assert.EqualValues(t, 5, cache.parses.Load())
}

func TestDeterministic(t *testing.T) {
	root, err := filepath.Abs(sampleModule)
	require.NoError(t, err)
	files := goFiles(t, root)
	ctx := context.Background()
	cold, err := ParseProgram(ctx, root, files, nil)
	require.NoError(t, err)
	cache := NewCache()
	reversed := slices.Clone(files)
	slices.Reverse(reversed)
	for range 3 {
		warm, err := ParseProgram(ctx, root, reversed, cache)
		require.NoError(t, err)
		assert.Equal(t, programJSON(t, cold), programJSON(t, warm))
	}
}

func TestModulesAndPackages(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"go.mod":               "// The main module.\nmodule \"example.com/main\" // quoted\n",
		"app.go":               "package main\n\nimport \"example.com/tool/x\"\n\nfunc main() { x.Run() }\n",
		"internal/a/a.go":      "package a\n\nfunc A() {}\n",
		"internal/a/a_test.go": "package a_test\n\nfunc TestA() {}\n",
		"tool/go.mod":          "module example.com/tool\n",
		"tool/x/x.go":          "package x\n\nfunc Run() {}\n",
	})
	assert.Equal(t, "example.com/main", prog.Module)
	assert.ElementsMatch(t, []string{
		"example.com/main.main",
		"example.com/main/internal/a.A",
		"example.com/main/internal/a_test.TestA",
		"example.com/tool/x.Run",
	}, mapsKeys(prog.Funcs))
	assert.Equal(t, "example.com/tool/x.Run", prog.Funcs["example.com/main.main"].Calls[0].Callee)
}

func TestNoGoMod(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "main.go"), []byte("package main\n\nfunc main() { run() }\n\nfunc run() {}\n"), 0o644))
	prog, err := ParseProgram(context.Background(), root, []string{"main.go"}, nil)
	require.NoError(t, err)
	name := filepath.Base(root)
	assert.Equal(t, name, prog.Module)
	assert.Equal(t, name+".run", prog.Funcs[name+".main"].Calls[0].Callee)
}

func TestCanceled(t *testing.T) {
	root, files := writeModule(t, map[string]string{"a.go": "package a\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ParseProgram(ctx, root, files, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// A link canceled (SIGTERM, an MCP notifications/cancelled) stops
// between files, and the cache's next scan links every file afresh.
func TestLinkCanceled(t *testing.T) {
	root, files := writeModule(t, map[string]string{"a.go": "package a\n\nfunc A() {}\n", "b.go": "package a\n\nfunc B() { A() }\n"})
	cache := NewCache()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var linked []linkFile
	for _, rel := range files {
		src, err := os.ReadFile(filepath.Join(root, rel))
		require.NoError(t, err)
		sum, err := summarize(rel, src)
		require.NoError(t, err)
		linked = append(linked, linkFile{path: rel, pkg: testModule, sum: sum})
	}
	_, err := cache.link(ctx, root, testModule, []string{testModule}, linked)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, cache.last)
	prog, err := ParseProgram(context.Background(), root, files, cache)
	require.NoError(t, err)
	assert.Equal(t, []string{testModule + ".A"}, []string{prog.Funcs[testModule+".B"].Calls[0].Callee})
}

func programJSON(t *testing.T, prog *coverage.Program) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	require.NoError(t, enc.Encode(prog))
	return buf.String()
}

func mapsKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func TestParallelTurnsPanicsIntoErrors(t *testing.T) {
	done := make([]bool, 50)
	err := parallel(len(done), func(i int) {
		if i == 7 {
			panic("bug")
		}
		done[i] = true
	})
	assert.ErrorContains(t, err, "internal error: bug")
	assert.NoError(t, parallel(0, func(int) {}))
}

func TestCacheConcurrentUse(t *testing.T) {
	root, err := filepath.Abs(sampleModule)
	require.NoError(t, err)
	files := goFiles(t, root)
	cache := NewCache()
	want := programJSON(t, mustParse(t, root, files, nil))
	type result struct {
		prog *coverage.Program
		err  error
	}
	results := make(chan result, 4)
	for range cap(results) {
		go func() {
			prog, err := ParseProgram(context.Background(), root, files, cache)
			results <- result{prog, err}
		}()
	}
	for range cap(results) {
		r := <-results
		require.NoError(t, r.err)
		assert.Equal(t, want, programJSON(t, r.prog))
	}
}

func mustParse(t *testing.T, root string, files []string, cache *Cache) *coverage.Program {
	t.Helper()
	prog, err := ParseProgram(context.Background(), root, files, cache)
	require.NoError(t, err)
	return prog
}

// TestUniqueFiles: paths are cleaned, deduplicated and sorted, in a copy.
func TestUniqueFiles(t *testing.T) {
	files := []string{"d.go", "./b/c.go", "a.go", "b//c.go", "d.go"}
	assert.Equal(t, []string{"a.go", "b/c.go", "d.go"}, uniqueFiles(files))
	assert.Equal(t, []string{"d.go", "./b/c.go", "a.go", "b//c.go", "d.go"}, files, "the caller's list is left as it was")
	assert.Equal(t, []string{"a.go", "b.go"}, uniqueFiles([]string{"a.go", "a.go", "b.go"}))
}
