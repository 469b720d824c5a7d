package python

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// summary renders a handler on one line, for compact expectations:
// `framework METHOD route function operation line [middleware]`.
func summary(h coverage.Handler) string {
	method := h.Method
	if method == "" {
		method = "*"
	}
	return fmt.Sprintf("%s %s %s %s %s %d %v", h.Framework, method, h.Route, h.Function, h.Operation, h.Line, h.Middleware)
}

func summaries(f *coverage.File) []string {
	out := []string{}
	for _, h := range f.Handlers {
		out = append(out, summary(h))
	}
	return out
}

func parse(t *testing.T, path, src string) *coverage.File {
	t.Helper()
	f, err := ParseFile(path, []byte(strings.TrimLeft(src, "\n")))
	require.NoError(t, err)
	return f
}

func TestHandlers(t *testing.T) {
	tests := []struct {
		name string
		path string
		src  string
		want []string
	}{
		{
			name: "flask routes, methods and decorator order",
			path: "app.py",
			src: `
from flask import Flask
app = Flask(__name__)

@app.route("/docs", methods=["GET", "POST"])
@login_required
def docs():
    pass

@app.post("/docs/<int:id>/archive")
@permission_required("docs.archive")
def archive(id):
    pass

@cache.cached()
@app.get("/docs/<int:id>")
def show(id):
    pass
`,
			want: []string{
				"flask GET /docs docs list 6 [login_required]",
				"flask POST /docs docs create 6 [login_required]",
				"flask POST /docs/<int:id>/archive archive update 11 [permission_required]",
				"flask GET /docs/<int:id> show read 16 []",
			},
		},
		{
			name: "flask blueprints with prefixes and hooks",
			path: "docs.py",
			src: `
from flask import Blueprint
bp = Blueprint("docs", __name__, url_prefix="/docs")
admin = Blueprint("admin", __name__)

@bp.before_request
def authenticate():
    pass

@bp.get("/")
def list_docs():
    pass

@admin.delete("/docs/<id>")
def purge(id):
    pass

app.register_blueprint(admin, url_prefix="/admin")
`,
			want: []string{
				"flask GET /docs list_docs list 10 [authenticate]",
				"flask DELETE /admin/docs/<id> purge delete 14 []",
			},
		},
		{
			name: "flask add_url_rule with a function",
			path: "app.py",
			src: `
from flask import Flask
app = Flask(__name__)
def export_docs():
    pass
app.add_url_rule("/docs/export", "export", login_required(export_docs), methods=["POST"])
`,
			want: []string{"flask POST /docs/export export_docs create 3 [login_required]"},
		},
		{
			name: "fastapi routers and dependencies",
			path: "api.py",
			src: `
from fastapi import APIRouter, Depends, FastAPI
app = FastAPI()
router = APIRouter(prefix="/docs", dependencies=[Depends(authenticate)])

@router.get("/{doc_id}", dependencies=[Depends(require("doc:read"))])
async def get_doc(doc_id: str, user: User = Depends(current_user)):
    pass

@router.post("")
async def create_doc(user: Annotated[User, Security(current_user, scopes=["write"])], svc: DocService = Depends()):
    pass

app.include_router(router, prefix="/api", dependencies=[Depends(audit)])
`,
			want: []string{
				"fastapi GET /api/docs/{doc_id} get_doc read 6 [audit authenticate require current_user]",
				"fastapi POST /api/docs create_doc create 10 [audit authenticate current_user DocService]",
			},
		},
		{
			name: "fastapi router of another module",
			path: "routes/docs.py",
			src: `
from fastapi import Depends
from .deps import router

@router.delete("/docs/{doc_id}")
def remove_doc(doc_id: str):
    pass
`,
			want: []string{"fastapi DELETE /docs/{doc_id} remove_doc delete 5 []"},
		},
		{
			name: "django function views linked to patterns in the same file",
			path: "docs/views.py",
			src: `
from django.urls import path, re_path
from django.contrib.auth.decorators import login_required

@login_required
def detail(request, pk):
    pass

@require_POST
def archive(request, pk):
    pass

def helper(doc):
    pass

urlpatterns = [
    path("docs/<int:pk>/", detail),
    re_path(r"^docs/(?P<pk>\d+)/archive/$", archive),
    path("other/", csrf_exempt(views.other)),
]
`,
			want: []string{
				"django * /docs/<int:pk>/ detail other 5 [login_required]",
				"django POST /docs/<pk>/archive/ archive update 9 []",
				"django * /other/ views.other other 18 [csrf_exempt]",
			},
		},
		{
			name: "django class-based and generic views",
			path: "views.py",
			src: `
from django.views import View
from rest_framework import generics

class DocumentList(LoginRequiredMixin, View):
    @method_decorator(cache_page(60))
    def get(self, request):
        pass

class DocumentDetail(generics.RetrieveUpdateDestroyAPIView):
    permission_classes = [IsAuthenticated, IsOwner]

    def delete(self, request, pk):
        pass

class NotAView(Base):
    def get(self):
        pass
`,
			want: []string{
				"django GET  DocumentList.get read 6 [LoginRequiredMixin cache_page]",
				"django GET  DocumentDetail.get read 9 [IsAuthenticated IsOwner]",
				"django PUT  DocumentDetail.put update 9 [IsAuthenticated IsOwner]",
				"django PATCH  DocumentDetail.patch update 9 [IsAuthenticated IsOwner]",
				"django DELETE  DocumentDetail.delete delete 12 [IsAuthenticated IsOwner]",
			},
		},
		{
			name: "drf viewsets registered in the same file",
			path: "api/views.py",
			src: `
from rest_framework import mixins, routers, viewsets
from rest_framework.decorators import action

class FolderViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"

    @action(detail=True, methods=["post", "delete"], url_path="share")
    def share(self, request, slug=None):
        pass

    @action(detail=False)
    def recent(self, request):
        pass

router = routers.DefaultRouter()
router.register(r"folders", FolderViewSet)
urlpatterns = [path("api/v2/", include(router.urls))]
`,
			want: []string{
				"django POST /api/v2/folders/ FolderViewSet.create create 4 []",
				"django POST /api/v2/folders/<slug>/share/ FolderViewSet.share update 8 []",
				"django DELETE /api/v2/folders/<slug>/share/ FolderViewSet.share delete 8 []",
				"django GET /api/v2/folders/recent/ FolderViewSet.recent list 12 []",
			},
		},
		{
			name: "plain modules have no handlers",
			path: "util.py",
			src: `
def view(request):
    return request.get("/docs")

class Helper(object):
    def get(self):
        pass
`,
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, tt.path, tt.src)
			assert.Empty(t, f.Errors)
			assert.Equal(t, tt.want, summaries(f))
		})
	}
}

