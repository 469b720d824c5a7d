package schemas

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lintText compiles one schema file named test.zed and lints it.
func lintText(t *testing.T, text string) []Finding {
	t.Helper()
	m, err := Compile([]Source{{File: "test.zed", Text: text}}, nil)
	require.NoError(t, err)
	findings, err := Lint(context.Background(), m)
	require.NoError(t, err)
	return findings
}

// flagged lists the def#member of each finding of rule.
func flagged(findings []Finding, rule string) []string {
	var out []string
	for _, f := range findings {
		if f.Rule == rule {
			out = append(out, f.Definition+"#"+f.Member)
		}
	}
	return out
}

func TestLintRuleCases(t *testing.T) {
	tests := []struct {
		rule   string
		name   string
		schema string
		want   []string
	}{
		{
			rule: "relation-named-like-permission", name: "can_ prefix and bare verbs",
			schema: `definition user {}
definition doc {
	relation can_view: user
	relation edit: user
	relation can_approve_invoice: user
	permission view = can_view + edit + can_approve_invoice
}`,
			want: []string{"doc#can_view", "doc#edit", "doc#can_approve_invoice"},
		},
		{
			rule: "relation-named-like-permission", name: "role nouns and admin",
			schema: `definition user {}
definition doc {
	relation viewer: user
	relation admin: user
	relation canary: user
	permission can_view = viewer + admin + canary
}`,
		},
		{
			rule: "permission-named-like-relation", name: "role nouns, plurals and agent suffixes",
			schema: `definition user {}
definition doc {
	relation viewer_rel: user
	permission owner = viewer_rel
	permission viewers = viewer_rel
	permission document_editor = viewer_rel
	permission approver = viewer_rel
	permission manager = viewer_rel
	permission grantee = viewer_rel
}`,
			want: []string{"doc#owner", "doc#viewers", "doc#document_editor", "doc#approver", "doc#manager", "doc#grantee"},
		},
		{
			rule: "permission-named-like-relation", name: "verbs, predicates and -er verbs",
			schema: `definition user {}
definition doc {
	relation viewer: user
	permission view = viewer
	permission is_owner = viewer
	permission has_member = viewer
	permission can_manager = viewer
	permission filter = viewer
	permission administer = viewer
	permission monitor = viewer
}`,
		},
		{
			rule: "deep-arrow-chain", name: "four hops reported once, where the arrows start",
			schema: `definition user {}
definition eee {
	relation viewer: user
}
definition ddd {
	relation eee: eee
	permission view = eee->viewer
}
definition ccc {
	relation ddd: ddd
	permission view = ddd->view
}
definition bbb {
	relation ccc: ccc
	permission view = ccc->view
}
definition aaa {
	relation bbb: bbb
	permission view = bbb->view
	permission edit = view
}`,
			want: []string{"aaa#view"},
		},
		{
			rule: "deep-arrow-chain", name: "recursive parents count once",
			schema: `definition user {}
definition platform {
	relation viewer: user
}
definition org {
	relation platform: platform
	permission view = platform->viewer
}
definition folder {
	relation parent: folder
	relation org: org
	permission view = parent->view + org->view
}
definition document {
	relation folder: folder
	permission view = folder->view
}`,
		},
		{
			rule: "wildcard-in-sensitive-permission", name: "direct, through a permission and through an arrow",
			schema: `definition user {}
definition folder {
	relation public: user:*
	permission view = public
}
definition doc {
	relation public: user:*
	relation folder: folder
	permission edit = public
	permission delete = edit + folder
	permission manage_access = folder->view
	permission view = public
}`,
			want: []string{"doc#edit", "doc#delete", "doc#manage_access"},
		},
		{
			rule: "wildcard-in-sensitive-permission", name: "closed intersections, exclusions and read-only names",
			schema: `definition user {}
definition doc {
	relation public: user:*
	relation owner: user
	relation banned: user:*
	permission view = public
	permission edit = owner & public
	permission delete = owner - banned
	permission share = owner
}`,
		},
		{
			rule: "unused-relation", name: "a relation nothing refers to",
			schema: `definition user {}
definition doc {
	relation viewer: user
	relation archived_by: user
	permission view = viewer
}`,
			want: []string{"doc#archived_by"},
		},
		{
			rule: "unused-relation", name: "uses by reference, arrow, arrow target and subject set",
			schema: `definition user {}
definition group {
	relation member: user
}
definition folder {
	relation viewer: user
}
definition doc {
	relation folder: folder
	relation team: group#member
	permission view = folder->viewer + team
}`,
		},
		{
			rule: "ungrantable-permission", name: "nil and disjoint intersection",
			schema: `definition user {}
definition bot {}
definition doc {
	relation viewer: user
	relation robot: bot
	permission frozen = nil
	permission both = viewer & robot
	permission view = viewer
}`,
			want: []string{"doc#frozen", "doc#both"},
		},
		{
			rule: "ungrantable-permission", name: "grantable permissions",
			schema: `definition user {}
definition doc {
	relation viewer: user
	relation banned: user
	permission view = viewer - banned
}`,
		},
		{
			rule: "arrow-over-subrelation", name: "arrow and functioned arrow over a subject set",
			schema: `definition user {}
definition folder {
	relation member: user
	permission view = member
}
definition doc {
	relation parent: folder#member
	permission view = parent->view
	permission read = parent.any(view)
}`,
			want: []string{"doc#view", "doc#read"},
		},
		{
			rule: "arrow-over-subrelation", name: "arrow over plain objects",
			schema: `definition user {}
definition folder {
	relation member: user
	permission view = member
}
definition doc {
	relation parent: folder
	permission view = parent->view
}`,
		},
		{
			rule: "duplicate-permission-expression", name: "reordered and regrouped",
			schema: `definition user {}
definition doc {
	relation aaa: user
	relation bbb: user
	relation ccc: user
	permission view = aaa + bbb
	permission read = bbb + aaa
	permission xxx = (aaa + bbb) + ccc
	permission yyy = aaa + (ccc + bbb)
	permission zzz = ccc & aaa
	permission www = aaa & ccc
}`,
			want: []string{"doc#read", "doc#yyy", "doc#www"},
		},
		{
			rule: "duplicate-permission-expression", name: "exclusion order and different operators",
			schema: `definition user {}
definition doc {
	relation aaa: user
	relation bbb: user
	permission view = aaa - bbb
	permission read = bbb - aaa
	permission both = aaa & bbb
	permission either = aaa + bbb
}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.name, func(t *testing.T) {
			assert.ElementsMatch(t, tt.want, flagged(lintText(t, tt.schema), tt.rule))
		})
	}
}

func TestLintNamingHeuristics(t *testing.T) {
	actions := []struct {
		name, role string
		ok         bool
	}{
		{"can_view", "viewer", true},
		{"can_view_invoice", "invoice_viewer", true},
		{"can_approve", "approver", true},
		{"delete", "deleter", true},
		{"manage", "manager", true},
		{"admin", "", false},
		{"viewer", "", false},
		{"canary", "", false},
		{"can_", "", false},
	}
	for _, tt := range actions {
		t.Run("relation "+tt.name, func(t *testing.T) {
			action, ok := actionName(tt.name)
			require.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, tt.role, roleFor(action))
			}
		})
	}
	nouns := []struct{ name, noun, action string }{
		{"owner", "owner", "manage"},
		{"viewers", "viewer", "view"},
		{"document_editor", "editor", "edit_document"},
		{"manager", "manager", "manage"},
		{"approver", "approver", "is_approver"},
		{"reviewee", "reviewee", "is_reviewee"},
		{"auditors", "auditor", "is_auditors"},
		{"view", "", ""},
		{"is_owner", "", ""},
		{"filter", "", ""},
		{"transfer", "", ""},
		{"administer", "", ""},
		{"user", "user", "is_user"},
	}
	for _, tt := range nouns {
		t.Run("permission "+tt.name, func(t *testing.T) {
			noun := roleNounIn(tt.name)
			assert.Equal(t, tt.noun, noun)
			if noun != "" {
				assert.Equal(t, tt.action, actionFor(tt.name, noun))
			}
		})
	}
}

func TestLintSensitiveNames(t *testing.T) {
	for name, want := range map[string]bool{
		"delete": true, "can_edit": true, "manage_members": true, "admin": true, "owner": true,
		"view": false, "shared_view": false, "editorial": false, "read": false,
	} {
		assert.Equal(t, want, isSensitive(name), name)
	}
}

func TestLintFixesNameTheChange(t *testing.T) {
	findings := lintText(t, `definition user {}
definition doc {
	relation can_view: user
	relation editor: user | user:*
	permission viewer = can_view
	permission edit = editor
}`)
	fixes := map[string]string{}
	for _, f := range findings {
		fixes[f.Rule] = f.Fix
	}
	assert.Equal(t, "rename relation can_view to direct_viewer (migrating its relationships) and add `permission can_view = direct_viewer`",
		fixes["relation-named-like-permission"], "viewer is taken by a permission, so the rename must not collide")
	assert.Equal(t, "rename permission viewer to view (`permission view = can_view`) and update the checks that use it; keep the noun for a relation",
		fixes["permission-named-like-relation"])
	assert.Contains(t, fixes["wildcard-in-sensitive-permission"], "remove `user:*` from relation doc#editor")
}

func TestLintSpiceDBWarnings(t *testing.T) {
	findings := lintText(t, `definition user {}

definition folder {
	relation member: user
	relation viewer: user
	permission view = viewer
}

definition document {
	relation parent_document: document
	relation parent: folder#member
	permission view = parent->viewer + view
	permission read = parent.any(view)
}
`)
	var got []string
	for _, f := range findings {
		if f.Source == sourceSpiceDB {
			assert.Equal(t, sevWarning, f.Severity)
			assert.NotEmpty(t, f.Fix)
			assert.NotRegexp(t, `\([a-z-]+\)$`, f.Message, "the rule name is moved out of the message")
			got = append(got, fmt.Sprintf("%s %s %s#%s", f.Pos, f.Rule, f.Definition, f.Member))
		}
	}
	assert.Equal(t, []string{
		"test.zed:10:2 relation-name-references-parent document#parent_document",
		"test.zed:12:20 arrow-references-relation document#view",
		"test.zed:12:37 permission-references-itself document#view",
	}, got)
	assert.Equal(t, []string{"document#view", "document#read"}, flagged(findings, "arrow-over-subrelation"),
		"spicedb's arrow-walks-subject-relation is reported once, as arrow-over-subrelation")
	for _, f := range findings {
		if f.Rule == "arrow-over-subrelation" && f.Member == "read" {
			assert.Equal(t, "test.zed:13:20", f.Pos.String(), "arrow findings point at the arrow")
		}
	}
}

func TestLintImportedPositions(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "root.zed", `use import

import "lib.zed"

definition document {
	relation parent: folder#member
	permission view = parent->view
}
`)
	writeFile(t, dir, "lib.zed", `use import

definition user {}

definition folder {
	relation parent: folder#member
	relation member: user
	permission view = parent.any(view) + member
}
`)
	text, err := os.ReadFile(filepath.Join(dir, "root.zed"))
	require.NoError(t, err)
	m, err := Compile([]Source{{File: "schema/root.zed", Text: string(text)}}, os.DirFS(dir))
	require.NoError(t, err)
	findings, err := Lint(context.Background(), m)
	require.NoError(t, err)
	var got []string
	for _, f := range findings {
		if f.Rule == "arrow-over-subrelation" {
			got = append(got, f.Pos.String()+" "+f.Definition)
		}
	}
	assert.Equal(t, []string{"schema/lib.zed:8:20 folder", "schema/root.zed:7:20 document"}, got,
		"the same line:col in two files resolves to the file that holds the arrow")
}

func TestLintComposableSpiceDBWarning(t *testing.T) {
	c := goldenCaseNamed(t, "composable")
	findings, err := Lint(context.Background(), compileGoldenCase(t, c))
	require.NoError(t, err)
	var got []string
	for _, f := range findings {
		if f.Source == sourceSpiceDB {
			got = append(got, fmt.Sprintf("%s %s %s#%s", f.Pos, f.Rule, f.Definition, f.Member))
		}
	}
	assert.Contains(t, got, "testdata/schemas/composable/lib/projects.zed:14:34 arrow-references-relation project#edit")
}

func TestLintSuppression(t *testing.T) {
	findings := lintText(t, `definition user {}
definition folder {
	relation member: user
	permission view = member
}
definition doc {
	// spicedb-ignore-warning: unused-relation
	relation archived_by: user
	relation stale: user
	relation parent: folder#member
	// spicedb-ignore-warning: arrow-walks-subject-relation
	permission view = parent->view
}`)
	assert.Equal(t, []string{"doc#stale"}, flagged(findings, "unused-relation"))
	assert.Empty(t, flagged(findings, "arrow-over-subrelation"), "spicedb's name for the rule silences ours too")
}

func TestLintSortedAndComplete(t *testing.T) {
	findings := lintText(t, `definition user {}
definition doc {
	relation can_view: user
	relation unused: user
	permission viewer = can_view
}`)
	require.NotEmpty(t, findings)
	assert.True(t, slices.IsSortedFunc(findings, func(a, b Finding) int {
		return strings.Compare(fmt.Sprintf("%s|%05d|%05d|%s", a.Pos.File, a.Pos.Line, a.Pos.Col, a.Rule),
			fmt.Sprintf("%s|%05d|%05d|%s", b.Pos.File, b.Pos.Line, b.Pos.Col, b.Rule))
	}))
	for _, f := range findings {
		assert.NotEmpty(t, f.Message, f.Rule)
		assert.NotEmpty(t, f.Fix, f.Rule)
		assert.NotZero(t, f.Pos.Line, f.Rule)
		assert.NotEmpty(t, f.Definition, f.Rule)
	}
}

func TestLintErrors(t *testing.T) {
	_, err := Lint(context.Background(), nil)
	require.Error(t, err)

	m, err := Compile([]Source{{File: "x.zed", Text: "definition user {}"}}, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Lint(ctx, m)
	require.ErrorIs(t, err, context.Canceled)
}

var kebab = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

func TestLintRulesDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range LintRules {
		assert.Regexp(t, kebab, r.Name)
		assert.False(t, seen[r.Name], "duplicate rule %s", r.Name)
		seen[r.Name] = true
		assert.Contains(t, []string{sevError, sevWarning, "info"}, r.Severity, r.Name)
		assert.Regexp(t, `^Catches .+ Fix: .+\.$`, r.Doc, "%s: the doc says what it catches, why, and how to fix it", r.Name)
		assert.NotNil(t, r.check, r.Name)
	}
	for spicedbName, ours := range supersededSpiceDB {
		assert.True(t, seen[ours], "%s is superseded by unknown rule %s", spicedbName, ours)
	}
}

func TestLintAllTripsEveryRule(t *testing.T) {
	findings, err := Lint(context.Background(), compileGoldenCase(t, goldenCaseNamed(t, "lint-all")))
	require.NoError(t, err)
	fired := map[string]bool{}
	spicedb := 0
	for _, f := range findings {
		fired[f.Rule] = true
		if f.Source == sourceSpiceDB {
			spicedb++
		}
	}
	for _, r := range LintRules {
		assert.True(t, fired[r.Name], "lint-all.zed does not trip %s", r.Name)
	}
	assert.Positive(t, spicedb, "lint-all.zed trips no spicedb warning")
}

func TestLintGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			findings, err := Lint(context.Background(), compileGoldenCase(t, c))
			require.NoError(t, err)
			checkGolden(t, c.golden("lint"), renderFindings(c, findings))
		})
	}
}

// TestLintGoldenNoOrphans catches lint goldens left behind by a removed or
// renamed schema.
func TestLintGoldenNoOrphans(t *testing.T) {
	want := map[string]bool{}
	for _, c := range goldenCases(t) {
		want[c.golden("lint")] = true
	}
	for _, pattern := range []string{"*.lint.expected", "*/*.lint.expected"} {
		found, err := filepath.Glob(filepath.Join(schemaTestdata, pattern))
		require.NoError(t, err)
		for _, f := range found {
			assert.True(t, want[f], "%s has no schema; delete it or restore its .zed", f)
		}
	}
}

// renderFindings renders lint findings as text a reviewer can read in a
// diff.
func renderFindings(c goldenCase, findings []Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: Lint findings. Generated; %s.\n", c.file, goldenHint)
	for _, f := range findings {
		fmt.Fprintf(&b, "\n%s\n  source: %s; member: %s#%s\n  fix: %s\n", f, f.Source, f.Definition, f.Member, f.Fix)
	}
	return b.String()
}

func goldenCaseNamed(t *testing.T, name string) goldenCase {
	t.Helper()
	for _, c := range goldenCases(t) {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no golden case %s under %s", name, schemaTestdata)
	return goldenCase{}
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
}
