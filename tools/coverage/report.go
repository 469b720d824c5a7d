package coverage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// ReportVersion is the version of the report's JSON contract.
const ReportVersion = 1

// Report is the result of a coverage run; its JSON form is the contract
// in DESIGN.md. Everything in it is sorted, so the same input gives
// byte-identical JSON.
//
// The reports Analyze returns through an AnalysisCache share their
// slices with the cache and with each other: read them, set the fields,
// but never write into the slices. ApplyBaseline and Scope copy what
// they change.
type Report struct {
	Version     int                  `json:"version"`
	Root        string               `json:"root"`
	Schema      SchemaInfo           `json:"schema"`
	Handlers    []HandlerReport      `json:"handlers"`
	Findings    []Finding            `json:"findings"`
	Permissions []PermissionCoverage `json:"permissions"`
	Summary     Summary              `json:"summary"`
	// Passed is false when a finding at error severity is not baselined.
	Passed bool `json:"passed"`
}

// SchemaInfo names the schema the run checked against.
type SchemaInfo struct {
	Path        string `json:"path"`
	Definitions int    `json:"definitions"`
	// Missing reports that no schema was loaded, so the rules that need one
	// were skipped.
	Missing bool `json:"missing,omitempty"`
}

// HandlerReport is one handler with the SpiceDB calls it reaches.
type HandlerReport struct {
	ID        string `json:"id"`
	Language  string `json:"language"`
	Framework string `json:"framework"`
	Method    string `json:"method"`
	// Route is the route pattern, or the RPC name for RPC handlers.
	Route     string `json:"route"`
	Function  string `json:"function"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Operation string `json:"operation"`
	// Resource is the schema type the handler acts on, when inference (or
	// an override) singles one out.
	Resource string `json:"resource,omitempty"`
	// Exempt says why no rule applies to the handler: `authz:public
	// <reason>`, a health route, a public_routes entry, middleware that
	// lets its requests through before its checks (`let through by ...`).
	Exempt  string   `json:"exempt,omitempty"`
	Checks  []OpSite `json:"checks"`
	Writes  []OpSite `json:"writes"`
	Deletes []OpSite `json:"deletes"`
	Lookups []OpSite `json:"lookups"`
}

// OpSite is a SpiceDB call a handler reaches. Unknown operands show as
// `<expr>` (or `?`).
type OpSite struct {
	// Kind is set where the list mixes kinds: bulk_check among checks,
	// lookup_resources or lookup_subjects among lookups.
	Kind       string `json:"kind,omitempty"`
	Resource   string `json:"resource"`
	Permission string `json:"permission,omitempty"`
	Relation   string `json:"relation,omitempty"`
	Subject    string `json:"subject,omitempty"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	// Via lists the functions between the handler and the call.
	Via []string `json:"via,omitempty"`
}

// Finding is one rule violation.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	// Handler is the function the finding is about: the handler, or the
	// function whose code holds the offending call or string.
	Handler string `json:"handler"`
	// Route is `METHOD /route` or the RPC name, when the finding is about
	// a handler.
	Route   string `json:"route"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Baselined marks a known finding that does not fail the run.
	Baselined bool `json:"baselined,omitempty"`
}

// PermissionCoverage says whether code checks a schema permission.
type PermissionCoverage struct {
	Resource   string `json:"resource"`
	Permission string `json:"permission"`
	// Status is covered, uncovered, or compositional (not checked, but
	// other permissions build on it).
	Status string `json:"status"`
	Sites  []Site `json:"sites"`
}

// The permission statuses.
const (
	StatusCovered       = "covered"
	StatusUncovered     = "uncovered"
	StatusCompositional = "compositional"
)

// Site is a place in the code.
type Site struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Summary counts the report. Severity counts leave out baselined findings.
type Summary struct {
	Handlers      int            `json:"handlers"`
	Protected     int            `json:"protected"`
	Exempt        int            `json:"exempt"`
	Findings      int            `json:"findings"`
	Errors        int            `json:"errors"`
	Warnings      int            `json:"warnings"`
	Info          int            `json:"info"`
	Baselined     int            `json:"baselined"`
	ByRule        map[string]int `json:"by_rule"`
	Permissions   int            `json:"permissions"`
	Covered       int            `json:"covered"`
	Uncovered     int            `json:"uncovered"`
	Compositional int            `json:"compositional"`
	Skipped       []SkippedFile  `json:"skipped"`
	// Notes say what the run could not do: no schema, a rule skipped, the
	// call graph truncated.
	Notes []string `json:"notes"`
}

// JSON renders the report as indented JSON with a trailing newline.
func (r *Report) JSON() ([]byte, error) {
	data, err := marshalJSON(r)
	if err != nil {
		return nil, fmt.Errorf("encoding report: %w", err)
	}
	return data, nil
}

