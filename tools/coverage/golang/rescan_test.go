package golang

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// TestRescanMatchesColdScan edits a copy of the sample module step by
// step and checks, after each step, that a rescan with the warm cache
// gives the report a cold scan of the same tree gives, byte for byte.
func TestRescanMatchesColdScan(t *testing.T) {
	src, err := filepath.Abs(sampleModule)
	require.NoError(t, err)
	root := t.TempDir()
	require.NoError(t, os.CopyFS(root, os.DirFS(src)))
	schema, err := os.ReadFile(filepath.Join(root, "schema.zed"))
	require.NoError(t, err)
	model, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: string(schema)}}, nil)
	require.NoError(t, err)

	// Every step stamps the files it writes with a time of its own, in
	// the past, so the cache trusts sizes and times it has seen.
	stamp := time.Now().Add(-time.Hour)
	touch := func(rel string) {
		stamp = stamp.Add(time.Second)
		require.NoError(t, os.Chtimes(filepath.Join(root, rel), stamp, stamp))
	}
	for _, rel := range goFiles(t, root) {
		touch(rel)
	}
	write := func(rel, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644))
		touch(rel)
	}
	edit := func(rel, old, new string) {
		data, err := os.ReadFile(filepath.Join(root, rel))
		require.NoError(t, err)
		require.Contains(t, string(data), old)
		write(rel, strings.Replace(string(data), old, new, 1))
	}
	ctx := context.Background()
	scan := func(cache *Cache) string {
		prog, err := ParseProgram(ctx, root, goFiles(t, root), cache)
		require.NoError(t, err)
		r, err := coverage.Analyze(ctx, prog, model, nil)
		require.NoError(t, err)
		data, err := r.JSON()
		require.NoError(t, err)
		return string(data)
	}

	cache := NewCache()
	last := scan(cache)
	steps := []struct {
		name string
		do   func()
		// same is set for an edit that leaves the report as it was.
		same bool
		// parses is how many files the rescan must parse.
		parses int64
		// rewalked is how many handlers the rescan analyzes again: -1 when
		// it reuses the last report.
		rewalked int
		// linked is how many files the rescan links, when it links a few.
		linked int
	}{
		{"a comment", func() { edit("service/documents.go", "// Get returns", "// Get still returns") }, true, 1, -1, 0},
		{"untouched", func() {}, true, 0, -1, 0},
		{"add a gap", func() {
			edit("service/documents.go", "if err := s.authorize(ctx, id, perms.View); err != nil {", "if err := ctx.Err(); err != nil {")
		}, false, 1, 2, 0},
		{"remove the gap", func() {
			edit("service/documents.go", "if err := ctx.Err(); err != nil {", "if err := s.authorize(ctx, id, perms.View); err != nil {")
		}, false, 1, 2, 0},
		{"change the wrapper every check goes through", func() {
			edit("authz/authz.go", "Permission: permission,", `Permission: "view",`)
		}, false, 1, 3, 0},
		{"undo it", func() {
			edit("authz/authz.go", `Permission: "view",`, "Permission: permission,")
		}, false, 1, 3, 0},
		{"change a middleware", func() {
			edit("authz/middleware.go", "string(permission)); err != nil", `"view"); err != nil`)
		}, false, 1, 1, 0},
		{"undo it too", func() {
			edit("authz/middleware.go", `"view"); err != nil`, "string(permission)); err != nil")
		}, false, 1, 1, 0},
		{"register a handler", func() {
			edit("api/routes.go", `r.Delete("/{id}", h.Delete)`, "r.Delete(\"/{id}\", h.Delete)\n\t\tr.Get(\"/{id}/raw\", h.Get)")
		}, false, 1, 1, 0},
		{"unregister it", func() { edit("api/routes.go", "\n\t\tr.Get(\"/{id}/raw\", h.Get)", "") }, false, 1, 0, 0},
		{"change a constant's value", func() { edit("perms/perms.go", `View   Permission = "view"`, `View   Permission = "viewer"`) }, false, 1, 4, 0},
		{"shift lines", func() { edit("api/handlers.go", "\nimport", "\n\n\nimport") }, false, 1, 8, 3},
		{"rename a constant in another package", func() { edit("perms/perms.go", "Edit   Permission", "Editing Permission") }, false, 1, 1, 0},
		{"delete a file", func() { require.NoError(t, os.Remove(filepath.Join(root, "authz/middleware.go"))) }, false, 0, 6, 0},
		{"add a file", func() {
			write("api/extra.go", "package api\n\nimport \"net/http\"\n\nfunc (h *DocumentHandler) Archive(w http.ResponseWriter, r *http.Request) {\n\th.svc.Delete(r.Context(), r.PathValue(\"id\"))\n}\n")
		}, false, 1, 1, 0},
		// These keep every file's surface, so each relinks one file.
		// Routing another handler in Archive's place leaves Archive found
		// by its signature alone: the list changes with the routes of
		// another file, which relinks keep. An edit of a handler's body
		// keeps the list.
		{"route another handler in the new one's place", func() {
			edit("api/routes.go", `r.Post("/{id}/archive", h.Archive)`, `r.Post("/{id}/archive", h.Get)`)
		}, false, 1, 3, 0},
		{"edit the handler now found by its signature", func() { edit("api/extra.go", `r.PathValue("id")`, `"fixed"`) }, true, 1, 2, 0},
		{"route it again", func() {
			edit("api/routes.go", `r.Post("/{id}/archive", h.Get)`, `r.Post("/{id}/archive", h.Archive)`)
		}, false, 1, 1, 0},
		{"edit the routed handler", func() { edit("api/extra.go", `"fixed"`, `r.PathValue("id")`) }, true, 1, 1, 0},
		// Functions added: the file and the files that name them are
		// linked again, and the ones that read positions that moved.
		{"call a function no file declares yet", func() {
			edit("api/handlers.go", "w.Write([]byte(\"1\"))", "guardVersion(r)\n\tw.Write([]byte(\"1\"))")
		}, true, 1, 1, 1},
		{"declare it in another file", func() {
			write("api/extra.go", "package api\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/docs/authz\"\n)\n\n"+
				"func (h *DocumentHandler) Archive(w http.ResponseWriter, r *http.Request) {\n\th.svc.Delete(r.Context(), r.PathValue(\"id\"))\n}\n\n"+
				"func guardVersion(r *http.Request) error {\n\treturn authz.Require(r.Context(), \"document\", \"v1\", \"view\")\n}\n")
		}, false, 1, 2, 3},
		{"call a method no type has yet", func() {
			edit("api/handlers.go", "h.docs.Delete(r.Context()", "h.docs.Seal(r.Context()")
		}, false, 1, 1, 1},
		{"add the method", func() {
			edit("service/documents.go", "func newID()", "func (s *Documents) Seal(ctx context.Context, id string) error {\n\treturn s.authorize(ctx, id, perms.Edit)\n}\n\nfunc newID()")
		}, false, 1, 2, 3},
		{"route a type no file declares yet", func() {
			edit("api/routes.go", `r.Get("/healthz", Healthz)`, "r.Get(\"/healthz\", Healthz)\n\tr.Method(\"GET\", \"/export\", Exporter{})")
		}, false, 1, 1, 1},
		// A ServeHTTP added: the files that register handlers, which
		// read whether types have one, are linked again too.
		{"declare it, with its ServeHTTP, in another file", func() {
			edit("api/extra.go", "func guardVersion(", "type Exporter struct{}\n\n"+
				"func (Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n\tauthz.Require(r.Context(), \"document\", \"all\", \"view\")\n}\n\nfunc guardVersion(")
		}, false, 1, 2, 4},
		// A concrete type declared gains its methods: the interfaces it
		// now implements may resolve calls to it.
		{"give a type no file declares yet a Store's methods", func() {
			write("service/auditstore.go", "package service\n\nimport (\n\t\"context\"\n\n\t\"example.com/docs/authz\"\n)\n\n"+
				"func (a *AuditStore) Get(ctx context.Context, id string) (*Document, error) {\n\treturn nil, authz.Require(ctx, \"document\", id, \"view\")\n}\n\n"+
				"func (a *AuditStore) Put(ctx context.Context, doc *Document) error { return nil }\n\n"+
				"func (a *AuditStore) Delete(ctx context.Context, id string) error { return nil }\n")
		}, false, 1, 0, 0},
		{"declare it in another file: it is a Store, so the service's reads reach its check", func() {
			edit("service/memstore.go", "// MemStore is a Store in memory.", "// AuditStore is a Store that checks.\ntype AuditStore struct{}\n\n// MemStore is a Store in memory.")
		}, false, 1, 3, 5},
		// What a file gives other files' links, resolved where it is
		// given: main's mount of the router a method returns.
		{"mount the routes of a method of what a function returns", func() {
			write("api/readonly.go", "package api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"+
				"type Full struct{ h *DocumentHandler }\n\ntype ReadOnly struct{ h *DocumentHandler }\n\n"+
				"func (f *Full) Routes() http.Handler {\n\tr := chi.NewRouter()\n\tr.Delete(\"/documents/{id}\", f.h.Delete)\n\treturn r\n}\n\n"+
				"func (ro *ReadOnly) Routes() http.Handler {\n\tr := chi.NewRouter()\n\tr.Get(\"/documents/{id}\", ro.h.Get)\n\treturn r\n}\n")
			write("api/serve.go", "package api\n\nfunc Serve(h *DocumentHandler) *Full { return &Full{h} }\n")
			edit("main.go", "\tmux.HandleFunc(", "\tmux.Handle(\"/ro/\", http.StripPrefix(\"/ro\", api.Serve(h).Routes()))\n\tmux.HandleFunc(")
		}, false, 3, 10, 0},
		{"the function returns the other type: the mount in main places the other's routes", func() {
			edit("api/serve.go", "func Serve(h *DocumentHandler) *Full { return &Full{h} }", "func Serve(h *DocumentHandler) *ReadOnly { return &ReadOnly{h} }")
		}, false, 1, 2, 11},
		{"add the field another file's handler calls through: the package's files are linked again", func() {
			edit("api/handlers.go", "\tdocs *service.Documents\n}", "\tdocs *service.Documents\n\tsvc  service.Store\n}")
		}, false, 1, 10, 6},
		{"give a type Put, with a check, and a type with a Store's other methods", func() {
			write("service/guarded.go", "package service\n\nimport (\n\t\"context\"\n\n\t\"example.com/docs/authz\"\n)\n\n"+
				"type Reader struct{}\n\nfunc (Reader) Get(ctx context.Context, id string) (*Document, error) { return nil, nil }\n\n"+
				"func (Reader) Delete(ctx context.Context, id string) error { return nil }\n\n"+
				"func (g *Guarded) Put(ctx context.Context, doc *Document) error {\n\treturn authz.Require(ctx, \"document\", doc.ID, \"edit\")\n}\n")
			edit("service/memstore.go", "// MemStore is a Store in memory.", "type Guarded struct{ n int }\n\n// MemStore is a Store in memory.")
		}, false, 2, 5, 0},
		{"embed the other in it in place of a field: it is a Store, so the service's writes reach its check", func() {
			edit("service/memstore.go", "type Guarded struct{ n int }", "type Guarded struct{ Reader }")
		}, false, 1, 5, 8},
		{"add a function nobody calls above the others", func() {
			edit("service/documents.go", "\nfunc ", "\nfunc unused() {}\n\nfunc ")
		}, false, 1, 7, 1},
	}
	for _, step := range steps {
		step.do()
		before, stats := cache.parses.Load(), cache.analysis.Stats()
		warm := scan(cache)
		require.Equal(t, step.parses, cache.parses.Load()-before, "%s: files parsed by the rescan", step.name)
		if step.linked > 0 {
			require.Equal(t, step.linked, cache.linked, "%s: files linked by the rescan", step.name)
		}
		after := cache.analysis.Stats()
		require.Equal(t, stats.Full, after.Full, "%s: the rescan analyzed the whole program", step.name)
		if step.rewalked < 0 {
			require.Equal(t, stats.Reused+1, after.Reused, "%s: the rescan did not reuse the report", step.name)
		} else {
			require.Equal(t, stats.Incremental+1, after.Incremental, "%s: the rescan was not incremental", step.name)
			require.Equal(t, step.rewalked, after.Last.Handlers, "%s: handlers analyzed again", step.name)
		}
		require.Equal(t, scan(NewCache()), warm, "%s: the rescan's report differs from a cold scan's", step.name)
		if step.same {
			require.Equal(t, last, warm, step.name)
		} else {
			require.NotEqual(t, last, warm, "%s: the edit should change the report", step.name)
		}
		last = warm
	}
}
