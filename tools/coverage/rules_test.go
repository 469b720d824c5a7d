package coverage

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// testSchema is a small document-sharing model: folders hold documents,
// note has no parent (so nothing gates creating one).
const testSchema = `definition user {}

definition group {
	relation member: user | group#member
}

definition folder {
	relation parent: folder
	relation owner: user
	relation viewer: user | group#member
	permission manage = owner + parent->manage
	permission create_document = manage
	permission view = viewer + manage + parent->view
}

definition document {
	relation parent: folder
	relation owner: user
	relation editor: user | group#member
	relation viewer: user | user:* | group#member
	permission manage = owner + parent->manage
	permission edit = editor + manage
	permission share = edit
	permission view = viewer + edit + parent->view
}

definition note {
	relation owner: user
	permission view = owner
}
`

func testModel(t *testing.T) *schemas.Model {
	t.Helper()
	m, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: testSchema}}, nil)
	require.NoError(t, err)
	return m
}

func lit(s string) Value { return Value{Kind: ValueLiteral, Text: s, Expr: strconv.Quote(s)} }

func param(i int, expr string) Value { return Value{Kind: ValueParam, Param: i, Expr: expr} }

func unknown(expr string) Value { return Value{Kind: ValueUnknown, Expr: expr} }

func checkOp(res, perm Value, file string, line int) AuthzOp {
	return AuthzOp{Kind: OpCheck, Resource: res, Permission: perm, Subject: lit("user"), Gates: true, File: file, Line: line}
}

func writeOp(res, rel, subj Value, file string, line int) AuthzOp {
	return AuthzOp{Kind: OpWrite, Resource: res, Permission: rel, Subject: subj, Update: "touch", File: file, Line: line}
}

func deleteOp(res Value, file string, line int) AuthzOp {
	return AuthzOp{Kind: OpDeleteRels, Resource: res, Permission: unknown(""), File: file, Line: line}
}

func lookupOp(res, perm Value, file string, line int) AuthzOp {
	return AuthzOp{Kind: OpLookupResources, Resource: res, Permission: perm, Subject: lit("user"), File: file, Line: line}
}

// builder assembles a Program by hand.
type builder struct{ p *Program }

func newBuilder() *builder {
	return &builder{p: &Program{Module: "example.com/app", Funcs: map[string]*Func{}}}
}

// fn adds a function; id is relative to the module (`api.Handler.Update`).
func (b *builder) fn(id string, file string, line int, calls []Call, ops ...AuthzOp) *builder {
	full := "example.com/app/" + id
	name := id[strings.Index(id, ".")+1:]
	b.p.Funcs[full] = &Func{ID: full, Name: name, File: file, Line: line, Calls: calls, Ops: ops}
	return b
}

func call(id string, line int, args ...Value) Call {
	return Call{Callee: "example.com/app/" + id, Args: args, Line: line}
}

// handler adds a handler whose body is function id.
func (b *builder) handler(method, route, id, file string, line int, op Operation, middleware ...string) *builder {
	h := ProgramHandler{Handler: Handler{Language: Go, Framework: "net/http", Method: method, Route: route,
		Function: id[strings.Index(id, ".")+1:], File: file, Line: line, Operation: op}}
	if id != "" {
		h.Func = "example.com/app/" + id
	}
	for _, mw := range middleware {
		h.MiddlewareFuncs = append(h.MiddlewareFuncs, "example.com/app/"+mw)
	}
	b.p.Handlers = append(b.p.Handlers, h)
	return b
}

func (b *builder) public(reason string) *builder {
	b.p.Handlers[len(b.p.Handlers)-1].Public = reason
	return b
}

func analyze(t *testing.T, p *Program, m *schemas.Model, cfg *Config) *Report {
	t.Helper()
	r, err := Analyze(context.Background(), p, m, cfg)
	require.NoError(t, err)
	return r
}

// found lists findings as "rule file:line".
func found(r *Report) []string {
	out := []string{}
	for _, f := range r.Findings {
		out = append(out, fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line))
	}
	return out
}

