// Package livetest runs spicedb's v1 services in-process, over an in-memory
// connection, for tests of code that reads a live SpiceDB.
package livetest

import (
	"context"
	"testing"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/spicedb/pkg/development"
	core "github.com/authzed/spicedb/pkg/proto/core/v1"
	devinterface "github.com/authzed/spicedb/pkg/proto/developer/v1"
	"github.com/authzed/spicedb/pkg/tuple"

	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// Start serves schema and relationships (`document:readme#viewer@user:alice`)
// from spicedb's in-memory v1 services and returns a client on them. The
// services stop when the test ends.
func Start(t testing.TB, schema string, relationships ...string) *live.Client {
	t.Helper()
	rels := make([]*core.RelationTuple, len(relationships))
	for i, r := range relationships {
		rel, err := tuple.Parse(r)
		if err != nil {
			t.Fatalf("relationship %q: %v", r, err)
		}
		rels[i] = rel.ToCoreTuple()
	}
	dev, devErrs, err := development.NewDevContext(context.Background(), &devinterface.RequestContext{Schema: schema, Relationships: rels})
	if err != nil {
		t.Fatalf("spicedb dev context: %v", err)
	}
	if devErrs != nil {
		t.Fatalf("spicedb dev context: %v", devErrs.InputErrors)
	}
	conn, stop, err := dev.RunV1InMemoryService()
	if err != nil {
		t.Fatalf("spicedb in-memory service: %v", err)
	}
	t.Cleanup(func() {
		stop()
		dev.Dispose()
	})
	return live.New(v1.NewPermissionsServiceClient(conn), v1.NewSchemaServiceClient(conn), live.Config{Endpoint: "in-memory"})
}
