package coverage

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// handlerFacts is what the rules know about one handler.
type handlerFacts struct {
	h     *ProgramHandler
	route string
	// op is the handler's operation, after overrides.
	op       Operation
	override Override
	// resource is the type the handler acts on: from an override, or the
	// decisive inference on its name and route; "" when unknown.
	resource string
	// candidates are the types its name and route match at all.
	candidates []string
	// touches reports whether the handler acts on a resource: its name or
	// route matches a schema type, it reaches any SpiceDB call, or an
	// override gives it a resource or permission.
	touches bool
	exempt  string
	ops     []reachedOp
	funcs   int
}

// handlerResult is what one handler adds to a report. An incremental
// analysis reuses it while nothing the handler reaches changed.
type handlerResult struct {
	h         ProgramHandler
	report    HandlerReport
	protected bool
	exempt    bool
	// findings are the handler rules' findings, keyed as in add.
	findings []keyedCandidate
	// mwNodes are the nodes its middleware walks start at; capped is set
	// when its ops hit maxOpsPerFunc.
	mwNodes []memoID
	capped  bool
	// mwIdx are mwNodes' indexes in the walkState's nodes, and pos the
	// result's place in its handlers.
	mwIdx []int32
	pos   int32
}

// keyedCandidate is a finding with the key add gave it.
type keyedCandidate struct {
	key string
	c   candidate
}

// handler runs the handler rules on a handler and returns what it adds to
// the report (see record).
func (a *analysis) handler(h *ProgramHandler) *handlerResult {
	ops, funcs, mwNodes, capped, bypass := a.reach.handler(h)
	res := &handlerResult{h: *h, mwNodes: mwNodes, capped: capped}
	hf := &handlerFacts{h: h, route: routeOf(&h.Handler), op: h.Operation, ops: ops, funcs: funcs, override: a.cfg.override(h)}
	if hf.override.Operation != "" {
		hf.op = hf.override.Operation
	}
	a.inferResource(hf)
	res.protected = slices.ContainsFunc(ops, reachedOp.protects)
	hf.exempt = a.exemption(h)
	if hf.exempt == "" && !res.protected {
		// Middleware that lets the handler's requests through declares
		// them public, as a public_routes entry would.
		hf.exempt = bypass
	}
	hf.touches = hf.resource != "" || len(hf.candidates) > 0 || len(ops) > 0 || hf.override.Permission != ""
	res.report = handlerReport(hf)
	res.exempt = hf.exempt != ""
	if res.exempt || !hf.touches {
		return res
	}
	a.sink = &res.findings
	defer func() { a.sink = nil }()
	a.unprotectedHandler(hf)
	a.missingWrite(hf)
	a.missingDelete(hf)
	a.unfilteredList(hf)
	return res
}

// record adds a handler's result to the report.
func (a *analysis) record(res *handlerResult) {
	a.recordHandler(res)
	for _, kc := range res.findings {
		a.addCandidate(kc.key, kc.c)
	}
}

// recordHandler adds a handler's report and counts to the report.
func (a *analysis) recordHandler(res *handlerResult) {
	a.report.Handlers = append(a.report.Handlers, res.report)
	s := &a.report.Summary
	s.Handlers++
	if res.protected {
		s.Protected++
	}
	if res.exempt {
		s.Exempt++
	}
}

func (a *analysis) inferResource(hf *handlerFacts) {
	if a.model != nil {
		cands := schemas.InferResource(a.model, hf.h.Function, hf.h.Route+" "+hf.h.RPC, nil)
		for _, c := range cands {
			hf.candidates = append(hf.candidates, c.Name)
		}
		hf.resource, _ = schemas.Decisive(cands)
	}
	switch {
	case hf.override.Resource != "":
		hf.resource = hf.override.Resource
	case hf.override.Permission != "" && hf.op != OpCreate:
		// For create the permission is on the parent; otherwise it names
		// the resource itself.
		hf.resource, _, _ = strings.Cut(hf.override.Permission, "#")
	}
}

// exemption says why no handler rule applies, or "".
func (a *analysis) exemption(h *ProgramHandler) string {
	switch {
	case h.Public != "":
		return "authz:public " + h.Public
	case isProbeRoute(&h.Handler):
		return "health/metrics route"
	case h.Method == "OPTIONS":
		// A preflight or an Allow answer: it serves no resource.
		return "OPTIONS route"
	}
	if p, ok := a.cfg.publicRoute(&h.Handler); ok {
		return "public_routes: " + p
	}
	return ""
}

func isProbeRoute(h *Handler) bool {
	if h.Route != "" {
		return IsProbe(h.Route)
	}
	// grpc.health.v1.Health/Check and friends.
	service, _, _ := strings.Cut(h.RPC, "/")
	return h.RPC != "" && strings.EqualFold(service[strings.LastIndex(service, ".")+1:], "health")
}

// unprotectedHandler: no check, bulk check or LookupResources is reached
// (with an override's permission, none of that permission).
func (a *analysis) unprotectedHandler(hf *handlerFacts) {
	var reached []string
	for _, op := range hf.ops {
		if !op.protects() {
			continue
		}
		if hf.override.Permission == "" || matchesPermission(op, hf.override.Permission) {
			return
		}
		reached = append(reached, op.Resource.text()+"#"+op.Permission.text())
	}
	plan := a.plan(hf)
	if hf.override.Permission == "" && plan != nil && plan.Operation == schemas.OpCreate && plan.Check == nil {
		return // the schema has no parent permission that could gate creation
	}
	msg := fmt.Sprintf("%s %s but reaches no permission check (%s)", hf.h.Function, hf.doing(), hf.searched())
	if len(reached) > 0 {
		msg = fmt.Sprintf("%s %s and checks %s, but not %s, which the override at %s:%d requires", hf.h.Function, hf.doing(),
			strings.Join(dedupe(reached), ", "), hf.override.Permission, schemas.ConfigFile, hf.override.Line)
	}
	a.addHandler(hf, RuleUnprotectedHandler, msg, a.protectFix(hf, plan))
}

