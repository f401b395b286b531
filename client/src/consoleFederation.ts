/**
 * The AWS console federation sign-in ("custom identity broker"): `getSigninToken` with the session JSON
 * and SessionDuration, then the `login` URL with Issuer and Destination. Pure except for the injected
 * fetch. Limits from the core (CONSOLE_SESSION_DURATION); refusals follow the AWS doc "Enable custom
 * identity broker access to the AWS console".
 */
import { CONSOLE_SESSION_DURATION } from '../../server/src/analysis/limits';
import { federationRefusalForIssuer } from './consolePolicy';
import { partitionFromArn, type Session } from './session';

interface PartitionHosts {
  signin: string;
  console: string;
}

const HOSTS: Record<string, PartitionHosts> = {
  aws: { signin: 'signin.aws.amazon.com', console: 'console.aws.amazon.com' },
  'aws-cn': { signin: 'signin.amazonaws.cn', console: 'console.amazonaws.cn' },
  'aws-us-gov': { signin: 'signin.amazonaws-us-gov.com', console: 'console.amazonaws-us-gov.com' },
};

/** The partition of a session: its ARN's partition, else the region's prefix. */
export function partitionOf(arn: string | undefined, region: string | undefined): string {
  const fromArn = partitionFromArn(arn);
  if (fromArn) return fromArn;
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function signinHosts(partition: string): PartitionHosts | undefined {
  return HOSTS[partition];
}

/** Why a session cannot open the console, or undefined when it can. */
export function consoleRefusal(session: Pick<Session, 'kind' | 'chained' | 'chainedVia' | 'arn' | 'region' | 'endpoint'>): string | undefined {
  if (session.kind === 'GetSessionToken') {
    return 'Credentials from GetSessionToken cannot sign in to the console: the federation endpoint accepts only AssumeRole (or GetFederationToken) credentials. Assume a role first, then open the console.';
  }
  // A chained role session signs in too: getSigninToken is then sent without SessionDuration (signinTokenUrl).
  const partition = partitionOf(session.arn, session.region);
  if (!HOSTS[partition]) return `The console sign-in for partition ${partition} is not supported (only aws, aws-cn, aws-us-gov).`;
  return federationRefusalForIssuer(session, partition);
}

export interface FederationOptions {
  /** Console session length, 900..43200 (setting stsLens.console.sessionDuration). */
  sessionDuration: number;
  /** Where the console opens (setting stsLens.console.destination); default the partition's console home. */
  destination?: string;
  /** The Issuer parameter: the page users go to when the console session expires. */
  issuer?: string;
  /** Overrides `https://<signin host>/federation` (tests use a local server). */
  federationEndpoint?: string;
}

export function federationEndpoint(session: Pick<Session, 'arn' | 'region'>, override?: string): string {
  if (override) return override;
  const hosts = HOSTS[partitionOf(session.arn, session.region)] ?? HOSTS.aws!;
  return `https://${hosts.signin}/federation`;
}

/** The getSigninToken request URL. Contains the credentials: never log it. */
export function signinTokenUrl(session: Pick<Session, 'credentials' | 'arn' | 'region'> & { chained?: boolean }, opts: FederationOptions): string {
  const d = opts.sessionDuration;
  if (!session.chained && (!Number.isInteger(d) || d < CONSOLE_SESSION_DURATION.min || d > CONSOLE_SESSION_DURATION.max)) {
    throw new RangeError(`The console SessionDuration must be ${CONSOLE_SESSION_DURATION.min}..${CONSOLE_SESSION_DURATION.max} seconds (got ${d}).`);
  }
  const sessionJson = JSON.stringify({
    sessionId: session.credentials.accessKeyId,
    sessionKey: session.credentials.secretAccessKey,
    sessionToken: session.credentials.sessionToken,
  });
  // AWS rejects SessionDuration for a role-chained session (the console session then lasts until the
  // role session's own expiry, at most 1 h); for every other session it sets the console session length.
  const q = new URLSearchParams({ Action: 'getSigninToken', ...(session.chained ? {} : { SessionDuration: String(d) }), Session: sessionJson });
  return `${federationEndpoint(session, opts.federationEndpoint)}?${q.toString()}`;
}

/** The login URL that opens the console with a sign-in token. */
export function loginUrl(session: Pick<Session, 'arn' | 'region'>, signinToken: string, opts: FederationOptions): string {
  const hosts = HOSTS[partitionOf(session.arn, session.region)] ?? HOSTS.aws!;
  const destination = opts.destination || `https://${hosts.console}/`;
  const q = new URLSearchParams({ Action: 'login', Issuer: opts.issuer ?? 'https://github.com/sts-lens', Destination: destination, SigninToken: signinToken });
  return `${federationEndpoint(session, opts.federationEndpoint)}?${q.toString()}`;
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export class ConsoleFederationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleFederationError';
  }
}

/** Asks the federation endpoint for a sign-in token and returns the login URL (valid 15 minutes). */
export async function buildConsoleUrl(session: Session, opts: FederationOptions, fetchFn: FetchLike = fetch as unknown as FetchLike, timeoutMs = 10000): Promise<string> {
  const refusal = consoleRefusal(session);
  if (refusal) throw new ConsoleFederationError(refusal);
  const url = signinTokenUrl(session, opts);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let status: number;
  let body: string;
  try {
    const res = await fetchFn(url, { signal: ctrl.signal });
    status = res.status;
    body = await res.text();
  } catch (e) {
    throw new ConsoleFederationError(`The federation endpoint could not be reached (${(e as Error).name}). Check the network and retry.`);
  } finally {
    clearTimeout(timer);
  }
  if (status !== 200) {
    throw new ConsoleFederationError(
      status === 400 || status === 403
        ? `The federation endpoint refused the session (HTTP ${status}). ${session.chained ? 'The credentials may have expired' : `The credentials may have expired, or the session cannot use SessionDuration ${opts.sessionDuration}`}; refresh the session and retry.`
        : `The federation endpoint answered HTTP ${status}. Retry in a moment.`,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !token) throw new ConsoleFederationError('The federation endpoint answered without a SigninToken.');
  return loginUrl(session, token, opts);
}
