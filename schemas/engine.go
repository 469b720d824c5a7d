package schemas

import (
	"context"
	"fmt"
	"strings"
	"time"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/spicedb/pkg/development"
	core "github.com/authzed/spicedb/pkg/proto/core/v1"
	devinterface "github.com/authzed/spicedb/pkg/proto/developer/v1"
	"github.com/authzed/spicedb/pkg/schemadsl/generator"
	"github.com/authzed/spicedb/pkg/tuple"
	"github.com/rs/zerolog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// Engine is an in-process SpiceDB: spicedb's development context, holding
// a schema and test relationships in memory, with its v1 permissions
// service on an in-memory connection. It never talks to a live SpiceDB.
type Engine struct {
	model  *Model
	dev    *development.DevContext
	client v1.PermissionsServiceClient
	stop   func()
	rels   []TestRelationship
}

// NewEngine loads the model's schema and rels into a fresh in-process
// SpiceDB. A relationship SpiceDB rejects comes back as *InputError at its
// line; the Engine must be closed.
func NewEngine(ctx context.Context, m *Model, rels []TestRelationship) (*Engine, error) {
	schemaText, _, err := generator.GenerateSchema(ctx, m.Compiled().OrderedDefinitions)
	if err != nil {
		return nil, fmt.Errorf("engine: rendering the schema: %w", err)
	}
	tuples := make([]*core.RelationTuple, len(rels))
	for i, r := range rels {
		tuples[i] = r.Rel.ToCoreTuple()
	}
	dev, devErrs, err := development.NewDevContext(quietSpiceDB(ctx), &devinterface.RequestContext{Schema: schemaText, Relationships: tuples})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	if inputErrs := devErrs.GetInputErrors(); len(inputErrs) > 0 {
		return nil, rejectedRelationships(rels, inputErrs)
	}
	conn, stop, err := dev.RunV1InMemoryService()
	if err != nil {
		dev.Dispose()
		return nil, fmt.Errorf("engine: starting the in-memory service: %w", err)
	}
	return &Engine{model: m, dev: dev, client: v1.NewPermissionsServiceClient(conn), stop: stop, rels: rels}, nil
}

// quietSpiceDB hides the host's logger from spicedb's engine, which logs
// through the context. Its errors come back as results; what it logs
// besides is noise, such as a sub-check cut short when a union is decided
// reporting "datastore is closed" after the engine is disposed.
func quietSpiceDB(ctx context.Context) context.Context {
	return zerolog.Nop().WithContext(ctx)
}

// rejectedRelationships places the errors SpiceDB raised while writing:
// the schema checks in ParseRelationships catch most, and this is the
// backstop for the rest (a caveat context of the wrong type, say).
func rejectedRelationships(rels []TestRelationship, errs []*devinterface.DeveloperError) *InputError {
	problems := make([]RelationshipProblem, 0, len(errs))
	for _, e := range errs {
		p := RelationshipProblem{Line: 1, Col: 1, Text: e.GetContext(), Message: e.GetMessage()}
		for _, r := range rels {
			if r.Text == e.GetContext() || tuple.StringWithoutCaveatOrExpiration(r.Rel) == e.GetContext() {
				p.Line, p.Text = r.Line, r.Text
				break
			}
		}
		problems = append(problems, p)
	}
	return relationshipsProblem("relationships", problems)
}

// Close stops the in-memory service and frees the datastore.
func (e *Engine) Close() {
	e.stop()
	e.dev.Dispose()
}

// PermissionCheck is one check: resource#permission@subject, with the
// caveat context it is evaluated with.
type PermissionCheck struct {
	// Text is the check as written.
	Text     string
	Resource tuple.ObjectAndRelation
	Subject  tuple.ObjectAndRelation
	Context  map[string]any
}

// CheckResult is a check's answer and how SpiceDB reached it.
type CheckResult struct {
	Check   string         `json:"check"`
	Context map[string]any `json:"context,omitempty"`
	CheckAnswer
	// Definition is the checked permission in schema syntax, e.g.
	// "document#view = viewer + parent->view".
	Definition string `json:"definition"`
	// Path is the chain that granted it (or would, given the missing
	// context), subject first: ["user:alice", "group:eng#member",
	// "folder:root#viewer", "document:1#view"].
	Path []string `json:"path,omitempty"`
	// Relationships are the test relationships the path used, with their
	// lines.
	Relationships []UsedRelationship `json:"relationships,omitempty"`
	// GrantPaths are the schema's ways for the subject's type to hold the
	// permission (from Explain), given when it was not granted.
	GrantPaths []string `json:"grant_paths,omitempty"`
}

// UsedRelationship is a test relationship a grant went through.
type UsedRelationship struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Check runs one check through the v1 CheckPermission API with tracing on.
func (e *Engine) Check(ctx context.Context, c PermissionCheck) (*CheckResult, error) {
	req := &v1.CheckPermissionRequest{
		Consistency: &v1.Consistency{Requirement: &v1.Consistency_FullyConsistent{FullyConsistent: true}},
		Resource:    &v1.ObjectReference{ObjectType: c.Resource.ObjectType, ObjectId: c.Resource.ObjectID},
		Permission:  c.Resource.Relation,
		Subject:     subjectRef(c.Subject),
		WithTracing: true,
	}
	if len(c.Context) > 0 {
		st, err := structpb.NewStruct(c.Context)
		if err != nil {
			return nil, &InputError{Kind: ErrBadArgument, Message: fmt.Sprintf("check %s: caveat context: %v", c.Text, err), Fix: "pass the context as a JSON object of caveat parameters"}
		}
		req.Context = st
	}
	resp, err := e.client.CheckPermission(ctx, req)
	if st, ok := status.FromError(err); ok && (st.Code() == codes.InvalidArgument || st.Code() == codes.FailedPrecondition) {
		// SpiceDB rejects the request itself: a caveat parameter of the
		// wrong type, say.
		return nil, &InputError{Kind: ErrBadArgument, Message: fmt.Sprintf("check %s: %s", c.Text, st.Message()), Fix: "give each caveat parameter a value of the type the caveat declares"}
	}
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", c.Text, err)
	}
	res := &CheckResult{Check: c.Text, Context: c.Context, CheckAnswer: FlattenCheck(resp, e.model), Definition: e.definitionOf(c.Resource)}
	if res.Permissionship != NoPermission {
		e.grantPath(res, c.Subject, resp.GetDebugTrace().GetCheck())
	} else {
		res.GrantPaths = e.grantPaths(c)
	}
	return res, nil
}

