/**
 * The Sessions view: every held session with its account, role, region and time left, and the actions
 * on each (switch, refresh, console, copy, write profile, region, terminal, clear). Also the region
 * picker and the console destination picker, which act on the session they are given (a view item)
 * or on the active one.
 */
import * as vscode from 'vscode';
import { registerGatedCommand } from './gatedCommand';
import { CREDENTIAL_COMMANDS } from './commandIds';
import { CONSOLE_SERVICES, destinationRefusal, serviceDestination } from './consoleDestinations';
import { partitionOf } from './consoleFederation';
import type { CredentialService } from './credentialService';
import { PARTITION_NAMES, REGIONS, regionRefusal, type Partition } from './regions';
import { isExpired, partitionFromArn, type Session } from './session';
import { sessionRow } from './sessionRow';
import { SESSIONS_VIEW_ID, WORKFLOW_COMMANDS } from './workflowCommandIds';

/** A row of the view; commands invoked from it get it as their first argument. */
export class SessionItem extends vscode.TreeItem {
  constructor(readonly sessionId: string, s: Session, active: boolean, now: Date) {
    super(s.label, vscode.TreeItemCollapsibleState.None);
    const row = sessionRow(s, now);
    this.id = s.id;
    this.description = row.description;
    this.tooltip = row.tooltip;
    const expired = isExpired(s, now);
    this.iconPath = new vscode.ThemeIcon(expired ? 'warning' : active ? 'pass-filled' : 'key', expired ? new vscode.ThemeColor('list.warningForeground') : undefined);
    // contextValue drives which inline actions show: the console only for role sessions
    this.contextValue = `stsLens.session${s.kind === 'GetSessionToken' ? '.token' : '.role'}${active ? '.active' : ''}`;
    this.accessibilityInformation = { label: `${s.label}: ${row.description}${active ? ', active' : ''}` };
    if (!active) this.command = { command: CREDENTIAL_COMMANDS.switchSession, title: 'Switch to this session', arguments: [this] };
  }
}

class SessionsTree implements vscode.TreeDataProvider<SessionItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  constructor(private readonly service: CredentialService) {}
  refresh(): void {
    this.changed.fire();
  }
  getTreeItem(e: SessionItem): SessionItem {
    return e;
  }
  getChildren(): SessionItem[] {
    const now = new Date();
    const active = this.service.active()?.id;
    return this.service.sessions().map((s) => new SessionItem(s.id, s, s.id === active, now));
  }
}

/** The session a command was invoked on: a view row, a session id, or else the active session. */
export function sessionOfArg(service: CredentialService, arg: unknown): Session | undefined {
  if (typeof arg === 'string') return service.get(arg);
  if (typeof arg === 'object' && arg !== null) {
    const id = (arg as { sessionId?: unknown }).sessionId;
    if (typeof id === 'string') return service.get(id);
  }
  return undefined;
}

