package golang

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthResources are the object types of the synthetic module, and of
// synthSchema.
var synthResources = []string{"document", "folder", "project", "team", "invoice", "report", "ticket", "repo"}

// synthSchema is a SpiceDB schema matching the synthetic module's types.
func synthSchema() string {
	var b strings.Builder
	b.WriteString("definition user {}\n\n")
	for _, r := range synthResources {
		fmt.Fprintf(&b, `definition %s {
	relation owner: user
	relation editor: user
	relation viewer: user
	permission delete = owner
	permission edit = editor + owner
	permission view = viewer + edit
}

`, r)
	}
	return b.String()
}

// synthKinds are the router frameworks, one per domain in turn.
var synthKinds = []string{"nethttp", "chi", "gin", "echo", "gorilla", "fiber", "grpc", "connect"}

// synthModule writes a deterministic module into root: per domain an API
// package (its router kind chosen in turn) and a service package, each
// of filesPerPkg files with perFile handlers or service methods; an
// authz wrapper over authzed-go; constants packages; and a main that
// wires every API package. It returns the .go files written,
// root-relative, and their total lines and bytes.
func synthModule(tb testing.TB, root string, domains, filesPerPkg, perFile int, seed uint64) (files []string, lines, size int) {
	tb.Helper()
	g := &synth{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), perFile: perFile}
	write := func(rel, src string) {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
		if strings.HasSuffix(rel, ".go") {
			files = append(files, rel)
			lines += strings.Count(src, "\n")
			size += len(src)
		}
	}
	write("go.mod", "module "+synthModPath+"\n\ngo 1.23\n\nrequire (\n\tgithub.com/authzed/authzed-go v1.4.1\n\tgithub.com/go-chi/chi/v5 v5.2.1\n)\n")
	write("perms/perms.go", g.perms())
	write("perms/relations.go", g.relations())
	write("authz/authz.go", synthAuthz)
	write("authz/middleware.go", synthMiddleware)
	for d := range domains {
		kind := synthKinds[d%len(synthKinds)]
		for f := range filesPerPkg {
			write(fmt.Sprintf("internal/api/api%d/%s%d.go", d, kind, f), g.apiFile(d, f, kind))
			write(fmt.Sprintf("internal/service/svc%d/service%d.go", d, f), g.serviceFile(d, f))
		}
		write(fmt.Sprintf("internal/api/api%d/consts.go", d), g.apiConsts(d, filesPerPkg))
	}
	write("cmd/server/main.go", g.main(domains, filesPerPkg))
	return files, lines, size
}

const synthModPath = "example.com/large"

type synth struct {
	rng     *rand.Rand
	perFile int
}

func (g *synth) perms() string {
	var b strings.Builder
	b.WriteString("// Package perms names the schema's types and permissions.\npackage perms\n\n// Permission is a permission of the schema.\ntype Permission string\n\n// Object types.\nconst (\n\tUser = \"user\"\n")
	for _, r := range synthResources {
		fmt.Fprintf(&b, "\t%s = %q\n", title(r), r)
	}
	b.WriteString(")\n\n// Permissions.\nconst (\n\tView   Permission = \"view\"\n\tEdit   Permission = \"edit\"\n\tDelete Permission = \"delete\"\n)\n")
	return b.String()
}

func (g *synth) relations() string {
	return "package perms\n\n// Relations.\nconst (\n\tOwner  = \"owner\"\n\tEditor = \"editor\"\n\tViewer = \"viewer\"\n)\n"
}

