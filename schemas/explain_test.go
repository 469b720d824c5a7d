package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const docsSchema = `
definition user {}

definition group {
	relation member: user | group#member
}

definition folder {
	relation parent: folder
	relation viewer: user | group#member
	permission view = viewer + parent->view
}

definition document {
	relation parent: folder
	relation owner: user
	relation viewer: user | user:* | group#member
	permission edit = owner
	permission view = viewer + edit + parent->view
}
`

func compileText(t testing.TB, text string) *Model {
	t.Helper()
	m, err := Compile([]Source{{File: "schema.zed", Text: text}}, nil)
	require.NoError(t, err)
	return m
}

func explain(t testing.TB, m *Model, def, perm string) *Explanation {
	t.Helper()
	ex, err := m.Explain(def, perm)
	require.NoError(t, err)
	return ex
}

func pathTexts(ex *Explanation) []string {
	out := make([]string, len(ex.Paths))
	for i, p := range ex.Paths {
		out[i] = p.Text
	}
	return out
}

func pathByText(t *testing.T, ex *Explanation, text string) GrantPath {
	t.Helper()
	for _, p := range ex.Paths {
		if p.Text == text {
			return p
		}
	}
	require.Failf(t, "path not found", "%q not in %q", text, pathTexts(ex))
	return GrantPath{}
}

func TestExplainIssueExamples(t *testing.T) {
	ex := explain(t, compileText(t, docsSchema), "document", "view")

	assert.Equal(t, []string{
		"group#member → document#viewer",
		"group#member → folder#viewer via document#parent → folder#view",
		"user → document#owner",
		"user → document#viewer",
		"user → folder#viewer via document#parent → folder#view",
		"user:* → document#viewer",
	}, pathTexts(ex))
	assert.Equal(t, "permission", ex.Kind)
	assert.Equal(t, "viewer + edit + parent->view", ex.Expression)
	assert.Equal(t, "granted to anyone who is a viewer, has edit, or has view on the parent", ex.Meaning)
	assert.Equal(t, []string{"group#member", "user", "user:*"}, ex.SubjectTypes)
	assert.Equal(t, []string{"document#owner", "document#parent", "document#viewer", "folder#viewer"}, ex.RequiredRelations)
	assert.True(t, ex.Grantable)
	assert.False(t, ex.Truncated)

	p := pathByText(t, ex, "user → folder#viewer via document#parent → folder#view")
	assert.Equal(t, []Hop{{Relation: "document#parent", Target: "folder#view"}}, p.Via)
	assert.Equal(t, []string{"folder#parent"}, p.Recursive)
	assert.Equal(t, []string{"document#parent", "folder#viewer"}, p.Writes)
	assert.Equal(t, "folder#viewer", p.Relation)
	assert.Equal(t, "user", p.Subject)
}

func TestExplainCompositional(t *testing.T) {
	m := compileText(t, docsSchema)
	tests := []struct {
		def, member string
		usedBy      []string
	}{
		{"folder", "view", []string{"document#view"}},
		{"document", "edit", []string{"document#view"}},
		{"document", "view", []string{}},
		{"document", "parent", []string{"document#view"}},
		{"group", "member", []string{"document#viewer", "folder#viewer", "group#member"}},
	}
	for _, tt := range tests {
		t.Run(tt.def+"#"+tt.member, func(t *testing.T) {
			ex := explain(t, m, tt.def, tt.member)
			assert.Equal(t, tt.usedBy, ex.UsedBy)
			assert.Equal(t, len(tt.usedBy) > 0, ex.Compositional)
		})
	}
}

