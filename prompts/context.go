package prompts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// ContextRequest is what is known about the code being written: any of a
// file's parsed handlers, an explicit handler, resource and operation.
type ContextRequest struct {
	// File is root-relative; empty when the agent gave none.
	File string
	// Language is go, typescript, javascript or python; empty when unknown.
	Language string
	// Handler is the handler being written, when known.
	Handler *HandlerRef
	// Handlers are every handler found in the file.
	Handlers []HandlerRef
	// Identifiers are the file's resource-like names.
	Identifiers []string
	// Resource and Operation, when the agent named them.
	Resource  string
	Operation string
}

// HandlerRef is a handler as a frontend found it.
type HandlerRef struct {
	Function  string `json:"function"`
	Method    string `json:"method,omitempty"`
	Route     string `json:"route,omitempty"`
	RPC       string `json:"rpc,omitempty"`
	Framework string `json:"framework,omitempty"`
	Line      int    `json:"line"`
	// Operation is the frontend's inference (create, read, update,
	// delete, list or other).
	Operation string `json:"operation"`
}

// Title renders `POST /documents CreateDocument`.
func (h HandlerRef) Title() string {
	parts := []string{}
	if h.Method != "" {
		parts = append(parts, h.Method)
	}
	if h.Route != "" {
		parts = append(parts, h.Route)
	}
	if h.RPC != "" {
		parts = append(parts, h.RPC)
	}
	// An inline handler is already named after its route.
	if route := strings.Join(parts, " "); h.Function != route {
		parts = append(parts, h.Function)
	}
	return strings.Join(parts, " ")
}

// where renders the method and route (or RPC), the evidence an operation
// is inferred from.
func (h HandlerRef) where() string {
	if w := strings.TrimSpace(h.Method + " " + h.Route + " " + h.RPC); w != "" {
		return w
	}
	return "name"
}

// evidence names the kinds of evidence for a candidate (the handler's name
// and route are in the title), or the file's names when they are all.
func evidence(c schemas.ResourceCandidate) string {
	var kinds, names []string
	for _, b := range c.Because {
		if name, ok := strings.CutPrefix(b, "identifier "); ok {
			names = append(names, name)
			continue
		}
		for _, kind := range []string{"handler name", "handler type", "route"} {
			if strings.HasPrefix(b, kind) {
				kinds = append(kinds, kind)
			}
		}
	}
	if len(kinds) == 0 && len(names) > 0 {
		kinds = append(kinds, "names in the file: "+strings.Join(names[:min(2, len(names))], ", "))
	}
	return strings.Join(slices.Compact(kinds), ", ")
}

// AuthzContext is everything an agent needs to write one handler's
// authorization: the schema slice, the plan and the code.
type AuthzContext struct {
	File     string      `json:"file,omitempty"`
	Language string      `json:"language,omitempty"`
	Handler  *HandlerRef `json:"handler,omitempty"`
	// Resource is the definition the handler acts on; empty when the
	// evidence did not single one out (see ResourceCandidates).
	Resource           string                      `json:"resource,omitempty"`
	ResourceFrom       string                      `json:"resource_from,omitempty"`
	ResourceCandidates []schemas.ResourceCandidate `json:"resource_candidates"`
	Operation          string                      `json:"operation,omitempty"`
	OperationFrom      string                      `json:"operation_from,omitempty"`
	Slice              *SchemaSlice                `json:"slice,omitempty"`
	Plan               *schemas.Plan               `json:"plan,omitempty"`
	Code               *Code                       `json:"code,omitempty"`
	Pitfalls           []string                    `json:"pitfalls"`
	// Handlers lists every handler in the file with what it was inferred
	// to do.
	Handlers []HandlerSummary `json:"handlers"`
	// Next says what the agent should pass to get the rest, when
	// something could not be inferred.
	Next string `json:"next,omitempty"`
}