func matchesPermission(op reachedOp, required string) bool {
	typ, perm, _ := strings.Cut(required, "#")
	return (!op.Resource.Known() || op.Resource.Text == typ) && (!op.Permission.Known() || op.Permission.Text == perm)
}

// missingWrite: a create handler writes no relationship of the type it
// creates (any relationship, when the type is unknown).
func (a *analysis) missingWrite(hf *handlerFacts) {
	if hf.op != OpCreate || slices.ContainsFunc(hf.ops, func(op reachedOp) bool { return op.writes() && hf.mayBe(op.Resource) }) {
		return
	}
	plan := a.plan(hf)
	if plan != nil && len(plan.Writes) == 0 {
		return // the schema gives nothing to write for it
	}
	msg := fmt.Sprintf("%s %s but writes no relationship for it (%s), so nobody, not even its creator, gets access to it", hf.h.Function, hf.doing(), hf.searched())
	sh := shapesFor(hf.h.Language, hf.isRPC())
	fix := "after the insert commits, write the new object's relationships (its creator, e.g. `<type>:<id>#owner@user:<caller>`, and its parent) with TOUCH: " + sh.write([]string{"<type>:<id>#owner@user:<caller>"})
	if plan != nil {
		var refs []string
		for _, w := range plan.Writes {
			refs = append(refs, w.Ref())
		}
		fix = fmt.Sprintf("after the insert commits, write %s with TOUCH: %s", backticks(refs), sh.write(refs))
	}
	a.addHandler(hf, RuleMissingRelationshipWrite, msg, fix)
}

// missingDelete: a delete handler deletes no relationship of the type it
// deletes (as resource or as subject).
func (a *analysis) missingDelete(hf *handlerFacts) {
	if hf.op != OpDelete || slices.ContainsFunc(hf.ops, func(op reachedOp) bool {
		return op.deletes() && (hf.mayBe(op.Resource) || op.Subject.Known() && op.Subject.Text == hf.resource)
	}) {
		return
	}
	obj := hf.object()
	msg := fmt.Sprintf("%s %s but none of its relationships (%s), so they keep granting access, also to a new %s with the same ID", hf.h.Function, hf.doing(), hf.searched(), obj)
	sh := shapesFor(hf.h.Language, hf.isRPC())
	typ := cmp.Or(hf.resource, "<type>")
	fix := fmt.Sprintf("after the delete commits, delete the %s's relationships: %s", obj, sh.delete(typ))
	if plan := a.plan(hf); plan != nil && len(plan.DeleteAsSubject) > 0 {
		fix += fmt.Sprintf("; also delete those that hold it as a subject (%s) with a filter on the relation and OptionalSubjectFilter{SubjectType: %q, OptionalSubjectId: <id>}", strings.Join(plan.DeleteAsSubject, ", "), typ)
	}
	a.addHandler(hf, RuleMissingRelationshipDelete, msg, fix)
}

// unfilteredList: a list handler that checks something (else it is
// unprotected) but reaches no LookupResources, no bulk check and no check
// on the listed type.
func (a *analysis) unfilteredList(hf *handlerFacts) {
	if hf.op != OpList || hf.resource == "" || !slices.ContainsFunc(hf.ops, reachedOp.protects) {
		return
	}
	var checked []string
	for _, op := range hf.ops {
		switch {
		case op.Kind == OpLookupResources || op.Kind == OpBulkCheck:
			return
		case op.Kind == OpCheck && hf.mayBe(op.Resource):
			return
		case op.Kind == OpCheck:
			checked = append(checked, op.Resource.text()+"#"+op.Permission.text())
		}
	}
	msg := fmt.Sprintf("%s lists %s after checking %s, but never filters the %s it returns: no LookupResources, bulk check or check on %s",
		hf.h.Function, plural(hf.resource), strings.Join(dedupe(checked), ", "), plural(hf.resource), hf.resource)
	a.addHandler(hf, RuleUnfilteredList, msg, a.lookupFix(hf, a.plan(hf)))
}

// mayBe reports whether an op's type can be the handler's resource: it is,
// or one of them is unknown.
func (hf *handlerFacts) mayBe(v boundValue) bool {
	return hf.resource == "" || !v.Known() || v.Text == hf.resource
}

func (hf *handlerFacts) isRPC() bool { return hf.h.Route == "" && hf.h.RPC != "" }

// object names what the handler acts on: its type, the types it may act
// on, or "resource".
func (hf *handlerFacts) object() string {
	switch {
	case hf.resource != "":
		return hf.resource
	case len(hf.candidates) > 0:
		return strings.Join(hf.candidates, " or ")
	}
	return "resource"
}

// doing describes the operation: "updates a document".
func (hf *handlerFacts) doing() string {
	obj := hf.object()
	switch schemas.RefineOperation(string(hf.op), hf.h.Function) {
	case schemas.OpShare:
		return "shares " + article(obj)
	case schemas.OpUnshare:
		return "unshares " + article(obj)
	}
	switch hf.op {
	case OpCreate:
		return "creates " + article(obj)
	case OpRead:
		return "reads " + article(obj)
	case OpUpdate:
		return "updates " + article(obj)
	case OpDelete:
		return "deletes " + article(obj)
	case OpList:
		return "lists " + plural(obj)
	}
	return "acts on " + article(obj)
}

