package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	authzed "github.com/authzed/authzed-go/v1"
	"github.com/authzed/grpcutil"
	"github.com/authzed/spicedb/pkg/tuple"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// spicedbBinary finds the spicedb binary: $AMBIENT_AUTHZ_SPICEDB_BIN, else
// ./bin/spicedb (`make spicedb`). Missing, the test fails, unless -short or
// AMBIENT_AUTHZ_SKIP_SPICEDB=1 says to skip it.
func spicedbBinary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AMBIENT_AUTHZ_SPICEDB_BIN")
	if path == "" {
		path, _ = filepath.Abs(filepath.Join("..", "..", "bin", "spicedb"))
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if testing.Short() || os.Getenv("AMBIENT_AUTHZ_SKIP_SPICEDB") == "1" {
		t.Skipf("no spicedb binary at %s", path)
	}
	t.Fatalf("no spicedb binary at %s: run `make spicedb` (installs spicedb v1.56.2 into ./bin) or set AMBIENT_AUTHZ_SPICEDB_BIN; "+
		"set AMBIENT_AUTHZ_SKIP_SPICEDB=1 (or -short) to skip this test", path)
	return ""
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// startSpiceDB runs `spicedb <args>` until the test ends and waits until
// addr answers gRPC.
func startSpiceDB(t *testing.T, addr string, args ...string) {
	t.Helper()
	cmd := exec.Command(spicedbBinary(t), append(args, "--skip-release-check", "--log-level", "warn")...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	probe := dialSpiceDB(t, addr, "probe")
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := probe.ReadSchema(ctx, &v1.ReadSchemaRequest{})
		cancel()
		if code := status.Code(err); code != codes.Unavailable && code != codes.DeadlineExceeded {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("spicedb %v did not come up: %v\n%s", args, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func dialSpiceDB(t *testing.T, addr, token string) *authzed.Client {
	t.Helper()
	c, err := authzed.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpcutil.WithInsecureBearerToken(token))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func writeRelationships(t *testing.T, c *authzed.Client, rels ...string) string {
	t.Helper()
	var updates []*v1.RelationshipUpdate
	for _, r := range rels {
		rel, err := tuple.ParseV1Rel(r)
		require.NoError(t, err, r)
		updates = append(updates, &v1.RelationshipUpdate{Operation: v1.RelationshipUpdate_OPERATION_TOUCH, Relationship: rel})
	}
	resp, err := c.WriteRelationships(context.Background(), &v1.WriteRelationshipsRequest{Updates: updates})
	require.NoError(t, err)
	return resp.WrittenAt.Token
}

// TestLiveToolsAgainstSpiceDB runs every live tool through the real
// binary against `spicedb serve-testing`, whose read-only port the server
// uses: setup writes go to the main port with the same token (each token
// has its own datastore there).
func TestLiveToolsAgainstSpiceDB(t *testing.T) {
	grpcAddr, readonlyAddr := "127.0.0.1:"+freePort(t), "127.0.0.1:"+freePort(t)
	startSpiceDB(t, grpcAddr, "serve-testing", "--grpc-addr", grpcAddr, "--readonly-grpc-addr", readonlyAddr)
	const token = "tok_SECRET_integration_5b2d"
	writer := dialSpiceDB(t, grpcAddr, token)
	schema, err := os.ReadFile(filepath.Join(schemasDir, "google-docs.zed"))
	require.NoError(t, err)
	_, err = writer.WriteSchema(context.Background(), &v1.WriteSchemaRequest{Schema: string(schema)})
	require.NoError(t, err)
	writtenAt := writeRelationships(t, writer,
		"folder:eng#owner@user:alice",
		"folder:eng#viewer@group:staff#member",
		"group:staff#direct_member@user:carol",
		"document:design#parent@folder:eng",
		"document:design#owner@user:bob",
		"document:roadmap#parent@folder:eng",
		"document:spec#editor@user:dave",
	)

	_, err = dialSpiceDB(t, readonlyAddr, token).WriteRelationships(context.Background(), &v1.WriteRelationshipsRequest{Updates: []*v1.RelationshipUpdate{
		{Operation: v1.RelationshipUpdate_OPERATION_TOUCH, Relationship: tuple.MustParseV1Rel("document:x#owner@user:mallory")}}})
	require.Error(t, err, "the port the server reads from refuses writes")

	serve := []string{"--spicedb-endpoint", readonlyAddr, "--spicedb-insecure"}
	env := []string{"SPICEDB_TOKEN=" + token}
	results, output := serveSession(t, env, map[string]map[string]any{
		"spicedb_check_permission": {"resource": "document:design", "permission": "view", "subject": "user:carol",
			"consistency": "at_least_as_fresh", "zedtoken": writtenAt},
		"spicedb_lookup_resources":   {"resource_type": "document", "permission": "view", "subject": "user:alice", "limit": 1},
		"spicedb_lookup_subjects":    {"resource": "document:design", "permission": "view", "subject_type": "user"},
		"spicedb_read_relationships": {"resource_type": "folder", "relation": "viewer"},
		"schema_drift":               {},
	}, serve...)
	want := map[string][]string{
		"spicedb_check_permission":   {"HAS_PERMISSION: user:carol → document:design#view", "folder:eng#viewer (relation) granted", "group:staff#member (permission) granted"},
		"spicedb_lookup_resources":   {"document#view @ user:alice: 1 objects on this page", "more results: call again with cursor"},
		"spicedb_lookup_subjects":    {"document:design#view @ user: 3 subjects on this page", "alice, bob, carol", "end of results"},
		"spicedb_read_relationships": {"1 relationships on this page", "folder:eng#viewer@group:staff#member", "end of results"},
		"schema_drift":               {"in sync: the repository schema (google-docs.zed) matches the one SpiceDB at " + readonlyAddr + " serves"},
	}
	for name, w := range want {
		text := resultText(results[name])
		assert.NotEqual(t, true, results[name]["isError"], "%s: %s", name, text)
		for _, s := range w {
			assert.Contains(t, text, s, name)
		}
	}
	assert.NotContains(t, output, token)

	t.Run("drift after a schema change", func(t *testing.T) {
		changed := strings.Replace(string(schema), "\t/** commenter can add comments but not change content. */\n\trelation commenter: user | group#member\n", "\trelation auditor: user\n", 1)
		changed = strings.Replace(changed, "permission comment = commenter + edit", "permission comment = edit", 1)
		require.NotEqual(t, string(schema), changed)
		_, err := writer.WriteSchema(context.Background(), &v1.WriteSchemaRequest{Schema: changed})
		require.NoError(t, err)
		results, output := serveSession(t, env, map[string]map[string]any{"schema_drift": {}}, serve...)
		text := resultText(results["schema_drift"])
		assert.Contains(t, text, "drift: the repository schema (google-docs.zed) differs from the one SpiceDB at "+readonlyAddr+" serves")
		assert.Contains(t, text, "BREAKING removed relation document#auditor")
		assert.Contains(t, text, "added relation document#commenter")
		assert.Contains(t, text, "changed permission document#comment: edit ⇒ commenter + edit")
		assert.NotContains(t, output, token)
	})

	t.Run("another token sees its own empty datastore", func(t *testing.T) {
		results, _ := serveSession(t, []string{"SPICEDB_TOKEN=someone-else"}, map[string]map[string]any{
			"schema_drift":             {},
			"spicedb_check_permission": {"resource": "document:design", "permission": "view", "subject": "user:carol"},
		}, serve...)
		assert.Contains(t, resultText(results["schema_drift"]), "has no schema yet; writing the repository schema (google-docs.zed) would add:")
		assert.Equal(t, true, results["spicedb_check_permission"]["isError"])
		assert.Contains(t, resultText(results["spicedb_check_permission"]), "rejected the request (FailedPrecondition)")
	})
}

// TestLiveToolsWithAWrongToken: serve-testing accepts any token (each
// gets its own datastore), so auth failures are tested against a real
// `spicedb serve` with a preshared key and the in-memory datastore.
func TestLiveToolsWithAWrongToken(t *testing.T) {
	addr := "127.0.0.1:" + freePort(t)
	const key = "tok_SECRET_right_key_91f0"
	startSpiceDB(t, addr, "serve", "--grpc-addr", addr, "--grpc-preshared-key", key, "--datastore-engine", "memory",
		"--http-enabled=false", "--metrics-enabled=false", "--dispatch-cluster-enabled=false", "--telemetry-endpoint=")
	serve := []string{"--spicedb-endpoint", addr, "--spicedb-insecure"}

	const wrong = "tok_SECRET_wrong_key_33aa"
	results, output := serveSession(t, []string{"SPICEDB_TOKEN=" + wrong}, liveCalls, serve...)
	for name := range liveCalls {
		assert.Equal(t, true, results[name]["isError"], name)
		assert.Contains(t, resultText(results[name]), "refused the token (PermissionDenied): invalid preshared key", name)
	}
	assert.NotContains(t, output, wrong)

	results, _ = serveSession(t, nil, map[string]map[string]any{"schema_drift": {}}, serve...)
	assert.Contains(t, resultText(results["schema_drift"]), "requires a token and none is configured")

	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(key+"\n"), 0o600))
	results, output = serveSession(t, []string{"SPICEDB_TOKEN=" + wrong}, map[string]map[string]any{"schema_drift": {}}, append(serve, "--spicedb-token-file", tokenFile)...)
	assert.NotEqual(t, true, results["schema_drift"]["isError"], "the token file wins over SPICEDB_TOKEN: %s", resultText(results["schema_drift"]))
	assert.Contains(t, resultText(results["schema_drift"]), "has no schema yet")
	assert.NotContains(t, output, key)
}
