package schemas_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// engineSchema has every way to a grant the checks below take: a direct
// relation, a nested group, an arrow through a folder hierarchy, a caveat,
// an expiration, a wildcard and an exclusion.
const engineSchema = `use expiration

definition user {}

caveat ip_allowlist(allowed string, client_ip ipaddress) {
  client_ip.in_cidr(allowed)
}

definition group {
  relation member: user | group#member
}

definition folder {
  relation parent: folder
  relation viewer: user | group#member
  permission view = viewer + parent->view
}

definition document {
  relation parent: folder
  relation banned: user
  relation viewer: user | user:* | user with ip_allowlist | user with expiration | group#member
  permission view = (viewer + parent->view) - banned
}
`

const engineRelationships = `document:1#parent@folder:a
folder:a#parent@folder:root
// a comment, and a blank line

folder:root#viewer@group:eng#member
group:eng#member@user:alice
document:1#viewer@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]
document:1#viewer@user:carol[expiration:2020-01-01T00:00:00Z]
document:1#viewer@user:dan
document:1#banned@user:dan
document:pub#viewer@user:*`

func engineModel(t *testing.T) *schemas.Model {
	t.Helper()
	m, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: engineSchema}}, nil)
	require.NoError(t, err)
	return m
}

func TestRunChecks(t *testing.T) {
	m := engineModel(t)
	tests := []struct {
		check   string
		result  string
		path    string
		rels    []int // lines of the relationships the grant used
		missing []string
		trace   string // a step that must be in the trace
	}{
		{
			check: "document:1#view@user:alice", result: schemas.HasPermission,
			path:  "user:alice → group:eng#member → folder:root#viewer → folder:root#view → folder:a#view → document:1#view",
			rels:  []int{1, 2, 5, 6},
			trace: "document:1#banned denied excluded",
		},
		{
			check: "document:1#view@group:eng#member", result: schemas.HasPermission,
			path: "group:eng#member → folder:root#viewer → folder:root#view → folder:a#view → document:1#view",
			rels: []int{1, 2, 5},
		},
		{
			check: "document:pub#view@user:zed", result: schemas.HasPermission,
			path: "user:zed → document:pub#viewer → document:pub#view", rels: []int{11},
		},
		{
			check: "document:1#view@user:eve", result: schemas.NoPermission,
			trace: "folder:root#viewer denied",
		},
		{
			check: "document:1#view@user:carol", result: schemas.NoPermission,
			trace: "document:1#viewer denied",
		},
		{
			check: "document:1#view@user:dan", result: schemas.NoPermission,
			trace: "document:1#banned granted excluded",
		},
		{
			check: "document:1#view@user:bob", result: schemas.ConditionalPermission, missing: []string{"client_ip"},
			path: "user:bob → document:1#viewer → document:1#view", rels: []int{7},
			trace: "document:1#viewer conditional ip_allowlist: missing client_ip",
		},
		{
			check: `document:1#view@user:bob with {"client_ip": "10.1.2.3"}`, result: schemas.HasPermission,
			path: "user:bob → document:1#viewer → document:1#view", rels: []int{7},
			trace: "document:1#viewer granted ip_allowlist: true",
		},
		{
			check: `document:1#view@user:bob with {"client_ip": "192.168.0.1"}`, result: schemas.NoPermission,
			trace: "document:1#viewer denied ip_allowlist: false",
		},
	}
	checks := make([]string, len(tests))
	for i, tt := range tests {
		checks[i] = tt.check
	}
	results, err := schemas.RunChecks(context.Background(), m, engineRelationships, checks)
	require.NoError(t, err)
	require.Len(t, results, len(tests))
	for i, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			r := results[i]
			assert.Equal(t, tt.check, r.Check)
			assert.Equal(t, tt.result, r.Permissionship)
			assert.Equal(t, tt.missing, r.MissingContext)
			assert.Equal(t, "document#view = (viewer + parent->view) - banned", r.Definition)
			assert.Equal(t, tt.path, strings.Join(r.Path, " → "))
			var lines []int
			for _, u := range r.Relationships {
				lines = append(lines, u.Line)
			}
			assert.ElementsMatch(t, tt.rels, lines)
			require.NotEmpty(t, r.Trace)
			assert.Equal(t, strings.SplitN(tt.check, "@", 2)[0], r.Trace[0].Object)
			if tt.trace != "" {
				assert.Contains(t, traceLines(r.Trace), tt.trace)
			}
			if tt.result == schemas.NoPermission {
				assert.Contains(t, r.GrantPaths, "user → document#viewer [unless document#banned]", "a denial lists the schema's ways to a grant")
			} else {
				assert.Empty(t, r.GrantPaths)
			}
		})
	}
}

func traceLines(steps []schemas.TraceStep) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		parts := []string{s.Object, s.Result}
		if s.Excluded {
			parts = append(parts, "excluded")
		}
		if s.Caveat != "" {
			parts = append(parts, s.Caveat)
		}
		out[i] = strings.Join(parts, " ")
	}
	return out
}

