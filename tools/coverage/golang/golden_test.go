package golang

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// samplesDir holds the sample sources, relative to this package; their
// goldens sit next to them as <name>.go.expected.
const samplesDir = "../../../testdata/handlers/go"

const goldenHint = "regenerate with UPDATE_GOLDEN=1 go test ./tools/coverage/golang -run Golden and review the diff"

// TestGolden parses every sample as the project root would name it and
// compares the File, as indented JSON, with its golden.
func TestGolden(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join(samplesDir, "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, samples)
	for _, sample := range samples {
		name := filepath.Base(sample)
		t.Run(strings.TrimSuffix(name, ".go"), func(t *testing.T) {
			src, err := os.ReadFile(sample)
			require.NoError(t, err)
			f, err := ParseFile(path.Join("testdata/handlers/go", name), src)
			require.NoError(t, err)
			got, err := json.MarshalIndent(f, "", "  ")
			require.NoError(t, err)
			checkGolden(t, sample+".expected", string(got)+"\n")
		})
	}
}

// TestGoldenNoOrphans catches a golden left behind by a removed sample.
func TestGoldenNoOrphans(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join(samplesDir, "*.go.expected"))
	require.NoError(t, err)
	for _, g := range goldens {
		_, err := os.Stat(strings.TrimSuffix(g, ".expected"))
		assert.NoError(t, err, "%s has no sample; delete it or restore the sample", g)
	}
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		t.Fatalf("golden %s is missing; %s", file, goldenHint)
	}
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "%s is out of date; %s", file, goldenHint)
}
