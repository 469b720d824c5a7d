// End-to-end: the official MCP TypeScript SDK client starts the ambient-authz
// binary over stdio and drives every tool and resource, with good and bad
// arguments. Run with `node --test sdk-e2e.mjs` (see README.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

import {
  BROKEN_SCHEMA,
  BROKEN_SCHEMA_LINE,
  EXAMPLE_NAMES,
  FIXTURE_DEFINITIONS,
  FIXTURE_SOURCES,
  OPERATIONS,
  PROMPT_NAMES,
  REVIEW_DIFF,
  TOOL_NAMES,
  escapeRegExp,
  promptText,
  readRootSchema,
  resolveEnv,
  schemaWithComment,
  schemaWithoutDelete,
  textOf,
  usingFixture,
  walk,
} from './lib.mjs';

const env = resolveEnv();
const fixture = usingFixture(env.root);
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Calls a tool and returns either the result or the protocol error, so a
 * test can assert on both kinds of failure.
 */
async function call(client, name, args) {
  try {
    return { result: await client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_TIMEOUT_MS }) };
  } catch (error) {
    return { error };
  }
}

/** Gets a prompt and returns either the result or the protocol error. */
async function getPrompt(client, name, args) {
  try {
    return { result: await client.getPrompt({ name, arguments: args }, { timeout: REQUEST_TIMEOUT_MS }) };
  } catch (error) {
    return { error };
  }
}

/**
 * Asserts prompts/get succeeded with exactly one user text message; returns
 * its text.
 */
function assertPromptOk(outcome, what) {
  assert.ok(!outcome.error, `${what}: unexpected protocol error: ${outcome.error?.message}`);
  const { messages } = outcome.result;
  assert.equal(messages?.length, 1, `${what}: expected one message, got ${JSON.stringify(messages)}`);
  assert.equal(messages[0].role, 'user', `${what}: role`);
  assert.equal(messages[0].content?.type, 'text', `${what}: content type`);
  const text = promptText(outcome.result);
  assert.ok(text.trim().length > 0, `${what}: empty prompt`);
  return text;
}

/**
 * Asserts prompts/get failed with a JSON-RPC error (a prompt has no isError
 * result); returns its message.
 */
function assertPromptFailed(outcome, what) {
  assert.ok(outcome.error, `${what}: expected an error, got ${JSON.stringify(outcome.result)?.slice(0, 500)}`);
  assert.ok(outcome.error instanceof McpError, `${what}: expected an MCP error, got ${outcome.error}`);
  return outcome.error.message;
}

/** Asserts the call failed, as a JSON-RPC error or an isError result; returns its text. */
function assertFailed(outcome, what) {
  if (outcome.error) {
    assert.ok(outcome.error instanceof McpError, `${what}: expected an MCP error, got ${outcome.error}`);
    return outcome.error.message;
  }
  assert.equal(outcome.result.isError, true, `${what}: expected isError, got ${JSON.stringify(outcome.result)}`);
  const text = textOf(outcome.result);
  assert.ok(text.trim().length > 0, `${what}: error result has no text`);
  return text;
}

/** Asserts the call succeeded with text and structured content; returns the result. */
function assertOk(outcome, what) {
  assert.ok(!outcome.error, `${what}: unexpected protocol error: ${outcome.error?.message}`);
  const { result } = outcome;
  assert.notEqual(result.isError, true, `${what}: unexpected isError: ${textOf(result)}`);
  assert.ok(textOf(result).trim().length > 0, `${what}: no text content`);
  assert.equal(typeof result.structuredContent, 'object', `${what}: no structuredContent`);
  assert.ok(result.structuredContent !== null, `${what}: structuredContent is null`);
  return result;
}

