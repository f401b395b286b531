/**
 * Terminals bound to one session: the "AWS session (STS Lens)" terminal profile and the Sessions view's
 * terminal action open a terminal whose environment holds that session's credentials, so several
 * sessions can be used side by side. The status bar then names the session of the active terminal, and
 * otherwise the session of the profile the workspace really uses (terminal env setting, .env, launch.json).
 */
import * as vscode from 'vscode';
import { registerGatedCommand, trustedFor } from './gatedCommand';
import type { CredentialCommandsApi } from './credentialCommands';
import { credentialVariables } from './envExport';
import { isExpired, type Session } from './session';
import { sessionOfArg } from './sessionsView';
import { TERMINAL_PROFILE_ID, WORKFLOW_COMMANDS } from './workflowCommandIds';
import { statusFocus, workspaceProfile, type WorkspaceProfile } from './workspaceProfile';

function terminalOptions(s: Session): vscode.TerminalOptions {
  return {
    name: `AWS ${s.label}`,
    iconPath: new vscode.ThemeIcon('key'),
    env: Object.fromEntries(credentialVariables(s.credentials, s.region)),
  };
}

/** The access key id a terminal was started with, if it was started with one by us or by a profile. */
function accessKeyOf(t: vscode.Terminal): string | undefined {
  const opts = t.creationOptions as vscode.TerminalOptions;
  const v = opts?.env?.AWS_ACCESS_KEY_ID;
  return typeof v === 'string' ? v : undefined;
}

export function registerSessionTerminals(context: vscode.ExtensionContext, api: CredentialCommandsApi): void {
  const { service } = api;
  let workspace: WorkspaceProfile | undefined;

  /** The session a terminal is bound to: the held session whose access key the terminal was given. */
  const sessionOfTerminal = (t: vscode.Terminal | undefined): Session | undefined => {
    const key = t ? accessKeyOf(t) : undefined;
    return key ? service.sessions().find((s) => s.credentials.accessKeyId === key) : undefined;
  };

  async function pickSession(title: string): Promise<Session | undefined> {
    const now = new Date();
    const live = service.sessions().filter((s) => !isExpired(s, now));
    if (live.length <= 1) return live[0];
    const pick = await vscode.window.showQuickPick(
      live.map((s) => ({ label: s.label, description: [s.account, s.region].filter(Boolean).join(' · '), id: s.id })),
      { title, placeHolder: 'The terminal gets this session\'s credentials' },
    );
    return pick ? service.get(pick.id) : undefined;
  }

  const readWorkspaceProfile = async (): Promise<void> => {
    const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
    const setting = `terminal.integrated.env.${platform}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const read = async (rel: string) => {
      if (!folder) return undefined;
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, rel));
        // a profile name is in the first few kilobytes of any sane .env / launch.json; skip huge files
        return bytes.byteLength > 1_000_000 ? undefined : new TextDecoder().decode(bytes);
      } catch {
        return undefined;
      }
    };
    workspace = workspaceProfile({
      terminalEnv: { setting, env: vscode.workspace.getConfiguration().get(setting) },
      dotEnv: await read('.env'),
      launchJson: await read('.vscode/launch.json'),
    });
    api.refreshStatus();
  };

  api.setStatusFocus(() => {
    const t = vscode.window.activeTerminal;
    const bound = sessionOfTerminal(t);
    return statusFocus({ sessions: service.sessions(), active: service.active(), terminalSessionId: bound?.id, terminalName: t?.name, workspace });
  });

  const watcher = vscode.workspace.createFileSystemWatcher('**/{.env,.vscode/launch.json}');
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(() => void readWorkspaceProfile()),
    watcher.onDidCreate(() => void readWorkspaceProfile()),
    watcher.onDidDelete(() => void readWorkspaceProfile()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('terminal.integrated.env') && void readWorkspaceProfile()),
    vscode.window.onDidChangeActiveTerminal(() => api.refreshStatus()),
    vscode.window.onDidCloseTerminal(() => api.refreshStatus()),
    registerGatedCommand(WORKFLOW_COMMANDS.openSessionTerminal, async (arg?: unknown) => {
      const s = sessionOfArg(service, arg) ?? (await pickSession('Open a terminal with the credentials of…'));
      if (!s) return void vscode.window.showInformationMessage('STS Lens: no live session to open a terminal with. Assume a role first.');
      const t = vscode.window.createTerminal(terminalOptions(s));
      t.show();
      api.refreshStatus();
    }),
    vscode.window.registerTerminalProfileProvider(TERMINAL_PROFILE_ID, {
      async provideTerminalProfile(): Promise<vscode.TerminalProfile | undefined> {
        if (!trustedFor(TERMINAL_PROFILE_ID)) return undefined;
        const s = await pickSession('New terminal with the credentials of…');
        if (!s) {
          void vscode.window.showInformationMessage('STS Lens: no live session for an AWS terminal. Assume a role first.');
          return undefined;
        }
        return new vscode.TerminalProfile(terminalOptions(s));
      },
    }),
  );
  void readWorkspaceProfile();
}
