package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type callCase struct {
	name  string
	files map[string]string
	// want maps a Func ID, without the module path, to its calls.
	want map[string][]string
}

func runCallCases(t *testing.T, cases []callCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prog := parseModule(t, tc.files)
			for id, want := range tc.want {
				assert.Equal(t, want, calls(t, prog, id), id)
			}
		})
	}
}

func TestConstantsAcrossPackages(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "untyped and typed constants, blocks, repetition, conversions, concatenation",
		files: map[string]string{
			"perms/perms.go": `
package perms

type Permission string

const (
	Document = "document"
	Folder   = "fol" + "der"
)

const (
	View Permission = "view"
	Edit Permission = "edit"
	Read            = View
)

const (
	A = "same"
	B
)

const Count = 3
`,
			"svc/svc.go": `
package svc

import (
	"fmt"

	p "example.com/m/perms"
)

const local = "local"

func Check(resource string, permission p.Permission) {}

func Use() {
	Check(p.Document, p.View)
	Check(p.Folder, p.Read)
	Check(local, p.Permission("comment"))
	Check(string(p.Edit), p.B)
	Check(p.Count, p.Missing)
	Check(fmt.Sprintf("%s", p.Document), other)
}
`,
			"svc/other.go": `
package svc

const other = local + "-other"
`,
		},
		want: map[string][]string{"svc.Use": {
			`svc.Check(=document, =view)`,
			`svc.Check(=folder, =view)`,
			`svc.Check(=local, "comment")`,
			`svc.Check(=edit, =same)`,
			`svc.Check(?, ?)`,
			`svc.Check(?, =local-other)`,
		}},
	}})
}

func TestParameterBinding(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "parameters, locals assigned once, reassigned names, unknowns",
		files: map[string]string{
			"svc/svc.go": `
package svc

func check(ctx any, resource, id, permission string) {}

type Service struct{}

func (s *Service) Update(ctx any, id string, force bool) {
	perm := "edit"
	check(ctx, "document", id, perm)

	kind := "folder"
	kind = "document"
	check(ctx, kind, id, "view")

	copied := id
	check(ctx, "document", copied, s.name())

	var fixed = "share"
	check(nil, "document", id+"-x", fixed)
}

func (s *Service) Reassigned(ctx any, id string) {
	id = "other"
	check(ctx, "document", id, "view")
}

func (s *Service) name() string { return "x" }
`,
		},
		want: map[string][]string{
			"svc.Service.Update": {
				`svc.check($0, "document", $1, =edit)`,
				`svc.check($0, ?, $1, "view")`,
				`svc.check($0, "document", $1, ?)`,
				`svc.Service.name()`,
				`svc.check(?, "document", ?, =share)`,
			},
			"svc.Service.Reassigned": {
				`svc.check($0, "document", ?, "view")`,
			},
		},
	}})
}

func TestInterfaceDispatch(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "one call per implementation, embedded interfaces, promoted methods",
		files: map[string]string{
			"store/store.go": `
package store

type Getter interface {
	Get(id string) (string, error)
}

type Store interface {
	Getter
	Put(id string) error
}

type SQL struct{}

func (s *SQL) Get(id string) (string, error) { return "", nil }
func (s *SQL) Put(id string) error          { return nil }

type base struct{}

func (base) Get(id string) (string, error) { return "", nil }

// Cached gets Get from base.
type Cached struct {
	base
}

func (c *Cached) Put(id string) error { return nil }

// GetOnly implements Getter, not Store.
type GetOnly struct{}

func (GetOnly) Get(id string) (string, error) { return "", nil }
`,
			"svc/svc.go": `
package svc

import "example.com/m/store"

type Service struct {
	store store.Store
	get   store.Getter
}

func (s *Service) Load(id string) {
	s.store.Get(id)
	s.store.Put(id)
	s.get.Get("x")
}
`,
		},
		want: map[string][]string{"svc.Service.Load": {
			`store.base.Get($0)`,
			`store.SQL.Get($0)`,
			`store.Cached.Put($0)`,
			`store.SQL.Put($0)`,
			`store.base.Get("x")`,
			`store.GetOnly.Get("x")`,
			`store.SQL.Get("x")`,
		}},
	}})
}

// Types that embed an interface they implement themselves (gitea's
// context types embed a RequestDataStore) forward its methods to the
// interface's other implementations: a lookup through them ends there.
// Before, each such type looked in every other to the depth limit, and
// a dozen of them took hours.
func TestInterfaceEmbeddedByItsImplementations(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "a dozen wrappers of a struct embedding the interface",
		files: map[string]string{
			"reqctx/reqctx.go": `
package reqctx

type DataStore interface {
	GetData() map[string]any
}

type store struct{}

func (store) GetData() map[string]any { return nil }

type Base struct {
	DataStore
}

type Ctx1 struct{ *Base }
type Ctx2 struct{ *Base }
type Ctx3 struct{ *Base }
type Ctx4 struct{ *Base }
type Ctx5 struct{ *Base }
type Ctx6 struct{ *Base }
type Ctx7 struct{ *Base }
type Ctx8 struct{ *Base }
type Ctx9 struct{ *Base }
type Ctx10 struct{ *Base }
type Ctx11 struct{ *Base }
type Ctx12 struct{ *Base }

func Use(s DataStore, c *Ctx7) {
	s.GetData()
	c.GetData()
}
`,
		},
		want: map[string][]string{"reqctx.Use": {
			`reqctx.store.GetData()`,
			`reqctx.store.GetData()`,
		}},
	}})
}

