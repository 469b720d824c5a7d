package schemas

import (
	"fmt"
	"slices"
	"strings"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
)

// The permissionship of a check, as SpiceDB's API names it without the
// PERMISSIONSHIP_ prefix. Lookups answer with the first and the last.
const (
	HasPermission = "HAS_PERMISSION"
	NoPermission  = "NO_PERMISSION"
	// ConditionalPermission means a caveat on the way lacks context to
	// decide.
	ConditionalPermission = "CONDITIONAL_PERMISSION"
)

// The results of a trace step: what one sub-problem contributed.
const (
	StepGranted     = "granted"
	StepDenied      = "denied"
	StepConditional = "conditional"
)

// MaxTraceSteps bounds the trace kept per check; a deep recursive schema
// would otherwise return thousands of steps.
const MaxTraceSteps = 40

// CheckAnswer is SpiceDB's answer to a CheckPermission with tracing on,
// flattened for a model to read. The in-process engine and the live
// client both answer with it.
type CheckAnswer struct {
	Permissionship string `json:"permissionship" jsonschema:"HAS_PERMISSION, NO_PERMISSION or CONDITIONAL_PERMISSION"`
	// MissingContext lists the caveat parameters a CONDITIONAL_PERMISSION
	// answer needs.
	MissingContext []string `json:"missing_context,omitempty"`
	// Trace is SpiceDB's debug trace, depth first, branches in name order.
	// A positive answer keeps only the branches that led to it; a negative
	// one keeps every branch, since each is a reason.
	Trace []TraceStep `json:"trace"`
	// TraceOmitted counts the steps left out: branches that did not grant,
	// and those past MaxTraceSteps.
	TraceOmitted int `json:"trace_omitted,omitempty"`
}

// TraceStep is one sub-problem SpiceDB evaluated.
type TraceStep struct {
	// Depth is 0 for the checked permission, 1 for what it evaluated, ...
	Depth int `json:"depth"`
	// Object is type:id#relation_or_permission; batched resources have
	// comma-separated ids.
	Object string `json:"object"`
	// Kind is relation or permission.
	Kind   string `json:"kind"`
	Result string `json:"result" jsonschema:"granted, denied or conditional"`
	// Caveat names the caveat evaluated here with its outcome:
	// "ip_allowlist: true", "ip_allowlist: missing client_ip".
	Caveat string `json:"caveat,omitempty"`
	// Cached marks a result SpiceDB answered from its cache.
	Cached bool `json:"cached,omitempty"`
	// Excluded marks the subtracted side of an exclusion (`- banned`):
	// granted there means denied above. Known when the schema is.
	Excluded bool `json:"excluded,omitempty"`
}

// FlattenCheck flattens a CheckPermission response. m, when not nil, is
// the schema the check ran against; it tells the excluded side of
// exclusions apart.
func FlattenCheck(resp *v1.CheckPermissionResponse, m *Model) CheckAnswer {
	a := CheckAnswer{
		Permissionship: permissionship(resp.GetPermissionship()),
		MissingContext: resp.GetPartialCaveatInfo().GetMissingRequiredContext(),
		Trace:          []TraceStep{},
	}
	positive := a.Permissionship != NoPermission
	var walk func(t *v1.CheckDebugTrace, depth int, excluded bool)
	walk = func(t *v1.CheckDebugTrace, depth int, excluded bool) {
		result := stepResult(t)
		if positive && depth > 0 && contributes(result, excluded) == StepDenied || len(a.Trace) == MaxTraceSteps {
			a.TraceOmitted += countSteps(t)
			return
		}
		a.Trace = append(a.Trace, TraceStep{Depth: depth, Object: objectOf(t), Kind: kindOf(t), Result: result,
			Caveat: caveatNote(t), Cached: t.GetWasCachedResult(), Excluded: excluded})
		subtracted := subtractedMembers(m, t)
		// SpiceDB dispatches branches concurrently, so they arrive in any
		// order; sorting renders the same answer the same way.
		subs := slices.Clone(t.GetSubProblems().GetTraces())
		slices.SortStableFunc(subs, func(x, y *v1.CheckDebugTrace) int { return strings.Compare(objectOf(x), objectOf(y)) })
		for _, sub := range subs {
			walk(sub, depth+1, subtracted[sub.GetPermission()])
		}
	}
	if root := resp.GetDebugTrace().GetCheck(); root != nil {
		walk(root, 0, false)
	}
	return a
}

