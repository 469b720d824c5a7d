package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// Code is ready-to-paste SpiceDB client code for one handler, in the
// handler's language and that language's official client library.
type Code struct {
	Language string `json:"language"`
	// Imports are what Snippet needs: Go import specs
	// (`v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"`), whole
	// import statements in the other languages.
	Imports []string `json:"imports"`
	// Snippet is one or more complete functions, checks first.
	Snippet string `json:"snippet"`
	// Notes are one-line instructions on how to call the functions.
	Notes []string `json:"notes"`
}

//go:embed templates/go/*.tmpl templates/typescript/*.tmpl templates/python/*.tmpl
var codeTemplateFS embed.FS

// codeLang is how one language names things and finishes a snippet.
type codeLang struct {
	dir string
	// ts is false for JavaScript, which shares the TypeScript templates
	// with the type annotations left out.
	ts        bool
	id        func(words []string) string
	fn        func(words []string) string
	idParams  func(ts bool, params []codeParam) string
	separator string
	finish    func(snippet string) (string, []string, error)
}

var codeLangs = map[string]codeLang{
	"go":         {dir: "go", id: func(w []string) string { return lowerCamel(w) + "ID" }, fn: goName, idParams: goIDParams, separator: "\n\n", finish: finishGo},
	"typescript": {dir: "typescript", ts: true, id: func(w []string) string { return lowerCamel(w) + "Id" }, fn: lowerCamel, idParams: tsIDParams, separator: "\n\n", finish: finishJS},
	"javascript": {dir: "typescript", id: func(w []string) string { return lowerCamel(w) + "Id" }, fn: lowerCamel, idParams: tsIDParams, separator: "\n\n", finish: finishJSOnly},
	"python":     {dir: "python", id: func(w []string) string { return strings.Join(w, "_") + "_id" }, fn: func(w []string) string { return strings.Join(w, "_") }, idParams: pyIDParams, separator: "\n\n\n", finish: finishPython},
}

var codeOperations = []string{"create", "read", "update", "delete", "list", "share", "unshare", "other"}

