/**
 * Credential sources beyond long-term keys and role profiles, behind one interface the commands use:
 * `listSources()` says what the user's AWS config offers, `resolveSource(ref)` gives credentials with
 * their expiry, a label, whether a refresh needs the user (`canRefreshSilently`) and `refresh()`.
 *
 *   sso          IAM Identity Center profile (sso_session or legacy sso_start_url), CLI-shared token cache
 *   ssoRole      an account + permission set picked after signing in to an sso-session
 *   process      credential_process of the user's own config file, run without a shell
 *   webIdentity  AssumeRoleWithWebIdentity with web_identity_token_file or a pasted token
 *   saml         AssumeRoleWithSAML with an assertion from a file or the clipboard
 *
 * No vscode import: the prompts (device code, browser) are injected.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { AwsCredentialIdentity } from '@smithy/types';
import { configFilePath, type Env } from '../awsFiles';
import { StsLensError } from '../errors';
import { accountFromArn, roleNameFromArn, type SessionKind, type SourceRef, type TemporaryCredentials } from '../session';
import { DEFAULT_PROCESS_TIMEOUT_MS, isWorkspaceFile, runCredentialProcess } from './credentialProcess';
import { assumeRoleWithSaml, assumeRoleWithWebIdentity, jwtFacts, readSecretFile, type UnsignedStsFactory } from './federation';
import { readSourceProfiles, type SourceProfile, type SsoProfile } from './profiles';
import { defaultSsoClients, ssoEndpointsFromEnv, type DeviceAuthorizationPrompt, type SsoClients } from './ssoFlow';
import { ssoRoleCredentials, ssoTokenState, type SsoTarget } from './ssoSource';

export interface SourceDescriptor {
  ref: SourceRef;
  /** "dev", the profile name. */
  label: string;
  /** "IAM Identity Center · account 111122223333 · AdministratorAccess". */
  description: string;
  kind: SessionKind;
}

/** Credentials a source gave, with what the session view shows about them. */
export interface SourceCredentials {
  credentials: TemporaryCredentials;
  kind: SessionKind;
  label: string;
  /** "IAM Identity Center profile dev (sso-session corp)". */
  sourceText: string;
  arn?: string;
  account?: string;
  sessionName?: string;
  region?: string;
}

/** The interface the workflow side uses: credentials now, and how they stay fresh. */
export interface ResolvedSourceSession extends SourceCredentials {
  expiration: Date;
  canRefreshSilently: boolean;
  refresh(): Promise<ResolvedSourceSession>;
}

export interface ResolveOptions {
  /** Allows the browser sign-in (SSO device flow); without it an expired sign-in is an error. */
  prompt?: (p: DeviceAuthorizationPrompt) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface SourceRegistryDeps {
  env?: Env;
  home?: string;
  ssoClients?: SsoClients;
  /** STS client without credentials, for the unsigned AssumeRoleWith* calls. */
  sts: UnsignedStsFactory;
  clock?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  settings?: () => { region?: string; endpoint?: string };
  /** Workspace folder paths: a config file inside one never runs a credential_process. */
  workspaceFolders?: () => readonly string[];
  processTimeoutMs?: number;
  /** Registers secrets with the redacting logger. */
  addSecret?: (value: string | undefined) => void;
}

const DEFAULT_REGION = 'us-east-1';

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

export class SourceRegistry {
  private readonly env: Env;
  private readonly home: string;
  private readonly ssoClients: SsoClients;
  private readonly clock: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Pasted tokens and assertions, by handle: memory only. */
  private readonly secrets = new Map<string, string>();

  constructor(private readonly deps: SourceRegistryDeps) {
    this.env = deps.env ?? process.env;
    this.home = deps.home ?? os.homedir();
    this.ssoClients = deps.ssoClients ?? defaultSsoClients(ssoEndpointsFromEnv(this.env));
    this.clock = deps.clock ?? (() => new Date());
    this.sleep = deps.sleep ?? realSleep;
  }

  /** Keeps a pasted token / assertion in memory for refreshes; returns the handle for the SourceRef. */
  holdSecret(value: string): string {
    const handle = randomBytes(8).toString('hex');
    this.secrets.set(handle, value);
    this.deps.addSecret?.(value);
    return handle;
  }