func TestExplainTerminates(t *testing.T) {
	tests := []struct {
		name      string
		schema    string
		def, perm string
		paths     []string
		recursive []string // on every path
	}{
		{
			name: "self recursive arrow",
			schema: `definition user {}
				definition folder {
					relation parent: folder
					relation viewer: user
					permission view = viewer + parent->view
				}`,
			def: "folder", perm: "view",
			paths:     []string{"user → folder#viewer"},
			recursive: []string{"folder#parent"},
		},
		{
			name: "mutual recursion across three definitions",
			schema: `definition user {}
				definition alpha {
					relation next: beta
					relation member: user
					permission view = member + next->view
				}
				definition beta {
					relation next: gamma
					permission view = next->view
				}
				definition gamma {
					relation next: alpha
					relation member: user
					permission view = member + next->view
				}`,
			def: "alpha", perm: "view",
			paths: []string{
				"user → alpha#member",
				"user → gamma#member via alpha#next → beta#view, beta#next → gamma#view",
			},
			recursive: []string{"alpha#next", "beta#next", "gamma#next"},
		},
		{
			name: "permissions referencing each other",
			schema: `definition user {}
				definition doc {
					permission first = second
					permission second = first
				}`,
			def: "doc", perm: "first",
		},
		{
			name: "reference cycle with a base",
			schema: `definition user {}
				definition doc {
					relation viewer: user
					permission first = second + viewer
					permission second = first
				}`,
			def: "doc", perm: "second",
			paths: []string{"user → doc#viewer"},
		},
		{
			name: "recursion under intersection",
			schema: `definition user {}
				definition folder {
					relation parent: folder
					relation viewer: user
					permission view = viewer & parent->view
				}`,
			def: "folder", perm: "view",
			paths:     []string{"user → folder#viewer"},
			recursive: []string{"folder#parent"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := explain(t, compileText(t, tt.schema), tt.def, tt.perm)
			if tt.paths == nil {
				tt.paths = []string{}
			}
			assert.Equal(t, tt.paths, pathTexts(ex))
			assert.Equal(t, len(tt.paths) > 0, ex.Grantable)
			for _, p := range ex.Paths {
				if tt.recursive == nil {
					assert.Empty(t, p.Recursive, p.Text)
				} else {
					assert.Equal(t, tt.recursive, p.Recursive, p.Text)
				}
			}
		})
	}
}

func TestExplainRecursionIntersectionHasNoSubjects(t *testing.T) {
	// view needs view on the parent too, and the root folder has no parent:
	// the least fixpoint grants nobody, though each branch has paths.
	m := compileText(t, `definition user {}
		definition folder {
			relation parent: folder
			relation viewer: user
			permission view = viewer & parent->view
		}`)
	ex := explain(t, m, "folder", "view")
	assert.Equal(t, []string{}, ex.SubjectTypes)
	assert.Equal(t, []string{"folder#parent->view"}, ex.Paths[0].Requires)
}

const markersSchema = `
definition user {}

definition group {
	relation approver: user
}

definition org {
	relation member: user
	relation suspended: user
	permission active = member - suspended
}

definition release {
	relation org: org
	relation groups: group
	relation manager: user | user:*
	relation banned: user
	permission nothing = nil
	permission view = org->active - banned
	permission approve = groups.any(approver) & org->active
	permission ship = groups.all(approver) & manager
}
`