// codeTemplates parses each language's template set once.
var codeTemplates = sync.OnceValues(func() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for name, lang := range codeLangs {
		funcs := template.FuncMap{
			"q": strconv.Quote,
			"ts": func(s string) string {
				if lang.ts {
					return s
				}
				return ""
			},
			"idparams": func(args ...any) (string, error) {
				var params []codeParam
				for _, a := range args {
					switch a := a.(type) {
					case codeParam:
						params = append(params, a)
					case []codeParam:
						params = append(params, a...)
					default:
						return "", fmt.Errorf("idparams: unexpected %T", a)
					}
				}
				return lang.idParams(lang.ts, params), nil
			},
			"caveats": caveatList,
			"pydef":   pythonDef,
			"caveatNames": func(cs []CodeCaveatParam) string {
				names := make([]string, len(cs))
				for i, c := range cs {
					names[i] = c.Name
				}
				return strings.Join(names, ", ")
			},
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(codeTemplateFS, "templates/"+lang.dir+"/*.tmpl")
		if err != nil {
			return nil, fmt.Errorf("parsing %s code templates: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
})

// codeParam is one ID parameter of a rendered function.
type codeParam struct {
	Type string // the schema type whose ID it carries
	Name string // the parameter name in the target language
}

type checkView struct {
	Func, Object, Permission string
	Actor, ID                codeParam
	Caveats                  []CodeCaveatParam
}

type lookupView struct {
	Func, Resource, Permission string
	Actor                      codeParam
	Caveats                    []CodeCaveatParam
}

type relView struct {
	Object          codeParam
	Relation        string
	Subject         codeParam
	SubjectRelation string
}

type writeView struct {
	Kind      string // create, share or unshare
	Func      string
	Resource  string
	Check     string // the check to call first, if any
	Params    []codeParam
	Actor     *codeParam // set when a parameter is the caller
	Operation string     // TOUCH or DELETE
	Rels      []relView
}

type filterView struct {
	ResourceType string
	ResourceID   string // parameter name, empty for any ID
	Relation     string
	SubjectType  string
	SubjectID    string
}

type deleteView struct {
	Func, Resource, Check string
	ID                    codeParam
	Filters               []filterView
}

// codeNames assigns distinct parameter names to the IDs a request
// involves: the resource, its parent, the subjects shared with, and the
// caller. A clash (actor type == resource type) is resolved with a role
// prefix: callerUserID, parentFolderID, subjectUserID.
type codeNames struct {
	lang                    codeLang
	resource, parent, actor codeParam
	inputs                  map[string]codeParam
}

func newCodeNames(lang codeLang, req CodeRequest, parentType string) codeNames {
	taken := map[string]bool{}
	assign := func(typ, prefix string) codeParam {
		w := typeWords(typ)
		if taken[strings.Join(w, "_")] {
			w = append([]string{prefix}, w...)
		}
		taken[strings.Join(w, "_")] = true
		return codeParam{Type: typ, Name: lang.id(w)}
	}
	n := codeNames{lang: lang, inputs: map[string]codeParam{}}
	n.resource = assign(req.Resource, "")
	if parentType != "" {
		n.parent = assign(parentType, "parent")
	}
	for _, w := range req.Writes {
		if _, ok := n.inputs[w.Subject]; w.From == "input" && !ok {
			n.inputs[w.Subject] = assign(w.Subject, "subject")
		}
	}
	n.actor = assign(req.Actor, "caller")
	return n
}

func (n codeNames) fn(parts ...string) string {
	var w []string
	for _, p := range parts {
		w = append(w, typeWords(p)...)
	}
	return n.lang.fn(w)
}

// RenderCode renders the SpiceDB calls of req as functions in req's
// language: a fail-closed check, and the writes, deletes or lookup the
// operation needs. Every name comes from req; nothing is invented.
func RenderCode(req CodeRequest) (Code, error) {
	lang, ok := codeLangs[req.Language]
	if !ok {
		return Code{}, fmt.Errorf("unknown language %q: use go, typescript, javascript or python", req.Language)
	}
	if !slices.Contains(codeOperations, req.Operation) {
		return Code{}, fmt.Errorf("unknown operation %q: use one of %s", req.Operation, strings.Join(codeOperations, ", "))
	}
	req = relevant(req)
	if err := validateCodeRequest(req); err != nil {
		return Code{}, err
	}
	parentType, err := parentOf(req)
	if err != nil {
		return Code{}, err
	}
	names := newCodeNames(lang, req, parentType)
	tmpl, err := codeTemplates()
	if err != nil {
		return Code{}, err
	}
	check, err := names.check(req.Check, req.Operation)
	if err != nil {
		return Code{}, err
	}
	var parts []codePart
	if check != nil {
		parts = append(parts, codePart{"check", check, fmt.Sprintf("call %s first and deny (403) unless it returns true; it fails closed", check.Func)})
	} else if req.Operation != "list" {
		parts = append(parts, codePart{note: fmt.Sprintf("no permission of the schema gates %s on %s, so nothing is checked: add one to the schema", req.Operation, req.Resource)})
	}
	more, err := names.calls(req, check)
	if err != nil {
		return Code{}, err
	}
	parts = append(parts, more...)
	var blocks, notes []string
	actorUsed := check != nil
	for _, p := range parts {
		if p.note != "" {
			notes = append(notes, p.note)
		}
		if p.template == "" {
			continue
		}
		var b bytes.Buffer
		if err := tmpl[req.Language].ExecuteTemplate(&b, p.template, p.data); err != nil {
			return Code{}, fmt.Errorf("rendering %s %s: %w", req.Language, p.template, err)
		}
		blocks = append(blocks, strings.TrimSpace(b.String()))
		if w, ok := p.data.(*writeView); p.template == "lookup" || ok && w.Actor != nil {
			actorUsed = true
		}
	}
	if len(blocks) == 0 {
		return Code{}, fmt.Errorf("nothing to render for %s on %s: the request has no check, lookup, write or delete", req.Operation, req.Resource)
	}
	if actorUsed {
		notes = append(notes, fmt.Sprintf("%s must be the authenticated caller's ID from the session, never a client-supplied value", names.actor.Name))
	}
	if caveats := checkCaveats(req); len(caveats) > 0 {
		notes = append(notes, caveatNote(req.Language, caveats))
	}
	snippet, imports, err := lang.finish(strings.Join(blocks, lang.separator) + "\n")
	if err != nil {
		return Code{}, err
	}
	switch req.Language {
	case "javascript":
		notes = append(notes, `in CommonJS, import with: const { v1 } = require("@authzed/authzed-node");`)
	case "python":
		notes = append(notes, "written for the synchronous Client; under asyncio use AsyncClient, await each call and iterate LookupResources with async for")
	}
	return Code{Language: req.Language, Imports: imports, Snippet: snippet, Notes: notes}, nil
}

// codePart is one rendered function and the note on how to call it.
type codePart struct {
	template string
	data     any
	note     string
}

// calls are the functions after the check: the writes, deletes or
// lookup of the operation.
func (n codeNames) calls(req CodeRequest, check *checkView) ([]codePart, error) {
	checkFunc := ""
	if check != nil {
		checkFunc = check.Func
	}
	var parts []codePart
	switch req.Operation {
	case "create", "share", "unshare":
		groups := [][]CodeWrite{req.Writes}
		if req.Operation != "create" {
			// One grant or revocation at a time: shareDocumentWithUser,
			// unshareDocumentWithGroupMember.
			groups = nil
			for _, w := range req.Writes {
				groups = append(groups, []CodeWrite{w})
			}
		}
		if len(req.Writes) == 0 {
			verb := map[string]string{"create": "write", "share": "grant", "unshare": "revoke"}[req.Operation]
			return []codePart{{note: fmt.Sprintf("no relationship to %s was given, so only the check is rendered", verb)}}, nil
		}
		for _, g := range groups {
			w, err := n.write(req.Operation, req.Resource, checkFunc, g)
			if err != nil {
				return nil, err
			}
			note := fmt.Sprintf("call %s after the database commit; store the ZedToken it returns with the %s and pass it to later checks", w.Func, req.Resource)
			if req.Operation != "create" {
				note = fmt.Sprintf("pass the ZedToken %s returns to later checks so the change is seen at once", w.Func)
			}
			parts = append(parts, codePart{"write", w, note})
		}
	case "delete":
		if d := n.delete(req, checkFunc); d != nil {
			parts = append(parts, codePart{"delete", d, fmt.Sprintf("call %s after the database delete commits; its DeleteRelationships calls are separate transactions, so retry it whole on error", d.Func)})
		}
	case "list":
		l := &lookupView{Func: n.fn("lookup", req.Resource, "ids"), Resource: req.Resource, Permission: req.Lookup.Permission, Actor: n.actor, Caveats: req.Lookup.Caveats}
		parts = append(parts, codePart{"lookup", l, fmt.Sprintf("%s streams LookupResources and drops results that still need caveat context; page with a limit and cursor for large sets", l.Func)})
	}
	return parts, nil
}

// relevant keeps the fields of req that its operation uses.
func relevant(req CodeRequest) CodeRequest {
	out := CodeRequest{Language: req.Language, Operation: req.Operation, Resource: req.Resource, Actor: req.Actor, Check: req.Check}
	switch req.Operation {
	case "create", "share", "unshare":
		out.Writes = req.Writes
	case "delete":
		out.DeleteRelationships, out.DeleteAsSubject = req.DeleteRelationships, req.DeleteAsSubject
	case "list":
		out.Check, out.Lookup = nil, req.Lookup
	}
	return out
}

func checkCaveats(req CodeRequest) []CodeCaveatParam {
	switch {
	case req.Lookup != nil:
		return req.Lookup.Caveats
	case req.Check != nil:
		return req.Check.Caveats
	}
	return nil
}

func caveatNote(language string, cs []CodeCaveatParam) string {
	var pairs []string
	for _, c := range cs {
		pairs = append(pairs, strconv.Quote(c.Name)+": …")
	}
	build := map[string]string{
		"go":         "structpb.NewStruct(map[string]any{" + strings.Join(pairs, ", ") + "})",
		"typescript": "v1.PbStruct.fromJson({ " + strings.Join(pairs, ", ") + " })",
		"javascript": "v1.PbStruct.fromJson({ " + strings.Join(pairs, ", ") + " })",
		"python":     "ctx = Struct(); ctx.update({" + strings.Join(pairs, ", ") + "})",
	}[language]
	return fmt.Sprintf("pass the caveat context with %s, built with %s; without it a CONDITIONAL_PERMISSION answer is denied", caveatList(cs), build)
}

// parentOf is the type of the container the resource lives in: the
// subject of a parent write, or the type a create checks on.
func parentOf(req CodeRequest) (string, error) {
	parent := ""
	for _, w := range req.Writes {
		if w.From != "parent" {
			continue
		}
		if parent != "" && parent != w.Subject {
			return "", fmt.Errorf("parent writes name two parent types, %s and %s; render one create per parent type", parent, w.Subject)
		}
		parent = w.Subject
	}
	for _, c := range []*CodeCheck{req.Check, req.Lookup} {
		if c == nil || c.Object == req.Resource {
			continue
		}
		if parent != "" && parent != c.Object {
			return "", fmt.Errorf("check on %s is neither on the resource %s nor on its parent %s", c.Object, req.Resource, parent)
		}
		parent = c.Object
	}
	return parent, nil
}

func (n codeNames) objectParam(typ string) (codeParam, error) {
	switch typ {
	case n.resource.Type:
		return n.resource, nil
	case n.parent.Type:
		return n.parent, nil
	}
	return codeParam{}, fmt.Errorf("%s is neither the resource %s nor its parent", typ, n.resource.Type)
}

// check binds c to the caller and the checked object's ID. A create
// checks the parent even when it has the resource's type (a folder in a
// folder).
func (n codeNames) check(c *CodeCheck, op string) (*checkView, error) {
	if c == nil {
		return nil, nil
	}
	id, err := n.objectParam(c.Object)
	if err != nil {
		return nil, err
	}
	if op == "create" && c.Object == n.parent.Type {
		id = n.parent
	}
	return &checkView{Func: n.fn("check", c.Object, c.Permission), Object: c.Object, Permission: c.Permission, Actor: n.actor, ID: id, Caveats: c.Caveats}, nil
}

// write renders writes as one WriteRelationships call: kind create
// TOUCHes the new resource's relationships, share TOUCHes one grant,
// unshare DELETEs it.
func (n codeNames) write(kind, resource, check string, writes []CodeWrite) (*writeView, error) {
	v := &writeView{Kind: kind, Resource: resource, Check: check, Operation: "TOUCH", Func: n.fn("create", resource, "relationships")}
	if kind != "create" {
		w := writes[0]
		v.Func = n.fn(kind, resource, "with", w.Subject, w.SubjectRelation)
	}
	if kind == "unshare" {
		v.Operation = "DELETE"
	}
	for _, w := range writes {
		obj, err := n.objectParam(w.Object)
		if err != nil {
			return nil, fmt.Errorf("write %s#%s: %w", w.Object, w.Relation, err)
		}
		subj := n.inputs[w.Subject]
		switch w.From {
		case "actor":
			subj, v.Actor = n.actor, &n.actor
		case "parent":
			subj = n.parent
		}
		for _, p := range []codeParam{obj, subj} {
			if !slices.Contains(v.Params, p) {
				v.Params = append(v.Params, p)
			}
		}
		v.Rels = append(v.Rels, relView{Object: obj, Relation: w.Relation, Subject: subj, SubjectRelation: w.SubjectRelation})
	}
	// The caller first, then the objects, then the subjects granted.
	slices.SortStableFunc(v.Params, func(a, b codeParam) int { return paramRank(n, a) - paramRank(n, b) })
	return v, nil
}

func paramRank(n codeNames, p codeParam) int {
	switch p {
	case n.actor:
		return 0
	case n.resource:
		return 1
	case n.parent:
		return 2
	}
	return 3
}

func (n codeNames) delete(req CodeRequest, check string) *deleteView {
	d := &deleteView{Func: n.fn("delete", req.Resource, "relationships"), Resource: req.Resource, Check: check, ID: n.resource}
	if req.DeleteRelationships {
		d.Filters = append(d.Filters, filterView{ResourceType: req.Resource, ResourceID: n.resource.Name})
	}
	for _, ref := range req.DeleteAsSubject {
		d.Filters = append(d.Filters, filterView{ResourceType: ref.Object, Relation: ref.Relation, SubjectType: req.Resource, SubjectID: n.resource.Name})
	}
	if len(d.Filters) == 0 {
		return nil
	}
	return d
}

var (
	typeNamePattern     = regexp.MustCompile(`^([a-z][a-z0-9_]*/)*[a-z][a-z0-9_]*$`)
	relationNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	caveatParamPattern  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	caveatTypePattern   = regexp.MustCompile(`^[a-z0-9_<>, ]+$`)
)

// validateCodeRequest rejects names that are not schema identifiers, so
// nothing but an identifier ever reaches a string literal or a comment.
func validateCodeRequest(req CodeRequest) error {
	var errs []string
	typ := func(what, s string) {
		if !typeNamePattern.MatchString(s) {
			errs = append(errs, fmt.Sprintf("%s %q is not a definition name", what, s))
		}
	}
	rel := func(what, s string) {
		if !relationNamePattern.MatchString(s) {
			errs = append(errs, fmt.Sprintf("%s %q is not a relation or permission name", what, s))
		}
	}
	typ("resource", req.Resource)
	typ("actor", req.Actor)
	for _, c := range []*CodeCheck{req.Check, req.Lookup} {
		if c == nil {
			continue
		}
		typ("check object", c.Object)
		rel("permission", c.Permission)
		for _, cv := range c.Caveats {
			if !typeNamePattern.MatchString(cv.Caveat) || !caveatParamPattern.MatchString(cv.Name) || !caveatTypePattern.MatchString(cv.Type) {
				errs = append(errs, fmt.Sprintf("caveat parameter %q (%s of %s) is not a caveat identifier", cv.Name, cv.Type, cv.Caveat))
			}
		}
	}
	if req.Operation == "list" && req.Lookup == nil {
		errs = append(errs, "list needs lookup: the permission to LookupResources by")
	}
	if req.Operation == "list" && req.Lookup != nil && req.Lookup.Object != req.Resource {
		errs = append(errs, fmt.Sprintf("lookup is on %s, not on the listed resource %s", req.Lookup.Object, req.Resource))
	}
	for _, w := range req.Writes {
		typ("write object", w.Object)
		rel("write relation", w.Relation)
		typ("write subject", w.Subject)
		if w.SubjectRelation != "" {
			rel("write subject relation", w.SubjectRelation)
		}
		switch w.From {
		case "actor":
			if w.Subject != req.Actor || w.SubjectRelation != "" {
				errs = append(errs, fmt.Sprintf("write %s#%s@%s is from the actor, whose type is %s", w.Object, w.Relation, w.Subject, req.Actor))
			}
		case "parent", "input":
		default:
			errs = append(errs, fmt.Sprintf("write %s#%s: from %q must be actor, parent or input", w.Object, w.Relation, w.From))
		}
	}
	for _, ref := range req.DeleteAsSubject {
		typ("delete_as_subject object", ref.Object)
		rel("delete_as_subject relation", ref.Relation)
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid code request: %s", strings.Join(errs, "; "))
	}
	return nil
}

// typeWords splits a definition name into words, without its prefix:
// docs/team_member → [team member].
func typeWords(name string) []string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return strings.FieldsFunc(name, func(r rune) bool { return r == '_' })
}

func lowerCamel(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 && w != "" {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// goName is lowerCamel with Go's initialisms: lookupDocumentIDs.
func goName(words []string) string {
	w := slices.Clone(words)
	for i := range w {
		if i > 0 && (w[i] == "id" || w[i] == "ids") {
			w[i] = strings.Replace(w[i], "id", "ID", 1)
		}
	}
	return lowerCamel(w)
}

func caveatList(cs []CodeCaveatParam) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s (%s, caveat %s)", c.Name, c.Type, c.Caveat)
	}
	return strings.Join(parts, ", ")
}

func goIDParams(_ bool, params []codeParam) string {
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ") + " string"
}

func tsIDParams(ts bool, params []codeParam) string {
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
		if ts {
			names[i] += ": string"
		}
	}
	// One parameter a line, as Prettier formats a long signature.
	return strings.Join(names, ",\n  ")
}

// pythonDef lays out a def line as Black does at authzed-py's line length
// of 100: on one line, else the parameters on one indented line, else one
// parameter a line with a trailing comma. Each param may hold several,
// comma-separated.
func pythonDef(name, returns string, params ...string) string {
	var all []string
	for _, p := range params {
		if p != "" {
			all = append(all, strings.Split(p, ", ")...)
		}
	}
	joined := strings.Join(all, ", ")
	if line := "def " + name + "(" + joined + ") -> " + returns + ":"; len(line) <= 100 {
		return line
	}
	if len("    "+joined) <= 100 {
		return "def " + name + "(\n    " + joined + "\n) -> " + returns + ":"
	}
	return "def " + name + "(\n    " + strings.Join(all, ",\n    ") + ",\n) -> " + returns + ":"
}

func pyIDParams(_ bool, params []codeParam) string {
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name + ": str"
	}
	return strings.Join(names, ", ")
}

