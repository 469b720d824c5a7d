package live

import (
	"context"
	"strings"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
)

// RelationshipFilter selects relationships; ResourceType is required.
type RelationshipFilter struct {
	ResourceType string
	ResourceID   string
	Relation     string
	// Subject is `type`, `type:id` or `type:id#relation`.
	Subject string
}

// ReadRequest is one page of ReadRelationships.
type ReadRequest struct {
	Filter      RelationshipFilter
	Consistency Consistency
	Limit       int
	Cursor      string
}

// ReadResult is one page of relationships.
type ReadResult struct {
	// Relationships are `document:readme#viewer@user:alice`, with
	// `[caveat]` or `[expiration:...]` when set.
	Relationships []string `json:"relationships"`
	Cursor        string   `json:"cursor,omitempty"`
	ReadAt        string   `json:"read_at,omitempty"`
}

// ReadRelationships reads one page of stored relationships.
func (c *Client) ReadRelationships(ctx context.Context, r ReadRequest) (ReadResult, error) {
	filter := &v1.RelationshipFilter{ResourceType: r.Filter.ResourceType, OptionalResourceId: r.Filter.ResourceID, OptionalRelation: r.Filter.Relation}
	if r.Filter.Subject != "" {
		sf, err := subjectFilter(r.Filter.Subject)
		if err != nil {
			return ReadResult{}, err
		}
		filter.OptionalSubjectFilter = sf
	}
	limit, consistency, _, err := common(r.Limit, r.Consistency, nil)
	if err != nil {
		return ReadResult{}, err
	}
	req := &v1.ReadRelationshipsRequest{Consistency: consistency, RelationshipFilter: filter, OptionalLimit: uint32(limit + 1)}
	if r.Cursor != "" {
		req.OptionalCursor = &v1.Cursor{Token: r.Cursor}
	}
	ctx, cancel := c.call(ctx)
	defer cancel()
	stream, err := c.perms.ReadRelationships(ctx, req)
	if err != nil {
		return ReadResult{}, c.classify(ctx, "ReadRelationships", err)
	}
	out := ReadResult{Relationships: []string{}}
	var cursors []string
	err = receive(ctx, c, "ReadRelationships", stream, func(resp *v1.ReadRelationshipsResponse) error {
		out.ReadAt = resp.GetReadAt().GetToken()
		out.Relationships = append(out.Relationships, relationshipString(resp.GetRelationship()))
		cursors = append(cursors, resp.GetAfterResultCursor().GetToken())
		return nil
	})
	if err != nil {
		return ReadResult{}, err
	}
	if len(out.Relationships) > limit {
		out.Relationships = out.Relationships[:limit]
		out.Cursor = cursors[limit-1]
	}
	return out, nil
}

// subjectFilter parses `type`, `type:id` or `type:id#relation`.
func subjectFilter(s string) (*v1.SubjectFilter, error) {
	if !strings.Contains(s, ":") {
		if _, err := ParseSubject("subject", s+":x"); err != nil {
			return nil, badArgument("subject filter "+`"`+s+`"`+" is not a type", "pass `subject` as type, type:id or type:id#relation, e.g. user or group:eng#member")
		}
		return &v1.SubjectFilter{SubjectType: s}, nil
	}
	ref, err := ParseSubject("subject", s)
	if err != nil {
		return nil, err
	}
	f := &v1.SubjectFilter{SubjectType: ref.Object.ObjectType, OptionalSubjectId: ref.Object.ObjectId}
	if ref.OptionalRelation != "" {
		f.OptionalRelation = &v1.SubjectFilter_RelationFilter{Relation: ref.OptionalRelation}
	}
	return f, nil
}

func relationshipString(r *v1.Relationship) string {
	s := objectString(r.GetResource()) + "#" + r.GetRelation() + "@" + subjectString(r.GetSubject())
	if cv := r.GetOptionalCaveat(); cv != nil {
		s += "[" + cv.GetCaveatName() + "]"
	}
	if exp := r.GetOptionalExpiresAt(); exp != nil {
		s += "[expiration:" + exp.AsTime().UTC().Format("2006-01-02T15:04:05Z") + "]"
	}
	return s
}
