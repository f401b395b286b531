/** Workflow commands behind the same Restricted Mode gate as the credential commands (workspaceTrust.ts). */
import * as vscode from 'vscode';
import { MANAGE_TRUST_COMMAND, untrustedRefusal } from './workspaceTrust';

/** True when `id` may run now; otherwise says why (with a way to trust the workspace) and returns false. */
export function trustedFor(id: string): boolean {
  const refusal = untrustedRefusal(id, vscode.workspace.isTrusted);
  if (!refusal) return true;
  void vscode.window.showWarningMessage(refusal, 'Manage Workspace Trust').then((pick) => pick && vscode.commands.executeCommand(MANAGE_TRUST_COMMAND));
  return false;
}

export function registerGatedCommand(id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) => (trustedFor(id) ? fn(...args) : undefined));
}
