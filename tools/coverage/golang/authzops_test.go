package golang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// authzFile is a file of package authz with the authzed imports and the
// given declarations.
func authzFile(decls string) map[string]string {
	return map[string]string{"authz/authz.go": "package authz\n" + authzedImports + decls}
}

func TestAuthzOps(t *testing.T) {
	cases := []struct {
		name, decls string
		want        []string
	}{
		{
			name: "check: literals, parameters, subject relation",
			decls: `
func Check(ctx context.Context, id, permission string) bool {
	resp, _ := client.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: "document", ObjectId: id},
		Permission: permission,
		Subject: &v1.SubjectReference{
			Object:           &v1.ObjectReference{ObjectType: "group", ObjectId: "eng"},
			OptionalRelation: "member",
		},
	})
	return resp.Permissionship == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION
}`,
			want: []string{`check "document" $2 "group"#"member" gates`},
		},
		{
			name: "check: request and references built in variables first",
			decls: `
func Check(ctx context.Context, id string) error {
	doc := &v1.ObjectReference{ObjectType: "document", ObjectId: id}
	perm := "view"
	req := &v1.CheckPermissionRequest{
		Resource:   doc,
		Permission: perm,
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user", ObjectId: "me"}},
	}
	resp, err := client.CheckPermission(ctx, req)
	if err != nil {
		return err
	}
	switch resp.GetPermissionship() {
	case v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:
		return nil
	}
	return err
}`,
			want: []string{`check "document" =view "user" gates`},
		},
		{
			name: "check: a request the file cannot read, on a typed client or of a typed request",
			decls: `
type Checker struct{ c *authzed.Client }

func (c *Checker) Check(ctx context.Context, req *v1.CheckPermissionRequest) (*v1.CheckPermissionResponse, error) {
	return c.c.CheckPermission(ctx, req)
}

func (c *Checker) Built(ctx context.Context) {
	c.c.CheckPermission(ctx, build())
}

func build() *v1.CheckPermissionRequest { return nil }`,
			want: []string{`check ? ? ? gates`, `check ? ? ? open`},
		},
		{
			name: "check: request built by a helper, its parameters bound by the call",
			decls: `
const viewer = "viewer"

func request(resource, permission string) *v1.CheckPermissionRequest {
	return &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: resource},
		Permission: permission,
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user"}, OptionalRelation: viewer},
	}
}

func notARequest() string { return "" }

type other struct{}

func (other) CheckPermission(ctx context.Context, s string) {}

func Check(ctx context.Context, permission string) {
	client.CheckPermission(ctx, request("document", permission))
	other{}.CheckPermission(ctx, notARequest())
}`,
			want: []string{`check "document" $1 "user"#=viewer open`},
		},
		{
			name: "bulk check: one op per item literal",
			decls: `
func Bulk(ctx context.Context, ids []string) {
	resp, _ := client.CheckBulkPermissions(ctx, &v1.CheckBulkPermissionsRequest{
		Items: []*v1.CheckBulkPermissionsRequestItem{
			{Resource: &v1.ObjectReference{ObjectType: "document"}, Permission: "view", Subject: &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user"}}},
			{Resource: &v1.ObjectReference{ObjectType: "folder"}, Permission: "view", Subject: &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user"}}},
		},
	})
	for _, pair := range resp.Pairs {
		_ = pair
	}
}`,
			want: []string{`bulk_check "document" "view" "user" gates`, `bulk_check "folder" "view" "user" gates`},
		},
		{
			name: "bulk check: items appended in a loop, and items the file cannot see",
			decls: `
func Bulk(ctx context.Context, ids []string) {
	var items []*v1.CheckBulkPermissionsRequestItem
	for _, id := range ids {
		items = append(items, &v1.CheckBulkPermissionsRequestItem{
			Resource:   &v1.ObjectReference{ObjectType: "document", ObjectId: id},
			Permission: "view",
		})
	}
	client.CheckBulkPermissions(ctx, &v1.CheckBulkPermissionsRequest{Items: items})
}

func Opaque(ctx context.Context, items []*v1.CheckBulkPermissionsRequestItem) {
	client.CheckBulkPermissions(ctx, &v1.CheckBulkPermissionsRequest{Items: items})
}`,
			want: []string{`bulk_check "document" "view" ? open`, `bulk_check ? ? ? open`},
		},
		{
			name: "lookups",
			decls: `
func Lookups(ctx context.Context, typ string) {
	client.LookupResources(ctx, &v1.LookupResourcesRequest{
		ResourceObjectType: "document",
		Permission:         "view",
		Subject:            &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user", ObjectId: "me"}},
	})
	client.LookupSubjects(ctx, &v1.LookupSubjectsRequest{
		Resource:                &v1.ObjectReference{ObjectType: typ, ObjectId: "1"},
		Permission:              "edit",
		SubjectObjectType:       "group",
		OptionalSubjectRelation: "member",
	})
}`,
			want: []string{`lookup_resources "document" "view" "user"`, `lookup_subjects $1 "edit" "group"#"member"`},
		},
		{
			name: "writes: one op per update",
			decls: `
func Write(ctx context.Context, id, owner string) {
	client.WriteRelationships(ctx, &v1.WriteRelationshipsRequest{
		Updates: []*v1.RelationshipUpdate{
			{
				Operation: v1.RelationshipUpdate_OPERATION_CREATE,
				Relationship: &v1.Relationship{
					Resource: &v1.ObjectReference{ObjectType: "document", ObjectId: id},
					Relation: "owner",
					Subject:  &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user", ObjectId: owner}},
				},
			},
			{
				Operation: v1.RelationshipUpdate_OPERATION_TOUCH,
				Relationship: &v1.Relationship{
					Resource: &v1.ObjectReference{ObjectType: "document", ObjectId: id},
					Relation: "viewer",
					Subject:  &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "group"}, OptionalRelation: "member"},
				},
			},
			{
				Operation:    v1.RelationshipUpdate_OPERATION_DELETE,
				Relationship: &v1.Relationship{Resource: &v1.ObjectReference{ObjectType: "document"}, Relation: "editor"},
			},
		},
	})
}`,
			want: []string{
				`write "document" "owner" "user" create`,
				`write "document" "viewer" "group"#"member" touch`,
				`write "document" "editor" ? delete`,
			},
		},
		{
			name: "deletes: with and without a relation and subject filter",
			decls: `
func Delete(ctx context.Context, id string) {
	client.DeleteRelationships(ctx, &v1.DeleteRelationshipsRequest{
		RelationshipFilter: &v1.RelationshipFilter{ResourceType: "document", OptionalResourceId: id},
	})
	client.DeleteRelationships(ctx, &v1.DeleteRelationshipsRequest{
		RelationshipFilter: &v1.RelationshipFilter{
			ResourceType:     "document",
			OptionalRelation: "viewer",
			OptionalSubjectFilter: &v1.SubjectFilter{
				SubjectType:      "group",
				OptionalRelation: &v1.SubjectFilter_RelationFilter{Relation: "member"},
			},
		},
	})
}`,
			want: []string{`delete "document" ? ?`, `delete "document" "viewer" "group"#"member"`},
		},
		{
			name: "a method named like SpiceDB's is no op without a SpiceDB request or client",
			decls: `
type fake struct{}

func (fake) CheckPermission(ctx context.Context, resource, permission string) bool { return true }

func Use(ctx context.Context, f fake, other interface{ CheckPermission(context.Context, string) }) {
	f.CheckPermission(ctx, "document", "view")
	other.CheckPermission(ctx, "x")
}`,
			want: []string{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prog := parseModule(t, authzFile(tc.decls))
			var got []string
			for _, fn := range prog.Funcs {
				if strings.HasPrefix(fn.ID, testModule+"/authz.") {
					got = append(got, ops(t, prog, short(fn.ID))...)
				}
			}
			if got == nil {
				got = []string{}
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}
}

func TestGates(t *testing.T) {
	const request = `&v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: "document"}, Permission: "view"}`
	cases := []struct {
		name, body string
		gates      bool
	}{
		{"compared", `resp, err := client.CheckPermission(ctx, REQ)
	if err != nil || resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return false
	}
	return true`, true},
		{"compared through the getter", `resp, _ := client.CheckPermission(ctx, REQ)
	return resp.GetPermissionship() == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION`, true},
		{"switched on", `resp, _ := client.CheckPermission(ctx, REQ)
	switch resp.Permissionship {
	case v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:
		return true
	}
	return false`, true},
		{"held in a variable, then compared", `resp, _ := client.CheckPermission(ctx, REQ)
	p := resp.GetPermissionship()
	return p == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION`, true},
		{"in an if statement's init", `if resp, err := client.CheckPermission(ctx, REQ); err != nil || resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return false
	}
	return true`, true},
		{"declared with var", `var resp, err = client.CheckPermission(ctx, REQ)
	return err == nil && resp.Permissionship == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION`, true},
		{"discarded", `client.CheckPermission(ctx, REQ)
	return true`, false},
		{"assigned to blank", `_, err := client.CheckPermission(ctx, REQ)
	return err == nil`, false},
		{"only the error tested", `resp, err := client.CheckPermission(ctx, REQ)
	if err != nil {
		return false
	}
	_ = resp
	return true`, false},
		{"compared to nil only", `resp, err := client.CheckPermission(ctx, REQ)
	return err == nil && resp != nil`, false},
		{"deferred", `defer client.CheckPermission(ctx, REQ)
	return true`, false},
		{"denied without returning, and going on", `resp, _ := client.CheckPermission(ctx, REQ)
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		println("denied")
	}
	return true`, false},
		{"denied and returning", `resp, _ := client.CheckPermission(ctx, REQ)
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		println("denied")
		return false
	}
	return true`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.ReplaceAll(tc.body, "REQ", request)
			prog := parseModule(t, authzFile(fmt.Sprintf("\nfunc Allowed(ctx context.Context) bool {\n\t%s\n}\n", body)))
			got := ops(t, prog, "authz.Allowed")
			if assert.Len(t, got, 1) {
				assert.Equal(t, tc.gates, strings.HasSuffix(got[0], " gates"), got[0])
			}
		})
	}
	t.Run("returned to the caller", func(t *testing.T) {
		prog := parseModule(t, authzFile(`
func Response(ctx context.Context) (*v1.CheckPermissionResponse, error) {
	return client.CheckPermission(ctx, `+request+`)
}

func Held(ctx context.Context) (*v1.CheckPermissionResponse, error) {
	resp, err := client.CheckPermission(ctx, `+request+`)
	return resp, err
}

func Permissionship(ctx context.Context) v1.CheckPermissionResponse_Permissionship {
	resp, _ := client.CheckPermission(ctx, `+request+`)
	return resp.GetPermissionship()
}
`))
		for _, fn := range []string{"authz.Response", "authz.Held", "authz.Permissionship"} {
			assert.Equal(t, []string{`check "document" "view" ? gates`}, ops(t, prog, fn), fn)
		}
	})
}

// A wrapper that answers with a bool leaves the gating to its callers: a
// caller that throws the answer away, testing only the error, fails
// open at its call, with the values it passes.
func TestCheckAnswerDiscardedByTheCaller(t *testing.T) {
	files := authzFile(`
func Can(ctx context.Context, resource, permission string) (bool, error) {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: resource}, Permission: permission})
	if err != nil {
		return false, err
	}
	return resp.Permissionship == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION, nil
}
`)
	files["api/api.go"] = `
package api

import (
	"context"

	"example.com/m/authz"
)

func OnlyTheError(ctx context.Context) error {
	_, err := authz.Can(ctx, "document", "view")
	return err
}

func Statement(ctx context.Context) {
	authz.Can(ctx, "document", "edit")
}

func Tested(ctx context.Context) error {
	ok, err := authz.Can(ctx, "document", "view")
	if err != nil || !ok {
		return err
	}
	return nil
}

func Passed(ctx context.Context, permission string) error {
	_, err := authz.Can(ctx, "folder", permission)
	return err
}

// canEdit passes the answer on: its callers must test it.
func canEdit(ctx context.Context, resource string) (bool, error) {
	return authz.Can(ctx, resource, "edit")
}

func ThroughTwo(ctx context.Context) error {
	_, err := canEdit(ctx, "folder")
	return err
}
`
	prog := parseModule(t, files)
	assert.Equal(t, []string{`check $1 $2 ? gates`}, ops(t, prog, "authz.Can"))
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "api.OnlyTheError"))
	assert.Equal(t, []string{`check "document" "edit" ? open`}, ops(t, prog, "api.Statement"))
	assert.Empty(t, ops(t, prog, "api.Tested"))
	assert.Equal(t, []string{`check "folder" $1 ? open`}, ops(t, prog, "api.Passed"))
	assert.Empty(t, ops(t, prog, "api.canEdit"), "it returns the answer")
	assert.Equal(t, []string{`check "folder" "edit" ? open`}, ops(t, prog, "api.ThroughTwo"))
	assert.Equal(t, testModule+"/api.canEdit", prog.Funcs[testModule+"/api.ThroughTwo"].Ops[0].AnsweredBy)
	fn := prog.Funcs[testModule+"/api.OnlyTheError"]
	assert.Equal(t, 10, fn.Ops[0].Line, "at the call")
	assert.Equal(t, "api/api.go", fn.Ops[0].File)
	assert.Equal(t, testModule+"/authz.Can", fn.Ops[0].AnsweredBy)
}