// marshalJSON indents and keeps `<`, `>` and `&` as they are: fixes show
// `document:<id>`.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Analyze runs every rule over the program and the schema (model may be
// nil: the rules that need no schema still run, and the report says the
// schema is missing). cfg may be nil. The baseline in cfg is applied. The
// only errors are ctx's.
//
// Handler rules apply to a handler that is not exempt (`authz:public`, a
// health, readiness or metrics route, public_routes) and touches a
// resource: its name or route matches a schema type, it reaches any
// SpiceDB call, or an override names its resource or permission. Its
// resource is the override's, or InferResource's decisive answer on its
// name and route; its operation is Handler.Operation unless overridden.
// Op rules check every SpiceDB call once per binding its callers give it,
// and report at the place the offending string is written.
//
// With prog.Analysis set, an unchanged program gets the last report
// again, and an edited one is analyzed incrementally (see walkState):
// the report is the one a fresh analysis gives, byte for byte.
func Analyze(ctx context.Context, prog *Program, model *schemas.Model, cfg *Config) (*Report, error) {
	if prog == nil {
		prog = &Program{}
	}
	if cfg == nil {
		cfg = &Config{}
	}
	a := newAnalysis(ctx, prog, model, cfg)
	var prev *previous
	if prog.Analysis != nil {
		var r *Report
		if r, prev = prog.Analysis.take(prog, model, cfg); r != nil {
			return r, nil
		}
		a.track = true
	}
	if err := a.run(prev); err != nil {
		return nil, err
	}
	r := a.report
	// Sorted first, so a baseline entry that two findings match marks
	// the same one every run.
	r.finish()
	r.ApplyBaseline(cfg.BaselineFindings)
	if prog.Analysis != nil {
		prog.Analysis.keep(a, r)
	}
	return r, nil
}

// finish sorts the findings and recomputes the summary and the verdict.
// Findings already sorted (a report Analyze made) are left as they are:
// the slice may be shared (see Report), so unsorted ones are sorted in a
// copy.
func (r *Report) finish() {
	sorted := func(x, y Finding) int { return compareFindings(&x, &y) }
	if !slices.IsSortedFunc(r.Findings, sorted) {
		r.Findings = slices.Clone(r.Findings)
		slices.SortFunc(r.Findings, sorted)
	}
	s := &r.Summary
	s.Findings, s.Errors, s.Warnings, s.Info, s.Baselined = len(r.Findings), 0, 0, 0, 0
	s.ByRule = map[string]int{}
	for _, f := range r.Findings {
		s.ByRule[f.Rule]++
		switch {
		case f.Baselined:
			s.Baselined++
		case f.Severity == SeverityError:
			s.Errors++
		case f.Severity == SeverityWarning:
			s.Warnings++
		case f.Severity == SeverityInfo:
			s.Info++
		}
	}
	s.Permissions, s.Covered, s.Uncovered, s.Compositional = len(r.Permissions), 0, 0, 0
	for _, p := range r.Permissions {
		switch p.Status {
		case StatusCovered:
			s.Covered++
		case StatusUncovered:
			s.Uncovered++
		case StatusCompositional:
			s.Compositional++
		}
	}
	r.Passed = s.Errors == 0
}

// compareFindings orders findings by place, rule, handler, route,
// message and fix. It compares no further than it must: a rescan sorts
// tens of thousands of findings with long messages.
func compareFindings(x, y *Finding) int {
	if c := cmp.Compare(x.File, y.File); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Line, y.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Rule, y.Rule); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Handler, y.Handler); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Route, y.Route); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Message, y.Message); c != 0 {
		return c
	}
	return cmp.Compare(x.Fix, y.Fix)
}

// analysis holds one run's state.
type analysis struct {
	ctx    context.Context
	prog   *Program
	model  *schemas.Model
	cfg    *Config
	reach  *reacher
	report *Report
	// global holds every op reachable from any function, once per binding
	// its callers give it.
	global []*reachedOp
	// findings are deduplicated by findingKey.
	findings map[string]candidate
	// routes maps a handler's Func ID to its route, for op-level findings.
	routes map[string]string
	// lang is the language fix texts use when a finding has no source file.
	lang Language
	// workers is how many walk the call graph; 0 picks by the machine and
	// the program's size.
	workers int
	// seeds hash memo keys, the same in every share.
	seeds [2]maphash.Seed
	// track says to keep the walks' results in state, for the next
	// analysis of the program after an edit (see walkState).
	track bool
	state *walkState
	// results are a share's handler results, in order, when tracking.
	results []*handlerResult
	// rewalked is set when the walks were redone incrementally.
	rewalked *Rewalk
	// idsKept is set when the handlers kept the last report's IDs.
	idsKept bool
	// ws is the walk state the walks left, when tracking, whether or not
	// it is kept; edit is what an incremental analysis changed.
	ws   *walkState
	edit *edit
	// sink, when set, collects the findings add makes instead of adding
	// them: a handler's, which its result keeps.
	sink *[]keyedCandidate
}