export function registerSessionsView(context: vscode.ExtensionContext, service: CredentialService): void {
  const tree = new SessionsTree(service);
  const view = vscode.window.createTreeView(SESSIONS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  // time left changes every minute; redraw only while someone can see the view
  const minute = setInterval(() => view.visible && tree.refresh(), 60_000);
  const describe = () => {
    const n = service.sessions().length;
    view.description = n ? `${n} held` : undefined;
    view.message = n ? undefined : 'No sessions held. Assume a role or get a session token to see it here.';
  };
  describe();
  context.subscriptions.push(
    view,
    { dispose: () => clearInterval(minute) },
    service.onDidChange(() => {
      tree.refresh();
      describe();
    }),
    registerGatedCommand(WORKFLOW_COMMANDS.refreshSessionsView, () => tree.refresh()),
    registerGatedCommand(WORKFLOW_COMMANDS.pickRegion, (arg?: unknown) => pickRegion(service, arg)),
    registerGatedCommand(WORKFLOW_COMMANDS.openConsoleAt, (arg?: unknown) => openConsoleAt(service, arg)),
  );
}

/**
 * Picks a region: the session's partition only when a session is given or active (its credentials
 * work nowhere else), all three partitions otherwise. The choice becomes stsLens.region (new STS calls
 * and console links) and the session's region (its exports and terminals).
 */
async function pickRegion(service: CredentialService, arg: unknown): Promise<void> {
  const s = sessionOfArg(service, arg) ?? service.active();
  const sessionPartition = s ? (partitionFromArn(s.arn) ?? partitionOf(undefined, s.region)) : undefined;
  const current = s?.region ?? vscode.workspace.getConfiguration('stsLens').get<string>('region', '');
  type Item = vscode.QuickPickItem & { region?: string };
  const items: Item[] = [];
  const partitions = (Object.keys(REGIONS) as Partition[]).filter((p) => !sessionPartition || p === sessionPartition);
  for (const p of partitions) {
    items.push({ label: PARTITION_NAMES[p], kind: vscode.QuickPickItemKind.Separator });
    for (const r of REGIONS[p]) items.push({ label: r.id, description: `${r.name}${r.id === current ? ' · current' : ''}`, region: r.id });
  }
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = s ? `Region for ${s.label} (${sessionPartition})` : 'Region for STS calls';
  qp.placeholder = 'Type a region id or a city; the region drives STS, the console link and the exports';
  qp.items = items;
  qp.matchOnDescription = true;
  const active = items.find((i) => i.region === current);
  if (active) qp.activeItems = [active];
  const picked = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.region ?? (qp.value.trim() || undefined)));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!picked) return;
  const refusal = regionRefusal(picked, sessionPartition);
  if (refusal) return void vscode.window.showWarningMessage(`STS Lens: ${refusal}`);
  await vscode.workspace.getConfiguration('stsLens').update('region', picked, vscode.ConfigurationTarget.Global);
  // a role session keeps the region on refresh too (its request carries it)
  if (s) service.update({ ...s, region: picked, request: s.request.kind === 'AssumeRole' ? { ...s.request, region: picked } : s.request });
  void vscode.window.showInformationMessage(`STS Lens: region ${picked}${s ? ` for ${s.label} and` : ''} for new STS calls.`);
}

/** Picks where the console opens (a service, or any console URL of the partition), then signs in. */
async function openConsoleAt(service: CredentialService, arg: unknown): Promise<void> {
  const s = sessionOfArg(service, arg) ?? service.active();
  if (!s) return void vscode.window.showInformationMessage('STS Lens: no session held. Assume a role first.');
  const partition = (partitionFromArn(s.arn) ?? partitionOf(undefined, s.region)) as Partition;
  type Item = vscode.QuickPickItem & { service?: string };
  const items: Item[] = CONSOLE_SERVICES.map((x) => ({ label: x.label, description: serviceDestination(x.id, partition, s.region)?.replace(/^https:\/\//, ''), service: x.id }));
  items.push({ label: '$(link) Any console URL…', description: 'a page you copied from the console' });
  const pick = await vscode.window.showQuickPick(items, { title: `Open the AWS console for ${s.label} at…`, placeHolder: 'A service, or a console URL', matchOnDescription: true });
  if (!pick) return;
  let destination: string | undefined;
  if (pick.service) destination = serviceDestination(pick.service, partition, s.region);
  else {
    destination = await vscode.window.showInputBox({
      title: 'Console URL',
      prompt: `A page of the ${partition} console, e.g. https://${partition === 'aws' ? 'console.aws.amazon.com' : partition === 'aws-cn' ? 'console.amazonaws.cn' : 'console.amazonaws-us-gov.com'}/s3/home`,
      ignoreFocusOut: true,
      validateInput: (v) => destinationRefusal(v, partition),
    });
    destination = destination?.trim();
  }
  if (!destination) return;
  await vscode.commands.executeCommand(CREDENTIAL_COMMANDS.openConsole, { sessionId: s.id, destination });
}
