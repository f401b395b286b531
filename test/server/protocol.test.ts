/**
 * LSP framing and shutdown rules, over real stdio with the server as a child process and raw bytes on
 * its stdin: a broken Content-Length ends the server (non-zero, reason on stderr) instead of leaving it
 * alive and deaf; after `shutdown` requests get InvalidRequest; `exit` gives 0 after shutdown, else 1.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FramingValidator } from '../../server/src/lsp/protocolGuard';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');

interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** Parsed messages the server wrote, in order. */
  messages: { id?: number; method?: string; result?: unknown; error?: { code: number; message: string } }[];
  stderr(): string;
  exited: Promise<number | null>;
  send(message: object): void;
  raw(bytes: string): void;
  response(id: number): Promise<Child['messages'][number]>;
}

const children: ChildProcessWithoutNullStreams[] = [];
// A failed assertion must not leave a server running (the test process would wait for it forever).
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startServer(): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'server.ts'), '--stdio'], { cwd: root, stdio: 'pipe' });
  children.push(proc);
  const messages: Child['messages'] = [];
  let err = '';
  let pending = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout.on('data', (d: Buffer) => {
    pending = Buffer.concat([pending, d]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, end).toString())?.[1]);
      if (pending.length < end + 4 + length) return;
      messages.push(JSON.parse(pending.subarray(end + 4, end + 4 + length).toString()));
      pending = pending.subarray(end + 4 + length);
      for (const w of [...waiters]) w();
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const child: Child = {
    proc,
    messages,
    stderr: () => err,
    exited,
    raw: (bytes) => proc.stdin.write(bytes),
    send(message) {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    },
    response(id) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response ${id}; stderr: ${err}`)), 20000);
        timer.unref();
        const check = (): void => {
          const m = messages.find((x) => x.id === id && x.method === undefined);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  return child;
}

/** Resolves the exit code, or fails if the process is still running after `ms` (alive and deaf). */
async function exitWithin(child: Child, ms = 20000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'alive'>((resolve) => (timer = setTimeout(() => resolve('alive'), ms)));
  const result = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (result === 'alive') {
    child.proc.kill('SIGKILL');
    assert.fail(`the server is still running ${ms} ms after the broken message`);
  }
  return result;
}

async function initialized(): Promise<Child> {
  const child = startServer();
  child.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const init = await child.response(1);
  assert.ok(init.result, JSON.stringify(init));
  child.send({ method: 'initialized', params: {} });
  return child;
}

describe('LSP framing over stdio', () => {
  const broken: [string, string, RegExp][] = [
    ['missing Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}', /without a Content-Length/],
    ['non-numeric Content-Length', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}', /not a non-negative number \("twelve"\)/],
    ['negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}', /not a non-negative number \("-5"\)/],
    ['header without a colon', 'Content-Length 12\r\n\r\n{}', /without "name: value"/],
  ];
  for (const [name, bytes, reason] of broken) {
    it(`${name}: the server says why on stderr and exits non-zero`, async () => {
      const child = await initialized();
      child.raw(bytes);
      const code = await exitWithin(child);
      assert.notEqual(code, 0);
      assert.match(child.stderr(), /broke the LSP message framing/);
      assert.match(child.stderr(), reason);
    });
  }

  it('a well-framed stream split at every byte boundary is accepted', () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"x"}';
    const stream = `Content-Length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`.repeat(3);
    for (let cut = 1; cut < stream.length; cut++) {
      const v = new FramingValidator();
      assert.equal(v.push(Buffer.from(stream.slice(0, cut))), undefined, `cut ${cut}`);
      assert.equal(v.push(Buffer.from(stream.slice(cut))), undefined, `cut ${cut}`);
    }
    recordReliability({ area: 'server faults', input: 'LSP framing: missing, non-numeric and negative Content-Length, header without a colon (real stdio); valid stream cut at every byte', count: broken.length + stream.length - 1, held: 'broken framing: reason on stderr and exit non-zero; valid framing accepted', test: __filename });
  });
});

describe('LSP shutdown over stdio', () => {
  it('after shutdown requests get InvalidRequest and exit gives code 0', async () => {
    const child = await initialized();
    child.send({ id: 2, method: 'shutdown' });
    assert.equal((await child.response(2)).error, undefined);
    child.send({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.ts' }, position: { line: 0, character: 0 } } });
    child.send({ id: 4, method: 'shutdown' });
    const hover = await child.response(3);
    assert.equal(hover.error?.code, -32600, JSON.stringify(hover));
    assert.match(hover.error?.message ?? '', /textDocument\/hover is not served after shutdown/);
    assert.equal((await child.response(4)).error?.code, -32600);
    child.send({ method: 'exit' });
    assert.equal(await exitWithin(child), 0);
  });

  it('exit without shutdown gives code 1', async () => {
    const child = await initialized();
    child.send({ method: 'exit' });
    assert.equal(await exitWithin(child), 1);
    recordReliability({ area: 'server faults', input: 'requests after shutdown; exit with and without shutdown (real stdio)', count: 4, held: 'InvalidRequest (-32600) after shutdown; exit code 0 after shutdown, 1 without', test: __filename });
  });
});
