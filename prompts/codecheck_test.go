package prompts

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// renderedCode is one rendered request, named for the file it goes into.
type renderedCode struct {
	name string
	code Code
}

// codeCheckSchemas are bundled schemas whose planned requests are
// rendered and compiled too, so what the product really renders is proven,
// not only the hand-written cases.
var codeCheckSchemas = []string{"google-docs.zed", "github.zed", "caveats-expiration.zed"}

// renderAll renders every case × operation in language, then every
// definition × operation the planner produces for codeCheckSchemas.
func renderAll(t *testing.T, language string) []renderedCode {
	t.Helper()
	var out []renderedCode
	for _, c := range codeCases {
		for _, op := range codeOperations {
			code, err := RenderCode(c.request(language, op))
			require.NoError(t, err, "%s %s %s", c.name, language, op)
			out = append(out, renderedCode{name: c.name + "_" + op, code: code})
		}
	}
	for _, file := range codeCheckSchemas {
		text, err := os.ReadFile(filepath.Join("..", "testdata", "schemas", file))
		require.NoError(t, err)
		m, err := schemas.Compile([]schemas.Source{{File: file, Text: string(text)}}, nil)
		require.NoError(t, err)
		for _, def := range m.Definitions {
			for _, op := range codeOperations {
				plan, err := m.PlanFor(def.Name, op)
				require.NoError(t, err)
				req := CodeRequestFor(plan, language)
				if !req.hasCalls() {
					continue
				}
				code, err := RenderCode(req)
				require.NoError(t, err, "%s: %s %s in %s", file, op, def.Name, language)
				name := strings.TrimSuffix(file, ".zed") + "_" + def.Name + "_" + op
				out = append(out, renderedCode{name: regexp.MustCompile(`[^a-z0-9_]`).ReplaceAllString(name, "_"), code: code})
			}
		}
	}
	return out
}

// TestCodeCompiles proves the rendered code is real: every snippet of
// every language builds against the real client library (Go: authzed-go
// with go build; TypeScript and JavaScript: @authzed/authzed-node with tsc
// --strict and node --check; Python: py_compile plus a check of every name
// against authzed-py's source).
func TestCodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the snippets with go, tsc, node and python3")
	}
	t.Run("go", func(t *testing.T) {
		t.Parallel()
		checkGo(t, renderAll(t, "go"))
	})
	t.Run("typescript_javascript", func(t *testing.T) {
		t.Parallel()
		checkTypeScript(t, renderAll(t, "typescript"), renderAll(t, "javascript"))
	})
	t.Run("python", func(t *testing.T) {
		t.Parallel()
		checkPython(t, renderAll(t, "python"))
	})
}

// run runs name with args in dir and fails the test with its output.
func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	shown := strings.Join(args, " ")
	if len(args) > 4 {
		shown = fmt.Sprintf("%s … (%d files)", strings.Join(args[:2], " "), len(args)-2)
	}
	t.Logf("%s %s: %s", filepath.Base(name), shown, time.Since(start).Round(time.Millisecond))
	require.NoError(t, err, "%s %s in %s:\n%s", filepath.Base(name), shown, dir, out)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

