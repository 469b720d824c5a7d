package hooks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// wideSchema has n resource definitions, each with a parent, three roles
// and six permissions (some with long names), plus user and group.
func wideSchema(t *testing.T, n int) *schemas.Model {
	t.Helper()
	var b strings.Builder
	b.WriteString("definition user {}\n\ndefinition group {\n\trelation member: user\n}\n\n")
	b.WriteString("definition resource0 {\n\trelation owner: user\n\tpermission view = owner\n\tpermission edit = owner\n}\n\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, `definition resource%d {
	relation parent: resource%d
	relation owner: user
	relation editor: user | group#member
	relation viewer: user | group#member
	permission view = viewer + edit + parent->view
	permission edit = editor + owner + parent->edit
	permission delete = owner
	permission share = owner + editor
	permission manage_members = owner
	permission export_history = view
}

`, i, i-1)
	}
	m, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: b.String()}}, nil)
	require.NoError(t, err)
	return m
}

// tokens estimates a text's size in tokens the way the repository's
// authz_context figures do: characters / 4.
func tokens(s string) int { return len(s) / 4 }

func TestSessionContextFitsItsBudget(t *testing.T) {
	m := wideSchema(t, 30)
	text := SessionContext(m)
	assert.LessOrEqual(t, tokens(text), 800, "30 definitions: %d tokens (chars/4)\n%s", tokens(text), text)
	assert.Contains(t, text, "- resource29: view, edit, delete, share, manage_members, export_history\n")
	assert.Contains(t, text, "- subject types only: user, group\n")
	assert.Equal(t, 30+2, len(m.Definitions))

	huge := SessionContext(wideSchema(t, 300))
	assert.LessOrEqual(t, tokens(huge), 800, "a 300-definition schema is cut, not pasted")
	assert.Contains(t, huge, "get_schema lists all 302 definitions")
	assert.Contains(t, huge, "check_coverage", "the rules survive the cut")
}
