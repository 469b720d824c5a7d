package live_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
	"github.com/ambient-authz/ambient-authz/schemas/live/livetest"
)

func TestCheck(t *testing.T) {
	c := livetest.Start(t, testSchema, testRels...)
	tests := []struct {
		name   string
		req    live.CheckRequest
		result string
		trace  string
	}{
		{"through a group on the parent", live.CheckRequest{Resource: "document:readme", Permission: "view", Subject: "user:carol"}, schemas.HasPermission,
			"document:readme#view (permission) granted\n  folder:root#view (permission) granted\n    folder:root#viewer (relation) granted\n      group:eng#member (relation) granted"},
		{"no path", live.CheckRequest{Resource: "document:readme", Permission: "view", Subject: "user:zed", Consistency: live.Consistency{Mode: live.FullyConsistent}}, schemas.NoPermission,
			"document:readme#view (permission) denied\n  document:readme#edit (permission) denied\n    document:readme#owner (relation) denied\n  document:readme#viewer (relation) denied\n  folder:root#view (permission) denied\n    folder:root#owner (relation) denied\n    folder:root#viewer (relation) denied\n      group:eng#member (relation) denied"},
		{"caveat without context", live.CheckRequest{Resource: "document:timed", Permission: "view", Subject: "user:dave"}, schemas.ConditionalPermission,
			"document:timed#view (permission) conditional on_weekday: missing day"},
		{"caveat with context", live.CheckRequest{Resource: "document:timed", Permission: "view", Subject: "user:dave", Context: map[string]any{"day": "monday"}}, schemas.HasPermission,
			"document:timed#view (permission) granted"},
		{"wildcard", live.CheckRequest{Resource: "document:public", Permission: "view", Subject: "user:anyone"}, schemas.HasPermission, "document:public#viewer (relation) granted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := c.Check(context.Background(), tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.result, r.Permissionship)
			assert.NotEmpty(t, r.CheckedAt)
			assert.Contains(t, traceTree(r.Trace), tt.trace)
		})
	}
	r, err := c.Check(context.Background(), live.CheckRequest{Resource: "document:timed", Permission: "view", Subject: "user:dave"})
	require.NoError(t, err)
	assert.Equal(t, []string{"day"}, r.MissingContext)

	granted, err := c.Check(context.Background(), live.CheckRequest{Resource: "document:readme", Permission: "view", Subject: "user:carol"})
	require.NoError(t, err)
	assert.Positive(t, granted.TraceOmitted, "a positive answer leaves out the branches that did not grant")
	assert.NotContains(t, traceTree(granted.Trace), "denied")

	first, err := c.Check(context.Background(), live.CheckRequest{Resource: "document:readme", Permission: "edit", Subject: "user:bob"})
	require.NoError(t, err)
	for _, mode := range []string{live.AtLeastAsFresh, live.AtExactSnapshot} {
		r, err := c.Check(context.Background(), live.CheckRequest{Resource: "document:readme", Permission: "edit", Subject: "user:bob", Consistency: live.Consistency{Mode: mode, ZedToken: first.CheckedAt}})
		require.NoError(t, err, mode)
		assert.Equal(t, schemas.HasPermission, r.Permissionship, mode)
	}
}

// traceTree renders steps one a line, indented by depth, for comparing a
// whole branch at once.
func traceTree(steps []schemas.TraceStep) string {
	lines := make([]string, len(steps))
	for i, s := range steps {
		lines[i] = fmt.Sprintf("%s%s (%s) %s", strings.Repeat("  ", s.Depth), s.Object, s.Kind, s.Result)
		if s.Caveat != "" {
			lines[i] += " " + s.Caveat
		}
	}
	return strings.Join(lines, "\n")
}

func TestBadRequests(t *testing.T) {
	c := livetest.Start(t, testSchema, testRels...)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		kind schemas.ErrorKind
		want string
	}{
		{"resource without id", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document", Permission: "view", Subject: "user:a"})
			return err
		}, schemas.ErrBadArgument, "pass resource as type:id"},
		{"resource with relation", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x#viewer", Permission: "view", Subject: "user:a"})
			return err
		}, schemas.ErrBadArgument, "not an object reference"},
		{"bad subject", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "alice"})
			return err
		}, schemas.ErrBadArgument, "e.g. user:alice or group:eng#member"},
		{"token missing", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "user:a", Consistency: live.Consistency{Mode: live.AtLeastAsFresh}})
			return err
		}, schemas.ErrBadArgument, "needs a zedtoken"},
		{"token without mode", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "user:a", Consistency: live.Consistency{ZedToken: "abc"}})
			return err
		}, schemas.ErrBadArgument, "only used with"},
		{"unknown mode", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "user:a", Consistency: live.Consistency{Mode: "eventually"}})
			return err
		}, schemas.ErrBadArgument, "use one of minimize_latency"},
		{"garbage zedtoken", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "user:a", Consistency: live.Consistency{Mode: live.AtExactSnapshot, ZedToken: "nope"}})
			return err
		}, live.ErrRejected, "InvalidArgument"},
		{"unknown permission", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:x", Permission: "veiw", Subject: "user:a"})
			return err
		}, live.ErrRejected, "`veiw` not found"},
		{"limit too large", func() error {
			_, err := c.LookupResources(ctx, live.LookupResourcesRequest{ResourceType: "document", Permission: "view", Subject: "user:a", Limit: live.MaxLimit + 1})
			return err
		}, schemas.ErrBadArgument, "limit 1001 is out of range"},
		{"foreign cursor", func() error {
			_, err := c.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: "document:x", Permission: "view", SubjectType: "user", Cursor: "not-ours"})
			return err
		}, schemas.ErrBadArgument, "cursor is not one this tool returned"},
		{"bad subject filter", func() error {
			_, err := c.ReadRelationships(ctx, live.ReadRequest{Filter: live.RelationshipFilter{ResourceType: "document", Subject: "User!"}})
			return err
		}, schemas.ErrBadArgument, "is not a type"},
		{"non-object caveat context", func() error {
			_, err := c.Check(ctx, live.CheckRequest{Resource: "document:timed", Permission: "view", Subject: "user:a", Context: map[string]any{"day": make(chan int)}})
			return err
		}, schemas.ErrBadArgument, "caveat context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ie *schemas.InputError
			require.True(t, errors.As(err, &ie), "an InputError, got %v", err)
			assert.Equal(t, tt.kind, ie.Kind)
			assert.Contains(t, ie.Error(), tt.want)
			assert.Contains(t, ie.Error(), "fix: ")
		})
	}
}

