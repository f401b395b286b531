/** Extension entry: wires the credential features and the language client. */
import type * as vscode from 'vscode';
import { registerCredentialCommands } from './credentialCommands';
import { openWalkthroughOnFirstRun } from './firstRun';
import { registerSessionTerminals } from './sessionTerminals';
import { registerSessionsView } from './sessionsView';
import { startLanguageClient } from './languageClient';

/** What `extensions.getExtension('sts-lens.sts-lens').activate()` resolves to. */
export interface StsLensApi {
  /** Wall time of activate() (the e2e run reports it to the benchmark); the server starts after it. */
  activationMs: number;
  /** Settles when the language client has started (or failed to). */
  languageClientReady: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<StsLensApi> {
  const started = performance.now();
  const credentials = registerCredentialCommands(context);
  registerSessionsView(context, credentials.service);
  registerSessionTerminals(context, credentials);
  openWalkthroughOnFirstRun(context);

  // The language server starts in the background: activation must not wait for a process spawn.
  const client = startLanguageClient(context).catch((e: unknown) => {
    console.error(`STS Lens: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return { activationMs: performance.now() - started, languageClientReady: client };
}

export function deactivate(): void {
  // every disposable is in context.subscriptions; nothing else to stop here
}
