// Package authz wraps the SpiceDB client: one function per question the
// service asks.
package authz

import (
	"context"
	"errors"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"
)

// ErrForbidden is returned when a check fails.
var ErrForbidden = errors.New("forbidden")

var client *authzed.Client

type userKey struct{}

// UserID is the authenticated user.
func UserID(ctx context.Context) string {
	id, _ := ctx.Value(userKey{}).(string)
	return id
}

// Require fails unless the user has permission on the object.
func Require(ctx context.Context, resource, id, permission string) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: resource, ObjectId: id},
		Permission: permission,
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "user", ObjectId: UserID(ctx)}},
	})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return ErrForbidden
	}
	return nil
}

// Grant relates a subject to the object.
func Grant(ctx context.Context, resource, id, relation, subjectType, subjectID string) error {
	_, err := client.WriteRelationships(ctx, &v1.WriteRelationshipsRequest{
		Updates: []*v1.RelationshipUpdate{{
			Operation: v1.RelationshipUpdate_OPERATION_TOUCH,
			Relationship: &v1.Relationship{
				Resource: &v1.ObjectReference{ObjectType: resource, ObjectId: id},
				Relation: relation,
				Subject:  &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: subjectType, ObjectId: subjectID}},
			},
		}},
	})
	return err
}

// Forget deletes every relationship of the object.
func Forget(ctx context.Context, resource, id string) error {
	_, err := client.DeleteRelationships(ctx, &v1.DeleteRelationshipsRequest{
		RelationshipFilter: &v1.RelationshipFilter{ResourceType: resource, OptionalResourceId: id},
	})
	return err
}