func findingOf(t *testing.T, r *Report, rule string) Finding {
	t.Helper()
	for _, f := range r.Findings {
		if f.Rule == rule {
			return f
		}
	}
	t.Fatalf("no %s finding in %v", rule, found(r))
	return Finding{}
}

// handlerRules are the rules a handler test looks at; schema-wide rules
// are tested on their own.
var handlerRules = []string{RuleUnprotectedHandler, RuleMissingRelationshipWrite, RuleMissingRelationshipDelete, RuleUnfilteredList,
	RuleUnknownPermission, RuleUnknownResourceType, RuleInvalidRelationshipWrite, RuleRelationCheckedDirectly, RuleCheckResultIgnored}

func onlyRules(r *Report, rules []string) []string {
	out := []string{}
	for _, f := range r.Findings {
		if slices.Contains(rules, f.Rule) {
			out = append(out, fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line))
		}
	}
	return out
}

// A check whose answer a caller throws away names the wrapper and says
// to keep its answer.
func TestCheckAnswerThrownAway(t *testing.T) {
	op := checkOp(lit("document"), lit("view"), "api/docs.go", 11)
	op.Gates, op.AnsweredBy = false, "example.com/app/authz.Can"
	b := newBuilder().
		fn("authz.Can", "authz/authz.go", 20, nil, checkOp(param(0, "resource"), param(1, "permission"), "authz/authz.go", 21)).
		fn("api.GetDocument", "api/docs.go", 10, []Call{call("authz.Can", 11, lit("document"), lit("view"))}, op).
		handler("GET", "/documents/{id}", "api.GetDocument", "api/docs.go", 10, OpRead)
	r := analyze(t, b.p, testModel(t), nil)
	f := findingOf(t, r, RuleCheckResultIgnored)
	assert.Equal(t, "api/docs.go:11", fmt.Sprintf("%s:%d", f.File, f.Line))
	assert.Contains(t, f.Message, "through authz.Can, whose answer this call throws away")
	assert.Contains(t, f.Fix, "keep the answer authz.Can returns")
}