func permissionship(p v1.CheckPermissionResponse_Permissionship) string {
	switch p {
	case v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:
		return HasPermission
	case v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION:
		return ConditionalPermission
	}
	return NoPermission
}

// contributes reads a step's result as its parent sees it: the excluded
// side of an exclusion denies what it grants.
func contributes(result string, excluded bool) string {
	if !excluded {
		return result
	}
	switch result {
	case StepGranted:
		return StepDenied
	case StepDenied:
		return StepGranted
	}
	return result
}

// stepResult reads a trace node's outcome. SpiceDB leaves a caveated
// node CONDITIONAL_PERMISSION in the trace; the caveat's evaluation, when
// its context was given, is the effective result.
func stepResult(t *v1.CheckDebugTrace) string {
	switch t.GetResult() {
	case v1.CheckDebugTrace_PERMISSIONSHIP_HAS_PERMISSION:
		return StepGranted
	case v1.CheckDebugTrace_PERMISSIONSHIP_CONDITIONAL_PERMISSION:
		switch t.GetCaveatEvaluationInfo().GetResult() {
		case v1.CaveatEvalInfo_RESULT_TRUE:
			return StepGranted
		case v1.CaveatEvalInfo_RESULT_FALSE:
			return StepDenied
		}
		return StepConditional
	}
	return StepDenied
}

func caveatNote(t *v1.CheckDebugTrace) string {
	ci := t.GetCaveatEvaluationInfo()
	if ci.GetCaveatName() == "" {
		return ""
	}
	switch ci.GetResult() {
	case v1.CaveatEvalInfo_RESULT_TRUE:
		return ci.GetCaveatName() + ": true"
	case v1.CaveatEvalInfo_RESULT_FALSE:
		return ci.GetCaveatName() + ": false"
	case v1.CaveatEvalInfo_RESULT_MISSING_SOME_CONTEXT:
		return ci.GetCaveatName() + ": missing " + strings.Join(ci.GetPartialCaveatInfo().GetMissingRequiredContext(), ", ")
	}
	return ci.GetCaveatName()
}

func objectOf(t *v1.CheckDebugTrace) string {
	return fmt.Sprintf("%s:%s#%s", t.GetResource().GetObjectType(), t.GetResource().GetObjectId(), t.GetPermission())
}

func kindOf(t *v1.CheckDebugTrace) string {
	if t.GetPermissionType() == v1.CheckDebugTrace_PERMISSION_TYPE_RELATION {
		return "relation"
	}
	return "permission"
}

func countSteps(t *v1.CheckDebugTrace) int {
	n := 1
	for _, sub := range t.GetSubProblems().GetTraces() {
		n += countSteps(sub)
	}
	return n
}

// subtractedMembers names the members on the right of the exclusions in a
// traced permission's expression: relations and permissions of its
// definition, and the targets of arrows. Without a model there are none.
func subtractedMembers(m *Model, t *v1.CheckDebugTrace) map[string]bool {
	if m == nil {
		return nil
	}
	d := m.Definition(t.GetResource().GetObjectType())
	if d == nil {
		return nil
	}
	p := d.Permission(t.GetPermission())
	if p == nil {
		return nil
	}
	out := map[string]bool{}
	p.Expr.Walk(func(x *Expr) {
		if x.Kind != ExprExclusion {
			return
		}
		for _, c := range x.Children[1:] {
			c.Walk(func(y *Expr) {
				switch y.Kind {
				case ExprRef:
					out[y.Name] = true
				case ExprArrow:
					out[y.Target] = true
				}
			})
		}
	})
	return out
}
