/**
 * The language server entry: `node dist/server.js --stdio` (any LSP client) or `--node-ipc` (VS Code).
 * createConnection reads the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/languageServer';

startServer(createConnection(ProposedFeatures.all));