func TestExplainMarkers(t *testing.T) {
	m := compileText(t, markersSchema)
	tests := []struct {
		perm     string
		path     string
		requires []string
		unless   []string
		subjects []string
	}{
		{
			perm: "view", path: "user → org#member via release#org → org#active",
			requires: []string{}, unless: []string{"org#suspended", "release#banned"},
			subjects: []string{"user"},
		},
		{
			perm: "approve", path: "user → group#approver via release#groups.any → group#approver",
			requires: []string{"release#org->active"}, unless: []string{},
			subjects: []string{"user"},
		},
		{
			perm: "approve", path: "user → org#member via release#org → org#active",
			requires: []string{"release#groups.any(approver)"}, unless: []string{"org#suspended"},
			subjects: []string{"user"},
		},
		{
			perm: "ship", path: "user → group#approver via release#groups.all → group#approver",
			requires: []string{"every release#groups must grant group#approver", "release#manager"}, unless: []string{},
			subjects: []string{"user"},
		},
		{
			perm: "ship", path: "user:* → release#manager",
			requires: []string{"release#groups.all(approver)"}, unless: []string{},
			subjects: []string{"user"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.perm+": "+tt.path, func(t *testing.T) {
			ex := explain(t, m, "release", tt.perm)
			p := pathByText(t, ex, tt.path)
			assert.Equal(t, tt.requires, p.Requires)
			assert.Equal(t, tt.unless, p.Unless)
			assert.Equal(t, tt.subjects, ex.SubjectTypes)
		})
	}
}

func TestExplainIntersectionSubjectTypes(t *testing.T) {
	m := compileText(t, `definition user {}
		definition bot {}
		definition group {
			relation member: user | group#member
		}
		definition team {
			relation member: user | bot
		}
		definition doc {
			relation user_viewer: user
			relation public: user:*
			relation group_viewer: group#member
			relation team_viewer: team#member
			relation bot_viewer: bot
			relation mixed: user | group#member
			permission wildcard = user_viewer & public
			permission via_group = user_viewer & group_viewer
			permission sets = group_viewer & team_viewer
			permission same_sets = mixed & mixed
			permission disjoint = bot_viewer & group_viewer
		}`)
	tests := []struct {
		perm string
		want []string
	}{
		{"wildcard", []string{"user"}},
		{"via_group", []string{"user"}},
		{"sets", []string{"user"}},
		{"same_sets", []string{"group#member", "user"}},
		{"disjoint", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.perm, func(t *testing.T) {
			assert.Equal(t, tt.want, explain(t, m, "doc", tt.perm).SubjectTypes)
		})
	}
}

func TestExplainNilGrantsNothing(t *testing.T) {
	ex := explain(t, compileText(t, markersSchema), "release", "nothing")
	assert.Empty(t, ex.Paths)
	assert.False(t, ex.Grantable)
	assert.Equal(t, "granted to no one", ex.Meaning)
}

func TestExplainRelation(t *testing.T) {
	m := compileText(t, `use expiration
		definition user {}
		definition group {
			relation member: user
		}
		caveat on_vpn(ip ipaddress) { ip.in_cidr("10.0.0.0/8") }
		definition document {
			relation viewer: user | user:* with expiration | group#member with on_vpn and expiration
			permission view = viewer
		}`)
	ex := explain(t, m, "document", "viewer")

	assert.Equal(t, "relation", ex.Kind)
	assert.Equal(t, "user | user:* with expiration | group#member with on_vpn and expiration", ex.Expression)
	assert.Equal(t, []string{"group#member", "user", "user:*"}, ex.SubjectTypes)
	assert.Equal(t, []string{"document#view"}, ex.UsedBy)
	p := pathByText(t, ex, "group#member with on_vpn and expiration → document#viewer")
	assert.Equal(t, "group#member", p.Subject)
	assert.Equal(t, "on_vpn", p.Caveat)
	assert.True(t, p.Expiration)
	p = pathByText(t, ex, "user:* with expiration → document#viewer")
	assert.Empty(t, p.Caveat)
	assert.True(t, p.Expiration)
}

func TestExplainSelf(t *testing.T) {
	m := compileText(t, `use self
		definition user {
			relation friend: user
			permission view = self + friend
		}`)
	ex := explain(t, m, "user", "view")
	assert.Equal(t, []string{"user → self", "user → user#friend"}, pathTexts(ex))
	assert.Empty(t, ex.Paths[0].Writes)
}

func TestExplainUnknownNames(t *testing.T) {
	m := compileText(t, docsSchema)
	tests := []struct {
		def, perm  string
		kind       ErrorKind
		candidates []string
	}{
		{"documnet", "view", ErrUnknownDefinition, []string{"document"}},
		{"document", "veiw", ErrUnknownPermission, []string{"view"}},
		{"document", "viewers", ErrUnknownPermission, []string{"viewer", "view"}},
		{"nothing_like_it", "view", ErrUnknownDefinition, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.def+"#"+tt.perm, func(t *testing.T) {
			_, err := m.Explain(tt.def, tt.perm)
			var ie *InputError
			require.True(t, errors.As(err, &ie), "want *InputError, got %v", err)
			assert.Equal(t, tt.kind, ie.Kind)
			assert.Equal(t, tt.candidates, ie.Candidates)
			assert.NotEmpty(t, ie.Fix)
		})
	}
}

func TestExplainNilModel(t *testing.T) {
	var m *Model
	_, err := m.Explain("document", "view")
	var ie *InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, ErrNoSchema, ie.Kind)
}

