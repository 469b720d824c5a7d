// End-to-end: the MCP Inspector CLI (a second, independent MCP client) starts
// the ambient-authz binary over stdio, once per case, and we assert on its
// JSON output. Run with `node --test inspector-e2e.mjs` (see README.md).
//
// Each case runs, from this directory:
//   npx --no-install mcp-inspector --cli --format json <options> -- "$AMBIENT_AUTHZ_BIN" serve --root <root>
// --format json prints one {"result": ...} object on stdout; a failure prints
// one {"error": {"code", "message"}} line on stderr and exits non-zero
// (5 = the tool returned isError:true or does not exist).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

import {
  BROKEN_SCHEMA,
  BROKEN_SCHEMA_LINE,
  FIXTURE_DEFINITIONS,
  FIXTURE_SOURCES,
  HERE,
  PROMPT_NAMES,
  TOOL_NAMES,
  promptText,
  readRootSchema,
  resolveEnv,
  schemaWithoutDelete,
  textOf,
  usingFixture,
} from './lib.mjs';

const env = resolveEnv();
const fixture = usingFixture(env.root);
const CASE_TIMEOUT_MS = Number(process.env.E2E_CASE_TIMEOUT_MS || 60_000);
const EXIT_TOOL_ERROR = 5;

/**
 * Runs one Inspector CLI invocation against the server and returns its exit
 * code, the parsed stdout result and the parsed stderr error envelope.
 */
function inspect(options) {
  const argv = [
    '--no-install',
    'mcp-inspector',
    '--cli',
    '--format',
    'json',
    ...options,
    '--',
    env.bin,
    ...env.args,
  ];
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a timeout kills npx, the
    // Inspector and the server together.
    const child = spawn('npx', argv, { cwd: HERE, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, CASE_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const cmd = `npx ${argv.map((a) => (/[\s"'\\]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
      if (timedOut) {
        reject(new Error(`timed out after ${CASE_TIMEOUT_MS} ms: ${cmd}\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      let result;
      if (stdout.trim() !== '') {
        try {
          result = JSON.parse(stdout).result;
        } catch (err) {
          reject(new Error(`stdout is not one JSON object (${err.message}): ${cmd}\nstdout: ${stdout}\nstderr: ${stderr}`));
          return;
        }
      }
      let error;
      for (const line of stderr.split('\n')) {
        if (!line.startsWith('{"error"')) continue;
        try {
          error = JSON.parse(line).error;
        } catch {
          // a server log line that happens to look alike
        }
      }
      resolve({ code, signal, result, error, stdout, stderr, cmd });
    });
  });
}