// apiConsts is a per-package constants file: route prefixes.
func (g *synth) apiConsts(d, files int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package api%d\n\n// Route prefixes.\nconst (\n", d)
	for f := range files {
		fmt.Fprintf(&b, "\tprefix%d = \"/%s%d_%d\"\n", f, synthResources[(d+f)%len(synthResources)], d, f)
	}
	b.WriteString(")\n")
	return b.String()
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

var synthPerms = []string{"View", "Edit", "Delete"}

// serviceFile is a service type whose methods check, write or look up
// through the authz wrapper before touching the store.
func (g *synth) serviceFile(d, f int) string {
	var b strings.Builder
	res := title(synthResources[(d+f)%len(synthResources)])
	fmt.Fprintf(&b, `package svc%[1]d

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"%[3]s/authz"
	"%[3]s/perms"
)

// Item%[2]d is a stored item.
type Item%[2]d struct {
	ID, Name, Owner string
	Tags            []string
}

// Store%[2]d keeps items.
type Store%[2]d interface {
	Load(ctx context.Context, id string) (*Item%[2]d, error)
	Save(ctx context.Context, item *Item%[2]d) error
	Remove(ctx context.Context, id string) error
}

// Service%[2]d is the service of file %[2]d.
type Service%[2]d struct {
	store Store%[2]d
}

// NewService%[2]d makes the service.
func NewService%[2]d(store Store%[2]d) *Service%[2]d { return &Service%[2]d{store: store} }

var errEmpty%[2]d = errors.New("empty id")
`, d, f, synthModPath)
	for m := range g.perFile {
		perm := synthPerms[g.rng.IntN(len(synthPerms))]
		switch op := g.rng.IntN(10); {
		case op < 6: // check, then load
			fmt.Fprintf(&b, `
// Get%[1]d returns the item if the caller may %[3]s it.
func (s *Service%[4]d) Get%[1]d(ctx context.Context, id string) (*Item%[4]d, error) {
	if id == "" {
		return nil, errEmpty%[4]d
	}
	if err := authz.Check(ctx, perms.%[2]s, id, perms.%[3]s); err != nil {
		return nil, fmt.Errorf("get %%s: %%w", id, err)
	}
	item, err := s.store.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	for i, tag := range item.Tags {
		item.Tags[i] = strings.TrimSpace(tag)
	}
	return item, nil
}
`, m, res, perm, f)
		case op < 8: // create, then grant
			fmt.Fprintf(&b, `
// Get%[1]d creates an item owned by the caller.
func (s *Service%[3]d) Get%[1]d(ctx context.Context, id string) (*Item%[3]d, error) {
	item := &Item%[3]d{ID: id, Owner: authz.UserID(ctx)}
	if err := s.store.Save(ctx, item); err != nil {
		return nil, err
	}
	if err := authz.Grant(ctx, perms.%[2]s, id, perms.Owner, item.Owner); err != nil {
		_ = s.store.Remove(ctx, id)
		return nil, err
	}
	switch {
	case strings.HasPrefix(id, "tmp-"):
		item.Tags = append(item.Tags, "temporary")
	case len(id) > 32:
		item.Tags = append(item.Tags, "long")
	}
	return item, nil
}
`, m, res, f)
		default: // lookup
			fmt.Fprintf(&b, `
// Get%[1]d returns the first visible item.
func (s *Service%[3]d) Get%[1]d(ctx context.Context, id string) (*Item%[3]d, error) {
	ids, err := authz.Visible(ctx, perms.%[2]s, perms.View)
	if err != nil {
		return nil, err
	}
	for _, visible := range ids {
		if visible != id {
			continue
		}
		item, err := s.store.Load(ctx, visible)
		if err != nil {
			return nil, err
		}
		return item, nil
	}
	return nil, authz.ErrForbidden
}
`, m, res, f)
		}
	}
	return b.String()
}

// apiFile is a handler type with its routes in one framework's style
// and perFile handlers calling the service of the same file number.
func (g *synth) apiFile(d, f int, kind string) string {
	var b strings.Builder
	imports := map[string][]string{
		"nethttp": {`"encoding/json"`, `"net/http"`},
		"chi":     {`"encoding/json"`, `"net/http"`, "", `"github.com/go-chi/chi/v5"`},
		"gin":     {`"net/http"`, "", `"github.com/gin-gonic/gin"`},
		"echo":    {`"net/http"`, "", `"github.com/labstack/echo/v4"`},
		"gorilla": {`"encoding/json"`, `"net/http"`, "", `"github.com/gorilla/mux"`},
		"fiber":   {"", `"github.com/gofiber/fiber/v2"`},
		"grpc":    {`"context"`, "", `"google.golang.org/grpc"`, `"google.golang.org/grpc/codes"`, `"google.golang.org/grpc/status"`, fmt.Sprintf(`pb "example.com/apis/gen/svc%dv1"`, d)},
		"connect": {`"context"`, `"net/http"`, "", `"connectrpc.com/connect"`, fmt.Sprintf(`pb "example.com/apis/gen/svc%dv1"`, d), fmt.Sprintf(`"example.com/apis/gen/svc%dv1/svc%dv1connect"`, d, d)},
	}[kind]
	fmt.Fprintf(&b, "// Code for domain %d, file %d: %s handlers.\npackage api%d\n\nimport (\n", d, f, kind, d)
	for _, imp := range imports {
		if imp == "" {
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "\t%s\n", imp)
		}
	}
	fmt.Fprintf(&b, "\n\t\"%[1]s/authz\"\n\t\"%[1]s/perms\"\n\t\"%[1]s/internal/service/svc%[2]d\"\n)\n\n", synthModPath, d)
	res := synthResources[(d+f)%len(synthResources)]
	svcType := fmt.Sprintf("svc%d.Service%d", d, f)
	switch kind {
	case "grpc":
		fmt.Fprintf(&b, "// Server%[1]d implements the %[2]s gRPC service.\ntype Server%[1]d struct {\n\tpb.UnimplementedItems%[1]dServer\n\tsvc *%[3]s\n}\n\n", f, res, svcType)
		fmt.Fprintf(&b, "// Register%[1]d registers the server.\nfunc Register%[1]d(s *grpc.Server, svc *%[2]s) {\n\tpb.RegisterItems%[1]dServer(s, &Server%[1]d{svc: svc})\n}\n", f, svcType)
	case "connect":
		fmt.Fprintf(&b, "// Handler%[1]d implements the %[2]s connect service.\ntype Handler%[1]d struct {\n\tsvc%[3]dv1connect.UnimplementedItems%[1]dServiceHandler\n\tsvc *%[4]s\n}\n\n", f, res, d, svcType)
		fmt.Fprintf(&b, "// Mount%[1]d mounts the handler.\nfunc Mount%[1]d(mux *http.ServeMux, svc *%[3]s) {\n\tpath, handler := svc%[2]dv1connect.NewItems%[1]dServiceHandler(&Handler%[1]d{svc: svc}, connect.WithInterceptors(authz.ConnectInterceptor()))\n\tmux.Handle(path, handler)\n}\n", f, d, svcType)
	default:
		fmt.Fprintf(&b, "// Handler%[1]d serves %[2]s items.\ntype Handler%[1]d struct {\n\tsvc *%[3]s\n}\n\n", f, res, svcType)
		b.WriteString(g.routes(kind, d, f, res))
	}
	for m := range g.perFile {
		public := g.rng.IntN(40) == 0
		if public {
			b.WriteString("\n// authz:public served to anonymous callers on purpose")
		}
		b.WriteString(g.handler(kind, f, m))
	}
	return b.String()
}

