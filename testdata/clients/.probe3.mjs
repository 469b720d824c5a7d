import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
const t = new StdioClientTransport({ command: '../../bin/ambient-authz', args: ['serve', '--root', '/tmp/emptyroot'], stderr: 'pipe' });
const c = new Client({ name: 'p', version: '0' });
await c.connect(t);
const calls = JSON.parse(process.argv[2]);
for (const [kind, name, args] of calls) {
  try {
    let r;
    if (kind === 'tool') r = await c.callTool({ name, arguments: args });
    else if (kind === 'prompt') r = await c.getPrompt({ name, arguments: args });
    else if (kind === 'listprompts') r = await c.listPrompts();
    else if (kind === 'listtools') r = await c.listTools();
    console.log(`=== ${kind} ${name} ${JSON.stringify(args)}`);
    if (process.env.JSON) console.log(JSON.stringify(r, null, 1));
    else if (r.content) { console.log('isError:', r.isError); console.log(r.content.map(x => x.text).join('\n')); }
    else console.log(JSON.stringify(r, null, 1));
  } catch (e) { console.log(`=== ${kind} ${name} ${JSON.stringify(args)}\nTHROWN: ${e.constructor.name} ${e.code} ${e.message}`); }
}
await c.close();
