package coverage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenDir holds the golden reports, relative to this package.
const goldenDir = "../../testdata/coverage/golden"

// sampleProgram is a realistic document-sharing API, as the Go frontend
// would produce it, with one of each common mistake.
func sampleProgram() *Program {
	const docs, folders, svc, authz, rpc = "api/documents.go", "api/folders.go", "internal/service/documents.go", "internal/authz/authz.go", "rpc/documents.go"
	b := newBuilder()
	// authz.Require(ctx, typ, id, perm) wraps CheckPermission; Can returns
	// the answer without gating.
	b.fn("internal/authz.Require", authz, 20, nil, checkOp(param(1, "typ"), param(3, "perm"), authz, 24))
	b.fn("internal/authz.Can", authz, 40, nil, AuthzOp{Kind: OpCheck, Resource: param(1, "typ"), Permission: param(3, "perm"), Subject: lit("user"), Gates: false, File: authz, Line: 43})
	b.fn("internal/authz.Grant", authz, 60, nil, writeOp(param(1, "typ"), param(3, "rel"), param(4, "subjectType"), authz, 63))
	// Middleware: authentication only, and a folder-view gate.
	b.fn("internal/mw.Authenticate", "internal/mw/auth.go", 10, nil)
	b.fn("internal/mw.RequireFolderView", "internal/mw/auth.go", 30, []Call{call("internal/authz.Require", 33, unknown("ctx"), lit("folder"), unknown("id"), lit("view"))})
	// The service layer.
	b.fn("internal/service.Documents.Create", svc, 15, []Call{
		call("internal/authz.Require", 17, unknown("ctx"), lit("folder"), unknown("folderID"), lit("create_document")),
		call("internal/authz.Grant", 25, unknown("ctx"), lit("document"), unknown("doc.ID"), lit("owner"), lit("user")),
		call("internal/authz.Grant", 26, unknown("ctx"), lit("document"), unknown("doc.ID"), lit("parent"), lit("folder")),
	})
	b.fn("internal/service.Documents.Delete", svc, 40, []Call{call("internal/authz.Require", 41, unknown("ctx"), lit("document"), unknown("id"), lit("manage"))})
	b.fn("internal/service.Documents.Update", svc, 60, []Call{call("internal/authz.Can", 61, unknown("ctx"), lit("document"), unknown("id"), lit("edit"))})
	// HTTP handlers.
	b.fn("api.DocumentHandler.Create", docs, 20, []Call{call("internal/service.Documents.Create", 24, unknown("ctx"))})
	b.fn("api.DocumentHandler.Get", docs, 40, []Call{call("internal/authz.Require", 42, unknown("ctx"), lit("document"), unknown("id"), lit("view"))})
	b.fn("api.DocumentHandler.Update", docs, 60, []Call{call("internal/service.Documents.Update", 63, unknown("ctx"))})
	b.fn("api.DocumentHandler.Delete", docs, 80, []Call{call("internal/service.Documents.Delete", 82, unknown("ctx"))})
	b.fn("api.DocumentHandler.List", docs, 100, nil)
	b.fn("api.DocumentHandler.Share", docs, 120, []Call{call("internal/authz.Require", 122, unknown("ctx"), lit("document"), unknown("id"), lit("share"))},
		writeOp(lit("document"), lit("viewer"), lit("group"), docs, 128))
	b.fn("api.DocumentHandler.GetPublic", docs, 140, nil)
	b.fn("api.FolderHandler.Create", folders, 15, []Call{call("internal/authz.Grant", 20, unknown("ctx"), lit("folder"), unknown("f.ID"), lit("owner"), lit("user"))})
	b.fn("api.FolderHandler.Get", folders, 40, nil, checkOp(lit("folder"), lit("viewer"), folders, 42))
	b.fn("rpc.DocumentServer.ArchiveDocument", rpc, 30, nil, checkOp(lit("documnet"), lit("edit"), rpc, 33))

	b.handler("POST", "/folders/{folderID}/documents", "api.DocumentHandler.Create", docs, 20, OpCreate, "internal/mw.Authenticate")
	b.handler("GET", "/documents/{id}", "api.DocumentHandler.Get", docs, 40, OpRead, "internal/mw.Authenticate")
	b.handler("PUT", "/documents/{id}", "api.DocumentHandler.Update", docs, 60, OpUpdate, "internal/mw.Authenticate")
	b.handler("DELETE", "/documents/{id}", "api.DocumentHandler.Delete", docs, 80, OpDelete, "internal/mw.Authenticate")
	b.handler("GET", "/folders/{id}/documents", "api.DocumentHandler.List", docs, 100, OpList, "internal/mw.Authenticate", "internal/mw.RequireFolderView")
	b.handler("POST", "/documents/{id}/share", "api.DocumentHandler.Share", docs, 120, OpCreate, "internal/mw.Authenticate")
	b.handler("GET", "/public/documents/{id}", "api.DocumentHandler.GetPublic", docs, 140, OpRead).public("published documents are world-readable")
	b.handler("POST", "/folders", "api.FolderHandler.Create", folders, 15, OpCreate, "internal/mw.Authenticate")
	b.handler("GET", "/folders/{id}", "api.FolderHandler.Get", folders, 40, OpRead, "internal/mw.Authenticate")
	b.handler("GET", "/healthz", "", "cmd/server/main.go", 55, OpOther)
	b.p.Handlers[len(b.p.Handlers)-1].Function = "GET /healthz"
	b.p.Handlers = append(b.p.Handlers, ProgramHandler{
		Handler: Handler{Language: Go, Framework: "grpc", RPC: "docs.v1.DocumentService/ArchiveDocument", Function: "DocumentServer.ArchiveDocument", File: rpc, Line: 30, Operation: OpUpdate},
		Func:    "example.com/app/rpc.DocumentServer.ArchiveDocument",
	})
	b.p.Skipped = []SkippedFile{{File: "api/legacy.go", Reason: "larger than 1 MiB"}}
	return b.p
}