// searched says how much of the call graph the rule looked at.
func (hf *handlerFacts) searched() string {
	s := fmt.Sprintf("searched %d function%s", hf.funcs, plural1(hf.funcs))
	if n := len(hf.h.MiddlewareFuncs); n > 0 {
		s += fmt.Sprintf(", %d of them middleware", n)
	}
	return s
}

// plan is the schema's plan for the handler, or nil without a schema or a
// resource.
func (a *analysis) plan(hf *handlerFacts) *schemas.Plan {
	if a.model == nil || hf.resource == "" {
		return nil
	}
	fn := hf.h.Function[strings.LastIndex(hf.h.Function, ".")+1:]
	plan, err := a.model.PlanFor(hf.resource, schemas.RefineOperation(string(hf.op), hf.h.Function), schemas.Words(fn)...)
	if err != nil {
		return nil
	}
	return plan
}

// protectFix names the permission to check and the code shape.
func (a *analysis) protectFix(hf *handlerFacts, plan *schemas.Plan) string {
	sh := shapesFor(hf.h.Language, hf.isRPC())
	actor := "user"
	if plan != nil {
		actor = plan.Actor
	}
	if req := hf.override.Permission; req != "" {
		typ, perm, _ := strings.Cut(req, "#")
		return sh.checkSentence(typ, perm, actor, hf.op, hf.op == OpCreate)
	}
	if hf.op == OpList {
		return a.lookupFix(hf, plan)
	}
	switch {
	case a.model == nil:
		return fmt.Sprintf("check the caller's permission on the %s before acting: %s, and return %s unless HAS_PERMISSION; no schema is loaded, so point at it (--schema, or `schema:` in %s) to learn the exact permission",
			hf.object(), sh.check("<type>", "<permission>", actor), sh.deny, schemas.ConfigFile)
	case plan == nil:
		return fmt.Sprintf("the handler's name and route do not single out one type (%s): check the permission for %s on the one it acts on, e.g. %s, and return %s unless HAS_PERMISSION; or name it with `resource:` in an override in %s",
			hf.object(), hf.op, sh.check("<type>", "<permission>", actor), sh.deny, schemas.ConfigFile)
	case plan.Check != nil:
		return sh.checkSentence(plan.Check.Object, plan.Check.Permission, actor, hf.op, plan.Operation == schemas.OpCreate)
	}
	return fmt.Sprintf("the schema has no permission to check for %s on %s (%s); add one to the schema, then check it: %s",
		hf.op, hf.resource, strings.Join(plan.Notes, "; "), sh.check(hf.resource, "<permission>", actor))
}

// lookupFix shows LookupResources for a list.
func (a *analysis) lookupFix(hf *handlerFacts, plan *schemas.Plan) string {
	sh := shapesFor(hf.h.Language, hf.isRPC())
	typ, perm, actor := cmp.Or(hf.resource, "<type>"), "<permission>", "user"
	if plan != nil {
		actor = plan.Actor
		if plan.Lookup != nil {
			perm = plan.Lookup.Permission
		}
	}
	return fmt.Sprintf("list only what the caller may see: %s, and return only those IDs (or filter the page with CheckBulkPermissions on `%s#%s`)",
		sh.lookup(typ, perm, actor), typ, perm)
}

// addHandler records a finding about a handler, at the handler.
func (a *analysis) addHandler(hf *handlerFacts, rule, msg, fix string) {
	a.add(Finding{Rule: rule, File: hf.h.File, Line: hf.h.Line, Handler: hf.h.Function, Route: hf.route, Message: msg, Fix: fix}, hf.route+"|"+hf.h.Func, 0)
}

// opRules checks every SpiceDB call, as bound by every caller, against
// the schema, and checks that check results gate the response.
func (a *analysis) opRules() {
	// What callers make a non-gating wrapper check, for its message.
	boundAs := map[string][]string{}
	for _, op := range a.global {
		if b, ok := boundCheck(op); ok {
			k := op.place()
			boundAs[k] = append(boundAs[k], b)
		}
	}
	for _, op := range a.global {
		a.opRule(*op, boundAs[op.place()])
	}
}

// boundCheck returns what a check that does not gate checks, when its
// type and permission are known.
func boundCheck(op *reachedOp) (string, bool) {
	if op.isCheck() && !op.Gates && op.Resource.Known() && op.Permission.Known() {
		return op.Resource.Text + "#" + op.Permission.Text, true
	}
	return "", false
}

// place is the op's call site, file:line.
func (o *reachedOp) place() string { return o.File + ":" + strconv.Itoa(o.Line) }

