package treesitter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sitter "github.com/tree-sitter/go-tree-sitter"
	tsjavascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

var (
	python     = sitter.NewLanguage(tspython.Language())
	javascript = sitter.NewLanguage(tsjavascript.Language())
)

func TestParse(t *testing.T) {
	src := []byte("def f(x):\n    return x\n\nclass C:\n    pass\n")
	root, errs, err := Parse(python, src)
	require.NoError(t, err)
	assert.Empty(t, errs)
	assert.Equal(t, "module", root.Kind)

	fn := root.Children[0]
	assert.Equal(t, "function_definition", fn.Kind)
	assert.Equal(t, "f", fn.Child("name").Text(src))
	assert.Equal(t, "name", fn.Child("name").Field)
	assert.Equal(t, Point{Line: 1, Col: 1}, fn.Start)
	assert.Equal(t, 2, fn.EndLine())
	assert.Same(t, fn, fn.Child("body").Parent)
	assert.Same(t, fn, fn.Child("body").Ancestor("function_definition"))
	assert.Equal(t, Point{Line: 1, Col: 5}, fn.Child("name").Start)
	assert.False(t, fn.FirstOfKind("def").Named)

	var kinds []string
	root.Walk(func(n *Node) bool {
		kinds = append(kinds, n.Kind)
		return n.Kind != "function_definition"
	})
	assert.Equal(t, []string{"module", "function_definition", "class_definition", "class", "identifier", ":", "block", "pass_statement", "pass"}, kinds)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		lang *sitter.Language
		src  string
		want []coverage.SyntaxError
	}{
		{python, "x = [1, 2\n", []coverage.SyntaxError{{Line: 1, Col: 1, Message: `syntax error at "x = [1, 2"`}}},
		{python, "def f():\n    return\nclass\n", []coverage.SyntaxError{{Line: 3, Col: 1, Message: `syntax error at "class"`}}},
		{python, "x = 1\n  \t)))))))))))))))))))))))))))))))))))\n", []coverage.SyntaxError{{Line: 2, Col: 4, Message: `syntax error at "))))))))))))))))))))))))))))))…"`}}},
		{javascript, "f(a.b\ng();\n", []coverage.SyntaxError{{Line: 2, Col: 1, Message: `syntax error at "g"`}, {Line: 2, Col: 4, Message: `missing ")"`}}},
	}
	for _, tt := range tests {
		_, errs, err := Parse(tt.lang, []byte(tt.src))
		require.NoError(t, err)
		assert.Equal(t, tt.want, errs, tt.src)
	}
}

func TestRouteSegments(t *testing.T) {
	tests := map[string][]string{
		"/api/v1/documents/{id}":           {"documents"},
		"/audit-logs/:id/comments":         {"audit", "logs", "comments"},
		"docs/<int:pk>/share/":             {"docs", "share"},
		"^folders/(?P<pk>\\d+)/$":          {"folders"},
		"${BASE}/teams/[teamId]/members/*": {"teams", "members"},
		"/":                                nil,
	}
	for route, want := range tests {
		assert.Equal(t, want, RouteSegments(route), route)
	}
}

func TestJoinRoute(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"/api", "/"}, "/api"},
		{[]string{"", ""}, "/"},
		{[]string{"/api/", "docs/<int:pk>/"}, "/api/docs/<int:pk>/"},
		{[]string{"api", "", ":id"}, "/api/:id"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, JoinRoute(tt.parts...), tt.parts)
	}
}

func TestNames(t *testing.T) {
	ns := Names{Skip: func(n string) bool { return n == "promise" }}
	ns.Add(30, "Document")
	ns.Add(10, "Folder")
	ns.Add(20, "Promise")
	ns.Add(25, "x")
	ns.Add(26, "req")
	ns.Add(27, "a.b")
	ns.AddRoute(40, "/api/documents/:id/comments")
	assert.Equal(t, []string{"Folder", "Document", "documents", "comments"}, ns.List())
}

func TestUnique(t *testing.T) {
	assert.Equal(t, []string{"a", "b"}, Unique([]string{"a", "", "b", "a"}))
	assert.Nil(t, Unique(nil))
}