func sampleConfig(t *testing.T) *Config {
	t.Helper()
	cfg, err := ParseConfig([]byte("exclude: [\"**/*_test.go\"]\nseverities:\n  missing-relationship-delete: error\n"))
	require.NoError(t, err)
	return cfg
}

func TestGoldenReports(t *testing.T) {
	r := analyze(t, sampleProgram(), testModel(t), sampleConfig(t))
	// Accept the folder-view relation check as known debt.
	var known bytes.Buffer
	only := &Report{Findings: []Finding{findingOf(t, r, RuleRelationCheckedDirectly)}}
	require.NoError(t, WriteBaseline(&known, only))
	b, err := ReadBaseline(&known)
	require.NoError(t, err)
	r.ApplyBaseline(b)

	js, err := r.JSON()
	require.NoError(t, err)
	sarif, err := FormatSARIF(r)
	require.NoError(t, err)
	text := FormatText(r)
	for name, got := range map[string][]byte{"report.json": js, "report.sarif": sarif, "report.txt": []byte(text)} {
		path := filepath.Join(goldenDir, name)
		if os.Getenv("UPDATE_GOLDEN") == "1" {
			require.NoError(t, os.MkdirAll(goldenDir, 0o755))
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "regenerate with UPDATE_GOLDEN=1 go test ./tools/coverage -run Golden")
		assert.Equal(t, string(want), string(got), "%s changed; regenerate with UPDATE_GOLDEN=1 go test ./tools/coverage -run Golden and review the diff", name)
	}
}

func TestSampleFindings(t *testing.T) {
	r := analyze(t, sampleProgram(), testModel(t), sampleConfig(t))
	assert.ElementsMatch(t, []string{
		"missing-relationship-delete api/documents.go:80",
		"unfiltered-list api/documents.go:100",
		"invalid-relationship-write api/documents.go:128",
		"unprotected-handler api/folders.go:15",
		"relation-checked-directly api/folders.go:42",
		"check-result-ignored internal/authz/authz.go:43",
		"unknown-resource-type rpc/documents.go:33",
		"permission-never-checked schema.zed:29",
	}, found(r))
	assert.False(t, r.Passed)
	assert.Equal(t, SeverityError, findingOf(t, r, RuleMissingRelationshipDelete).Severity, "severity from the config")
	assert.Equal(t, 11, r.Summary.Handlers)
	assert.Equal(t, 2, r.Summary.Exempt)
}

