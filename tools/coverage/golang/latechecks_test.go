package golang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// A check middleware makes after handing the request on (net/http's
// next.ServeHTTP, gin's c.Next(), echo's next(c), a gRPC interceptor's
// handler(ctx, req)) gates nothing, and neither does a check wrapper
// called there. Handing it on in a branch that returns first, or after
// the check, leaves the check gating.
func TestChecksAfterHandingTheRequestOn(t *testing.T) {
	files := authzFile(requireDecl + `
func Audit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		resp, _ := client.CheckPermission(r.Context(), &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: "document"}, Permission: "view"})
		if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
			log.Print("denied")
		}
	})
}

func AuditWrapped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if err := Require(r.Context(), "d1"); err != nil {
			log.Print(err)
		}
	})
}

func Guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		if err := Require(r.Context(), "d2"); err != nil {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func GinAudit(c *gin.Context) {
	c.Next()
	Require(c.Request.Context(), "d3")
}

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := handler(ctx, req)
	if err := Require(ctx, "d4"); err != nil {
		return nil, err
	}
	return resp, err
}
`)
	files["authz/authz.go"] = strings.Replace(files["authz/authz.go"], "import (", "import (\n\t\"log\"\n\t\"net/http\"\n\t\"github.com/gin-gonic/gin\"\n\t\"google.golang.org/grpc\"", 1)
	prog := parseModule(t, files)
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "authz.Audit$1"))
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "authz.AuditWrapped$1"))
	assert.Empty(t, ops(t, prog, "authz.Guard$1"), "the check gates: next is called first only in a branch that returns")
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "authz.GinAudit"))
	assert.Equal(t, []string{`check "document" "view" ? open`}, ops(t, prog, "authz.Unary"))
	for _, id := range []string{"authz.Audit$1", "authz.AuditWrapped$1", "authz.GinAudit", "authz.Unary"} {
		op := prog.Funcs[testModule+"/"+id].Ops[0]
		assert.True(t, op.Late, id)
	}
	assert.Equal(t, coverage.OpCheck, prog.Funcs[testModule+"/authz.Unary"].Ops[0].Kind)
}
