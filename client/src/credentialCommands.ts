/**
 * The vscode layer of the credential features: commands, the status-bar item, SecretStorage and the
 * terminal environment. Thin on purpose: every decision lives in the pure modules beside it.
 */
import * as vscode from 'vscode';
import { CREDENTIAL_COMMANDS } from './commandIds';
import { configFilePath, credentialsFilePath, isSourceProfile, readProfiles, sourceProfileDescription, type ProfileInfo } from './awsFiles';
import { buildConsoleUrl, ConsoleFederationError, consoleRefusal } from './consoleFederation';
import { CredentialService, defaultSourceResolver } from './credentialService';
import { SourceRegistry } from './sources';
import { MfaSessionCache } from './sources/mfaSession';
import { deviceSignInPrompt, refreshNoteOf, registerSourceCommands } from './sources/sourceCommands';
import { credentialVariables, formatExports, SHELLS, type Shell } from './envExport';
import { formatProblem, mapStsError, StsLensError } from './errors';
import { checkProfileName, checkProfileWrite, credentialEntries, writeProfileFile } from './iniWriter';
import { defaultProfileName } from './profileGuard';
import { RedactingLogger } from './logger';
import { createStsClientFactory, DEFAULT_STS_CALL_LIMITS, withCancellation } from './stsClientFactory';
import { trustedFor } from './gatedCommand';
import { OUTPUT_CHANNELS } from './outputChannels';
import { assumeRoleInteractive, defaultSessionName } from './assumeFlow';
import { FlowCancelled } from './multiStep';
import { sessionOfArg } from './sessionsView';
import { isExpired, isRoleSessionKind, type Session, type SourceSpec } from './session';
import { realScheduler, StatusTimer, DEFAULT_WARNING_MINUTES } from './statusModel';
import {
  checkDuration,
  checkRoleArn,
  checkRoleSessionName,
  checkSerialNumber,
  checkTokenCode,
  durationBounds,
  durationChoices,
  parseDuration,
} from './validation';
import { humanDuration } from '../../server/src/analysis/limits';

/** "1 h", "15 min": short enough for a prompt's placeholder. */
const shortDuration = (seconds: number): string => humanDuration(seconds).replace(/^\d+ s = /, '');

const SECRET_KEY = 'stsLens.sessions';


function config() {
  const c = vscode.workspace.getConfiguration('stsLens');
  return {
    region: c.get<string>('region', ''),
    endpoint: c.get<string>('stsEndpoint', ''),
    consoleSessionDuration: c.get<number>('console.sessionDuration', 43200),
    consoleDestination: c.get<string>('console.destination', ''),
    warningMinutes: c.get<number>('expiryWarningMinutes', DEFAULT_WARNING_MINUTES),
    defaultDurationSeconds: c.get<number>('defaultDurationSeconds', 3600),
  };
}

/** Thrown when the user dismisses a prompt: ends the command silently. */
class Cancelled extends Error {}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