func TestRunChecksRejectsBadRelationships(t *testing.T) {
	m := engineModel(t)
	tests := []struct {
		name string
		rel  string
		want string // line:col: message
	}{
		{"no subject", "document:1#viewer", "1:18: missing `@subject`"},
		{"no relation", "document:1@user:alice", "1:11: missing `#relation`"},
		{"no id", "document#viewer@user:alice", `1:9: the resource "document" has no ` + "`:id`"},
		{"bad id", "document:a b#viewer@user:alice", `1:10: resource id "a b" has characters`},
		{"empty subject id", "document:1#viewer@user:", "1:24: the subject user: has an empty id"},
		{"bad caveat JSON", `document:1#viewer@user:bob[ip_allowlist:{"allowed":}]`, "1:41: caveat context is not a JSON object"},
		{"bad expiration", "document:1#viewer@user:bob[expiration:tomorrow]", `1:39: expiration "tomorrow" is not an RFC 3339 time`},
		{"unclosed block", "document:1#viewer@user:bob[expiration:2030-01-01T00:00:00Z", "1:27: unclosed `[`"},
		{"unknown resource type", "documnet:1#viewer@user:alice", `1:1: unknown resource type "documnet" (did you mean document?)`},
		{"unknown relation", "document:1#veiwer@user:alice", `1:12: document has no relation "veiwer" (did you mean viewer?); its relations: parent, banned, viewer`},
		{"permission written as a relation", "document:1#view@user:alice", "1:12: document#view is a permission"},
		{"unknown subject type", "document:1#viewer@usr:alice", `1:19: unknown subject type "usr" (did you mean user?)`},
		{"subject type not allowed", "document:1#parent@user:alice", "1:19: document#parent does not allow subject user; allowed: folder"},
		{"subject set not allowed", "document:1#viewer@folder:a#viewer", "1:19: document#viewer does not allow subject folder#viewer; allowed: user | user:* | user with ip_allowlist | user with expiration | group#member"},
		{"unknown subject relation", "document:1#viewer@group:eng#membr", `1:29: subject type group has no relation or permission "membr"`},
		{"wildcard not allowed", "folder:a#viewer@user:*", "1:17: folder#viewer does not allow subject user:*"},
		{"caveat not allowed", `folder:a#viewer@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]`, "1:25: folder#viewer does not allow subject user with ip_allowlist; allowed: user | group#member"},
		{"unknown caveat", `document:1#viewer@user:bob[ip_allow]`, `1:28: caveat "ip_allow" is not defined`},
		{"expiration not allowed", "document:1#banned@user:bob[expiration:2030-01-01T00:00:00Z]", "1:27: document#banned does not allow subject user with expiration; allowed: user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schemas.RunChecks(context.Background(), m, tt.rel, []string{"document:1#view@user:alice"})
			var ie *schemas.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, schemas.ErrBadArgument, ie.Kind)
			assert.Contains(t, ie.Message, tt.want)
			assert.Contains(t, ie.Message, "| "+tt.rel, "quotes the relationship")
		})
	}
}

func TestRunChecksReportsEveryBadLine(t *testing.T) {
	m := engineModel(t)
	rels := "document:1#viewer@user:alice\n  documnet:1#viewer@user:alice\n\ndocument:1#view@user:alice\n"
	_, err := schemas.RunChecks(context.Background(), m, rels, []string{"document:1#view@user:alice"})
	var ie *schemas.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Message, "2 of the relationships cannot run")
	assert.Contains(t, ie.Message, "2:3: unknown resource type")
	assert.Contains(t, ie.Message, "4:12: document#view is a permission")
}

func TestRunChecksRejectsBadChecks(t *testing.T) {
	m := engineModel(t)
	tests := []struct {
		name, check, want string
	}{
		{"unknown permission", "document:1#veiw@user:alice", "check 1, column 12: "},
		{"unknown resource type", "doc:1#view@user:alice", "column 1: unknown resource type \"doc\""},
		{"unknown subject type", "document:1#view@usr:alice", "column 17: unknown subject type \"usr\""},
		{"syntax", "document:1#view", "missing `@subject`"},
		{"caveat block", `document:1#view@user:bob[ip_allowlist]`, "a check takes no [caveat]"},
		{"bad context", `document:1#view@user:bob with {client_ip}`, "column 31: the caveat context after `with` is not a JSON object"},
		{"empty", " ", "empty check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schemas.RunChecks(context.Background(), m, "", []string{tt.check})
			var ie *schemas.InputError
			require.ErrorAs(t, err, &ie)
			assert.Contains(t, ie.Message, tt.want)
		})
	}
}

func TestRunChecksRejectsAContextOfTheWrongType(t *testing.T) {
	_, err := schemas.RunChecks(context.Background(), engineModel(t), engineRelationships, []string{`document:1#view@user:bob with {"client_ip": 42}`})
	var ie *schemas.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Message, "client_ip")
}

func TestRunChecksLimits(t *testing.T) {
	m := engineModel(t)
	checks := make([]string, schemas.MaxChecks+1)
	for i := range checks {
		checks[i] = "document:1#view@user:alice"
	}
	_, err := schemas.RunChecks(context.Background(), m, "", checks)
	var ie *schemas.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, schemas.ErrTooLarge, ie.Kind)
	assert.Contains(t, ie.Message, "at most 100")

	_, err = schemas.RunChecks(context.Background(), m, strings.Repeat("x", schemas.MaxFileBytes+1), checks[:1])
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, schemas.ErrTooLarge, ie.Kind)
}

func TestRunChecksHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := schemas.RunChecks(ctx, engineModel(t), engineRelationships, []string{"document:1#view@user:alice"})
	require.Error(t, err)
	var ie *schemas.InputError
	assert.False(t, errors.As(err, &ie), "cancellation is not the agent's mistake")
}

// BenchmarkRunChecks measures one ad-hoc call: a fresh in-process SpiceDB
// with the schema and 10 relationships, then three traced checks.
func BenchmarkRunChecks(b *testing.B) {
	m, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: engineSchema}}, nil)
	require.NoError(b, err)
	checks := []string{"document:1#view@user:alice", "document:1#view@user:eve", "document:1#view@user:bob"}
	for b.Loop() {
		if _, err := schemas.RunChecks(context.Background(), m, engineRelationships, checks); err != nil {
			b.Fatal(err)
		}
	}
}
