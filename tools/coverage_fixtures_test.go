package tools_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// fixtureAppsDir holds one fixture app per framework; see its README.
const fixtureAppsDir = "../testdata/coverage/apps"

// fixtureGoldenApp is the app whose full report is pinned as JSON and SARIF.
const fixtureGoldenApp = "chi"

// fixtureWant is one expected (or reported) finding: file:line rule.
type fixtureWant struct {
	File string
	Line int
	Rule string
}

func (w fixtureWant) String() string { return fmt.Sprintf("%s:%d %s", w.File, w.Line, w.Rule) }

var (
	fixtureWantComment = regexp.MustCompile(`//\s*want((?:\s+"[^"]+")+)\s*$`)
	fixtureWantRule    = regexp.MustCompile(`"([^"]+)"`)
	// fixtureProtected marks a function the report must list as a
	// protected handler with the given ID (route or RPC), declared on
	// the line, fixtureExempt one it must list as exempt;
	// fixtureNoHandler one it must not list as a handler.
	fixtureProtected = regexp.MustCompile(`//\s*protected\s+"([^"]+)"\s*$`)
	fixtureExempt    = regexp.MustCompile(`//\s*exempt\s+"([^"]+)"\s*$`)
	fixtureNoHandler = regexp.MustCompile(`//\s*not a handler\b`)
)

// fixtureMark is a handler expectation: ID is "" for "not a handler";
// Exempt asks for an exempt handler rather than a protected one.
type fixtureMark struct {
	File   string
	Line   int
	ID     string
	Exempt bool
}

// fixtureApps lists the app directories.
func fixtureApps(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(fixtureAppsDir)
	require.NoError(t, err)
	var apps []string
	for _, e := range entries {
		if e.IsDir() {
			apps = append(apps, e.Name())
		}
	}
	require.NotEmpty(t, apps)
	return apps
}

// fixtureWants reads the `// want "rule"...` comments of the app's .go and
// .zed files.
func fixtureWants(t *testing.T, dir string) []fixtureWant {
	t.Helper()
	var wants []fixtureWant
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".zed")) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for i, line := range strings.Split(string(data), "\n") {
			m := fixtureWantComment.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, r := range fixtureWantRule.FindAllStringSubmatch(m[1], -1) {
				wants = append(wants, fixtureWant{File: filepath.ToSlash(rel), Line: i + 1, Rule: r[1]})
			}
		}
		return nil
	})
	require.NoError(t, err)
	return wants
}

// fixtureMarks reads the `// protected "ID"`, `// exempt "ID"` and
// `// not a handler` comments of the app's .go files.
func fixtureMarks(t *testing.T, dir string) []fixtureMark {
	t.Helper()
	var marks []fixtureMark
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for i, line := range strings.Split(string(data), "\n") {
			if m := fixtureProtected.FindStringSubmatch(line); m != nil {
				marks = append(marks, fixtureMark{File: filepath.ToSlash(rel), Line: i + 1, ID: m[1]})
			} else if m := fixtureExempt.FindStringSubmatch(line); m != nil {
				marks = append(marks, fixtureMark{File: filepath.ToSlash(rel), Line: i + 1, ID: m[1], Exempt: true})
			} else if fixtureNoHandler.MatchString(line) {
				marks = append(marks, fixtureMark{File: filepath.ToSlash(rel), Line: i + 1})
			}
		}
		return nil
	})
	require.NoError(t, err)
	return marks
}

// fixtureCheckMarks fails on a marked handler the report lacks or does
// not protect (or exempt, as marked), and on a handler reported where
// none may be.
func fixtureCheckMarks(t *testing.T, r *coverage.Report, marks []fixtureMark) {
	t.Helper()
	for _, m := range marks {
		var at []coverage.HandlerReport
		for _, h := range r.Handlers {
			if h.File == m.File && h.Line == m.Line {
				at = append(at, h)
			}
		}
		if m.ID == "" {
			for _, h := range at {
				t.Errorf("%s:%d is not a handler, but the report lists %s", m.File, m.Line, h.ID)
			}
			continue
		}
		i := slices.IndexFunc(at, func(h coverage.HandlerReport) bool { return h.ID == m.ID })
		if i < 0 {
			var ids []string
			for _, h := range at {
				ids = append(ids, h.ID)
			}
			t.Errorf("%s:%d: no handler %q (handlers here: %v)", m.File, m.Line, m.ID, ids)
			continue
		}
		h := at[i]
		if m.Exempt {
			if h.Exempt == "" || len(h.Checks) > 0 {
				t.Errorf("%s:%d: handler %s is not exempt without checks (%d checks)", m.File, m.Line, h.ID, len(h.Checks))
			}
			continue
		}
		filters := slices.ContainsFunc(h.Lookups, func(o coverage.OpSite) bool { return o.Kind != string(coverage.OpLookupSubjects) })
		if h.Exempt != "" || (len(h.Checks) == 0 && !filters) {
			t.Errorf("%s:%d: handler %s is not protected (exempt %q, %d checks, %d lookups)", m.File, m.Line, h.ID, h.Exempt, len(h.Checks), len(h.Lookups))
		}
	}
}