export function registerCredentialCommands(context: vscode.ExtensionContext): CredentialCommandsApi {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNELS.credentials);
  const logger = new RedactingLogger((line) => channel.appendLine(line));
  const settings = () => ({ region: config().region, endpoint: config().endpoint });
  const stsFactory = createStsClientFactory(DEFAULT_STS_CALL_LIMITS, { onRetry: (r) => logger.warn(`STS attempt ${r.attempt} failed (${r.reason}); retrying in ${r.delayMs} ms`) });
  const sources = new SourceRegistry({
    // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned: the client gets no credentials
    sts: ({ region, endpoint }) => stsFactory({ region, endpoint }),
    settings,
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    addSecret: (v) => logger.addSecret(v),
  });
  const service = new CredentialService({ logger, stsFactory, settings, sources, mfaSessions: new MfaSessionCache(), resolveSource: defaultSourceResolver(process.env, sources) });
  // how each session stays signed in, for the tooltip (computed off the render path: it reads the SSO cache)
  const refreshNotes = new Map<string, string>();
  const envCollection = context.environmentVariableCollection;
  // the collection would otherwise be cached on disk across reloads: secrets live in SecretStorage only
  envCollection.persistent = false;
  let appliedSessionId: string | undefined;
  let appliedExpiryTimer: unknown;

  // Which session the status bar names and why; sessionTerminals.ts sets it (active terminal, workspace profile).
  let focus: StatusFocus = { session: undefined };
  let focusOf: () => StatusFocus = () => ({ session: service.active() });
  const showFocus = () => {
    focus = focusOf();
    timer.show(focus.session);
  };
  const item = vscode.window.createStatusBarItem('stsLens.credentials', vscode.StatusBarAlignment.Left, 50);
  item.name = 'STS Lens credentials';
  item.command = CREDENTIAL_COMMANDS.statusMenu;
  const timer = new StatusTimer({
    refreshNote: (s) => refreshNotes.get(s.id),
    clock: () => new Date(),
    scheduler: realScheduler,
    warningMinutes: () => config().warningMinutes,
    render: (view) => {
      if (!view.visible) return item.hide();
      item.text = `$(key) ${view.text}`;
      item.tooltip = focus.why ? `${view.tooltip}\n${focus.why}` : view.tooltip;
      item.backgroundColor =
        view.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : view.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.show();
    },
    onExpiringSoon: (s) => {
      const left = Math.max(1, Math.round((s.credentials.expiration.getTime() - Date.now()) / 60000));
      void vscode.window.showWarningMessage(`STS Lens: the session ${s.label} expires in ${left} min.`, 'Refresh').then((pick) => {
        if (pick === 'Refresh') void vscode.commands.executeCommand(CREDENTIAL_COMMANDS.refresh, s.id);
      });
    },
    onExpired: (s) => {
      if (appliedSessionId === s.id) clearTerminalEnv();
      logger.info(`Session ${s.label} expired`);
    },
  });

  const persist = async () => {
    if (service.sessions().length) await context.secrets.store(SECRET_KEY, service.serialize());
    else await context.secrets.delete(SECRET_KEY);
  };
  context.subscriptions.push(
    channel,
    item,
    { dispose: () => timer.dispose() },
    service.onDidChange(() => {
      showFocus();
      const shown = focus.session;
      if (shown) {
        void refreshNoteOf(service, sources, shown, config().warningMinutes).then((note) => {
          refreshNotes.set(shown.id, note);
          if (focus.session?.id === shown.id) timer.tick();
        }, () => undefined);
      }
      void vscode.commands.executeCommand('setContext', 'stsLens.hasSession', service.sessions().length > 0);
      void persist().catch((e) => logger.error('Could not save sessions to SecretStorage', e));
      // a refreshed session replaces the credentials the terminals got
      const applied = appliedSessionId ? service.get(appliedSessionId) : undefined;
      if (appliedSessionId && !applied) clearTerminalEnv();
      else if (applied) applyTerminalEnv(applied);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stsLens.expiryWarningMinutes')) timer.tick();
    }),
  );

  void context.secrets.get(SECRET_KEY).then((json) => {
    const n = service.restore(json);
    if (n) logger.info(`Restored ${n} session(s) from SecretStorage`);
    showFocus();
  });

  function clearTerminalEnv(): void {
    envCollection.clear();
    appliedSessionId = undefined;
    if (appliedExpiryTimer !== undefined) realScheduler.clear(appliedExpiryTimer);
    appliedExpiryTimer = undefined;
  }

  function applyTerminalEnv(s: Session): void {
    envCollection.clear();
    for (const [k, v] of credentialVariables(s.credentials, s.region)) envCollection.replace(k, v);
    envCollection.description = `STS Lens: credentials of ${s.label} (until ${s.credentials.expiration.toLocaleTimeString()})`;
    appliedSessionId = s.id;
    if (appliedExpiryTimer !== undefined) realScheduler.clear(appliedExpiryTimer);
    const ms = s.credentials.expiration.getTime() - Date.now();
    appliedExpiryTimer = realScheduler.set(() => {
      if (appliedSessionId === s.id && isExpired(service.get(s.id) ?? s, new Date())) clearTerminalEnv();
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
  }

  function showProblem(e: unknown, operation: 'AssumeRole' | 'GetSessionToken' | 'GetCallerIdentity', retry?: () => Promise<unknown>): void {
    const problem = e instanceof StsLensError ? e.problem : mapStsError(e, { operation });
    logger.error(`${operation}: ${problem.code}`, e);
    const actions = [...(problem.retryable && retry ? ['Retry'] : []), 'Show log'];
    void vscode.window.showErrorMessage(`STS Lens: ${formatProblem(problem)}`, ...actions).then((pick) => {
      if (pick === 'Retry' && retry) void run(operation, retry);
      if (pick === 'Show log') channel.show(true);
    });
  }

  async function run(operation: 'AssumeRole' | 'GetSessionToken' | 'GetCallerIdentity', call: () => Promise<unknown>): Promise<void> {
    try {
      // Cancel ends the request and any retry wait; the session held before stays as it was
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `STS Lens: ${operation}…`, cancellable: true }, (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return withCancellation(abort.signal, call).finally(() => sub.dispose());
      });
    } catch (e) {
      if (e instanceof Cancelled || e instanceof FlowCancelled) return;
      if (e instanceof StsLensError && e.problem.code === 'Cancelled') return void logger.info(`${operation} cancelled by the user`);
      showProblem(e, operation, call);
    }
  }

  function command(id: string, fn: (...args: unknown[]) => Promise<unknown>): void {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (!trustedFor(id)) return void logger.info(`${id} refused: the workspace is not trusted`);
        try {
          await fn(...args);
        } catch (e) {
          if (e instanceof Cancelled || e instanceof FlowCancelled) return;
          if (e instanceof StsLensError) return void showProblem(e, 'AssumeRole');
          logger.error(`${id} failed`, e);
          void vscode.window.showErrorMessage(`STS Lens: ${e instanceof Error ? logger.redact(e.message) : 'unexpected error'}`);
        }
      }),
    );
  }

  /** The session a command acts on: the one it was invoked on (a Sessions view row, an id), else the active one. */
  function requireActive(arg?: unknown): Session {
    const s = sessionOfArg(service, arg) ?? service.active();
    if (!s) {
      void vscode.window.showInformationMessage('STS Lens: no active session. Run "STS Lens: Assume Role…" or "Get Session Token…" first.');
      throw new Cancelled();
    }
    return s;
  }

  // ---- prompts --------------------------------------------------------------------------------

  async function pickSource(profiles: ProfileInfo[], allowSessions: boolean): Promise<SourceSpec> {
    type Item = vscode.QuickPickItem & { spec: SourceSpec };
    const items: Item[] = [{ label: '$(link) Default credential chain', description: 'environment, AWS_PROFILE, SSO, instance role…', spec: { type: 'chain' } }];
    for (const p of profiles) {
      if (isSourceProfile(p)) items.push({ label: `$(person) ${p.name}`, description: sourceProfileDescription(p), spec: { type: 'profile', profile: p.name } });
    }
    if (allowSessions) {
      for (const s of service.sessions()) {
        items.push({ label: `$(key) ${s.label}`, description: isRoleSessionKind(s.kind) ? 'held role session (role chaining: max 1 h)' : 'held session token', spec: { type: 'session', sessionId: s.id } });
      }
    }
    return need(await vscode.window.showQuickPick(items, { title: 'Source credentials', placeHolder: 'Which credentials sign the request?' })).spec;
  }

  async function pickDuration(api: 'AssumeRole' | 'GetSessionToken', chained: boolean, preferred?: number): Promise<number> {
    const bounds = durationBounds(api, chained);
    const def = Math.min(preferred ?? config().defaultDurationSeconds, bounds.max);
    type Item = vscode.QuickPickItem & { seconds?: number };
    const items: Item[] = durationChoices(api, chained).map((s) => ({ label: humanDuration(s), description: s === def ? 'default' : undefined, seconds: s }));
    items.sort((a, b) => (a.seconds === def ? -1 : b.seconds === def ? 1 : 0));
    items.push({ label: 'Other…', description: `${bounds.min}..${bounds.max} seconds`, detail: bounds.reason });
    const picked = need(
      await vscode.window.showQuickPick(items, {
        title: chained ? `${api} duration (role chaining: at most ${shortDuration(bounds.max)})` : `${api} duration`,
        placeHolder: `${shortDuration(bounds.min)} to ${shortDuration(bounds.max)}`,
      }),
    );
    if (picked.seconds !== undefined) return picked.seconds;
    const typed = need(
      await vscode.window.showInputBox({
        title: `${api} duration`,
        prompt: `Seconds (or 90m, 2h), ${bounds.min}..${bounds.max}`,
        value: String(def),
        validateInput: (v) => {
          const n = parseDuration(v);
          return n === undefined ? 'Enter seconds, or minutes/hours like 90m or 2h.' : checkDuration(api, n, chained)?.message;
        },
      }),
    );
    return need(parseDuration(typed));
  }

  async function askTokenCode(serial: string): Promise<string> {
    return need(
      await vscode.window.showInputBox({ title: 'MFA code', prompt: `The 6-digit code of ${serial}`, ignoreFocusOut: true, validateInput: (v) => checkTokenCode(v.trim())?.message }),
    ).trim();
  }

  async function askMfaSerial(preset?: string): Promise<string | undefined> {
    if (preset) return preset;
    const pick = need(await vscode.window.showQuickPick(['No MFA', 'Use an MFA device…'], { title: 'MFA' }));
    if (pick === 'No MFA') return undefined;
    return need(await vscode.window.showInputBox({ title: 'MFA serial number', prompt: 'arn:aws:iam::123456789012:mfa/name or a hardware serial', validateInput: (v) => checkSerialNumber(v.trim())?.message })).trim();
  }

  // ---- commands -------------------------------------------------------------------------------

  command(CREDENTIAL_COMMANDS.assumeRole, async (args?: unknown) => {
    // Automation entry (the VS Code e2e suite, keybindings): `{roleArn, roleSessionName?, durationSeconds?,
    // source?}` skips the prompts; the request is checked the same way the prompts check it.
    if (typeof args === 'object' && args !== null && typeof (args as { roleArn?: unknown }).roleArn === 'string') {
      const a = args as { roleArn: string; roleSessionName?: string; durationSeconds?: number; source?: SourceSpec };
      const roleSessionName = a.roleSessionName ?? defaultSessionName();
      const durationSeconds = a.durationSeconds ?? config().defaultDurationSeconds;
      const problem = checkRoleArn(a.roleArn, Boolean(config().endpoint)) ?? checkRoleSessionName(roleSessionName) ?? checkDuration('AssumeRole', durationSeconds, false);
      if (problem) return void vscode.window.showErrorMessage(`STS Lens: ${problem.message}`);
      return run('AssumeRole', () => service.assumeRole({ kind: 'AssumeRole', roleArn: a.roleArn, roleSessionName, durationSeconds, source: a.source ?? { type: 'chain' } }));
    }
    // `{profile}` assumes that role profile in one step (its own settings; only the MFA code is asked)
    const profile = typeof args === 'object' && args !== null && typeof (args as { profile?: unknown }).profile === 'string' ? (args as { profile: string }).profile : undefined;
    await assumeRoleInteractive(
      {
        service,
        logger,
        state: context.globalState,
        run: (call) => run('AssumeRole', call),
        defaults: () => ({ sessionName: defaultSessionName(), durationSeconds: config().defaultDurationSeconds }),
        customEndpoint: () => Boolean(config().endpoint),
      },
      profile,
    );
  });

  command(CREDENTIAL_COMMANDS.getSessionToken, async () => {
    const profiles = await readProfiles().catch(() => [] as ProfileInfo[]);
    const source = await pickSource(profiles.filter((p) => p.hasKeys && !p.roleArn), false);
    const durationSeconds = await pickDuration('GetSessionToken', false, 43200);
    const preset = source.type === 'profile' ? profiles.find((p) => p.name === source.profile)?.mfaSerial : undefined;
    const serialNumber = await askMfaSerial(preset);
    const tokenCode = serialNumber ? await askTokenCode(serialNumber) : undefined;
    await run('GetSessionToken', async () => {
      const s = await service.getSessionToken({ kind: 'GetSessionToken', durationSeconds, serialNumber, source }, tokenCode);
      void vscode.window.showInformationMessage(`STS Lens: session token valid until ${s.credentials.expiration.toLocaleString()}.`);
    });
  });

  command(CREDENTIAL_COMMANDS.getCallerIdentity, async () => {
    const active = service.active();
    const target = active ? { sessionId: active.id } : { type: 'chain' as const };
    await run('GetCallerIdentity', async () => {
      const id = await service.getCallerIdentity(target);
      const pick = await vscode.window.showInformationMessage(`STS Lens: ${id.arn ?? '(no ARN)'} · account ${id.account ?? '-'} · user id ${id.userId ?? '-'}`, 'Copy ARN');
      if (pick === 'Copy ARN' && id.arn) await vscode.env.clipboard.writeText(id.arn);
    });
  });

  command(CREDENTIAL_COMMANDS.openConsole, async (arg?: unknown) => {
    const s = requireActive(arg);
    const destination = typeof arg === 'object' && arg !== null && typeof (arg as { destination?: unknown }).destination === 'string' ? (arg as { destination: string }).destination : undefined;
    const refusal = consoleRefusal(s);
    if (refusal) return void vscode.window.showWarningMessage(`STS Lens: ${refusal}`);
    const c = config();
    let url: string;
    try {
      url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'STS Lens: console sign-in…' }, () =>
        buildConsoleUrl(s, { sessionDuration: c.consoleSessionDuration, destination: destination || c.consoleDestination || undefined }),
      );
    } catch (e) {
      const msg = e instanceof ConsoleFederationError || e instanceof RangeError ? e.message : 'The console link could not be built.';
      logger.error('Console federation failed', e);
      return void vscode.window.showErrorMessage(`STS Lens: ${msg}`);
    }
    const pick = await vscode.window.showInformationMessage(`STS Lens: console sign-in link for ${s.label} is ready (valid 15 minutes).`, 'Open', 'Copy link');
    if (pick === 'Open') await vscode.env.openExternal(vscode.Uri.parse(url, true));
    if (pick === 'Copy link') await vscode.env.clipboard.writeText(url);
  });

  command(CREDENTIAL_COMMANDS.copyCredentials, async (arg?: unknown) => {
    const s = requireActive(arg);
    const shell = need(await vscode.window.showQuickPick(SHELLS.map((x) => ({ label: x.label, id: x.id })), { title: 'Copy credentials as…' })).id as Shell;
    await vscode.env.clipboard.writeText(formatExports(s.credentials, shell, s.region));
    void vscode.window.showInformationMessage(`STS Lens: ${s.label} credentials copied as ${shell} exports (the clipboard now holds secrets).`);
  });

  command(CREDENTIAL_COMMANDS.writeProfile, async (arg?: unknown) => {
    const s = requireActive(arg);
    const file = credentialsFilePath();
    const name = need(await vscode.window.showInputBox({ title: `Write to profile in ${file}`, value: defaultProfileName(s), validateInput: (v) => checkProfileName(v) }));
    // asked here; checked again under the file lock by writeProfileFile, which never writes over long-term keys
    const verdict = await checkProfileWrite(name, file, configFilePath());
    if (verdict.kind === 'refuse') return void vscode.window.showErrorMessage(`STS Lens: ${verdict.message}`);
    if (verdict.kind === 'replace' && (await vscode.window.showWarningMessage(`STS Lens: ${verdict.message}`, { modal: true }, 'Replace')) !== 'Replace') throw new Cancelled();
    const result = await writeProfileFile(file, name, credentialEntries(s.credentials, { region: s.region }), { replaceExisting: verdict.kind === 'replace', configFile: configFilePath() });
    logger.info(`Wrote profile ${name} to ${result.written}${result.backup ? ` (previous file kept as ${result.backup})` : ''}`);
    void vscode.window.showInformationMessage(`STS Lens: wrote profile [${name}] to ${file} (expires ${s.credentials.expiration.toLocaleTimeString()}).`);
  });

  command(CREDENTIAL_COMMANDS.applyToTerminals, async (arg?: unknown) => {
    const s = requireActive(arg);
    applyTerminalEnv(s);
    void vscode.window.showInformationMessage(`STS Lens: new terminals get the credentials of ${s.label}; they are removed on clear or expiry.`);
  });

  command(CREDENTIAL_COMMANDS.refresh, async (id?: unknown) => {
    const s = requireActive(id);
    const serial = service.needsMfa(s.id) ? s.request.serialNumber : undefined;
    const tokenCode = serial ? await askTokenCode(serial) : undefined;
    await run(s.kind === 'GetSessionToken' ? 'GetSessionToken' : 'AssumeRole', async () => {
      // a source session may need the browser sign-in again (IAM Identity Center)
      const next = await service.refresh(s.id, tokenCode, s.request.kind === 'Source' ? { prompt: deviceSignInPrompt(logger) } : undefined);
      void vscode.window.showInformationMessage(`STS Lens: ${next.label} refreshed until ${next.credentials.expiration.toLocaleTimeString()}.`);
    });
  });

  command(CREDENTIAL_COMMANDS.clearSession, async (arg?: unknown) => {
    const s = requireActive(arg);
    if (appliedSessionId === s.id) clearTerminalEnv();
    service.remove(s.id);
    void vscode.window.showInformationMessage(`STS Lens: cleared ${s.label}.`);
  });

  command(CREDENTIAL_COMMANDS.switchSession, async (arg?: unknown) => {
    const chosen = sessionOfArg(service, arg);
    if (chosen) return service.setActive(chosen.id);
    const now = new Date();
    const items = service.sessions().map((s) => ({
      label: `${s.id === service.active()?.id ? '$(check) ' : ''}${s.label}`,
      description: `${s.kind} · ${isExpired(s, now) ? 'expired' : `until ${s.credentials.expiration.toLocaleTimeString()}`}`,
      detail: s.arn,
      id: s.id,
    }));
    if (!items.length) return void vscode.window.showInformationMessage('STS Lens: no sessions held.');
    service.setActive(need(await vscode.window.showQuickPick(items, { title: 'Switch session' })).id);
  });

  command(CREDENTIAL_COMMANDS.statusMenu, async () => {
    const items = [
      { label: '$(refresh) Refresh', id: CREDENTIAL_COMMANDS.refresh },
      { label: '$(globe) Open AWS Console', id: CREDENTIAL_COMMANDS.openConsole },
      { label: '$(copy) Copy credentials as…', id: CREDENTIAL_COMMANDS.copyCredentials },
      { label: '$(terminal) Apply to terminals', id: CREDENTIAL_COMMANDS.applyToTerminals },
      { label: '$(save) Write to profile…', id: CREDENTIAL_COMMANDS.writeProfile },
      { label: '$(arrow-swap) Switch session', id: CREDENTIAL_COMMANDS.switchSession },
      { label: '$(close) Clear session', id: CREDENTIAL_COMMANDS.clearSession },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: service.active()?.label ?? 'STS Lens' });
    if (pick) await vscode.commands.executeCommand(pick.id);
  });

  registerSourceCommands({
    context,
    service,
    sources,
    logger,
    defaultSessionName,
    defaultDurationSeconds: () => config().defaultDurationSeconds,
    customEndpoint: () => Boolean(config().endpoint),
    warningMinutes: () => config().warningMinutes,
  });

  return {
    service,
    setStatusFocus(fn: () => StatusFocus): void {
      focusOf = fn;
      showFocus();
    },
    refreshStatus: showFocus,
  };
}

/** The session the status bar names, and the sentence that says why (shown in its tooltip). */
export interface StatusFocus {
  session: Session | undefined;
  why?: string;
}

/** What the credential commands give the other client modules. */
export interface CredentialCommandsApi {
  service: CredentialService;
  setStatusFocus(fn: () => StatusFocus): void;
  refreshStatus(): void;
}