func subjectRef(s tuple.ObjectAndRelation) *v1.SubjectReference {
	ref := &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: s.ObjectType, ObjectId: s.ObjectID}}
	if s.Relation != tuple.Ellipsis {
		ref.OptionalRelation = s.Relation
	}
	return ref
}

// definitionOf renders the checked member in schema syntax.
func (e *Engine) definitionOf(onr tuple.ObjectAndRelation) string {
	d := e.model.Definition(onr.ObjectType)
	name := onr.ObjectType + "#" + onr.Relation
	if p := d.Permission(onr.Relation); p != nil {
		return fmt.Sprintf("%s = %s", name, p.Expr)
	}
	if r := d.Relation(onr.Relation); r != nil {
		return fmt.Sprintf("%s: %s", name, JoinSubjects(r.Subjects))
	}
	return name
}

// grantPath follows the trace from the check down to the relationship
// that granted it (or would, for a CONDITIONAL_PERMISSION answer) and records the
// chain and the relationships it used.
func (e *Engine) grantPath(res *CheckResult, subject tuple.ObjectAndRelation, root *v1.CheckDebugTrace) {
	want := StepGranted
	if res.Permissionship == ConditionalPermission {
		want = StepConditional
	}
	var chain []*v1.CheckDebugTrace
	for t := root; t != nil; {
		chain = append(chain, t)
		subtracted := subtractedMembers(e.model, t)
		var next *v1.CheckDebugTrace
		for _, c := range t.GetSubProblems().GetTraces() {
			if !subtracted[c.GetPermission()] && stepResult(c) == want {
				next = c
				break
			}
		}
		if next == nil && want == StepConditional {
			// A conditional result may come from a granted branch joined
			// with a caveated one; either leads to the grant.
			for _, c := range t.GetSubProblems().GetTraces() {
				if !subtracted[c.GetPermission()] && stepResult(c) == StepGranted {
					next = c
					break
				}
			}
		}
		t = next
	}
	res.Path = []string{tuple.StringONR(subject)}
	for i := len(chain) - 1; i >= 0; i-- {
		res.Path = append(res.Path, objectOf(chain[i]))
	}
	for i, t := range chain {
		var used *TestRelationship
		if i+1 < len(chain) {
			used = e.hop(t, chain[i+1])
		} else if kindOf(t) == "relation" {
			used = e.leaf(t, subject)
		}
		if used != nil {
			res.Relationships = append(res.Relationships, UsedRelationship{Line: used.Line, Text: used.Text})
		}
	}
}

