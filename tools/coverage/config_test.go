package coverage

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const fullConfig = `schema: authz/schema.zed
include: ["**/*.go"]
exclude:
  - "**/*_test.go"
  - vendor
checkers:
  - {func: authz.Require, resource: 1, permission: 3}
  - func: example.com/app/authz.Can
    permission: 2
public_routes:
  - GET /healthz
  - /public/**
overrides:
  - {route: "POST /documents", permission: "folder#create_document"}
  - {handler: ImportDocuments, operation: create, resource: document}
severities:
  unfiltered-list: error
  permission-never-checked: off
baseline: .ambient-authz-baseline.json
`

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(fullConfig))
	require.NoError(t, err)
	assert.Equal(t, []string{"**/*.go"}, cfg.Include)
	assert.Equal(t, []string{"**/*_test.go", "vendor"}, cfg.Exclude)
	assert.Equal(t, []Checker{{Func: "authz.Require", Resource: ptr(1), Permission: ptr(3), Line: 7}, {Func: "example.com/app/authz.Can", Permission: ptr(2), Line: 8}}, cfg.Checkers)
	assert.Equal(t, []string{"GET /healthz", "/public/**"}, cfg.PublicRoutes)
	assert.Equal(t, []Override{
		{Route: "POST /documents", Permission: "folder#create_document", Line: 14},
		{Handler: "ImportDocuments", Operation: OpCreate, Resource: "document", Line: 15},
	}, cfg.Overrides)
	assert.Equal(t, map[string]Severity{RuleUnfilteredList: SeverityError, RulePermissionNeverChecked: SeverityOff}, cfg.Severities)
	assert.Equal(t, ".ambient-authz-baseline.json", cfg.Baseline)
	assert.Equal(t, SeverityError, cfg.severity(RuleUnfilteredList))
	assert.Equal(t, SeverityWarning, cfg.severity(RuleTypeNeverWritten))

	empty, err := ParseConfig(nil)
	require.NoError(t, err)
	assert.Equal(t, &Config{}, empty)
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int
		want       string
		candidates []string
	}{
		{"bad YAML", "include: [a\n", 0, "is not valid YAML", nil},
		{"not a mapping", "- a\n", 1, "must be a mapping", nil},
		{"unknown key", "public_route: [/x]\n", 1, `unknown top-level key "public_route"`, []string{"public_routes"}},
		{"unknown rule", "severities:\n  unprotected-handlers: off\n", 2, `unknown rule "unprotected-handlers"`, []string{"unprotected-handler"}},
		{"bad severity", "severities:\n  unfiltered-list: fatal\n", 2, `severity "fatal" of unfiltered-list is not one of error, warning, info, off`, nil},
		{"wrong type", "include: 3\n", 0, "cannot unmarshal", nil},
		{"checker without func", "checkers:\n  - {resource: 1}\n", 2, "a checker needs `func`", nil},
		{"checker negative position", "checkers:\n  - {func: x, resource: -1}\n", 2, "argument positions start at 0", nil},
		{"checker unknown key", "checkers:\n  - {func: x, perm: 1}\n", 2, `unknown checker key "perm"`, []string{"permission"}},
		{"override without target", "overrides:\n  - {operation: create}\n", 2, "exactly one of `route` and `handler`", nil},
		{"override with nothing to set", "overrides:\n  - {route: /x}\n", 2, "at least one of", nil},
		{"override bad operation", "overrides:\n  - {route: /x, operation: share}\n", 2, `operation "share" is not one of`, nil},
		{"override bad permission", "overrides:\n  - {handler: X, permission: edit}\n", 2, "must be `type#permission`", nil},
		{"bad glob", "exclude: [\"a/[b\"]\n", 1, `bad glob "a/[b"`, nil},
		{"bad route pattern", "public_routes: [\"GET \"]\n", 1, "must have a path starting with /", nil},
		{"route pattern without a slash", "public_routes: [healthz]\n", 1, "must have a path starting with /", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.yaml))
			var ie *schemas.InputError
			require.True(t, errors.As(err, &ie), "want an InputError, got %v", err)
			assert.Equal(t, schemas.ErrBadConfig, ie.Kind)
			assert.Contains(t, ie.Error(), tt.want)
			assert.NotEmpty(t, ie.Fix)
			if tt.line > 0 {
				require.NotNil(t, ie.Pos)
				assert.Equal(t, schemas.Position{File: schemas.ConfigFile, Line: tt.line, Col: ie.Pos.Col}, *ie.Pos)
			}
			if tt.candidates != nil {
				assert.Equal(t, tt.candidates, ie.Candidates)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)

	cfg, err := LoadConfig(root)
	require.NoError(t, err, "a missing config is empty")
	assert.Equal(t, &Config{}, cfg)

	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	write(schemas.ConfigFile, "baseline: baseline.json\n")
	cfg, err = LoadConfig(root)
	require.NoError(t, err, "a missing baseline is empty")
	assert.Nil(t, cfg.BaselineFindings)

	write("baseline.json", `{"version": 1, "findings": [{"fingerprint": "abc", "rule": "unprotected-handler", "file": "a.go", "message": "m"}]}`)
	cfg, err = LoadConfig(root)
	require.NoError(t, err)
	require.NotNil(t, cfg.BaselineFindings)
	assert.Len(t, cfg.BaselineFindings.Findings, 1)

	write("baseline.json", `{"version": 2, "findings": []}`)
	_, err = LoadConfig(root)
	var ie *schemas.InputError
	require.True(t, errors.As(err, &ie))
	assert.Contains(t, ie.Message, "baseline version 2 is not supported")

	write(schemas.ConfigFile, "baseline: ../outside.json\n")
	_, err = LoadConfig(root)
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, schemas.ErrOutsideRoot, ie.Kind)

	write(schemas.ConfigFile, "severities: {nope: off}\n")
	_, err = LoadConfig(root)
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, schemas.ErrBadConfig, ie.Kind)
}