// A wrapper that returns an error when SpiceDB denies, and does nothing
// else, answers through that error: a caller that throws it away (a
// statement, `_ =`, `go`) fails open at its call. A function that does
// its work after the check gates that work itself: throwing its error
// away is no bypass.
func TestCheckErrorDiscardedByTheCaller(t *testing.T) {
	files := authzFile(`
var ErrDenied = errors.New("denied")

func Require(ctx context.Context, resource, permission string) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: resource}, Permission: permission})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return fmt.Errorf("%s: %w", permission, ErrDenied)
	}
	return nil
}

func Allowed(ctx context.Context, resource string) error {
	resp, _ := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: resource}, Permission: "view"})
	switch resp.Permissionship {
	case v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION:
		return nil
	}
	return ErrDenied
}

func Rename(ctx context.Context, id string) error {
	resp, _ := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: "document", ObjectId: id}, Permission: "edit"})
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return ErrDenied
	}
	return store(id)
}

func store(id string) error { return nil }
`)
	files["authz/authz.go"] = strings.Replace(files["authz/authz.go"], "import (", "import (\n\t\"errors\"\n\t\"fmt\"", 1)
	files["api/api.go"] = `
package api

import (
	"context"

	"example.com/m/authz"
)

func Statement(ctx context.Context) {
	authz.Require(ctx, "document", "view")
}

func Blank(ctx context.Context) {
	_ = authz.Allowed(ctx, "folder")
}

func Tested(ctx context.Context) error {
	if err := authz.Require(ctx, "document", "edit"); err != nil {
		return err
	}
	return nil
}

func Worked(ctx context.Context) {
	authz.Rename(ctx, "d1")
}
`
	prog := parseModule(t, files)
	assert.Equal(t, []string{`check $1 $2 ? gates`}, ops(t, prog, "authz.Require"))
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "api.Statement"))
	assert.Equal(t, []string{`check "folder" "view" ? open`}, ops(t, prog, "api.Blank"))
	assert.Empty(t, ops(t, prog, "api.Tested"))
	assert.Empty(t, ops(t, prog, "api.Worked"), "Rename gates its own work")
	op := prog.Funcs[testModule+"/api.Statement"].Ops[0]
	assert.Equal(t, testModule+"/authz.Require", op.AnsweredBy)
	assert.True(t, op.AnswerIsError)
}

