/** Extension entry: wires the credential features and the language client. */
import type * as vscode from 'vscode';
import { registerCredentialCommands } from './credentialCommands';
import { startLanguageClient } from './languageClient';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerCredentialCommands(context);

  // ---- language client (owned by the language-server engineer) ----
  await startLanguageClient(context);
  // ---- end language client ----
}

export function deactivate(): void {
  // every disposable is in context.subscriptions; nothing else to stop here
}
