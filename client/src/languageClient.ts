/**
 * Placeholder: the language-server engineer replaces this with the real language-client startup.
 * Kept as a no-op so the extension activates while the server side is being built.
 */
import type * as vscode from 'vscode';

export async function startLanguageClient(_context: vscode.ExtensionContext): Promise<void> {
  // intentionally empty until the language client lands
}
