/**
 * Starts the STS Lens language server (dist/server.js, over Node IPC) for every language the
 * analysis understands. Settings under `stsLens` reach the server per document scope
 * (workspace/configuration) and changes are announced to it so it re-validates.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../server/src/analysis/languages';
import { OUTPUT_CHANNELS } from './outputChannels';
import { ServerCrashPolicy } from './serverCrashPolicy';

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
    errorHandler: crashHandler(new ServerCrashPolicy(), () => client),
  };
  const client = new LanguageClient(LANGUAGE_CLIENT_ID, OUTPUT_CHANNELS.languageServer, serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client.stop() });
  await client.start();
}

/** The crash policy as vscode-languageclient's error handler: restarts are logged, the user told once. */
export function crashHandler(policy: ServerCrashPolicy, client: () => LanguageClient): ErrorHandler {
  return {
    error: (_error, _message, count) => ({ action: policy.error(count).shutdown ? ErrorAction.Shutdown : ErrorAction.Continue, handled: true }),
    closed: () => {
      const decision = policy.closed();
      client().outputChannel.appendLine(`[STS Lens] ${decision.log}`);
      if (decision.notify) {
        const show = decision.restart ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
        void show(decision.notify, 'Show output').then((pick) => {
          if (pick) client().outputChannel.show(true);
        });
      }
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}