// routes is the file's Routes function in the framework's style.
func (g *synth) routes(kind string, d, f int, res string) string {
	var b strings.Builder
	verbs := []string{"GET", "POST", "PUT", "DELETE"}
	route := func(m int) (verb, path string) {
		return verbs[m%len(verbs)], fmt.Sprintf("/%s%d/{id}", res, m)
	}
	colon := func(p string) string { return strings.ReplaceAll(p, "{id}", ":id") }
	perm := func() string { return synthPerms[g.rng.IntN(len(synthPerms))] }
	r := title(res)
	switch kind {
	case "nethttp":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers (Go 1.22 patterns).\nfunc (h *Handler%[1]d) Routes(mux *http.ServeMux) {\n", f)
		for m := range g.perFile {
			v, p := route(m)
			if m%3 == 0 {
				fmt.Fprintf(&b, "\tmux.Handle(\"%s %s\", authz.RequirePermission(perms.%s, perms.%s)(http.HandlerFunc(h.handle%d)))\n", v, p, r, perm(), m)
			} else {
				fmt.Fprintf(&b, "\tmux.HandleFunc(\"%s %s\", h.handle%d)\n", v, p, m)
			}
		}
	case "chi":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers.\nfunc (h *Handler%[1]d) Routes(r chi.Router) {\n\tr.Route(prefix%[1]d, func(r chi.Router) {\n\t\tr.Use(authz.RequireUser)\n", f)
		half := g.perFile / 2
		for m := range half {
			v, p := route(m)
			if m%2 == 0 {
				fmt.Fprintf(&b, "\t\tr.With(authz.RequirePermission(perms.%s, perms.%s)).%s(%q, h.handle%d)\n", r, perm(), title(strings.ToLower(v)), p, m)
			} else {
				fmt.Fprintf(&b, "\t\tr.%s(%q, h.handle%d)\n", title(strings.ToLower(v)), p, m)
			}
		}
		fmt.Fprintf(&b, "\t\tr.Group(func(r chi.Router) {\n\t\t\tr.Use(authz.RequirePermission(perms.%s, perms.%s))\n", r, perm())
		for m := half; m < g.perFile; m++ {
			v, p := route(m)
			fmt.Fprintf(&b, "\t\t\tr.Method(%q, %q, http.HandlerFunc(h.handle%d))\n", v, p, m)
		}
		b.WriteString("\t\t})\n\t})\n")
	case "gin":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers.\nfunc (h *Handler%[1]d) Routes(r *gin.Engine) {\n\tg := r.Group(prefix%[1]d, authz.GinRequireUser())\n", f)
		for m := range g.perFile {
			v, p := route(m)
			if m%3 == 0 {
				fmt.Fprintf(&b, "\tg.%s(%q, authz.GinRequire(perms.%s, perms.%s), h.handle%d)\n", v, colon(p), r, perm(), m)
			} else {
				fmt.Fprintf(&b, "\tg.%s(%q, h.handle%d)\n", v, colon(p), m)
			}
		}
	case "echo":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers.\nfunc (h *Handler%[1]d) Routes(e *echo.Echo) {\n\tg := e.Group(prefix%[1]d, authz.EchoRequireUser)\n", f)
		for m := range g.perFile {
			v, p := route(m)
			if m%3 == 0 {
				fmt.Fprintf(&b, "\tg.%s(%q, h.handle%d, authz.EchoRequire(perms.%s, perms.%s))\n", v, colon(p), m, r, perm())
			} else {
				fmt.Fprintf(&b, "\tg.%s(%q, h.handle%d)\n", v, colon(p), m)
			}
		}
	case "gorilla":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers.\nfunc (h *Handler%[1]d) Routes(r *mux.Router) {\n\ts := r.PathPrefix(prefix%[1]d).Subrouter()\n\ts.Use(authz.RequireUser)\n", f)
		for m := range g.perFile {
			v, p := route(m)
			fmt.Fprintf(&b, "\ts.HandleFunc(%q, h.handle%d).Methods(%q)\n", p, m, v)
		}
	case "fiber":
		fmt.Fprintf(&b, "// Routes%[1]d registers the handlers.\nfunc (h *Handler%[1]d) Routes(app *fiber.App) {\n\tg := app.Group(prefix%[1]d, authz.FiberRequireUser)\n", f)
		for m := range g.perFile {
			v, p := route(m)
			if m%3 == 0 {
				fmt.Fprintf(&b, "\tg.%s(%q, authz.FiberRequire(perms.%s, perms.%s), h.handle%d)\n", title(strings.ToLower(v)), colon(p), r, perm(), m)
			} else {
				fmt.Fprintf(&b, "\tg.%s(%q, h.handle%d)\n", title(strings.ToLower(v)), colon(p), m)
			}
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// handler is one handler or RPC method in the framework's style.
func (g *synth) handler(kind string, f, m int) string {
	switch kind {
	case "nethttp", "chi", "gorilla":
		param := map[string]string{"nethttp": `r.PathValue("id")`, "chi": `chi.URLParam(r, "id")`, "gorilla": `mux.Vars(r)["id"]`}[kind]
		return fmt.Sprintf(`
func (h *Handler%[1]d) handle%[2]d(w http.ResponseWriter, r *http.Request) {
	id := %[3]s
	if id == "" {
		http.Error(w, "missing id", http.StatusBadRequest)
		return
	}
	item, err := h.svc.Get%[2]d(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	resp := map[string]any{"id": item.ID, "name": item.Name}
	if r.URL.Query().Get("verbose") != "" {
		resp["tags"] = item.Tags
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}
`, f, m, param)
	case "gin":
		return fmt.Sprintf(`
func (h *Handler%[1]d) handle%[2]d(c *gin.Context) {
	id := c.Param("id")
	if id == "" {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	item, err := h.svc.Get%[2]d(c.Request.Context(), id)
	if err != nil {
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": err.Error()})
		return
	}
	resp := gin.H{"id": item.ID, "name": item.Name}
	if c.Query("verbose") != "" {
		resp["tags"] = item.Tags
	}
	c.Header("X-Handler", "handle%[2]d")
	c.JSON(http.StatusOK, resp)
}
`, f, m)
	case "echo":
		return fmt.Sprintf(`
func (h *Handler%[1]d) handle%[2]d(c echo.Context) error {
	id := c.Param("id")
	if id == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "missing id")
	}
	item, err := h.svc.Get%[2]d(c.Request().Context(), id)
	if err != nil {
		return echo.NewHTTPError(http.StatusForbidden, err.Error())
	}
	resp := map[string]any{"id": item.ID, "name": item.Name}
	if c.QueryParam("verbose") != "" {
		resp["tags"] = item.Tags
	}
	c.Response().Header().Set("X-Handler", "handle%[2]d")
	if c.Request().Method == http.MethodHead {
		return c.NoContent(http.StatusOK)
	}
	return c.JSON(http.StatusOK, resp)
}
`, f, m)
	case "fiber":
		return fmt.Sprintf(`
func (h *Handler%[1]d) handle%[2]d(c *fiber.Ctx) error {
	id := c.Params("id")
	if id == "" {
		return fiber.NewError(fiber.StatusBadRequest, "missing id")
	}
	item, err := h.svc.Get%[2]d(c.UserContext(), id)
	if err != nil {
		return fiber.NewError(fiber.StatusForbidden, err.Error())
	}
	resp := fiber.Map{"id": item.ID, "name": item.Name}
	if c.Query("verbose") != "" {
		resp["tags"] = item.Tags
	}
	c.Set("X-Handler", "handle%[2]d")
	if c.Method() == fiber.MethodHead {
		return c.SendStatus(fiber.StatusOK)
	}
	return c.JSON(resp)
}
`, f, m)
	case "grpc":
		return fmt.Sprintf(`
// GetItem%[2]d implements the RPC.
func (s *Server%[1]d) GetItem%[2]d(ctx context.Context, req *pb.GetItem%[2]dRequest) (*pb.GetItem%[2]dResponse, error) {
	if req.GetId() == "" {
		return nil, status.Error(codes.InvalidArgument, "missing id")
	}
	item, err := s.svc.Get%[2]d(ctx, req.GetId())
	if err != nil {
		return nil, status.Error(codes.PermissionDenied, err.Error())
	}
	resp := &pb.GetItem%[2]dResponse{Id: item.ID, Name: item.Name}
	if req.GetVerbose() {
		resp.Tags = item.Tags
	}
	for _, tag := range item.Tags {
		if tag == "" {
			return nil, status.Error(codes.Internal, "empty tag")
		}
	}
	return resp, nil
}
`, f, m)
	case "connect":
		return fmt.Sprintf(`
// GetItem%[2]d implements the RPC.
func (h *Handler%[1]d) GetItem%[2]d(ctx context.Context, req *connect.Request[pb.GetItem%[2]dRequest]) (*connect.Response[pb.GetItem%[2]dResponse], error) {
	if req.Msg.GetId() == "" {
		return nil, connect.NewError(connect.CodeInvalidArgument, nil)
	}
	item, err := h.svc.Get%[2]d(ctx, req.Msg.GetId())
	if err != nil {
		return nil, connect.NewError(connect.CodePermissionDenied, err)
	}
	resp := &pb.GetItem%[2]dResponse{Id: item.ID, Name: item.Name}
	if req.Msg.GetVerbose() {
		resp.Tags = item.Tags
	}
	out := connect.NewResponse(resp)
	out.Header().Set("X-Handler", "GetItem%[2]d")
	return out, nil
}
`, f, m)
	}
	panic("unknown kind " + kind)
}

// main wires every API package onto its framework's router.
func (g *synth) main(domains, files int) string {
	var imports, body strings.Builder
	body.WriteString(`func main() {
	sm := http.NewServeMux()
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	ge := gin.New()
	e := echo.New()
	gm := mux.NewRouter()
	app := fiber.New()
	gs := grpc.NewServer(grpc.UnaryInterceptor(authz.UnaryInterceptor))
`)
	for d := range domains {
		kind := synthKinds[d%len(synthKinds)]
		fmt.Fprintf(&imports, "\t\"%s/internal/api/api%d\"\n\t\"%s/internal/service/svc%d\"\n", synthModPath, d, synthModPath, d)
		for f := range files {
			svc := fmt.Sprintf("svc%d.NewService%d(nil)", d, f)
			switch kind {
			case "grpc":
				fmt.Fprintf(&body, "\tapi%d.Register%d(gs, %s)\n", d, f, svc)
			case "connect":
				fmt.Fprintf(&body, "\tapi%d.Mount%d(sm, %s)\n", d, f, svc)
			default:
				router := map[string]string{"nethttp": "sm", "chi": "r", "gin": "ge", "echo": "e", "gorilla": "gm", "fiber": "app"}[kind]
				fmt.Fprintf(&body, "\t(&api%d.Handler%d{}).Routes(%s)\n", d, f, router)
			}
		}
	}
	body.WriteString("\tsm.Handle(\"/chi/\", r)\n\tsm.Handle(\"/gin/\", ge)\n\tsm.Handle(\"/echo/\", e)\n\tsm.Handle(\"/mux/\", gm)\n\tgo app.Listen(\":8081\")\n\tgo http.ListenAndServe(\":8080\", sm)\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\tgs.Serve(lis)\n}\n")
	return `package main

import (
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"

	"` + synthModPath + `/authz"
` + imports.String() + `)

` + body.String()
}

const synthAuthz = `// Package authz wraps the SpiceDB client.
package authz

import (
	"context"
	"errors"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	"github.com/authzed/authzed-go/v1"

	"example.com/large/perms"
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

// Check fails unless the user has permission on the object.
func Check(ctx context.Context, resource, id string, permission perms.Permission) error {
	resp, err := client.CheckPermission(ctx, &v1.CheckPermissionRequest{
		Resource:   &v1.ObjectReference{ObjectType: resource, ObjectId: id},
		Permission: string(permission),
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

// Grant relates user to the object.
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
`

const synthMiddleware = `package authz

import (
	"context"
	"net/http"

	"connectrpc.com/connect"
	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"

	"example.com/large/perms"
)

// RequireUser rejects anonymous requests.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserID(r.Context()) == "" {
			http.Error(w, "sign in", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequirePermission checks permission on the object named by {id}.
func RequirePermission(resource string, permission perms.Permission) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := Check(r.Context(), resource, r.PathValue("id"), permission); err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// GinRequireUser rejects anonymous requests.
func GinRequireUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if UserID(c.Request.Context()) == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Next()
	}
}

// GinRequire checks permission on the object named by :id.
func GinRequire(resource string, permission perms.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := Check(c.Request.Context(), resource, c.Param("id"), permission); err != nil {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

// EchoRequireUser rejects anonymous requests.
func EchoRequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if UserID(c.Request().Context()) == "" {
			return echo.ErrUnauthorized
		}
		return next(c)
	}
}

// EchoRequire checks permission on the object named by :id.
func EchoRequire(resource string, permission perms.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := Check(c.Request().Context(), resource, c.Param("id"), permission); err != nil {
				return echo.ErrForbidden
			}
			return next(c)
		}
	}
}

// FiberRequireUser rejects anonymous requests.
func FiberRequireUser(c *fiber.Ctx) error {
	if UserID(c.UserContext()) == "" {
		return fiber.ErrUnauthorized
	}
	return c.Next()
}

// FiberRequire checks permission on the object named by :id.
func FiberRequire(resource string, permission perms.Permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := Check(c.UserContext(), resource, c.Params("id"), permission); err != nil {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

// UnaryInterceptor rejects anonymous calls.
func UnaryInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if UserID(ctx) == "" {
		return nil, ErrForbidden
	}
	return handler(ctx, req)
}

// ConnectInterceptor rejects anonymous calls.
func ConnectInterceptor() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if UserID(ctx) == "" {
				return nil, connect.NewError(connect.CodeUnauthenticated, nil)
			}
			return next(ctx, req)
		}
	}
}
`
