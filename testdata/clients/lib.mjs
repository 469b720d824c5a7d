// Shared setup for the client end-to-end tests: where the server binary and
// the project root are, how to start the server, and small assertion helpers.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_ROOT = path.join(HERE, 'fixture');

/** The tools every build must expose. */
export const TOOL_NAMES = ['authz_context', 'explain_permission', 'get_schema', 'schema_examples', 'test_permissions', 'validate_schema'];

/** The MCP prompts every build must expose. */
export const PROMPT_NAMES = ['authz_handler', 'authz_review', 'schema_design'];

/** authz_context's operations (its `operation` enum). */
export const OPERATIONS = ['create', 'read', 'update', 'delete', 'list', 'share', 'unshare', 'other'];

/** The example schemas schema_examples serves (the server's embedded library). */
export const EXAMPLE_NAMES = ['ai-agents', 'document-sharing', 'github', 'multi-tenant', 'rbac', 'time-bound-access'];

/** The definitions of fixture/schema.zed. */
export const FIXTURE_DEFINITIONS = ['document', 'folder', 'group', 'user'];

/**
 * The fixture's handler files (never compiled or run): the same four
 * document handlers in each language, none of which calls SpiceDB yet.
 * `handlers` maps each handler's name as written to the operation the
 * server should infer from its method and route.
 */
export const FIXTURE_SOURCES = {
  go: {
    file: 'api/documents.go',
    fence: 'go',
    language: 'go',
    // chi routes on a DocumentHandler: the server names them Type.Method.
    handlers: {
      CreateDocument: 'create',
      GetDocument: 'read',
      DeleteDocument: 'delete',
      ListDocuments: 'list',
    },
  },
  ts: {
    file: 'web/documents.ts',
    fence: 'ts',
    language: 'typescript',
    // express Router routes to exported functions.
    handlers: {
      createDocument: 'create',
      getDocument: 'read',
      deleteDocument: 'delete',
      listDocuments: 'list',
    },
  },
  py: {
    file: 'app/documents.py',
    fence: 'python',
    language: 'python',
    // FastAPI APIRouter(prefix="/documents") routes.
    handlers: {
      create_document: 'create',
      get_document: 'read',
      delete_document: 'delete',
      list_documents: 'list',
    },
  },
};

/**
 * A unified diff (as `git diff` prints it) that adds a rename handler to the
 * fixture's TypeScript file; authz_review picks the file up from `+++ b/`.
 */
export const REVIEW_DIFF = [
  'diff --git a/web/documents.ts b/web/documents.ts',
  'index 3b18e51..a1c2f0d 100644',
  '--- a/web/documents.ts',
  '+++ b/web/documents.ts',
  '@@ -27,6 +27,11 @@ export async function deleteDocument(req: Request, res: Response) {',
  '   res.status(204).end();',
  ' }',
  ' ',
  '+export async function renameDocument(req: Request, res: Response) {',
  '+  await documentStore.rename(req.params.documentId, req.body.title);',
  '+  res.status(204).end();',
  '+}',
  '+',
  ' export async function listDocuments(_req: Request, res: Response) {',
  '   res.json(await documentStore.list());',
  ' }',
  '',
].join('\n');

/** The text of a prompts/get result's messages. */
export function promptText(result) {
  return (result?.messages ?? [])
    .map((m) => (m.content?.type === 'text' ? m.content.text : ''))
    .join('\n');
}

/** Escapes a string for use in a RegExp. */
export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads AMBIENT_AUTHZ_BIN (required) and AMBIENT_AUTHZ_E2E_ROOT (default:
 * fixture/ beside this file) and checks both, so a misconfigured run fails
 * with one clear message instead of a confusing connection error.
 */
export function resolveEnv() {
  const rawBin = process.env.AMBIENT_AUTHZ_BIN;
  if (!rawBin) {
    throw new Error(
      'AMBIENT_AUTHZ_BIN is not set. Build the server (from the repo root: ' +
        '`go build -o bin/ambient-authz ./cmd/ambient-authz`) and run e.g. ' +
        '`AMBIENT_AUTHZ_BIN=$PWD/../../bin/ambient-authz npm test` from testdata/clients.',
    );
  }
  const bin = path.resolve(rawBin);
  try {
    accessSync(bin, constants.X_OK);
  } catch (err) {
    throw new Error(`AMBIENT_AUTHZ_BIN=${rawBin} (${bin}) is not an executable file: ${err.message}`);
  }
  const root = path.resolve(process.env.AMBIENT_AUTHZ_E2E_ROOT || DEFAULT_ROOT);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) {
    throw new Error(`AMBIENT_AUTHZ_E2E_ROOT=${root} is not a directory`);
  }
  return { bin, root, args: ['serve', '--root', root] };
}

/** The raw text of the project's root schema file, if it is schema.zed. */
export function readRootSchema(root) {
  return readFileSync(path.join(root, 'schema.zed'), 'utf8');
}

/** Concatenates the text blocks of a tool result. */
export function textOf(result) {
  return (result?.content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

/** Whether the fixture is the one shipped here (content assertions rely on it). */
export function usingFixture(root) {
  return path.resolve(root) === path.resolve(DEFAULT_ROOT);
}

/** The fixture schema without document's `delete` permission: a breaking change. */
export function schemaWithoutDelete(text) {
  const out = text.replace(/^\s*permission delete = owner\s*\n/m, '');
  if (out === text) throw new Error('fixture has no `permission delete = owner` line to remove');
  return out;
}

/** The fixture schema plus a new `comment` permission on document: a compatible change. */
export function schemaWithComment(text) {
  const out = text.replace(/^(\s*)permission delete = owner\s*\n/m, '$1permission delete = owner\n$1permission comment = view\n');
  if (out === text) throw new Error('fixture has no `permission delete = owner` line to extend');
  return out;
}

/** A schema with a syntax error on line 3 (the `:` after the relation name is missing). */
export const BROKEN_SCHEMA = [
  'definition user {}',
  'definition document {',
  '\trelation viewer user',
  '\tpermission view = viewer',
  '}',
  '',
].join('\n');
export const BROKEN_SCHEMA_LINE = 3;

/** Recursively collects every value in a JSON value (for loose structure checks). */
export function* walk(value, keyPath = []) {
  yield [keyPath, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], [...keyPath, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* walk(v, [...keyPath, k]);
  }
}
