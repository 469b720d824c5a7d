package live

import (
	"context"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"

	"github.com/ambient-authz/ambient-authz/schemas"
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
	Resource   string `json:"resource"`
	Permission string `json:"permission"`
	Subject    string `json:"subject"`
	// CheckAnswer carries no Excluded marks: the live schema is not at hand.
	schemas.CheckAnswer
	// CheckedAt is the ZedToken of the revision the check read.
	CheckedAt string `json:"checked_at"`
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
	return CheckResult{
		Resource:    objectString(resource),
		Permission:  r.Permission,
		Subject:     subjectString(subject),
		CheckAnswer: schemas.FlattenCheck(resp, nil),
		CheckedAt:   resp.GetCheckedAt().GetToken(),
	}, nil
}
