package schemas_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const validationFixtures = "../testdata/validation"

// TestValidationFixtures runs every fixture under testdata/validation and
// compares its failures, with their line:col, to <case>.expected.
// Regenerate with UPDATE_GOLDEN=1 and review the diff.
func TestValidationFixtures(t *testing.T) {
	root, err := schemas.NewRoot(validationFixtures)
	require.NoError(t, err)
	files, err := schemas.FindValidationFiles(context.Background(), root, ".")
	require.NoError(t, err)
	assert.Equal(t, []string{"bad-relationships.yaml", "failing-assertion.yaml", "failing-expected-relation.yaml", "malformed-relationship.yaml", "malformed-yaml.yaml", "passing.yaml"}, files)
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			res, rel, err := schemas.RunValidationFileAt(context.Background(), root, f)
			require.NoError(t, err)
			assert.Equal(t, f, rel)
			var lines []string
			for _, fail := range res.Failures {
				lines = append(lines, fail.String())
			}
			got := strings.Join(lines, "\n") + "\n"
			if res.Passed {
				got = "passed\n"
			}
			golden := filepath.Join(validationFixtures, strings.TrimSuffix(f, ".yaml")+".expected")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden; run UPDATE_GOLDEN=1 go test ./schemas -run ValidationFixtures")
			assert.Equal(t, string(want), got, "regenerate with UPDATE_GOLDEN=1 go test ./schemas -run ValidationFixtures and review the diff")
			assert.Equal(t, f == "passing.yaml", res.Passed)
		})
	}
}

func TestFindValidationFiles(t *testing.T) {
	const valid = "schema: |-\n  definition user {}\nassertions: {}\n"
	dir := t.TempDir()
	files := map[string]string{
		"authz/test.yaml":               valid,
		"deep/a/b/c/d/more.yml":         "schemaFile: ./s.zed\nrelationships: \"\"\n",
		"node_modules/pkg/test.yaml":    valid,
		"vendor/x/test.yaml":            valid,
		".git/test.yaml":                valid,
		"ci.yaml":                       "on: push\njobs: {}\n",
		"schema-only.yaml":              "schema: |-\n  definition user {}\n",
		"nested-key.yaml":               "config:\n  schema: x\n  assertions: y\n",
		"docs/not-yaml.txt":             valid,
		"testdata/validation/case.yaml": valid,
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	found, err := schemas.FindValidationFiles(context.Background(), root, ".")
	require.NoError(t, err)
	assert.Equal(t, []string{"authz/test.yaml", "deep/a/b/c/d/more.yml", "testdata/validation/case.yaml"}, found)

	found, err = schemas.FindValidationFiles(context.Background(), root, "testdata")
	require.NoError(t, err)
	assert.Equal(t, []string{"testdata/validation/case.yaml"}, found, "a folder narrows the search, paths stay root-relative")

	_, err = schemas.FindValidationFiles(context.Background(), root, "..")
	var ie *schemas.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, schemas.ErrOutsideRoot, ie.Kind)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = schemas.FindValidationFiles(ctx, root, ".")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRunValidationFileAtStaysInTheRoot(t *testing.T) {
	root, err := schemas.NewRoot(validationFixtures)
	require.NoError(t, err)
	_, _, err = schemas.RunValidationFileAt(context.Background(), root, "../../go.mod")
	var ie *schemas.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, schemas.ErrOutsideRoot, ie.Kind)
}
