package tools_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/prompts"
	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

// handlerSamples are the frontends' sample apps, read through the tool
// with the Google-Docs-style schema.
var handlerSamples = []string{
	"handlers/go/chi.go", "handlers/go/gin.go", "handlers/go/echo.go", "handlers/go/nethttp_122.go", "handlers/go/grpc.go", "handlers/go/connect.go",
	"handlers/typescript/express.ts", "handlers/typescript/express.js", "handlers/typescript/nest.controller.ts", "handlers/typescript/nextjs/app/api/documents/[id]/route.ts",
	"handlers/python/fastapi_app.py", "handlers/python/flask_app.py", "handlers/python/django/views.py",
}

func testdataDeps(t testing.TB) tools.Deps {
	t.Helper()
	root, err := schemas.NewRoot(filepath.Join("..", "testdata"))
	require.NoError(t, err)
	return tools.Deps{Store: schemas.NewStore(root, []string{"schemas/google-docs.zed"})}
}

// contextCase is one authz_context call on a sample and its markdown.
type contextCase struct {
	args     string
	markdown string
}

// contextCases builds the context for each sample file, then for each of
// its handlers.
func contextCases(t testing.TB, d tools.Deps) map[string][]contextCase {
	t.Helper()
	out := map[string][]contextCase{}
	for _, file := range handlerSamples {
		c, err := tools.BuildAuthzContext(context.Background(), d, tools.AuthzContextArgs{File: file})
		require.NoError(t, err, file)
		cases := []contextCase{{"{file: " + file + "}", c.Markdown()}}
		for _, h := range c.Handlers {
			hc, err := tools.BuildAuthzContext(context.Background(), d, tools.AuthzContextArgs{File: file, Handler: h.Function})
			require.NoError(t, err, "%s %s", file, h.Function)
			cases = append(cases, contextCase{"{file: " + file + ", handler: " + h.Function + "}", hc.Markdown()})
		}
		out[file] = cases
	}
	return out
}

// TestAuthzContextGolden pins the context for every sample handler in Go,
// TypeScript, JavaScript and Python. Regenerate with UPDATE_GOLDEN=1.
func TestAuthzContextGolden(t *testing.T) {
	for file, cases := range contextCases(t, testdataDeps(t)) {
		parts := make([]string, len(cases))
		for i, c := range cases {
			parts[i] = "# authz_context " + c.args + "\n\n" + c.markdown
		}
		got := strings.Join(parts, "\n\n---\n\n") + "\n"
		path := filepath.Join("..", "testdata", "context", strings.ReplaceAll(strings.TrimPrefix(file, "handlers/"), "/", "__")+".md")
		if os.Getenv("UPDATE_GOLDEN") != "" {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "missing golden; run UPDATE_GOLDEN=1 go test ./tools -run AuthzContextGolden")
		assert.Equal(t, string(want), got, "%s changed; review, then UPDATE_GOLDEN=1", file)
	}
}

// BenchmarkAuthzContextTokens reports the size of authz_context output in
// tokens (characters / 4) over every sample case. Targets: median ≤ 600,
// max ≤ 1,500.
func BenchmarkAuthzContextTokens(b *testing.B) {
	d := testdataDeps(b)
	var sizes []int
	for b.Loop() {
		sizes = sizes[:0]
		for _, cases := range contextCases(b, d) {
			for _, c := range cases {
				sizes = append(sizes, len(c.markdown)/4)
			}
		}
	}
	slices.Sort(sizes)
	b.ReportMetric(float64(sizes[len(sizes)/2]), "tokens-median")
	b.ReportMetric(float64(sizes[len(sizes)-1]), "tokens-max")
	b.ReportMetric(float64(len(sizes)), "cases")
}

func TestAuthzContextTool(t *testing.T) {
	d := testdataDeps(t)
	tests := []struct {
		name    string
		args    map[string]any
		isError bool
		want    []string
	}{
		{"no arguments", nil, true, []string{"at least one argument"}},
		{"resource and operation, no file", map[string]any{"resource": "document", "operation": "create"}, false,
			[]string{"check `folder#edit`", "document:<id>#owner@user:<actor id>", "pass `file` to get code"}},
		{"file and handler", map[string]any{"file": "handlers/go/chi.go", "handler": "Create"}, false,
			[]string{"resource **document**", "operation **create**", "```go", "WriteRelationships"}},
		{"misspelled resource", map[string]any{"resource": "documnet"}, true, []string{"did you mean: document?"}},
		{"ambiguous resource returns ranked candidates", map[string]any{"handler": "MoveDocumentToFolder"}, false,
			[]string{"resource ambiguous: document (score 3: handler name); folder (score 3: handler name);", "pass `resource`, one of: document, folder"}},
		{"unknown handler", map[string]any{"file": "handlers/go/chi.go", "handler": "Crate"}, true, []string{"did you mean: DocumentHandler.Create, FolderHandler.Create?"}},
		{"unknown operation", map[string]any{"resource": "document", "operation": "frob"}, true, []string{"must be one of", "create"}},
		{"unsupported file", map[string]any{"file": "schemas/README.md"}, true, []string{"not source code in a supported language"}},
		{"path outside root", map[string]any{"file": "../go.mod"}, true, []string{"outside the project root"}},
		{"missing file", map[string]any{"file": "handlers/go/nope.go"}, true, []string{"does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, text := call(t, d, "authz_context", tt.args)
			assert.Equal(t, tt.isError, res.IsError, text)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
		})
	}
}

func TestAuthzContextBadSourceFiles(t *testing.T) {
	d := newDeps(t, map[string]string{
		"schema.zed":  docsSchema,
		"binary.go":   "package x\x00\x01",
		"huge.py":     strings.Repeat("# padding\n", schemas.MaxFileBytes/9),
		"broken.ts":   "app.post('/documents', async (req, res) => {\n  const doc = await create(\n",
		"notcode.go":  "this is not go at all {{{",
		"handlers.go": "package h\n\nimport \"net/http\"\n\nfunc CreateDocument(w http.ResponseWriter, r *http.Request) {}\n",
	})
	_, text := call(t, d, "authz_context", map[string]any{"file": "binary.go"})
	assert.Contains(t, text, "binary file")
	_, text = call(t, d, "authz_context", map[string]any{"file": "huge.py"})
	assert.Contains(t, text, "larger than")
	res, text := call(t, d, "authz_context", map[string]any{"file": "broken.ts"})
	assert.False(t, res.IsError, "code mid-edit is still analyzed: %s", text)
	assert.Contains(t, text, "POST /documents")
	res, text = call(t, d, "authz_context", map[string]any{"file": "notcode.go", "resource": "document", "operation": "read"})
	assert.False(t, res.IsError, "unparsable source still gets the resource context: %s", text)
	assert.Contains(t, text, "document#view")
	res, text = call(t, d, "authz_context", map[string]any{"file": "handlers.go"})
	assert.False(t, res.IsError, text)
	assert.Contains(t, text, "func ", "Go code for a .go file")
	var ctx prompts.AuthzContext = res.StructuredContent.(prompts.AuthzContext)
	assert.Equal(t, "document", ctx.Resource)
	assert.Equal(t, "create", ctx.Operation)
}