// opRule runs the op rules on one op; boundAs are what the bindings of
// the calls at its place that do not gate check (see boundCheck).
func (a *analysis) opRule(op reachedOp, boundAs []string) {
	if op.isCheck() && !op.Gates && op.Checker == "" {
		msg := describe(op) + " does not gate the response: the code goes on whatever SpiceDB answers, so it fails open"
		if bound := dedupe(boundAs); len(bound) > 0 && readsBound(&op) {
			msg += " (its callers check " + listShort(bound) + ")"
		}
		fix := a.gateFix(op)
		switch wrapper := a.displayName(op.AnsweredBy); {
		case op.Late:
			msg = describe(op) + " runs after the middleware has handed the request on, so the handler has run whatever SpiceDB answers: it fails open"
			if wrapper != "" {
				msg = fmt.Sprintf("%s through %s runs after the middleware has handed the request on, so the handler has run whatever SpiceDB answers: it fails open", describe(op), wrapper)
			}
			fix = "make the check before handing the request on (next.ServeHTTP(w, r), c.Next(), next(c), handler(ctx, req)) and return 403 (PermissionDenied for RPCs) unless it grants access"
		case wrapper != "" && op.Unheeded:
			msg = fmt.Sprintf("%s through %s: this call tests the answer but goes on when it denies (the branch does not return), so it fails open", describe(op), wrapper)
			fix = "return (after writing 403, or PermissionDenied for RPCs) in the branch that sees the denial, so the code below it does not run"
		case wrapper != "" && op.AnswerIsError:
			msg = fmt.Sprintf("%s through %s, whose error this call throws away: the code goes on whatever SpiceDB answers, so it fails open", describe(op), wrapper)
			fix = fmt.Sprintf("keep the error %s returns and return 403 (PermissionDenied for RPCs) when it is not nil: if err := %s(...); err != nil { ... return }", wrapper, wrapper)
		case wrapper != "":
			msg = fmt.Sprintf("%s through %s, whose answer this call throws away: the code goes on whatever SpiceDB answers, so it fails open", describe(op), wrapper)
			fix = fmt.Sprintf("keep the answer %s returns and return 403 (PermissionDenied for RPCs) unless it grants access; testing only its error is not enough, since NO_PERMISSION is not an error", wrapper)
		}
		a.addOp(op, site{File: op.File, Line: op.Line, Func: op.Func}, RuleCheckResultIgnored, "", msg, fix)
	}
	if op.Kind == OpLookupResources && op.Unread {
		msg := describe(op) + ": the code throws its results away, so what it lists is not filtered by what the caller may see"
		if wrapper := a.displayName(op.AnsweredBy); wrapper != "" {
			msg = fmt.Sprintf("%s through %s, whose results this call throws away, so what it lists is not filtered by what the caller may see", describe(op), wrapper)
		}
		fix := "keep the IDs LookupResources returns and list only those objects (load them by ID, or filter the query with them)"
		a.addOp(op, site{File: op.File, Line: op.Line, Func: op.Func}, RuleCheckResultIgnored, "", msg, fix)
	}
	if a.model != nil {
		a.typeRules(op)
	}
}

// typeRules: the op's types, permission or relation and subject against
// the schema.
func (a *analysis) typeRules(op reachedOp) {
	if op.Subject.Known() && op.Subject.Text != "" && a.model.Definition(op.Subject.Text) == nil {
		a.unknownType(op, op.Subject, "subject type")
	}
	if !op.Resource.Known() {
		return
	}
	def := a.model.Definition(op.Resource.Text)
	if def == nil {
		a.unknownType(op, op.Resource, "type")
		return
	}
	if !op.Permission.Known() || op.Permission.Text == "" {
		return
	}
	name := op.Permission.Text
	switch {
	case op.Kind == OpWrite || op.Kind == OpDeleteRels:
		a.relationRules(op, def)
	case def.Permission(name) != nil:
	case def.Relation(name) != nil:
		a.relationChecked(op, def)
	default:
		a.unknownPermission(op, def)
	}
}

func (a *analysis) unknownType(op reachedOp, v boundValue, what string) {
	op = a.from(op, v.Site)
	msg := fmt.Sprintf("%s: %s `%s` is not defined in the schema", describe(op), what, v.Text)
	sugg := schemas.Suggest(v.Text, a.model.DefinitionNames())
	fix := fmt.Sprintf("use a type the schema defines (%s), or add `definition %s {}` to %s", listShort(a.model.DefinitionNames()), v.Text, a.model.Source)
	if len(sugg) > 0 {
		msg += fmt.Sprintf("; did you mean `%s`?", sugg[0])
		fix = fmt.Sprintf("replace %q with %q", v.Text, sugg[0])
	}
	a.addOp(op, v.Site, RuleUnknownResourceType, "type:"+v.Text, msg, fix)
}

func (a *analysis) unknownPermission(op reachedOp, def *schemas.Definition) {
	op = a.from(op, op.Permission.Site)
	name := op.Permission.Text
	var perms []string
	for _, p := range def.Permissions {
		perms = append(perms, p.Name)
	}
	msg := fmt.Sprintf("%s: %s has no permission `%s`", describe(op), def.Name, name)
	fix := fmt.Sprintf("use one of %s's permissions (%s), or add `permission %s = ...` to definition %s in %s", def.Name, listShort(perms), name, def.Name, a.model.Source)
	if sugg := schemas.Suggest(name, perms); len(sugg) > 0 {
		msg += fmt.Sprintf("; did you mean `%s`?", sugg[0])
		fix = fmt.Sprintf("replace %q with %q (`%s#%s`)", name, sugg[0], def.Name, sugg[0])
	}
	a.addOp(op, op.Permission.Site, RuleUnknownPermission, "perm:"+def.Name+"#"+name, msg, fix)
}