// checkGo builds each snippet as its own package of a throwaway module
// that requires what this repository's go.mod requires, offline.
func checkGo(t *testing.T, snippets []renderedCode) {
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "go is needed on PATH")
	dir := t.TempDir()
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	require.NoError(t, err)
	sum, err := os.ReadFile(filepath.Join("..", "go.sum"))
	require.NoError(t, err)
	mod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(mod, []byte("module codecheck"))
	writeFile(t, filepath.Join(dir, "go.mod"), string(mod))
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	for _, s := range snippets {
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n\nimport (\n", s.name)
		for _, imp := range s.code.Imports {
			b.WriteString("\t" + imp + "\n")
		}
		b.WriteString(")\n\n" + s.code.Snippet)
		writeFile(t, filepath.Join(dir, s.name, "snippet.go"), b.String())
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	run(t, dir, env, goBin, "build", "./...")
	run(t, dir, env, goBin, "vet", "./...")
}

// checkTypeScript type-checks the TypeScript snippets with tsc --strict
// and the JavaScript ones with checkJs (implicit any allowed), both against
// testdata/codecheck/node_modules, then loads every JavaScript module in
// one node process: that parses it as node does and links its import of
// @authzed/authzed-node.
func checkTypeScript(t *testing.T, ts, js []renderedCode) {
	modules, err := filepath.Abs(filepath.Join("..", "testdata", "codecheck", "node_modules"))
	require.NoError(t, err)
	tsc := filepath.Join(modules, ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("%s is missing: run `cd testdata/codecheck && npm ci` first", tsc)
	}
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed on PATH")
	dir := t.TempDir()
	require.NoError(t, os.Symlink(modules, filepath.Join(dir, "node_modules")))
	writeFile(t, filepath.Join(dir, "package.json"), `{"private": true, "type": "module"}`+"\n")
	tsconfig := `{
  "compilerOptions": {
    "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"],
    "strict": true, "noImplicitAny": %t, "noEmit": true, "noUnusedLocals": true, "noUnusedParameters": true,
    "allowJs": true, "checkJs": true, "skipLibCheck": true
  },
  "include": [%q]
}
`
	writeFile(t, filepath.Join(dir, "tsconfig.json"), fmt.Sprintf(tsconfig, true, "ts/*.ts"))
	writeFile(t, filepath.Join(dir, "tsconfig.js.json"), fmt.Sprintf(tsconfig, false, "js/*.js"))
	for _, s := range ts {
		writeFile(t, filepath.Join(dir, "ts", s.name+".ts"), strings.Join(s.code.Imports, "\n")+"\n\n"+s.code.Snippet)
	}
	var loads []string
	for _, s := range js {
		writeFile(t, filepath.Join(dir, "js", s.name+".js"), strings.Join(s.code.Imports, "\n")+"\n\n"+s.code.Snippet)
		loads = append(loads, fmt.Sprintf("await import(%q);", "./js/"+s.name+".js"))
	}
	writeFile(t, filepath.Join(dir, "load.js"), strings.Join(loads, "\n")+"\n")
	run(t, dir, os.Environ(), tsc, "-p", "tsconfig.json", "--noEmit", "--strict")
	run(t, dir, os.Environ(), tsc, "-p", "tsconfig.js.json")
	run(t, dir, os.Environ(), node, "load.js")
}

// checkPython byte-compiles the Python snippets and checks every name they
// use against the authzed-py API verified from its source.
func checkPython(t *testing.T, snippets []renderedCode) {
	python, err := exec.LookPath("python3")
	require.NoError(t, err, "python3 is needed on PATH")
	codecheck, err := filepath.Abs(filepath.Join("..", "testdata", "codecheck"))
	require.NoError(t, err)
	dir := t.TempDir()
	var files []string
	for _, s := range snippets {
		file := filepath.Join(dir, s.name+".py")
		writeFile(t, file, strings.Join(s.code.Imports, "\n")+"\n\n\n"+s.code.Snippet)
		files = append(files, file)
	}
	run(t, dir, os.Environ(), python, append([]string{"-m", "py_compile"}, files...)...)
	run(t, dir, os.Environ(), python, append([]string{filepath.Join(codecheck, "pycheck.py"), filepath.Join(codecheck, "authzed_py_api.json")}, files...)...)
}

// TestPyCheckCatchesMistakes proves pycheck.py rejects what a wrong
// template would produce, so its pass above means something.
func TestPyCheckCatchesMistakes(t *testing.T) {
	python, err := exec.LookPath("python3")
	require.NoError(t, err, "python3 is needed on PATH")
	file := filepath.Join(t.TempDir(), "bad.py")
	writeFile(t, file, `from authzed.api.v1 import CheckPermissionRequest, LookupPermissionship, RelationshipUpdate


def bad(client, token):
    resp = client.CheckPermision(CheckPermissionRequest(permision="view", consistency=consistensy))
    op = RelationshipUpdate.OPERATION_UPSERT
    return resp.writen_at
`)
	codecheck := filepath.Join("..", "testdata", "codecheck")
	out, err := exec.Command(python, filepath.Join(codecheck, "pycheck.py"), filepath.Join(codecheck, "authzed_py_api.json"), file).CombinedOutput()
	require.Error(t, err, "pycheck must fail:\n%s", out)
	for _, want := range []string{
		"LookupPermissionship is not verified in authzed.api.v1",
		"client.CheckPermision is not a PermissionsService method",
		"CheckPermissionRequest has no field permision",
		"consistensy is not defined",
		"RelationshipUpdate.OPERATION_UPSERT is not a verified enum value",
		".writen_at is not a field of any verified message",
	} {
		assert.Contains(t, string(out), want)
	}
	assert.Equal(t, 6, bytes.Count(out, []byte("\n")), "one line per problem:\n%s", out)
}
