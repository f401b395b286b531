/**
 * The vscode layer of the credential sources: Sign In with IAM Identity Center (device code shown, the
 * verification page opened in the browser), Start Session from a source profile, Assume Role with Web
 * Identity (token file, web_identity_token_file profile or pasted token), Assume Role with SAML (file or
 * clipboard), and the automatic refresh that keeps sessions signed in. Every decision is in the pure
 * modules beside it.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { CredentialService } from '../credentialService';
import { formatProblem, StsLensError } from '../errors';
import type { RedactingLogger } from '../logger';
import type { Session, SourceRef } from '../session';
import { realScheduler } from '../statusModel';
import { checkDuration, checkRoleArn, checkRoleSessionName, parseDuration } from '../validation';
import { trustedFor } from '../gatedCommand';
import { checkPrincipalArn, jwtFacts, normaliseSamlAssertion, samlRolePairs } from './federation';
import { realSleep, type SourceRegistry } from './index';
import { readSsoSessions } from './profiles';
import { defaultSsoClients, listSsoAccounts, listSsoRoles, ssoEndpointsFromEnv, type DeviceAuthorizationPrompt } from './ssoFlow';
import { ssoAccessToken } from './ssoSource';
import { AutoRefresher, refreshAt } from './staySignedIn';

export const SOURCE_COMMANDS = {
  signInSso: 'stsLens.signInSso',
  sessionFromProfile: 'stsLens.sessionFromProfile',
  assumeRoleWithWebIdentity: 'stsLens.assumeRoleWithWebIdentity',
  assumeRoleWithSAML: 'stsLens.assumeRoleWithSAML',
} as const;

class Cancelled extends Error {}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Cancelled();
  return v;
}

export interface SourceCommandDeps {
  context: vscode.ExtensionContext;
  service: CredentialService;
  sources: SourceRegistry;
  logger: RedactingLogger;
  defaultSessionName: () => string;
  defaultDurationSeconds: () => number;
  customEndpoint: () => boolean;
  warningMinutes: () => number;
}

/**
 * The device sign-in prompt: the verification page opens in the browser (the code filled in), and a
 * notification shows the code to compare, with Copy code. Polling goes on meanwhile.
 */
export function deviceSignInPrompt(logger: RedactingLogger): (p: DeviceAuthorizationPrompt) => Promise<void> {
  return async (p) => {
    const url = p.verificationUriComplete ?? p.verificationUri;
    logger.info(`IAM Identity Center sign-in: verification page ${p.verificationUri}, code ${p.userCode}`);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    void vscode.window
      .showInformationMessage(`STS Lens: approve the sign-in in the browser. Code: ${p.userCode} (valid until ${p.expiresAt.toLocaleTimeString()}).`, 'Copy code', 'Open page again')
      .then((pick) => {
        if (pick === 'Copy code') void vscode.env.clipboard.writeText(p.userCode);
        if (pick === 'Open page again') void vscode.env.openExternal(vscode.Uri.parse(url, true));
      });
  };
}