func TestIncluded(t *testing.T) {
	cfg := &Config{Include: []string{"api/**", "cmd/*.go"}, Exclude: []string{"**/*_test.go", "generated", "api/internal/"}}
	for file, want := range map[string]bool{
		"api/docs.go":                  true,
		"api/v1/docs.go":               true,
		"api/docs_test.go":             false,
		"api/generated/x.go":           false,
		"api/internal/x.go":            false,
		"cmd/main.go":                  true,
		"cmd/tool/main.go":             false,
		"web/app.ts":                   false,
		"api/internalish/x.go":         true,
		"api/v1/generated/deep/x.go":   false,
		"api/v1/generatedfile/deep.go": true,
	} {
		assert.Equal(t, want, cfg.Included(file), file)
	}
	assert.True(t, (*Config)(nil).Included("anything.go"))
	assert.True(t, (&Config{}).Included("anything.go"))
}

func TestRoutePatterns(t *testing.T) {
	tests := []struct {
		pattern string
		h       Handler
		want    bool
	}{
		{"GET /healthz", Handler{Method: "GET", Route: "/healthz"}, true},
		{"GET /healthz", Handler{Method: "POST", Route: "/healthz"}, false},
		{"GET /healthz", Handler{Route: "/healthz"}, false},
		{"/healthz", Handler{Route: "/healthz/"}, true},
		{"/public/**", Handler{Method: "GET", Route: "/public/a/b/{id}"}, true},
		{"/public/**", Handler{Method: "GET", Route: "/public"}, true},
		{"/documents/{id}", Handler{Method: "GET", Route: "/documents/:docID"}, true},
		{"/documents/{id}", Handler{Method: "GET", Route: "/documents/<int:id>"}, true},
		{"/documents/*", Handler{Method: "GET", Route: "/documents/{id}"}, true},
		{"/documents/*", Handler{Method: "GET", Route: "/documents/{id}/share"}, false},
		{"post /documents", Handler{Method: "POST", Route: "/documents"}, true},
		{"/docs.v1.DocService/*", Handler{RPC: "docs.v1.DocService/GetDoc"}, true},
		{"/docs.v1.DocService/*", Handler{RPC: "docs.v1.Other/GetDoc"}, false},
	}
	for _, tt := range tests {
		rp, err := parseRoutePattern(tt.pattern)
		require.NoError(t, err)
		assert.Equal(t, tt.want, rp.matches(&tt.h), "%s vs %+v", tt.pattern, tt.h)
	}
}

func TestOverrideMerge(t *testing.T) {
	cfg := &Config{Overrides: []Override{
		{Handler: "example.com/app/api.Handler.Import", Operation: OpCreate, Line: 2},
		{Route: "POST /import", Resource: "document", Operation: OpUpdate, Line: 3},
	}}
	o := cfg.override(&ProgramHandler{Handler: Handler{Method: "POST", Route: "/import", Function: "Handler.Import"}, Func: "example.com/app/api.Handler.Import"})
	assert.Equal(t, Override{Handler: "example.com/app/api.Handler.Import", Operation: OpCreate, Resource: "document", Line: 2}, o)
}

func TestMatchesID(t *testing.T) {
	assert.True(t, matchesID("authz.Require", "example.com/app/authz.Require"))
	assert.True(t, matchesID("Require", "example.com/app/authz.Require"))
	assert.True(t, matchesID("Authz.Require", "example.com/app/authz.Authz.Require"))
	assert.False(t, matchesID("z.Require", "example.com/app/authz.Require"))
	assert.False(t, matchesID("authz.Require", ""))
}
