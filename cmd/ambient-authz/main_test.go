package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// binary is the ambient-authz binary built once for process-level tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ambient-authz-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "ambient-authz")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the binary: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var schemasDir, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "schemas"))

// runCLI runs the CLI in-process and returns stdout, stderr and the exit
// code.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	err := cmd.Execute()
	code := 0
	var ec exitCode
	switch {
	case err == nil:
	case errors.As(err, &ec):
		code = int(ec)
	default:
		stderr.WriteString("error: " + err.Error())
		code = 1
	}
	return stdout.String(), stderr.String(), code
}

func TestSchemaCommands(t *testing.T) {
	root := []string{"--root", schemasDir, "--schema", "google-docs.zed", "--log-level", "error"}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"show", []string{"schema", "show"}, 0, []string{"google-docs.zed:", "document {"}, ""},
		{"show one", []string{"schema", "show", "folder"}, 0, []string{"definition folder (google-docs.zed:"}, ""},
		{"show json", []string{"schema", "show", "--format", "json"}, 0, []string{`"definitions": [`}, ""},
		{"explain", []string{"schema", "explain", "document", "view"}, 0, []string{"→ document#viewer"}, ""},
		{"explain hash", []string{"schema", "explain", "document#view"}, 0, []string{"→ document#viewer"}, ""},
		{"explain typo", []string{"schema", "explain", "document", "veiw"}, 1, nil, "did you mean: view?"},
		{"unknown definition", []string{"schema", "show", "documnet"}, 1, nil, "did you mean: document?"},
		{"lint", []string{"schema", "lint"}, 0, []string{"valid current schema"}, ""},
		{"bad format", []string{"schema", "show", "--format", "yaml"}, 1, nil, "use text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, append(root, tt.args...)...)
			assert.Equal(t, tt.code, code, "stdout: %s\nstderr: %s", stdout, stderr)
			for _, w := range tt.stdout {
				assert.Contains(t, stdout, w)
			}
			assert.Contains(t, stderr, tt.stderr)
		})
	}
}

func TestLintFailsOnErrors(t *testing.T) {
	stdout, _, code := runCLI(t, "--root", schemasDir, "--schema", "lint-all.zed", "schema", "lint")
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "ungrantable-permission")
}

func TestBadSchemaPaths(t *testing.T) {
	_, stderr, code := runCLI(t, "--root", schemasDir, "--schema", "../../go.mod", "schema", "show")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "outside the project root")

	_, stderr, code = runCLI(t, "--root", filepath.Join(schemasDir, "nope"), "schema", "show")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "does not exist")

	_, stderr, code = runCLI(t, "--root", schemasDir, "schema", "show")
	assert.Equal(t, 1, code, "several candidate schemas")
	assert.Contains(t, stderr, "candidate schemas")
}

func TestEnvTwins(t *testing.T) {
	t.Setenv("AMBIENT_AUTHZ_ROOT", schemasDir)
	t.Setenv("AMBIENT_AUTHZ_SCHEMA", "rbac.zed")
	stdout, stderr, code := runCLI(t, "schema", "show")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "rbac.zed:")

	stdout, _, code = runCLI(t, "--schema", "github.zed", "schema", "show")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "github.zed:", "a flag beats its environment twin")

	t.Setenv("AMBIENT_AUTHZ_LOG_LEVEL", "loud")
	_, stderr, code = runCLI(t, "schema", "show")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "--log-level")
}

// TestEveryFlagIsDocumented walks the command tree: applyEnv gives every
// flag an AMBIENT_AUTHZ_* twin, and the README's table must list both.
func TestEveryFlagIsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			assert.True(t, strings.Contains(string(readme), "`--"+f.Name+"`"), "README flag table lists --%s", f.Name)
			assert.True(t, strings.Contains(string(readme), "`"+envName(f.Name)+"`"), "README flag table lists %s", envName(f.Name))
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd())
}

func TestVersionAndInstructions(t *testing.T) {
	stdout, _, code := runCLI(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(stdout, "ambient-authz "))

	stdout, _, code = runCLI(t, "serve", "--print-instructions")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "explain_permission")
}