func TestLookupResourcesPages(t *testing.T) {
	rels := append([]string{}, testRels...)
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		rels = append(rels, "document:"+id+"#viewer@user:erin")
	}
	c := livetest.Start(t, testSchema, rels...)
	var seen []string
	cursor := ""
	pages := 0
	for {
		page, err := c.LookupResources(context.Background(), live.LookupResourcesRequest{ResourceType: "document", Permission: "view", Subject: "user:erin", Limit: 2, Cursor: cursor})
		require.NoError(t, err)
		pages++
		assert.LessOrEqual(t, len(page.Found), 2)
		for _, f := range page.Found {
			seen = append(seen, f.ID)
		}
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	assert.ElementsMatch(t, []string{"a", "b", "c", "d", "e", "public"}, seen)
	assert.Equal(t, 3, pages, "6 results in pages of 2, no empty trailing page")

	one, err := c.LookupResources(context.Background(), live.LookupResourcesRequest{ResourceType: "document", Permission: "view", Subject: "user:dave"})
	require.NoError(t, err)
	require.Len(t, one.Found, 2)
	assert.Equal(t, "document#view @ user:dave", one.Query)
}

func TestLookupSubjectsPages(t *testing.T) {
	c := livetest.Start(t, testSchema, testRels...)
	ctx := context.Background()
	all, err := c.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: "document:readme", Permission: "view", SubjectType: "user"})
	require.NoError(t, err)
	var ids []string
	for _, f := range all.Found {
		ids = append(ids, f.ID)
	}
	assert.Equal(t, []string{"alice", "bob", "carol"}, ids, "sorted by ID")
	assert.Empty(t, all.Cursor)

	var paged []string
	cursor := ""
	for {
		page, err := c.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: "document:readme", Permission: "view", SubjectType: "user", Limit: 1, Cursor: cursor})
		require.NoError(t, err)
		require.Len(t, page.Found, 1)
		paged = append(paged, page.Found[0].ID)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	assert.Equal(t, ids, paged)

	groups, err := c.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: "folder:root", Permission: "view", SubjectType: "group", SubjectRelation: "member"})
	require.NoError(t, err)
	require.Len(t, groups.Found, 1)
	assert.Equal(t, "eng", groups.Found[0].ID)

	timed, err := c.LookupSubjects(ctx, live.LookupSubjectsRequest{Resource: "document:timed", Permission: "view", SubjectType: "user"})
	require.NoError(t, err)
	require.Len(t, timed.Found, 1)
	assert.Equal(t, schemas.ConditionalPermission, timed.Found[0].Permissionship)
}

func TestReadRelationships(t *testing.T) {
	c := livetest.Start(t, testSchema, testRels...)
	ctx := context.Background()
	tests := []struct {
		name   string
		filter live.RelationshipFilter
		want   []string
	}{
		{"type", live.RelationshipFilter{ResourceType: "folder"}, []string{"folder:root#owner@user:alice", "folder:root#viewer@group:eng#member"}},
		{"relation", live.RelationshipFilter{ResourceType: "folder", Relation: "owner"}, []string{"folder:root#owner@user:alice"}},
		{"id", live.RelationshipFilter{ResourceType: "document", ResourceID: "timed"}, []string{"document:timed#viewer@user:dave[on_weekday]"}},
		{"subject type", live.RelationshipFilter{ResourceType: "folder", Subject: "group"}, []string{"folder:root#viewer@group:eng#member"}},
		{"subject set", live.RelationshipFilter{ResourceType: "folder", Subject: "group:eng#member"}, []string{"folder:root#viewer@group:eng#member"}},
		{"wildcard subject", live.RelationshipFilter{ResourceType: "document", Subject: "user:*"}, []string{"document:public#viewer@user:*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := c.ReadRelationships(ctx, live.ReadRequest{Filter: tt.filter})
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, r.Relationships)
			assert.Empty(t, r.Cursor)
		})
	}
	var all []string
	cursor := ""
	for {
		page, err := c.ReadRelationships(ctx, live.ReadRequest{Filter: live.RelationshipFilter{ResourceType: "document"}, Limit: 2, Cursor: cursor})
		require.NoError(t, err)
		all = append(all, page.Relationships...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	assert.Len(t, all, 4)
}

func TestReadSchema(t *testing.T) {
	c := livetest.Start(t, testSchema, testRels...)
	s, err := c.ReadSchema(context.Background())
	require.NoError(t, err)
	assert.Contains(t, s.Text, "permission view = viewer + edit + parent->view")
	assert.NotEmpty(t, s.ReadAt)
}
