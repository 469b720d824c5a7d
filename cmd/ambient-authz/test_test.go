package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var validationDir, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "validation"))

// runBinary runs the built binary and returns stdout, stderr and the exit
// code.
func runBinary(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return stdout.String(), stderr.String(), exit.ExitCode()
	}
	require.NoError(t, err)
	return stdout.String(), stderr.String(), 0
}

func TestTestCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"passing file", []string{"passing.yaml"}, 0, []string{"1 validation file(s): 1 passed, 0 failed", "PASS passing.yaml (4 relationships, 4 assertions, 1 expected relations)"}, ""},
		{"failing assertion", []string{"failing-assertion.yaml"}, 1, []string{"FAIL failing-assertion.yaml", "failing-assertion.yaml:9:7: assertion: Expected relation or permission document:plan#edit@user:alice to exist"}, ""},
		{"failing expected relation", []string{"failing-expected-relation.yaml"}, 1, []string{"failing-expected-relation.yaml:8:8: expected_relation:", "missing expected subject `user:dan`"}, ""},
		{"relationship the schema rejects", []string{"bad-relationships.yaml"}, 1, []string{"bad-relationships.yaml:11:24: relationship: document#viewer does not allow subject document; allowed: user"}, ""},
		{"malformed", []string{"malformed-yaml.yaml", "malformed-relationship.yaml"}, 1, []string{"malformed-yaml.yaml:7:3: yaml: syntax error", "malformed-relationship.yaml:4:46: relationship: error parsing relationship"}, ""},
		{"every file under the root", nil, 1, []string{"6 validation file(s): 1 passed, 5 failed (8 failures)"}, ""},
		{"json", []string{"--format", "json", "passing.yaml"}, 0, []string{`"mode": "validation_files"`, `"passed": true`}, ""},
		{"missing file", []string{"nope.yaml"}, 1, nil, "does not exist"},
		{"outside the root", []string{"../../go.mod"}, 1, nil, "outside the project root"},
		{"bad format", []string{"--format", "sarif"}, 1, nil, "use text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runBinary(t, append([]string{"test", "--root", validationDir}, tt.args...)...)
			assert.Equal(t, tt.code, code, "stdout: %s\nstderr: %s", stdout, stderr)
			for _, w := range tt.stdout {
				assert.Contains(t, stdout, w)
			}
			assert.Contains(t, stderr, tt.stderr)
			if tt.stderr == "" {
				assert.Empty(t, stderr, "spicedb's engine logs nothing")
			}
		})
	}
}

func TestTestCommandJSONIsTheToolsReport(t *testing.T) {
	stdout, _, code := runBinary(t, "test", "--root", validationDir, "--format", "json", "failing-assertion.yaml")
	require.Equal(t, 1, code)
	var r struct {
		Passed bool `json:"passed"`
		Files  []struct {
			File     string `json:"file"`
			Failures []struct {
				File string `json:"file"`
				Line int    `json:"line"`
				Col  int    `json:"col"`
			} `json:"failures"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	assert.False(t, r.Passed)
	require.Len(t, r.Files, 1)
	require.Len(t, r.Files[0].Failures, 2)
	assert.Equal(t, "failing-assertion.yaml", r.Files[0].Failures[0].File)
	assert.Equal(t, [2]int{9, 7}, [2]int{r.Files[0].Failures[0].Line, r.Files[0].Failures[0].Col})
}

func TestTestCommandWithoutValidationFiles(t *testing.T) {
	_, stderr, code := runBinary(t, "test", "--root", t.TempDir())
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no zed validation files under")
}
