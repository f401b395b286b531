/**
 * Runs the language server in process over a pair of streams and drives it with a protocol client,
 * the way an editor would: initialize, open/change documents, answer workspace/configuration.
 */
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerOptions } from '../../server/src/lsp/languageServer';

export interface TestClient {
  connection: ProtocolConnection;
  /** Every publishDiagnostics the server sent, in order. */
  published: PublishDiagnosticsParams[];
  /** Every log message (window/logMessage). */
  logs: { type: number; message: string }[];
  /** Every message shown to the user (window/showMessage). */
  shown: { type: number; message: string }[];
  /** The settings the client answers workspace/configuration with (section `stsLens`). */
  settings: Record<string, unknown>;
  /** scopeUris the server asked settings for. */
  configurationRequests: (string | undefined)[];
  open(uri: string, languageId: string, text: string): void;
  /** Replaces [start, end) offsets in the client's copy and sends the incremental change. */
  edit(uri: string, start: number, end: number, newText: string): void;
  text(uri: string): string;
  version(uri: string): number;
  waitForDiagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  changeSettings(settings: Record<string, unknown>): void;
  close(): void;
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAt(text: string, pos: { line: number; character: number }): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += (lines[i]?.length ?? 0) + 1;
  return off + pos.character;
}

export async function startTestServer(
  options: { server?: ServerOptions; settings?: Record<string, unknown>; capabilities?: ClientCapabilities; workspaceFolder?: string } = {},
): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, options.server);
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const docs = new Map<string, { text: string; version: number }>();
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  const client: TestClient = {
    connection,
    published,
    logs: [],
    shown: [],
    settings: { debounceMs: 0, ...(options.settings ?? {}) },
    configurationRequests: [],
    open(uri, languageId, text) {
      docs.set(uri, { text, version: 1 });
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    edit(uri, start, end, newText) {
      const doc = docs.get(uri);
      if (!doc) throw new Error(`not open: ${uri}`);
      const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
      doc.text = doc.text.slice(0, start) + newText + doc.text.slice(end);
      doc.version++;
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text: newText }] });
    },
    text: (uri) => docs.get(uri)?.text ?? '',
    version: (uri) => docs.get(uri)?.version ?? 0,
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): boolean => {
          for (; seen < published.length; seen++) {
            const p = published[seen];
            if (p && p.uri === uri && predicate(p)) {
              resolve(p);
              return true;
            }
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(published.filter((p) => p.uri === uri).map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}`)), timeoutMs);
        const waiter = (): void => {
          if (check()) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(waiter), 1);
          }
        };
        waiters.push(waiter);
      });
    },
    changeSettings(settings) {
      client.settings = settings;
      void connection.sendNotification('workspace/didChangeConfiguration', { settings: { stsLens: settings } });
    },
    close() {
      connection.dispose();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) w();
  });
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => client.logs.push(p));
  connection.onNotification('window/showMessage', (p: { type: number; message: string }) => client.shown.push(p));
  connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
    return p.items.map((item) => {
      client.configurationRequests.push(item.scopeUri);
      return item.section === 'stsLens' ? client.settings : null;
    });
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  const folder = options.workspaceFolder;
  await connection.sendRequest('initialize', {
    processId: null,
    rootUri: folder ? `file://${folder}` : null,
    workspaceFolders: folder ? [{ uri: `file://${folder}`, name: 'ws' }] : null,
    capabilities: options.capabilities ?? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
  return client;
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}