// TestStdoutIsOnlyJSONRPC drives the real binary over stdio with trace
// logging on and checks that every stdout line is a JSON-RPC message, while
// the logs went to stderr.
func TestStdoutIsOnlyJSONRPC(t *testing.T) {
	cmd := exec.Command(binary, "serve", "--root", schemasDir, "--schema", "google-docs.zed", "--log-level", "trace", "--log-format", "console")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader(strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_schema","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain_permission","arguments":{"resource":"document","permission":"veiw"}}}`,
		`this is not json`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"validate_schema","arguments":{"schema":"definition a {"}}}`,
		`{"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"authz://schema"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"authz://schema/nope"}}`,
	}, "\n") + "\n")
	require.NoError(t, cmd.Run(), stderr.String())

	ids := map[float64]bool{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var msg map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &msg), "stdout line is not JSON: %q", sc.Text())
		require.Equal(t, "2.0", msg["jsonrpc"], "not JSON-RPC: %q", sc.Text())
		if id, ok := msg["id"].(float64); ok {
			ids[id] = true
		}
	}
	for id := 1; id <= 7; id++ {
		assert.True(t, ids[float64(id)], "request %d answered", id)
	}
	assert.Contains(t, stderr.String(), "serving MCP over stdio", "logs go to stderr")
}

// BenchmarkServeInitialize measures what a client's startup timeout sees:
// process start, schema load and the initialize round trip.
func BenchmarkServeInitialize(b *testing.B) {
	benchServeInitialize(b)
}

func benchServeInitialize(b *testing.B, args ...string) {
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"b","version":"1"}}}` + "\n"
	for b.Loop() {
		cmd := exec.Command(binary, append([]string{"serve", "--root", schemasDir, "--schema", "google-docs.zed", "--log-level", "error"}, args...)...)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		io.WriteString(stdin, init)
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !strings.Contains(line, `"serverInfo"`) {
			b.Fatalf("initialize: %v %q", err, line)
		}
		stdin.Close()
		cmd.Wait()
	}
}

func TestEveryLintRuleIsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, r := range schemas.LintRules {
		assert.Contains(t, string(readme), "| `"+r.Name+"` | "+r.Severity+" |", "README lint table lists %s", r.Name)
	}
}

var docsModule, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "coverage", "go", "docs"))

func TestCoverageCommand(t *testing.T) {
	stdout, _, code := runCLI(t, "--root", docsModule, "--log-level", "error", "coverage")
	assert.Equal(t, 1, code, "error findings fail the run")
	assert.Contains(t, stdout, "unprotected-handler")

	_, _, code = runCLI(t, "--root", docsModule, "--log-level", "error", "coverage", "--fail-on", "never")
	assert.Equal(t, 0, code)

	stdout, _, _ = runCLI(t, "--root", docsModule, "--log-level", "error", "coverage", "--format", "sarif")
	var sarif map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &sarif))
	assert.Equal(t, "2.1.0", sarif["version"])

	stdout, _, _ = runCLI(t, "--root", docsModule, "--log-level", "error", "coverage", "--format", "json", "api")
	var report map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &report))
	assert.EqualValues(t, 1, report["version"])

	_, stderr, code := runCLI(t, "--root", docsModule, "coverage", "--format", "xml")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "use text, json or sarif")
}

func TestCoverageBaseline(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(docsModule)))
	_, _, code := runCLI(t, "--root", dir, "--log-level", "error", "coverage", "--write-baseline", "baseline.json")
	assert.Equal(t, 1, code, "writing a baseline still reports")
	stdout, _, code := runCLI(t, "--root", dir, "--log-level", "error", "coverage", "--baseline", "baseline.json")
	assert.Equal(t, 0, code, "known findings never fail the run: %s", stdout)

	_, stderr, code := runCLI(t, "--root", dir, "coverage", "--baseline", "../../etc/passwd")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "outside the project root")
}

func TestEveryCoverageRuleIsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, r := range coverage.RuleDocs {
		assert.True(t, strings.Contains(string(readme), "| `"+r.Name+"` | "+string(r.Severity)+" |"), "README coverage table lists %s", r.Name)
	}
}

func TestREADMEConfigExampleParses(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "```yaml\n")
	require.True(t, ok, "README has a .ambient-authz.yaml example")
	example, _, _ := strings.Cut(rest, "```")
	_, err = coverage.ParseConfig([]byte(example))
	assert.NoError(t, err)
}