// candidate is a finding and its rank among findings with the same key:
// lower wins.
type candidate struct {
	f    Finding
	rank int
}

func newAnalysis(ctx context.Context, prog *Program, model *schemas.Model, cfg *Config) *analysis {
	a := &analysis{ctx: ctx, prog: prog, model: model, cfg: cfg, seeds: newSeeds(), findings: map[string]candidate{}, routes: map[string]string{}, lang: Go}
	a.reach = newReacher(ctx, prog, cfg, a.seeds)
	a.report = &Report{Version: ReportVersion, Root: ".", Handlers: []HandlerReport{}, Findings: []Finding{}, Permissions: []PermissionCoverage{},
		Summary: Summary{ByRule: map[string]int{}, Skipped: []SkippedFile{}, Notes: []string{}}}
	if model != nil {
		a.report.Schema = SchemaInfo{Path: model.Source, Definitions: len(model.Definitions)}
	} else {
		a.report.Schema = SchemaInfo{Missing: true}
	}
	return a
}

// run analyzes the program; with the previous analysis's walks, only what
// the edit can have changed is walked again (see rewalk).
func (a *analysis) run(prev *previous) error {
	// With the same handlers, the last analysis's results hold them,
	// sorted, and its routes are theirs: rewalk reads them there.
	var handlers []ProgramHandler
	var lang Language
	if prev != nil && prev.sameHandlers {
		a.routes = prev.state.routes
		if len(prev.state.handlers) > 0 {
			lang = prev.state.handlers[0].h.Language
		}
	} else {
		handlers = a.includedHandlers()
		if prev == nil {
			a.recordRoutes(handlers)
		} // else rewalk patches the last analysis's routes
		if len(handlers) > 0 {
			lang = handlers[0].Language
		}
	}
	if lang != "" {
		a.lang = lang
	}
	done := false
	if prev != nil {
		var err error
		if done, err = a.rewalk(prev, handlers); err != nil {
			return err
		}
	}
	if !done {
		if prev != nil {
			// The last analysis's routes stay its own.
			a.routes = map[string]string{}
			if handlers == nil {
				handlers = a.includedHandlers()
			}
			a.recordRoutes(handlers)
		}
		if err := a.walkHandlers(handlers); err != nil {
			return err
		}
	}
	if !a.idsKept {
		assignIDs(a.report.Handlers)
	}
	patched := false
	if a.ws != nil {
		patched = a.trackedRules(a.ws)
	} else {
		a.opRules()
		a.schemaRules(a.schemaInputsOf(a.global))
	}
	if !patched {
		a.overrideRules()
		a.report.Findings = slices.Grow(a.report.Findings, len(a.findings))
		for _, c := range a.findings {
			a.report.Findings = append(a.report.Findings, c.f)
		}
	}
	a.notes()
	a.report.Summary.Skipped = append(a.report.Summary.Skipped, a.prog.Skipped...)
	slices.SortFunc(a.report.Summary.Skipped, func(x, y SkippedFile) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Reason, y.Reason))
	})
	return nil
}

// includedHandlers returns the included handlers, sorted: the program's
// own list when it is that already, as the Go frontend's is. Checking is
// cheaper than copying and sorting 20,000 handlers again after each edit.
func (a *analysis) includedHandlers() []ProgramHandler {
	hs := a.prog.Handlers
	// Handlers come by file: one answer per file.
	file, in := "", true
	included := func(h *ProgramHandler) bool {
		if h.File != file {
			file, in = h.File, a.cfg.Included(h.File)
		}
		return in
	}
	for i := range hs {
		if !included(&hs[i]) {
			out := slices.Clone(hs[:i])
			for j := i + 1; j < len(hs); j++ {
				if included(&hs[j]) {
					out = append(out, hs[j])
				}
			}
			hs = out
			break
		}
	}
	if cmp := func(x, y ProgramHandler) int { return compareHandlers(&x, &y) }; !slices.IsSortedFunc(hs, cmp) {
		hs = slices.Clone(hs)
		slices.SortStableFunc(hs, cmp)
	}
	return hs
}

// recordRoutes records the routes of the functions of handlers, in
// order: a function's route is that of its first handler with one.
func (a *analysis) recordRoutes(handlers []ProgramHandler) {
	for i := range handlers {
		h := &handlers[i]
		if h.Func != "" && a.routes[h.Func] == "" {
			a.routes[h.Func] = routeOf(&h.Handler)
		}
	}
}