func TestExplainMemoizedAnswersAreIndependent(t *testing.T) {
	m := compileText(t, docsSchema)
	first := explain(t, m, "document", "view")
	first.Paths[0].Text = "changed"
	first.UsedBy = append(first.UsedBy, "changed")

	again := explain(t, m, "document", "view")
	assert.NotEqual(t, "changed", again.Paths[0].Text)
	assert.NotContains(t, again.UsedBy, "changed")
}

func TestExplainConcurrent(t *testing.T) {
	m := compileText(t, productSchema(3))
	want := explain(t, compileText(t, productSchema(3)), "comment2", "view")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, d := range m.Definitions {
				for _, p := range d.Permissions {
					_, err := m.Explain(d.Name, p.Name)
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, want, explain(t, m, "comment2", "view"))
}

func TestExplainJSONHasNoNulls(t *testing.T) {
	for _, perm := range []string{"nothing", "view", "banned"} {
		ex := explain(t, compileText(t, markersSchema), "release", perm)
		data, err := json.Marshal(ex)
		require.NoError(t, err)
		assert.NotContains(t, string(data), "null", perm)
	}
}

func TestExplainDeduplicatesPaths(t *testing.T) {
	m := compileText(t, `definition user {}
		definition doc {
			relation viewer: user
			permission edit = viewer
			permission view = viewer + edit + (viewer & viewer)
		}`)
	ex := explain(t, m, "doc", "view")
	assert.Equal(t, []string{"user → doc#viewer", "user → doc#viewer"}, pathTexts(ex))
	assert.Equal(t, []string{}, ex.Paths[0].Requires)
	assert.Equal(t, []string{"doc#viewer"}, ex.Paths[1].Requires)
}

// wideSchema generates n definitions in a chain: each level's view is
// reached from the level above through two tuplesets, so paths double per
// level (a diamond lattice), plus a recursive parent arrow on every level.
func wideSchema(n int) string {
	var b strings.Builder
	b.WriteString("definition user {}\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "definition res%d {\n\trelation parent: res%d\n\trelation viewer: user | user:*\n", i, i)
		view := "viewer + parent->view"
		if i < n-1 {
			fmt.Fprintf(&b, "\trelation left: res%d\n\trelation right: res%d\n", i+1, i+1)
			view += " + left->view + right->view"
		}
		fmt.Fprintf(&b, "\tpermission view = %s\n}\n", view)
	}
	return b.String()
}

func TestExplainTruncatesAtCap(t *testing.T) {
	ex := explain(t, compileText(t, wideSchema(20)), "res0", "view")
	assert.True(t, ex.Truncated)
	assert.LessOrEqual(t, len(ex.Paths), MaxGrantPaths)
	assert.Equal(t, []string{"user", "user:*"}, ex.SubjectTypes, "subject types stay complete after the cap")
}

// productSchema generates a realistic large schema: modules of ten types
// each (org, nested teams, projects, nested folders, documents, issues,
// comments, …) wired by arrows, with groups and public wildcards. 30
// modules make 302 definitions.
func productSchema(modules int) string {
	var b strings.Builder
	b.WriteString(`definition user {}
definition group {
	relation member: user | group#member
}
`)
	for i := range modules {
		b.WriteString(strings.ReplaceAll(`
definition org@ {
	relation admin: user
	relation member: user | group#member
	relation banned: user
	permission manage = admin
	permission access = (member + admin) - banned
}
definition team@ {
	relation org: org@
	relation parent: team@
	relation maintainer: user
	relation direct: user | group#member
	permission member = maintainer + direct + parent->member
	permission manage = maintainer + org->manage
}
definition project@ {
	relation org: org@
	relation admin: user | team@#member
	relation writer: user | team@#member
	relation reader: user | user:* | team@#member
	permission manage = admin + org->manage
	permission write = writer + manage
	permission view = (reader + write) & org->access
}
definition folder@ {
	relation project: project@
	relation parent: folder@
	relation editor: user | group#member
	relation viewer: user | user:* | group#member
	permission edit = editor + parent->edit + project->write
	permission view = viewer + edit + parent->view + project->view
}
definition doc@ {
	relation folder: folder@
	relation owner: user
	relation editor: user | group#member
	relation viewer: user | user:* | group#member
	permission edit = owner + editor + folder->edit
	permission view = viewer + edit + folder->view
}
definition issue@ {
	relation project: project@
	relation assignee: user
	relation reporter: user
	permission edit = assignee + reporter + project->write
	permission view = edit + project->view
}
definition comment@ {
	relation issue: issue@
	relation doc: doc@
	relation author: user
	permission edit = author
	permission view = edit + issue->view + doc->view
}
definition label@ {
	relation project: project@
	permission apply = project->write
	permission view = project->view
}
definition pipeline@ {
	relation project: project@
	relation runner: user
	permission run = runner + project->write
	permission view = run + project->view
}
definition secret@ {
	relation pipeline: pipeline@
	relation owner: user
	permission read = owner + pipeline->run
	permission manage = owner & pipeline->run
}
`, "@", fmt.Sprint(i)))
	}
	return b.String()
}

// chainSchema is a worst case: n types, each the parent of the next (res0's
// parent is itself), every permission inherited through the parent, so the
// deepest type inherits through an n-long chain of distinct types and its
// paths explode combinatorially.
func chainSchema(n int) string {
	var b strings.Builder
	b.WriteString("definition user {}\ndefinition group {\n\trelation member: user | group#member\n}\n")
	for i := range n {
		parent := fmt.Sprintf("res%d", max(i-1, 0))
		fmt.Fprintf(&b, `definition res%d {
	relation parent: %s
	relation owner: user
	relation editor: user | group#member
	relation viewer: user | user:* | group#member
	relation banned: user
	permission admin = owner + parent->admin
	permission edit = (editor + admin + parent->edit) - banned
	permission view = viewer + edit + parent->view
}
`, i, parent)
	}
	return b.String()
}

func TestExplainClipsDeepChains(t *testing.T) {
	m := compileText(t, chainSchema(40))
	ex := explain(t, m, "res39", "admin")
	assert.True(t, ex.Truncated)
	assert.Len(t, ex.Paths, maxHops+1, "one owner path per level, down to the hop limit")
	for _, p := range ex.Paths {
		assert.LessOrEqual(t, len(p.Via), maxHops)
	}
	assert.Equal(t, []string{"user"}, ex.SubjectTypes)

	shallow := explain(t, m, "res5", "admin")
	assert.False(t, shallow.Truncated)
	assert.Len(t, shallow.Paths, 6)
	assert.Equal(t, []string{"user"}, shallow.SubjectTypes)
}

func TestExplainLargeSchemaIsFast(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		stride int // explain every stride-th definition, to keep the test quick
		// budget is the mean per call, generous so -race on a loaded CI
		// machine still passes; an idle machine is far faster.
		budget time.Duration
	}{
		{"302 realistic definitions", productSchema(30), 1, 2 * time.Millisecond},
		{"300-deep chain of distinct types", chainSchema(300), 15, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := compileText(t, tt.schema)
			start, calls := time.Now(), 0
			for i := len(m.Definitions) - 1; i >= 0; i -= tt.stride {
				d := m.Definitions[i]
				for _, p := range d.Permissions {
					_, err := m.Explain(d.Name, p.Name)
					require.NoError(t, err)
					calls++
				}
			}
			perCall := time.Since(start) / time.Duration(calls)
			t.Logf("%d calls, %s per Explain", calls, perCall)
			assert.Less(t, perCall, tt.budget)
		})
	}
}
