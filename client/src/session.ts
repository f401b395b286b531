/** What the client holds about one set of temporary credentials. Pure data, no vscode. */

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** How a session was obtained: decides what it can do (GetSessionToken creds cannot open the console). */
export type SessionKind = 'AssumeRole' | 'GetSessionToken' | SourceSessionKind;

/** Sessions whose credentials come straight from a source (client/src/sources). */
export type SourceSessionKind = 'SSO' | 'CredentialProcess' | 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML';

/** Kinds whose credentials are a role session: a role assumed with them is role chaining. */
export function isRoleSessionKind(kind: SessionKind): boolean {
  return kind === 'AssumeRole' || kind === 'SSO' || kind === 'AssumeRoleWithWebIdentity' || kind === 'AssumeRoleWithSAML';
}

/** Where the source credentials of a call came from. */
export type SourceSpec =
  | { type: 'chain' }
  | { type: 'profile'; profile: string }
  | { type: 'session'; sessionId: string };

export interface AssumeRoleRequest {
  kind: 'AssumeRole';
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  externalId?: string;
  serialNumber?: string;
  /** Session policy JSON (already validated). */
  policy?: string;
  source: SourceSpec;
  /** The profile the role came from, when picked from ~/.aws/config. */
  profile?: string;
  /** The region of the call and of the session (the profile's `region`, or the one picked); else the setting. */
  region?: string;
}

export interface GetSessionTokenRequest {
  kind: 'GetSessionToken';
  durationSeconds?: number;
  serialNumber?: string;
  source: SourceSpec;
}

/**
 * A source that yields credentials by itself (client/src/sources). Pasted tokens and SAML assertions are
 * not in here: they stay in memory (`secretHandle`) and are not persisted.
 */
export type SourceRef =
  | { type: 'sso'; profile: string }
  | { type: 'ssoRole'; ssoSession?: string; startUrl: string; ssoRegion: string; accountId: string; roleName: string }
  | { type: 'process'; profile: string }
  | { type: 'webIdentity'; roleArn: string; roleSessionName: string; durationSeconds?: number; tokenFile?: string; profile?: string; secretHandle?: string }
  | { type: 'saml'; roleArn: string; principalArn: string; durationSeconds?: number; secretHandle?: string };

export interface SourceSessionRequest {
  kind: 'Source';
  source: SourceRef;
  /** Never set: a source asks for its own second factor (browser sign-in, the process). */
  serialNumber?: undefined;
}

/** Everything needed to repeat a call on refresh, except the MFA code (asked again when needed). */
export type SessionRequest = AssumeRoleRequest | GetSessionTokenRequest | SourceSessionRequest;

export interface Session {
  id: string;
  /** Short name for the status bar: the role name or the profile name. */
  label: string;
  kind: SessionKind;
  credentials: TemporaryCredentials;
  request: SessionRequest;
  /** The assumed-role ARN (`arn:aws:sts::123:assumed-role/deploy/me`) or the role ARN. */
  arn?: string;
  account?: string;
  sessionName?: string;
  /** Human text of the source: "default credential chain", "profile dev", "session deploy". */
  sourceText: string;
  /** True when the source credentials were themselves a role session (role chaining, 1 h cap). */
  chained: boolean;
  /** Why the session counts as chained, for messages. */
  chainedVia?: string;
  region: string;
  endpoint?: string;
  createdAt: Date;
}

/** `arn:aws:iam::123456789012:role/path/deploy` -> `deploy`; any other text is returned as is. */
export function roleNameFromArn(arn: string): string {
  // What follows the last `/`, when `:role/` comes before it: by hand, since the search
  // `:role\/(?:.*\/)?([^/]+)$` backtracks on `:role/` repeated.
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return arn.includes(':role/') && name !== '' ? name : arn;
}

/** The account id of an ARN, when it has one (Ceph ARNs have none). */
export function accountFromArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account ? account : undefined;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`, ...), or undefined. */
export function partitionFromArn(arn: string | undefined): string | undefined {
  const m = /^arn:([^:]+):/.exec(arn ?? '');
  return m?.[1];
}

/** Seconds left before expiry (negative once expired). */
export function secondsLeft(session: Pick<Session, 'credentials'>, now: Date): number {
  return Math.floor((session.credentials.expiration.getTime() - now.getTime()) / 1000);
}

export function isExpired(session: Pick<Session, 'credentials'>, now: Date): boolean {
  return session.credentials.expiration.getTime() <= now.getTime();
}