export function registerSourceCommands(d: SourceCommandDeps): AutoRefresher {
  const { context, service, sources, logger } = d;
  const prompt = deviceSignInPrompt(logger);

  async function withSignInProgress<T>(title: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `STS Lens: ${title}`, cancellable: true }, (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return call(ac.signal);
    });
  }

  function done(s: Session): void {
    void vscode.window.showInformationMessage(`STS Lens: ${s.label} (${s.sourceText}) until ${s.credentials.expiration.toLocaleTimeString()}.`);
  }

  function command(id: string, fn: (...args: unknown[]) => Promise<unknown>): void {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (!trustedFor(id)) return void logger.info(`${id} refused: the workspace is not trusted`);
        try {
          await fn(...args);
        } catch (e) {
          if (e instanceof Cancelled) return;
          if (e instanceof StsLensError) {
            if (/cancelled/i.test(e.problem.message)) return;
            logger.error(`${id}: ${e.problem.code}`, e);
            return void vscode.window.showErrorMessage(`STS Lens: ${formatProblem(e.problem)}`);
          }
          logger.error(`${id} failed`, e);
          void vscode.window.showErrorMessage(`STS Lens: ${e instanceof Error ? logger.redact(e.message) : 'unexpected error'}`);
        }
      }),
    );
  }

  async function start(ref: SourceRef, title: string): Promise<Session> {
    const s = await withSignInProgress(title, (signal) => service.startFromSource(ref, { prompt, signal }));
    done(s);
    return s;
  }

  async function askDuration(preset?: number): Promise<number> {
    const text = need(
      await vscode.window.showInputBox({
        title: 'Session duration',
        prompt: 'Seconds (or 90m, 2h), 900..43200; the role\'s maximum session duration applies',
        value: String(preset ?? d.defaultDurationSeconds()),
        validateInput: (v) => {
          const n = parseDuration(v);
          return n === undefined ? 'Enter seconds, or minutes/hours like 90m or 2h.' : checkDuration('AssumeRole', n)?.message;
        },
      }),
    );
    return need(parseDuration(text));
  }

  // ---- IAM Identity Center --------------------------------------------------------------------

  command(SOURCE_COMMANDS.signInSso, async (args?: unknown) => {
    const profileArg = typeof args === 'object' && args && typeof (args as { profile?: unknown }).profile === 'string' ? (args as { profile: string }).profile : undefined;
    const all = (await sources.listSources()).filter((s) => s.kind === 'SSO');
    const sessions = await readSsoSessions();
    type Item = vscode.QuickPickItem & { ref?: SourceRef; session?: (typeof sessions)[number] };
    let pick: Item | undefined;
    if (profileArg) pick = { label: profileArg, ref: { type: 'sso', profile: profileArg } };
    else {
      const items: Item[] = [
        ...all.filter((s) => !/pick an account/.test(s.description)).map((s) => ({ label: `$(person) ${s.label}`, description: s.description, ref: s.ref })),
        ...sessions.map((s) => ({ label: `$(organization) sso-session ${s.name}`, description: `${s.startUrl} · pick an account and role`, session: s })),
      ];
      if (!items.length) {
        void vscode.window.showInformationMessage('STS Lens: no IAM Identity Center profile or [sso-session] in the AWS config. Add one with `aws configure sso`.');
        return;
      }
      pick = need(await vscode.window.showQuickPick(items, { title: 'Sign in with IAM Identity Center', placeHolder: 'A profile, or an sso-session to choose an account and role' }));
    }
    if (pick.ref) return start(pick.ref, `signing in (${pick.label.replace(/^\$\([^)]*\) /, '')})…`);
    const ss = need(pick.session);
    const target = { ssoSession: ss.name, startUrl: ss.startUrl, ssoRegion: ss.ssoRegion, scopes: ss.scopes };
    const clients = defaultSsoClients(ssoEndpointsFromEnv(process.env));
    const token = await withSignInProgress(`signing in to ${ss.name}…`, (signal) =>
      ssoAccessToken(target, { home: os.homedir(), clients, clock: () => new Date(), sleep: realSleep, prompt, signal, addSecret: (v) => logger.addSecret(v) }),
    );
    const accounts = await listSsoAccounts(token, clients);
    const account = need(await vscode.window.showQuickPick(accounts.map((a) => ({ label: a.accountName ?? a.accountId, description: a.accountId, id: a.accountId })), { title: `sso-session ${ss.name}: account` }));
    const roles = await listSsoRoles(token, account.id, clients);
    const role = need(await vscode.window.showQuickPick(roles, { title: `${account.label}: permission set` }));
    await start({ type: 'ssoRole', ssoSession: ss.name, startUrl: ss.startUrl, ssoRegion: ss.ssoRegion, accountId: account.id, roleName: role }, `${role}@${account.id}…`);
  });

  // ---- any source profile ---------------------------------------------------------------------

  command(SOURCE_COMMANDS.sessionFromProfile, async (args?: unknown) => {
    const profileArg = typeof args === 'object' && args && typeof (args as { profile?: unknown }).profile === 'string' ? (args as { profile: string }).profile : undefined;
    const list = await sources.listSources();
    const chosen = profileArg ? list.find((s) => s.label === profileArg) : need(await vscode.window.showQuickPick(list.map((s) => ({ label: s.label, description: s.description, s })), { title: 'Start a session from a profile', placeHolder: list.length ? 'IAM Identity Center, credential_process and web identity profiles of ~/.aws/config' : 'No such profile in the AWS config' }))?.s;
    if (!chosen) return void vscode.window.showErrorMessage(`STS Lens: ${profileArg ? `profile ${profileArg} is not an IAM Identity Center, credential_process or web identity profile of your AWS config` : 'no profile chosen'}.`);
    await start(chosen.ref, `${chosen.label}…`);
  });

  // ---- web identity ---------------------------------------------------------------------------

  command(SOURCE_COMMANDS.assumeRoleWithWebIdentity, async (args?: unknown) => {
    // automation: {roleArn, roleSessionName?, durationSeconds?, tokenFile? | token?}
    const a = (typeof args === 'object' && args ? args : {}) as { roleArn?: string; roleSessionName?: string; durationSeconds?: number; tokenFile?: string; token?: string };
    if (a.roleArn && (a.tokenFile || a.token)) {
      const ref: SourceRef = { type: 'webIdentity', roleArn: a.roleArn, roleSessionName: a.roleSessionName ?? d.defaultSessionName(), durationSeconds: a.durationSeconds, tokenFile: a.tokenFile, secretHandle: a.token ? sources.holdSecret(a.token) : undefined };
      return start(ref, 'AssumeRoleWithWebIdentity…');
    }
    const profiles = (await sources.listSources()).filter((s) => s.kind === 'AssumeRoleWithWebIdentity');
    type From = 'profile' | 'file' | 'paste';
    const items: (vscode.QuickPickItem & { from: From; ref?: SourceRef })[] = [
      ...profiles.map((p) => ({ label: `$(person) ${p.label}`, description: p.description, from: 'profile' as const, ref: p.ref })),
      { label: '$(file) Token from a file…', from: 'file' },
      { label: '$(clippy) Paste a token…', description: 'OIDC ID token (JWT) or OAuth 2.0 access token', from: 'paste' },
    ];
    const pick = need(await vscode.window.showQuickPick(items, { title: 'Assume Role with Web Identity: the token' }));
    if (pick.ref) return start(pick.ref, 'AssumeRoleWithWebIdentity…');
    let tokenFile: string | undefined;
    let secretHandle: string | undefined;
    if (pick.from === 'file') {
      tokenFile = need(need(await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Web identity token file' }))[0]).fsPath;
    } else {
      const token = need(await vscode.window.showInputBox({ title: 'Web identity token', prompt: 'The token from the identity provider (kept in memory only)', password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim().length < 4 ? 'Paste the token.' : undefined) })).trim();
      const facts = jwtFacts(token);
      if (facts?.issuer) logger.info(`Web identity token from ${facts.issuer}${facts.expiresAt ? `, expires ${facts.expiresAt.toISOString()}` : ''}`);
      secretHandle = sources.holdSecret(token);
    }
    const roleArn = need(await vscode.window.showInputBox({ title: 'Role ARN', prompt: 'The role whose trust policy names the identity provider', ignoreFocusOut: true, validateInput: (v) => checkRoleArn(v.trim(), d.customEndpoint())?.message })).trim();
    const roleSessionName = need(await vscode.window.showInputBox({ title: 'Role session name', value: d.defaultSessionName(), validateInput: (v) => checkRoleSessionName(v)?.message }));
    const durationSeconds = await askDuration();
    await start({ type: 'webIdentity', roleArn, roleSessionName, durationSeconds, tokenFile, secretHandle }, 'AssumeRoleWithWebIdentity…');
  });

  // ---- SAML -----------------------------------------------------------------------------------

  command(SOURCE_COMMANDS.assumeRoleWithSAML, async (args?: unknown) => {
    // automation: {roleArn, principalArn, assertion | assertionFile, durationSeconds?}
    const a = (typeof args === 'object' && args ? args : {}) as { roleArn?: string; principalArn?: string; assertion?: string; assertionFile?: string; durationSeconds?: number };
    let text: string;
    if (a.assertion || a.assertionFile) text = a.assertion ?? (await import('./federation').then((m) => m.readSecretFile(a.assertionFile!, 'SAML assertion')));
    else {
      const from = need(await vscode.window.showQuickPick([{ label: '$(clippy) From the clipboard', id: 'clip' }, { label: '$(file) From a file…', id: 'file' }], { title: 'Assume Role with SAML: the assertion (base64 SAMLResponse or SAML XML)' }));
      if (from.id === 'clip') text = await vscode.env.clipboard.readText();
      else {
        const file = need(need(await vscode.window.showOpenDialog({ canSelectMany: false, title: 'SAML response file' }))[0]);
        text = await import('./federation').then((m) => m.readSecretFile(file.fsPath, 'SAML assertion'));
      }
    }
    const { xml } = normaliseSamlAssertion(text);
    const handle = sources.holdSecret(text);
    let roleArn = a.roleArn;
    let principalArn = a.principalArn;
    if (!roleArn || !principalArn) {
      const pairs = samlRolePairs(xml);
      type Item = vscode.QuickPickItem & { pair?: { roleArn: string; principalArn: string } };
      const items: Item[] = [...pairs.map((p) => ({ label: p.roleArn.replace(/^.*:role\//, ''), description: p.roleArn, detail: p.principalArn, pair: p })), { label: '$(edit) Enter the role and provider ARNs…' }];
      const pick = need(await vscode.window.showQuickPick(items, { title: 'Assume Role with SAML: role', placeHolder: pairs.length ? 'Roles the assertion offers' : 'The assertion lists no roles' }));
      if (pick.pair) ({ roleArn, principalArn } = pick.pair);
      else {
        roleArn = need(await vscode.window.showInputBox({ title: 'Role ARN', ignoreFocusOut: true, validateInput: (v) => checkRoleArn(v.trim(), d.customEndpoint())?.message })).trim();
        principalArn = need(await vscode.window.showInputBox({ title: 'SAML provider ARN', prompt: 'arn:aws:iam::123456789012:saml-provider/name', ignoreFocusOut: true, validateInput: (v) => checkPrincipalArn(v.trim()) })).trim();
      }
    }
    const durationSeconds = a.durationSeconds ?? (await askDuration());
    await start({ type: 'saml', roleArn: need(roleArn), principalArn: need(principalArn), durationSeconds, secretHandle: handle }, 'AssumeRoleWithSAML…');
  });

  // ---- staying signed in ----------------------------------------------------------------------

  const auto = new AutoRefresher({
    service,
    clock: () => new Date(),
    scheduler: realScheduler,
    warningMinutes: d.warningMinutes,
    enabled: () => vscode.workspace.getConfiguration('stsLens').get<boolean>('autoRefresh', true),
    log: (line) => logger.info(line),
  });
  context.subscriptions.push(service.onDidChange(() => auto.reschedule()), { dispose: () => auto.dispose() });
  auto.reschedule();
  return auto;
}

/** Tooltip text: how a session stays signed in. */
export async function refreshNoteOf(service: CredentialService, sources: SourceRegistry, s: Session, warningMinutes: number): Promise<string> {
  if (await service.canRefreshSilently(s.id)) {
    const when = refreshAt(s, warningMinutes);
    const sso = s.request.kind === 'Source' ? await sources.ssoSignInValidUntil(s.request.source) : undefined;
    return `by itself at ${when.toLocaleTimeString()}, no prompt${sso ? ` (IAM Identity Center sign-in valid until ${sso.toLocaleTimeString()})` : ''}`;
  }
  if (service.needsMfa(s.id)) return 'asks for an MFA code';
  if (s.request.kind === 'Source') return s.request.source.type === 'saml' ? 'needs a new SAML assertion' : s.request.source.type === 'webIdentity' ? 'needs a new token' : 'needs the IAM Identity Center sign-in in the browser';
  return 'asks for the source credentials';
}
