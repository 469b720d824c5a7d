package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas/live/livetest"
)

func TestSpiceDBFlagErrors(t *testing.T) {
	dir := t.TempDir()
	emptyToken := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(emptyToken, nil, 0o600))
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"plaintext to a remote host", []string{"--spicedb-endpoint", "spicedb.example.com:50051", "--spicedb-insecure"}, nil, "--spicedb-insecure is refused for spicedb.example.com:50051"},
		{"plaintext by environment", []string{"--spicedb-endpoint", "10.1.2.3:50051"}, map[string]string{"AMBIENT_AUTHZ_SPICEDB_INSECURE": "true"}, "loopback"},
		{"no port", []string{"--spicedb-endpoint", "localhost"}, nil, "want host:port"},
		{"token file without endpoint", []string{"--spicedb-token-file", emptyToken}, nil, "need --spicedb-endpoint"},
		{"empty token file", []string{"--spicedb-endpoint", "localhost:50051", "--spicedb-token-file", emptyToken}, nil, "is empty"},
		{"missing token file", []string{"--spicedb-endpoint", "localhost:50051", "--spicedb-token-file", filepath.Join(dir, "nope")}, nil, "no such file"},
		{"bad timeout", []string{"--spicedb-endpoint", "localhost:50051"}, map[string]string{"AMBIENT_AUTHZ_SPICEDB_TIMEOUT": "soon"}, "AMBIENT_AUTHZ_SPICEDB_TIMEOUT"},
		{"negative timeout", []string{"--spicedb-endpoint", "localhost:50051", "--spicedb-timeout", "-1s"}, nil, "must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, stderr, code := runCLI(t, append([]string{"serve", "--print-instructions"}, tt.args...)...)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

func TestInstructionsFollowTheEndpoint(t *testing.T) {
	stdout, _, code := runCLI(t, "serve", "--print-instructions")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "Live SpiceDB tools", "says what is off")
	assert.Contains(t, stdout, "--spicedb-endpoint host:port", "and how to turn it on")
	assert.NotContains(t, stdout, "spicedb_check_permission {")

	t.Setenv("AMBIENT_AUTHZ_SPICEDB_ENDPOINT", "localhost:50051")
	stdout, _, code = runCLI(t, "serve", "--print-instructions")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "spicedb_check_permission {resource, permission, subject}")
}

// secretToken is distinctive, so a leak anywhere shows up as a substring.
const secretToken = "tok_SECRET_7c3e91_never_print_me"

// liveCalls calls every live tool once.
var liveCalls = map[string]map[string]any{
	"spicedb_check_permission":   {"resource": "document:readme", "permission": "view", "subject": "user:alice"},
	"spicedb_lookup_resources":   {"resource_type": "document", "permission": "view", "subject": "user:alice"},
	"spicedb_lookup_subjects":    {"resource": "document:readme", "permission": "view", "subject_type": "user"},
	"spicedb_read_relationships": {"resource_type": "document"},
	"schema_drift":               {},
}

// serveSession runs the real binary over stdio with trace logging,
// initializes, calls each of calls in turn, and then get_schema to prove
// the server is still up. It returns each tool's result by name, and the
// whole of stdout and stderr.
func serveSession(t *testing.T, env []string, calls map[string]map[string]any, args ...string) (map[string]map[string]any, string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--root", schemasDir, "--schema", "google-docs.zed", "--log-level", "trace", "--log-format", "json"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	lines := []string{
		`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
	}
	var names []string
	for name, a := range calls {
		names = append(names, name)
		raw, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": len(names), "method": "tools/call", "params": map[string]any{"name": name, "arguments": a}})
		require.NoError(t, err)
		lines = append(lines, string(raw))
	}
	lines = append(lines, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_schema","arguments":{}}}`, len(names)+1))
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())

	results := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(stdout.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var msg struct {
			ID     int            `json:"id"`
			Result map[string]any `json:"result"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &msg), sc.Text())
		switch {
		case msg.ID == 0:
		case msg.ID <= len(names):
			results[names[msg.ID-1]] = msg.Result
		default:
			results["get_schema"] = msg.Result
		}
	}
	return results, stdout.String() + stderr.String()
}

func resultText(r map[string]any) string {
	content, _ := r["content"].([]any)
	if len(content) == 0 {
		return ""
	}
	text, _ := content[0].(map[string]any)["text"].(string)
	return text
}

// TestLiveFailuresKeepServingAndNeverLeakTheToken runs the binary against
// SpiceDBs that fail in each way, with trace logging, and calls every live
// tool: each answer is an isError result that names the cause, the server
// answers the next call, and the token appears nowhere.
func TestLiveFailuresKeepServingAndNeverLeakTheToken(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"down", []string{"--spicedb-endpoint", livetest.ClosedPort(t), "--spicedb-insecure"}, "is unreachable"},
		{"token refused", []string{"--spicedb-endpoint", livetest.ServeRefusing(t), "--spicedb-insecure"}, "refused the token (Unauthenticated)"},
		{"TLS against plaintext", []string{"--spicedb-endpoint", livetest.ServeRefusing(t)}, "the server speaks plaintext gRPC"},
		{"hung", []string{"--spicedb-endpoint", livetest.ServeSilent(t), "--spicedb-insecure", "--spicedb-timeout", "300ms"}, "did not answer within 300ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, output := serveSession(t, []string{"SPICEDB_TOKEN=" + secretToken}, liveCalls, tt.args...)
			for name := range liveCalls {
				r := results[name]
				require.NotNil(t, r, "%s answered", name)
				assert.Equal(t, true, r["isError"], "%s: %s", name, resultText(r))
				assert.Contains(t, resultText(r), tt.want, name)
				assert.Contains(t, resultText(r), "fix: ", name)
			}
			assert.NotEqual(t, true, results["get_schema"]["isError"], "the server is still up")
			assert.Contains(t, output, `"live SpiceDB tools on (read-only); connecting on first use"`)
			assert.Contains(t, output, `"token":true`, "the log says a token is set")
			assert.Contains(t, output, `"call":"CheckPermission"`, "failures are logged, so the log is searched too")
			assert.NotContains(t, output, secretToken, "the token leaked into stdout or the log")
		})
	}
}

// BenchmarkServeInitializeSpiceDBDown is BenchmarkServeInitialize with an
// unreachable SpiceDB configured: connecting is lazy, so startup should
// cost the same.
func BenchmarkServeInitializeSpiceDBDown(b *testing.B) {
	benchServeInitialize(b, "--spicedb-endpoint", livetest.ClosedPort(b), "--spicedb-insecure")
}
