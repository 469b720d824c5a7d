package golang

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// funcRefs walks function summaries by their types, for speed: the
// reflective walk, which follows every field, must find the same names
// in them. A field added to one of these types must be walked by
// funcRefs (if it can hold a name) and listed here.
func TestFuncRefsMatchesReflection(t *testing.T) {
	fields := func(v any) []string {
		typ := reflect.TypeOf(v)
		var names []string
		for i := range typ.NumField() {
			names = append(names, typ.Field(i).Name)
		}
		return names
	}
	require.Equal(t, []string{"id", "recv", "line", "params", "results", "calls", "ops", "request", "concrete", "bypass", "methods"}, fields(funcSum{}))
	require.Equal(t, []string{"has", "method", "path", "prefix", "line"}, fields(bypassSum{}))
	require.Equal(t, []string{"callee", "ref", "args", "line", "discarded", "returned", "late"}, fields(callSum{}))
	require.Equal(t, []string{"kind", "resource", "permission", "subject", "subjectRel", "update", "gates", "late", "unread", "result", "line", "typed", "recv", "helper", "helperArgs"}, fields(opSum{}))
	require.Equal(t, []string{"kind", "param", "text", "expr", "ref"}, fields(valSym{}))
	require.Equal(t, []string{"pkg", "name", "parts"}, fields(valRef{}))
	require.Equal(t, []string{"op", "pkg", "name", "base", "index"}, fields(sym{}))

	var paths []string
	filepath.WalkDir("../../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			paths = append(paths, path)
		}
		return nil
	})
	synth := t.TempDir()
	files, _, _ := synthModule(t, synth, 8, 2, 3, 11)
	for _, rel := range files {
		paths = append(paths, filepath.Join(synth, rel))
	}
	names := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		sum, err := summarize(path, src)
		require.NoError(t, err)
		for _, fs := range sum.funcs {
			want, got := map[nameRef]bool{}, map[nameRef]bool{}
			collectRefs(reflect.ValueOf(fs).Elem(), want, map[uintptr]bool{})
			funcRefs(fs, got)
			require.Equal(t, want, got, "%s: %s", path, fs.id)
			names += len(got)
		}
	}
	require.Greater(t, names, 1000)
}

// names looks the changed names up in a file's sorted references when
// they are fewer, and walks the references otherwise: both must answer
// alike, for a name of the file's own package (pkg ""), of another, and
// a method.
func TestChangeSetProbeMatchesScan(t *testing.T) {
	const pkg = "example.com/app/api"
	f := linkFile{pkg: pkg, sum: &fileSummary{imports: []string{"example.com/app/svc"}}}
	refs := slices.SortedFunc(slices.Values([]nameRef{
		{"", "Handler"}, {"", "newRouter"}, {"example.com/app/svc", "Store"},
		{"example.com/app/svc", "New"}, {methodRef, "Get"}, {methodRef, "ServeHTTP"},
	}), compareRefs)
	cases := []struct {
		named  []nameRef
		called []string
		want   bool
	}{
		{named: []nameRef{{pkg, "newRouter"}}, want: true},
		{named: []nameRef{{"example.com/app/svc", "Store"}}, want: true},
		{named: []nameRef{{"example.com/app/svc", "Handler"}}, want: false},
		{named: []nameRef{{"example.com/app/other", "Store"}}, want: false},
		{called: []string{"Get"}, want: true},
		{called: []string{"Put"}, want: false},
		{named: []nameRef{{pkg, "Other"}}, called: []string{"Put"}, want: false},
		{named: []nameRef{{pkg, "Other"}}, called: []string{"ServeHTTP"}, want: true},
	}
	for _, c := range cases {
		cs := &changeSet{named: map[nameRef]bool{}, pkgs: map[string]bool{}, called: map[string]bool{}}
		for _, n := range c.named {
			cs.named[n], cs.pkgs[n.pkg] = true, true
		}
		for _, m := range c.called {
			cs.called[m] = true
		}
		mayName := cs.importsChanged(f)
		require.Equal(t, c.want, cs.probe(f, refs, mayName), "probe %+v", c)
		require.Equal(t, c.want, cs.scan(f, refs, mayName), "scan %+v", c)
		require.Equal(t, c.want, cs.names(f, refs), "names %+v", c)
	}
}
