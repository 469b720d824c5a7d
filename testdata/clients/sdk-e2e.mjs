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
  FIXTURE_DEFINITIONS,
  TOOL_NAMES,
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

  it('initializes and advertises tools and resources', () => {
    const info = client.getServerVersion();
    assert.ok(info?.name, 'serverInfo.name is empty');
    assert.ok(info?.version, 'serverInfo.version is empty');
    const caps = client.getServerCapabilities();
    assert.ok(caps?.tools, `no tools capability: ${JSON.stringify(caps)}`);
    assert.ok(caps?.resources, `no resources capability: ${JSON.stringify(caps)}`);
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

  it('still starts and lists its tools', async () => {
    const { tools } = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
    for (const name of TOOL_NAMES) assert.ok(tools.some((t) => t.name === name), `tool ${name} missing`);
  });

  it('tools that need the schema say how to point at one', async () => {
    for (const [name, args] of [
      ['get_schema', {}],
      ['explain_permission', { resource: 'document', permission: 'view' }],
      ['validate_schema', {}],
    ]) {
      const text = assertFailed(await call(client, name, args), name);
      assert.match(text, /no .*schema/i, `${name}: ${text}`);
      assert.match(text, /--schema|schema\.zed/, `${name} does not say how to fix: ${text}`);
    }
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
