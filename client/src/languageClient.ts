/**
 * Starts the STS Lens language server (dist/server.js, over Node IPC) for every language the
 * analysis understands. Settings under `stsLens` reach the server per document scope
 * (workspace/configuration) and changes are announced to it so it re-validates.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../server/src/analysis/languages';
import { OUTPUT_CHANNELS } from './outputChannels';

export const LANGUAGE_CLIENT_ID = 'stsLens';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: 'stsLens',
      // Templates and Terraform files that define roles: their MaxSessionDuration bounds calls elsewhere.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,template,tf}'),
    },
    diagnosticCollectionName: 'sts-lens',
  };
  const client = new LanguageClient(LANGUAGE_CLIENT_ID, OUTPUT_CHANNELS.languageServer, serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client.stop() });
  await client.start();
}