/** Formats a run for assertion messages. */
function show(run) {
  return `\n$ ${run.cmd}\nexit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
}

function assertOk(run) {
  assert.equal(run.code, 0, `expected exit 0${show(run)}`);
  assert.ok(run.result, `no result${show(run)}`);
  return run.result;
}

/** A successful tool call with text and structured content. */
function assertToolOk(run) {
  const result = assertOk(run);
  assert.notEqual(result.isError, true, `unexpected isError${show(run)}`);
  assert.ok(textOf(result).trim() !== '', `no text content${show(run)}`);
  assert.equal(typeof result.structuredContent, 'object', `no structuredContent${show(run)}`);
  return result;
}

/** A tool call the server answered with isError: true; returns its text. */
function assertToolIsError(run) {
  assert.equal(run.code, EXIT_TOOL_ERROR, `expected exit ${EXIT_TOOL_ERROR} (tool error)${show(run)}`);
  assert.equal(run.error?.code, 'tool_is_error', `expected error code tool_is_error${show(run)}`);
  assert.equal(run.result?.isError, true, `expected an isError result on stdout${show(run)}`);
  return textOf(run.result);
}

/** Any failure: a JSON-RPC error or an isError result; returns the error text. */
function assertFailed(run) {
  assert.notEqual(run.code, 0, `expected a non-zero exit${show(run)}`);
  if (run.result?.isError === true) return textOf(run.result);
  assert.ok(run.error?.message, `no error envelope on stderr${show(run)}`);
  return run.error.message;
}

const call = (tool, ...args) => ['--method', 'tools/call', '--tool-name', tool, ...args];

describe('MCP Inspector CLI over stdio', { concurrency: 2 }, () => {
  it('tools/list lists the read-only tools', async () => {
    const { tools } = assertOk(await inspect(['--method', 'tools/list']));
    const names = tools.map((t) => t.name);
    for (const name of TOOL_NAMES) assert.ok(names.includes(name), `tool ${name} missing from ${names}`);
    for (const tool of tools) assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name}: readOnlyHint`);
  });

  it('tools/list --strict finds no tool-schema portability errors', async () => {
    const run = await inspect(['--method', 'tools/list', '--strict']);
    assert.equal(run.code, 0, `--strict reported unportable tool schemas${show(run)}`);
  });

  it('get_schema without arguments lists every definition', async () => {
    const result = assertToolOk(await inspect(call('get_schema')));
    if (!fixture) return;
    for (const def of FIXTURE_DEFINITIONS) assert.match(textOf(result), new RegExp(`\\b${def}\\b`));
  });

  it('get_schema definition=document shows subject types and expressions', async () => {
    const result = assertToolOk(await inspect(call('get_schema', '--tool-arg', 'definition=document')));
    if (!fixture) return;
    const text = textOf(result);
    for (const s of ['user:*', 'group#member', 'parent->edit', 'delete']) assert.ok(text.includes(s), `text lacks ${s}`);
  });

  it('get_schema definition=documnet is a tool error suggesting document', async () => {
    const text = assertToolIsError(await inspect(call('get_schema', '--tool-arg', 'definition=documnet')));
    assert.match(text, /did you mean/i);
    assert.match(text, /\bdocument\b/);
  });

  it('explain_permission document#view shows grant paths', async () => {
    const result = assertToolOk(
      await inspect(call('explain_permission', '--tool-arg', 'resource=document', 'permission=view')),
    );
    if (fixture) assert.match(textOf(result), /user\s*→\s*document#viewer/);
  });

  it('explain_permission without permission fails', async () => {
    const text = assertFailed(await inspect(call('explain_permission', '--tool-arg', 'resource=document')));
    assert.match(text, /permission/i);
  });

  it('explain_permission permission=veiw is a tool error suggesting view', async () => {
    const text = assertToolIsError(
      await inspect(call('explain_permission', '--tool-arg', 'resource=document', 'permission=veiw')),
    );
    assert.match(text, /\bview\b/);
  });

  it('validate_schema without arguments says the current schema is valid', async () => {
    const result = assertToolOk(await inspect(call('validate_schema')));
    assert.equal(result.structuredContent.valid, true, JSON.stringify(result.structuredContent));
  });

  it('validate_schema reports a syntax error with line:col', async () => {
    const run = await inspect(call('validate_schema', '--tool-args-json', JSON.stringify({ schema: BROKEN_SCHEMA })));
    const result = assertToolOk(run);
    assert.equal(result.structuredContent.valid, false, JSON.stringify(result.structuredContent));
    assert.match(textOf(result), new RegExp(`\\b${BROKEN_SCHEMA_LINE}:\\d+`), `no line:col${show(run)}`);
  });

  it('validate_schema flags a removed permission as breaking', { skip: !fixture && 'custom root' }, async () => {
    const schema = schemaWithoutDelete(readRootSchema(env.root));
    const result = assertToolOk(await inspect(call('validate_schema', '--tool-args-json', JSON.stringify({ schema }))));
    const structured = JSON.stringify(result.structuredContent);
    assert.match(structured, /breaking/i);
    assert.ok(structured.includes('delete'));
  });

  it('an unknown tool is an error', async () => {
    // The Inspector checks tools/list first, so this is its own
    // tool_not_found; the SDK test covers the server's answer.
    const run = await inspect(call('no_such_tool'));
    assert.equal(run.code, EXIT_TOOL_ERROR, show(run));
    assert.equal(run.error?.code, 'tool_not_found', show(run));
  });

  it('authz_context for the Go create handler gives the check, the writes and Go code', { skip: !fixture && 'custom root' }, async () => {
    const { file } = FIXTURE_SOURCES.go;
    const run = await inspect(call('authz_context', '--tool-arg', `file=${file}`, 'handler=CreateDocument'));
    const result = assertToolOk(run);
    const text = textOf(result);
    assert.match(text, /`folder#edit`/, `no check on folder#edit${show(run)}`);
    assert.match(text, /WriteRelationships/);
    assert.match(text, /```go\n/);
    const { resource, operation, plan } = result.structuredContent;
    assert.equal(resource, 'document');
    assert.equal(operation, 'create');
    assert.ok(plan.writes.some((w) => w.relation === 'owner' && w.from === 'actor'), JSON.stringify(plan.writes));
    assert.ok(plan.writes.some((w) => w.relation === 'parent' && w.from === 'parent'), JSON.stringify(plan.writes));
  });

  it('authz_context with a file outside the root is a tool error', async () => {
    const text = assertToolIsError(await inspect(call('authz_context', '--tool-arg', 'file=../etc/passwd')));
    assert.match(text, /outside the project root/);
  });

  it('schema_examples name=rbca is a tool error suggesting rbac', async () => {
    const text = assertToolIsError(await inspect(call('schema_examples', '--tool-arg', 'name=rbca')));
    assert.match(text, /did you mean: rbac\?/);
  });

  it('prompts/list lists the three prompts; schema_design requires description', async () => {
    const { prompts } = assertOk(await inspect(['--method', 'prompts/list']));
    assert.deepEqual(prompts.map((p) => p.name).sort(), [...PROMPT_NAMES].sort());
    const design = prompts.find((p) => p.name === 'schema_design');
    assert.deepEqual(
      design.arguments.map((a) => [a.name, a.required === true]),
      [['description', true]],
      JSON.stringify(design),
    );
  });

  it('prompts/get schema_design with a description', async () => {
    const description = 'teams that share dashboards';
    const run = await inspect(['--method', 'prompts/get', '--prompt-name', 'schema_design', '--prompt-args', `description=${description}`]);
    const result = assertOk(run);
    assert.equal(result.messages?.length, 1, show(run));
    assert.equal(result.messages[0].role, 'user');
    const text = promptText(result);
    assert.match(text, /validate_schema/);
    assert.match(text, /Closest example: [\w-]+/);
    assert.ok(text.trimEnd().endsWith(description), `the feature is not at the end${show(run)}`);
  });

  it('prompts/get schema_design without a description fails', async () => {
    const text = assertFailed(await inspect(['--method', 'prompts/get', '--prompt-name', 'schema_design']));
    assert.match(text, /description/);
  });

  it('resources/list has authz://schema', async () => {
    const { resources } = assertOk(await inspect(['--method', 'resources/list']));
    const schema = resources.find((r) => r.uri === 'authz://schema');
    assert.ok(schema, JSON.stringify(resources));
    assert.equal(schema.mimeType, 'text/plain');
  });

  it('resources/read authz://schema returns the raw schema', async () => {
    const { contents } = assertOk(await inspect(['--method', 'resources/read', '--uri', 'authz://schema']));
    assert.equal(contents[0]?.mimeType, 'text/plain');
    if (fixture) assert.equal(contents[0].text, readRootSchema(env.root));
  });

  it('resources/templates/list has authz://schema/{definition}', async () => {
    const { resourceTemplates } = assertOk(await inspect(['--method', 'resources/templates/list']));
    assert.ok(
      resourceTemplates.some((t) => t.uriTemplate === 'authz://schema/{definition}'),
      JSON.stringify(resourceTemplates),
    );
  });

  it('resources/read authz://schema/document returns that definition', { skip: !fixture && 'custom root' }, async () => {
    const { contents } = assertOk(await inspect(['--method', 'resources/read', '--uri', 'authz://schema/document']));
    assert.match(contents[0]?.text ?? '', /definition document\b/);
  });

  it('resources/read of an unknown definition fails', async () => {
    const run = await inspect(['--method', 'resources/read', '--uri', 'authz://schema/documnet']);
    assert.notEqual(run.code, 0, show(run));
    assert.ok(run.error?.message, show(run));
  });
});
