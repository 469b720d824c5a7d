package typescript

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// goldenDir holds sample apps, each file next to its `<file>.expected`
// JSON; UPDATE_GOLDEN=1 rewrites the expectations.
const goldenDir = "../../../testdata/handlers/typescript"

func TestGolden(t *testing.T) {
	var files []string
	err := filepath.WalkDir(goldenDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if lang, ok := coverage.LanguageOf(p); ok && !d.IsDir() && (lang == coverage.TypeScript || lang == coverage.JavaScript) {
			files = append(files, p)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)

	for _, file := range files {
		rel, err := filepath.Rel(goldenDir, file)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			parsed, err := ParseFile(rel, src)
			require.NoError(t, err)
			got, err := json.MarshalIndent(parsed, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')

			expected := file + ".expected"
			if os.Getenv("UPDATE_GOLDEN") != "" {
				require.NoError(t, os.WriteFile(expected, got, 0o644))
				return
			}
			want, err := os.ReadFile(expected)
			require.NoError(t, err, "no golden file; run with UPDATE_GOLDEN=1")
			require.Equal(t, strings.TrimSpace(string(want)), strings.TrimSpace(string(got)))
		})
	}
}

// TestTruncatedSamples parses every sample cut off at many points, as an
// editor saves it mid-keystroke: no shape of partial tree may fail.
func TestTruncatedSamples(t *testing.T) {
	err := filepath.WalkDir(goldenDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".expected") || strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		for cut := 0; cut < len(src); cut += 13 {
			_, err := ParseFile(filepath.ToSlash(p), src[:cut])
			require.NoError(t, err, "%s cut at byte %d", p, cut)
		}
		return nil
	})
	require.NoError(t, err)
}
