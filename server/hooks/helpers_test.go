package hooks

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// testdata is testdata/hooks: the recorded payloads, the sample app and
// the JSON Schemas of the clients' output.
var testdata, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "hooks"))

// recordedRoot is the project root the payloads were recorded in; tests
// put their temporary copy of the sample app in its place.
const recordedRoot = "/home/dev/notes"

// newApp copies the sample app into a fresh git repository with one
// commit, as an agent session finds it.
func newApp(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(testdata, "app"))))
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "initial")
	return dir
}

func git(t testing.TB, dir string, args ...string) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

// recorded reads a recorded payload with its root moved to root.
func recorded(t testing.TB, name, root string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	require.NoError(t, err)
	return bytes.ReplaceAll(data, []byte(recordedRoot), []byte(root))
}

// applyEdit does what the client's tool did before the hook ran: Claude
// Code's Write, Edit and MultiEdit, Cursor's edits (an empty old_string
// writes the whole file).
func applyEdit(t testing.TB, data []byte) {
	t.Helper()
	type edit struct {
		OldString string `json:"old_string"`
		NewString string `json:"new_string"`
	}
	var p struct {
		ToolName  string `json:"tool_name"`
		ToolInput struct {
			FilePath string `json:"file_path"`
			Content  string `json:"content"`
			edit
			Edits []edit `json:"edits"`
		} `json:"tool_input"`
		FilePath string `json:"file_path"`
		Edits    []edit `json:"edits"`
	}
	require.NoError(t, json.Unmarshal(data, &p))
	file, edits := p.FilePath, p.Edits
	switch p.ToolName {
	case "Write":
		require.NoError(t, os.WriteFile(p.ToolInput.FilePath, []byte(p.ToolInput.Content), 0o644))
		return
	case "Edit":
		file, edits = p.ToolInput.FilePath, []edit{p.ToolInput.edit}
	case "MultiEdit":
		file, edits = p.ToolInput.FilePath, p.ToolInput.Edits
	}
	for _, e := range edits {
		if e.OldString == "" {
			require.NoError(t, os.WriteFile(file, []byte(e.NewString), 0o644))
			continue
		}
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Equal(t, 1, strings.Count(string(src), e.OldString), "the edit's old_string occurs once in %s", file)
		require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(src), e.OldString, e.NewString, 1)), 0o644))
	}
}

// hook runs one event in-process and returns stdout and stderr.
func hook(t testing.TB, opts Options, event string, stdin []byte) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	Run(context.Background(), opts, event, bytes.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String()
}

// validateOutput checks stdout against the documented output shape of
// the client's event: testdata/hooks/<schemaFile>#/$defs/<def>. Empty
// stdout (allow) is valid for every event.
func validateOutput(t testing.TB, schemaFile, def, stdout string) {
	t.Helper()
	if stdout == "" {
		return
	}
	require.True(t, strings.HasSuffix(stdout, "\n") && strings.Count(stdout, "\n") == 1, "one JSON line: %q", stdout)
	f, err := os.Open(filepath.Join(testdata, schemaFile))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(schemaFile, doc))
	schema, err := c.Compile(schemaFile + "#/$defs/" + def)
	require.NoError(t, err)
	value, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	require.NoError(t, err, "stdout is JSON: %q", stdout)
	require.NoError(t, schema.Validate(value), "stdout matches %s#/$defs/%s: %s", schemaFile, def, stdout)
}

// claudeAnswer decodes a Claude Code answer; empty stdout is the zero
// value.
func claudeAnswer(t testing.TB, stdout string) claudeOutput {
	t.Helper()
	var out claudeOutput
	if stdout != "" {
		require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	}
	return out
}