  async profiles(): Promise<SourceProfile[]> {
    return (await readSourceProfiles(this.env)).profiles;
  }

  /** Every source profile of the user's config, as pickable items. */
  async listSources(): Promise<SourceDescriptor[]> {
    const out: SourceDescriptor[] = [];
    for (const p of await this.profiles()) {
      if (p.kind === 'sso') {
        const what = p.accountId && p.roleName ? ` · account ${p.accountId} · ${p.roleName}` : ' · pick an account after sign-in';
        out.push({ ref: { type: 'sso', profile: p.name }, label: p.name, description: `IAM Identity Center${p.ssoSession ? ` (sso-session ${p.ssoSession})` : ''}${what}`, kind: 'SSO' });
      } else if (p.kind === 'process') {
        if (this.inWorkspace(p.file)) continue;
        out.push({ ref: { type: 'process', profile: p.name }, label: p.name, description: 'credential_process', kind: 'CredentialProcess' });
      } else {
        out.push({
          ref: { type: 'webIdentity', profile: p.name, roleArn: p.roleArn, roleSessionName: p.roleSessionName ?? 'sts-lens', durationSeconds: p.durationSeconds, tokenFile: p.tokenFile },
          label: p.name,
          description: `web identity token file · ${p.roleArn}`,
          kind: 'AssumeRoleWithWebIdentity',
        });
      }
    }
    return out;
  }

  private inWorkspace(file: string): boolean {
    return isWorkspaceFile(file, this.deps.workspaceFolders?.() ?? []);
  }

  private region(hint?: string): string {
    return this.deps.settings?.().region || hint || DEFAULT_REGION;
  }

  private async profile<K extends SourceProfile['kind']>(name: string, kind: K): Promise<Extract<SourceProfile, { kind: K }>> {
    const p = (await this.profiles()).find((x) => x.name === name);
    if (!p || p.kind !== kind) {
      throw new StsLensError({ code: 'NoSourceCredentials', message: `Profile ${name} is not ${kind === 'sso' ? 'an IAM Identity Center' : kind === 'process' ? 'a credential_process' : 'a web identity'} profile in ${configFilePath(this.env)}.`, nextStep: 'Check the AWS config file.', retryable: false });
    }
    return p as Extract<SourceProfile, { kind: K }>;
  }

  private ssoDeps(o: ResolveOptions) {
    return { home: this.home, clients: this.ssoClients, clock: this.clock, sleep: this.sleep, prompt: o.prompt, signal: o.signal, addSecret: this.deps.addSecret };
  }

  /** Credentials from a source; `o.prompt` allows the browser sign-in. */
  async resolve(ref: SourceRef, o: ResolveOptions = {}): Promise<SourceCredentials> {
    const out = await this.resolveInner(ref, o);
    this.deps.addSecret?.(out.credentials.secretAccessKey);
    this.deps.addSecret?.(out.credentials.sessionToken);
    return out;
  }

