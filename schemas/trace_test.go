package schemas_test

import (
	"fmt"
	"strings"
	"testing"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const (
	granted     = v1.CheckDebugTrace_PERMISSIONSHIP_HAS_PERMISSION
	denied      = v1.CheckDebugTrace_PERMISSIONSHIP_NO_PERMISSION
	conditional = v1.CheckDebugTrace_PERMISSIONSHIP_CONDITIONAL_PERMISSION
)

// traceNode builds a debug trace node for `type:id#member`; a member named
// like a relation (viewer, banned, member) is traced as one.
func traceNode(object string, result v1.CheckDebugTrace_Permissionship, subs ...*v1.CheckDebugTrace) *v1.CheckDebugTrace {
	typ, rest, _ := strings.Cut(object, ":")
	id, member, _ := strings.Cut(rest, "#")
	kind := v1.CheckDebugTrace_PERMISSION_TYPE_PERMISSION
	if member == "viewer" || member == "banned" || member == "member" {
		kind = v1.CheckDebugTrace_PERMISSION_TYPE_RELATION
	}
	t := &v1.CheckDebugTrace{Resource: &v1.ObjectReference{ObjectType: typ, ObjectId: id}, Permission: member, PermissionType: kind, Result: result}
	if len(subs) > 0 {
		t.Resolution = &v1.CheckDebugTrace_SubProblems_{SubProblems: &v1.CheckDebugTrace_SubProblems{Traces: subs}}
	}
	return t
}

func withCaveat(t *v1.CheckDebugTrace, result v1.CaveatEvalInfo_Result, missing ...string) *v1.CheckDebugTrace {
	t.CaveatEvaluationInfo = &v1.CaveatEvalInfo{CaveatName: "ip_allowlist", Result: result, PartialCaveatInfo: &v1.PartialCaveatInfo{MissingRequiredContext: missing}}
	return t
}

func answer(p v1.CheckPermissionResponse_Permissionship, root *v1.CheckDebugTrace) *v1.CheckPermissionResponse {
	return &v1.CheckPermissionResponse{Permissionship: p, DebugTrace: &v1.DebugInformation{Check: root}}
}

func stepLines(steps []schemas.TraceStep) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = fmt.Sprintf("%d %s %s %s", s.Depth, s.Object, s.Kind, s.Result)
		if s.Caveat != "" {
			out[i] += " (" + s.Caveat + ")"
		}
		if s.Cached {
			out[i] += " cached"
		}
		if s.Excluded {
			out[i] += " excluded"
		}
	}
	return out
}

func TestFlattenCheck(t *testing.T) {
	m := engineModel(t)
	cachedGroup := traceNode("group:eng#member", granted)
	cachedGroup.Resolution = &v1.CheckDebugTrace_WasCachedResult{WasCachedResult: true}
	tests := []struct {
		name    string
		resp    *v1.CheckPermissionResponse
		model   *schemas.Model
		want    []string
		omitted int
	}{
		{
			name: "a denial keeps every branch, in name order",
			resp: answer(v1.CheckPermissionResponse_PERMISSIONSHIP_NO_PERMISSION, traceNode("document:1#view", denied,
				traceNode("folder:a#view", denied, traceNode("folder:a#viewer", denied)),
				traceNode("document:1#viewer", denied))),
			want: []string{"0 document:1#view permission denied", "1 document:1#viewer relation denied", "1 folder:a#view permission denied", "2 folder:a#viewer relation denied"},
		},
		{
			name: "a grant leaves out the branches that did not grant, and counts them",
			resp: answer(v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION, traceNode("document:1#view", granted,
				traceNode("document:1#viewer", denied),
				traceNode("folder:a#view", granted, traceNode("folder:a#viewer", denied), traceNode("folder:root#view", granted, cachedGroup)))),
			want:    []string{"0 document:1#view permission granted", "1 folder:a#view permission granted", "2 folder:root#view permission granted", "3 group:eng#member relation granted cached"},
			omitted: 2,
		},
		{
			name:  "with the schema, the subtracted side of an exclusion is marked and a grant keeps it",
			model: m,
			resp: answer(v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION, traceNode("document:1#view", granted,
				traceNode("document:1#viewer", granted), traceNode("document:1#banned", denied))),
			want: []string{"0 document:1#view permission granted", "1 document:1#banned relation denied excluded", "1 document:1#viewer relation granted"},
		},
		{
			name: "without the schema, nothing is marked excluded",
			resp: answer(v1.CheckPermissionResponse_PERMISSIONSHIP_NO_PERMISSION, traceNode("document:1#view", denied,
				traceNode("document:1#viewer", granted), traceNode("document:1#banned", granted))),
			want: []string{"0 document:1#view permission denied", "1 document:1#banned relation granted", "1 document:1#viewer relation granted"},
		},
		{
			name: "a caveat's evaluation decides a conditional node",
			resp: answer(v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION, traceNode("document:1#view", conditional,
				withCaveat(traceNode("document:1#viewer", conditional), v1.CaveatEvalInfo_RESULT_MISSING_SOME_CONTEXT, "client_ip"),
				withCaveat(traceNode("document:2#viewer", conditional), v1.CaveatEvalInfo_RESULT_TRUE),
				withCaveat(traceNode("document:3#viewer", conditional), v1.CaveatEvalInfo_RESULT_FALSE))),
			want: []string{"0 document:1#view permission conditional",
				"1 document:1#viewer relation conditional (ip_allowlist: missing client_ip)",
				"1 document:2#viewer relation granted (ip_allowlist: true)"},
			omitted: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := schemas.FlattenCheck(tt.resp, tt.model)
			assert.Equal(t, tt.want, stepLines(a.Trace))
			assert.Equal(t, tt.omitted, a.TraceOmitted)
		})
	}
}

func TestFlattenCheckAnswer(t *testing.T) {
	for p, want := range map[v1.CheckPermissionResponse_Permissionship]string{
		v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:         schemas.HasPermission,
		v1.CheckPermissionResponse_PERMISSIONSHIP_NO_PERMISSION:          schemas.NoPermission,
		v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION: schemas.ConditionalPermission,
	} {
		a := schemas.FlattenCheck(&v1.CheckPermissionResponse{Permissionship: p}, nil)
		assert.Equal(t, want, a.Permissionship)
		assert.NotNil(t, a.Trace, "no trace is an empty list, not null")
		assert.Empty(t, a.Trace)
	}
	missing := schemas.FlattenCheck(&v1.CheckPermissionResponse{
		Permissionship:    v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION,
		PartialCaveatInfo: &v1.PartialCaveatInfo{MissingRequiredContext: []string{"client_ip"}},
	}, nil)
	assert.Equal(t, []string{"client_ip"}, missing.MissingContext)
}

func TestFlattenCheckBoundsTheTrace(t *testing.T) {
	subs := make([]*v1.CheckDebugTrace, schemas.MaxTraceSteps+9)
	for i := range subs {
		subs[i] = traceNode(fmt.Sprintf("folder:f%03d#view", i), denied)
	}
	a := schemas.FlattenCheck(answer(v1.CheckPermissionResponse_PERMISSIONSHIP_NO_PERMISSION, traceNode("document:1#view", denied, subs...)), nil)
	require.Len(t, a.Trace, schemas.MaxTraceSteps)
	assert.Equal(t, 10, a.TraceOmitted, "the root and 39 branches are kept of 50 steps")
	assert.Equal(t, "folder:f038#view", a.Trace[len(a.Trace)-1].Object)
}
