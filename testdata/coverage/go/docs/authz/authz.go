// Package authz wraps the SpiceDB client: one function per question the
// service asks.
package authz

import (
	"context"
	"errors"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"

	"example.com/docs/perms"
)

// ErrForbidden is returned when a check fails.
var ErrForbidden = errors.New("forbidden")

var client *authzed.Client

// Init sets the client.
func Init(c *authzed.Client) { client = c }

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
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: perms.User, ObjectId: UserID(ctx)}},
	})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return ErrForbidden
	}
	return nil
}

// Grant makes user related to the object.
func Grant(ctx context.Context, resource, id, relation, user string) error {
	_, err := client.WriteRelationships(ctx, &v1.WriteRelationshipsRequest{
		Updates: []*v1.RelationshipUpdate{{
			Operation: v1.RelationshipUpdate_OPERATION_TOUCH,
			Relationship: &v1.Relationship{
				Resource: &v1.ObjectReference{ObjectType: resource, ObjectId: id},
				Relation: relation,
				Subject:  &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: perms.User, ObjectId: user}},
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

// Visible lists the objects of a type the user may see.
func Visible(ctx context.Context, resource string, permission perms.Permission) ([]string, error) {
	stream, err := client.LookupResources(ctx, &v1.LookupResourcesRequest{
		ResourceObjectType: resource,
		Permission:         string(permission),
		Subject:            &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: perms.User, ObjectId: UserID(ctx)}},
	})
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

// Peek asks SpiceDB and ignores the answer.
func Peek(ctx context.Context, id string) {
	client.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: perms.Document, ObjectId: id},
		Permission: string(perms.View),
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: perms.User, ObjectId: UserID(ctx)}},
	})
}
