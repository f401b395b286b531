/**
 * The credential service: sessions (several held, one active), AssumeRole / GetSessionToken /
 * GetCallerIdentity over an injected STS client factory, role-chaining detection and its one-hour cap,
 * and errors mapped to plain messages. No vscode import: the extension drives it, tests drive it with a
 * mocked or a real (Ceph RGW) STS.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ROLE_CHAINING_MAX, humanDuration } from '../../server/src/analysis/limits';
import { configFilePath, credentialsFilePath, readProfiles, roleChainOf, type Env } from './awsFiles';
import { mapStsError, StsLensError, type ErrorContext } from './errors';
import { defaultStsClientFactory, endpointUsedBy } from './stsClientFactory';
import type { RedactingLogger } from './logger';
import type { SourceRegistry, ResolveOptions } from './sources';
import { MFA_SESSION_SECONDS, type MfaSessionCache } from './sources/mfaSession';
import {
  accountFromArn,
  isExpired,
  isRoleSessionKind,
  roleNameFromArn,
  type AssumeRoleRequest,
  type GetSessionTokenRequest,
  type Session,
  type SessionRequest,
  type SourceRef,
  type SourceSpec,
  type TemporaryCredentials,
} from './session';
import {
  checkDuration,
  checkExternalId,
  checkRoleArn,
  checkRoleSessionName,
  checkSerialNumber,
  checkSessionPolicy,
  checkTokenCode,
  corePolicyAnalyzer,
  type Check,
  type PolicyAnalyzer,
} from './validation';

export type Clock = () => Date;

export interface StsClientOptions {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** Anything with the STSClient `send`; tests pass STSClient instances mocked by aws-sdk-client-mock. */
export type StsClientFactory = (options: StsClientOptions) => Pick<STSClient, 'send'>;

export { defaultStsClientFactory };


export interface ResolvedSource {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** "default credential chain", "profile dev". */
  text: string;
  /** Set when the source is a role session (role chaining), with the reason. */
  chainedVia?: string;
  region?: string;
}

/** Resolves chain and profile sources; `session` sources are resolved by the service itself. */
export type SourceResolver = (spec: Exclude<SourceSpec, { type: 'session' }>) => Promise<ResolvedSource>;

/**
 * Source credentials from the SDK's standard chain or a named profile, honouring AWS_CONFIG_FILE etc.
 * IAM Identity Center, credential_process and web identity profiles go through `sources` when given
 * (CLI-shared SSO cache, the process run without a shell).
 */