func TestHandlerRules(t *testing.T) {
	const f = "api/docs.go"
	tests := []struct {
		name  string
		build func(b *builder)
		cfg   *Config
		want  []string
	}{
		{
			name: "update without a check",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			want: []string{"unprotected-handler api/docs.go:10"},
		},
		{
			name: "update with a direct check",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, nil, checkOp(lit("document"), lit("edit"), f, 12)).
					handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
		},
		{
			name: "a route that names no type and reaches no SpiceDB call touches no resource",
			build: func(b *builder) {
				b.fn("api.Login", f, 10, nil).handler("POST", "/login", "api.Login", f, 10, OpCreate)
			},
		},
		{
			name: "a handler that writes but never checks is unprotected even with an unknown name",
			build: func(b *builder) {
				b.fn("api.Handle", f, 10, nil, writeOp(lit("document"), lit("owner"), lit("user"), f, 11)).
					handler("POST", "/x", "api.Handle", f, 10, OpCreate)
			},
			want: []string{"unprotected-handler api/docs.go:10"},
		},
		{
			name: "authz:public exempts",
			build: func(b *builder) {
				b.fn("api.GetDocument", f, 10, nil).handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead).public("published docs are public")
			},
		},
		{
			name: "health routes are exempt",
			build: func(b *builder) {
				b.fn("api.DocumentsHealth", f, 10, nil, writeOp(lit("document"), lit("owner"), lit("user"), f, 11)).
					handler("GET", "/documents/healthz", "api.DocumentsHealth", f, 10, OpOther)
			},
		},
		{
			// A preflight, or a switch's OPTIONS branch answering Allow.
			name: "OPTIONS routes are exempt",
			build: func(b *builder) {
				b.fn("api.Documents@OPTIONS", f, 10, nil).handler("OPTIONS", "/documents/{id}", "api.Documents@OPTIONS", f, 10, OpOther)
			},
		},
		{
			name: "public_routes exempt",
			build: func(b *builder) {
				b.fn("api.GetDocument", f, 10, nil).handler("GET", "/public/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			cfg: &Config{PublicRoutes: []string{"/public/**"}},
		},
		{
			name: "public_routes with a method does not exempt another method",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			cfg:  &Config{PublicRoutes: []string{"GET /documents/*"}},
			want: []string{"unprotected-handler api/docs.go:10"},
		},
		{
			name: "severity off silences a rule",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			cfg: &Config{Severities: map[string]Severity{RuleUnprotectedHandler: SeverityOff}},
		},
		{
			name: "excluded files are not reported",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			cfg: &Config{Exclude: []string{"api/**"}},
		},
		{
			name: "override permission: another check does not protect",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("document"), lit("view"), f, 11), writeOp(lit("document"), lit("owner"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			cfg:  &Config{Overrides: []Override{{Route: "POST /documents", Permission: "folder#create_document", Line: 3}}},
			want: []string{"unprotected-handler api/docs.go:10"},
		},
		{
			name: "override permission: the named check protects",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(lit("document"), lit("owner"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			cfg: &Config{Overrides: []Override{{Route: "POST /documents", Permission: "folder#create_document", Line: 3}}},
		},
		{
			name: "create without a parent permission in the schema needs no check",
			build: func(b *builder) {
				b.fn("api.CreateNote", f, 10, nil, writeOp(lit("note"), lit("owner"), lit("user"), f, 11)).
					handler("POST", "/notes", "api.CreateNote", f, 10, OpCreate)
			},
		},
		{
			name: "create without a relationship write",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			want: []string{"missing-relationship-write api/docs.go:10"},
		},
		{
			name: "create that writes another type's relationship",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(lit("folder"), lit("viewer"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			want: []string{"missing-relationship-write api/docs.go:10"},
		},
		{
			name: "create with the write",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(lit("document"), lit("owner"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
		},
		{
			name: "create whose write has an unknown type counts",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(unknown("typ"), lit("owner"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
		},
		{
			name: "delete without a relationship delete",
			build: func(b *builder) {
				b.fn("api.DeleteDocument", f, 10, nil, checkOp(lit("document"), lit("manage"), f, 11)).
					handler("DELETE", "/documents/{id}", "api.DeleteDocument", f, 10, OpDelete)
			},
			want: []string{"missing-relationship-delete api/docs.go:10"},
		},
		{
			name: "delete with DeleteRelationships",
			build: func(b *builder) {
				b.fn("api.DeleteDocument", f, 10, nil, checkOp(lit("document"), lit("manage"), f, 11), deleteOp(lit("document"), f, 12)).
					handler("DELETE", "/documents/{id}", "api.DeleteDocument", f, 10, OpDelete)
			},
		},
		{
			name: "delete with a WriteRelationships DELETE update",
			build: func(b *builder) {
				w := writeOp(lit("document"), lit("owner"), lit("user"), f, 12)
				w.Update = "delete"
				b.fn("api.DeleteDocument", f, 10, nil, checkOp(lit("document"), lit("manage"), f, 11), w).
					handler("DELETE", "/documents/{id}", "api.DeleteDocument", f, 10, OpDelete)
			},
		},
		{
			name: "list that checks only the folder",
			build: func(b *builder) {
				b.fn("api.ListDocuments", f, 10, nil, checkOp(lit("folder"), lit("view"), f, 11)).
					handler("GET", "/folders/{id}/documents", "api.ListDocuments", f, 10, OpList)
			},
			want: []string{"unfiltered-list api/docs.go:10"},
		},
		{
			name: "list with LookupResources",
			build: func(b *builder) {
				b.fn("api.ListDocuments", f, 10, nil, lookupOp(lit("document"), lit("view"), f, 11)).
					handler("GET", "/documents", "api.ListDocuments", f, 10, OpList)
			},
		},
		{
			name: "list with a per-item check",
			build: func(b *builder) {
				b.fn("api.ListDocuments", f, 10, nil, checkOp(lit("folder"), lit("view"), f, 11), checkOp(lit("document"), lit("view"), f, 12)).
					handler("GET", "/folders/{id}/documents", "api.ListDocuments", f, 10, OpList)
			},
		},
		{
			name: "list with no authorization at all is unprotected, not unfiltered",
			build: func(b *builder) {
				b.fn("api.ListDocuments", f, 10, nil).handler("GET", "/documents", "api.ListDocuments", f, 10, OpList)
			},
			want: []string{"unprotected-handler api/docs.go:10"},
		},
		{
			name: "unknown permission",
			build: func(b *builder) {
				b.fn("api.GetDocument", f, 10, nil, checkOp(lit("document"), lit("veiw"), f, 11)).
					handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			want: []string{"unknown-permission api/docs.go:11"},
		},
		{
			name: "unknown resource type",
			build: func(b *builder) {
				b.fn("api.GetDocument", f, 10, nil, checkOp(lit("documnet"), lit("view"), f, 11)).
					handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			want: []string{"unknown-resource-type api/docs.go:11"},
		},
		{
			name: "unknown subject type",
			build: func(b *builder) {
				op := checkOp(lit("document"), lit("view"), f, 11)
				op.Subject = lit("usr")
				b.fn("api.GetDocument", f, 10, nil, op).handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			want: []string{"unknown-resource-type api/docs.go:11"},
		},
		{
			name: "writing a permission",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(lit("document"), lit("view"), lit("user"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			want: []string{"invalid-relationship-write api/docs.go:12"},
		},
		{
			name: "writing a subject type the relation does not allow",
			build: func(b *builder) {
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), writeOp(lit("document"), lit("owner"), lit("group"), f, 12)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			want: []string{"invalid-relationship-write api/docs.go:12"},
		},
		{
			name: "a wrapper writing the subject set it hard-codes to the relation its caller passes",
			build: func(b *builder) {
				w := writeOp(lit("document"), param(0, "relation"), lit("group"), "authz/authz.go", 40)
				w.SubjectRelation = lit("member")
				b.fn("authz.Share", "authz/authz.go", 38, nil, w).
					fn("api.CreateDocument", f, 10, []Call{call("authz.Share", 13, lit("owner"))}, checkOp(lit("folder"), lit("create_document"), f, 11)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			// At the caller, which picks the relation: owner allows users only.
			want: []string{"invalid-relationship-write api/docs.go:13"},
		},
		{
			name: "a wrapper writing a subject its caller passes to the relation it hard-codes",
			build: func(b *builder) {
				w := writeOp(lit("document"), lit("owner"), param(0, "subjectType"), "authz/authz.go", 40)
				b.fn("authz.Own", "authz/authz.go", 38, nil, w).
					fn("api.CreateDocument", f, 10, []Call{call("authz.Own", 14, lit("group"))}, checkOp(lit("folder"), lit("create_document"), f, 11)).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
			want: []string{"invalid-relationship-write api/docs.go:14"},
		},
		{
			name: "a bad permission given to a middleware factory is reported where the factory is called",
			build: func(b *builder) {
				b.fn("authz.Require", "authz/authz.go", 20, nil, checkOp(lit("document"), param(0, "perm"), "authz/authz.go", 21)).
					fn("api.GetDocument", f, 10, nil).
					handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead, "authz.Require")
				h := &b.p.Handlers[len(b.p.Handlers)-1]
				h.MiddlewareCalls = []Call{{Callee: h.MiddlewareFuncs[0], Args: []Value{lit("veiw")}, Line: 7, File: "api/routes.go"}}
			},
			want: []string{"unknown-permission api/routes.go:7"},
		},
		{
			name: "writing a subject set the relation allows",
			build: func(b *builder) {
				w := writeOp(lit("document"), lit("viewer"), lit("group"), f, 12)
				w.SubjectRelation = lit("member")
				b.fn("api.CreateDocument", f, 10, nil, checkOp(lit("folder"), lit("create_document"), f, 11), w).
					handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
			},
		},
		{
			name: "checking a relation",
			build: func(b *builder) {
				b.fn("api.GetDocument", f, 10, nil, checkOp(lit("document"), lit("viewer"), f, 11)).
					handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			want: []string{"relation-checked-directly api/docs.go:11"},
		},
		{
			name: "check result ignored",
			build: func(b *builder) {
				op := checkOp(lit("document"), lit("view"), f, 11)
				op.Gates = false
				b.fn("api.GetDocument", f, 10, nil, op).handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead)
			},
			want: []string{"check-result-ignored api/docs.go:11"},
		},
		{
			name: "configured checker counts as a gating check",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, []Call{{Callee: "example.com/lib/authz.Require", Args: []Value{unknown("ctx"), lit("document"), lit("edit")}, Line: 11}}).
					handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			cfg: &Config{Checkers: []Checker{{Func: "authz.Require", Resource: ptr(1), Permission: ptr(2)}}},
		},
		{
			name: "configured checker arguments are checked against the schema",
			build: func(b *builder) {
				b.fn("api.UpdateDocument", f, 10, []Call{{Callee: "example.com/lib/authz.Require", Args: []Value{unknown("ctx"), lit("document"), lit("edti")}, Line: 11}}).
					handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate)
			},
			cfg:  &Config{Checkers: []Checker{{Func: "authz.Require", Resource: ptr(1), Permission: ptr(2)}}},
			want: []string{"unknown-permission api/docs.go:11"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBuilder()
			tt.build(b)
			r := analyze(t, b.p, testModel(t), tt.cfg)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, onlyRules(r, handlerRules))
		})
	}
}

func ptr(i int) *int { return &i }

func TestFindingTexts(t *testing.T) {
	const f = "api/docs.go"
	b := newBuilder().
		fn("api.UpdateDocument", f, 10, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 10, OpUpdate).
		fn("api.GetDocument", f, 20, nil, checkOp(lit("document"), lit("veiw"), f, 21)).handler("GET", "/documents/{id}", "api.GetDocument", f, 20, OpRead).
		fn("api.CreateDocument", f, 30, nil, checkOp(lit("folder"), lit("create_document"), f, 31)).handler("POST", "/documents", "api.CreateDocument", f, 30, OpCreate).
		fn("api.ShareDocument", f, 40, nil, checkOp(lit("document"), lit("share"), f, 41), writeOp(lit("document"), lit("viewer"), lit("group"), f, 42)).
		handler("POST", "/documents/{id}/share", "api.ShareDocument", f, 40, OpCreate)
	r := analyze(t, b.p, testModel(t), nil)

	unprotected := findingOf(t, r, RuleUnprotectedHandler)
	assert.Equal(t, "UpdateDocument", unprotected.Handler)
	assert.Equal(t, "PUT /documents/{id}", unprotected.Route)
	assert.Equal(t, SeverityError, unprotected.Severity)
	assert.Contains(t, unprotected.Message, "UpdateDocument updates a document but reaches no permission check")
	assert.Equal(t, "check `document#edit` for the caller before the update: "+
		`client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: document:<id>, Permission: "edit", Subject: user:<caller>}) and return 403 unless HAS_PERMISSION`,
		unprotected.Fix)

	unknownPerm := findingOf(t, r, RuleUnknownPermission)
	assert.Contains(t, unknownPerm.Message, "did you mean `view`?")
	assert.Equal(t, `replace "veiw" with "view" (`+"`document#view`)", unknownPerm.Fix)
	assert.Equal(t, "GetDocument", unknownPerm.Handler)
	assert.Equal(t, "GET /documents/{id}", unknownPerm.Route)

	write := findingOf(t, r, RuleMissingRelationshipWrite)
	assert.Contains(t, write.Fix, "`document:<id>#owner@user:<actor id>`")
	assert.Contains(t, write.Fix, "`document:<id>#parent@folder:<parent id>`")

	invalid := findingOf(t, r, RuleInvalidRelationshipWrite)
	assert.Contains(t, invalid.Message, "document#viewer allows user | user:* | group#member, not group")
	assert.Contains(t, invalid.Fix, "group:<id>#member")
}

func TestSchemaRules(t *testing.T) {
	const f = "api/docs.go"
	b := newBuilder().
		fn("api.GetDocument", f, 10, nil, checkOp(lit("document"), lit("view"), f, 11)).handler("GET", "/documents/{id}", "api.GetDocument", f, 10, OpRead).
		fn("api.GetFolder", f, 20, nil, checkOp(lit("folder"), lit("view"), f, 21)).handler("GET", "/folders/{id}", "api.GetFolder", f, 20, OpRead).
		fn("api.CreateDocument", f, 30, nil, checkOp(lit("folder"), lit("create_document"), f, 31), writeOp(lit("document"), lit("owner"), lit("user"), f, 32)).
		handler("POST", "/documents", "api.CreateDocument", f, 30, OpCreate)
	r := analyze(t, b.p, testModel(t), nil)

	status := map[string]string{}
	for _, p := range r.Permissions {
		status[p.Resource+"#"+p.Permission] = p.Status
	}
	assert.Equal(t, map[string]string{
		"folder#manage": StatusCompositional, "folder#create_document": StatusCovered, "folder#view": StatusCovered,
		"document#manage": StatusCompositional, "document#edit": StatusCompositional, "document#share": StatusUncovered, "document#view": StatusCovered,
		"note#view": StatusUncovered,
	}, status)
	assert.Equal(t, []string{
		"type-never-written api/docs.go:21",      // folder
		"permission-never-checked schema.zed:23", // document#share
		"permission-never-checked schema.zed:29", // note#view
	}, onlyRules(r, []string{RulePermissionNeverChecked, RuleTypeNeverWritten}))
	never := findingOf(t, r, RulePermissionNeverChecked)
	assert.Equal(t, SeverityInfo, never.Severity)
	assert.Equal(t, []Site{{File: f, Line: 11}}, r.Permissions[len(r.Permissions)-2].Sites)
	assert.True(t, r.Passed, "info and warnings do not fail the run")

	// A write whose type is unknown could be of any type: the rule steps
	// back and says so.
	b.fn("api.Grant", f, 40, nil, writeOp(unknown("typ"), lit("viewer"), lit("user"), f, 41))
	r = analyze(t, b.p, testModel(t), nil)
	assert.Empty(t, onlyRules(r, []string{RuleTypeNeverWritten}))
	assert.Contains(t, strings.Join(r.Summary.Notes, "\n"), "type-never-written skipped: the relationship write at api/docs.go:41")

	// So may a check of a permission the analysis cannot read, of the
	// type it names: document#share is no longer said never checked,
	// note#view still is; of an unknown type, no permission is.
	b.fn("api.Peek", f, 50, nil, checkOp(lit("document"), unknown("perm"), f, 51))
	r = analyze(t, b.p, testModel(t), nil)
	assert.Equal(t, []string{"permission-never-checked schema.zed:29"}, onlyRules(r, []string{RulePermissionNeverChecked}))
	assert.Contains(t, strings.Join(r.Summary.Notes, "\n"), "permission-never-checked skipped for document: the check at api/docs.go:51")
	b.fn("api.Any", f, 60, nil, checkOp(unknown("typ"), unknown("perm"), f, 61))
	r = analyze(t, b.p, testModel(t), nil)
	assert.Empty(t, onlyRules(r, []string{RulePermissionNeverChecked}))
}

func TestNoSchema(t *testing.T) {
	const f = "api/docs.go"
	op := checkOp(lit("document"), lit("veiw"), f, 21)
	op.Gates = false
	b := newBuilder().
		fn("api.CreateDocument", f, 10, nil, writeOp(lit("document"), lit("owner"), lit("user"), f, 11)).handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate).
		fn("api.GetDocument", f, 20, nil, op).handler("GET", "/documents/{id}", "api.GetDocument", f, 20, OpRead).
		fn("api.UpdateDocument", f, 30, nil).handler("PUT", "/documents/{id}", "api.UpdateDocument", f, 30, OpUpdate)
	r := analyze(t, b.p, nil, nil)
	assert.Equal(t, SchemaInfo{Missing: true}, r.Schema)
	assert.Equal(t, []string{
		"unprotected-handler api/docs.go:10",
		"check-result-ignored api/docs.go:21",
	}, found(r), "the handler with no SpiceDB call cannot be tied to a resource without a schema")
	assert.Contains(t, r.Summary.Notes[0], "no schema loaded: unknown-permission, unknown-resource-type")
	assert.Contains(t, findingOf(t, r, RuleUnprotectedHandler).Fix, "no schema is loaded")
	assert.Empty(t, r.Permissions)
	assert.False(t, r.Passed)
}

func TestOverrideChecks(t *testing.T) {
	cfg := &Config{Overrides: []Override{
		{Route: "POST /documents", Permission: "folder#create_dokument", Line: 4},
		{Handler: "X", Resource: "documnet", Line: 6},
		{Handler: "Y", Permission: "document#viewer", Line: 8},
	}}
	r := analyze(t, newBuilder().p, testModel(t), cfg)
	assert.Equal(t, []string{
		"unknown-permission .ambient-authz.yaml:4",
		"unknown-resource-type .ambient-authz.yaml:6",
		"relation-checked-directly .ambient-authz.yaml:8",
	}, onlyRules(r, handlerRules))
	assert.Contains(t, r.Findings[0].Message, "did you mean `create_document`?")
}

func TestHandlerReport(t *testing.T) {
	const f = "api/docs.go"
	b := newBuilder().
		fn("api.CreateDocument", f, 10, []Call{call("svc.Create", 11, unknown("ctx"))}, checkOp(lit("folder"), lit("create_document"), f, 12)).
		fn("svc.Create", "svc/docs.go", 5, nil, writeOp(lit("document"), lit("owner"), lit("user"), "svc/docs.go", 6), lookupOp(lit("folder"), lit("view"), "svc/docs.go", 7)).
		handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate).
		handler("POST", "/documents", "api.CreateDocument", f, 10, OpCreate)
	r := analyze(t, b.p, testModel(t), nil)
	require.Len(t, r.Handlers, 2)
	h := r.Handlers[0]
	assert.Equal(t, "POST /documents", h.ID)
	assert.Equal(t, "POST /documents#2", r.Handlers[1].ID)
	assert.Equal(t, "document", h.Resource)
	assert.Equal(t, []OpSite{{Resource: "folder", Permission: "create_document", File: f, Line: 12}}, h.Checks)
	assert.Equal(t, []OpSite{{Resource: "document", Relation: "owner", Subject: "user", File: "svc/docs.go", Line: 6, Via: []string{"svc.Create"}}}, h.Writes)
	assert.Equal(t, []OpSite{{Kind: "lookup_resources", Resource: "folder", Permission: "view", File: "svc/docs.go", Line: 7, Via: []string{"svc.Create"}}}, h.Lookups)
	assert.Equal(t, []OpSite{}, h.Deletes)
}

func TestProbeRoutes(t *testing.T) {
	for route, want := range map[string]bool{"/healthz": true, "/api/v1/ready/": true, "/metrics": true, "/orders/{id}/status": false, "/documents": false} {
		assert.Equal(t, want, isProbeRoute(&Handler{Route: route}), route)
	}
	assert.True(t, isProbeRoute(&Handler{RPC: "grpc.health.v1.Health/Check"}))
	assert.False(t, isProbeRoute(&Handler{RPC: "docs.v1.DocumentService/GetDocument"}))
}

func TestAnalyzeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := newBuilder().fn("api.GetDocument", "a.go", 1, nil).handler("GET", "/documents/{id}", "api.GetDocument", "a.go", 1, OpRead)
	_, err := Analyze(ctx, b.p, testModel(t), nil)
	assert.ErrorIs(t, err, context.Canceled)
}
