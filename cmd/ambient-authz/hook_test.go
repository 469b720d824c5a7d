package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/server/clientsetup"
	"github.com/ambient-authz/ambient-authz/server/hooks"
)

var hooksTestdata, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "hooks"))

// runHook runs the real binary's hook command and returns stdout, stderr
// and the exit code.
func runHook(t *testing.T, env []string, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"hook"}, args...)...)
	cmd.Env = append(append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir()), env...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return stdout.String(), stderr.String(), code
}

// recordedPayload reads a payload from testdata/hooks with its recorded
// root moved to root.
func recordedPayload(t *testing.T, name, root string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(hooksTestdata, name))
	require.NoError(t, err)
	return bytes.ReplaceAll(data, []byte("/home/dev/notes"), []byte(root))
}

// TestHookNeverTraps runs the binary on every kind of bad input: each
// exits 0, allows (nothing on stdout) and says why on stderr.
func TestHookNeverTraps(t *testing.T) {
	app := t.TempDir()
	require.NoError(t, os.CopyFS(app, os.DirFS(filepath.Join(hooksTestdata, "app"))))
	require.NoError(t, os.WriteFile(filepath.Join(app, "api", "broken.go"), []byte("package api\n\nfunc Broken( {\n"), 0o644))
	empty := t.TempDir()
	stop := recordedPayload(t, "claude/stop.json", app)
	edit := func(file string) []byte {
		return []byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"` + filepath.Join(app, file) + `"}}`)
	}
	tests := []struct {
		name   string
		env    []string
		stdin  []byte
		args   []string
		stderr string
	}{
		{"empty stdin", nil, nil, []string{"stop"}, "stdin is empty"},
		{"malformed session start", nil, recordedPayload(t, "claude/session-start-malformed.json", app), []string{"session-start"}, "not a hook payload"},
		{"malformed post-edit", nil, recordedPayload(t, "claude/post-edit-malformed.json", app), []string{"post-edit"}, "not a hook payload"},
		{"malformed stop", nil, recordedPayload(t, "claude/stop-malformed.json", app), []string{"stop"}, "not a hook payload"},
		{"malformed Cursor edit", nil, recordedPayload(t, "cursor/after-file-edit-malformed.json", app), []string{"post-edit"}, "not a hook payload"},
		{"malformed Cursor stop", nil, recordedPayload(t, "cursor/stop-malformed.json", app), []string{"stop"}, "not a hook payload"},
		{"unknown event", nil, stop, []string{"finish"}, `unknown event "finish"`},
		{"no event", nil, stop, nil, "expected one event"},
		{"two events", nil, stop, []string{"stop", "post-edit"}, "expected one event"},
		{"missing schema", nil, recordedPayload(t, "claude/session-start.json", empty), []string{"session-start", "--root", empty}, "no SpiceDB schema found"},
		{"missing root", nil, stop, []string{"stop", "--root", filepath.Join(empty, "nope")}, "does not exist"},
		{"unparsable file", nil, edit("api/broken.go"), []string{"post-edit", "--root", app}, "does not parse"},
		{"not a git repository", nil, stop, []string{"stop", "--root", app}, "needs a git repository"},
		{"timeout", nil, edit("api/folders.go"), []string{"post-edit", "--root", app, "--timeout", "1ns"}, "timed out after 1ns"},
		{"bad --timeout", nil, nil, []string{"stop", "--timeout", "soon"}, `--timeout "soon" is not a positive duration`},
		{"bad timeout twin", []string{"AMBIENT_AUTHZ_TIMEOUT=-1s"}, nil, []string{"stop"}, `--timeout "-1s" is not a positive duration`},
		{"bad log level twin", []string{"AMBIENT_AUTHZ_LOG_LEVEL=loud"}, nil, []string{"stop"}, "--log-level"},
		{"bad log format", nil, nil, []string{"stop", "--log-format", "xml"}, "--log-format"},
		{"unknown flag", nil, nil, []string{"stop", "--frobnicate"}, "stdin is empty"},
		{"unknown client", nil, nil, []string{"stop", "--client", "emacs"}, `--client "emacs": use claude or cursor; telling the client from the payload`},
		{"Claude Code payload to after-file-edit", nil, edit("api/folders.go"), []string{"after-file-edit", "--root", app}, "Claude Code has no after-file-edit hook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runHook(t, tt.env, tt.stdin, tt.args...)
			assert.Equal(t, 0, code, "a hook always exits 0: %s", stderr)
			assert.Empty(t, stdout, "allowed")
			assert.Contains(t, stderr, tt.stderr)
		})
	}
}

// TestHookOutputShapes runs the binary on good payloads, with the
// commands `ambient-authz init` configures, and validates its stdout
// against the documented output shapes.
func TestHookOutputShapes(t *testing.T) {
	app := t.TempDir()
	require.NoError(t, os.CopyFS(app, os.DirFS(filepath.Join(hooksTestdata, "app"))))
	for _, c := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"}} {
		out, err := exec.Command("git", append([]string{"-C", app}, c...)...).CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	write := recordedPayload(t, "claude/post-edit-write.json", app)
	var p struct {
		ToolInput struct {
			FilePath string `json:"file_path"`
			Content  string `json:"content"`
		} `json:"tool_input"`
	}
	require.NoError(t, json.Unmarshal(write, &p))
	require.NoError(t, os.WriteFile(p.ToolInput.FilePath, []byte(p.ToolInput.Content), 0o644))

	tests := []struct {
		event, payload, schema, def, want string
	}{
		{"session-start", "claude/session-start.json", "claude-output.schema.json", "SessionStart", `"hookEventName":"SessionStart"`},
		{"post-edit", "claude/post-edit-write.json", "claude-output.schema.json", "PostToolUse", `"decision":"block"`},
		{"stop", "claude/stop.json", "claude-output.schema.json", "Stop", `"decision":"block"`},
		{"after-file-edit --client cursor", "cursor/after-file-edit.json", "cursor-output.schema.json", "afterFileEdit", ""},
		{"stop --client cursor", "cursor/stop.json", "cursor-output.schema.json", "stop", `"followup_message":`},
	}
	cache := []string{"XDG_CACHE_HOME=" + t.TempDir()}
	for _, tt := range tests {
		t.Run(tt.event+" "+tt.payload, func(t *testing.T) {
			// The commands as `ambient-authz init` writes them.
			stdout, stderr, code := runHook(t, cache, recordedPayload(t, tt.payload, app), append(strings.Fields(tt.event), "--root", app)...)
			assert.Equal(t, 0, code, stderr)
			if tt.want == "" {
				assert.Empty(t, stdout)
				return
			}
			assert.Contains(t, stdout, tt.want, stderr)
			validateHookOutput(t, tt.schema, tt.def, stdout)
		})
	}
}

// validateHookOutput checks stdout against testdata/hooks/<schema>#/$defs/<def>.
func validateHookOutput(t *testing.T, schemaFile, def, stdout string) {
	t.Helper()
	f, err := os.Open(filepath.Join(hooksTestdata, schemaFile))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(schemaFile, doc))
	schema, err := c.Compile(schemaFile + "#/$defs/" + def)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(stdout, "\n"), "one JSON line")
	value, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	require.NoError(t, err)
	assert.NoError(t, schema.Validate(value))
}

// TestInitHookCommandsAreRealHooks proves every hook command line that
// `init` writes into a client's config names a real event and real flags.
func TestInitHookCommandsAreRealHooks(t *testing.T) {
	for _, line := range clientsetup.HookCommands() {
		t.Run(line, func(t *testing.T) {
			fields := strings.Fields(line)
			require.Equal(t, clientsetup.Binary, fields[0])
			cmd, rest, err := newRootCmd().Find(fields[1:])
			require.NoError(t, err)
			require.Equal(t, "hook", cmd.Name())
			// The hook ignores unknown flags, so look each one up.
			for _, arg := range rest {
				if name, ok := strings.CutPrefix(arg, "--"); ok {
					require.NotNil(t, cmd.Flags().Lookup(name), "flag --%s", name)
				}
			}
			require.NoError(t, cmd.ParseFlags(rest))
			args := cmd.Flags().Args()
			require.Len(t, args, 1)
			require.Contains(t, hooks.Events, args[0])
		})
	}
}