  private async resolveInner(ref: SourceRef, o: ResolveOptions): Promise<SourceCredentials> {
    switch (ref.type) {
      case 'sso': {
        const p = await this.profile(ref.profile, 'sso');
        if (!p.accountId || !p.roleName) {
          throw new StsLensError({ code: 'Validation', message: `Profile ${p.name} has no sso_account_id / sso_role_name.`, nextStep: 'Use "Sign In with IAM Identity Center" to pick an account and role, or add them to the profile.', retryable: false });
        }
        const credentials = await ssoRoleCredentials(ssoTarget(p), p.accountId, p.roleName, this.ssoDeps(o));
        return { credentials, kind: 'SSO', label: p.name, sourceText: `IAM Identity Center profile ${p.name}${p.ssoSession ? ` (sso-session ${p.ssoSession})` : ''}`, account: p.accountId, sessionName: p.roleName, region: p.region ?? p.ssoRegion };
      }
      case 'ssoRole': {
        const t: SsoTarget = { ssoSession: ref.ssoSession, startUrl: ref.startUrl, ssoRegion: ref.ssoRegion };
        const credentials = await ssoRoleCredentials(t, ref.accountId, ref.roleName, this.ssoDeps(o));
        return { credentials, kind: 'SSO', label: `${ref.roleName}@${ref.accountId}`, sourceText: `IAM Identity Center ${ref.ssoSession ? `sso-session ${ref.ssoSession}` : ref.startUrl}`, account: ref.accountId, sessionName: ref.roleName, region: ref.ssoRegion };
      }
      case 'process': {
        const p = await this.profile(ref.profile, 'process');
        if (this.inWorkspace(p.file)) {
          throw new StsLensError({ code: 'NoSourceCredentials', message: `The AWS config file ${p.file} is inside the workspace; STS Lens does not run a credential_process a workspace file names.`, nextStep: 'Move the profile to your own ~/.aws/config.', retryable: false });
        }
        const c = await runCredentialProcess(p.name, p.command, { timeoutMs: this.deps.processTimeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS, now: this.clock });
        if (!c.sessionToken || !c.expiration) {
          throw new StsLensError({ code: 'Validation', message: `credential_process of profile ${p.name} gave long-term keys (no SessionToken/Expiration): not a session.`, nextStep: 'Use the profile as the source of Assume Role or Get Session Token instead.', retryable: false });
        }
        return { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration }, kind: 'CredentialProcess', label: p.name, sourceText: `credential_process of profile ${p.name}`, region: p.region };
      }
      case 'webIdentity': {
        const token = ref.secretHandle ? this.secrets.get(ref.secretHandle) : ref.tokenFile ? await readSecretFile(expandHome(ref.tokenFile, this.home), 'web identity token') : undefined;
        if (!token) throw new StsLensError({ code: 'ExpiredToken', message: 'The pasted web identity token is no longer held (VS Code was restarted).', nextStep: 'Run "Assume Role with Web Identity" again with a fresh token.', retryable: false });
        this.deps.addSecret?.(token);
        const s = this.deps.settings?.() ?? {};
        const region = this.region();
        const r = await assumeRoleWithWebIdentity({ roleArn: ref.roleArn, roleSessionName: ref.roleSessionName, token, durationSeconds: ref.durationSeconds }, { sts: this.deps.sts, region, endpoint: s.endpoint, now: this.clock() });
        const facts = jwtFacts(token);
        const from = ref.profile ? `profile ${ref.profile}` : ref.tokenFile ? `token file ${ref.tokenFile}` : 'pasted token';
        return { credentials: r.credentials, kind: 'AssumeRoleWithWebIdentity', label: ref.profile ?? roleNameFromArn(ref.roleArn), sourceText: `web identity (${from}${facts?.issuer ? `, issuer ${facts.issuer}` : ''}${r.subject ? `, subject ${r.subject}` : ''})`, arn: r.arn ?? ref.roleArn, account: accountFromArn(r.arn) ?? accountFromArn(ref.roleArn), sessionName: ref.roleSessionName, region };
      }
      case 'saml': {
        const assertion = ref.secretHandle ? this.secrets.get(ref.secretHandle) : undefined;
        if (!assertion) throw new StsLensError({ code: 'ExpiredToken', message: 'The SAML assertion is no longer held.', nextStep: 'Run "Assume Role with SAML" again with a new assertion.', retryable: false });
        const s = this.deps.settings?.() ?? {};
        const region = this.region();
        const r = await assumeRoleWithSaml({ roleArn: ref.roleArn, principalArn: ref.principalArn, assertion, durationSeconds: ref.durationSeconds }, { sts: this.deps.sts, region, endpoint: s.endpoint, now: this.clock() });
        return { credentials: r.credentials, kind: 'AssumeRoleWithSAML', label: roleNameFromArn(ref.roleArn), sourceText: `SAML assertion (provider ${ref.principalArn.replace(/^.*saml-provider\//, '')}${r.subject ? `, subject ${r.subject}` : ''})`, arn: r.arn ?? ref.roleArn, account: accountFromArn(ref.roleArn), region };
      }
    }
  }