describe('TypeScript SDK client over stdio', () => {
  /** @type {Client} */
  let client;
  /** @type {StdioClientTransport} */
  let transport;
  const transportErrors = [];
  let stderr = '';

  before(async () => {
    transport = new StdioClientTransport({
      command: env.bin,
      args: env.args,
      stderr: 'pipe',
    });
    transport.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    client = new Client({ name: 'ambient-authz-sdk-e2e', version: '0.0.0' });
    await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
    // Set after connect: connect installs its own handler, which we chain.
    const onerror = transport.onerror;
    transport.onerror = (err) => {
      transportErrors.push(err);
      onerror?.(err);
    };
  });

  after(async () => {
    await client?.close();
    if (transportErrors.length > 0 || process.env.E2E_VERBOSE) {
      process.stderr.write(`--- server stderr ---\n${stderr}\n`);
    }
  });

  it('initializes and advertises tools, resources and prompts', () => {
    const info = client.getServerVersion();
    assert.ok(info?.name, 'serverInfo.name is empty');
    assert.ok(info?.version, 'serverInfo.version is empty');
    const caps = client.getServerCapabilities();
    assert.ok(caps?.tools, `no tools capability: ${JSON.stringify(caps)}`);
    assert.ok(caps?.resources, `no resources capability: ${JSON.stringify(caps)}`);
    assert.ok(caps?.prompts, `no prompts capability: ${JSON.stringify(caps)}`);
  });

  it('tools/list lists the read-only tools with input schemas', async () => {
    const { tools } = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
    const names = tools.map((t) => t.name).sort();
    for (const name of TOOL_NAMES) assert.ok(names.includes(name), `tool ${name} missing from ${names}`);
    for (const tool of tools) {
      assert.ok(tool.description && tool.description.length > 20, `${tool.name}: description too thin`);
      assert.equal(tool.inputSchema?.type, 'object', `${tool.name}: inputSchema.type`);
      assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name}: readOnlyHint`);
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.ok(byName.get_schema.inputSchema.properties?.definition, 'get_schema has no `definition` property');
    assert.ok(!(byName.get_schema.inputSchema.required ?? []).includes('definition'), 'get_schema.definition must be optional');
    assert.deepEqual(
      [...(byName.explain_permission.inputSchema.required ?? [])].sort(),
      ['permission', 'resource'],
      'explain_permission must require resource and permission',
    );
    assert.ok(byName.validate_schema.inputSchema.properties?.schema, 'validate_schema has no `schema` property');
    assert.ok(!(byName.validate_schema.inputSchema.required ?? []).includes('schema'), 'validate_schema.schema must be optional');

    // authz_context: four optional arguments (at least one is checked at
    // call time), operation an enum.
    const ctx = byName.authz_context.inputSchema;
    assert.deepEqual(Object.keys(ctx.properties ?? {}).sort(), ['file', 'handler', 'operation', 'resource'], 'authz_context properties');
    assert.deepEqual(ctx.required ?? [], [], 'authz_context arguments must all be optional');
    assert.deepEqual([...(ctx.properties.operation.enum ?? [])].sort(), [...OPERATIONS].sort(), 'authz_context.operation enum');
    const examples = byName.schema_examples.inputSchema;
    assert.ok(examples.properties?.name, 'schema_examples has no `name` property');
    assert.ok(!(examples.required ?? []).includes('name'), 'schema_examples.name must be optional');
  });

  describe('get_schema', () => {
    it('without arguments lists every definition', async () => {
      const result = assertOk(await call(client, 'get_schema', {}), 'get_schema {}');
      if (!fixture) return;
      const text = textOf(result);
      const structured = JSON.stringify(result.structuredContent);
      for (const def of FIXTURE_DEFINITIONS) {
        assert.match(text, new RegExp(`\\b${def}\\b`), `text does not mention ${def}`);
        assert.ok(structured.includes(`"${def}"`), `structuredContent does not name ${def}`);
      }
    });

    it('with definition=document shows relations with subject types and permissions', async () => {
      const result = assertOk(await call(client, 'get_schema', { definition: 'document' }), 'get_schema document');
      if (!fixture) return;
      const text = textOf(result);
      for (const rel of ['parent', 'owner', 'editor', 'viewer']) assert.match(text, new RegExp(`\\b${rel}\\b`), `relation ${rel}`);
      for (const perm of ['edit', 'view', 'delete']) assert.match(text, new RegExp(`\\b${perm}\\b`), `permission ${perm}`);
      assert.ok(text.includes('user:*'), 'viewer subject type user:* missing');
      assert.ok(text.includes('group#member'), 'subject type group#member missing');
      assert.ok(text.includes('parent->edit'), 'edit expression missing parent->edit');
      const structured = JSON.stringify(result.structuredContent);
      for (const s of ['"document"', 'user:*', 'group#member', 'parent->view']) {
        assert.ok(structured.includes(s), `structuredContent lacks ${s}`);
      }
    });

    it('with an unknown definition suggests the closest one', async () => {
      const text = assertFailed(await call(client, 'get_schema', { definition: 'documnet' }), 'get_schema documnet');
      assert.match(text, /did you mean/i);
      assert.match(text, /\bdocument\b/);
    });

    it('with a wrongly typed argument fails', async () => {
      assertFailed(await call(client, 'get_schema', { definition: 42 }), 'get_schema definition=42');
    });
  });

  describe('explain_permission', () => {
    it('explains the grant paths of document#view', async () => {
      const result = assertOk(
        await call(client, 'explain_permission', { resource: 'document', permission: 'view' }),
        'explain_permission document#view',
      );
      if (!fixture) return;
      const text = textOf(result);
      assert.match(text, /user\s*→\s*document#viewer/, 'direct viewer path missing');
      assert.match(text, /group#member\s*→\s*document#viewer/, 'group viewer path missing');
      assert.match(text, /user:\*/, 'public (user:*) path missing');
      assert.match(text, /document#(editor|owner)/, 'view via edit path missing');
      assert.match(text, /folder#(viewer|editor|owner)/, 'path through the parent folder missing');
    });

    it('fails when a required argument is missing', async () => {
      const text = assertFailed(
        await call(client, 'explain_permission', { resource: 'document' }),
        'explain_permission without permission',
      );
      assert.match(text, /permission/i, 'error does not name the missing argument');
    });

    it('suggests the right permission for a typo', async () => {
      const text = assertFailed(
        await call(client, 'explain_permission', { resource: 'document', permission: 'veiw' }),
        'explain_permission document#veiw',
      );
      assert.match(text, /\bview\b/);
    });

    it('suggests the right definition for a typo', async () => {
      const text = assertFailed(
        await call(client, 'explain_permission', { resource: 'documnet', permission: 'view' }),
        'explain_permission documnet#view',
      );
      assert.match(text, /\bdocument\b/);
    });
  });

  describe('validate_schema', () => {
    it('without arguments validates the current schema', async () => {
      const result = assertOk(await call(client, 'validate_schema', {}), 'validate_schema {}');
      assert.equal(result.structuredContent.valid, true, JSON.stringify(result.structuredContent));
      assert.match(textOf(result), /valid/i);
    });

    it('reports a syntax error in a proposed schema with line:col', async () => {
      const result = assertOk(await call(client, 'validate_schema', { schema: BROKEN_SCHEMA }), 'validate_schema broken');
      assert.equal(result.structuredContent.valid, false, JSON.stringify(result.structuredContent));
      const text = textOf(result);
      assert.match(text, new RegExp(`\\b${BROKEN_SCHEMA_LINE}:\\d+`), `no ${BROKEN_SCHEMA_LINE}:col position in: ${text}`);
    });

    it('flags removing a permission as a breaking change', { skip: !fixture && 'custom root' }, async () => {
      const proposed = schemaWithoutDelete(readRootSchema(env.root));
      const result = assertOk(await call(client, 'validate_schema', { schema: proposed }), 'validate_schema without delete');
      assert.equal(result.structuredContent.valid, true, 'the proposed schema itself compiles');
      const structured = JSON.stringify(result.structuredContent);
      assert.match(structured, /breaking/i, `no breaking change in ${structured}`);
      assert.ok(structured.includes('delete'), 'diff does not name the removed permission');
      assert.match(textOf(result), /delete/);
    });

    it('does not flag adding a permission as breaking', { skip: !fixture && 'custom root' }, async () => {
      const proposed = schemaWithComment(readRootSchema(env.root));
      const result = assertOk(await call(client, 'validate_schema', { schema: proposed }), 'validate_schema with comment');
      assert.equal(result.structuredContent.valid, true);
      const breaking = [...walk(result.structuredContent)].filter(
        ([keyPath, v]) => /breaking/i.test(String(keyPath.at(-1))) && v === true,
      );
      assert.deepEqual(breaking, [], 'an added permission was reported as breaking');
      assert.ok(JSON.stringify(result.structuredContent).includes('comment'), 'diff does not name the added permission');
    });
  });

  describe('test_permissions', () => {
    const onFixture = { skip: !fixture && 'custom root' };
    const relationships = [
      'document:plan#parent@folder:eng',
      'folder:eng#viewer@group:staff#member',
      'group:staff#member@user:alice',
    ].join('\n');

    it('explains a check granted through a folder and a group', onFixture, async () => {
      const result = assertOk(
        await call(client, 'test_permissions', { relationships, checks: ['document:plan#view@user:alice', 'document:plan#edit@user:alice'] }),
        'test_permissions checks',
      );
      const [view, edit] = result.structuredContent.checks;
      assert.equal(view.permissionship, 'HAS_PERMISSION');
      assert.deepEqual(view.path, ['user:alice', 'group:staff#member', 'folder:eng#viewer', 'folder:eng#view', 'document:plan#view']);
      assert.equal(edit.permissionship, 'NO_PERMISSION');
      assert.ok(edit.trace.length > 1, 'a denial carries SpiceDB\'s trace');
      assert.equal(edit.trace[0].result, 'denied', 'the checked permission is the first step');
      for (const step of edit.trace) assert.ok(['granted', 'denied', 'conditional'].includes(step.result), `trace step result ${step.result}`);
      assert.match(textOf(result), /document:plan#edit@user:alice → NO_PERMISSION/);
    });

    it('rejects a relationship the schema does not allow, at line:col', onFixture, async () => {
      const text = assertFailed(
        await call(client, 'test_permissions', { relationships: `${relationships}\ndocument:plan#parent@user:alice`, checks: ['document:plan#view@user:alice'] }),
        'test_permissions bad relationship',
      );
      assert.match(text, /4:22: document#parent does not allow subject user; allowed: folder/);
    });
  });

  describe('authz_context', () => {
    const { go, ts, py } = FIXTURE_SOURCES;
    const onFixture = { skip: !fixture && 'custom root' };

    /** The plan's write of `relation` on document, from `from`. */
    const findWrite = (plan, relation, from) =>
      (plan?.writes ?? []).find((w) => w.object === 'document' && w.relation === relation && w.from === from);

    it('for the Go create handler: check on the parent folder, writes, Go code', onFixture, async () => {
      const result = assertOk(
        await call(client, 'authz_context', { file: go.file, handler: 'CreateDocument' }),
        'authz_context Go CreateDocument',
      );
      const text = textOf(result);
      assert.match(text, /resource \*\*document\*\*/, 'resource document');
      assert.match(text, /operation \*\*create\*\*/, 'operation create');
      assert.match(text, /POST \/documents/, 'route missing from the header');
      // document has no create permission of its own: the check is on the
      // folder it goes into, with a permission the folder really has.
      assert.match(text, /`folder#edit`/, 'check on folder#edit missing');
      assert.match(text, /WriteRelationships/);
      assert.ok(text.includes('document:<id>#owner@user:<actor id>'), 'owner write missing from the steps');
      assert.ok(text.includes('document:<id>#parent@folder:<parent id>'), 'parent write missing from the steps');
      assert.match(text, /```go\n[\s\S]*CheckPermission[\s\S]*WriteRelationships[\s\S]*\n```/, 'no ```go block with the check and the writes');

      const sc = result.structuredContent;
      assert.equal(sc.file, go.file);
      assert.equal(sc.language, 'go');
      assert.equal(sc.resource, 'document');
      assert.equal(sc.operation, 'create');
      assert.match(sc.handler?.function ?? '', /(^|\.)CreateDocument$/, `handler: ${JSON.stringify(sc.handler)}`);
      assert.equal(sc.handler.method, 'POST');
      assert.equal(sc.handler.route, '/documents');
      assert.deepEqual(
        { object: sc.plan?.check?.object, permission: sc.plan?.check?.permission },
        { object: 'folder', permission: 'edit' },
        `plan.check: ${JSON.stringify(sc.plan?.check)}`,
      );
      assert.ok(findWrite(sc.plan, 'owner', 'actor')?.subject === 'user', `no owner@user write from actor: ${JSON.stringify(sc.plan?.writes)}`);
      assert.ok(findWrite(sc.plan, 'parent', 'parent')?.subject === 'folder', `no parent@folder write from parent: ${JSON.stringify(sc.plan?.writes)}`);
      assert.equal(sc.code?.language, 'go');
      assert.ok(sc.code.imports.some((i) => i.includes('github.com/authzed/authzed-go')), `imports: ${sc.code.imports}`);
      for (const name of ['"folder"', '"edit"', '"document"', '"owner"', '"parent"']) {
        assert.ok(sc.code.snippet.includes(name), `Go snippet lacks the schema name ${name}`);
      }
    });

    it('for the TypeScript create handler: authzed-node code in a ```ts block', onFixture, async () => {
      const result = assertOk(
        await call(client, 'authz_context', { file: ts.file, handler: 'createDocument' }),
        'authz_context TS createDocument',
      );
      const text = textOf(result);
      assert.match(text, /```ts\n[\s\S]*checkPermission[\s\S]*writeRelationships[\s\S]*\n```/, 'no ```ts block with the check and the writes');
      assert.match(text, /`folder#edit`/);
      const sc = result.structuredContent;
      assert.equal(sc.language, 'typescript');
      assert.equal(sc.resource, 'document');
      assert.equal(sc.operation, 'create');
      assert.equal(sc.code?.language, 'typescript');
      assert.ok(sc.code.imports.some((i) => i.includes('@authzed/authzed-node')), `imports: ${JSON.stringify(sc.code.imports)}`);
      assert.ok(findWrite(sc.plan, 'owner', 'actor'), 'owner write missing');
      assert.ok(findWrite(sc.plan, 'parent', 'parent'), 'parent write missing');
    });

    it('for the Python delete handler: check document#delete, delete relationships, ```python block', onFixture, async () => {
      const result = assertOk(
        await call(client, 'authz_context', { file: py.file, handler: 'delete_document' }),
        'authz_context Python delete_document',
      );
      const text = textOf(result);
      assert.match(text, /operation \*\*delete\*\*/);
      assert.match(text, /DELETE \/documents\/\{document_id\}/, 'FastAPI route (with the router prefix) missing');
      assert.match(text, /`document#delete`/);
      assert.match(text, /DeleteRelationships/);
      assert.match(text, /```python\n[\s\S]*CheckPermission[\s\S]*DeleteRelationships[\s\S]*\n```/, 'no ```python block with the check and the delete');
      const sc = result.structuredContent;
      assert.equal(sc.language, 'python');
      assert.equal(sc.operation, 'delete');
      assert.deepEqual({ object: sc.plan?.check?.object, permission: sc.plan?.check?.permission }, { object: 'document', permission: 'delete' });
      assert.ok(sc.code.imports.some((i) => /\bauthzed\.api\.v1\b/.test(i)), `imports: ${JSON.stringify(sc.code.imports)}`);
    });

    for (const [lang, src] of Object.entries(FIXTURE_SOURCES)) {
      it(`with only file=${src.file} lists its handlers with what each must check`, onFixture, async () => {
        const result = assertOk(await call(client, 'authz_context', { file: src.file }), `authz_context ${src.file}`);
        const text = textOf(result);
        const sc = result.structuredContent;
        assert.equal(sc.language, src.language, `${lang}: language`);
        assert.equal(sc.resource, 'document', `${lang}: resource from the file's names`);
        const found = Object.fromEntries(
          sc.handlers.map((h) => [h.function.slice(h.function.lastIndexOf('.') + 1), h]),
        );
        const wantCheck = { create: 'folder#edit', read: 'document#view', delete: 'document#delete', list: 'document#view' };
        for (const [name, op] of Object.entries(src.handlers)) {
          const h = found[name];
          assert.ok(h, `${lang}: handler ${name} not found in ${JSON.stringify(Object.keys(found))}`);
          assert.equal(h.operation, op, `${lang}: ${name} operation`);
          assert.equal(h.resource, 'document', `${lang}: ${name} resource`);
          assert.equal(h.check, wantCheck[op], `${lang}: ${name} check`);
          assert.match(text, new RegExp(`${escapeRegExp(name)} → ${op} ${escapeRegExp(wantCheck[op])}`), `${lang}: ${name} line in the text`);
        }
        assert.equal(sc.handlers.length, Object.keys(src.handlers).length, `${lang}: extra handlers ${JSON.stringify(Object.keys(found))}`);
        // No handler chosen: no plan and no code, and the text says what to pass.
        assert.equal(sc.plan, undefined, `${lang}: a plan without a handler or operation`);
        assert.match(sc.next ?? '', /`handler`/, `${lang}: next does not ask for a handler: ${sc.next}`);
      });
    }

    it('with resource=document operation=list says LookupResources (no file: no code)', async () => {
      const result = assertOk(
        await call(client, 'authz_context', { resource: 'document', operation: 'list' }),
        'authz_context document list',
      );
      if (!fixture) return;
      const text = textOf(result);
      assert.match(text, /LookupResources `document#view`/);
      assert.doesNotMatch(text, /```/, 'code without a file to take the language from');
      const sc = result.structuredContent;
      assert.equal(sc.resource_from, 'argument');
      assert.equal(sc.operation_from, 'argument');
      assert.deepEqual({ object: sc.plan?.lookup?.object, permission: sc.plan?.lookup?.permission }, { object: 'document', permission: 'view' });
      assert.equal(sc.code, undefined);
      assert.match(sc.next ?? '', /`file`/);
    });

    it('without arguments is an error asking for at least one', async () => {
      const text = assertFailed(await call(client, 'authz_context', {}), 'authz_context {}');
      assert.match(text, /at least one argument/);
      assert.match(text, /`file`/, 'error does not say what to pass');
    });

    it('refuses a file outside the project root', async () => {
      for (const file of ['../etc/passwd', '../../../../../../etc/passwd', '/etc/passwd']) {
        const text = assertFailed(await call(client, 'authz_context', { file }), `authz_context file=${file}`);
        assert.match(text, /outside the project root/, `${file}: ${text}`);
        assert.doesNotMatch(text, /root:x:0:0/, `${file}: leaked the file's content`);
      }
    });

    it('with an unknown handler suggests the closest', onFixture, async () => {
      const text = assertFailed(
        await call(client, 'authz_context', { file: go.file, handler: 'CrateDocument' }),
        'authz_context handler=CrateDocument',
      );
      assert.match(text, /CrateDocument/);
      assert.match(text, /did you mean: [^\n]*\bCreateDocument\b/i);
    });

    it('rejects an operation outside the enum', async () => {
      const text = assertFailed(
        await call(client, 'authz_context', { operation: 'frob', resource: 'document' }),
        'authz_context operation=frob',
      );
      assert.match(text, /operation/);
      assert.match(text, /must be one of[^\n]*'create'[^\n]*'unshare'/, `the error does not list the operations: ${text}`);
    });

    it('rejects a missing file, a non-source file and an unknown resource with a fix', async () => {
      const cases = [
        [{ file: 'api/no_such_file.go' }, /does not exist/],
        [{ file: 'schema.zed' }, /not source code in a supported language/],
        [{ resource: 'documnet', operation: 'read' }, /did you mean: document\?/],
      ];
      for (const [args, want] of cases) {
        if (!fixture && args.resource) continue;
        const text = assertFailed(await call(client, 'authz_context', args), `authz_context ${JSON.stringify(args)}`);
        assert.match(text, want);
        assert.match(text, /\nfix: /, `no fix in: ${text}`);
      }
    });
  });

  describe('schema_examples', () => {
    it('without arguments lists every example', async () => {
      const result = assertOk(await call(client, 'schema_examples', {}), 'schema_examples {}');
      const names = result.structuredContent.examples.map((e) => e.name).sort();
      assert.deepEqual(names, [...EXAMPLE_NAMES].sort());
      const text = textOf(result);
      for (const name of EXAMPLE_NAMES) assert.match(text, new RegExp(`^${escapeRegExp(name)}: `, 'm'), `no line for ${name}`);
      for (const e of result.structuredContent.examples) {
        assert.ok(e.title && e.description, `${e.name}: no title or description`);
        assert.ok(e.definitions.length > 0, `${e.name}: no definitions`);
        assert.equal(e.schema, undefined, `${e.name}: the list carries full schemas`);
      }
    });

    it('name=rbac returns its schema and validation file', async () => {
      const result = assertOk(await call(client, 'schema_examples', { name: 'rbac' }), 'schema_examples rbac');
      const [example, ...rest] = result.structuredContent.examples;
      assert.equal(rest.length, 0);
      assert.equal(example.name, 'rbac');
      assert.match(example.schema, /^definition user\b/m);
      assert.match(example.schema, /^definition \w+ \{/m);
      for (const def of example.definitions) assert.match(example.schema, new RegExp(`^definition ${def}\\b`, 'm'), `${def} missing`);
      // A zed validation file: schemaFile, relationships and assertions.
      assert.match(example.validation, /^schemaFile: \.\/rbac\.zed/m);
      assert.match(example.validation, /^relationships:/m);
      assert.match(example.validation, /^assertions:/m);
      const text = textOf(result);
      assert.match(text, /```zed\n[\s\S]*definition [\s\S]*```/);
      assert.match(text, /```yaml\n[\s\S]*relationships:[\s\S]*```/);
    });

    it('name=rbac is a schema validate_schema accepts', async () => {
      const { structuredContent } = assertOk(await call(client, 'schema_examples', { name: 'rbac' }), 'schema_examples rbac');
      const result = assertOk(
        await call(client, 'validate_schema', { schema: structuredContent.examples[0].schema }),
        'validate_schema rbac',
      );
      assert.equal(result.structuredContent.valid, true, textOf(result));
    });

    it('name=rbca is an error suggesting rbac', async () => {
      const text = assertFailed(await call(client, 'schema_examples', { name: 'rbca' }), 'schema_examples rbca');
      assert.match(text, /rbca/);
      assert.match(text, /did you mean: rbac\?/);
    });
  });

  describe('prompts', () => {
    const { go, ts } = FIXTURE_SOURCES;
    const onFixture = { skip: !fixture && 'custom root' };

    it('prompts/list has authz_handler, authz_review and schema_design with their arguments', async () => {
      const { prompts } = await client.listPrompts(undefined, { timeout: REQUEST_TIMEOUT_MS });
      assert.deepEqual(prompts.map((p) => p.name).sort(), [...PROMPT_NAMES].sort());
      const args = Object.fromEntries(
        prompts.map((p) => [p.name, Object.fromEntries((p.arguments ?? []).map((a) => [a.name, a]))]),
      );
      for (const p of prompts) {
        assert.ok(p.description && p.description.length > 20, `${p.name}: description too thin`);
        for (const a of p.arguments ?? []) assert.ok(a.description, `${p.name}.${a.name}: no description`);
      }
      assert.deepEqual(Object.keys(args.authz_handler).sort(), ['file', 'handler', 'operation', 'resource']);
      assert.deepEqual(Object.keys(args.authz_review).sort(), ['diff', 'file']);
      assert.deepEqual(Object.keys(args.schema_design), ['description']);
      assert.equal(args.schema_design.description.required, true, 'schema_design.description must be required');
      for (const name of ['authz_handler', 'authz_review']) {
        for (const a of Object.values(args[name])) assert.notEqual(a.required, true, `${name}.${a.name} must be optional`);
      }
    });

    it('authz_handler: the rules, then the handler\'s context', onFixture, async () => {
      const text = assertPromptOk(
        await getPrompt(client, 'authz_handler', { file: go.file, handler: 'CreateDocument' }),
        'authz_handler',
      );
      assert.match(text, /check the permission/i, 'the rules are missing');
      assert.match(text, /never relations/i);
      // The rules come first, then the context.
      const rules = text.search(/check the permission/i);
      const context = text.indexOf('## authz context');
      assert.ok(context > rules, 'no "## authz context" after the rules');
      assert.ok(text.includes(`(${go.file}:`), 'context does not locate the handler');
      assert.match(text, /resource \*\*document\*\*/);
      assert.match(text, /operation \*\*create\*\*/);
      assert.match(text, /`folder#edit`/);
      assert.match(text, /WriteRelationships/);
      assert.match(text, /```go\n/);
    });

    it('authz_review file=: the review questions, then every handler of the file', onFixture, async () => {
      const text = assertPromptOk(await getPrompt(client, 'authz_review', { file: go.file }), 'authz_review file');
      assert.match(text, /Review this code's authorization/);
      assert.match(text, /LookupResources or a bulk check/, 'the list question is missing');
      assert.match(text, /file:line: problem/, 'the report format is missing');
      assert.ok(text.includes(`## authz context: ${go.file}`), 'the file\'s context is missing');
      for (const name of Object.keys(go.handlers)) assert.match(text, new RegExp(`\\b${name}\\b`), `handler ${name} missing`);
      assert.match(text, /CreateDocument → create folder#edit/);
      assert.match(text, /ListDocuments → list document#view/);
      assert.doesNotMatch(text, /Code under review/, 'a code block without a diff');
    });

    it('authz_review diff=: the files the diff touches, and the diff itself', onFixture, async () => {
      const text = assertPromptOk(await getPrompt(client, 'authz_review', { diff: REVIEW_DIFF }), 'authz_review diff');
      assert.match(text, /Review this code's authorization/);
      assert.ok(text.includes(`## authz context: ${ts.file}`), `no context for ${ts.file}`);
      assert.ok(!text.includes(`## authz context: ${go.file}`), 'a file the diff does not touch is reviewed');
      for (const name of Object.keys(ts.handlers)) assert.match(text, new RegExp(`\\b${name}\\b`), `handler ${name} missing`);
      assert.match(text, /deleteDocument → delete document#delete/);
      assert.match(text, /Code under review/);
      assert.ok(text.includes('+export async function renameDocument'), 'the diff is not in the prompt');
    });

    it('schema_design: the loop, the current schema, the closest example, the feature', async () => {
      const description = 'teams that share dashboards';
      const text = assertPromptOk(await getPrompt(client, 'schema_design', { description }), 'schema_design');
      assert.match(text, /validate_schema/);
      assert.match(text, /Closest example: [\w-]+/);
      const closest = text.match(/Closest example: ([\w-]+)/)[1];
      assert.ok(EXAMPLE_NAMES.includes(closest), `closest example ${closest} is not one of schema_examples'`);
      assert.match(text, /```zed\n[\s\S]*definition /, 'the example schema is missing');
      assert.match(text, /\*\*Current schema\*\*/);
      if (fixture) {
        for (const def of FIXTURE_DEFINITIONS) assert.match(text, new RegExp(`^- ${def}\\b`, 'm'), `current schema summary lacks ${def}`);
      }
      assert.ok(text.trimEnd().endsWith(description), 'the feature is not at the end');
    });

    it('authz_review without arguments is an error', async () => {
      const message = assertPromptFailed(await getPrompt(client, 'authz_review', {}), 'authz_review {}');
      assert.match(message, /needs a source file or a diff/);
    });

    it('authz_review of a diff that touches no source file is an error', async () => {
      const diff = '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-old\n+new\n';
      const message = assertPromptFailed(await getPrompt(client, 'authz_review', { diff }), 'authz_review README diff');
      assert.match(message, /needs a source file or a diff/);
    });

    it('authz_review of a file outside the root is an error', async () => {
      const message = assertPromptFailed(await getPrompt(client, 'authz_review', { file: '../etc/passwd.go' }), 'authz_review ../');
      assert.match(message, /outside the project root/);
    });

    it('schema_design without a description is an error', async () => {
      for (const args of [{}, { description: '   ' }]) {
        const message = assertPromptFailed(await getPrompt(client, 'schema_design', args), `schema_design ${JSON.stringify(args)}`);
        assert.match(message, /description/);
      }
    });

    it('authz_handler with an unknown handler is an error suggesting the closest', onFixture, async () => {
      const message = assertPromptFailed(
        await getPrompt(client, 'authz_handler', { file: go.file, handler: 'CrateDocument' }),
        'authz_handler CrateDocument',
      );
      assert.match(message, /did you mean: [^\n]*\bCreateDocument\b/);
    });

    it('an unknown prompt is an error', async () => {
      const message = assertPromptFailed(await getPrompt(client, 'no_such_prompt', {}), 'unknown prompt');
      assert.match(message, /no_such_prompt/);
    });
  });

  describe('prompt and context edge cases', () => {
    it('authz_handler without arguments fails like authz_context {} does', async () => {
      const message = assertPromptFailed(await getPrompt(client, 'authz_handler', {}), 'authz_handler {}');
      assert.match(message, /at least one argument/);
    });

    // mcp-go v1.2.1 reports every prompt handler error as -32603; the MCP
    // spec asks -32602 for a missing argument. The message still says what
    // to pass.
    it('prompts/get with a missing argument is an error that says what to pass', async () => {
      for (const [name, want] of [
        ['schema_design', /needs a description/],
        ['authz_review', /needs a source file or a diff/],
      ]) {
        const outcome = await getPrompt(client, name, {});
        const message = assertPromptFailed(outcome, `${name} {}`);
        assert.match(message, want);
      }
    });

    it('unshare: the text and code revoke every relationship the plan deletes', { skip: !fixture && 'custom root' }, async () => {
      const result = assertOk(
        await call(client, 'authz_context', { file: FIXTURE_SOURCES.ts.file, resource: 'document', operation: 'unshare' }),
        'authz_context document unshare',
      );
      const { plan, code } = result.structuredContent;
      assert.deepEqual(
        plan.deletes.map((d) => `${d.subject}${d.subject_relation ? '#' + d.subject_relation : ''}`).sort(),
        ['group#member', 'user'],
      );
      const text = textOf(result);
      assert.ok(text.includes('document:<id>#viewer@user:<input id>'), 'user unshare missing from the text');
      assert.ok(text.includes('document:<id>#viewer@group:<input id>#member'), 'group unshare missing from the text');
      assert.match(code.snippet, /objectType: "group"/, 'the code cannot unshare from a group');
    });
  });

  describe('resources', () => {
    it('resources/list has authz://schema as text/plain', async () => {
      const { resources } = await client.listResources(undefined, { timeout: REQUEST_TIMEOUT_MS });
      const schema = resources.find((r) => r.uri === 'authz://schema');
      assert.ok(schema, `authz://schema missing from ${JSON.stringify(resources.map((r) => r.uri))}`);
      assert.equal(schema.mimeType, 'text/plain');
    });

    it('resources/read authz://schema returns the raw schema', async () => {
      const { contents } = await client.readResource({ uri: 'authz://schema' }, { timeout: REQUEST_TIMEOUT_MS });
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, 'authz://schema');
      assert.equal(contents[0].mimeType, 'text/plain');
      if (fixture) assert.equal(contents[0].text, readRootSchema(env.root));
    });

    it('resources/templates/list has authz://schema/{definition}', async () => {
      const { resourceTemplates } = await client.listResourceTemplates(undefined, { timeout: REQUEST_TIMEOUT_MS });
      const uris = resourceTemplates.map((t) => t.uriTemplate);
      assert.ok(uris.includes('authz://schema/{definition}'), `template missing from ${JSON.stringify(uris)}`);
    });

    it('resources/read authz://schema/document returns that definition', { skip: !fixture && 'custom root' }, async () => {
      const { contents } = await client.readResource({ uri: 'authz://schema/document' }, { timeout: REQUEST_TIMEOUT_MS });
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, 'authz://schema/document');
      const text = contents[0].text;
      assert.match(text, /definition document\b/);
      assert.ok(text.includes('parent->view'), 'document view expression missing');
      assert.ok(!/definition folder\b/.test(text), 'read of one definition returned others too');
    });

    it('resources/read of an unknown definition fails', async () => {
      await assert.rejects(
        client.readResource({ uri: 'authz://schema/documnet' }, { timeout: REQUEST_TIMEOUT_MS }),
        (err) => {
          assert.ok(err instanceof McpError, String(err));
          // mcp-go reports resource handler errors as -32603; the message
          // still names the problem and the fix.
          assert.match(err.message, /did you mean: document\?/);
          return true;
        },
      );
    });
  });

  describe('robustness', () => {
    it('an unknown tool is an error', async () => {
      const text = assertFailed(await call(client, 'no_such_tool', {}), 'unknown tool');
      assert.match(text, /no_such_tool/);
    });

    it('the server survives bad calls and answers good ones after them', async () => {
      assertFailed(await call(client, 'no_such_tool', {}), 'unknown tool');
      assertFailed(await call(client, 'explain_permission', {}), 'explain_permission {}');
      assertFailed(await call(client, 'get_schema', { definition: '\u0000../../etc/passwd' }), 'get_schema junk');
      const result = assertOk(
        await call(client, 'explain_permission', { resource: 'document', permission: 'edit' }),
        'explain_permission after errors',
      );
      if (fixture) assert.match(textOf(result), /user\s*→\s*document#(owner|editor)/);
      await client.ping({ timeout: REQUEST_TIMEOUT_MS });
    });

    it('writes nothing but JSON-RPC to stdout', () => {
      assert.deepEqual(transportErrors.map(String), []);
    });
  });

  it('argument validation errors are readable and say how to fix them', async () => {
    const cases = [
      ['explain_permission', { resource: 'document' }, /missing property 'permission'/],
      ['get_schema', { definition: 42 }, /got number, want string/],
      ['get_schema', { definition: 'document', extra: 1 }, /'extra'/],
      ['authz_context', { resource: 'document', operation: 'frob' }, /argument operation: value must be one of/],
      ['authz_context', { file: 7 }, /got number, want string/],
      ['schema_examples', { name: ['rbac'] }, /got array, want string/],
    ];
    for (const [name, args, want] of cases) {
      const text = assertFailed(await call(client, name, args), `${name} ${JSON.stringify(args)}`);
      assert.doesNotMatch(text, /&\{/, `${name} ${JSON.stringify(args)}: ${text}`);
      assert.match(text, want);
      assert.match(text, /fix: this tool takes \{/);
    }
  });
});

describe('TypeScript SDK client, project without a schema', () => {
  let client;
  let dir;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ambient-authz-e2e-empty-'));
    client = new Client({ name: 'ambient-authz-sdk-e2e', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({ command: env.bin, args: ['serve', '--root', dir], stderr: 'pipe' }),
      { timeout: REQUEST_TIMEOUT_MS },
    );
  });

  after(async () => {
    await client?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('still starts and lists its tools and prompts', async () => {
    const { tools } = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
    for (const name of TOOL_NAMES) assert.ok(tools.some((t) => t.name === name), `tool ${name} missing`);
    const { prompts } = await client.listPrompts(undefined, { timeout: REQUEST_TIMEOUT_MS });
    for (const name of PROMPT_NAMES) assert.ok(prompts.some((p) => p.name === name), `prompt ${name} missing`);
  });

  it('tools that need the schema say how to point at one', async () => {
    for (const [name, args] of [
      ['get_schema', {}],
      ['explain_permission', { resource: 'document', permission: 'view' }],
      ['validate_schema', {}],
      ['authz_context', { resource: 'document', operation: 'read' }],
    ]) {
      const text = assertFailed(await call(client, name, args), name);
      assert.match(text, /no .*schema/i, `${name}: ${text}`);
      assert.match(text, /--schema|schema\.zed/, `${name} does not say how to fix: ${text}`);
    }
  });

  it('schema_examples needs no project schema', async () => {
    const list = assertOk(await call(client, 'schema_examples', {}), 'schema_examples {}');
    assert.deepEqual(list.structuredContent.examples.map((e) => e.name).sort(), [...EXAMPLE_NAMES].sort());
    const one = assertOk(await call(client, 'schema_examples', { name: 'github' }), 'schema_examples github');
    assert.match(one.structuredContent.examples[0].schema, /^definition repository\b/m);
  });

  it('schema_design starts from the closest example when there is no schema yet', async () => {
    const outcome = await getPrompt(client, 'schema_design', { description: 'teams that share dashboards' });
    const text = assertPromptOk(outcome, 'schema_design without a schema');
    assert.match(text, /\*\*Current schema\*\*: none yet/);
    assert.match(text, /Closest example: [\w-]+/);
  });

  it('authz_handler without a schema says how to point at one', async () => {
    const message = assertPromptFailed(
      await getPrompt(client, 'authz_handler', { resource: 'document', operation: 'read' }),
      'authz_handler without a schema',
    );
    assert.match(message, /no .*schema/i);
    assert.match(message, /--schema|schema\.zed/);
  });

  it('validate_schema still checks a proposed schema', async () => {
    const result = assertOk(
      await call(client, 'validate_schema', { schema: 'definition user {}\n' }),
      'validate_schema proposed without a current schema',
    );
    assert.equal(result.structuredContent.valid, true);
  });
});

describe('raw stdio hygiene', () => {
  it('answers initialize with one JSON line and exits cleanly on stdin EOF', async () => {
    const child = spawn(env.bin, env.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      child.stdin.write(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
        }) + '\n',
      );
      // Wait for the reply before closing stdin.
      const deadline = Date.now() + 10_000;
      while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.stdin.end();
      const { code, signal } = await exited;
      const lines = stdout.split('\n').filter((l) => l.trim() !== '');
      assert.equal(lines.length, 1, `expected exactly one stdout line, got: ${stdout}\nstderr: ${stderr}`);
      const reply = JSON.parse(lines[0]);
      assert.equal(reply.id, 1);
      assert.ok(reply.result?.serverInfo?.name, `bad initialize reply: ${lines[0]}`);
      assert.equal(signal, null, `server was killed (${signal}) instead of exiting on stdin EOF; stderr: ${stderr}`);
      assert.equal(code, 0, `server exit code ${code} on stdin EOF; stderr: ${stderr}`);
    } finally {
      clearTimeout(timer);
    }
  });
});
