package schemas

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const meaningSchema = `
use expiration

definition user {}

definition folder {
	relation viewer: user
	permission view = viewer
}

definition document {
	relation parent: folder
	relation viewer: user
	relation owner: user
	relation member: user
	relation banned: user
	relation suspended: user
	relation is_admin: user
	relation can_share: user
	permission edit = owner
	permission has_access = owner
	permission view = viewer + edit + parent->view
	permission member_view = view & member
	permission three_and = viewer & member & owner
	permission safe_view = viewer - banned
	permission twice_excluded = viewer - banned - suspended
	permission either_and = (viewer + owner) & member
	permission list_and = (viewer + owner + edit) & member
	permission union_of_and = viewer + (member & owner)
	permission any_view = parent.any(view)
	permission all_view = parent.all(view)
	permission verbs = is_admin + can_share + has_access
	permission nobody = nil
}
`

func TestMeaning(t *testing.T) {
	m := compileText(t, meaningSchema)
	tests := []struct {
		perm string
		want string
	}{
		{"edit", "granted to anyone who is an owner"},
		{"view", "granted to anyone who is a viewer, has edit, or has view on the parent"},
		{"member_view", "granted to anyone who has view and also is a member"},
		{"three_and", "granted to anyone who is a viewer and also is a member and also is an owner"},
		{"safe_view", "granted to anyone who is a viewer, except those who are banned"},
		{"twice_excluded", "granted to anyone who is a viewer, except those who are banned or are suspended"},
		{"either_and", "granted to anyone who either is a viewer or is an owner and also is a member"},
		{"list_and", "granted to anyone who (is a viewer, is an owner, or has edit) and also is a member"},
		{"union_of_and", "granted to anyone who is a viewer or (is a member and also is an owner)"},
		{"any_view", "granted to anyone who has view on any parent"},
		{"all_view", "granted to anyone who has view on every parent"},
		{"verbs", "granted to anyone who is admin, can share, or has access"},
		{"nobody", "granted to no one"},
	}
	d := m.Definition("document")
	for _, tt := range tests {
		t.Run(tt.perm, func(t *testing.T) {
			p := d.Permission(tt.perm)
			require.NotNil(t, p)
			assert.Equal(t, tt.want, m.Meaning("document", p))
		})
	}
}

func TestMeaningClipsLongExpressions(t *testing.T) {
	var names, rels []string
	for _, n := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima"} {
		names = append(names, n+"_reviewer")
		rels = append(rels, "\trelation "+n+"_reviewer: user\n")
	}
	schema := "definition user {}\ndefinition doc {\n" + strings.Join(rels, "") +
		"\tpermission review = " + strings.Join(names, " + ") + "\n}\n"
	m := compileText(t, schema)

	got := m.Meaning("doc", m.Definition("doc").Permission("review"))
	assert.Equal(t, maxMeaningRunes, utf8.RuneCountInString(got))
	assert.True(t, strings.HasSuffix(got, "…"), got)
	assert.True(t, strings.HasPrefix(got, "granted to anyone who is an alpha_reviewer, is a bravo_reviewer"), got)
}

func TestMeaningNilPermission(t *testing.T) {
	assert.Empty(t, compileText(t, meaningSchema).Meaning("document", nil))
}

func TestRelationMeaning(t *testing.T) {
	m := compileText(t, `use expiration
		definition user {}
		definition group {
			relation member: user
		}
		definition doc {
			relation viewer: user | user:* with expiration | group#member
		}`)
	ex := explain(t, m, "doc", "viewer")
	assert.Equal(t, "held by whoever a relationship names directly: user, user:* with expiration, or group#member", ex.Meaning)
}