// A caller that tests the error a check wrapper answers with, but goes on
// when it is not nil (the branch writes an error and does not return,
// and code follows), heeds nothing: it fails open at its call. A branch
// that returns, aborts the request or has an else, or an if with nothing
// after it, heeds the answer.
func TestCheckErrorTestedButNotHeeded(t *testing.T) {
	files := authzFile(`
func Require(ctx context.Context, resource string) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: resource}, Permission: "view"})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return err
	}
	return nil
}
`)
	files["api/api.go"] = `
package api

import (
	"context"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/m/authz"
)

func Logged(ctx context.Context, w http.ResponseWriter) {
	if err := authz.Require(ctx, "document"); err != nil {
		log.Print(err)
	}
	w.Write(nil)
}

func NoReturn(ctx context.Context, w http.ResponseWriter) {
	err := authz.Require(ctx, "folder")
	if err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
	}
	w.Write(nil)
}

func Returns(ctx context.Context, w http.ResponseWriter) {
	if err := authz.Require(ctx, "document"); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Write(nil)
}

func Else(ctx context.Context, w http.ResponseWriter) {
	if err := authz.Require(ctx, "document"); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
	} else {
		w.Write(nil)
	}
}

func Last(ctx context.Context, w http.ResponseWriter) {
	w.Write(nil)
	if err := authz.Require(ctx, "document"); err != nil {
		log.Print(err)
	}
}

func Aborts(c *gin.Context) {
	if err := authz.Require(c, "document"); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
	}
	c.Next()
}
`
	prog := parseModule(t, files)
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "api.Logged"))
	assert.Equal(t, []string{`check "folder" "view" ? open`}, ops(t, prog, "api.NoReturn"))
	for _, fn := range []string{"api.Logged", "api.NoReturn"} {
		assert.True(t, prog.Funcs[testModule+"/"+fn].Ops[0].Unheeded, fn)
	}
	for _, fn := range []string{"api.Returns", "api.Else", "api.Last", "api.Aborts"} {
		assert.Empty(t, ops(t, prog, fn), fn)
	}
}

