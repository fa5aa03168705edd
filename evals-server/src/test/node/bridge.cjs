// Drives the real npm package llama-stack-client for evals4j's conformance test (LlamaStackClientIT).
// Reads one JSON request per line on stdin: {"id": 1, "call": "beta.datasets.register", "args": [...]},
// calls that method of a LlamaStackClient, and writes one JSON line per answer on stdout:
// {"id": 1, "ok": <result>} or {"id": 1, "error": {"class", "status", "message", "body"}}.
// Environment: LLAMA_STACK_CLIENT_MODULE (the package's folder), LLAMA_STACK_CLIENT_BASE_URL,
// LLAMA_STACK_CLIENT_API_KEY (optional).
'use strict';
const readline = require('readline');
const { LlamaStackClient } = require(process.env.LLAMA_STACK_CLIENT_MODULE);

const client = new LlamaStackClient({
  baseURL: process.env.LLAMA_STACK_CLIENT_BASE_URL,
  apiKey: process.env.LLAMA_STACK_CLIENT_API_KEY || null,
  maxRetries: 0,
  timeout: 120000,
});

function resolve(path) {
  const names = path.split('.');
  let owner = client;
  for (const name of names.slice(0, -1)) {
    owner = owner[name];
    if (owner === undefined) throw new Error(`the client has no ${path}`);
  }
  const method = owner[names[names.length - 1]];
  if (typeof method !== 'function') throw new Error(`the client has no method ${path}`);
  return method.bind(owner);
}

function write(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  try {
    const result = await resolve(request.call)(...(request.args || []));
    write({ id: request.id, ok: result === undefined ? null : result, undefined: result === undefined });
  } catch (e) {
    write({
      id: request.id,
      error: {
        class: e && e.constructor ? e.constructor.name : typeof e,
        status: e && e.status !== undefined ? e.status : null,
        message: e && e.message ? e.message : String(e),
        body: e && e.error !== undefined ? e.error : null,
      },
    });
  }
});
lines.on('close', () => process.exit(0));
write({ id: 0, ok: { ready: true, version: require(process.env.LLAMA_STACK_CLIENT_MODULE + '/package.json').version } });