func TestFunctions(t *testing.T) {
	f := parse(t, "svc.py", `
def a():
    pass

async def b(x):
    def inner():
        pass
    return inner

class Service:
    @staticmethod
    def c():
        pass

    async def d(self):
        pass
`)
	var got []string
	for _, fn := range f.Functions {
		got = append(got, fmt.Sprintf("%s %d-%d", fn.Name, fn.Line, fn.EndLine))
	}
	assert.Equal(t, []string{"a 1-2", "b 4-7", "inner 5-6", "Service.c 11-12", "Service.d 14-15"}, got)
}

func TestIdentifiers(t *testing.T) {
	f := parse(t, "api.py", `
from typing import List, Optional
from fastapi import Depends

class DocumentCreate(BaseModel):
    title: str

@router.get("/api/v1/workspaces/{id}/documents", response_model=List[Document])
def list_documents(db: Session = Depends(get_db)) -> Optional[schemas.Folder]:
    return Team.objects.filter(x=1)

class DocumentViewSet(ModelViewSet):
    serializer_class = DocumentSerializer
`)
	assert.Equal(t, []string{
		"DocumentCreate", "workspaces", "documents", "Document", "list_documents", "Folder", "Team",
		"DocumentViewSet", "DocumentSerializer",
	}, f.Identifiers)
}

