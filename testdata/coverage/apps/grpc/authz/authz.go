// Package authz wraps the SpiceDB client.
package authz

import (
	"context"
	"errors"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"

	"example.com/grpcapp/perms"
)

// ErrForbidden is returned when a check fails.
var ErrForbidden = errors.New("forbidden")

type userKey struct{}

// UserID is the authenticated user.
func UserID(ctx context.Context) string {
	id, _ := ctx.Value(userKey{}).(string)
	return id
}

// Require fails unless the user has the permission on the object.
func Require(ctx context.Context, client *authzed.Client, resource, id, permission string) error {
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

// Grant relates the user to the object.
func Grant(ctx context.Context, client *authzed.Client, resource, id, relation, user string) error {
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
func Forget(ctx context.Context, client *authzed.Client, resource, id string) error {
	_, err := client.DeleteRelationships(ctx, &v1.DeleteRelationshipsRequest{
		RelationshipFilter: &v1.RelationshipFilter{ResourceType: resource, OptionalResourceId: id},
	})
	return err
}

// Visible lists the objects of a type the user may see.
func Visible(ctx context.Context, client *authzed.Client, resource, permission string) ([]string, error) {
	stream, err := client.LookupResources(ctx, &v1.LookupResourcesRequest{
		ResourceObjectType: resource,
		Permission:         permission,
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

// ShareWithTeam lets a team's members view the object.
func ShareWithTeam(ctx context.Context, client *authzed.Client, resource, id, relation, team string) error {
	_, err := client.WriteRelationships(ctx, &v1.WriteRelationshipsRequest{
		Updates: []*v1.RelationshipUpdate{{
			Operation: v1.RelationshipUpdate_OPERATION_TOUCH,
			Relationship: &v1.Relationship{
				Resource: &v1.ObjectReference{ObjectType: resource, ObjectId: id},
				Relation: relation,
				Subject:  &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: "team", ObjectId: team}, OptionalRelation: "member"},
			},
		}},
	})
	return err
}