func TestDeterministic(t *testing.T) {
	first, err := analyze(t, sampleProgram(), testModel(t), sampleConfig(t)).JSON()
	require.NoError(t, err)
	for range 5 {
		p := sampleProgram()
		slices.Reverse(p.Handlers)
		for _, f := range p.Funcs {
			slices.Reverse(f.Ops)
		}
		again, err := analyze(t, p, testModel(t), sampleConfig(t)).JSON()
		require.NoError(t, err)
		require.Equal(t, string(first), string(again))
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	r := analyze(t, sampleProgram(), testModel(t), nil)
	require.False(t, r.Passed)
	var buf bytes.Buffer
	require.NoError(t, WriteBaseline(&buf, r))
	b, err := ReadBaseline(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Len(t, b.Findings, len(r.Findings))

	cfg := &Config{BaselineFindings: b}
	again := analyze(t, sampleProgram(), testModel(t), cfg)
	assert.True(t, again.Passed)
	assert.Equal(t, len(r.Findings), again.Summary.Baselined)
	assert.Zero(t, again.Summary.Errors)
	assert.NotContains(t, FormatText(again), "\nerror ")

	// Moving code around (every line shifts) keeps the baseline valid.
	moved := sampleProgram()
	for i := range moved.Handlers {
		moved.Handlers[i].Line += 7
	}
	for _, f := range moved.Funcs {
		for i := range f.Ops {
			f.Ops[i].Line += 7
		}
		for i := range f.Calls {
			f.Calls[i].Line += 7
		}
	}
	shifted := analyze(t, moved, testModel(t), cfg)
	assert.True(t, shifted.Passed)
	assert.Equal(t, len(r.Findings), shifted.Summary.Baselined)

	// A new gap is new.
	grown := sampleProgram()
	grown.Funcs["example.com/app/api.FolderHandler.Delete"] = &Func{ID: "example.com/app/api.FolderHandler.Delete", Name: "FolderHandler.Delete", File: "api/folders.go", Line: 60}
	grown.Handlers = append(grown.Handlers, ProgramHandler{Handler: Handler{Language: Go, Method: "DELETE", Route: "/folders/{id}", Function: "FolderHandler.Delete", File: "api/folders.go", Line: 60, Operation: OpDelete},
		Func: "example.com/app/api.FolderHandler.Delete"})
	newer := analyze(t, grown, testModel(t), cfg)
	assert.False(t, newer.Passed)
	var fresh []string
	for _, f := range newer.Findings {
		if !f.Baselined {
			fresh = append(fresh, f.Rule)
		}
	}
	assert.ElementsMatch(t, []string{RuleUnprotectedHandler, RuleMissingRelationshipDelete}, fresh)
}

func TestBaselineCountsCopies(t *testing.T) {
	f := Finding{Rule: RuleUnprotectedHandler, File: "a.go", Line: 3, Handler: "H", Message: "H at a.go:3 is bad", Severity: SeverityError}
	g := f
	g.Line = 9
	g.Message = "H at a.go:9 is bad"
	assert.Equal(t, f.Fingerprint(), g.Fingerprint(), "line numbers do not matter")
	r := &Report{Findings: []Finding{f, g}}
	r.ApplyBaseline(&Baseline{Version: 1, Findings: []BaselineEntry{{Fingerprint: f.Fingerprint()}}})
	assert.True(t, r.Findings[0].Baselined)
	assert.False(t, r.Findings[1].Baselined, "one entry absorbs one finding")
	assert.False(t, r.Passed)

	h := f
	h.Handler = "Other"
	assert.NotEqual(t, f.Fingerprint(), h.Fingerprint())
}

func TestReadBaselineErrors(t *testing.T) {
	for _, in := range []string{`nope`, `{"version": 1, "findings": [{"rule": "x"}]}`, `{"version": 1, "extra": true}`} {
		_, err := ReadBaseline(strings.NewReader(in))
		assert.Error(t, err, in)
	}
}

func TestSARIFStructure(t *testing.T) {
	r := analyze(t, sampleProgram(), testModel(t), nil)
	r.Findings[0].Baselined = true
	data, err := FormatSARIF(r)
	require.NoError(t, err)
	var log map[string]any
	require.NoError(t, json.Unmarshal(data, &log))
	assert.Equal(t, "2.1.0", log["version"])
	assert.NotEmpty(t, log["$schema"])
	runs := log["runs"].([]any)
	require.Len(t, runs, 1)
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	assert.Equal(t, "ambient-authz", driver["name"])
	assert.NotEmpty(t, driver["informationUri"])
	rules := driver["rules"].([]any)
	require.Len(t, rules, len(RuleDocs))
	ids := map[string]int{}
	for i, raw := range rules {
		rule := raw.(map[string]any)
		id := rule["id"].(string)
		ids[id] = i
		assert.NotEmpty(t, rule["shortDescription"].(map[string]any)["text"], id)
		assert.NotEmpty(t, rule["fullDescription"].(map[string]any)["text"], id)
		assert.NotEmpty(t, rule["help"].(map[string]any)["text"], id)
		assert.Contains(t, []string{"error", "warning", "note"}, rule["defaultConfiguration"].(map[string]any)["level"], id)
	}
	results := run["results"].([]any)
	require.Len(t, results, len(r.Findings))
	for i, raw := range results {
		res := raw.(map[string]any)
		id := res["ruleId"].(string)
		require.Contains(t, ids, id)
		assert.Equal(t, float64(ids[id]), res["ruleIndex"])
		assert.Contains(t, []string{"error", "warning", "note"}, res["level"])
		assert.NotEmpty(t, res["message"].(map[string]any)["text"])
		loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		uri := loc["artifactLocation"].(map[string]any)["uri"].(string)
		assert.NotEmpty(t, uri)
		assert.False(t, strings.HasPrefix(uri, "/") || strings.Contains(uri, "://"), "uri %q must be relative to the root", uri)
		assert.GreaterOrEqual(t, loc["region"].(map[string]any)["startLine"], float64(1))
		assert.NotEmpty(t, res["partialFingerprints"].(map[string]any)[fingerprintKey])
		_, suppressed := res["suppressions"]
		assert.Equal(t, r.Findings[i].Baselined, suppressed)
	}
}

func TestRuleDocs(t *testing.T) {
	want := []string{RuleUnprotectedHandler, RuleMissingRelationshipWrite, RuleMissingRelationshipDelete, RuleUnfilteredList, RuleUnknownPermission,
		RuleUnknownResourceType, RuleInvalidRelationshipWrite, RuleRelationCheckedDirectly, RuleCheckResultIgnored, RulePermissionNeverChecked, RuleTypeNeverWritten}
	assert.Equal(t, want, ruleNames())
	severities := map[string]Severity{
		RuleUnprotectedHandler: SeverityError, RuleMissingRelationshipWrite: SeverityError, RuleMissingRelationshipDelete: SeverityWarning,
		RuleUnfilteredList: SeverityWarning, RuleUnknownPermission: SeverityError, RuleUnknownResourceType: SeverityError,
		RuleInvalidRelationshipWrite: SeverityError, RuleRelationCheckedDirectly: SeverityWarning, RuleCheckResultIgnored: SeverityError,
		RulePermissionNeverChecked: SeverityInfo, RuleTypeNeverWritten: SeverityWarning,
	}
	for _, d := range RuleDocs {
		assert.Equal(t, severities[d.Name], d.Severity, d.Name)
		for _, part := range []string{d.Summary, d.What, d.Why, d.How} {
			assert.NotEmpty(t, part, d.Name)
			assert.True(t, strings.HasSuffix(part, "."), "%s: %q ends a sentence", d.Name, part)
		}
	}
}

func TestEmptyProgram(t *testing.T) {
	r, err := Analyze(context.Background(), nil, nil, nil)
	require.NoError(t, err)
	js, err := r.JSON()
	require.NoError(t, err)
	assert.Contains(t, string(js), `"handlers": []`)
	assert.Contains(t, string(js), `"findings": []`)
	assert.True(t, r.Passed)
	assert.True(t, strings.HasSuffix(FormatText(r), "passed: true\n"))
}

// The text lists the routes middleware lets through before its checks,
// which nobody declared public in so many words, up to a cap; the
// other exemptions it only counts.
func TestFormatTextListsLetThrough(t *testing.T) {
	r := &Report{Passed: true, Handlers: []HandlerReport{
		{Method: "GET", Route: "/login", Exempt: LetThrough + "authz.Guard before its checks (authz/authz.go:12): /login"},
		{Method: "GET", Route: "/healthz", Exempt: "health/metrics route"},
	}}
	text := FormatText(r)
	assert.Contains(t, text, "\nexempt: let through by middleware before its checks (each must be meant to be public):\n  GET /login by authz.Guard before its checks (authz/authz.go:12): /login\n")
	assert.NotContains(t, text, "/healthz")

	r.Handlers = nil
	for i := range maxLetThrough + 3 {
		r.Handlers = append(r.Handlers, HandlerReport{Route: fmt.Sprintf("/p%d", i), Exempt: LetThrough + "mw"})
	}
	text = FormatText(r)
	assert.Equal(t, maxLetThrough, strings.Count(text, " by mw"))
	assert.Contains(t, text, "  (3 more)\n")
	assert.NotContains(t, FormatText(&Report{}), "exempt:")
}