// TestMidEdit is files in the middle of an edit: the broken code does
// not hide the routes around it, and errors have positions.
func TestMidEdit(t *testing.T) {
	const routes = `
@app.delete("/docs/<id>")
def delete_doc(id):
    pass
`
	tests := []struct {
		name   string
		broken string
		want   []string
	}{
		{
			name: "unclosed call in a body",
			broken: `
@app.post("/docs")
def create_doc():
    doc = Document(title=request.json["title"]
    return doc
`,
			want: []string{"flask POST /docs create_doc create 5 []", "flask DELETE /docs/<id> delete_doc delete 10 []"},
		},
		{
			name: "unclosed call at module level",
			broken: `
limiter = Limiter(app,
`,
			want: []string{"flask DELETE /docs/<id> delete_doc delete 7 []"},
		},
		{
			name: "unfinished def",
			broken: `
@app.put("/docs/<id>")
def update_doc(id
`,
			want: []string{"flask DELETE /docs/<id> delete_doc delete 8 []"},
		},
		{
			name: "unfinished attribute",
			broken: `
@app.put("/docs/<id>")
def update_doc(id):
    if request.
    return ""
`,
			want: []string{"flask PUT /docs/<id> update_doc update 5 []", "flask DELETE /docs/<id> delete_doc delete 10 []"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "from flask import Flask\napp = Flask(__name__)\n" + tt.broken + routes
			f, err := ParseFile("app.py", []byte(src))
			require.NoError(t, err)
			require.NotEmpty(t, f.Errors)
			for _, e := range f.Errors {
				assert.Positive(t, e.Line)
				assert.Positive(t, e.Col)
				assert.NotEmpty(t, e.Message)
			}
			assert.Equal(t, tt.want, summaries(f))
		})
	}
}

func TestNotPython(t *testing.T) {
	_, err := ParseFile("a.ts", nil)
	assert.Error(t, err)
}

func TestParseFileConcurrently(t *testing.T) {
	generatedSrc, handlers := generated(1000)
	src := []byte(generatedSrc)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := ParseFile("app.py", src)
			assert.NoError(t, err)
			assert.Len(t, f.Handlers, handlers)
		}()
	}
	wg.Wait()
}

// generated is a FastAPI app of at least the given number of lines, made of
// resource groups of two handlers each; it returns the source and its handler
// count.
func generated(lines int) (string, int) {
	var b strings.Builder
	b.WriteString("from fastapi import APIRouter, Depends\nfrom pydantic import BaseModel\n\nrouter = APIRouter(prefix=\"/api\")\n")
	i := 0
	for n := 0; n < lines; i++ {
		group := fmt.Sprintf(`

class Resource%[1]d(BaseModel):
    id: str
    title: str


@router.get("/resource%[1]d", response_model=list[Resource%[1]d])
async def list_resource%[1]d(user=Depends(current_user)):
    ids = await authz.lookup_resources("resource%[1]d", "view", user.id)
    return [row for row in db.query(Resource%[1]d) if row.id in ids]


@router.post("/resource%[1]d/{item_id}")
async def update_resource%[1]d(item_id: str, body: Resource%[1]d, user=Depends(current_user)):
    allowed = await authz.check("resource%[1]d", item_id, "edit", user.id)
    if not allowed:
        raise HTTPException(status_code=403)
    row = db.get(Resource%[1]d, item_id)
    for key, value in body.dict().items():
        setattr(row, key, value)
    db.commit()
    return row
`, i)
		b.WriteString(group)
		n += strings.Count(group, "\n")
	}
	return b.String(), 2 * i
}

func BenchmarkParseFile(b *testing.B) {
	generatedSrc, _ := generated(5000)
	src := []byte(generatedSrc)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := ParseFile("app.py", src); err != nil {
			b.Fatal(err)
		}
	}
}