func (a *analysis) relationChecked(op reachedOp, def *schemas.Definition) {
	op = a.from(op, op.Permission.Site)
	rel := op.Permission.Text
	var users []string
	if ex, err := a.model.Explain(def.Name, rel); err == nil {
		for _, u := range ex.UsedBy {
			if typ, perm, _ := strings.Cut(u, "#"); typ == def.Name && def.Permission(perm) != nil {
				users = append(users, perm)
			}
		}
	}
	msg := fmt.Sprintf("%s: `%s` is a relation of %s, so the check sees only relationships written to it directly and none of the inherited paths", describe(op), rel, def.Name)
	fix := fmt.Sprintf("add a permission that includes it (e.g. `permission view = %s`) to definition %s and check that; check permission names, write relation names", rel, def.Name)
	if len(users) > 0 {
		fix = fmt.Sprintf("check the permission `%s#%s` instead (it includes %s and every inherited path): replace %q with %q; check permission names, write relation names", def.Name, users[0], rel, rel, users[0])
	}
	a.addOp(op, op.Permission.Site, RuleRelationCheckedDirectly, "rel:"+def.Name+"#"+rel, msg, fix)
}

// relationRules: a write's or delete's relation exists on the type and
// allows the subject.
func (a *analysis) relationRules(op reachedOp, def *schemas.Definition) {
	name := op.Permission.Text
	rel := def.Relation(name)
	if rel == nil {
		op := a.from(op, op.Permission.Site)
		var rels []string
		for _, r := range def.Relations {
			rels = append(rels, r.Name)
		}
		msg := fmt.Sprintf("%s: %s has no relation `%s`", describe(op), def.Name, name)
		fix := fmt.Sprintf("write one of %s's relations (%s)", def.Name, listShort(rels))
		if def.Permission(name) != nil {
			msg = fmt.Sprintf("%s: `%s` is a permission of %s, and permissions are computed, never written", describe(op), name, def.Name)
			if ex, err := a.model.Explain(def.Name, name); err == nil && len(ex.RequiredRelations) > 0 {
				fix = fmt.Sprintf("write the relation that grants it instead, one of: %s", listShort(ex.RequiredRelations))
			}
		} else if sugg := schemas.Suggest(name, rels); len(sugg) > 0 {
			msg += fmt.Sprintf("; did you mean `%s`?", sugg[0])
			fix = fmt.Sprintf("replace %q with %q (`%s#%s`)", name, sugg[0], def.Name, sugg[0])
		}
		a.addOp(op, op.Permission.Site, RuleInvalidRelationshipWrite, "rel:"+def.Name+"#"+name, msg, fix)
		return
	}
	if !op.Subject.Known() || a.model.Definition(op.Subject.Text) == nil || subjectAllowed(rel, op.Subject, op.SubjectRelation) {
		return
	}
	at := mismatchSite(op)
	op = a.from(op, at)
	subject := op.Subject.Text
	if op.SubjectRelation.present() {
		subject += "#" + op.SubjectRelation.text()
	}
	msg := fmt.Sprintf("%s: %s#%s allows %s, not %s", describe(op), def.Name, name, schemas.JoinSubjects(rel.Subjects), subject)
	fix := fmt.Sprintf("write a subject the relation allows (%s), or add `%s` to `relation %s` in %s", schemas.JoinSubjects(rel.Subjects), subject, name, a.model.Source)
	for _, s := range rel.Subjects {
		if s.Type == op.Subject.Text && s.Relation != "" {
			fix = fmt.Sprintf("write the subject set %s:<id>#%s (set OptionalRelation to %q), which %s#%s allows", s.Type, s.Relation, s.Relation, def.Name, name)
			break
		}
	}
	a.addOp(op, at, RuleInvalidRelationshipWrite, "subj:"+def.Name+"#"+name+"@"+subject, msg, fix)
}

// mismatchSite is where a relation and a subject it does not allow are
// reported: at the string a caller passed in, where the caller picks it
// (a generic wrapper writes whatever relation it is given), else at the
// subject written with the call.
func mismatchSite(op reachedOp) site {
	for _, v := range []boundValue{op.Permission, op.SubjectRelation, op.Subject} {
		if v.Known() && v.Site.Func != "" && v.Site.Func != op.Func {
			return v.Site
		}
	}
	if op.SubjectRelation.Known() {
		return op.SubjectRelation.Site
	}
	return op.Subject.Site
}

// subjectAllowed reports whether the relation allows the subject type,
// with the subject relation when one is given.
func subjectAllowed(rel *schemas.Relation, subject, subjectRel boundValue) bool {
	for _, s := range rel.Subjects {
		if s.Type != subject.Text {
			continue
		}
		switch {
		case subjectRel.Known() && subjectRel.Text != "":
			if s.Relation == subjectRel.Text {
				return true
			}
		case subjectRel.present(): // unknown subject relation: any form may fit
			return true
		case s.Relation == "":
			return true
		}
	}
	return false
}

// from returns op with its path from the function at the site: the
// offending string's function, which is where the finding is reported.
func (a *analysis) from(op reachedOp, at site) reachedOp {
	if at.Func != "" {
		op.Via, _ = a.reach.path(at.Func, op.Func)
	}
	return op
}

// addOp records an op-level finding at the site of the offending string,
// in the function whose code holds it. Among the bindings of one call
// that give the same finding, the one that owes least to callers beyond
// the site wins, so the message reads as the code at the site does.
func (a *analysis) addOp(op reachedOp, at site, rule, key, msg, fix string) {
	if at.File == "" {
		at = site{File: op.File, Line: op.Line, Func: op.Func}
	}
	rank := 0
	for _, v := range []boundValue{op.Resource, op.Permission, op.Subject, op.SubjectRelation} {
		if v.Known() && v.Site.Func != at.Func {
			rank++
		}
	}
	a.add(Finding{Rule: rule, File: at.File, Line: at.Line, Handler: a.funcName(at.Func), Route: a.routes[at.Func], Message: msg, Fix: fix}, key, rank)
}

