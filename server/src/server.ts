/**
 * The language server entry: `node dist/server.js --stdio` (any LSP client) or `--node-ipc` (VS Code).
 * createConnection reads the transport from the command line. On stdio the framing is checked as
 * bytes arrive (a broken stream ends the server instead of leaving it deaf), and on every transport
 * requests after `shutdown` are refused (protocolGuard.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/languageServer';
import { exitOnBrokenFraming, shutdownGuard } from './lsp/protocolGuard';

const guard = shutdownGuard();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: guard.messageStrategy });
guard.install(connection);
startServer(connection);
if (process.argv.includes('--stdio')) {
  exitOnBrokenFraming(process.stdin, (reason) => {
    process.stderr.write(`STS Lens server: the client broke the LSP message framing (${reason}); exiting so the client can restart the server.\n`);
    process.exit(1);
  });
}
