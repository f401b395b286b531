/** Extension entry: wires the credential features and the language client. */
import type * as vscode from 'vscode';
import { registerCredentialCommands } from './credentialCommands';
import { startLanguageClient } from './languageClient';

/** What `extensions.getExtension('sts-lens.sts-lens').activate()` resolves to. */
export interface StsLensApi {
  /** Wall time of activate(), language server start included (the e2e run reports it to the benchmark). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<StsLensApi> {
  const started = performance.now();
  registerCredentialCommands(context);

  // ---- language client (owned by the language-server engineer) ----
  await startLanguageClient(context);
  // ---- end language client ----
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // every disposable is in context.subscriptions; nothing else to stop here
}