// gateFix shows the comparison that makes a check gate.
func (a *analysis) gateFix(op reachedOp) string {
	lang, ok := LanguageOf(op.File)
	if !ok {
		lang = a.lang
	}
	sh := shapesFor(lang, false)
	return fmt.Sprintf("compare the answer before doing the work and return 403 (PermissionDenied for RPCs) unless %s; checking only the error is not enough, since NO_PERMISSION is not an error", sh.compare)
}

// describe renders an op for messages: "check of document#edit via
// svc.Update → authz.Require".
func describe(op reachedOp) string {
	var what string
	switch op.Kind {
	case OpCheck:
		what = "check of " + op.Resource.text() + "#" + op.Permission.text()
		if op.Checker != "" {
			what = "checker " + op.Checker + " call for " + op.Resource.text() + "#" + op.Permission.text()
		}
	case OpBulkCheck:
		what = "bulk check of " + op.Resource.text() + "#" + op.Permission.text()
	case OpLookupResources:
		what = "LookupResources of " + op.Resource.text() + "#" + op.Permission.text()
	case OpLookupSubjects:
		what = "LookupSubjects of " + op.Resource.text() + "#" + op.Permission.text()
	case OpWrite, OpDeleteRels:
		verb := "write"
		if op.deletes() {
			verb = "delete"
		}
		what = verb + " of " + op.Resource.text() + "#" + op.Permission.text()
		if op.Subject.present() {
			what += "@" + op.Subject.text()
			if op.SubjectRelation.present() {
				what += "#" + op.SubjectRelation.text()
			}
		}
	}
	return what + op.viaText()
}

// schemaRules fills the permission matrix and runs the rules that look at
// the code as a whole, permission-never-checked and type-never-written,
// on what the ops give them (see schemaInputs).
func (a *analysis) schemaRules(in *schemaInputs) {
	if a.model == nil {
		return
	}
	a.permissionMatrix(in.sortedSites, in.firstUnknownCheck)
	if unknownWrite := in.firstUnknownWrite(); unknownWrite != nil {
		a.report.Summary.Notes = append(a.report.Summary.Notes, fmt.Sprintf("%s skipped: the relationship write at %s:%d has a type the analysis cannot resolve, so any type may be written",
			RuleTypeNeverWritten, unknownWrite.File, unknownWrite.Line))
		return
	}
	for typ := range in.checked {
		at := in.firstCheck(typ)
		if in.written[typ] > 0 || a.model.Definition(typ) == nil {
			continue
		}
		fix := fmt.Sprintf("write %s's relationships where %s objects are created", typ, typ)
		if plan, err := a.model.PlanFor(typ, schemas.OpCreate); err == nil && len(plan.Writes) > 0 {
			var refs []string
			for _, w := range plan.Writes {
				refs = append(refs, w.Ref())
			}
			lang, ok := LanguageOf(at.File)
			if !ok {
				lang = a.lang
			}
			fix += fmt.Sprintf(": %s, e.g. %s", backticks(refs), shapesFor(lang, false).write(refs))
		}
		a.add(Finding{Rule: RuleTypeNeverWritten, File: at.File, Line: at.Line, Handler: a.funcName(at.Func), Route: a.routes[at.Func],
			Message: fmt.Sprintf("code checks permissions on %s but never writes a %s relationship, so every check answers NO_PERMISSION unless something else writes them", typ, typ),
			Fix:     fix}, "type:"+typ, 0)
	}
}

func (a *analysis) permissionMatrix(sites func(key string) []Site, unknownCheck func(typ string) *reachedOp) {
	for _, def := range a.model.Definitions {
		// A check the analysis cannot read may check any of the type's
		// permissions: none is said never to be checked.
		unknown := unknownCheck(def.Name)
		noted := false
		for _, p := range def.Permissions {
			key := def.Name + "#" + p.Name
			pc := PermissionCoverage{Resource: def.Name, Permission: p.Name, Sites: sites(key)}
			switch ex, err := a.model.Explain(def.Name, p.Name); {
			case len(pc.Sites) > 0:
				pc.Status = StatusCovered
			case err == nil && ex.Compositional:
				pc.Status = StatusCompositional
			case unknown != nil:
				pc.Status = StatusUncovered
				if !noted {
					noted = true
					a.report.Summary.Notes = append(a.report.Summary.Notes, fmt.Sprintf("%s skipped for %s: the %s at %s:%d names a permission the analysis cannot resolve, which may be any of them",
						RulePermissionNeverChecked, def.Name, opNoun(unknown.Kind), unknown.File, unknown.Line))
				}
			default:
				pc.Status = StatusUncovered
				sh := shapesFor(a.lang, false)
				a.add(Finding{Rule: RulePermissionNeverChecked, File: p.Pos.File, Line: p.Pos.Line,
					Message: fmt.Sprintf("%s is never checked: no check, lookup or configured checker in the code names it, and no other permission builds on it", key),
					Fix:     fmt.Sprintf("check `%s` in the handlers that perform it (%s), or remove it from the schema if nothing needs it", key, sh.check(def.Name, p.Name, a.model.ActorType())),
				}, key, 0)
			}
			a.report.Permissions = append(a.report.Permissions, pc)
		}
	}
}

// opNoun names an op's kind in a sentence.
func opNoun(k AuthzOpKind) string {
	switch k {
	case OpLookupResources, OpLookupSubjects:
		return "lookup"
	case OpBulkCheck:
		return "bulk check"
	}
	return "check"
}