// hop finds the relationship between a trace node and the child the grant
// went through: none within one object (a permission reading a relation),
// a subject set (folder:root#viewer@group:eng#member) under a relation,
// and an arrow's relationship (document:1#parent@folder:a) under a
// permission.
func (e *Engine) hop(parent, child *v1.CheckDebugTrace) *TestRelationship {
	pr, cr := parent.GetResource(), child.GetResource()
	if pr.GetObjectType() == cr.GetObjectType() && pr.GetObjectId() == cr.GetObjectId() {
		return nil
	}
	return e.find(func(r tuple.Relationship) bool {
		if r.Resource.ObjectType != pr.GetObjectType() || !idIn(r.Resource.ObjectID, pr.GetObjectId()) ||
			r.Subject.ObjectType != cr.GetObjectType() || !idIn(r.Subject.ObjectID, cr.GetObjectId()) {
			return false
		}
		if kindOf(parent) == "relation" {
			return r.Resource.Relation == parent.GetPermission() && r.Subject.Relation == child.GetPermission()
		}
		return r.Subject.Relation == tuple.Ellipsis
	})
}

// leaf finds the relationship that put the subject (or its type's
// wildcard) in a relation directly.
func (e *Engine) leaf(t *v1.CheckDebugTrace, subject tuple.ObjectAndRelation) *TestRelationship {
	res := t.GetResource()
	return e.find(func(r tuple.Relationship) bool {
		return r.Resource.ObjectType == res.GetObjectType() && idIn(r.Resource.ObjectID, res.GetObjectId()) &&
			r.Resource.Relation == t.GetPermission() && r.Subject.ObjectType == subject.ObjectType &&
			(r.Subject.ObjectID == subject.ObjectID && r.Subject.Relation == subject.Relation || r.Subject.ObjectID == tuple.PublicWildcard)
	})
}

// find returns the first unexpired test relationship that matches.
func (e *Engine) find(match func(tuple.Relationship) bool) *TestRelationship {
	now := time.Now()
	for i, r := range e.rels {
		if exp := r.Rel.OptionalExpiration; exp != nil && exp.Before(now) {
			continue
		}
		if match(r.Rel) {
			return &e.rels[i]
		}
	}
	return nil
}

// idIn reports whether id is one of a batched trace's comma-separated ids.
func idIn(id, ids string) bool {
	for _, each := range strings.Split(ids, ",") {
		if each == id {
			return true
		}
	}
	return false
}

// maxGrantPaths bounds the schema paths listed for a denied check.
const maxGrantPaths = 6

// grantPaths lists the schema's grant paths for the check's subject type:
// what would have to be written for the answer to change.
func (e *Engine) grantPaths(c PermissionCheck) []string {
	ex, err := e.model.Explain(c.Resource.ObjectType, c.Resource.Relation)
	if err != nil {
		return nil
	}
	subject := c.Subject.ObjectType
	if c.Subject.Relation != tuple.Ellipsis {
		subject += "#" + c.Subject.Relation
	}
	var out []string
	for _, p := range ex.Paths {
		if p.Subject != subject && p.Subject != c.Subject.ObjectType+":*" {
			continue
		}
		text := p.Text
		if len(p.Requires) > 0 {
			text += " [requires " + strings.Join(p.Requires, " and ") + "]"
		}
		if len(p.Unless) > 0 {
			text += " [unless " + strings.Join(p.Unless, " or ") + "]"
		}
		out = append(out, text)
	}
	if len(out) > maxGrantPaths {
		more := fmt.Sprintf("… %d more (explain_permission %s %s)", len(out)-maxGrantPaths, c.Resource.ObjectType, c.Resource.Relation)
		out = append(out[:maxGrantPaths], more)
	}
	return out
}
