/**
 * First run: the extension's own walkthrough opens once, beside whatever file the user opened, so the
 * first screen says what STS Lens does. Not in extension tests (they own the window).
 */
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'sts-lens.sts-lens#stsLens.gettingStarted';
const SHOWN_KEY = 'stsLens.walkthroughShown';

export function openWalkthroughOnFirstRun(context: vscode.ExtensionContext): void {
  if (context.extensionMode === vscode.ExtensionMode.Test || context.globalState.get(SHOWN_KEY)) return;
  void context.globalState.update(SHOWN_KEY, true);
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, true).then(undefined, () => undefined);
}