// overrideRules checks the config's overrides against the schema.
func (a *analysis) overrideRules() {
	if a.model == nil {
		return
	}
	for _, o := range a.cfg.Overrides {
		at := Finding{File: schemas.ConfigFile, Line: o.Line, Handler: o.Handler, Route: o.Route}
		if o.Resource != "" && a.model.Definition(o.Resource) == nil {
			f := at
			f.Rule, f.Message = RuleUnknownResourceType, fmt.Sprintf("override resource `%s` is not defined in the schema", o.Resource)
			f.Fix = "use one of: " + listShort(a.model.DefinitionNames())
			a.add(f, "override:"+o.Resource, 0)
		}
		if o.Permission == "" {
			continue
		}
		typ, perm, _ := strings.Cut(o.Permission, "#")
		def := a.model.Definition(typ)
		f := at
		switch {
		case def == nil:
			f.Rule, f.Message, f.Fix = RuleUnknownResourceType, fmt.Sprintf("override permission %s: type `%s` is not defined in the schema", o.Permission, typ), "use one of: "+listShort(a.model.DefinitionNames())
		case def.Permission(perm) != nil:
			continue
		case def.Relation(perm) != nil:
			f.Rule, f.Message, f.Fix = RuleRelationCheckedDirectly, fmt.Sprintf("override permission %s names a relation, not a permission", o.Permission), "name the permission that includes it"
		default:
			var perms []string
			for _, p := range def.Permissions {
				perms = append(perms, p.Name)
			}
			f.Rule, f.Message, f.Fix = RuleUnknownPermission, fmt.Sprintf("override permission %s: %s has no permission `%s`", o.Permission, typ, perm), "use one of: "+listShort(perms)
			if sugg := schemas.Suggest(perm, perms); len(sugg) > 0 {
				f.Message += fmt.Sprintf("; did you mean `%s`?", sugg[0])
			}
		}
		a.add(f, "override:"+o.Permission, 0)
	}
}

// handlerReport lists the SpiceDB calls the handler reaches.
func handlerReport(hf *handlerFacts) HandlerReport {
	h := hf.h
	hr := HandlerReport{Language: string(h.Language), Framework: h.Framework, Method: h.Method, Route: cmp.Or(h.Route, h.RPC), Function: h.Function,
		File: h.File, Line: h.Line, Operation: string(hf.op), Resource: hf.resource, Exempt: hf.exempt,
		Checks: []OpSite{}, Writes: []OpSite{}, Deletes: []OpSite{}, Lookups: []OpSite{}}
	for _, op := range hf.ops {
		s := OpSite{Resource: op.Resource.text(), File: op.File, Line: op.Line, Via: op.Via}
		switch {
		case op.isCheck():
			s.Permission = op.Permission.text()
			if op.Kind == OpBulkCheck {
				s.Kind = string(op.Kind)
			}
			hr.Checks = append(hr.Checks, s)
		case op.Kind == OpLookupResources || op.Kind == OpLookupSubjects:
			s.Kind, s.Permission = string(op.Kind), op.Permission.text()
			hr.Lookups = append(hr.Lookups, s)
		default:
			if op.Permission.present() {
				s.Relation = op.Permission.text()
			}
			if op.Subject.present() {
				s.Subject = op.Subject.text()
				if op.SubjectRelation.present() {
					s.Subject += "#" + op.SubjectRelation.text()
				}
			}
			if op.deletes() {
				hr.Deletes = append(hr.Deletes, s)
			} else {
				hr.Writes = append(hr.Writes, s)
			}
		}
	}
	for _, list := range []*[]OpSite{&hr.Checks, &hr.Writes, &hr.Deletes, &hr.Lookups} {
		*list = sortOpSites(*list)
	}
	return hr
}

// assignIDs gives every handler a readable, unique ID: its route (or RPC,
// or function), with #2, #3… on repeats in sorted order.
func assignIDs(hs []HandlerReport) {
	seen := map[string]int{}
	for i := range hs {
		hs[i].ID = numberedID(idBase(&hs[i]), seen)
	}
}

// idBase is a handler's ID before a number tells apart handlers that
// share it.
func idBase(h *HandlerReport) string {
	if h.Route == "" {
		return h.File + ":" + h.Function
	}
	return strings.TrimSpace(h.Method + " " + h.Route)
}

// numberedID is the ID of the next handler with a base: the second and
// later get "#n".
func numberedID(base string, seen map[string]int) string {
	if seen[base]++; seen[base] > 1 {
		return base + "#" + strconv.Itoa(seen[base])
	}
	return base
}

// renumberIDs gives again, in order, the IDs of the handlers whose base
// is one of bases, and those of the handlers that have none: adding or
// removing a handler changes only the numbers of the handlers sharing
// its base. It gives every ID again when bases are many.
func renumberIDs(hs []HandlerReport, bases map[string]bool) {
	if len(bases) > 8 {
		assignIDs(hs)
		return
	}
	list := slices.Collect(maps.Keys(bases))
	seen := map[string]int{}
	for i := range hs {
		h := &hs[i]
		if h.ID != "" && !slices.ContainsFunc(list, func(b string) bool {
			return strings.HasPrefix(h.ID, b) && (len(h.ID) == len(b) || h.ID[len(b)] == '#')
		}) {
			continue // its own base is not among them
		}
		if base := idBase(h); bases[base] || h.ID == "" {
			h.ID = numberedID(base, seen)
		}
	}
}

