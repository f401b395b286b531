/** A minimal LSP client over stdio for benchmarks: spawn, initialize, open, edit, wait for diagnostics. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface LspProcess {
  proc: ChildProcess;
  conn: MessageConnection;
  /** Resolves with the next publishDiagnostics for `uri` whose version is at least `version`. */
  diagnostics(uri: string, version?: number): Promise<{ version?: number; count: number }>;
  close(): Promise<void>;
}

export async function startLsp(command: string, args: string[], init: { initializationOptions?: unknown; settings?: unknown }): Promise<{ lsp: LspProcess; initMs: number }> {
  const t0 = performance.now();
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiters: { uri: string; version: number; resolve: (v: { version?: number; count: number }) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === p.uri && (p.version === undefined || p.version >= w.version)) {
        waiters.splice(i, 1);
        w.resolve({ version: p.version, count: p.diagnostics.length });
      }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => init.settings ?? null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false } }, workspace: { configuration: init.settings !== undefined } },
    initializationOptions: init.initializationOptions,
  });
  const initMs = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  if (init.settings !== undefined) await conn.sendNotification('workspace/didChangeConfiguration', { settings: init.settings });
  const lsp: LspProcess = {
    proc,
    conn,
    diagnostics: (uri, version = 0) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    async close() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      proc.kill();
    },
  };
  return { lsp, initMs };
}