// A LookupResources whose results the code throws away filters nothing:
// the stream assigned to _, or the IDs a wrapper returns first thrown
// away by its caller. A caller that keeps them makes no op.
func TestLookupResultsThrownAway(t *testing.T) {
	files := authzFile(`
func Visible(ctx context.Context, resource string) ([]string, error) {
	stream, err := client.LookupResources(ctx, &v1.LookupResourcesRequest{ResourceObjectType: resource, Permission: "view"})
	if err != nil {
		return nil, err
	}
	var ids []string
	for {
		item, err := stream.Recv()
		if err != nil {
			return ids, nil
		}
		ids = append(ids, item.ResourceObjectId)
	}
}

func Unread(ctx context.Context) error {
	_, err := client.LookupResources(ctx, &v1.LookupResourcesRequest{ResourceObjectType: "folder", Permission: "view"})
	return err
}
`)
	files["api/api.go"] = `
package api

import (
	"context"

	"example.com/m/authz"
)

func Discards(ctx context.Context) error {
	_, err := authz.Visible(ctx, "document")
	return err
}

func Keeps(ctx context.Context) ([]string, error) {
	ids, err := authz.Visible(ctx, "document")
	return ids, err
}
`
	prog := parseModule(t, files)
	unread := func(id string) []bool {
		var out []bool
		for _, o := range prog.Funcs[testModule+"/"+id].Ops {
			out = append(out, o.Unread)
		}
		return out
	}
	assert.Equal(t, []bool{false}, unread("authz.Visible"))
	assert.Equal(t, []bool{true}, unread("authz.Unread"))
	assert.Equal(t, []bool{true}, unread("api.Discards"))
	assert.Equal(t, testModule+"/authz.Visible", prog.Funcs[testModule+"/api.Discards"].Ops[0].AnsweredBy)
	assert.Empty(t, unread("api.Keeps"))
}

// A comparison held in a variable gates where a condition, a return or a
// call reads the variable; printed or logged alone, it gates nothing.
func TestCheckDecisionHeldInAVariable(t *testing.T) {
	const check = `resp, _ := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: "document"}, Permission: "view"})
	allowed := resp.Permissionship == v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION`
	files := authzFile(`
func Logged(ctx context.Context) bool {
	` + check + `
	log.Printf("allowed=%v", allowed)
	return true
}

func Tested(ctx context.Context) bool {
	` + check + `
	if !allowed {
		return false
	}
	return true
}

func Returned(ctx context.Context) bool {
	` + check + `
	return allowed
}

func Handed(ctx context.Context) error {
	` + check + `
	return deny(allowed)
}

func deny(ok bool) error { return nil }
`)
	files["authz/authz.go"] = strings.Replace(files["authz/authz.go"], "import (", "import (\n\t\"log\"", 1)
	prog := parseModule(t, files)
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "authz.Logged"))
	for _, fn := range []string{"authz.Tested", "authz.Returned", "authz.Handed"} {
		assert.Equal(t, []string{`check "document" "view" ? gates`}, ops(t, prog, fn), fn)
	}
}
