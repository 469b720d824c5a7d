package schemas

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateGolden rewrites the golden files instead of comparing against them.
var updateGolden = flag.Bool("update", false, "rewrite golden files under testdata/schemas")

// schemaTestdata is the golden corpus, relative to this package.
const schemaTestdata = "../testdata/schemas"

// goldenHint tells whoever sees a golden failure how to accept a change.
const goldenHint = "regenerate with `go test ./schemas -run Golden -update` (or UPDATE_GOLDEN=1) and review the diff"

func updatingGolden() bool {
	return *updateGolden || os.Getenv("UPDATE_GOLDEN") == "1"
}

// goldenCase is one schema: a top-level `<case>.zed`, or `<case>/root.zed`
// for a schema split over imports. Goldens sit next to the schema file.
type goldenCase struct {
	name string // "rbac", "composable"
	zed  string // OS path of the schema file
	file string // repo-relative slash path, as the Model records it
}

func (c goldenCase) golden(kind string) string {
	return strings.TrimSuffix(c.zed, ".zed") + "." + kind + ".expected"
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	top, err := filepath.Glob(filepath.Join(schemaTestdata, "*.zed"))
	require.NoError(t, err)
	nested, err := filepath.Glob(filepath.Join(schemaTestdata, "*", "root.zed"))
	require.NoError(t, err)
	var cases []goldenCase
	for _, zed := range append(top, nested...) {
		rel, err := filepath.Rel(schemaTestdata, zed)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		name := strings.TrimSuffix(strings.TrimSuffix(rel, "/root.zed"), ".zed")
		cases = append(cases, goldenCase{name: name, zed: zed, file: path.Join("testdata/schemas", rel)})
	}
	require.NotEmpty(t, cases, "no schemas under %s", schemaTestdata)
	return cases
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			m := compileGoldenCase(t, c)
			modelJSON, err := json.MarshalIndent(m, "", "  ")
			require.NoError(t, err)
			checkGolden(t, c.golden("model"), string(modelJSON)+"\n")
			checkGolden(t, c.golden("explain"), renderExplanations(t, c, m))
		})
	}
}

// TestGoldenNoOrphans catches goldens left behind by a removed or renamed
// schema.
func TestGoldenNoOrphans(t *testing.T) {
	want := map[string]bool{}
	for _, c := range goldenCases(t) {
		want[c.golden("model")], want[c.golden("explain")] = true, true
	}
	for _, pattern := range []string{"*.model.expected", "*.explain.expected", "*/*.model.expected", "*/*.explain.expected"} {
		found, err := filepath.Glob(filepath.Join(schemaTestdata, pattern))
		require.NoError(t, err)
		for _, f := range found {
			assert.True(t, want[f], "%s has no schema; delete it or restore its .zed", f)
		}
	}
}

func compileGoldenCase(t *testing.T, c goldenCase) *Model {
	t.Helper()
	text, err := os.ReadFile(c.zed)
	require.NoError(t, err)
	m, err := Compile([]Source{{File: c.file, Text: string(text)}}, os.DirFS(filepath.Dir(c.zed)))
	require.NoError(t, err, "compiling %s", c.file)
	return m
}

// checkGolden compares got with the golden file, or rewrites it when
// updating.
func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	abs, err := filepath.Abs("..")
	require.NoError(t, err)
	require.NotContains(t, got, abs, "golden output must not contain absolute paths")
	if updatingGolden() {
		require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		t.Fatalf("golden file %s is missing; %s", file, goldenHint)
	}
	require.NoError(t, err)
	if string(want) != got {
		t.Errorf("%s is out of date; %s\n%s", file, goldenHint, firstDifference(string(want), got))
	}
}

// firstDifference shows where two texts part, with a little context; a
// full dump of both goldens would bury it.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (want %d lines, got %d):\n", i+1, len(w), len(g))
	for j := max(0, i-3); j < i; j++ {
		fmt.Fprintf(&b, "   %s\n", w[j])
	}
	if i < len(w) {
		fmt.Fprintf(&b, " - %s\n", w[i])
	}
	if i < len(g) {
		fmt.Fprintf(&b, " + %s\n", g[i])
	}
	return b.String()
}

// renderExplanations renders Explain for every permission, in schema order,
// as text a reviewer can read in a diff.
func renderExplanations(t *testing.T, c goldenCase, m *Model) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: Explain for every permission. Generated; %s.\n", c.file, goldenHint)
	for _, d := range m.Definitions {
		for _, p := range d.Permissions {
			ex, err := m.Explain(d.Name, p.Name)
			require.NoError(t, err)
			b.WriteString("\n")
			writeExplanation(&b, ex)
		}
	}
	return b.String()
}

func writeExplanation(b *strings.Builder, ex *Explanation) {
	fmt.Fprintf(b, "## %s#%s (%s)\n", ex.Resource, ex.Permission, ex.Kind)
	fmt.Fprintf(b, "expression: %s\n", ex.Expression)
	fmt.Fprintf(b, "meaning: %s\n", ex.Meaning)
	fmt.Fprintf(b, "subject types: %s\n", listOrDash(ex.SubjectTypes))
	fmt.Fprintf(b, "required relations: %s\n", listOrDash(ex.RequiredRelations))
	fmt.Fprintf(b, "compositional: %t; used by: %s\n", ex.Compositional, listOrDash(ex.UsedBy))
	fmt.Fprintf(b, "grantable: %t; truncated: %t\n", ex.Grantable, ex.Truncated)
	fmt.Fprintf(b, "paths: %d\n", len(ex.Paths))
	for _, p := range ex.Paths {
		fmt.Fprintf(b, "  %s\n", p.Text)
		for _, marker := range []struct {
			name  string
			items []string
		}{{"requires", p.Requires}, {"unless", p.Unless}, {"recursive", p.Recursive}} {
			if len(marker.items) > 0 {
				fmt.Fprintf(b, "    %s: %s\n", marker.name, strings.Join(marker.items, "; "))
			}
		}
	}
}

func listOrDash(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, ", ")
}
