package live

import (
	"context"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
)

// Permissionship values, shared by checks and lookups.
const (
	HasPermission         = "has_permission"
	NoPermission          = "no_permission"
	ConditionalPermission = "conditional_permission"
)

// CheckRequest is one permission check.
type CheckRequest struct {
	Resource    string
	Permission  string
	Subject     string
	Consistency Consistency
	// Context holds caveat parameter values.
	Context map[string]any
}

// CheckResult is a check's answer with SpiceDB's own explanation.
type CheckResult struct {
	Resource       string `json:"resource"`
	Permission     string `json:"permission"`
	Subject        string `json:"subject"`
	Permissionship string `json:"permissionship" jsonschema:"has_permission, no_permission or conditional_permission"`
	// MissingContext names caveat parameters a conditional answer needs.
	MissingContext []string `json:"missing_context,omitempty"`
	// CheckedAt is the ZedToken of the revision the check read.
	CheckedAt string `json:"checked_at"`
	// Trace is SpiceDB's debug trace, flattened depth-first.
	Trace []TraceStep `json:"trace"`
	// TraceOmitted counts trace steps left out to keep the answer short.
	TraceOmitted int `json:"trace_omitted"`
}

// Check runs CheckPermission with tracing on.
func (c *Client) Check(ctx context.Context, r CheckRequest) (CheckResult, error) {
	resource, err := ParseObject("resource", r.Resource)
	if err != nil {
		return CheckResult{}, err
	}
	subject, err := ParseSubject("subject", r.Subject)
	if err != nil {
		return CheckResult{}, err
	}
	consistency, err := r.Consistency.proto()
	if err != nil {
		return CheckResult{}, err
	}
	caveats, err := caveatContext(r.Context)
	if err != nil {
		return CheckResult{}, err
	}
	ctx, cancel := c.call(ctx)
	defer cancel()
	resp, err := c.perms.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Consistency: consistency,
		Resource:    resource,
		Permission:  r.Permission,
		Subject:     subject,
		Context:     caveats,
		WithTracing: true,
	})
	if err != nil {
		return CheckResult{}, c.classify(ctx, "CheckPermission", err)
	}
	out := CheckResult{
		Resource:       objectString(resource),
		Permission:     r.Permission,
		Subject:        subjectString(subject),
		Permissionship: checkPermissionship(resp.Permissionship),
		MissingContext: resp.GetPartialCaveatInfo().GetMissingRequiredContext(),
		CheckedAt:      resp.GetCheckedAt().GetToken(),
	}
	out.Trace, out.TraceOmitted = flattenTrace(resp.GetDebugTrace().GetCheck(), out.Permissionship != NoPermission)
	return out, nil
}

func checkPermissionship(p v1.CheckPermissionResponse_Permissionship) string {
	switch p {
	case v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:
		return HasPermission
	case v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION:
		return ConditionalPermission
	}
	return NoPermission
}