// add records a finding unless its rule is off or its file excluded. Two
// findings with the same key (rule, place, offending name) are one; the
// lower rank wins, then the first in report order.
func (a *analysis) add(f Finding, key string, rank int) {
	f.Severity = a.cfg.severity(f.Rule)
	if f.Severity == SeverityOff || !a.configOrSchema(f.File) && !a.cfg.Included(f.File) {
		return
	}
	k, c := fmt.Sprintf("%s|%s|%d|%s", f.Rule, f.File, f.Line, key), candidate{f: f, rank: rank}
	if a.sink != nil {
		*a.sink = append(*a.sink, keyedCandidate{key: k, c: c})
		return
	}
	a.addCandidate(k, c)
}

// addCandidate keeps the better of two findings with one key: the lower
// rank, then the first in report order. Which one is kept does not
// depend on the order they come in.
func (a *analysis) addCandidate(k string, c candidate) {
	if old, ok := a.findings[k]; ok && (old.rank < c.rank || old.rank == c.rank && compareFindings(&old.f, &c.f) <= 0) {
		return
	}
	a.findings[k] = c
}

// configOrSchema reports whether file is the config or a schema file,
// which include and exclude globs do not apply to.
func (a *analysis) configOrSchema(file string) bool {
	return file == schemas.ConfigFile || a.model != nil && slices.Contains(a.model.Files, file)
}

// notes says what the run could not do.
func (a *analysis) notes() {
	s := &a.report.Summary
	if a.model == nil {
		var skipped []string
		for _, d := range RuleDocs {
			if d.NeedsSchema {
				skipped = append(skipped, d.Name)
			}
		}
		s.Notes = append(s.Notes, "no schema loaded: "+strings.Join(skipped, ", ")+" were skipped; "+
			"point at the schema with --schema or `schema:` in "+schemas.ConfigFile)
	}
	if a.reach.truncated {
		s.Notes = append(s.Notes, fmt.Sprintf("the call graph was cut short (a walk deeper than %d calls, more than %d nodes walked, or more than %d SpiceDB calls under one function); some checks may have been missed", maxReachDepth, maxReachSteps, maxOpsPerFunc))
	}
	lost := 0
	for _, f := range a.prog.Skipped {
		if !f.Unbuilt {
			lost++
		}
	}
	if lost > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%d file(s) could not be analyzed; their handlers and checks are missing from this report", lost))
	}
	for _, f := range a.prog.Files {
		if len(f.Errors) > 0 && a.cfg.Included(f.Path) {
			e := f.Errors[0]
			s.Notes = append(s.Notes, fmt.Sprintf("%s:%d:%d does not parse (%s): analyzed as far as it goes, so findings there may be incomplete", f.Path, e.Line, e.Col, e.Message))
		}
	}
	slices.Sort(s.Notes)
}

// routeOf renders a handler's route for findings: `METHOD /route`, or the
// RPC name.
func routeOf(h *Handler) string {
	if h.Route == "" {
		return h.RPC
	}
	return strings.TrimSpace(h.Method + " " + h.Route)
}

// funcName is the name of the function with the given ID, for findings.
func (a *analysis) funcName(id string) string {
	if f := a.prog.Funcs[id]; f != nil {
		return f.Name
	}
	return ""
}

// displayName names a function for messages (`authz.Can`), or "".
func (a *analysis) displayName(id string) string {
	if f := a.prog.Funcs[id]; f != nil {
		return displayName(f)
	}
	return ""
}

// Scope narrows the report to the files keep accepts: the paths or the
// changed files a run asked about. The analysis itself ran over the whole
// module, so a wrapper elsewhere still protects a handler in scope. The
// summary and the verdict are recomputed.
func (r *Report) Scope(keep func(file string) bool) {
	s := &r.Summary
	s.Handlers, s.Protected, s.Exempt = 0, 0, 0
	r.Handlers = keepWhere(r.Handlers, func(h *HandlerReport) bool { return keep(h.File) })
	r.Findings = keepWhere(r.Findings, func(f *Finding) bool { return keep(f.File) })
	for _, h := range r.Handlers {
		s.Handlers++
		if len(h.Checks) > 0 || slices.ContainsFunc(h.Lookups, func(o OpSite) bool { return o.Kind != string(OpLookupSubjects) }) {
			s.Protected++
		}
		if h.Exempt != "" {
			s.Exempt++
		}
	}
	r.finish()
}

// keepWhere returns the elements of s that keep accepts: s itself when
// it accepts them all, else a copy, since s may be shared.
func keepWhere[T any](s []T, keep func(*T) bool) []T {
	i := 0
	for i < len(s) && keep(&s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	out := slices.Clone(s[:i])
	for j := i + 1; j < len(s); j++ {
		if keep(&s[j]) {
			out = append(out, s[j])
		}
	}
	return out
}