func sortOpSites(s []OpSite) []OpSite {
	slices.SortFunc(s, func(x, y OpSite) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Resource, y.Resource),
			cmp.Compare(x.Permission, y.Permission), cmp.Compare(x.Relation, y.Relation), cmp.Compare(x.Subject, y.Subject),
			slices.Compare(x.Via, y.Via))
	})
	return slices.CompactFunc(s, func(x, y OpSite) bool {
		return x.File == y.File && x.Line == y.Line && x.Kind == y.Kind && x.Resource == y.Resource && x.Permission == y.Permission &&
			x.Relation == y.Relation && x.Subject == y.Subject && slices.Equal(x.Via, y.Via)
	})
}

func sortSites(s []Site) []Site {
	out := slices.Clone(s)
	slices.SortFunc(out, func(x, y Site) int {
		if x.File != y.File {
			return strings.Compare(x.File, y.File)
		}
		return cmp.Compare(x.Line, y.Line)
	})
	out = slices.Compact(out)
	if out == nil {
		out = []Site{}
	}
	return out
}

// compareOps orders ops by place, then by everything else: the first of
// a set does not depend on the order it was collected in.
func compareOps(x, y reachedOp) int {
	return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.key(), y.key()))
}

func cmpSite(x, y site) int {
	return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Func, y.Func))
}

// shapes are the client calls a fix shows, per language, in a compact
// pseudo-syntax: `document:<id>` stands for an ObjectReference.
type shapes struct {
	checkF, lookupF, writeF, deleteF, compare string
	deny                                      string
}

func shapesFor(lang Language, rpc bool) shapes {
	var s shapes
	switch lang {
	case TypeScript, JavaScript:
		s = shapes{
			checkF:  `await client.promises.checkPermission(v1.CheckPermissionRequest.create({resource: %s:<id>, permission: "%s", subject: %s:<caller>}))`,
			lookupF: `client.promises.lookupResources(v1.LookupResourcesRequest.create({resourceObjectType: "%s", permission: "%s", subject: %s:<caller>}))`,
			writeF:  `await client.promises.writeRelationships(v1.WriteRelationshipsRequest.create({updates: [%s]}))`,
			deleteF: `await client.promises.deleteRelationships(v1.DeleteRelationshipsRequest.create({relationshipFilter: {resourceType: "%s", optionalResourceId: <id>}}))`,
			compare: "res.permissionship === v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION",
		}
	case Python:
		s = shapes{
			checkF:  `client.CheckPermission(CheckPermissionRequest(resource=%s:<id>, permission="%s", subject=%s:<caller>))`,
			lookupF: `client.LookupResources(LookupResourcesRequest(resource_object_type="%s", permission="%s", subject=%s:<caller>))`,
			writeF:  `client.WriteRelationships(WriteRelationshipsRequest(updates=[%s]))`,
			deleteF: `client.DeleteRelationships(DeleteRelationshipsRequest(relationship_filter=RelationshipFilter(resource_type="%s", optional_resource_id=<id>)))`,
			compare: "resp.permissionship == CheckPermissionResponse.PERMISSIONSHIP_HAS_PERMISSION",
		}
	default:
		s = shapes{
			checkF:  `client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: %s:<id>, Permission: "%s", Subject: %s:<caller>})`,
			lookupF: `client.LookupResources(ctx, &v1.LookupResourcesRequest{ResourceObjectType: "%s", Permission: "%s", Subject: %s:<caller>})`,
			writeF:  `client.WriteRelationships(ctx, &v1.WriteRelationshipsRequest{Updates: [%s]})`,
			deleteF: `client.DeleteRelationships(ctx, &v1.DeleteRelationshipsRequest{RelationshipFilter: {ResourceType: "%s", OptionalResourceId: <id>}})`,
			compare: "resp.Permissionship == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION",
		}
	}
	s.deny = "403"
	if rpc {
		s.deny = "PermissionDenied"
	}
	return s
}

func (s shapes) check(typ, perm, actor string) string { return fmt.Sprintf(s.checkF, typ, perm, actor) }
func (s shapes) lookup(typ, perm, actor string) string {
	return fmt.Sprintf(s.lookupF, typ, perm, actor)
}
func (s shapes) delete(typ string) string { return fmt.Sprintf(s.deleteF, typ) }
func (s shapes) write(refs []string) string {
	ups := make([]string, len(refs))
	for i, r := range refs {
		ups[i] = "TOUCH " + r
	}
	return fmt.Sprintf(s.writeF, strings.Join(ups, ", "))
}

// checkSentence is the fix for a missing check; onParent says the check
// is on the container a new object goes into.
func (s shapes) checkSentence(typ, perm, actor string, op Operation, onParent bool) string {
	before := map[Operation]string{OpCreate: "insert", OpRead: "read", OpUpdate: "update", OpDelete: "delete", OpList: "query"}[op]
	on := ""
	if onParent {
		on = " on the " + typ + " the new object goes into"
	}
	return fmt.Sprintf("check `%s#%s`%s for the caller before the %s: %s and return %s unless HAS_PERMISSION",
		typ, perm, on, cmp.Or(before, "action"), s.check(typ, perm, actor), s.deny)
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func plural(noun string) string {
	if strings.Contains(noun, " or ") {
		return noun + " objects"
	}
	return schemas.Plural(noun)
}

func plural1(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func backticks(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, " and ")
}

func dedupe(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// listShort lists names for a fix, eliding past eight.
func listShort(names []string) string {
	if len(names) > 8 {
		return strings.Join(names[:8], ", ") + fmt.Sprintf(", … (%d more)", len(names)-8)
	}
	return strings.Join(names, ", ")
}
