package golang

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// benchSource is a chi service of about 5,000 lines: a router that
// registers every handler, and the handlers, each with a small body.
func benchSource(lines int) []byte {
	var routes, handlers strings.Builder
	n := lines / 13
	for i := range n {
		fmt.Fprintf(&routes, "\t\tr.With(authz.Require(\"document\", \"view\")).Get(\"/documents%d/{id}\", h.getDocument%d)\n", i, i)
		fmt.Fprintf(&handlers, `
func (h *Handler) getDocument%d(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	doc, err := h.store.Get(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	resp := documentResponse{ID: doc.ID, Title: doc.Title}
	json.NewEncoder(w).Encode(resp)
}
`, i)
	}
	return []byte(`package api

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/authz"
)

type Handler struct{ store Store }

type documentResponse struct{ ID, Title string }

func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	r.Route("/api/v1", func(r chi.Router) {
` + routes.String() + `	})
	return r
}
` + handlers.String())
}

func BenchmarkParseFile(b *testing.B) {
	src := benchSource(5000)
	f, err := ParseFile("api/routes.go", src)
	if err != nil || len(f.Errors) > 0 || len(f.Handlers) < 350 {
		b.Fatalf("bad benchmark source: %v, %d errors, %d handlers", err, len(f.Errors), len(f.Handlers))
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFile("api/routes.go", src); err != nil {
			b.Fatal(err)
		}
	}
}

// benchModule writes a module of about 200 files and 50,000 lines: HTTP
// handler packages that call a service layer, which checks through an
// authz wrapper with constants from a perms package.
func benchModule(tb testing.TB) (root string, files []string) {
	tb.Helper()
	root = tb.TempDir()
	write := func(rel, src string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
		files = append(files, rel)
	}
	write("go.mod", "module example.com/bench\n\ngo 1.23\n")
	files = files[:0]
	write("perms/perms.go", "package perms\n\ntype Permission string\n\nconst (\n\tDocument = \"document\"\n\tUser = \"user\"\n\tView Permission = \"view\"\n\tEdit Permission = \"edit\"\n)\n")
	write("authz/authz.go", `package authz

import (
	"context"
	"errors"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"

	"example.com/bench/perms"
)

var client *authzed.Client

func Require(ctx context.Context, resource, id string, p perms.Permission) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: resource, ObjectId: id},
		Permission: string(p),
		Subject:    &v1.SubjectReference{Object: &v1.ObjectReference{ObjectType: perms.User, ObjectId: "me"}},
	})
	if err != nil {
		return err
	}
	if resp.Permissionship != v1.CheckPermissionResponse_PERMISSIONSHIP_HAS_PERMISSION {
		return errors.New("forbidden")
	}
	return nil
}
`)
	for pkg := range 10 {
		for f := range 10 {
			var api, svc strings.Builder
			fmt.Fprintf(&api, "package api%d\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n\n\t\"example.com/bench/service%d\"\n)\n\n", pkg, pkg)
			fmt.Fprintf(&api, "type Handler%d struct {\n\tsvc *service%d.Service%d\n}\n\n", f, pkg, f)
			fmt.Fprintf(&api, "func (h *Handler%d) Routes(r chi.Router) {\n", f)
			for m := range 15 {
				fmt.Fprintf(&api, "\tr.Get(\"/items%d/{id}\", h.get%d)\n", m, m)
			}
			api.WriteString("}\n")
			fmt.Fprintf(&svc, "package service%d\n\nimport (\n\t\"context\"\n\n\t\"example.com/bench/authz\"\n\t\"example.com/bench/perms\"\n)\n\n", pkg)
			fmt.Fprintf(&svc, "type Store interface {\n\tLoad(ctx context.Context, id string) (string, error)\n}\n\ntype Service%d struct {\n\tstore Store\n}\n", f)
			for m := range 15 {
				fmt.Fprintf(&api, `
func (h *Handler%[1]d) get%[2]d(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	item, err := h.svc.Get%[2]d(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	resp := map[string]string{"id": id, "item": item}
	if r.URL.Query().Get("verbose") != "" {
		resp["handler"] = "get%[2]d"
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}
`, f, m)
				fmt.Fprintf(&svc, `
func (s *Service%[1]d) Get%[2]d(ctx context.Context, id string) (string, error) {
	if err := authz.Require(ctx, perms.Document, id, perms.View); err != nil {
		return "", err
	}
	item, err := s.store.Load(ctx, id)
	if err != nil {
		return "", err
	}
	for i := 0; i < 3; i++ {
		if item == "" {
			item, err = s.store.Load(ctx, id+"-retry")
		}
	}
	return item, err
}
`, f, m)
			}
			write(fmt.Sprintf("api%d/handlers%d.go", pkg, f), api.String())
			write(fmt.Sprintf("service%d/service%d.go", pkg, f), svc.String())
		}
	}
	return root, files
}

// BenchmarkParseProgram is a full scan without a cache: read, parse,
// summarize and link every file. Compare with BenchmarkParseOnly.
func BenchmarkParseProgram(b *testing.B) {
	root, files := benchModule(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := ParseProgram(ctx, root, files, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportSize(b, root, files)
}

// BenchmarkParseOnly is the floor ParseProgram is measured against: the
// same files read and parsed by go/parser alone, on as many workers.
func BenchmarkParseOnly(b *testing.B) {
	root, files := benchModule(b)
	defer reportSize(b, root, files)
	for b.Loop() {
		jobs := make(chan string)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for rel := range jobs {
					src, err := os.ReadFile(filepath.Join(root, rel))
					if err != nil {
						b.Error(err)
						continue
					}
					if _, err := parser.ParseFile(token.NewFileSet(), rel, src, parseMode); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
	}
}

// BenchmarkRescan is a rescan after one file changed: one parse and the
// link.
func BenchmarkRescan(b *testing.B) {
	root, files := benchModule(b)
	cache := NewCache()
	ctx := context.Background()
	if _, err := ParseProgram(ctx, root, files, cache); err != nil {
		b.Fatal(err)
	}
	edited := filepath.Join(root, files[len(files)-1])
	src, err := os.ReadFile(edited)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(edited, fmt.Appendf(src, "\n// edit %d\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseProgram(ctx, root, files, cache); err != nil {
			b.Fatal(err)
		}
	}
}

// reportSize reports the module's size; after the loop, which resets
// the metrics.
func reportSize(b *testing.B, root string, files []string) {
	b.Helper()
	var size, lines int
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			b.Fatal(err)
		}
		size += len(src)
		lines += strings.Count(string(src), "\n")
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(lines), "lines")
}
