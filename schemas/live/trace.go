package live

import (
	"fmt"
	"slices"
	"strings"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
)

// maxTraceSteps keeps a trace readable; deep schemas produce hundreds.
const maxTraceSteps = 40

// TraceStep is one node of a check's debug trace.
type TraceStep struct {
	// Depth is 0 for the checked permission, 1 for what it evaluated, ...
	Depth int `json:"depth"`
	// Object is `type:id#relation_or_permission`.
	Object string `json:"object"`
	// Kind is relation or permission.
	Kind   string `json:"kind"`
	Result string `json:"result" jsonschema:"has_permission, no_permission or conditional_permission"`
	Cached bool   `json:"cached,omitempty"`
	// Caveat is `name: result` when a caveat was evaluated.
	Caveat string `json:"caveat,omitempty"`
}

// flattenTrace walks the trace depth-first, branches in name order. When the answer is positive
// only the branches that granted are kept (the others are why-not noise);
// when it is negative every branch is kept, since each is a reason. It
// returns the steps and how many were left out.
func flattenTrace(root *v1.CheckDebugTrace, grantedOnly bool) ([]TraceStep, int) {
	steps := []TraceStep{}
	omitted := 0
	var walk func(t *v1.CheckDebugTrace, depth int)
	walk = func(t *v1.CheckDebugTrace, depth int) {
		if t == nil {
			return
		}
		result := traceResult(t.Result)
		cv := t.GetCaveatEvaluationInfo()
		// A caveated branch stays "conditional" in the trace even when the
		// caveat was evaluated; its evaluation is the effective result.
		if result == ConditionalPermission {
			switch cv.GetResult() {
			case v1.CaveatEvalInfo_RESULT_TRUE:
				result = HasPermission
			case v1.CaveatEvalInfo_RESULT_FALSE:
				result = NoPermission
			}
		}
		if grantedOnly && depth > 0 && result == NoPermission {
			omitted += countTrace(t)
			return
		}
		if len(steps) == maxTraceSteps {
			omitted += countTrace(t)
			return
		}
		step := TraceStep{Depth: depth, Object: objectString(t.Resource) + "#" + t.Permission, Kind: "permission", Result: result, Cached: t.GetWasCachedResult()}
		if t.PermissionType == v1.CheckDebugTrace_PERMISSION_TYPE_RELATION {
			step.Kind = "relation"
		}
		if cv.GetCaveatName() != "" {
			step.Caveat = cv.CaveatName + ": " + strings.ToLower(strings.TrimPrefix(cv.Result.String(), "RESULT_"))
		}
		steps = append(steps, step)
		// SpiceDB dispatches branches concurrently, so they arrive in any
		// order; sorting keeps the same answer rendered the same way.
		subs := slices.Clone(t.GetSubProblems().GetTraces())
		slices.SortStableFunc(subs, func(a, b *v1.CheckDebugTrace) int {
			return strings.Compare(objectString(a.Resource)+"#"+a.Permission, objectString(b.Resource)+"#"+b.Permission)
		})
		for _, sub := range subs {
			walk(sub, depth+1)
		}
	}
	walk(root, 0)
	return steps, omitted
}

func countTrace(t *v1.CheckDebugTrace) int {
	n := 1
	for _, sub := range t.GetSubProblems().GetTraces() {
		n += countTrace(sub)
	}
	return n
}

func traceResult(p v1.CheckDebugTrace_Permissionship) string {
	switch p {
	case v1.CheckDebugTrace_PERMISSIONSHIP_HAS_PERMISSION:
		return HasPermission
	case v1.CheckDebugTrace_PERMISSIONSHIP_CONDITIONAL_PERMISSION:
		return ConditionalPermission
	}
	return NoPermission
}

// FormatTrace renders steps as an indented tree, one line each:
// `✓ document:readme#view (permission)`.
func FormatTrace(steps []TraceStep, omitted int) string {
	var b strings.Builder
	for _, s := range steps {
		mark := map[string]string{HasPermission: "✓", NoPermission: "✗", ConditionalPermission: "?"}[s.Result]
		fmt.Fprintf(&b, "%s%s %s (%s)", strings.Repeat("  ", s.Depth), mark, s.Object, s.Kind)
		if s.Cached {
			b.WriteString(" cached")
		}
		if s.Caveat != "" {
			b.WriteString(" caveat " + s.Caveat)
		}
		b.WriteString("\n")
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "(%d more steps omitted: branches that did not grant, or past %d steps)\n", omitted, maxTraceSteps)
	}
	return strings.TrimRight(b.String(), "\n")
}