// goImportSpecs maps the package names a Go snippet may use to their
// import specs.
var goImportSpecs = map[string]string{
	"context":  `"context"`,
	"errors":   `"errors"`,
	"fmt":      `"fmt"`,
	"io":       `"io"`,
	"authzed":  `authzed "github.com/authzed/authzed-go/v1"`,
	"v1":       `v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"`,
	"structpb": `"google.golang.org/protobuf/types/known/structpb"`,
}

// finishGo gofmts the snippet and derives its imports from the package
// selectors it uses.
func finishGo(snippet string) (string, []string, error) {
	formatted, err := format.Source([]byte(snippet))
	if err != nil {
		return "", nil, fmt.Errorf("go template produced invalid code: %w\n%s", err, snippet)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+string(formatted), parser.SkipObjectResolution)
	if err != nil {
		return "", nil, fmt.Errorf("parsing rendered go code: %w", err)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var std, third []string
	for _, name := range []string{"context", "errors", "fmt", "io", "authzed", "v1", "structpb"} {
		if !used[name] {
			continue
		}
		if spec := goImportSpecs[name]; strings.Contains(spec, ".") {
			third = append(third, spec)
		} else {
			std = append(std, spec)
		}
	}
	return string(formatted), append(std, third...), nil
}

func finishJS(snippet string) (string, []string, error) {
	return snippet, []string{`import { v1 } from "@authzed/authzed-node";`}, nil
}

// untypedParams is a parameter list the TypeScript templates put one a
// line, once its types are gone.
var untypedParams = regexp.MustCompile(`\(\n((?:  [A-Za-z_]\w*,\n)+)\) \{`)

// finishJSOnly joins the parameters the TypeScript layout spread over
// lines for their types: (client, userId, documentId, token).
func finishJSOnly(snippet string) (string, []string, error) {
	snippet = untypedParams.ReplaceAllStringFunc(snippet, func(m string) string {
		params := strings.Fields(strings.NewReplacer("(", "", ")", "", "{", "", ",", " ").Replace(m))
		return "(" + strings.Join(params, ", ") + ") {"
	})
	return finishJS(snippet)
}

// pythonImports lists, per module, the names a Python snippet may use.
var pythonImports = []struct {
	module string
	names  []string
}{
	{"authzed.api.v1", []string{"CheckPermissionRequest", "CheckPermissionResponse", "Client", "Consistency", "DeleteRelationshipsRequest",
		"LookupResourcesRequest", "ObjectReference", "Relationship", "RelationshipFilter", "RelationshipUpdate", "SubjectFilter",
		"SubjectReference", "WriteRelationshipsRequest", "ZedToken"}},
	// authzed.api.v1 does not re-export the top-level LookupPermissionship enum.
	{"authzed.api.v1.permission_service_pb2", []string{"LookupPermissionship"}},
	{"google.protobuf.struct_pb2", []string{"Struct"}},
}

var pythonWord = regexp.MustCompile(`\b[A-Z][A-Za-z]+\b`)

func finishPython(snippet string) (string, []string, error) {
	used := map[string]bool{}
	for _, w := range pythonWord.FindAllString(snippet, -1) {
		used[w] = true
	}
	var imports []string
	for _, m := range pythonImports {
		var names []string
		for _, n := range m.names {
			if used[n] {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			imports = append(imports, "from "+m.module+" import "+strings.Join(names, ", "))
		}
	}
	return snippet, imports, nil
}