export function defaultSourceResolver(env: Env = process.env, sources?: SourceRegistry): SourceResolver {
  return async (spec) => {
    if (spec.type === 'profile' && sources) {
      const own = await sources.profileCredentials(spec.profile);
      if (own) return { credentials: own.credentials, text: own.text, region: own.region, chainedVia: own.roleSession ? `the source is the role session of ${own.text}` : undefined };
    }
    const { fromIni, fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const files = { filepath: credentialsFilePath(env), configFilepath: configFilePath(env) };
    if (spec.type === 'chain') {
      const profile = env.AWS_PROFILE;
      const profiles = profile ? await readProfiles(env).catch(() => []) : [];
      return {
        credentials: fromNodeProviderChain({ ...files, ignoreCache: true }),
        text: profile ? `default credential chain (AWS_PROFILE=${profile})` : 'default credential chain',
        chainedVia: profile ? roleChainOf(profile, profiles) : undefined,
      };
    }
    const profiles = await readProfiles(env).catch(() => []);
    return {
      credentials: fromIni({ profile: spec.profile, ...files, ignoreCache: true }),
      text: `profile ${spec.profile}`,
      chainedVia: roleChainOf(spec.profile, profiles),
      region: profiles.find((p) => p.name === spec.profile)?.region,
    };
  };
}

export interface ServiceSettings {
  /** stsLens.region; empty = the source profile's region, else us-east-1. */
  region?: string;
  /** stsLens.stsEndpoint: a regional endpoint or a custom URL (S3-compatible STS servers). */
  endpoint?: string;
}

export interface CredentialServiceDeps {
  stsFactory?: StsClientFactory;
  resolveSource?: SourceResolver;
  clock?: Clock;
  settings?: () => ServiceSettings;
  policyAnalyzer?: PolicyAnalyzer;
  logger?: RedactingLogger;
  newId?: () => string;
  /**
   * Ask GetCallerIdentity whether temporary source credentials are a role session (role chaining)
   * when the configuration does not say. Ignored when the server does not implement it.
   */
  detectChainingByIdentity?: boolean;
  /** SSO, credential_process, web identity and SAML sessions (client/src/sources). */
  sources?: SourceRegistry;
  /** MFA once per source and device: roles needing MFA are assumed with the cached MFA session. */
  mfaSessions?: MfaSessionCache;
}

export interface CallerIdentity {
  arn?: string;
  account?: string;
  userId?: string;
}

/** What the service knows about a source before any credentials are requested: the duration range. */
export interface SourcePreview {
  text: string;
  chainedVia?: string;
}

type Listener = () => void;

export const DEFAULT_REGION = 'us-east-1';

export class CredentialService {
  private readonly byId = new Map<string, Session>();
  private activeId: string | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly stsFactory: StsClientFactory;
  private readonly resolveSourceSpec: SourceResolver;
  private readonly clock: Clock;
  private readonly settings: () => ServiceSettings;
  private readonly policyAnalyzer: PolicyAnalyzer;
  private readonly newId: () => string;
  private counter = 0;

  constructor(private readonly deps: CredentialServiceDeps = {}) {
    this.stsFactory = deps.stsFactory ?? defaultStsClientFactory;
    this.resolveSourceSpec = deps.resolveSource ?? defaultSourceResolver();
    this.clock = deps.clock ?? (() => new Date());
    this.settings = deps.settings ?? (() => ({}));
    this.policyAnalyzer = deps.policyAnalyzer ?? corePolicyAnalyzer;
    this.newId = deps.newId ?? (() => `s${Date.now().toString(36)}${(this.counter++).toString(36)}`);
  }

  // ---- sessions -------------------------------------------------------------------------------

  sessions(): Session[] {
    return [...this.byId.values()];
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  active(): Session | undefined {
    return this.activeId ? this.byId.get(this.activeId) : undefined;
  }

  setActive(id: string): void {
    if (!this.byId.has(id)) throw new Error(`No session ${id}.`);
    this.activeId = id;
    this.emit();
  }

  /** Removes a session; the most recent remaining one becomes active. */
  remove(id: string): void {
    if (!this.byId.delete(id)) return;
    if (this.activeId === id) this.activeId = this.sessions().at(-1)?.id;
    this.emit();
  }

  clear(): void {
    this.byId.clear();
    this.activeId = undefined;
    this.emit();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Adds (or replaces, same id) a session and makes it active. */
  add(session: Session): void {
    this.byId.set(session.id, session);
    this.activeId = session.id;
    this.deps.logger?.addSecret(session.credentials.secretAccessKey);
    this.deps.logger?.addSecret(session.credentials.sessionToken);
    this.emit();
  }

  /** Replaces a held session's data (its region) without changing which session is active. */
  update(session: Session): void {
    if (!this.byId.has(session.id)) return;
    this.byId.set(session.id, session);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  // ---- persistence (the caller keeps the JSON in SecretStorage only) --------------------------

  serialize(): string {
    return JSON.stringify({ active: this.activeId, sessions: this.sessions() });
  }

  /** Restores sessions that have not expired; returns how many. */
  restore(json: string | undefined): number {
    if (!json) return 0;
    let data: { active?: string; sessions?: Session[] };
    try {
      data = JSON.parse(json) as typeof data;
    } catch {
      return 0;
    }
    const now = this.clock();
    let n = 0;
    for (const raw of data.sessions ?? []) {
      const s: Session = { ...raw, credentials: { ...raw.credentials, expiration: new Date(raw.credentials.expiration) }, createdAt: new Date(raw.createdAt) };
      if (isExpired(s, now) || !s.credentials.secretAccessKey) continue;
      this.byId.set(s.id, s);
      this.deps.logger?.addSecret(s.credentials.secretAccessKey);
      this.deps.logger?.addSecret(s.credentials.sessionToken);
      n++;
    }
    this.activeId = data.active && this.byId.has(data.active) ? data.active : this.sessions().at(-1)?.id;
    if (n) this.emit();
    return n;
  }

  // ---- sources --------------------------------------------------------------------------------

  /** Resolves a source and whether it makes a role chain, without calling STS for new credentials. */
  async resolveSource(spec: SourceSpec): Promise<ResolvedSource> {
    if (spec.type === 'session') {
      const s = this.byId.get(spec.sessionId);
      if (!s) throw this.validation('source', 'The source session no longer exists.');
      if (isExpired(s, this.clock())) throw new StsLensError({ code: 'ExpiredToken', message: `The source session ${s.label} has expired.`, nextStep: 'Refresh it first.', retryable: false });
      return {
        credentials: toIdentity(s.credentials),
        text: `session ${s.label}`,
        chainedVia: isRoleSessionKind(s.kind) ? `the source is the role session ${s.arn ?? s.label}` : undefined,
        region: s.region,
      };
    }
    const resolved = await this.resolveSourceSpec(spec);
    if (resolved.chainedVia || this.deps.detectChainingByIdentity === false) return resolved;
    // Temporary keys from env or a profile may be a role session the config does not show.
    try {
      const creds = typeof resolved.credentials === 'function' ? await resolved.credentials() : resolved.credentials;
      const fixed = { ...resolved, credentials: creds };
      if (!creds.sessionToken) return fixed;
      const id = await this.callerIdentityWith(creds, resolved.region);
      if (id.arn && /:assumed-role\//.test(id.arn)) return { ...fixed, chainedVia: `the source credentials are the role session ${id.arn}` };
      return fixed;
    } catch (e) {
      // Detection is best effort (Ceph RGW has no GetCallerIdentity); only fatal source problems stop here.
      const problem = mapStsError(e, { operation: 'GetCallerIdentity', region: this.region(resolved.region) });
      if (problem.code === 'ExpiredToken' || problem.code === 'InvalidCredentials' || problem.code === 'NoSourceCredentials') throw new StsLensError(problem);
      this.deps.logger?.info(`Role-chaining check skipped: ${problem.code}`);
      return resolved;
    }
  }

  // ---- calls ----------------------------------------------------------------------------------

  /** Validates and assumes a role; the new session becomes active. */
  async assumeRole(req: AssumeRoleRequest, tokenCode?: string, replaceId?: string): Promise<Session> {
    const endpoint = this.settings().endpoint;
    const cachedMfa = req.serialNumber !== undefined && !tokenCode ? this.deps.mfaSessions?.get(req.source, req.serialNumber) : undefined;
    this.throwIf(
      checkRoleArn(req.roleArn, Boolean(endpoint)),
      checkRoleSessionName(req.roleSessionName),
      req.externalId !== undefined ? checkExternalId(req.externalId) : undefined,
      req.serialNumber !== undefined ? checkSerialNumber(req.serialNumber) : undefined,
      req.serialNumber !== undefined && !cachedMfa ? checkTokenCode(tokenCode ?? '') : undefined,
      req.durationSeconds !== undefined ? checkDuration('AssumeRole', req.durationSeconds) : undefined,
    );
    const source = await this.resolveSource(req.source);
    const chained = Boolean(source.chainedVia);
    if (chained && req.durationSeconds !== undefined && req.durationSeconds > ROLE_CHAINING_MAX) {
      throw new StsLensError({
        code: 'ChainedDurationTooLong',
        message: `Role chaining caps the session at ${humanDuration(ROLE_CHAINING_MAX)}: ${source.chainedVia}, and AWS allows at most ${ROLE_CHAINING_MAX} seconds for a role assumed with role credentials (asked: ${humanDuration(req.durationSeconds)}).`,
        nextStep: `Choose ${ROLE_CHAINING_MAX} seconds or less, or use long-term credentials as the source.`,
        retryable: false,
      });
    }
    let policy: string | undefined;
    if (req.policy !== undefined) {
      const check = await checkSessionPolicy(req.policy, this.policyAnalyzer);
      if (!check.ok) {
        throw new StsLensError({ code: 'Validation', message: `The session policy is invalid: ${check.problems.join(' ')}`, nextStep: 'Fix the policy and try again.', retryable: false });
      }
      policy = check.minified;
    }
    const region = req.region || this.region(source.region);
    // MFA once: a role that needs MFA is assumed with the MFA session of this source (GetSessionToken
    // with the code), which carries the MFA context; later refreshes reuse it without a new code.
    let signWith = source.credentials;
    let mfaParams = req.serialNumber !== undefined;
    let viaMfaSession = false;
    if (req.serialNumber !== undefined && this.deps.mfaSessions && !chained && req.source.type !== 'session') {
      let mfa = cachedMfa;
      if (!mfa && tokenCode) {
        mfa = await this.mfaSession(source, req.serialNumber, tokenCode, region, endpoint);
        this.deps.mfaSessions.set(req.source, req.serialNumber, mfa);
      }
      if (mfa) {
        signWith = toIdentity(mfa);
        mfaParams = false;
        viaMfaSession = true;
      }
    }
    const ctx: ErrorContext = { operation: 'AssumeRole', roleArn: req.roleArn, durationSeconds: req.durationSeconds, chained, externalId: Boolean(req.externalId), mfa: Boolean(req.serialNumber), region, temporarySource: req.source.type === 'session' || viaMfaSession || hasSessionToken(source.credentials) };
    const client = this.stsFactory({ region, endpoint, credentials: signWith });
    this.deps.logger?.info(`AssumeRole ${req.roleArn} as ${req.roleSessionName} (${req.durationSeconds ?? 'default'} s) from ${source.text}${chained ? ' [role chaining]' : ''}${viaMfaSession ? ' with the MFA session' : ''}`);
    let out;
    try {
      out = await client.send(
        new AssumeRoleCommand({
          RoleArn: req.roleArn,
          RoleSessionName: req.roleSessionName,
          DurationSeconds: req.durationSeconds,
          ExternalId: req.externalId,
          SerialNumber: mfaParams ? req.serialNumber : undefined,
          TokenCode: mfaParams && req.serialNumber ? tokenCode : undefined,
          Policy: policy,
        }),
      );
    } catch (e) {
      const problem = mapStsError(e, ctx);
      this.deps.logger?.warn(`AssumeRole failed: ${problem.code} (server code ${problem.serverCode ?? '-'}, HTTP ${problem.httpStatus ?? '-'})`);
      throw new StsLensError(problem);
    }
    const credentials = fromSdk(out.Credentials);
    const arn = out.AssumedRoleUser?.Arn ?? req.roleArn;
    const session: Session = {
      id: replaceId ?? this.newId(),
      label: req.profile ?? roleNameFromArn(req.roleArn),
      kind: 'AssumeRole',
      credentials,
      request: { ...req, policy },
      arn,
      account: accountFromArn(arn) ?? accountFromArn(req.roleArn),
      sessionName: req.roleSessionName,
      sourceText: source.text,
      chained,
      chainedVia: source.chainedVia,
      region,
      // the endpoint that really answered (AWS_ENDPOINT_URL_STS and profile endpoint_url included)
      endpoint: endpoint || endpointUsedBy(client),
      createdAt: this.clock(),
    };
    this.add(session);
    return session;
  }

  /** GetSessionToken (MFA optional); the new session becomes active. */
  async getSessionToken(req: GetSessionTokenRequest, tokenCode?: string, replaceId?: string): Promise<Session> {
    this.throwIf(
      req.serialNumber !== undefined ? checkSerialNumber(req.serialNumber) : undefined,
      req.serialNumber !== undefined ? checkTokenCode(tokenCode ?? '') : undefined,
      req.durationSeconds !== undefined ? checkDuration('GetSessionToken', req.durationSeconds) : undefined,
    );
    const source = await this.resolveSource(req.source);
    if (source.chainedVia) {
      throw new StsLensError({
        code: 'Validation',
        message: `GetSessionToken cannot be called with role credentials (${source.chainedVia}).`,
        nextStep: 'Choose a source with long-term IAM user credentials.',
        retryable: false,
      });
    }
    const region = this.region(source.region);
    const endpoint = this.settings().endpoint;
    const client = this.stsFactory({ region, endpoint, credentials: source.credentials });
    this.deps.logger?.info(`GetSessionToken (${req.durationSeconds ?? 'default'} s) from ${source.text}${req.serialNumber ? ' with MFA' : ''}`);
    let out;
    try {
      out = await client.send(new GetSessionTokenCommand({ DurationSeconds: req.durationSeconds, SerialNumber: req.serialNumber, TokenCode: req.serialNumber ? tokenCode : undefined }));
    } catch (e) {
      const problem = mapStsError(e, { operation: 'GetSessionToken', durationSeconds: req.durationSeconds, mfa: Boolean(req.serialNumber), region });
      this.deps.logger?.warn(`GetSessionToken failed: ${problem.code} (server code ${problem.serverCode ?? '-'}, HTTP ${problem.httpStatus ?? '-'})`);
      throw new StsLensError(problem);
    }
    const label = req.source.type === 'profile' ? `${req.source.profile} (token)` : 'session token';
    const session: Session = {
      id: replaceId ?? this.newId(),
      label,
      kind: 'GetSessionToken',
      credentials: fromSdk(out.Credentials),
      request: req,
      sourceText: source.text,
      chained: false,
      region,
      // the endpoint that really answered (AWS_ENDPOINT_URL_STS and profile endpoint_url included)
      endpoint: endpoint || endpointUsedBy(client),
      createdAt: this.clock(),
    };
    this.add(session);
    return session;
  }

  /** GetCallerIdentity for a held session, or for a source. */
  async getCallerIdentity(target: { sessionId: string } | SourceSpec): Promise<CallerIdentity> {
    if ('sessionId' in target && !('type' in target)) {
      const s = this.byId.get(target.sessionId);
      if (!s) throw this.validation('session', 'The session no longer exists.');
      return this.callerIdentityWith(toIdentity(s.credentials), s.region);
    }
    const source = await this.resolveSource(target as SourceSpec);
    return this.callerIdentityWith(source.credentials, source.region);
  }

  private async callerIdentityWith(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, regionHint?: string): Promise<CallerIdentity> {
    const region = this.region(regionHint);
    const client = this.stsFactory({ region, endpoint: this.settings().endpoint, credentials });
    try {
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { arn: out.Arn, account: out.Account, userId: out.UserId };
    } catch (e) {
      throw new StsLensError(mapStsError(e, { operation: 'GetCallerIdentity', region }));
    }
  }

  /** True when refreshing the session needs a new MFA code (none cached for its source and device). */
  needsMfa(id: string): boolean {
    const req = this.byId.get(id)?.request;
    if (!req?.serialNumber) return false;
    return !(req.kind === 'AssumeRole' && this.deps.mfaSessions?.get(req.source, req.serialNumber));
  }

  /** GetSessionToken with the MFA code, for the MFA session cache (not held as a session of its own). */
  private async mfaSession(source: ResolvedSource, serialNumber: string, tokenCode: string, region: string, endpoint: string | undefined): Promise<TemporaryCredentials> {
    const client = this.stsFactory({ region, endpoint, credentials: source.credentials });
    this.deps.logger?.info(`GetSessionToken with MFA from ${source.text} (MFA session for later role refreshes)`);
    try {
      const out = await client.send(new GetSessionTokenCommand({ DurationSeconds: MFA_SESSION_SECONDS, SerialNumber: serialNumber, TokenCode: tokenCode }));
      return fromSdk(out.Credentials);
    } catch (e) {
      const problem = mapStsError(e, { operation: 'GetSessionToken', durationSeconds: MFA_SESSION_SECONDS, mfa: true, region });
      this.deps.logger?.warn(`GetSessionToken (MFA session) failed: ${problem.code} (server code ${problem.serverCode ?? '-'}, HTTP ${problem.httpStatus ?? '-'})`);
      throw new StsLensError(problem);
    }
  }

  /** A session straight from a source (SSO, credential_process, web identity, SAML); it becomes active. */
  async startFromSource(ref: SourceRef, o: ResolveOptions = {}, replaceId?: string): Promise<Session> {
    if (!this.deps.sources) throw this.validation('source', 'No source registry is configured.');
    const c = await this.deps.sources.resolve(ref, o);
    const session: Session = {
      id: replaceId ?? this.newId(),
      label: c.label,
      kind: c.kind,
      credentials: c.credentials,
      request: { kind: 'Source', source: ref },
      arn: c.arn,
      account: c.account,
      sessionName: c.sessionName,
      sourceText: c.sourceText,
      chained: false,
      region: this.region(c.region),
      endpoint: this.settings().endpoint,
      createdAt: this.clock(),
    };
    this.add(session);
    return session;
  }

  /**
   * True when `refresh(id)` needs nothing from the user: no MFA code (or a cached MFA session), and a
   * source that renews by itself (a valid or refreshable SSO sign-in, a token file, long-term keys).
   */
  async canRefreshSilently(id: string): Promise<boolean> {
    const s = this.byId.get(id);
    if (!s) return false;
    if (this.needsMfa(id)) return false;
    const req = s.request;
    if (req.kind === 'Source') return this.deps.sources ? this.deps.sources.canRefreshSilently(req.source) : false;
    if (req.source.type === 'session') {
      const src = this.byId.get(req.source.sessionId);
      return Boolean(src && !isExpired(src, this.clock()));
    }
    if (req.source.type === 'profile' && this.deps.sources) {
      const p = (await this.deps.sources.profiles().catch(() => [])).find((x) => x.name === (req.source as { profile: string }).profile);
      if (p?.kind === 'sso') return this.deps.sources.canRefreshSilently({ type: 'sso', profile: p.name });
    }
    return true;
  }

  /** Repeats the call that made the session; the session keeps its id (and stays active if it was). */
  async refresh(id: string, tokenCode?: string, prompt?: ResolveOptions): Promise<Session> {
    const s = this.byId.get(id);
    if (!s) throw this.validation('session', 'The session no longer exists.');
    const previousActive = this.activeId;
    const req: SessionRequest = s.request;
    const next =
      req.kind === 'AssumeRole' ? await this.assumeRole(req, tokenCode, id) : req.kind === 'Source' ? await this.startFromSource(req.source, prompt ?? {}, id) : await this.getSessionToken(req, tokenCode, id);
    // refreshing a background session must not steal the status bar
    if (previousActive && previousActive !== id && this.byId.has(previousActive)) {
      this.activeId = previousActive;
      this.emit();
    }
    return next;
  }

  region(hint?: string): string {
    return this.settings().region || hint || DEFAULT_REGION;
  }

  private validation(field: string, message: string): StsLensError {
    return new StsLensError({ code: 'Validation', message, nextStep: `Correct ${field} and try again.`, retryable: false });
  }

  private throwIf(...checks: Check[]): void {
    const problems = checks.filter((c): c is NonNullable<Check> => c !== undefined);
    if (problems.length) {
      throw new StsLensError({ code: 'Validation', message: problems.map((p) => p.message).join(' '), nextStep: 'Correct the input; nothing was sent to STS.', retryable: false });
    }
  }
}

function fromSdk(c: Credentials | undefined): TemporaryCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new StsLensError({ code: 'Unknown', message: 'STS answered without complete credentials.', nextStep: 'Retry; if it persists, check the STS endpoint setting.', retryable: true });
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
}

function hasSessionToken(c: AwsCredentialIdentity | AwsCredentialIdentityProvider): boolean {
  return typeof c !== 'function' && Boolean(c.sessionToken);
}

export function toIdentity(c: TemporaryCredentials): AwsCredentialIdentity {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
}
