package typescript

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
			name: "express inline and referenced handlers",
			path: "routes.ts",
			src: `
import express from 'express';
const app = express();
function listDocs(req, res) {}
app.get('/docs', listDocs);
app.post('/docs', auth, (req, res) => {});
app.delete('/docs/:id', docs.remove);
`,
			want: []string{
				"express GET /docs listDocs list 3 []",
				"express POST /docs POST /docs create 5 [auth]",
				"express DELETE /docs/:id docs.remove delete 6 []",
			},
		},
		{
			name: "express prefix and middleware order",
			path: "app.js",
			src: `
const express = require('express');
const app = express();
const router = express.Router();
router.get('/', list);
router.use(requireAuth);
router.get('/:id', show);
app.use(logger);
app.use('/api/docs', rateLimit(), router);
app.use('/admin', requireAdmin);
app.get('/admin/stats', stats);
app.get('/public', open);
`,
			want: []string{
				"express GET /api/docs list list 4 [logger rateLimit]",
				"express GET /api/docs/:id show read 6 [logger rateLimit requireAuth]",
				"express GET /admin/stats stats list 10 [logger requireAdmin]",
				"express GET /public open list 11 [logger]",
			},
		},
		{
			name: "express route chain and wrappers",
			path: "docs.ts",
			src: `
const router = Router();
router.route('/docs/:id')
  .get(asyncHandler(getDoc))
  .put(requireRole('editor'), docs.update.bind(docs))
  .all(audit);
`,
			want: []string{
				"express GET /docs/:id getDoc read 3 []",
				"express PUT /docs/:id docs.update update 4 [requireRole]",
				"express * /docs/:id audit other 5 []",
			},
		},
		{
			name: "koa router with prefix and named route",
			path: "koa.js",
			src: `
import Router from '@koa/router';
const router = new Router({ prefix: '/docs' });
router.get('doc', '/:id', async (ctx) => {});
router.del('/:id', remove);
app.use(router.routes());
`,
			want: []string{
				"koa GET /docs/:id GET /docs/:id read 3 []",
				"koa DELETE /docs/:id remove delete 4 []",
			},
		},
		{
			name: "fastify options, route() and plugin prefix",
			path: "server.ts",
			src: `
import Fastify from 'fastify';
const app = Fastify();
app.addHook('onRequest', app.authenticate);
async function plugin(instance) {
  instance.get('/', { preHandler: [canList] }, list);
  instance.route({ method: ['GET', 'HEAD'], url: '/:id', onRequest: verify, handler: show });
}
app.register(plugin, { prefix: '/docs' });
app.post('/login', { handler: login });
`,
			want: []string{
				"fastify GET /docs list list 5 [app.authenticate canList]",
				"fastify GET /docs/:id show read 6 [app.authenticate verify]",
				"fastify HEAD /docs/:id show read 6 [app.authenticate verify]",
				"fastify POST /login login create 9 [app.authenticate]",
			},
		},
		{
			name: "nestjs controller",
			path: "docs.controller.ts",
			src: `
@Controller({ path: 'docs' })
@UseGuards(JwtGuard)
export class DocsController {
  @Get()
  list() {}

  @Get(':id')
  @UseGuards(CanView, RoleGuard('admin'))
  getOne(@Param('id') id: string) {}

  @Delete(':id')
  remove() {}

  helper() {}
}
`,
			want: []string{
				"nestjs GET /docs DocsController.list list 5 [JwtGuard]",
				"nestjs GET /docs/:id DocsController.getOne read 9 [JwtGuard CanView RoleGuard]",
				"nestjs DELETE /docs/:id DocsController.remove delete 12 [JwtGuard]",
			},
		},
		{
			name: "nestjs in javascript with decorators",
			path: "docs.controller.js",
			src: `
@Controller('docs')
export class DocsController {
  @Post()
  create() {}
}
`,
			want: []string{"nestjs POST /docs DocsController.create create 4 []"},
		},
		{
			name: "next.js app router",
			path: "src/app/(dashboard)/api/docs/[id]/route.ts",
			src: `
export async function GET(req: Request) {}
export const DELETE = withAuth(withRole('owner', async (req) => {}));
const update = async () => {};
export { update as PATCH };
export function helper() {}
`,
			want: []string{
				"nextjs GET /api/docs/[id] GET read 1 []",
				"nextjs DELETE /api/docs/[id] DELETE delete 2 [withAuth withRole]",
				"nextjs PATCH /api/docs/[id] update update 3 []",
			},
		},
		{
			name: "next.js pages api",
			path: "pages/api/docs/index.ts",
			src: `
async function handler(req, res) {}
export default withSession(handler);
`,
			want: []string{"nextjs * /api/docs handler other 1 [withSession]"},
		},
		{
			name: "route files outside app/ are not next.js",
			path: "lib/route.ts",
			src:  `export async function GET() {}`,
			want: []string{},
		},
		{
			name: "outgoing requests and lookups are not routes",
			path: "client.ts",
			src: `
axios.get('/api/docs', { params });
api.post('/docs', body);
cache.get('/docs', fallback);
params.get('id');
request(app).get('/docs').expect(200);
this.http.get('/docs', options);
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
	f := parse(t, "svc.ts", `
export function a() {}
const b = async () => {
};
let c = function () {};
exports.d = (req, res) => {};
const docs = { create() {}, list: async () => {} };
export class Service {
  @Get()
  show() {}
  handle = async () => {};
  private count = 0;
}
const e = withRetry(async () => {});
`)
	var got []string
	for _, fn := range f.Functions {
		got = append(got, fmt.Sprintf("%s %d-%d", fn.Name, fn.Line, fn.EndLine))
	}
	assert.Equal(t, []string{
		"a 1-1", "b 2-3", "c 4-4", "d 5-5", "docs.create 6-6", "docs.list 6-6",
		"Service.show 9-9", "Service.handle 10-10", "e 13-13",
	}, got)
}

func TestIdentifiers(t *testing.T) {
	f := parse(t, "docs.ts", `
import { Request, Response } from 'express';
interface DocumentCreate { title: string }
type FolderId = string;
enum Role { Viewer }
class DocumentService {}
async function createDocument(req: Request, res: Response): Promise<Document> {}
router.get('/api/v1/documents/:id/comments', getComment);
@ApiOkResponse({ type: Workspace }) class X {}
const x: Array<Team> = [];
`)
	assert.Equal(t, []string{
		"DocumentCreate", "FolderId", "Role", "DocumentService", "createDocument", "Document",
		"documents", "comments", "Workspace", "Team",
	}, f.Identifiers)
}

func TestLanguageByExtension(t *testing.T) {
	for path, lang := range map[string]coverage.Language{
		"a.ts": coverage.TypeScript, "a.tsx": coverage.TypeScript, "a.mts": coverage.TypeScript, "a.cts": coverage.TypeScript,
		"a.js": coverage.JavaScript, "a.jsx": coverage.JavaScript, "a.mjs": coverage.JavaScript, "a.cjs": coverage.JavaScript,
	} {
		src := "app.get('/docs', (req, res) => res.send(<List items={docs} />));\n"
		f := parse(t, path, src)
		assert.Equal(t, lang, f.Language, path)
		assert.Len(t, f.Handlers, 1, path)
		if path == "a.ts" || path == "a.mts" || path == "a.cts" {
			assert.NotEmpty(t, f.Errors, "%s: JSX is not TypeScript", path)
		} else {
			assert.Empty(t, f.Errors, path)
		}
	}
	_, err := ParseFile("a.py", nil)
	assert.Error(t, err)
}

// TestMidEdit is a file in the middle of an edit: the broken route does
// not hide the handlers around it, and the error has a position.
func TestMidEdit(t *testing.T) {
	f := parse(t, "routes.ts", `
const router = Router();
router.get('/docs', listDocs);
router.post('/docs', async (req, res) => {
  const doc = await create(req.body
  res.json(doc);
});
export class Docs {
  show(req: Request) {
    const id = req.params.
  }
}
function removeDoc(req, res) {}
router.delete('/docs/:id', removeDoc);
`)
	require.NotEmpty(t, f.Errors)
	for _, e := range f.Errors {
		assert.Positive(t, e.Line)
		assert.Positive(t, e.Col)
		assert.NotEmpty(t, e.Message)
	}
	assert.Equal(t, []string{
		"express GET /docs listDocs list 2 []",
		"express POST /docs POST /docs create 3 []",
		"express DELETE /docs/:id removeDoc delete 12 []",
	}, summaries(f))
	var names []string
	for _, fn := range f.Functions {
		names = append(names, fn.Name)
	}
	assert.Equal(t, []string{"POST /docs", "Docs.show", "removeDoc"}, names)
}

func TestSyntaxErrorPosition(t *testing.T) {
	f := parse(t, "a.ts", "const a = 1;\nconst b = ;\n")
	require.Len(t, f.Errors, 1)
	assert.Equal(t, 2, f.Errors[0].Line)
}

func TestParseFileConcurrently(t *testing.T) {
	generatedSrc, handlers := generated(1000)
	src := []byte(generatedSrc)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := ParseFile("app.ts", src)
			assert.NoError(t, err)
			assert.Len(t, f.Handlers, handlers)
		}()
	}
	wg.Wait()
}

// generated is an Express app of at least the given number of lines, made of
// route groups of two handlers each; it returns the source and its handler
// count.
func generated(lines int) (string, int) {
	var b strings.Builder
	b.WriteString("import express, { Request, Response } from 'express';\nconst app = express();\nconst router = express.Router();\n")
	i := 0
	for n := 0; n < lines; i++ {
		group := fmt.Sprintf(`
interface Resource%[1]d { id: string; title: string }

export async function listResource%[1]d(req: Request, res: Response): Promise<Resource%[1]d[]> {
  const ids = await authz.lookupResources('resource%[1]d', 'view', req.user.id);
  return res.json(await db.resource%[1]d.findMany({ where: { id: { in: ids } } }));
}

router.get('/resource%[1]d', requireAuth, listResource%[1]d);

router.post('/resource%[1]d/:id', requireAuth, async (req: Request, res: Response) => {
  const allowed = await authz.check('resource%[1]d', req.params.id, 'edit', req.user.id);
  if (!allowed) {
    return res.sendStatus(403);
  }
  const updated = await db.resource%[1]d.update({
    where: { id: req.params.id },
    data: req.body,
  });
  return res.json(updated);
});
`, i)
		b.WriteString(group)
		n += strings.Count(group, "\n")
	}
	b.WriteString("\napp.use('/api', router);\n")
	return b.String(), 2 * i
}

func BenchmarkParseFile(b *testing.B) {
	generatedSrc, _ := generated(5000)
	src := []byte(generatedSrc)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := ParseFile("app.ts", src); err != nil {
			b.Fatal(err)
		}
	}
}
