package clientsetup

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// goldenDir holds one folder per case: before/ is the repository init runs
// on, after/ what it must leave, result.txt what it reports.
const goldenDir = "../../testdata/init"

const goldenHint = "regenerate with UPDATE_GOLDEN=1 go test ./server/clientsetup and review the diff"

func updateGolden() bool { return os.Getenv("UPDATE_GOLDEN") == "1" }

// TestGolden runs init with every client on each case, compares the whole
// tree and the report with the goldens, checks that every key the user
// had survives, and that a second run changes nothing.
func TestGolden(t *testing.T) {
	cases, err := os.ReadDir(goldenDir)
	require.NoError(t, err)
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join(goldenDir, c.Name())
			work := t.TempDir()
			copyTree(t, filepath.Join(dir, "before"), work)
			before := readTree(t, work)

			plan := planFor(t, work, AllClients)
			require.NoError(t, plan.Apply())
			after := readTree(t, work)

			if updateGolden() {
				require.NoError(t, os.RemoveAll(filepath.Join(dir, "after")))
				writeTree(t, filepath.Join(dir, "after"), after)
				require.NoError(t, os.WriteFile(filepath.Join(dir, "result.txt"), []byte(report(plan)), 0o644))
			}
			assert.Equal(t, readTree(t, filepath.Join(dir, "after")), after, goldenHint)
			want, err := os.ReadFile(filepath.Join(dir, "result.txt"))
			require.NoError(t, err, goldenHint)
			assert.Equal(t, string(want), report(plan), goldenHint)

			for name, old := range before {
				assertKept(t, name, old, after[name])
			}

			again := planFor(t, work, AllClients)
			assert.Zero(t, again.Pending(), "a second run changes nothing")
			assert.Equal(t, after, readTree(t, work))
		})
	}
}

func planFor(t *testing.T, dir string, clients []Client) *Plan {
	t.Helper()
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	schema, err := SchemaPaths(root, nil)
	require.NoError(t, err)
	plan, err := NewPlan(Options{Root: root, Clients: clients, Schema: schema})
	require.NoError(t, err)
	return plan
}

func report(p *Plan) string {
	var b strings.Builder
	for _, c := range p.Changes {
		fmt.Fprintf(&b, "%s %s\n", c.Status, c.Path)
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "  note: %s\n", n)
		}
	}
	return b.String()
}

// assertKept checks that nothing the user had is gone: every JSON or TOML
// value is still there (arrays may only grow at the end), and every line
// of text outside the generated section is still there.
func assertKept(t *testing.T, name, before, after string) {
	t.Helper()
	switch {
	case strings.HasSuffix(name, ".json"):
		b, err := parseJSONC(name, []byte(before))
		require.NoError(t, err)
		a, err := parseJSONC(name, []byte(after))
		require.NoError(t, err)
		assertSubset(t, name, b.value([]byte(before)), a.value([]byte(after)))
	case strings.HasSuffix(name, ".toml"):
		var b, a map[string]any
		require.NoError(t, toml.Unmarshal([]byte(before), &b))
		require.NoError(t, toml.Unmarshal([]byte(after), &a))
		assertSubset(t, name, b, a)
		for _, line := range strings.Split(before, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				assert.Contains(t, after, line, "%s keeps its comments", name)
			}
		}
	case strings.HasSuffix(name, ".md"):
		begin, end, err := findSection(name, []byte(before))
		require.NoError(t, err)
		outside := before
		if begin >= 0 {
			outside = before[:begin] + before[end:]
		}
		for _, line := range strings.Split(outside, "\n") {
			assert.Contains(t, after, line, "%s keeps its text", name)
		}
	case name == schemas.ConfigFile:
		var b, a map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(before), &b))
		require.NoError(t, yaml.Unmarshal([]byte(after), &a))
		delete(b, "schema") // init's to set
		assertSubset(t, name, b, a)
	default:
		assert.Equal(t, before, after, "%s is not init's to change", name)
	}
}

func assertSubset(t *testing.T, at string, before, after any) {
	t.Helper()
	switch b := before.(type) {
	case map[string]any:
		a, ok := after.(map[string]any)
		require.True(t, ok, "%s is still an object", at)
		for k, v := range b {
			require.Contains(t, a, k, "%s keeps %q", at, k)
			assertSubset(t, at+"."+k, v, a[k])
		}
	case []any:
		a, ok := after.([]any)
		require.True(t, ok, "%s is still an array", at)
		require.GreaterOrEqual(t, len(a), len(b), "%s keeps its elements", at)
		for i := range b {
			assertSubset(t, fmt.Sprintf("%s[%d]", at, i), b[i], a[i])
		}
	default:
		assert.Equal(t, before, after, "%s is unchanged", at)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	writeTree(t, dst, readTree(t, src))
}

// readTree maps every regular file under dir to its content.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	require.NoError(t, err)
	return files
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
}
