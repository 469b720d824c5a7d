package schemas_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

func TestExamplesAreComplete(t *testing.T) {
	examples := schemas.Examples()
	require.Len(t, examples, 6)
	names := make([]string, len(examples))
	for i, e := range examples {
		names[i] = e.Name
		assert.NotEmpty(t, e.Title, e.Name)
		assert.NotEmpty(t, e.Description, e.Name)
		assert.NotContains(t, e.Description, "\n", "%s: the description is one line", e.Name)
		assert.NotEmpty(t, e.Tags, e.Name)
		assert.Contains(t, e.Definitions, "user", e.Name)
		assert.Contains(t, e.Validation, "schemaFile: ./"+e.Name+".zed\n", e.Name)
	}
	assert.True(t, slices.IsSorted(names), "sorted by name: %v", names)
	assert.Equal(t, names, schemas.ExampleNames())
	assert.ElementsMatch(t, []string{"rbac", "document-sharing", "github", "multi-tenant", "time-bound-access", "ai-agents"}, names)
}

// TestExamplesValidate is the contract of the example library: each schema
// compiles, has no error-severity lint finding, and passes its own
// validation file.
func TestExamplesValidate(t *testing.T) {
	for _, e := range schemas.Examples() {
		t.Run(e.Name, func(t *testing.T) {
			m, err := schemas.Compile([]schemas.Source{{File: e.Name + ".zed", Text: e.Schema}}, nil)
			require.NoError(t, err)
			assert.Equal(t, m.DefinitionNames(), e.Definitions)
			for _, d := range m.Definitions {
				assert.NotEmpty(t, d.Doc, "definition %s has a doc comment", d.Name)
			}

			findings, err := schemas.Lint(context.Background(), m)
			require.NoError(t, err)
			for _, f := range findings {
				assert.NotEqual(t, "error", f.Severity, f.String())
			}

			res, err := schemas.RunValidationFile(context.Background(), []byte(e.Validation), schemas.WithSchemaFS(schemas.ExampleFS()))
			require.NoError(t, err)
			assert.True(t, res.Passed, "%v", res.Failures)
			assert.GreaterOrEqual(t, res.Relationships, 8)
			assert.LessOrEqual(t, res.Relationships, 30)
			assert.GreaterOrEqual(t, res.Assertions, 8)
			assert.GreaterOrEqual(t, res.ExpectedRelations, 2)
			if len(m.Caveats) > 0 {
				assert.Contains(t, e.Validation, "assertCaveated:", "a caveated schema shows a conditional answer")
				assert.Contains(t, e.Validation, " with {", "and a check with caveat context")
			}
		})
	}
}

// TestExampleFilesHaveOwners keeps the folder and the table in step: no
// schema without a title, no stray file, and a README entry per example.
func TestExampleFilesHaveOwners(t *testing.T) {
	files, err := fs.Glob(schemas.ExampleFS(), "*")
	require.NoError(t, err)
	var want []string
	for _, n := range schemas.ExampleNames() {
		want = append(want, n+".yaml", n+".zed")
	}
	want = append(want, "README.md")
	assert.ElementsMatch(t, want, files)

	readme, err := fs.ReadFile(schemas.ExampleFS(), "README.md")
	require.NoError(t, err)
	for _, n := range schemas.ExampleNames() {
		assert.Contains(t, string(readme), "## "+n+"\n", "README documents %s", n)
	}
}

func TestExampleByName(t *testing.T) {
	e, err := schemas.ExampleByName("github")
	require.NoError(t, err)
	assert.Equal(t, "github", e.Name)
	assert.Contains(t, e.Schema, "definition repository")

	tests := []struct {
		name       string
		candidates []string
	}{
		{"githib", []string{"github"}},
		{"multitenant", []string{"multi-tenant"}},
		{"rbca", []string{"rbac"}},
		{"", nil},
	}
	for _, tt := range tests {
		_, err := schemas.ExampleByName(tt.name)
		ie := inputError(t, err)
		assert.Equal(t, schemas.ErrNotFound, ie.Kind)
		assert.Equal(t, tt.candidates, nilIfEmpty(ie.Candidates), tt.name)
		assert.Contains(t, ie.Fix, "ai-agents, document-sharing, github, multi-tenant, rbac, time-bound-access")
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestExamplesReturnsCopies(t *testing.T) {
	first := schemas.Examples()
	first[0].Definitions[0] = "changed"
	first[0].Tags[0] = "changed"
	again := schemas.Examples()
	assert.NotEqual(t, "changed", again[0].Definitions[0])
	assert.NotEqual(t, "changed", again[0].Tags[0])
}

func TestClosestExample(t *testing.T) {
	tests := []struct {
		description string
		first       string
	}{
		{"Teams share documents in nested folders, and some files are public", "document-sharing"},
		{"Each customer organization defines custom roles for its own users", "multi-tenant"},
		{"Contractors get temporary access that expires after a week", "time-bound-access"},
		{"Only allow access from the office IP range", "time-bound-access"},
		{"An LLM assistant calls tools on behalf of the user who owns it", "ai-agents"},
		{"Pull requests: who can push to a repository, with org-wide defaults", "github"},
		{"Admins, editors and viewers on a workspace", "rbac"},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			got := schemas.ClosestExample(tt.description)
			require.NotEmpty(t, got)
			assert.Equal(t, tt.first, got[0].Name, "ranking: %v", exampleNames(got))
			assert.Equal(t, exampleNames(got), exampleNames(schemas.ClosestExample(tt.description)), "deterministic")
		})
	}
	assert.Empty(t, schemas.ClosestExample(""))
	assert.Empty(t, schemas.ClosestExample("xyzzy plugh"))
	assert.Empty(t, schemas.ClosestExample("the and of with"), "stop words match nothing")
}

func exampleNames(es []schemas.Example) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

func TestClosestExampleStemsWords(t *testing.T) {
	for _, d := range []string{"sharing", "shared", "shares"} {
		got := schemas.ClosestExample(d)
		require.NotEmpty(t, got, d)
		assert.Equal(t, "document-sharing", got[0].Name, d)
	}
	assert.True(t, strings.HasPrefix(schemas.ClosestExample("repositories")[0].Name, "github"))
}