  /**
   * True when `resolve(ref)` will not need the user: the SSO sign-in is valid or refreshable, the token
   * file is there, the process runs by itself. Pasted tokens and SAML assertions only while they last.
   */
  async canRefreshSilently(ref: SourceRef): Promise<boolean> {
    const now = this.clock();
    switch (ref.type) {
      case 'sso':
      case 'ssoRole': {
        let t: SsoTarget;
        if (ref.type === 'sso') {
          const p = (await this.profiles()).find((x): x is SsoProfile => x.name === ref.profile && x.kind === 'sso');
          if (!p) return false;
          t = ssoTarget(p);
        } else t = { ssoSession: ref.ssoSession, startUrl: ref.startUrl, ssoRegion: ref.ssoRegion };
        const st = await ssoTokenState(t, { home: this.home, clock: this.clock });
        return st.refreshable || (st.validUntil !== undefined && st.validUntil.getTime() - now.getTime() > 60_000);
      }
      case 'process':
        return true;
      case 'webIdentity': {
        if (ref.tokenFile) return true;
        const token = ref.secretHandle ? this.secrets.get(ref.secretHandle) : undefined;
        const exp = token ? jwtFacts(token)?.expiresAt : undefined;
        return Boolean(token && (!exp || exp.getTime() > now.getTime() + 60_000));
      }
      case 'saml':
        return false;
    }
  }

  /** When the sign-in behind an SSO ref ends (status tooltip), if known. */
  async ssoSignInValidUntil(ref: SourceRef): Promise<Date | undefined> {
    if (ref.type !== 'sso' && ref.type !== 'ssoRole') return undefined;
    const p = ref.type === 'sso' ? (await this.profiles()).find((x): x is SsoProfile => x.name === ref.profile && x.kind === 'sso') : undefined;
    const t = p ? ssoTarget(p) : ref.type === 'ssoRole' ? { ssoSession: ref.ssoSession, startUrl: ref.startUrl, ssoRegion: ref.ssoRegion } : undefined;
    return t ? (await ssoTokenState(t, { home: this.home, clock: this.clock })).validUntil : undefined;
  }

  /** The brief's interface: credentials now, plus how they stay fresh. */
  async resolveSource(ref: SourceRef, o: ResolveOptions = {}): Promise<ResolvedSourceSession> {
    const c = await this.resolve(ref, o);
    return { ...c, expiration: c.credentials.expiration, canRefreshSilently: await this.canRefreshSilently(ref), refresh: () => this.resolveSource(ref, o) };
  }

  /**
   * Credentials of one of these profiles for signing another call (Assume Role with an SSO or
   * credential_process profile as the source); undefined when the profile is none of them.
   * Long-term keys from a credential_process are fine here.
   */
  async profileCredentials(name: string): Promise<{ credentials: AwsCredentialIdentity; text: string; region?: string; roleSession: boolean } | undefined> {
    const p = (await this.profiles()).find((x) => x.name === name);
    if (!p) return undefined;
    if (p.kind === 'process') {
      if (this.inWorkspace(p.file)) throw new StsLensError({ code: 'NoSourceCredentials', message: `The AWS config file ${p.file} is inside the workspace; its credential_process is not run.`, nextStep: 'Move the profile to your own ~/.aws/config.', retryable: false });
      const c = await runCredentialProcess(p.name, p.command, { timeoutMs: this.deps.processTimeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS, now: this.clock });
      this.deps.addSecret?.(c.secretAccessKey);
      this.deps.addSecret?.(c.sessionToken);
      return { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration }, text: `credential_process of profile ${p.name}`, region: p.region, roleSession: false };
    }
    const ref: SourceRef = p.kind === 'sso' ? { type: 'sso', profile: p.name } : { type: 'webIdentity', profile: p.name, roleArn: p.roleArn, roleSessionName: p.roleSessionName ?? 'sts-lens', durationSeconds: p.durationSeconds, tokenFile: p.tokenFile };
    const c = await this.resolve(ref);
    return { credentials: { ...c.credentials }, text: c.sourceText, region: c.region, roleSession: true };
  }
}

export function ssoTarget(p: SsoProfile): SsoTarget {
  return { ssoSession: p.ssoSession, startUrl: p.startUrl, ssoRegion: p.ssoRegion, scopes: p.scopes };
}

function expandHome(file: string, home: string): string {
  return file.startsWith('~/') ? `${home}/${file.slice(2)}` : file;
}

export type { DeviceAuthorizationPrompt } from './ssoFlow';
