package schemas_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// docsYAML is a passing validation file; the tests below break one line
// of it at a time. Line numbers are in the comments on the right.
const docsYAML = `schema: |-
  use expiration

  definition user {}

  caveat ip_allowlist(allowed string, client_ip ipaddress) {
    client_ip.in_cidr(allowed)
  }

  definition document {
    relation viewer: user | user with ip_allowlist | user with expiration
    permission view = viewer
  }
relationships: |-
  document:readme#viewer@user:alice
  document:readme#viewer@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]
  document:readme#viewer@user:carol[expiration:2020-01-01T00:00:00Z]
assertions:
  assertTrue:
    - document:readme#view@user:alice
    - 'document:readme#view@user:bob with {"client_ip": "10.1.2.3"}'
  assertCaveated:
    - document:readme#view@user:bob
  assertFalse:
    - document:readme#view@user:carol
validation:
  document:readme#view:
    - "[user:alice] is <document:readme#viewer>"
    - "[user:bob[...]] is <document:readme#viewer>"
`

// fixtureLine replaces line n (1-based) of docsYAML.
func fixtureLine(t *testing.T, n int, text string) string {
	t.Helper()
	lines := splitLines(docsYAML)
	require.Less(t, n-1, len(lines))
	lines[n-1] = text
	return joinLines(lines)
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func joinLines(lines []string) string {
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}

func run(t *testing.T, yaml string, opts ...schemas.ValidationOption) *schemas.ValidationResult {
	t.Helper()
	res, err := schemas.RunValidationFile(context.Background(), []byte(yaml), opts...)
	require.NoError(t, err)
	require.NotNil(t, res)
	assert.Equal(t, len(res.Failures) == 0, res.Passed)
	return res
}

func TestRunValidationFilePasses(t *testing.T) {
	res := run(t, docsYAML)
	assert.True(t, res.Passed, "%v", res.Failures)
	assert.Empty(t, res.Failures)
	assert.Equal(t, 3, res.Relationships)
	assert.Equal(t, 4, res.Assertions)
	assert.Equal(t, 1, res.ExpectedRelations)
}

func TestRunValidationFileFailures(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		kind    schemas.FailureKind
		line    int
		col     int
		message string
		context string
	}{
		{
			name: "failing assertion",
			yaml: fixtureLine(t, 25, "    - document:readme#view@user:alice"),
			kind: schemas.FailureAssertion, line: 25, col: 7,
			message: "to not exist", context: "document:readme#view@user:alice",
		},
		{
			name: "caveat context that denies",
			yaml: fixtureLine(t, 21, `    - 'document:readme#view@user:bob with {"client_ip": "192.168.0.1"}'`),
			kind: schemas.FailureAssertion, line: 21, col: 8,
			message: "to exist",
		},
		{
			name: "expected relation missing a subject",
			yaml: fixtureLine(t, 29, ""),
			kind: schemas.FailureExpectedRelation, line: 27, col: 3,
			message: "subject `user:bob` found but not listed", context: "document:readme#view",
		},
		{
			name: "expected relation without its caveat",
			yaml: fixtureLine(t, 29, `    - "[user:bob] is <document:readme#viewer>"`),
			kind: schemas.FailureExpectedRelation, line: 29, col: 8,
			message: "caveat mismatch", context: "[user:bob] is <document:readme#viewer>",
		},
		{
			name: "expected relation naming a subject that has no access",
			yaml: docsYAML + `    - "[user:dan] is <document:readme#viewer>"` + "\n",
			kind: schemas.FailureExpectedRelation, line: 30, col: 8,
			message: "missing expected subject `user:dan`", context: "[user:dan] is <document:readme#viewer>",
		},
		{
			name: "unclosed YAML flow sequence",
			yaml: fixtureLine(t, 18, "assertions: [oops"),
			kind: schemas.FailureYAML, line: 18, col: 1,
			message: "syntax error: did not find expected ',' or ']'",
		},
		{
			name: "YAML indentation",
			// The YAML library names the start of the enclosing block.
			yaml: fixtureLine(t, 21, "   - document:readme#view@user:bob"),
			kind: schemas.FailureYAML, line: 19, col: 3,
			message: "syntax error: did not find expected key (at or below this line)",
		},
		{
			name: "YAML mapping value",
			yaml: fixtureLine(t, 18, "assertions: x: y"),
			kind: schemas.FailureYAML, line: 18, col: 1,
			message: "syntax error: mapping values are not allowed",
		},
		{
			name: "duplicate key",
			yaml: docsYAML + "assertions: {}\n",
			kind: schemas.FailureYAML, line: 30, col: 1,
			message: "already defined at line 18",
		},
		{
			name: "relationship the schema rejects",
			yaml: fixtureLine(t, 15, "  document:readme#viewer@document:other"),
			kind: schemas.FailureRelationship, line: 15, col: 26,
			message: "document#viewer does not allow subject document; allowed: user | user with ip_allowlist | user with expiration", context: "document:readme#viewer@document:other",
		},
		{
			name: "caveated relationship on an unknown relation",
			yaml: fixtureLine(t, 16, `  document:readme#editor@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]`),
			kind: schemas.FailureRelationship, line: 16, col: 19,
			message: `document has no relation "editor"; its relations: viewer`,
		},
		{
			name: "unparsable relationship",
			yaml: fixtureLine(t, 16, "  document:readme#viewer@user:"),
			kind: schemas.FailureRelationship, line: 16, col: 31,
			message: "error parsing relationship `document:readme#viewer@user:`: the subject user: has an empty id", context: "document:readme#viewer@user:",
		},
		{
			name: "unparsable caveat context",
			yaml: fixtureLine(t, 20, `    - 'document:readme#view@user:bob with {bad'`),
			kind: schemas.FailureAssertion, line: 20, col: 8,
			message: "error parsing caveat context",
		},
		{
			name: "schema compile error",
			yaml: fixtureLine(t, 11, "    relation viewer: usr"),
			kind: schemas.FailureSchema, line: 11, col: 22,
			message: "`usr` not found", context: "usr",
		},
		{
			name: "schema type error",
			yaml: fixtureLine(t, 12, "    permission view = viewr"),
			kind: schemas.FailureSchema, line: 12, col: 23,
			message: "`viewr` not found", context: "viewr",
		},
		{
			name: "no schema",
			yaml: "relationships: |-\n  document:readme#viewer@user:alice\n",
			kind: schemas.FailureSchema, line: 1, col: 1,
			message: "no schema",
		},
		{
			name: "not a mapping",
			yaml: "- schema\n",
			kind: schemas.FailureYAML, line: 1, col: 1,
			message: "not a zed validation file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.yaml)
			require.False(t, res.Passed)
			require.Len(t, res.Failures, 1, "%v", res.Failures)
			f := res.Failures[0]
			assert.Equal(t, tt.kind, f.Kind, f.String())
			assert.Equal(t, tt.line, f.Line, f.String())
			assert.Equal(t, tt.col, f.Col, f.String())
			assert.Contains(t, f.Message, tt.message)
			assert.Empty(t, f.File, "the position is in the YAML")
			if tt.context != "" {
				assert.Equal(t, tt.context, f.Context)
			}
		})
	}
}

