package golang

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// testModule is the module path of the modules the tests write.
const testModule = "example.com/m"

// writeModule writes files (root-relative name to source) under a fresh
// root, with a go.mod for testModule unless files has one, and returns
// the root and the .go files.
func writeModule(t testing.TB, files map[string]string) (string, []string) {
	t.Helper()
	root := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module " + testModule + "\n\ngo 1.23\n"
	}
	var gofiles []string
	for name, src := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(strings.TrimPrefix(src, "\n")), 0o644))
		if strings.HasSuffix(name, ".go") {
			gofiles = append(gofiles, name)
		}
	}
	sort.Strings(gofiles)
	return root, gofiles
}

// parseModule parses files as a program; see writeModule.
func parseModule(t testing.TB, files map[string]string) *coverage.Program {
	t.Helper()
	root, gofiles := writeModule(t, files)
	prog, err := ParseProgram(context.Background(), root, gofiles, nil)
	require.NoError(t, err)
	return prog
}

// short drops the test module's path from an ID.
func short(id string) string {
	return strings.TrimPrefix(strings.TrimPrefix(id, testModule+"/"), testModule+".")
}

// fmtValue writes a Value compactly: "lit" for a literal, =text for a
// resolved value, $i for a parameter, ? for unknown and - for none.
func fmtValue(v coverage.Value) string {
	switch v.Kind {
	case coverage.ValueLiteral:
		return fmt.Sprintf("%q", v.Text)
	case coverage.ValueResolved:
		return "=" + v.Text
	case coverage.ValueParam:
		return fmt.Sprintf("$%d", v.Param)
	case coverage.ValueUnknown:
		return "?"
	}
	return "-"
}

func fmtCall(c coverage.Call) string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = fmtValue(a)
	}
	callee := short(c.Callee)
	if callee == "" {
		callee = "<unresolved>"
	}
	return fmt.Sprintf("%s(%s)", callee, strings.Join(args, ", "))
}

// calls lists a Func's calls, as fmtCall writes them.
func calls(t testing.TB, prog *coverage.Program, id string) []string {
	t.Helper()
	fn := prog.Funcs[testModule+"/"+id]
	if fn == nil {
		fn = prog.Funcs[testModule+"."+id]
	}
	require.NotNil(t, fn, "no func %s among %v", id, funcIDs(prog))
	out := []string{}
	for _, c := range fn.Calls {
		out = append(out, fmtCall(c))
	}
	return out
}

// ops lists a Func's AuthzOps: `kind resource permission subject[#rel]
// [update] gates|open`.
func ops(t testing.TB, prog *coverage.Program, id string) []string {
	t.Helper()
	fn := prog.Funcs[testModule+"/"+id]
	require.NotNil(t, fn, "no func %s among %v", id, funcIDs(prog))
	out := []string{}
	for _, o := range fn.Ops {
		s := fmt.Sprintf("%s %s %s %s", o.Kind, fmtValue(o.Resource), fmtValue(o.Permission), fmtValue(o.Subject))
		if o.SubjectRelation.Kind != "" {
			s += "#" + fmtValue(o.SubjectRelation)
		}
		if o.Update != "" {
			s += " " + o.Update
		}
		if o.Kind == coverage.OpCheck || o.Kind == coverage.OpBulkCheck {
			s += map[bool]string{true: " gates", false: " open"}[o.Gates]
		}
		out = append(out, s)
	}
	return out
}

func funcIDs(prog *coverage.Program) []string {
	var ids []string
	for id := range prog.Funcs {
		ids = append(ids, short(id))
	}
	sort.Strings(ids)
	return ids
}

// fmtHandler writes a program handler on one line: `METHOD route rpc ->
// func @file:line [middleware funcs] {factory args} public`.
func fmtHandler(h coverage.ProgramHandler) string {
	var parts []string
	for _, p := range []string{h.Method, h.Route, h.RPC} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	fn := short(h.Func)
	if fn == "" {
		fn = "<none>"
	}
	s := fmt.Sprintf("%s -> %s @%s:%d", strings.Join(parts, " "), fn, h.File, h.Line)
	if len(h.MiddlewareFuncs) > 0 {
		var mws []string
		for i, id := range h.MiddlewareFuncs {
			mw := short(id)
			if args := h.MiddlewareCalls[i].Args; len(args) > 0 {
				var vs []string
				for _, a := range args {
					vs = append(vs, fmtValue(a))
				}
				mw += "(" + strings.Join(vs, ", ") + ")"
			}
			mws = append(mws, mw)
		}
		s += " [" + strings.Join(mws, " ") + "]"
	}
	if h.Public != "" {
		s += " public: " + h.Public
	}
	return s
}

func handlers(prog *coverage.Program) []string {
	out := []string{}
	for _, h := range prog.Handlers {
		out = append(out, fmtHandler(h))
	}
	return out
}

// authzedImports is the import block of a file that talks to SpiceDB.
const authzedImports = `
import (
	"context"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"
)

var client *authzed.Client
`

// requireDecl declares, in a file authzFile makes, authz.Require: a check
// of document#view that answers through its error.
const requireDecl = `
func Require(ctx context.Context, id string) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{Resource: &v1.ObjectReference{ObjectType: "document", ObjectId: id}, Permission: "view"})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return ErrDenied
	}
	return nil
}

var ErrDenied error
`
