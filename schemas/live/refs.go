package live

import (
	"fmt"
	"strings"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/spicedb/pkg/tuple"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// The consistency modes of a read, as SpiceDB names them.
const (
	MinimizeLatency = "minimize_latency"
	FullyConsistent = "fully_consistent"
	AtLeastAsFresh  = "at_least_as_fresh"
	AtExactSnapshot = "at_exact_snapshot"
)

// ConsistencyModes lists the modes in the order tools document them.
var ConsistencyModes = []string{MinimizeLatency, FullyConsistent, AtLeastAsFresh, AtExactSnapshot}

// Consistency says how fresh a read must be. Mode is one of
// ConsistencyModes (empty means minimize_latency); the two modes that
// pin a revision take a ZedToken, such as the one a write returned.
type Consistency struct {
	Mode     string
	ZedToken string
}

func (c Consistency) proto() (*v1.Consistency, error) {
	needsToken := c.Mode == AtLeastAsFresh || c.Mode == AtExactSnapshot
	switch {
	case needsToken && c.ZedToken == "":
		return nil, badArgument(fmt.Sprintf("consistency %s needs a zedtoken", c.Mode),
			"pass `zedtoken` (the token a write or an earlier read returned), or use minimize_latency or fully_consistent")
	case !needsToken && c.ZedToken != "":
		return nil, badArgument("a zedtoken is only used with at_least_as_fresh or at_exact_snapshot",
			"pass `consistency: at_least_as_fresh` with the token, or drop `zedtoken`")
	}
	switch c.Mode {
	case "", MinimizeLatency:
		return &v1.Consistency{Requirement: &v1.Consistency_MinimizeLatency{MinimizeLatency: true}}, nil
	case FullyConsistent:
		return &v1.Consistency{Requirement: &v1.Consistency_FullyConsistent{FullyConsistent: true}}, nil
	case AtLeastAsFresh:
		return &v1.Consistency{Requirement: &v1.Consistency_AtLeastAsFresh{AtLeastAsFresh: &v1.ZedToken{Token: c.ZedToken}}}, nil
	case AtExactSnapshot:
		return &v1.Consistency{Requirement: &v1.Consistency_AtExactSnapshot{AtExactSnapshot: &v1.ZedToken{Token: c.ZedToken}}}, nil
	}
	return nil, badArgument(fmt.Sprintf("unknown consistency %q", c.Mode), "use one of "+strings.Join(ConsistencyModes, ", "))
}

// ParseObject parses `type:id` into an object reference.
func ParseObject(arg, s string) (*v1.ObjectReference, error) {
	onr, err := tuple.ParseSubjectONR(strings.TrimSpace(s))
	if err != nil || onr.Relation != tuple.Ellipsis || onr.ObjectID == tuple.PublicWildcard {
		return nil, badArgument(fmt.Sprintf("%s %q is not an object reference", arg, s),
			fmt.Sprintf("pass %s as type:id, e.g. document:readme", arg))
	}
	return &v1.ObjectReference{ObjectType: onr.ObjectType, ObjectId: onr.ObjectID}, nil
}

// ParseSubject parses `type:id`, `type:id#relation` or `type:*`.
func ParseSubject(arg, s string) (*v1.SubjectReference, error) {
	onr, err := tuple.ParseSubjectONR(strings.TrimSpace(s))
	if err != nil {
		return nil, badArgument(fmt.Sprintf("%s %q is not a subject reference", arg, s),
			fmt.Sprintf("pass %s as type:id or type:id#relation, e.g. user:alice or group:eng#member", arg))
	}
	ref := &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: onr.ObjectType, ObjectId: onr.ObjectID}}
	if onr.Relation != tuple.Ellipsis {
		ref.OptionalRelation = onr.Relation
	}
	return ref, nil
}

// caveatContext converts the agent's caveat context; nil stays nil.
func caveatContext(ctx map[string]any) (*structpb.Struct, error) {
	if len(ctx) == 0 {
		return nil, nil
	}
	s, err := structpb.NewStruct(ctx)
	if err != nil {
		return nil, badArgument("caveat context: "+err.Error(), "pass `context` as a JSON object of caveat parameter values")
	}
	return s, nil
}

// objectString renders `type:id`.
func objectString(o *v1.ObjectReference) string {
	if o == nil {
		return ""
	}
	return o.ObjectType + ":" + o.ObjectId
}

// subjectString renders `type:id` or `type:id#relation`.
func subjectString(s *v1.SubjectReference) string {
	if s == nil {
		return ""
	}
	out := objectString(s.Object)
	if s.OptionalRelation != "" {
		out += "#" + s.OptionalRelation
	}
	return out
}

func badArgument(msg, fix string) error {
	return &schemas.InputError{Kind: schemas.ErrBadArgument, Message: msg, Fix: fix}
}