func TestRunValidationFileSchemaFile(t *testing.T) {
	const schema = "definition user {}\n\ndefinition document {\n  relation viewer: user\n  permission view = viewer\n}\n"
	const yaml = "schemaFile: ./schema.zed\nrelationships: |-\n  document:readme#viewer@user:alice\nassertions:\n  assertTrue:\n    - document:readme#view@user:alice\n"
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		yaml  string
		file  string
		line  int
		col   int
		wants string
	}{
		{name: "passes", fsys: fstest.MapFS{"schema.zed": {Data: []byte(schema)}}, yaml: yaml},
		{name: "error inside the schema file", fsys: fstest.MapFS{"schema.zed": {Data: []byte(strings.Replace(schema, "= viewer", "= viewr", 1))}}, yaml: yaml, file: "schema.zed", line: 5, col: 21, wants: "`viewr` not found"},
		{name: "missing schema file", fsys: fstest.MapFS{}, yaml: yaml, line: 1, col: 13, wants: "schemaFile schema.zed cannot be read"},
		{name: "escaping the directory", fsys: fstest.MapFS{}, yaml: "schemaFile: ../secret.zed\n", line: 1, col: 13, wants: "cannot be read"},
		{name: "no directory to resolve it in", yaml: yaml, line: 1, col: 13, wants: "inline the schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []schemas.ValidationOption
			if tt.fsys != nil {
				opts = append(opts, schemas.WithSchemaFS(tt.fsys))
			}
			res := run(t, tt.yaml, opts...)
			if tt.wants == "" {
				assert.True(t, res.Passed, "%v", res.Failures)
				return
			}
			require.Len(t, res.Failures, 1, "%v", res.Failures)
			f := res.Failures[0]
			assert.Equal(t, schemas.FailureSchema, f.Kind)
			assert.Equal(t, tt.file, f.File)
			assert.Equal(t, tt.line, f.Line, f.String())
			assert.Equal(t, tt.col, f.Col, f.String())
			assert.Contains(t, f.Message, tt.wants)
		})
	}
}

func TestRunValidationFileReportsEveryFailureInOrder(t *testing.T) {
	yaml := fixtureLine(t, 25, "    - document:readme#view@user:alice")
	yaml = strings.Replace(yaml, "  assertTrue:\n    - document:readme#view@user:alice", "  assertTrue:\n    - document:readme#view@user:carol", 1)
	res := run(t, yaml)
	require.Len(t, res.Failures, 2, "%v", res.Failures)
	assert.Equal(t, "20:7: assertion: Expected relation or permission document:readme#view@user:carol to exist", res.Failures[0].String())
	assert.Equal(t, 25, res.Failures[1].Line)
}

func TestRunValidationFileHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := schemas.RunValidationFile(ctx, []byte(docsYAML))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, res)
}