func TestReceiverTypes(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "receivers, fields, locals from literals and constructors, results, ranges",
		files: map[string]string{
			"svc/svc.go": `
package svc

import "example.com/m/repo"

type Service struct {
	repo  *repo.Repo
	repos []*repo.Repo
}

func New() *Service { return &Service{} }

func (s *Service) Run() {
	s.helper()
	s.repo.Find()
	r := repo.NewRepo()
	r.Find()
	lit := &repo.Repo{}
	lit.Find()
	var typed repo.Repo
	typed.Find()
	doc, err := s.repo.Open()
	doc.Read()
	err.Error()
	for _, each := range s.repos {
		each.Find()
	}
	s.repos[0].Find()
	New().helper()
	unknownThing().Find()
}

func (s *Service) helper() {}
`,
			"repo/repo.go": `
package repo

type Repo struct{}

type Doc struct{}

func NewRepo() *Repo { return &Repo{} }

func (r *Repo) Find()               {}
func (r *Repo) Open() (*Doc, error) { return nil, nil }
func (d Doc) Read()                 {}
`,
		},
		want: map[string][]string{"svc.Service.Run": {
			`svc.Service.helper()`,
			`repo.Repo.Find()`,
			`repo.NewRepo()`,
			`repo.Repo.Find()`,
			`repo.Repo.Find()`,
			`repo.Repo.Find()`,
			`repo.Repo.Open()`,
			`repo.Doc.Read()`,
			`repo.Repo.Find()`,
			`repo.Repo.Find()`,
			`svc.Service.helper()`,
			`svc.New()`,
			`<unresolved>()`,
			`<unresolved>()`,
		}},
	}})
}

func TestClosures(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "closures are Funcs; the enclosing Func calls them and passes what they capture",
		files: map[string]string{
			"mw/mw.go": `
package mw

func check(resource, permission string) {}

func Require(resource, permission string) func(next func()) func() {
	return func(next func()) func() {
		return func() {
			check(resource, permission)
			next()
		}
	}
}

func Local(id string) {
	verify := func(permission string) {
		check(id, permission)
	}
	verify("view")
	func() {
		check("folder", "edit")
	}()
	go func(p string) { check(p, id) }("document")
}
`,
		},
		want: map[string][]string{
			"mw.Require":   {`mw.Require$1(?, $0, $1)`},
			"mw.Require$1": {`mw.Require$1$1($0, $1, $2)`},
			"mw.Require$1$1": {
				`mw.check($1, $2)`,
				`<unresolved>()`,
			},
			"mw.Local": {
				`mw.Local$1(?, $0)`,
				`mw.Local$1("view", $0)`,
				`mw.Local$2($0)`,
				`mw.Local$3("document", $0)`,
			},
			"mw.Local$1": {`mw.check($1, $0)`},
			"mw.Local$2": {`mw.check("folder", "edit")`},
			"mw.Local$3": {`mw.check($0, $1)`},
		},
	}})
}

func TestFunctionValues(t *testing.T) {
	runCallCases(t, []callCase{{
		name: "functions and method values passed or stored count as calls; std calls are left out",
		files: map[string]string{
			"api/api.go": `
package api

import (
	"net/http"
	"strings"

	"example.com/m/docs"
)

type Handler struct{ docs *docs.Docs }

func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", h.get)
	mux.HandleFunc("/b", docs.List)
	mux.Handle("/c", http.HandlerFunc(h.docs.Show))
	table := map[string]http.HandlerFunc{"d": listAll}
	_ = table
	mux.Handle("/e", bound)
	strings.ToUpper("x")
	http.NotFound(nil, nil)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.URL.Query().Get("x")))
}

func listAll(w http.ResponseWriter, r *http.Request) {}

var bound = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
`,
			"docs/docs.go": `
package docs

import "net/http"

type Docs struct{}

func List(w http.ResponseWriter, r *http.Request)               {}
func (d *Docs) Show(w http.ResponseWriter, r *http.Request)      {}
`,
		},
		want: map[string][]string{
			"api.Handler.Routes": {
				`api.Handler.get()`,
				`docs.List()`,
				`docs.Docs.Show()`,
				`api.listAll()`,
				`api.bound()`,
			},
			"api.Handler.get": {},
		},
	}})
}