// fixtureRun runs coverage over the directory as the project root.
func fixtureRun(t *testing.T, dir string) *coverage.Report {
	t.Helper()
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	r, err := tools.RunCoverage(context.Background(), tools.Deps{Store: schemas.NewStore(root, nil)}, tools.CoverageOptions{})
	require.NoError(t, err)
	require.NotNil(t, r)
	return r
}

func fixtureGot(r *coverage.Report) []fixtureWant {
	var got []fixtureWant
	for _, f := range r.Findings {
		got = append(got, fixtureWant{File: f.File, Line: f.Line, Rule: f.Rule})
	}
	return got
}

// fixtureCompare fails on every missing and every unexpected finding.
func fixtureCompare(t *testing.T, r *coverage.Report, wants []fixtureWant) {
	t.Helper()
	got := fixtureGot(r)
	var missing, unexpected []string
	for _, w := range wants {
		if !slices.Contains(got, w) {
			missing = append(missing, w.String())
		}
	}
	for _, g := range got {
		if !slices.Contains(wants, g) {
			msg := g.String()
			for _, f := range r.Findings {
				if f.File == g.File && f.Line == g.Line && f.Rule == g.Rule {
					msg += ": " + f.Message
					break
				}
			}
			unexpected = append(unexpected, msg)
		}
	}
	if len(missing) > 0 {
		t.Errorf("missing findings:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(unexpected) > 0 {
		t.Errorf("unexpected findings:\n  %s", strings.Join(unexpected, "\n  "))
	}
}

// fixtureRelative fails on any absolute or escaping path in the report.
func fixtureRelative(t *testing.T, r *coverage.Report) {
	t.Helper()
	assert.Equal(t, ".", r.Root)
	check := func(what, p string) {
		if p == "" {
			return
		}
		if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "..") || strings.Contains(p, `\`) {
			t.Errorf("%s path %q is not root-relative", what, p)
		}
	}
	check("schema", r.Schema.Path)
	for _, h := range r.Handlers {
		check("handler "+h.Function, h.File)
		for _, ops := range [][]coverage.OpSite{h.Checks, h.Writes, h.Deletes, h.Lookups} {
			for _, op := range ops {
				check("op", op.File)
			}
		}
	}
	for _, f := range r.Findings {
		check("finding", f.File)
	}
	for _, s := range r.Summary.Skipped {
		check("skipped", s.File)
	}
}

func TestFixtureApps(t *testing.T) {
	var protected, gaps int
	rules := map[string]bool{}
	for _, app := range fixtureApps(t) {
		t.Run(app, func(t *testing.T) {
			dir := filepath.Join(fixtureAppsDir, app)
			require.FileExists(t, filepath.Join(dir, "go.mod"))
			require.FileExists(t, filepath.Join(dir, "schema.zed"))
			wants := fixtureWants(t, dir)
			r := fixtureRun(t, dir)
			fixtureCompare(t, r, wants)
			fixtureCheckMarks(t, r, fixtureMarks(t, dir))
			fixtureRelative(t, r)
			assert.False(t, r.Schema.Missing)
			assert.Empty(t, r.Summary.Skipped, "no fixture file should be skipped")
			assert.Greater(t, r.Summary.Protected, 0, "app protects no handler")
			// Exempt handlers (authz:public, health routes) never carry a finding.
			for _, h := range r.Handlers {
				if strings.HasSuffix(h.Route, "/healthz") {
					assert.NotEmpty(t, h.Exempt, "%s %s should be exempt", h.Route, h.Function)
				}
				if h.Exempt == "" {
					continue
				}
				for _, f := range r.Findings {
					if f.File == h.File && f.Line == h.Line {
						t.Errorf("exempt handler %s (%s) has finding %s", h.Function, h.Exempt, f.Rule)
					}
				}
			}
			protected += r.Summary.Protected
			for _, f := range r.Findings {
				rules[f.Rule] = true
				if f.Rule != coverage.RulePermissionNeverChecked {
					gaps++
				}
			}
		})
	}
	if t.Failed() {
		return
	}
	assert.Greater(t, protected, gaps, "protected handlers must outnumber gaps across the apps")
	for _, rule := range []string{
		coverage.RuleUnprotectedHandler, "missing-relationship-write", "missing-relationship-delete", "unfiltered-list",
		coverage.RuleUnknownPermission, coverage.RuleUnknownResourceType, "invalid-relationship-write",
		coverage.RuleRelationCheckedDirectly, "check-result-ignored", coverage.RuleTypeNeverWritten,
		coverage.RulePermissionNeverChecked,
	} {
		assert.True(t, rules[rule], "no fixture app exercises %s", rule)
	}
	t.Logf("protected handlers: %d, gaps: %d", protected, gaps)
}

// TestFixtureGolden pins the chi app's JSON and SARIF reports.
func TestFixtureGolden(t *testing.T) {
	r := fixtureRun(t, filepath.Join(fixtureAppsDir, fixtureGoldenApp))
	fixtureRelative(t, r)
	data, err := r.JSON()
	require.NoError(t, err)
	sarif, err := coverage.FormatSARIF(r)
	require.NoError(t, err)
	for _, g := range []struct {
		file string
		data []byte
	}{
		{fixtureGoldenApp + ".report.json", data},
		{fixtureGoldenApp + ".report.sarif", sarif},
	} {
		path := filepath.Join(fixtureAppsDir, g.file)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			require.NoError(t, os.WriteFile(path, g.data, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "regenerate with UPDATE_GOLDEN=1 go test ./tools -run FixtureGolden")
		if !bytes.Equal(want, g.data) {
			assert.Equal(t, string(want), string(g.data), "%s differs; regenerate with UPDATE_GOLDEN=1 and review the diff", g.file)
		}
		assert.NotContains(t, string(g.data), fixtureAbs(t), "%s leaks an absolute path", g.file)
	}
}

func fixtureAbs(t *testing.T) string {
	abs, err := filepath.Abs(fixtureAppsDir)
	require.NoError(t, err)
	return abs
}

// fixtureCopy copies the app into a fresh temp dir and returns it.
func fixtureCopy(t *testing.T, app string) string {
	t.Helper()
	src := filepath.Join(fixtureAppsDir, app)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	require.NoError(t, err)
	return dst
}

func TestFixtureBadInput(t *testing.T) {
	const app = "chi"
	t.Run("file that does not parse", func(t *testing.T) {
		dir := fixtureCopy(t, app)
		broken := "package api\n\nfunc Broken(w http.ResponseWriter, r *http.Request) {\n\tif {\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "api", "broken.go"), []byte(broken), 0o644))
		r := fixtureRun(t, dir)
		// The rest of the app is still analyzed: every expected finding is there.
		fixtureCompare(t, r, fixtureWants(t, dir))
		// The report says the file does not parse, at its first error.
		assert.Contains(t, strings.Join(r.Summary.Notes, "\n"), "api/broken.go:4:")
	})
	t.Run("huge file", func(t *testing.T) {
		dir := fixtureCopy(t, app)
		var b strings.Builder
		b.WriteString("package perms\n\n// Generated is a large generated table.\nvar Generated = []string{\n")
		for b.Len() <= 1<<20+1024 {
			b.WriteString("\t\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\n")
		}
		b.WriteString("}\n")
		require.NoError(t, os.WriteFile(filepath.Join(dir, "perms", "generated.go"), []byte(b.String()), 0o644))
		r := fixtureRun(t, dir)
		fixtureCompare(t, r, fixtureWants(t, dir))
		var found bool
		for _, s := range r.Summary.Skipped {
			if s.File == "perms/generated.go" {
				found = true
				assert.Contains(t, s.Reason, "MiB")
			}
		}
		assert.True(t, found, "the huge file is not reported skipped: %v", r.Summary.Skipped)
	})
	t.Run("symlink loop", func(t *testing.T) {
		dir := fixtureCopy(t, app)
		if err := os.Symlink(dir, filepath.Join(dir, "api", "loop")); err != nil {
			t.Skipf("symlinks unsupported: %v", err)
		}
		require.NoError(t, os.Symlink("b", filepath.Join(dir, "a")))
		require.NoError(t, os.Symlink("a", filepath.Join(dir, "b")))
		r := fixtureRun(t, dir)
		fixtureCompare(t, r, fixtureWants(t, dir))
		fixtureRelative(t, r)
		for _, h := range r.Handlers {
			assert.NotContains(t, h.File, "loop", "a handler was read through the symlink loop")
		}
	})
	t.Run("missing schema", func(t *testing.T) {
		dir := fixtureCopy(t, app)
		require.NoError(t, os.Remove(filepath.Join(dir, "schema.zed")))
		r := fixtureRun(t, dir)
		assert.True(t, r.Schema.Missing, "the report should say the schema is missing")
		assert.NotEmpty(t, r.Summary.Notes, "the report should note the missing schema")
		assert.NotEmpty(t, r.Handlers, "handlers are still listed without a schema")
		assert.Contains(t, strings.Join(r.Summary.Notes, "\n"), "no schema")
		assert.NotEmpty(t, r.Findings, "the rules that need no schema still run")
		for _, f := range r.Findings {
			assert.NotEqual(t, coverage.RuleUnknownPermission, f.Rule, "schema rules cannot run without a schema")
			assert.NotEqual(t, coverage.RulePermissionNeverChecked, f.Rule, "schema rules cannot run without a schema")
		}
	})
}