// SchemaSlice is one definition, compact: relations with subject types,
// permissions with a one-line meaning, and the parents arrows reach.
type SchemaSlice struct {
	Definition  string            `json:"definition"`
	Location    string            `json:"location"`
	Doc         string            `json:"doc,omitempty"`
	Relations   []SliceRelation   `json:"relations"`
	Permissions []SlicePermission `json:"permissions"`
	// Parents are `folder (via parent)`: types reached by arrows, named
	// and not expanded.
	Parents []string `json:"parents"`
}

// SliceRelation is a relation and its allowed subjects.
type SliceRelation struct {
	Name     string `json:"name"`
	Subjects string `json:"subjects"`
}

// SlicePermission is a permission and its meaning.
type SlicePermission struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
	Meaning    string `json:"meaning"`
}

// HandlerSummary is one handler of the file with its inferred resource
// and operation.
type HandlerSummary struct {
	HandlerRef
	Resource string `json:"resource,omitempty"`
	// Check is the permission the plan checks (object#permission).
	Check string `json:"check,omitempty"`
}

// BuildContext assembles the authorization context for the request. It
// never guesses: an ambiguous resource comes back as ranked candidates
// with Next saying what to pass.
func BuildContext(m *schemas.Model, req ContextRequest) (*AuthzContext, error) {
	c := &AuthzContext{File: req.File, Language: req.Language, Handler: req.Handler, ResourceCandidates: []schemas.ResourceCandidate{}, Pitfalls: []string{}, Handlers: []HandlerSummary{}}
	for _, h := range req.Handlers {
		c.Handlers = append(c.Handlers, summarize(m, h))
	}
	if err := c.resolveResource(m, req); err != nil {
		return nil, err
	}
	if err := c.resolveOperation(req); err != nil {
		return nil, err
	}
	if c.Resource == "" {
		return c, nil
	}
	def, _ := m.Lookup(c.Resource)
	c.Slice = slice(m, def)
	if c.Operation == "" {
		c.Next = "pass `operation` (" + strings.Join(schemas.Operations, ", ") + ") or `handler` to get the checks and code"
		return c, nil
	}
	plan, err := m.PlanFor(c.Resource, c.Operation, hints(c.Handler)...)
	if err != nil {
		return nil, err
	}
	c.Plan = plan
	c.Pitfalls = pitfalls(plan)
	if c.Language == "" {
		c.Next = "pass `file` to get code in its language and client library"
		return c, nil
	}
	if req := CodeRequestFor(plan, c.Language); req.hasCalls() {
		code, err := RenderCode(req)
		if err != nil {
			return nil, fmt.Errorf("rendering %s code: %w", c.Language, err)
		}
		c.Code = &code
	}
	return c, nil
}

func (c *AuthzContext) resolveResource(m *schemas.Model, req ContextRequest) error {
	if req.Resource != "" {
		def, err := m.Lookup(req.Resource)
		if err != nil {
			return err
		}
		c.Resource, c.ResourceFrom = def.Name, "argument"
		return nil
	}
	var cands []schemas.ResourceCandidate
	if req.Handler != nil {
		cands = schemas.InferResource(m, req.Handler.Function, strings.TrimSpace(req.Handler.Route+" "+req.Handler.RPC), req.Identifiers)
	} else {
		cands = schemas.InferResource(m, "", "", req.Identifiers)
	}
	c.ResourceCandidates = cands
	if name, ok := schemas.Decisive(cands); ok {
		c.Resource, c.ResourceFrom = name, evidence(cands[0])
		return nil
	}
	if len(cands) == 0 {
		c.Next = "no definition of the schema matches this code's names; pass `resource` (" + strings.Join(m.DefinitionNames(), ", ") + ")"
	} else {
		names := make([]string, len(cands))
		for i, cand := range cands {
			names[i] = cand.Name
		}
		c.Next = "several definitions match; pass `resource`, one of: " + strings.Join(names, ", ")
	}
	return nil
}

