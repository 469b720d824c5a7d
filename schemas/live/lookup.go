package live

import (
	"context"
	"fmt"
	"slices"
	"strings"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// maxScannedSubjects bounds how many subjects lookup_subjects reads to
// sort and page them.
const maxScannedSubjects = 10000

// LookupResourcesRequest asks which objects of a type a subject can reach.
type LookupResourcesRequest struct {
	ResourceType string
	Permission   string
	Subject      string
	Consistency  Consistency
	Context      map[string]any
	Limit        int
	// Cursor continues from an earlier page.
	Cursor string
}

// Found is one object or subject a lookup returned.
type Found struct {
	ID             string   `json:"id"`
	Permissionship string   `json:"permissionship" jsonschema:"HAS_PERMISSION or CONDITIONAL_PERMISSION"`
	MissingContext []string `json:"missing_context,omitempty"`
	// Excluded lists subjects a wildcard leaves out (`user:*` minus these).
	Excluded []string `json:"excluded,omitempty"`
}

// LookupResult is one page of a lookup.
type LookupResult struct {
	// Query restates the question: `document#view @ user:alice`.
	Query string  `json:"query"`
	Found []Found `json:"found"`
	// Cursor continues the listing; empty when this is the last page.
	Cursor string `json:"cursor,omitempty"`
	// LookedUpAt is the ZedToken of the revision read.
	LookedUpAt string `json:"looked_up_at,omitempty"`
}

// LookupResources runs one page of LookupResources.
func (c *Client) LookupResources(ctx context.Context, r LookupResourcesRequest) (LookupResult, error) {
	subject, err := ParseSubject("subject", r.Subject)
	if err != nil {
		return LookupResult{}, err
	}
	limit, consistency, caveats, err := common(r.Limit, r.Consistency, r.Context)
	if err != nil {
		return LookupResult{}, err
	}
	req := &v1.LookupResourcesRequest{
		Consistency:        consistency,
		ResourceObjectType: r.ResourceType,
		Permission:         r.Permission,
		Subject:            subject,
		Context:            caveats,
		// One more than the page tells whether another page follows.
		OptionalLimit: uint32(limit + 1),
	}
	if r.Cursor != "" {
		req.OptionalCursor = &v1.Cursor{Token: r.Cursor}
	}
	ctx, cancel := c.call(ctx)
	defer cancel()
	stream, err := c.perms.LookupResources(ctx, req)
	if err != nil {
		return LookupResult{}, c.classify(ctx, "LookupResources", err)
	}
	out := LookupResult{Query: fmt.Sprintf("%s#%s @ %s", r.ResourceType, r.Permission, subjectString(subject)), Found: []Found{}}
	var cursors []string
	err = receive(ctx, c, "LookupResources", stream, func(resp *v1.LookupResourcesResponse) error {
		out.LookedUpAt = resp.GetLookedUpAt().GetToken()
		out.Found = append(out.Found, Found{ID: resp.ResourceObjectId, Permissionship: lookupPermissionship(resp.Permissionship),
			MissingContext: resp.GetPartialCaveatInfo().GetMissingRequiredContext()})
		cursors = append(cursors, resp.GetAfterResultCursor().GetToken())
		return nil
	})
	if err != nil {
		return LookupResult{}, err
	}
	if len(out.Found) > limit {
		out.Found = out.Found[:limit]
		out.Cursor = cursors[limit-1]
	}
	return out, nil
}

// LookupSubjectsRequest asks which subjects of a type hold a permission on
// an object.
type LookupSubjectsRequest struct {
	Resource        string
	Permission      string
	SubjectType     string
	SubjectRelation string
	Consistency     Consistency
	Context         map[string]any
	Limit           int
	Cursor          string
}

// LookupSubjects returns one page of the subjects, sorted by ID. Later
// pages read the snapshot the first page read, so pages never overlap or
// skip.
func (c *Client) LookupSubjects(ctx context.Context, r LookupSubjectsRequest) (LookupResult, error) {
	resource, err := ParseObject("resource", r.Resource)
	if err != nil {
		return LookupResult{}, err
	}
	var after subjectCursor
	if r.Cursor != "" {
		if after, err = decodeSubjectCursor(r.Cursor); err != nil {
			return LookupResult{}, err
		}
		r.Consistency = Consistency{Mode: AtExactSnapshot, ZedToken: after.Snapshot}
	}
	limit, consistency, caveats, err := common(r.Limit, r.Consistency, r.Context)
	if err != nil {
		return LookupResult{}, err
	}
	ctx, cancel := c.call(ctx)
	defer cancel()
	stream, err := c.perms.LookupSubjects(ctx, &v1.LookupSubjectsRequest{
		Consistency:             consistency,
		Resource:                resource,
		Permission:              r.Permission,
		SubjectObjectType:       r.SubjectType,
		OptionalSubjectRelation: r.SubjectRelation,
		Context:                 caveats,
	})
	if err != nil {
		return LookupResult{}, c.classify(ctx, "LookupSubjects", err)
	}
	subject := r.SubjectType
	if r.SubjectRelation != "" {
		subject += "#" + r.SubjectRelation
	}
	out := LookupResult{Query: fmt.Sprintf("%s#%s @ %s", objectString(resource), r.Permission, subject), Found: []Found{}}
	var all []Found
	err = receive(ctx, c, "LookupSubjects", stream, func(resp *v1.LookupSubjectsResponse) error {
		if len(all) == maxScannedSubjects {
			return badArgument(fmt.Sprintf("more than %d subjects hold %s", maxScannedSubjects, out.Query),
				"ask about a narrower permission or subject type, or use spicedb_read_relationships with a filter")
		}
		out.LookedUpAt = resp.GetLookedUpAt().GetToken()
		s := resp.GetSubject()
		f := Found{ID: s.GetSubjectObjectId(), Permissionship: lookupPermissionship(s.GetPermissionship()),
			MissingContext: s.GetPartialCaveatInfo().GetMissingRequiredContext()}
		for _, ex := range resp.GetExcludedSubjects() {
			f.Excluded = append(f.Excluded, ex.GetSubjectObjectId())
		}
		all = append(all, f)
		return nil
	})
	if err != nil {
		return LookupResult{}, err
	}
	slices.SortFunc(all, func(a, b Found) int { return strings.Compare(a.ID, b.ID) })
	start := 0
	if after.After != "" {
		start, _ = slices.BinarySearchFunc(all, after.After, func(f Found, id string) int {
			if f.ID <= id {
				return -1
			}
			return 1
		})
	}
	end := min(start+limit, len(all))
	out.Found = append(out.Found, all[start:end]...)
	if end < len(all) {
		snapshot := after.Snapshot
		if snapshot == "" {
			snapshot = out.LookedUpAt
		}
		out.Cursor = subjectCursor{Snapshot: snapshot, After: all[end-1].ID}.encode()
	}
	return out, nil
}

// common validates what every paged read takes.
func common(limit int, cons Consistency, ctx map[string]any) (int, *v1.Consistency, *structpb.Struct, error) {
	l, err := pageLimit(limit)
	if err != nil {
		return 0, nil, nil, err
	}
	p, err := cons.proto()
	if err != nil {
		return 0, nil, nil, err
	}
	s, err := caveatContext(ctx)
	return l, p, s, err
}

func lookupPermissionship(p v1.LookupPermissionship) string {
	if p == v1.LookupPermissionship_LOOKUP_PERMISSIONSHIP_CONDITIONAL_PERMISSION {
		return schemas.ConditionalPermission
	}
	return schemas.HasPermission
}