func (c *AuthzContext) resolveOperation(req ContextRequest) error {
	switch {
	case req.Operation != "":
		if !slices.Contains(schemas.Operations, req.Operation) {
			return &schemas.InputError{Kind: schemas.ErrBadArgument, Message: fmt.Sprintf("unknown operation %q", req.Operation), Fix: "use one of: " + strings.Join(schemas.Operations, ", ")}
		}
		c.Operation, c.OperationFrom = req.Operation, "argument"
	case req.Handler != nil && req.Handler.Operation != "":
		c.Operation = schemas.RefineOperation(req.Handler.Operation, req.Handler.Function)
		c.OperationFrom = req.Handler.where()
	}
	return nil
}

// hints are the handler name's words, which may name a permission
// (CommentOnDocument → comment).
func hints(h *HandlerRef) []string {
	if h == nil {
		return nil
	}
	return schemas.Words(h.Function[strings.LastIndex(h.Function, ".")+1:])
}

func summarize(m *schemas.Model, h HandlerRef) HandlerSummary {
	s := HandlerSummary{HandlerRef: h}
	s.Operation = schemas.RefineOperation(h.Operation, h.Function)
	// The handler's own name and route only: the file's other names would
	// pin every handler to the file's main resource.
	name, ok := schemas.Decisive(schemas.InferResource(m, h.Function, strings.TrimSpace(h.Route+" "+h.RPC), nil))
	if !ok || s.Operation == schemas.OpOther && len(schemas.InferResource(m, h.Function, "", nil)) == 0 {
		return s
	}
	s.Resource = name
	if plan, err := m.PlanFor(name, s.Operation, hints(&h)...); err == nil {
		for _, chk := range []*schemas.PlannedCheck{plan.Check, plan.Lookup} {
			if chk != nil {
				s.Check = chk.Object + "#" + chk.Permission
			}
		}
	}
	return s
}

func slice(m *schemas.Model, def *schemas.Definition) *SchemaSlice {
	s := &SchemaSlice{Definition: def.Name, Location: def.Pos.String(), Doc: def.Doc, Relations: []SliceRelation{}, Permissions: []SlicePermission{}, Parents: []string{}}
	for _, r := range def.Relations {
		s.Relations = append(s.Relations, SliceRelation{Name: r.Name, Subjects: schemas.JoinSubjects(r.Subjects)})
	}
	seen := map[string]bool{}
	for _, p := range def.Permissions {
		s.Permissions = append(s.Permissions, SlicePermission{Name: p.Name, Expression: p.Expr.String(), Meaning: m.Meaning(def.Name, p)})
		p.Expr.Walk(func(e *schemas.Expr) {
			r := def.Relation(e.Tupleset)
			if e.Kind != schemas.ExprArrow || r == nil || seen[e.Tupleset] {
				return
			}
			seen[e.Tupleset] = true
			s.Parents = append(s.Parents, fmt.Sprintf("%s (via %s)", strings.Join(r.SubjectTypesOf(), " | "), e.Tupleset))
		})
	}
	return s
}

// pitfalls are the mistakes that apply to this plan.
func pitfalls(p *schemas.Plan) []string {
	out := []string{"check `" + checkName(p) + "`, a permission; relation names are only for writes"}
	if len(p.Writes) > 0 || len(p.Deletes) > 0 || p.Operation == schemas.OpDelete {
		out = append(out, "change relationships only after the database commit succeeds")
	}
	for _, w := range p.Writes {
		if w.From == "actor" {
			out = append(out, "the "+w.Subject+" ID comes from the session, never from the request body")
			break
		}
	}
	switch p.Operation {
	case schemas.OpList:
		out = append(out, "never fetch everything and filter afterwards in memory without a check")
	case schemas.OpDelete:
		out = append(out, "leftover relationships outlive the resource and grant access to a reused ID")
	}
	return out
}

func checkName(p *schemas.Plan) string {
	for _, c := range []*schemas.PlannedCheck{p.Check, p.Lookup} {
		if c != nil {
			return c.Object + "#" + c.Permission
		}
	}
	return p.Resource + "#<permission>"
}
